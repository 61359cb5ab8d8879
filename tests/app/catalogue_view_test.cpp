// Issue 16: the Catalogue page shows programs, terms, countries and products with their labels
// in the user's language (never ids), and empty pages say what they will hold and offer the
// action that fills them (EmptyState), to admins only.
#include "../core/world.h"
#include "api/state_json.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

using portal::testing::D;

// True when some item's label contains `text`.
bool Shows(App& app, const std::string& text) {
    for (const BridgeItem& item : app.bridge().items()) {
        if (item.label.find(text) != std::string::npos) return true;
    }
    return false;
}

class CataloguePage : public AppFrames {};

TEST_F(CataloguePage, ShowsLabelsInEnglish) {
    app_->OnLocationHash("#/catalogue");
    StartWithoutAccount(kMe);
    EXPECT_NE(Item("Catalogue"), nullptr);
    EXPECT_NE(Item("Extended Warranty"), nullptr);
    EXPECT_NE(Item("Available · replacement: Next business day"), nullptr);
    EXPECT_TRUE(Shows(*app_, "Customer success manager"));
    EXPECT_NE(Item("Video bar"), nullptr);
    EXPECT_NE(Item("United States"), nullptr);
    EXPECT_FALSE(Shows(*app_, "next-business-day"));
    EXPECT_FALSE(Shows(*app_, "success-manager"));
}

TEST_F(CataloguePage, ShowsLabelsInFrenchWithNoIdLeft) {
    UseFrench();
    app_->OnLocationHash("#/catalogue");
    StartWithoutAccount(kMe);
    for (const char* label : {"Garantie étendue", "Disponible · remplacement : Jour ouvré suivant",
                              "Barre vidéo", "États-Unis", "Allemagne"}) {
        EXPECT_NE(Item(label), nullptr) << label;
    }
    EXPECT_TRUE(Shows(*app_, "Responsable de la réussite client"));
    for (const char* id : {"next-business-day", "success-manager", "video-bar", "Germany"}) {
        EXPECT_FALSE(Shows(*app_, id)) << id;
    }
    EXPECT_EQ(Missing(), "");
}

class EmptyPages : public AppFrames {
  protected:
    void Open(const std::string& hash, const std::string& role = "admin") {
        account = world.Account(world.Parent("Northwind"));
        app_->OnLocationHash(hash);
        StartWithAccount(api::StateToJson(world.state).dump(), role);
        Frames();
    }
    portal::testing::World world;
    Id account = 0;
};

TEST_F(EmptyPages, RoomsSayWhatTheyHoldAndOfferToAddOne) {
    Open("#/rooms?account=7");
    EXPECT_NE(Item("This account has no room yet."), nullptr);
    EXPECT_TRUE(Shows(*app_, "Rooms are where licenses, devices, alerts and Insights live."));
    Click("Add your first room");
    EXPECT_NE(Item("Name"), nullptr) << "the Add room dialog opened";
}

TEST_F(EmptyPages, ReadOnlyMembersReadTheSentenceWithoutTheAction) {
    Open("#/rooms?account=7", "readonly");
    EXPECT_NE(Item("This account has no room yet."), nullptr);
    EXPECT_EQ(Item("Add your first room"), nullptr);
}

TEST_F(EmptyPages, DevicesOfferToPlaceOne) {
    Open("#/devices?account=7");
    EXPECT_NE(Item("No device in this account yet."), nullptr);
    Click("Place your first device");
    Frames();  // the dialog opens the frame after the click
    EXPECT_EQ(app_->state().devices_page.dialog, DeviceDialog::Add);
    EXPECT_TRUE(Shows(*app_, "As printed on the device")) << "the Add device dialog opened";
}

TEST_F(EmptyPages, ContractsLeadToTheCatalogue) {
    Open("#/orders?account=7");
    EXPECT_NE(Item("No service contract in this account yet."), nullptr);
    Click("See the catalogue");
    EXPECT_EQ(app_->state().route.page, Page::Catalogue);
}

TEST_F(EmptyPages, EveryEmptyPageIsInFrench) {
    UseFrench();
    Open("#/rooms?account=7");
    EXPECT_NE(Item("Ce compte n'a pas encore de salle."), nullptr);
    EXPECT_NE(Item("Ajouter votre première salle"), nullptr);
    for (const char* hash : {"#/rooms", "#/devices", "#/orders", "#/alerts", "#/insights",
                             "#/people", "#/catalogue"}) {
        app_->OnLocationHash(std::string(hash) + "?account=7");
        Frames();
    }
    EXPECT_EQ(Missing(), "");
}

}  // namespace
}  // namespace portal::app

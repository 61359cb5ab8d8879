// French is a full second language: every label a page draws in French mode has its French.
// The Translator remembers each English text it was asked for and had no French for; after
// drawing every page (and the Rooms dialogs) in French, that list must be empty.
#include "../core/world.h"
#include "api/state_json.h"
#include "app/widgets.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

using portal::testing::D;

TEST_F(AppFrames, EveryPageDrawnInFrenchHasNoEnglishLeft) {
    portal::testing::World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id room = world.Room(account, "Salle Étoile");
    world.Room(account, "Opéra");
    world.Device(account, "SN-1", room, D("2026-01-10"));
    Id contract = world.Contract(account, "SELECT-3Y", 4, D("2026-06-01"));
    ASSERT_TRUE(world.Do(Action::Assign(room, contract), D("2026-06-02")).ok());
    platform_.settings["portal.language"] = "fr";
    transport_.pending.clear();  // the first app's requests: it goes away
    app_ = std::make_unique<App>(transport_, platform_);
    app_->state().fonts = fonts_;
    app_->bridge().Attach(context_);
    StartWithAccount(api::StateToJson(world.state).dump());
    ASSERT_TRUE(app_->state().tr.french());

    for (const char* hash :
         {"#/overview", "#/orders", "#/rooms", "#/devices", "#/insights", "#/alerts", "#/support",
          "#/support-queue", "#/people", "#/intake", "#/catalogue", "#/nowhere"}) {
        app_->OnLocationHash(std::string(hash) + "?account=7");
        Frames();
    }
    app_->OnLocationHash("#/rooms/" + std::to_string(room) + "?account=7");
    Frames();
    Click("Attribuer une licence");
    Frames();
    Press(ImGuiKey_Escape);
    Click("Ajouter une salle");
    Press(ImGuiKey_Escape);
    Click("Importer des salles");
    Press(ImGuiKey_Escape);
    Click("Sélectionner Opéra");
    Click("Attribuer une licence");
    Press(ImGuiKey_Escape);
    app_->SignOut();
    Frames();
    EXPECT_NE(Item("Se connecter"), nullptr);

    std::string missing;
    for (const std::string& text : app_->state().tr.missing()) missing += "\n  " + text;
    EXPECT_TRUE(missing.empty()) << "labels without French:" << missing;
}

// The French table has no English left in it by mistake, and no label twice.
TEST(Translations, EveryEntryHasItsOwnFrench) {
    std::set<std::string> seen;
    for (std::span<const TextPair> table : AllViewTexts()) {
        for (const TextPair& pair : table) {
            EXPECT_NE(std::string(pair.fr), "") << pair.en;
            seen.insert(pair.en);
        }
    }
    EXPECT_GT(seen.size(), 100u);
}

}  // namespace
}  // namespace portal::app

namespace portal::app {
namespace {

// Issue 19: a full disk answers 503 storage_unavailable with an English sentence; the app says
// it in the user's language, and that it keeps trying.
TEST(Translations, AStorageOutageIsToldInTheUsersLanguage) {
    api::ApiError error;
    error.status = 503;
    error.code = "storage_unavailable";
    error.message = "The server's storage is full, failing or restarting.";
    Translator tr;
    tr.set_language(Language::French);
    std::string text = DescribeFailure(tr, api::Failure::Http, error);
    EXPECT_NE(text.find("stockage du serveur est plein"), std::string::npos) << text;
    EXPECT_NE(text.find("le portail réessaie"), std::string::npos) << text;
    tr.set_language(Language::English);
    EXPECT_NE(DescribeFailure(tr, api::Failure::Http, error).find("try again in a minute"),
              std::string::npos);
}

}  // namespace
}  // namespace portal::app

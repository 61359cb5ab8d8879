// The Rooms page, headless: the table from the account's state, the engine's verdict before any
// request, what is sent when the user confirms, bulk assign with its preview, read-only users,
// import and export.
#include <imgui_internal.h>

#include "../core/world.h"
#include "api/state_json.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

using portal::testing::D;

class RoomsView : public AppFrames {
  protected:
    void SetUp() override {
        AppFrames::SetUp();
        account = world.Account(world.Parent("Northwind"));
        boardroom = world.Room(account, "Boardroom");
        huddle = world.Room(account, "Huddle");
        atrium = world.Room(account, "Atrium");
        world.Device(account, "SN-RALLY-1", huddle, D("2026-01-10"));
        contract = world.Contract(account, "SELECT-3Y", 2, D("2026-06-01"));
        ASSERT_TRUE(world.Do(Action::Assign(boardroom, contract), D("2026-06-02")).ok());
    }
    void Open(const std::string& role = "admin", const std::string& hash = "#/rooms?account=7") {
        app_->OnLocationHash(hash);
        StartWithAccount(api::StateToJson(world.state).dump(), role);
        Frames();
    }
    std::string PoNumber() { return world.contract(contract).po_number; }
    std::string ContractLabel(int free) {
        return PoNumber() + " · Select · " + std::to_string(free) + " free";
    }

    portal::testing::World world;
    Id account = 0, boardroom = 0, huddle = 0, atrium = 0, contract = 0;
};

TEST_F(RoomsView, TheTableShowsEveryRoomWithItsLicenses) {
    Open();
    EXPECT_NE(Item("3 rooms"), nullptr);
    for (const char* name : {"Boardroom", "Huddle", "Atrium"})
        EXPECT_NE(Item(name), nullptr) << name;
    EXPECT_NE(Item("Export CSV"), nullptr);
    EXPECT_TRUE(Item("Add room")->enabled);
    Type("Search", "hud");
    EXPECT_NE(Item("1 of 3 rooms"), nullptr);
    EXPECT_EQ(Item("Boardroom"), nullptr);
    EXPECT_NE(Item("Huddle"), nullptr);
}

// R-ROOM-1: the engine says at once that the room already holds a Select license; nothing is
// sent.
TEST_F(RoomsView, ARefusedAssignmentShowsTheRuleBeforeAnyRequest) {
    Open("admin", "#/rooms/" + std::to_string(boardroom) + "?account=7");
    Click("Assign license");
    Click(ContractLabel(1));
    const BridgeItem* assign = Item("Assign");
    ASSERT_NE(assign, nullptr);
    EXPECT_FALSE(assign->enabled);
    bool shown = false;
    for (const BridgeItem& item : app_->bridge().items()) {
        shown |= item.label.find("already holds an active Select license") != std::string::npos &&
                 item.label.find("(R-ROOM-1)") != std::string::npos;
    }
    EXPECT_TRUE(shown) << "the refusal's sentence and rule";
    EXPECT_EQ(Request("/api/v1/rooms/" + std::to_string(boardroom) + "/licenses"), nullptr);
}

TEST_F(RoomsView, AnAcceptedAssignmentIsSentThenTheAccountReloads) {
    Open("admin", "#/rooms/" + std::to_string(huddle) + "?account=7");
    EXPECT_NE(Item("SN-RALLY-1 · Rally Bar"), nullptr) << "the room's devices";
    Click("Assign license");
    Click(ContractLabel(1));
    EXPECT_NE(Item("Will assign a Select license of " + PoNumber() + " to Huddle."), nullptr);
    Click("Assign");
    std::string path = "/api/v1/rooms/" + std::to_string(huddle) + "/licenses";
    const auto* sent = Request(path, "POST");
    ASSERT_NE(sent, nullptr);
    EXPECT_EQ(api::Json::parse(sent->request.body)["contractId"], contract);
    bool keyed = false;
    for (const auto& [name, value] : sent->request.headers) keyed |= name == "Idempotency-Key";
    EXPECT_TRUE(keyed) << "a retried assignment must not be made twice";
    transport_.Answer(path, 201, R"({"assignment":{}})");
    Frames();
    EXPECT_NE(Request("/api/v1/accounts/7/state"), nullptr) << "the balance is read again";
    EXPECT_EQ(Item("Assign"), nullptr) << "the dialog closed";
}

TEST_F(RoomsView, AServerRefusalKeepsTheDialogAndSaysWhy) {
    Open("admin", "#/rooms/" + std::to_string(huddle) + "?account=7");
    Click("Assign license");
    Click(ContractLabel(1));
    Click("Assign");
    transport_.Answer(
        "/api/v1/rooms/" + std::to_string(huddle) + "/licenses", 409,
        R"({"error":{"code":"no_free_license","message":"All 2 licenses are assigned.","details":{"rule":"R-ROOM-1"}}})");
    Frames();
    EXPECT_NE(Item("All 2 licenses are assigned. (R-ROOM-1)"), nullptr);
    EXPECT_NE(Item("Assign"), nullptr);
}

// Bulk assign: the preview plans each assignment after the ones before it (R-ROOM-1: one
// license left for two rooms).
TEST_F(RoomsView, BulkAssignPreviewsThenSendsOnlyWhatWillWork) {
    world.Room(account, "Zeta");
    Open();
    Click("Select Huddle");
    Click("Select Atrium");
    Click("Select Zeta");
    EXPECT_NE(Item("3 selected"), nullptr);
    Click("Assign license");
    Click(ContractLabel(1));
    EXPECT_NE(Item("Will work for 1 of 3 rooms."), nullptr);
    EXPECT_NE(Item("2 rooms will be refused:"), nullptr);
    Click("Assign to 1 room");
    int posts = 0;
    for (const auto& pending : transport_.pending) posts += pending.request.method == "POST";
    EXPECT_EQ(posts, 1) << "one request at a time, only for what will work";
}

// Issue 16 (R-ROOM-1): when nobody would get a license, the dialog says why for each room, in
// the user's language, and says plainly that nothing can be assigned.
TEST_F(RoomsView, BulkAssignToNoRoomListsEachRefusalWithItsRule) {
    Open();
    Click("Select Boardroom");
    Click("Assign license");
    Click(ContractLabel(1));
    EXPECT_NE(Item("Will work for 0 of 1 rooms."), nullptr);
    EXPECT_NE(Item("1 room will be refused:"), nullptr);
    bool listed = false;
    for (const BridgeItem& item : app_->bridge().items()) {
        listed |= item.label.rfind("Boardroom · ", 0) == 0 &&
                  item.label.find("already holds an active Select license") != std::string::npos &&
                  item.label.find("(R-ROOM-1)") != std::string::npos;
    }
    EXPECT_TRUE(listed) << "the room, the engine's sentence and its rule";
    EXPECT_NE(Item("No selected room can take a license of this contract: the reason for each "
                   "room is listed above."),
              nullptr);
    const BridgeItem* assign = Item("Assign to 0 rooms");
    ASSERT_NE(assign, nullptr);
    EXPECT_FALSE(assign->enabled);
}

TEST_F(RoomsView, BulkAssignRefusalsAreInFrench) {
    UseFrench();
    Open();
    Click("Sélectionner Boardroom");
    Click("Attribuer une licence");
    Click(PoNumber() + " · Select · 1 libre(s)");
    bool listed = false;
    for (const BridgeItem& item : app_->bridge().items()) {
        listed |= item.label.rfind("Boardroom · ", 0) == 0 &&
                  item.label.find("(R-ROOM-1)") != std::string::npos &&
                  item.label.find("already holds") == std::string::npos;
    }
    EXPECT_TRUE(listed) << "the engine's sentence in French";
    EXPECT_NE(Item("1 salle sera refusée :"), nullptr);
    ASSERT_NE(Item("Attribuer à 0 salles"), nullptr);
}

TEST_F(RoomsView, ReadOnlyMembersSeeDisabledControls) {
    Open("readonly", "#/rooms/" + std::to_string(boardroom) + "?account=7");
    for (const char* label :
         {"Add room", "Import rooms", "Assign license", "Unassign", "Move license"}) {
        const BridgeItem* item = Item(label);
        ASSERT_NE(item, nullptr) << label;
        EXPECT_FALSE(item->enabled) << label;
    }
    EXPECT_TRUE(Item("Export CSV")->enabled) << "reading is not changing";
}

TEST_F(RoomsView, ExportWritesTheRowsShownAsCsv) {
    Open();
    Click("Export CSV");
    ASSERT_EQ(platform_.downloads.size(), 1u);
    const std::string& csv = platform_.downloads[0].second;
    EXPECT_EQ(csv.rfind("name,site,country,capacity,devices,licenses,insights,alerts\r\n", 0), 0u)
        << csv;
    EXPECT_NE(csv.find("Boardroom,HQ,FR,8,0,Select,yes,yes"), std::string::npos) << csv;
    EXPECT_NE(csv.find("Huddle,HQ,FR,8,1,,no,no"), std::string::npos) << csv;
}

TEST_F(RoomsView, ImportSendsThePickedFileAsIs) {
    Open();
    Click("Import rooms");
    Click("Choose a CSV or JSON file…");
    ASSERT_TRUE(platform_.picker);
    platform_.picker("salles.csv", "nom;site;pays;capacité\r\nSalle Émeraude;Lyon;FR;6\r\n");
    Frames();
    Click("Import");
    const auto* sent = Request("/api/v1/accounts/7/rooms/import", "POST");
    ASSERT_NE(sent, nullptr);
    EXPECT_EQ(sent->request.body, "nom;site;pays;capacité\r\nSalle Émeraude;Lyon;FR;6\r\n");
    bool csv = false;
    for (const auto& [name, value] : sent->request.headers)
        csv |= name == "Content-Type" && value == "text/csv";
    EXPECT_TRUE(csv);
    transport_.Answer("/api/v1/accounts/7/rooms/import", 201, R"({"created":[{}],"skipped":[]})");
    Frames();
    EXPECT_NE(Item("1 rooms imported, 0 already there."), nullptr);
}

}  // namespace
}  // namespace portal::app

namespace portal::app {
namespace {

std::string HeaderOf(const api::HttpRequest& request, const std::string& name) {
    for (const auto& [key, value] : request.headers) {
        if (key == name) return value;
    }
    return {};
}

// A lost network: the banner shows, the dialog keeps what was chosen, and the change is sent
// again by itself with the same Idempotency-Key, so the server makes it once.
TEST_F(RoomsView, ALostNetworkRetriesTheSameChangeWithTheSameKey) {
    Open("admin", "#/rooms/" + std::to_string(huddle) + "?account=7");
    Click("Assign license");
    Click(ContractLabel(1));
    Click("Assign");
    std::string path = "/api/v1/rooms/" + std::to_string(huddle) + "/licenses";
    const auto* first = Request(path, "POST");
    ASSERT_NE(first, nullptr);
    std::string key = HeaderOf(first->request, "Idempotency-Key");
    ASSERT_FALSE(key.empty());
    transport_.Answer(path, 0, "");
    Frames();
    EXPECT_TRUE(app_->state().offline);
    EXPECT_NE(Item("Retry now"), nullptr) << "the banner";
    EXPECT_NE(Item("Room: Huddle"), nullptr) << "the dialog stays open with its choice";
    EXPECT_FALSE(Item("Assign")->enabled) << "still on its way";
    platform_.now += 5;
    Frames();
    const auto* again = Request(path, "POST");
    ASSERT_NE(again, nullptr) << "sent again by itself";
    EXPECT_EQ(HeaderOf(again->request, "Idempotency-Key"), key);
    transport_.Answer(path, 201, R"({"assignment":{}})");
    Frames();
    EXPECT_FALSE(app_->state().offline);
    EXPECT_EQ(Item("Room: Huddle"), nullptr) << "done: the dialog closed";
}

}  // namespace
}  // namespace portal::app

namespace portal::app {
namespace {

TEST_F(RoomsView, UnassignAsksThenSendsTheDelete) {
    Open("admin", "#/rooms/" + std::to_string(boardroom) + "?account=7");
    Click("Unassign");
    EXPECT_NE(
        Item("Remove the Select license from Boardroom? The license goes back to its contract."),
        nullptr);
    Press(ImGuiKey_Escape);
    EXPECT_EQ(Request("/api/v1/rooms/" + std::to_string(boardroom) + "/licenses/select"), nullptr)
        << "Escape changes nothing";
    Click("Unassign");
    ClickLast("Unassign");  // the dialog's button, drawn over the page's
    EXPECT_NE(Request("/api/v1/rooms/" + std::to_string(boardroom) + "/licenses/select", "DELETE"),
              nullptr);
}

// R-ROOM-1 for a move: the destination must not hold the program already.
TEST_F(RoomsView, MoveLicensePlansTheDestinationFirst) {
    Id other = world.Room(account, "Other");
    ASSERT_TRUE(world.Do(Action::Assign(other, contract), D("2026-06-03")).ok());
    Open("admin", "#/rooms/" + std::to_string(boardroom) + "?account=7");
    Click("Move license");
    Click("Other · HQ");
    EXPECT_FALSE(Item("Move")->enabled) << "Other already holds a Select license";
    Click("Atrium · HQ");
    EXPECT_NE(Item("Will move the Select license from Boardroom to Atrium."), nullptr);
    Click("Move");
    const auto* sent =
        Request("/api/v1/rooms/" + std::to_string(boardroom) + "/licenses/select/move", "POST");
    ASSERT_NE(sent, nullptr);
    EXPECT_EQ(api::Json::parse(sent->request.body)["toRoomId"], atrium);
}

}  // namespace
}  // namespace portal::app

namespace portal::app {
namespace {

// A refusal is an answer, not a loss: sending again is a new change with a new key (the old
// key with the same request would only replay the refusal, and with a corrected one get 422).
TEST_F(RoomsView, AfterARefusalTheNextTryHasANewKey) {
    Open("admin", "#/rooms/" + std::to_string(huddle) + "?account=7");
    Click("Assign license");
    Click(ContractLabel(1));
    Click("Assign");
    std::string path = "/api/v1/rooms/" + std::to_string(huddle) + "/licenses";
    ASSERT_NE(Request(path, "POST"), nullptr);
    std::string first = HeaderOf(Request(path, "POST")->request, "Idempotency-Key");
    transport_.Answer(
        path, 409,
        R"({"error":{"code":"no_free_license","message":"All 2 licenses are assigned.","details":{"rule":"R-ROOM-1"}}})");
    Frames();
    Click("Assign");
    ASSERT_NE(Request(path, "POST"), nullptr);
    EXPECT_NE(HeaderOf(Request(path, "POST")->request, "Idempotency-Key"), first);
}

// Issue 17: each dialog of the page is a dialog named by its visible title, and Escape closes it
// without sending anything.
TEST_F(RoomsView, EveryDialogIsNamedAndClosesOnEscape) {
    Open("admin", "#/rooms/" + std::to_string(boardroom) + "?account=7");
    auto dialog = [&](const char* title) {
        return app_->bridge().FindNode(MirrorRole::Dialog, title);
    };
    for (const char* title :
         {"Assign license", "Unassign", "Move license", "Add room", "Import rooms"}) {
        SCOPED_TRACE(title);
        Click(title);
        const MirrorNode* open = dialog(title);
        ASSERT_NE(open, nullptr) << "a dialog named " << title;
        Press(ImGuiKey_Escape);
        EXPECT_EQ(dialog(title), nullptr) << "Escape closes it";
        EXPECT_EQ(app_->state().rooms_page.dialog, RoomDialog::None);
    }
    // Add room: its first field takes the keyboard.
    Click("Add room");
    const MirrorNode* name = app_->bridge().FindNode(MirrorRole::Textbox, "Name");
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(ImGui::GetActiveID(), name->id) << "typing goes to the first field";
    EXPECT_NE(name->states & a11y::state::kRequired, 0u);
    Press(ImGuiKey_Escape);
    for (const auto& pending : transport_.pending) {
        EXPECT_EQ(pending.request.method, "GET") << "nothing was sent: " << pending.request.path;
    }
}

}  // namespace
}  // namespace portal::app

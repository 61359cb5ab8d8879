// Devices, drawn headless against a scripted server: the table from the account's state,
// search, sort and copy; Add device and Move device planned by the engine before any request
// (R-ROOM-3, R-ROOM-4), the bodies sent, the server's refusal; read-only users.
#include <imgui_internal.h>

#include <nlohmann/json.hpp>

#include "api/error_json.h"
#include "api/state_json.h"
#include "app/views/views.h"
#include "app_fixture.h"
#include "core/engine.h"

namespace portal::app {
namespace {

Date Day(const char* text) {
    Date date;
    EXPECT_TRUE(ParseDate(text, date)) << text;
    return date;
}

// Account 7 (the fixture's) with two rooms, a Select contract held by the first, and two
// devices: one in that room, one in none. The fixture's today is 2026-11-18.
State TwoDevices() {
    State state;
    state.parent_entities.push_back({1, "Northwind Traders"});
    Account account;
    account.id = 7;
    account.parent_entity_id = 1;
    account.name = "Northwind HQ";
    account.country = "FR";
    account.city = "Paris";
    account.postal_code = "75001";
    state.accounts.push_back(account);
    state.rooms.push_back({11, 7, "Salle Étoile", "Paris", "FR", 12, "", 1});
    state.rooms.push_back({12, 7, "Confluence", "Lyon", "FR", 8, "", 1});
    Contract select;
    select.id = 21;
    select.order_id = 201;
    select.account_id = 7;
    select.po_number = "NWT-FR-0117";
    select.sku = "SELECT-3Y";
    select.program = "select";
    select.quantity = 5;
    select.term_years = 3;
    select.purchase_date = Day("2026-01-10");
    select.first_assigned = Day("2026-01-20");
    state.contracts.push_back(select);
    state.assignments.push_back({1, 21, 0, 11, Day("2026-01-20"), std::nullopt, {}});
    state.devices.push_back({"2231RB0A1F01", 7, "rally-bar", 11, Day("2025-01-05")});
    state.devices.push_back({"2302SC0F0093", 7, "scribe", 0, Day("2025-11-30")});
    return state;
}

class DevicesPage : public AppFrames {
  protected:
    void Open(const std::string& role = "admin") {
        StartWithAccount(api::StateToJson(TwoDevices()).dump(), role);
        Click("Devices");
        ASSERT_EQ(app_->state().route.page, Page::Devices);
    }
    // Opens a combo by its name and picks an entry of its list.
    void Pick(const std::string& combo, const std::string& entry) {
        Click(combo);
        Click(entry);
    }
    // Every pending request that would change something.
    int Changes() {
        int count = 0;
        for (const auto& pending : transport_.pending) count += pending.request.method != "GET";
        return count;
    }
    // True when `label` is drawn within the row of the item labelled `first` (a row's
    // selectable spans its height).
    bool SameRow(const char* first, const char* label) {
        const BridgeItem* row = Item(first);
        EXPECT_NE(row, nullptr) << first;
        if (!row) return false;
        for (const BridgeItem& item : app_->bridge().items()) {
            float middle = item.y + item.h / 2;
            if (item.label == label && middle > row->y && middle < row->y + row->h) return true;
        }
        return false;
    }
    nlohmann::json Body(const PendingTransport::Pending* pending) {
        return nlohmann::json::parse(pending->request.body);
    }
};

TEST_F(DevicesPage, RowsShowSerialProductRoomPurchaseAndWarranty) {
    Open();
    for (const char* label :
         {"2231RB0A1F01", "Rally Bar", "Salle Étoile", "5 Jan 2025", "2302SC0F0093", "Scribe",
          "Not in a room", "30 Nov 2025", "2 devices"}) {
        EXPECT_NE(Item(label), nullptr) << label;
    }
    // R-SKU-3: the room's Select (2026-01-20, 3 years) extends the bar's warranty; the cap from
    // its purchase (2030-01-04) comes later. The Scribe is in no room: no extension.
    EXPECT_TRUE(SameRow("2231RB0A1F01", "19 Jan 2029"));
    EXPECT_TRUE(SameRow("2302SC0F0093", "—"));
    EXPECT_FALSE(SameRow("2302SC0F0093", "19 Jan 2029"));
    EXPECT_TRUE(SameRow("2231RB0A1F01", "Salle Étoile"));
    EXPECT_TRUE(SameRow("2302SC0F0093", "Not in a room"));
}

TEST_F(DevicesPage, SearchSortAndCopy) {
    Open();
    // By serial, ascending: the bar first.
    EXPECT_LT(Item("2231RB0A1F01")->y, Item("2302SC0F0093")->y);
    Click("Serial number");  // the header: descending now
    EXPECT_GT(Item("2231RB0A1F01")->y, Item("2302SC0F0093")->y);
    Click("Room");  // ascending by room: "not in a room" first
    EXPECT_LT(Item("2302SC0F0093")->y, Item("2231RB0A1F01")->y);

    Click("Copy");  // the first row's button
    ASSERT_EQ(platform_.copied.size(), 1u);
    EXPECT_EQ(platform_.copied.back(), "2302SC0F0093");
    EXPECT_NE(Item("Copied 2302SC0F0093 to the clipboard."), nullptr);

    Type("Search devices", "étoile");  // the room "Salle Étoile", accents typed in the browser
    EXPECT_EQ(Item("2302SC0F0093"), nullptr);
    EXPECT_NE(Item("2231RB0A1F01"), nullptr);
    EXPECT_NE(Item("1 of 2 devices"), nullptr);
    Press(ImGuiKey_Backspace);
    Press(ImGuiKey_Backspace);
    Press(ImGuiKey_Backspace);
    Press(ImGuiKey_Backspace);
    Press(ImGuiKey_Backspace);
    Press(ImGuiKey_Backspace);
    ImGui::GetIO().AddInputCharactersUTF8("rally");
    Frames(2);
    EXPECT_NE(Item("2231RB0A1F01"), nullptr);
    EXPECT_EQ(Item("2302SC0F0093"), nullptr);
    EXPECT_NE(Item("1 of 2 devices"), nullptr);
}

TEST_F(DevicesPage, RoomFilterKeepsTheDevicesOfOneRoom) {
    Open();
    Pick("Filter by room", "Not in a room");
    EXPECT_EQ(Item("2231RB0A1F01"), nullptr);
    EXPECT_NE(Item("2302SC0F0093"), nullptr);
    Pick("Filter by room", "All rooms");
    EXPECT_NE(Item("2231RB0A1F01"), nullptr);
}

TEST_F(DevicesPage, AddDeviceRefusedByTheEngineBeforeAnyRequest) {  // R-ROOM-3
    Open();
    Click("Add device");
    // Typed in lower case: the server stores serials in upper case, so this is the bar's.
    Type("Serial number", "2231rb0a1f01");
    Pick("Product", "Rally Bar");
    const BridgeItem* refusal =
        Item("The serial number 2231RB0A1F01 is already registered. (R-ROOM-3)");
    ASSERT_NE(refusal, nullptr) << "the engine's sentence and rule, before anything is sent";
    ASSERT_NE(Item("Add"), nullptr);
    EXPECT_FALSE(Item("Add")->enabled);
    Click("Add");
    Press(ImGuiKey_Enter);
    EXPECT_EQ(Changes(), 0) << "nothing is sent while the engine refuses";
    EXPECT_EQ(Request("/api/v1/accounts/7/devices", "POST"), nullptr);

    // An invalid serial is refused by the same rule, with its own sentence.
    Press(ImGuiKey_Escape);
    EXPECT_EQ(Item("Purchase date"), nullptr) << "Escape closes the dialog";
    Click("Add device");
    Type("Serial number", "AB");
    Pick("Product", "Tap");
    EXPECT_NE(
        Item("\"AB\" is not a serial number: use 4 to 32 letters, digits or dashes. (R-ROOM-3)"),
        nullptr);
    EXPECT_EQ(Changes(), 0);
}

TEST_F(DevicesPage, AddDeviceSendsTheBodyAndSelectsTheNewDevice) {
    Open();
    Click("Add device");
    ASSERT_NE(Item("Purchase date"), nullptr);
    Type("Serial number", " 2299ab0001");
    EXPECT_FALSE(Item("Add")->enabled) << "no product yet";
    Pick("Product", "Tap");
    Pick("Room", "Confluence");
    Click("Purchase date");
    for (int i = 0; i < 10; ++i) Press(ImGuiKey_Backspace);
    ImGui::GetIO().AddInputCharactersUTF8("2026-10-01");
    Frames(2);
    EXPECT_NE(Item("1 Oct 2026"), nullptr) << "the date as the language writes it";
    EXPECT_NE(Item("The rules allow it."), nullptr);
    ASSERT_TRUE(Item("Add")->enabled);
    Click("Add");
    const auto* post = Request("/api/v1/accounts/7/devices", "POST");
    ASSERT_NE(post, nullptr);
    EXPECT_EQ(Body(post), nlohmann::json::parse(R"({"serial":"2299AB0001","product":"tap",)"
                                                R"("roomId":12,"purchaseDate":"2026-10-01"})"));
    EXPECT_EQ(Changes(), 1);
    Click("Sending…");  // a second click while it is in flight sends nothing more
    EXPECT_EQ(Changes(), 1);

    State after = TwoDevices();
    after.devices.push_back({"2299AB0001", 7, "tap", 12, Day("2026-10-01")});
    transport_.Answer("/api/v1/accounts/7/devices", 201,
                      R"({"device":{"serial":"2299AB0001","accountId":7,"product":"tap",)"
                      R"("roomId":12,"purchaseDate":"2026-10-01"}})");
    Frames();
    EXPECT_EQ(Item("Purchase date"), nullptr) << "the dialog closes";
    EXPECT_EQ(app_->state().route.detail, "2299AB0001") << "the new device is selected";
    EXPECT_EQ(platform_.hashes.back(), "#/devices/2299AB0001?account=7");
    ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/state", 200, api::StateToJson(after).dump()), 1)
        << "the account's state reloads";
    Frames();
    EXPECT_NE(Item("2299AB0001"), nullptr);
    EXPECT_NE(Item("3 devices"), nullptr);
    EXPECT_TRUE(Item("Move device")->enabled) << "the selected device can be moved";
}

TEST_F(DevicesPage, AServerRefusalShowsItsSentenceAndKeepsTheForm) {  // R-ROOM-3
    Open();
    Click("Add device");
    Type("Serial number", "2240RB0K0101");  // another customer's: only the server knows it
    Pick("Product", "Rally Bar");
    Click("Add");
    ASSERT_NE(Request("/api/v1/accounts/7/devices", "POST"), nullptr);
    api::ApiError error;
    error.status = 409;
    error.code = "rule_violation";
    error.message = "The serial number 2240RB0K0101 is already registered.";
    error.rule = "R-ROOM-3";
    transport_.Answer("/api/v1/accounts/7/devices", 409, api::ErrorEnvelopeJson(error));
    Frames();
    EXPECT_NE(Item("The serial number 2240RB0K0101 is already registered. (R-ROOM-3)"), nullptr);
    EXPECT_NE(Item("Purchase date"), nullptr) << "the dialog stays, with what was typed";
    EXPECT_EQ(std::string(app_->state().devices_page.serial), "2240RB0K0101");
    EXPECT_EQ(Request("/api/v1/accounts/7/state"), nullptr) << "nothing changed: no reload";
}

TEST_F(DevicesPage, MoveDeviceIsPlannedThenSent) {  // R-ROOM-4
    Open();
    EXPECT_FALSE(Item("Move device")->enabled) << "no device selected yet";
    Click("2302SC0F0093");
    EXPECT_EQ(platform_.hashes.back(), "#/devices/2302SC0F0093?account=7");
    ASSERT_TRUE(Item("Move device")->enabled);
    Click("Move device");
    EXPECT_NE(Item("Device 2302SC0F0093 (Scribe), now in no room."), nullptr);
    EXPECT_FALSE(Item("Move")->enabled) << "no destination yet";
    Pick("Destination", "Not in a room");
    EXPECT_NE(Item("The destination is the room it is already in. (R-ROOM-4)"), nullptr);
    EXPECT_FALSE(Item("Move")->enabled);
    Press(ImGuiKey_Enter);
    EXPECT_EQ(Changes(), 0);
    Pick("Destination", "Salle Étoile");
    EXPECT_EQ(Item("The destination is the room it is already in. (R-ROOM-4)"), nullptr);
    ASSERT_TRUE(Item("Move")->enabled);
    Press(ImGuiKey_Enter);  // Enter confirms
    const auto* post = Request("/api/v1/devices/2302SC0F0093/move", "POST");
    ASSERT_NE(post, nullptr);
    EXPECT_EQ(Body(post), nlohmann::json::parse(R"({"roomId":11})"));
    transport_.Answer("/api/v1/devices/2302SC0F0093/move", 200, R"({"device":null})");
    Frames();
    EXPECT_EQ(Item("Destination"), nullptr) << "the dialog closes";
    EXPECT_NE(Request("/api/v1/accounts/7/state"), nullptr) << "the account's state reloads";
}

TEST_F(DevicesPage, MovingOutOfAnyRoomSendsNull) {
    Open();
    Click("2231RB0A1F01");
    Click("Move device");
    Pick("Destination", "Not in a room");
    Click("Move");
    const auto* post = Request("/api/v1/devices/2231RB0A1F01/move", "POST");
    ASSERT_NE(post, nullptr);
    EXPECT_EQ(Body(post), nlohmann::json::parse(R"({"roomId":null})"));
}

TEST_F(DevicesPage, ReadOnlyUsersSeeTheButtonsDisabled) {  // R-ACC-1
    Open("readonly");
    Click("2231RB0A1F01");
    for (const char* label : {"Add device", "Move device"}) {
        const BridgeItem* button = Item(label);
        ASSERT_NE(button, nullptr) << label;
        EXPECT_FALSE(button->enabled) << label;
    }
    Click("Add device");
    EXPECT_EQ(Item("Purchase date"), nullptr) << "no dialog opens";
    EXPECT_NE(Item("Copy"), nullptr) << "copying changes nothing: still there";
    EXPECT_EQ(Changes(), 0);
}

TEST_F(DevicesPage, EveryLabelHasItsFrench) {
    Open();
    app_->SetLanguage(Language::French);
    Frames();
    Click("2231RB0A1F01");
    Click("Ajouter un appareil");
    Type("Numéro de série", "AB");
    Pick("Produit", "Tap");
    Press(ImGuiKey_Escape);
    Click("Déplacer l'appareil");
    Pick("Destination", "Dans aucune salle");
    Frames();
    EXPECT_NE(Item("Appareil 2231RB0A1F01 (Rally Bar), actuellement dans Salle Étoile."), nullptr);
    EXPECT_NE(Item("19 janv. 2029"), nullptr);
    std::string missing;
    for (const std::string& label : app_->state().tr.missing()) missing += label + " | ";
    EXPECT_TRUE(app_->state().tr.missing().empty()) << missing;
}

// 50,000 devices: the rows are built once per state, not per frame, and a frame draws only
// what is visible.
TEST_F(DevicesPage, FiftyThousandDevicesAreBuiltOnce) {
    State state = TwoDevices();
    for (int i = 0; i < 50000; ++i) {
        char serial[16];
        std::snprintf(serial, sizeof serial, "SN%08d", i);
        state.devices.push_back({serial, 7, "tap", i % 3 ? 11 : 12, Day("2025-06-01")});
    }
    StartWithAccount(api::StateToJson(state).dump());
    Click("Devices");
    EXPECT_NE(Item("50,002 devices"), nullptr);
    const DevicesPageState& page = app_->state().devices_page;
    unsigned built_from = page.built_from;
    const DeviceRow* first = page.rows.data();
    Frames(5);
    EXPECT_EQ(page.rows.data(), first) << "not rebuilt per frame";
    EXPECT_EQ(page.built_from, built_from);
    int rows_drawn = 0;
    for (const BridgeItem& item : app_->bridge().items()) rows_drawn += item.label == "Copy";
    EXPECT_GT(rows_drawn, 5);
    EXPECT_LT(rows_drawn, 100) << "the clipper draws the visible rows only";
}

// Issue 17: Add device and Move device are dialogs named by their titles; the first field takes
// the keyboard; Escape closes them.
TEST_F(DevicesPage, BothDialogsAreNamedAndCloseOnEscape) {
    Open();
    Click("Add device");
    ASSERT_NE(app_->bridge().FindNode(MirrorRole::Dialog, "Add device"), nullptr);
    const MirrorNode* serial = app_->bridge().FindNode(MirrorRole::Textbox, "Serial number");
    ASSERT_NE(serial, nullptr);
    EXPECT_EQ(ImGui::GetActiveID(), serial->id) << "typing goes to the first field";
    Press(ImGuiKey_Escape);
    EXPECT_EQ(app_->bridge().FindNode(MirrorRole::Dialog, "Add device"), nullptr);
    Click("2302SC0F0093");
    Click("Move device");
    ASSERT_NE(app_->bridge().FindNode(MirrorRole::Dialog, "Move device"), nullptr);
    Press(ImGuiKey_Escape);
    EXPECT_EQ(app_->bridge().FindNode(MirrorRole::Dialog, "Move device"), nullptr);
    EXPECT_EQ(Changes(), 0);
}

}  // namespace
}  // namespace portal::app

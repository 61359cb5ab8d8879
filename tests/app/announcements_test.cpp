// Announcements (issue 17), headless: what the app tells screen readers through the page's live
// regions, recorded by FakePlatform. A refused change says its rule's sentence assertively, once
// for every form (App applies every failed submission); a change that worked says so politely,
// in the user's language; an alert that starts firing is said assertively wherever the user is,
// never for the alerts already firing when the status is first read.
#include "../core/world.h"
#include "api/alerts_json.h"
#include "api/state_json.h"
#include "api/telemetry_json.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

using portal::testing::D;

constexpr const char* kStatusPath = "/api/v1/accounts/7/status";
constexpr const char* kFiringPath = "/api/v1/accounts/7/alerts?state=firing";

class Announcements : public AppFrames {
  protected:
    void SetUp() override {
        AppFrames::SetUp();
        account = world.Account(world.Parent("Northwind"));
        boardroom = world.Room(account, "Boardroom");
        huddle = world.Room(account, "Huddle");
        contract = world.Contract(account, "SELECT-3Y", 2, D("2026-06-01"));
        ASSERT_TRUE(world.Do(Action::Assign(boardroom, contract), D("2026-06-02")).ok());
    }
    void Open(const std::string& hash) {
        app_->OnLocationHash(hash);
        StartWithAccount(api::StateToJson(world.state).dump());
        Frames();
    }
    // Opens Huddle's assign dialog and sends it.
    void AssignToHuddle(const std::string& assign_license, const std::string& free,
                        const std::string& assign) {
        Open("#/rooms/" + std::to_string(huddle) + "?account=7");
        Click(assign_license);
        Click(world.contract(contract).po_number + " · Select · 1 " + free);
        Click(assign);
        ASSERT_NE(Request(AssignPath(), "POST"), nullptr);
        platform_.announcements.clear();
    }
    std::string AssignPath() { return "/api/v1/rooms/" + std::to_string(huddle) + "/licenses"; }
    bool Announced(const std::string& text, bool assertive) {
        for (const auto& [said, loud] : platform_.announcements) {
            if (said == text && loud == assertive) return true;
        }
        return false;
    }
    std::string All() {
        std::string all;
        for (const auto& [said, loud] : platform_.announcements) {
            all += "\n  " + std::string(loud ? "[assertive] " : "[polite] ") + said;
        }
        return all;
    }
    std::string Status(const std::string& version, int firing) {
        telemetry::StatusDocument status;
        status.version = version;
        status.at = 1795000000;
        telemetry::RoomStatus room;
        room.room_id = boardroom;
        room.insights = true;
        room.state = telemetry::RoomState::Offline;
        room.alerts_firing = firing;
        room.alert_severity = firing ? "critical" : "";
        status.rooms.push_back(room);
        return api::StatusToJson(status).dump();
    }
    api::Alert Firing(Id id, const std::string& rule, telemetry::Seconds started) {
        api::Alert alert;
        alert.id = id;
        alert.account_id = 7;
        alert.rule_name = rule;
        alert.room_id = boardroom;
        alert.room_name = "Boardroom";
        alert.state = alerts::State::Firing;
        alert.pending_since = started;
        alert.started_at = started;
        return alert;
    }
    std::string List(std::vector<api::Alert> alerts) {
        api::AlertList list;
        list.alerts = std::move(alerts);
        return api::AlertListToJson(list).dump();
    }

    portal::testing::World world;
    Id account = 0, boardroom = 0, huddle = 0, contract = 0;
};

// R-ROOM-1: the server's refusal is said at once (assertive), with the rule, as the form shows.
TEST_F(Announcements, ARefusedChangeAnnouncesItsRuleSentence) {
    AssignToHuddle("Assign license", "free", "Assign");
    transport_.Answer(AssignPath(), 409,
                      R"({"error":{"code":"no_free_license","message":"All 2 licenses are )"
                      R"(assigned.","details":{"rule":"R-ROOM-1"}}})");
    Frames(1);
    EXPECT_TRUE(Announced("All 2 licenses are assigned. (R-ROOM-1)", true)) << All();
    EXPECT_EQ(platform_.announcements.size(), 1u) << "said once, not every frame" << All();
    EXPECT_NE(Item("All 2 licenses are assigned. (R-ROOM-1)"), nullptr) << "and shown";
}

// A field the server refused is said with the sentence.
TEST_F(Announcements, ARefusedFormAnnouncesItsFieldProblems) {
    AssignToHuddle("Assign license", "free", "Assign");
    transport_.Answer(
        AssignPath(), 422,
        R"({"error":{"code":"invalid","message":"Check the form.",)"
        R"("details":{"fields":[{"field":"contractId","message":"Pick a contract."}]}}})");
    Frames(1);
    ASSERT_EQ(platform_.announcements.size(), 1u) << All();
    EXPECT_TRUE(platform_.announcements[0].second);
    EXPECT_EQ(platform_.announcements[0].first.rfind("Check the form.", 0), 0u) << All();
}

TEST_F(Announcements, AnAssignedLicenseIsAnnounced) {
    AssignToHuddle("Assign license", "free", "Assign");
    transport_.Answer(AssignPath(), 201, R"({"assignment":{}})");
    Frames(1);
    EXPECT_TRUE(Announced("License assigned to Huddle", false)) << All();
    EXPECT_EQ(platform_.announcements.size(), 1u) << All();
}

TEST_F(Announcements, AnAssignedLicenseIsAnnouncedInFrench) {
    UseFrench();
    AssignToHuddle("Attribuer une licence", "libre(s)", "Attribuer");
    transport_.Answer(AssignPath(), 201, R"({"assignment":{}})");
    Frames(1);
    EXPECT_TRUE(Announced("Licence attribuée à Huddle", false)) << All();
}

// The live status says a room's count of firing alerts rose: the list is read once, and the
// alert that started firing is said, wherever the user is (here the Rooms page).
TEST_F(Announcements, ANewFiringAlertIsAnnouncedButNotThoseAlreadyFiring) {
    Open("#/rooms?account=7");
    ASSERT_EQ(transport_.Answer(kStatusPath, 200, Status("v1", 1)), 1);
    Frames();
    EXPECT_EQ(Request(kFiringPath), nullptr) << "the first status is not news";
    EXPECT_TRUE(platform_.announcements.empty()) << All();

    ASSERT_EQ(
        transport_.Answer(std::string(kStatusPath) + "?since=v1&wait=25", 200, Status("v2", 2)), 1);
    Frames();
    ASSERT_NE(Request(kFiringPath), nullptr) << "a room's count rose: which alert?";
    ASSERT_EQ(transport_.Answer(kFiringPath, 200,
                                List({Firing(40, "Room offline", 1794990000),
                                      Firing(41, "Device offline now", 1795000060)})),
              1);
    Frames();
    EXPECT_TRUE(Announced("Alert: Boardroom — Device offline now", true)) << All();
    EXPECT_EQ(platform_.announcements.size(), 1u) << "not the one firing before" << All();

    // Fewer alerts (one resolved): nothing to say, nothing to read.
    platform_.announcements.clear();
    ASSERT_EQ(
        transport_.Answer(std::string(kStatusPath) + "?since=v2&wait=25", 200, Status("v3", 1)), 1);
    Frames();
    EXPECT_EQ(Request(kFiringPath), nullptr);
    EXPECT_TRUE(platform_.announcements.empty()) << All();
}

// On the Alerts page the page's own list tells which alerts are new, and the page does not
// ask twice.
TEST_F(Announcements, OnTheAlertsPageTheNewAlertIsSaidInFrench) {
    UseFrench();
    Open("#/alerts?account=7");
    ASSERT_EQ(transport_.Answer(kStatusPath, 200, Status("v1", 1)), 1);
    ASSERT_EQ(transport_.Answer(kFiringPath, 200, List({Firing(41, "Hors ligne", 1794990000)})), 1);
    Frames();
    ASSERT_EQ(
        transport_.Answer(std::string(kStatusPath) + "?since=v1&wait=25", 200, Status("v2", 2)), 1);
    Frames();
    ASSERT_EQ(transport_.Answer(kFiringPath, 200,
                                List({Firing(41, "Hors ligne", 1794990000),
                                      Firing(42, "Salle vide", 1794990000)})),
              1)
        << "one request for the page and the announcement";
    Frames();
    EXPECT_TRUE(Announced("Alerte : Boardroom — Salle vide", true)) << All();
    EXPECT_EQ(platform_.announcements.size(), 1u) << All();
}

}  // namespace
}  // namespace portal::app

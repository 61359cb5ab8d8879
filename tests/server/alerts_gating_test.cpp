// Alerts and what keeps them quiet (issue 13): gating by license (R-GATE-2, R-GATE-3: a room
// without an active Sync Plus or Select license raises nothing and is listed locked; a license
// that leaves by unassignment, move or expiry closes the room's alerts with license_ended and
// nothing more is sent; a room that gains one raises alerts from then on), a device leaving its
// room, and silences (alerts recorded but not sent while one covers their room, told once it
// ends or goes).
#include <gtest/gtest.h>

#include "alerts_fixture.h"

namespace portal::server {
namespace {

using Json = api::Json;
using testing::AlertsTest;
using testing::ApiAnswer;
using testing::ApiClient;
using testing::EmailChannel;
using testing::kConfluenceBar;
using testing::kEtoileBar;
using testing::kOperaBar;
using testing::Str;
using testing::WaitUntil;

constexpr int64_t kDay = 86400;

class AlertsGatingTest : public AlertsTest {
  protected:
    // A rule (forSeconds 0) to an email channel, the default rule off; mails stay in the outbox.
    void RuleWithChannel() {
        DisableDefaultRule();
        Id channel = CreateChannel(EmailChannel("Ops", {"ops@northwind.example"}));
        CreateRule({{"name", "Offline"}, {"channels", {channel}}});
    }
    // The alert's state and resolvedReason once it is resolved (polled).
    Json WaitResolved(Id id) const {
        return WaitForAlert(
            [&](const Json& a) { return a["id"] == id && a["state"] == "resolved"; });
    }
    bool Locked(Id room) const {
        ApiAnswer list = anne_->Get(AccountPath(hq_, "alerts?state=all"));
        EXPECT_EQ(list.status, 200) << list.body;
        return Listed(list.json["lockedRooms"], room);
    }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Gating

// R-GATE-2: a room without an active Sync Plus or Select license raises nothing, and nothing is
// sent for it; the list names it among the locked rooms.
TEST_F(AlertsGatingTest, AnUnlicensedRoomRaisesNothingAndSendsNothing) {
    DisableDefaultRule();
    Id channel = CreateChannel(EmailChannel("Ops", {"ops@northwind.example"}));
    CreateRule({{"name", "Offline"}, {"channels", {channel}}});
    ASSERT_EQ(Telemetry(Json::array({Device(kConfluenceBar, Now(), false),
                                     Device("2231TI0E2207", Now(), false)}))
                  .status,
              200);
    clock_.Advance(600);
    // Something the sweep certainly saw: a licensed room's alert after the same clock.
    SetOnline(kOperaBar, false);
    ASSERT_FALSE(WaitForAlert([](const Json& a) { return a["serial"] == kOperaBar; }).is_null());
    ASSERT_TRUE(WaitUntil(
        [&] { return QueryInt("SELECT count(*) FROM outbox WHERE kind = 'alert'") == 1; }));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM alerts WHERE room_id = " + Str(confluence_)), 0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM alert_deliveries d JOIN alerts a ON a.id ="
                       " d.alert_id WHERE a.room_id = " +
                       Str(confluence_)),
              0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM outbox WHERE kind = 'alert' AND body LIKE"
                       " '%Confluence%'"),
              0);
    ApiAnswer list = anne_->Get(AccountPath(hq_, "alerts?state=all"));
    ASSERT_EQ(list.status, 200);
    EXPECT_TRUE(Listed(list.json["lockedRooms"], confluence_)) << list.body;
    EXPECT_FALSE(Listed(list.json["lockedRooms"], etoile_)) << list.body;
    EXPECT_EQ(list.json["lockedRooms"].size(), 1u) << list.body;
    EXPECT_EQ((*RoomIn(Status(), confluence_))["alertsFiring"], 0);
}

// R-GATE-2, R-GATE-3: when the license leaves (here unassigned through the API), the room's open
// alert closes with license_ended, no "resolved" is sent, and the room raises nothing more.
TEST_F(AlertsGatingTest, WhenTheLicenseLeavesOpenAlertsCloseAndNothingMoreIsSent) {
    DisableDefaultRule();
    Id channel = CreateChannel(EmailChannel("Ops", {"ops@northwind.example"}));
    CreateRule({{"name", "Offline"}, {"channels", {channel}}});
    SetOnline(kEtoileBar, false);
    Json alert = WaitForAlert([](const Json& a) { return a["state"] == "firing"; });
    ASSERT_FALSE(alert.is_null());
    Id id = alert["id"].get<Id>();
    ASSERT_TRUE(WaitUntil([&] { return Deliveries(id, "firing") == 1; }));
    ASSERT_TRUE(WaitUntil(
        [&] { return QueryInt("SELECT count(*) FROM outbox WHERE kind = 'alert'") == 1; }));

    ApiAnswer unassigned = anne_->Delete("/api/v1/rooms/" + Str(etoile_) + "/licenses/select");
    ASSERT_EQ(unassigned.status, 204) << unassigned.body;
    Json closed =
        WaitForAlert([&](const Json& a) { return a["id"] == id && a["state"] == "resolved"; });
    ASSERT_FALSE(closed.is_null()) << Alert(id).dump();
    EXPECT_EQ(closed["resolvedReason"], "license_ended");
    EXPECT_EQ(QueryInt("SELECT final FROM alerts WHERE id = " + Str(id)), 1);

    // Past the settle time, with the device back and gone again: nothing.
    clock_.Advance(200);
    SetOnline(kEtoileBar, true);
    clock_.Advance(200);
    SetOnline(kEtoileBar, false);
    clock_.Advance(30);
    SetOnline(kOperaBar, false);  // the sweep has run once this is delivered
    Json opera = WaitForAlert([](const Json& a) { return a["serial"] == kOperaBar; });
    ASSERT_FALSE(opera.is_null());
    ASSERT_TRUE(WaitUntil([&] { return Deliveries(opera["id"].get<Id>()) == 1; }));
    ASSERT_TRUE(WaitUntil(
        [&] { return QueryInt("SELECT count(*) FROM outbox WHERE kind = 'alert'") == 2; }));
    EXPECT_EQ(Deliveries(id), 1) << "no resolved notification";
    EXPECT_EQ(QueryInt("SELECT count(*) FROM alerts WHERE room_id = " + Str(etoile_)), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM outbox WHERE kind = 'alert' AND body LIKE"
                       " '%toile%'"),
              1)
        << "the firing mail alone";
    ApiAnswer list = anne_->Get(AccountPath(hq_, "alerts?state=all"));
    EXPECT_TRUE(Listed(list.json["lockedRooms"], etoile_)) << list.body;
}

// R-GATE-2, R-GATE-3: a license moved to another room closes the old room's alerts (no
// "resolved" is sent) and the new room raises its own from the next sweep.
TEST_F(AlertsGatingTest, AMovedLicenseTakesTheAlertsWithIt) {
    RuleWithChannel();
    ASSERT_EQ(Telemetry(Json::array({Device(kEtoileBar, Now(), false),
                                     Device(kConfluenceBar, Now(), false)}))
                  .status,
              200);
    Json etoile = WaitForAlert([](const Json& a) { return a["serial"] == kEtoileBar; });
    ASSERT_FALSE(etoile.is_null());
    Id id = etoile["id"].get<Id>();
    EXPECT_EQ(Alerts().size(), 1u) << "Confluence has no license yet";
    ApiAnswer moved = anne_->Post("/api/v1/rooms/" + Str(etoile_) + "/licenses/select/move",
                                  {{"toRoomId", confluence_}});
    ASSERT_EQ(moved.status, 200) << moved.body;
    Json closed = WaitResolved(id);
    ASSERT_FALSE(closed.is_null()) << Alert(id).dump();
    EXPECT_EQ(closed["resolvedReason"], "license_ended");
    Json confluence = WaitForAlert([](const Json& a) { return a["serial"] == kConfluenceBar; });
    ASSERT_FALSE(confluence.is_null()) << "the room that gained the license";
    EXPECT_EQ(confluence["state"], "firing");
    EXPECT_EQ(confluence["roomId"], confluence_);
    clock_.Advance(200);
    SetOnline(kEtoileBar, true);
    EXPECT_TRUE(Locked(etoile_));
    EXPECT_FALSE(Locked(confluence_));
    ASSERT_TRUE(WaitUntil([&] { return Deliveries(confluence["id"].get<Id>()) == 1; }));
    EXPECT_EQ(Deliveries(id), 1) << "the firing one alone";
}

// R-GATE-2, R-GATE-3: the license's term ends (Étoile's Select, 3 years from 390 days ago): the
// sweep closes the room's open alert with license_ended and nothing more is sent.
TEST_F(AlertsGatingTest, AnExpiredLicenseClosesTheRoomsAlerts) {
    RuleWithChannel();
    SetOnline(kEtoileBar, false);
    Json alert = WaitForAlert([](const Json& a) { return a["serial"] == kEtoileBar; });
    ASSERT_FALSE(alert.is_null());
    Id id = alert["id"].get<Id>();
    EXPECT_FALSE(Locked(etoile_));
    clock_.Advance(2 * 365 * kDay);
    anne_ = std::make_unique<ApiClient>(SignInAs(testing::kAnne));  // the session has ended
    Json closed = WaitResolved(id);
    ASSERT_FALSE(closed.is_null()) << Alert(id).dump();
    EXPECT_EQ(closed["resolvedReason"], "license_ended");
    EXPECT_TRUE(Locked(etoile_));
    clock_.Advance(200);
    SetOnline(kEtoileBar, true);
    clock_.Advance(200);
    SetOnline(kEtoileBar, false);
    EXPECT_EQ(Alerts().size(), 1u);
    EXPECT_EQ(Deliveries(id), 1) << "the firing one alone";
}

// A device taken out of its room takes its alert with it: resolved (cleared) on the sweep.
TEST_F(AlertsGatingTest, ADeviceLeavingItsRoomClearsItsAlert) {
    RuleWithChannel();
    SetOnline(kEtoileBar, false);
    Json alert = WaitForAlert([](const Json& a) { return a["serial"] == kEtoileBar; });
    ASSERT_FALSE(alert.is_null());
    Id id = alert["id"].get<Id>();
    ApiAnswer moved =
        anne_->Post("/api/v1/devices/" + std::string(kEtoileBar) + "/move", {{"roomId", nullptr}});
    ASSERT_EQ(moved.status, 200) << moved.body;
    Json cleared = WaitResolved(id);
    ASSERT_FALSE(cleared.is_null()) << Alert(id).dump();
    EXPECT_EQ(cleared["resolvedReason"], "cleared");
    clock_.Advance(120);
    ASSERT_TRUE(WaitUntil([&] { return Deliveries(id, "resolved") == 1; }));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Silences

TEST_F(AlertsGatingTest, SilencedAlertsAreRecordedButNotSentUntilTheSilenceGoes) {
    DisableDefaultRule();
    std::string path = AccountPath(hq_, "silences");
    ApiAnswer past = anne_->Post(path, {{"startsAt", telemetry::FormatUtcTime(Now() - 7200)},
                                        {"endsAt", telemetry::FormatUtcTime(Now() - 3600)}});
    EXPECT_EQ(past.status, 422) << past.body;
    EXPECT_EQ(Fields(past), std::vector<std::string>{"endsAt"});
    ApiAnswer backwards = anne_->Post(path, {{"startsAt", telemetry::FormatUtcTime(Now() + 60)},
                                             {"endsAt", telemetry::FormatUtcTime(Now() + 30)}});
    EXPECT_EQ(backwards.status, 400) << backwards.body;  // its own shape
    EXPECT_EQ(Fields(backwards), std::vector<std::string>{"endsAt"});
    ApiAnswer foreign = anne_->Post(
        path, {{"rooms", {ContosoRoom()}}, {"endsAt", telemetry::FormatUtcTime(Now() + 60)}});
    EXPECT_EQ(foreign.status, 422) << foreign.body;
    EXPECT_EQ(Fields(foreign), std::vector<std::string>{"rooms[0]"});

    ApiAnswer silence = anne_->Post(path, {{"rooms", {etoile_}},
                                           {"endsAt", telemetry::FormatUtcTime(Now() + 3600)},
                                           {"comment", "Refit of Salle Étoile"}});
    ASSERT_EQ(silence.status, 201) << silence.body;
    Id silence_id = silence.json["id"].get<Id>();
    EXPECT_EQ(silence.json["rooms"], Json::array({etoile_}));
    EXPECT_EQ(silence.json["startsAt"], telemetry::FormatUtcTime(Now()));
    EXPECT_EQ(silence.json["comment"], "Refit of Salle Étoile");
    EXPECT_TRUE(Listed(anne_->Get(path).json["silences"], silence_id));

    Id channel = CreateChannel(EmailChannel("Ops", {"ops@northwind.example"}));
    CreateRule({{"name", "Offline"}, {"channels", {channel}}});
    SetOnline(kEtoileBar, false);
    SetOnline(kOperaBar, false);  // not silenced: the control
    Json opera = WaitForAlert([](const Json& a) { return a["serial"] == kOperaBar; });
    ASSERT_FALSE(opera.is_null());
    ASSERT_TRUE(WaitUntil([&] { return Deliveries(opera["id"].get<Id>()) == 1; }));
    Json etoile = AlertOn(Alerts(), kEtoileBar);
    ASSERT_FALSE(etoile.is_null());
    Id id = etoile["id"].get<Id>();
    EXPECT_EQ(etoile["state"], "firing") << "recorded";
    EXPECT_EQ(etoile["silenced"], true);
    EXPECT_EQ(opera["silenced"], false);
    clock_.Advance(60);
    SetOnline(kOperaBar, true);
    EXPECT_EQ(Deliveries(id), 0) << "nothing sent while silenced";

    ApiAnswer deleted = anne_->Delete("/api/v1/silences/" + Str(silence_id));
    EXPECT_EQ(deleted.status, 204) << deleted.body;
    EXPECT_FALSE(Listed(anne_->Get(path).json["silences"], silence_id));
    EXPECT_EQ(anne_->Delete("/api/v1/silences/" + Str(silence_id)).status, 404);
    // Still firing once the silence is gone: now it is told.
    ASSERT_TRUE(WaitUntil([&] { return Deliveries(id, "firing") == 1; }));
    EXPECT_EQ(Alert(id)["silenced"], false);
    for (const char* action : {"silence.create", "silence.delete"}) {
        EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = '" + std::string(action) +
                           "' AND object = 'silence:" + Str(silence_id) + "'"),
                  1)
            << action;
    }
}

// A silence that ends by itself: what it held back is told at its end, if it still applies.
TEST_F(AlertsGatingTest, WhenASilenceEndsItsFiringAlertsAreTold) {
    ApiAnswer silence = anne_->Post(
        AccountPath(hq_, "silences"),
        {{"sites", {"Paris — La Défense"}}, {"endsAt", telemetry::FormatUtcTime(Now() + 600)}});
    ASSERT_EQ(silence.status, 201) << silence.body;
    RuleWithChannel();
    SetOnline(kEtoileBar, false);
    SetOnline(kOperaBar, false);
    Json etoile = WaitForAlert([](const Json& a) { return a["serial"] == kEtoileBar; });
    ASSERT_FALSE(etoile.is_null());
    EXPECT_EQ(etoile["silenced"], true);
    Id id = etoile["id"].get<Id>();
    Id opera = AlertOn(Alerts(), kOperaBar)["id"].get<Id>();
    clock_.Advance(30);
    SetOnline(kOperaBar, true);  // resolved while silenced: nothing to tell about it
    clock_.Advance(569);
    EXPECT_FALSE(WaitUntil([&] { return Deliveries(id) > 0; }, std::chrono::milliseconds(300)));
    clock_.Advance(1);
    ASSERT_TRUE(WaitUntil([&] { return Deliveries(id, "firing") == 1; }));
    EXPECT_EQ(Alert(id)["silenced"], false);
    clock_.Advance(200);
    EXPECT_FALSE(WaitUntil([&] { return Deliveries(opera) > 0; }, std::chrono::milliseconds(300)))
        << "an alert resolved unseen is not told";
}

}  // namespace
}  // namespace portal::server

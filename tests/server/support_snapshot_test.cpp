// A ticket from a room (issue 14): the snapshot of the room frozen when it is opened and never
// changed afterwards (R-SUP-2), the one click from an offline room that proposes the subject and
// the severity (R-SUP-2), and the service level each ticket gets with its due times, end to end
// through the catalogue's data (R-SUP-3: Select wins over the setup program; standard support
// otherwise).
#include "server/support/support_snapshot.h"

#include <gtest/gtest.h>

#include "core/date.h"
#include "core/support.h"
#include "server/catalogue_file.h"
#include "server/time_zones.h"
#include "support_fixture.h"

namespace portal::server {
namespace {

using Json = api::Json;
using testing::ApiAnswer;
using testing::Contains;
using testing::kEtoileBar;
using testing::kEtoileTap;
using testing::Str;
using testing::SupportTest;
using testing::Who;

const Json* BySerial(const Json& list, const std::string& serial) {
    for (const Json& item : list) {
        if (item.value("serial", Json()) == serial) return &item;
    }
    return nullptr;
}

const Json* Event(const Json& events, const std::string& kind, const std::string& serial) {
    for (const Json& event : events) {
        if (event["kind"] == kind && event["serial"] == serial) return &event;
    }
    return nullptr;
}

class SupportSnapshotTest : public SupportTest {
  protected:
    // The serials of a room's devices, from GET /rooms/{id}.
    std::vector<std::string> Serials(Id room) {
        std::vector<std::string> serials;
        ApiAnswer detail = As(Who::Anne).Get(RoomPath(room, ""));
        for (const Json& device : detail.json["room"]["devices"])
            serials.push_back(device["serial"]);
        return serials;
    }
    std::string Clock(Seconds at) { return LocalClock(zones_.Get("Europe/Paris"), at); }
    // A room of Northwind HQ with one device bought `days_ago` days ago.
    Id RoomWithDevice(const std::string& serial, int days_ago) {
        ApiAnswer room =
            As(Who::Anne).Post(AccountPath(hq_, "rooms"), {{"name", "Room " + serial},
                                                           {"site", "Paris — La Défense"},
                                                           {"country", "FR"},
                                                           {"capacity", 4},
                                                           {"timeZone", "Europe/Paris"}});
        EXPECT_EQ(room.status, 201) << room.body;
        Id id = room.json["room"]["id"].get<Id>();
        PlaceDevice(serial, id, days_ago);
        return id;
    }
    void PlaceDevice(const std::string& serial, Id room, int days_ago) {
        Date bought = AddDays(UtcDate(clock_.Now()), -days_ago);
        ApiAnswer device =
            As(Who::Anne).Post(AccountPath(hq_, "devices"), {{"serial", serial},
                                                             {"product", "tap"},
                                                             {"roomId", room},
                                                             {"purchaseDate", FormatDate(bought)}});
        EXPECT_EQ(device.status, 201) << device.body;
    }

    TimeZones zones_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] The snapshot (R-SUP-2)

TEST_F(SupportSnapshotTest, TheSnapshotHoldsTheRoomItsDevicesTheirEventsAndOpenAlerts) {
    DisableDefaultRule();
    CreateRule({{"name", "Bar offline"}, {"severity", "critical"}});
    Seconds t = Now();
    Json stale = Device(kEtoileTap, t - 25 * 3600, false);  // older than 24 hours: left out
    Json up = Device(kEtoileBar, t - 120, true);
    up["firmware"] = "7.1.0";
    Json down = Device(kEtoileBar, t - 60, false);
    down["firmware"] = "7.2.1";
    ASSERT_EQ(Telemetry(Json::array({stale, up, down, Device(kEtoileTap, t - 30, true)})).status,
              200);
    Json alert = WaitForAlert(
        [](const Json& a) { return a["serial"] == kEtoileBar && a["state"] == "firing"; });
    ASSERT_FALSE(alert.is_null());
    clock_.Advance(30);

    Json ticket = OpenRoomTicket(etoile_);
    ASSERT_FALSE(ticket.is_null());
    const Json& snapshot = ticket["snapshot"];
    EXPECT_EQ(snapshot["takenAt"], telemetry::FormatUtcTime(Now()));

    const Json& room = snapshot["room"];
    EXPECT_EQ(room["id"], etoile_);
    EXPECT_EQ(room["name"], "Salle Étoile");
    EXPECT_EQ(room["site"], "Paris — La Défense");
    EXPECT_EQ(room["country"], "FR");
    EXPECT_EQ(room["capacity"], 12);
    EXPECT_EQ(room["timeZone"], "Europe/Paris");
    EXPECT_EQ(room["status"], "offline");
    ApiAnswer detail = As(Who::Anne).Get(RoomPath(etoile_, ""));
    ASSERT_EQ(detail.status, 200);
    const Json& held = detail.json["room"]["licenses"]["select"];
    ASSERT_EQ(room["licenses"].size(), 1u) << room;
    EXPECT_EQ(room["licenses"][0]["program"], "select");
    EXPECT_EQ(room["licenses"][0]["contractId"], held["contractId"]);
    EXPECT_EQ(room["licenses"][0]["from"], held["assignedOn"]);
    EXPECT_TRUE(room["licenses"][0]["until"].is_string());
    for (const char* entitlement : {"insights", "alerts", "support"}) {
        EXPECT_TRUE(Contains(room["entitlements"].dump(), entitlement)) << room["entitlements"];
    }

    ASSERT_EQ(snapshot["devices"].size(), 2u);
    const Json* bar = BySerial(snapshot["devices"], kEtoileBar);
    const Json* bar_now = BySerial(detail.json["room"]["devices"], kEtoileBar);
    ASSERT_TRUE(bar && bar_now);
    EXPECT_EQ((*bar)["product"], "rally-plus");
    EXPECT_EQ((*bar)["productName"], "Rally Plus");
    EXPECT_EQ((*bar)["purchaseDate"], (*bar_now)["purchaseDate"]);
    EXPECT_EQ((*bar)["warrantyEnd"], (*bar_now)["warrantyEnd"]);
    EXPECT_EQ((*bar)["status"], "offline");
    EXPECT_EQ((*bar)["firmware"], "7.2.1");
    EXPECT_EQ((*bar)["lastSeen"], telemetry::FormatUtcTime(t - 60));
    const Json* tap = BySerial(snapshot["devices"], kEtoileTap);
    ASSERT_TRUE(tap);
    EXPECT_EQ((*tap)["status"], "online");
    EXPECT_EQ((*tap)["firmware"], nullptr);

    const Json& events = snapshot["events"];
    const Json* offline = Event(events, "device_offline", kEtoileBar);
    ASSERT_TRUE(offline) << events;
    EXPECT_EQ((*offline)["at"], telemetry::FormatUtcTime(t - 60));
    EXPECT_EQ((*offline)["detail"], "firmware 7.2.1");
    EXPECT_TRUE(Event(events, "device_online", kEtoileBar)) << events;
    EXPECT_TRUE(Event(events, "device_online", kEtoileTap)) << events;
    EXPECT_FALSE(Event(events, "device_offline", kEtoileTap)) << "older than 24 h: " << events;
    const Json* firing = Event(events, "alert_firing", kEtoileBar);
    ASSERT_TRUE(firing) << events;
    EXPECT_EQ((*firing)["detail"], "Bar offline");
    for (size_t i = 1; i < events.size(); ++i) {
        EXPECT_LE(events[i - 1]["at"].get<std::string>(), events[i]["at"].get<std::string>());
    }

    ASSERT_EQ(snapshot["alerts"].size(), 1u) << snapshot["alerts"];
    const Json& open = snapshot["alerts"][0];
    EXPECT_EQ(open["id"], alert["id"]);
    EXPECT_EQ(open["condition"], "device_offline");
    EXPECT_EQ(open["severity"], "critical");
    EXPECT_EQ(open["state"], "firing");
    EXPECT_EQ(open["serial"], kEtoileBar);
    EXPECT_EQ(open["ruleName"], "Bar offline");
}

TEST_F(SupportSnapshotTest, TheSnapshotNeverChangesAfterwards) {
    SetOnline(kEtoileBar, false);
    Json ticket = OpenRoomTicket(etoile_, {{"subject", "Bar down"}, {"severity", "high"}});
    ASSERT_FALSE(ticket.is_null());
    Id id = ticket["id"].get<Id>();
    Json frozen = ticket["snapshot"];
    ASSERT_EQ(frozen["room"]["name"], "Salle Étoile");

    // The room and its devices change: renamed and resized, the bar back online with new
    // firmware, the tap taken out, a new device in, and a day passes.
    ApiAnswer renamed = As(Who::Anne).Patch(RoomPath(etoile_, ""),
                                            {{"name", "Salle Étoile (rénovée)"}, {"capacity", 14}},
                                            {{"If-Match", "*"}});
    ASSERT_EQ(renamed.status, 200) << renamed.body;
    clock_.Advance(3600);
    Json back = Device(kEtoileBar, Now(), true);
    back["firmware"] = "8.0.0";
    ASSERT_EQ(Telemetry(Json::array({back})).status, 200);
    ASSERT_EQ(
        As(Who::Anne)
            .Post("/api/v1/devices/" + std::string(kEtoileTap) + "/move", {{"roomId", nullptr}})
            .status,
        200);
    PlaceDevice("2400SNAP0001", etoile_, 3);
    clock_.Advance(86400);

    for (Who who : {Who::Anne, Who::Louis, Who::Olivia}) {
        Json now = Ticket(id, who);
        EXPECT_EQ(now["snapshot"], frozen) << testing::NameOf(who);
        // The current state is one click away: the ticket names the room as it is now.
        EXPECT_EQ(now["roomName"], "Salle Étoile (rénovée)");
    }
    // A new ticket sees the room as it is now.
    Json later = OpenRoomTicket(etoile_, {{"subject", "Another"}, {"severity", "low"}});
    EXPECT_EQ(later["snapshot"]["room"]["capacity"], 14);
    EXPECT_EQ(later["snapshot"]["devices"].size(), 2u);
    EXPECT_EQ(later["roomName"], "Salle Étoile (rénovée)");
}

TEST_F(SupportSnapshotTest, ATicketWithoutARoomHasNoSnapshot) {
    Json ticket = OpenTicket({{"subject", "Invoices"}, {"severity", "low"}});
    ASSERT_FALSE(ticket.is_null());
    EXPECT_EQ(ticket["snapshot"], nullptr);
    EXPECT_EQ(ticket["roomId"], nullptr);
    EXPECT_EQ(ticket["roomName"], nullptr);
    // A room of another account is not one of this account's rooms.
    ApiAnswer foreign =
        As(Who::Anne).Post(AccountPath(hq_, "tickets"),
                           {{"subject", "x"}, {"severity", "low"}, {"roomId", ContosoRoom()}});
    EXPECT_EQ(foreign.status, 400) << foreign.body;
    EXPECT_EQ(Fields(foreign), std::vector<std::string>{"roomId"});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] One click from a room (R-SUP-2)

TEST_F(SupportSnapshotTest, OneClickFromAnOfflineRoomProposesSubjectAndSeverity) {
    DisableDefaultRule();
    std::vector<std::string> serials = Serials(opera_);
    ASSERT_GE(serials.size(), 2u);
    Seconds t = Now();
    Json events = Json::array();
    for (const std::string& serial : serials) events.push_back(Device(serial, t, false));
    ASSERT_EQ(Telemetry(events).status, 200);
    std::string count = std::to_string(serials.size());

    // The form's prefill (first click), in the request's language.
    ApiAnswer english = As(Who::Anne).Get(RoomPath(opera_, "/ticket-proposal"));
    ASSERT_EQ(english.status, 200) << english.body;
    EXPECT_EQ(english.json["subject"],
              "Opéra is offline: all " + count + " devices offline since " + Clock(t));
    EXPECT_EQ(english.json["severity"], "critical");
    EXPECT_EQ(english.json["serviceLevel"], "select");
    ApiAnswer french =
        As(Who::Louis).Get(RoomPath(opera_, "/ticket-proposal"), {{"Accept-Language", "fr-FR"}});
    ASSERT_EQ(french.status, 200) << french.body;
    EXPECT_EQ(french.json["subject"],
              "Opéra est hors ligne : les " + count + " appareils hors ligne depuis " + Clock(t));

    // The second click sends it: no body at all.
    ApiAnswer sent = As(Who::Anne).Send("POST", RoomPath(opera_, "/tickets"), "", "",
                                        {{"Accept-Language", "fr"}});
    ASSERT_EQ(sent.status, 201) << sent.body;
    const Json& ticket = sent.json["ticket"];
    EXPECT_EQ(ticket["subject"], french.json["subject"]);
    EXPECT_EQ(ticket["severity"], "critical");
    EXPECT_EQ(ticket["serviceLevel"], "select");
    EXPECT_EQ(ticket["roomId"], opera_);
    EXPECT_EQ(ticket["status"], "new");
    EXPECT_EQ(ticket["snapshot"]["room"]["status"], "offline");
    EXPECT_EQ(ticket["snapshot"]["devices"].size(), serials.size());

    // One device back: some offline, high; what the body names wins over the proposal.
    clock_.Advance(60);
    SetOnline(serials[0], true);
    ApiAnswer some = As(Who::Anne).Get(RoomPath(opera_, "/ticket-proposal"));
    EXPECT_EQ(some.json["subject"], "Opéra is offline: " + std::to_string(serials.size() - 1) +
                                        " of " + count + " devices offline since " + Clock(t));
    EXPECT_EQ(some.json["severity"], "high");
    Json mine =
        OpenRoomTicket(opera_, {{"subject", "Screen flickers"}, {"description", "since 9"}});
    EXPECT_EQ(mine["subject"], "Screen flickers");
    EXPECT_EQ(mine["severity"], "high");
    EXPECT_EQ(mine["description"], "since 9");
    Json low = OpenRoomTicket(opera_, {{"severity", "low"}});
    EXPECT_EQ(low["subject"], some.json["subject"]);
    EXPECT_EQ(low["severity"], "low");

    // A room in good health proposes a plain subject at normal severity.
    ApiAnswer calm = As(Who::Anne).Get(RoomPath(confluence_, "/ticket-proposal"));
    EXPECT_EQ(calm.json["subject"], "Support for Confluence");
    EXPECT_EQ(calm.json["severity"], "normal");
}

TEST_F(SupportSnapshotTest, TheOneClickChecksWhatTheBodyNames) {
    ApiAnswer bad = As(Who::Anne).Post(
        RoomPath(opera_, "/tickets"), {{"severity", "urgent"}, {"subject", std::string(201, 'x')}});
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(Fields(bad), (std::vector<std::string>{"subject", "severity"}));
    EXPECT_EQ(As(Who::Anne).Post(RoomPath(999999, "/tickets"), Json::object()).status, 404);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Service levels (R-SUP-3)

TEST_F(SupportSnapshotTest, EachTicketGetsItsServiceLevel) {
    // A room holding Select: Select's 24/7 support.
    EXPECT_EQ(OpenRoomTicket(etoile_)["serviceLevel"], "select");
    // No license and devices bought over 90 days ago: standard support.
    EXPECT_EQ(OpenRoomTicket(confluence_)["serviceLevel"], "standard");
    // A device within the 90 days of its setup program: jumpstart...
    Id fresh = RoomWithDevice("2400JUMP0001", 0);
    EXPECT_EQ(OpenRoomTicket(fresh)["serviceLevel"], "jumpstart");
    EXPECT_EQ(As(Who::Anne).Get(RoomPath(fresh, "/ticket-proposal")).json["serviceLevel"],
              "jumpstart");
    EXPECT_EQ(OpenRoomTicket(RoomWithDevice("2400JUMP0089", 89))["serviceLevel"], "jumpstart");
    // ...until its 90th day.
    EXPECT_EQ(OpenRoomTicket(RoomWithDevice("2400JUMP0090", 90))["serviceLevel"], "standard");
    // Select wins over the setup program.
    PlaceDevice("2400JUMP0002", etoile_, 0);
    EXPECT_EQ(OpenRoomTicket(etoile_)["serviceLevel"], "select");
    // Without a room: the account's active Select contract.
    EXPECT_EQ(OpenTicket()["serviceLevel"], "select");
}

TEST_F(SupportSnapshotTest, DueTimesFollowTheLevelsTargetsAndBusinessHours) {
    Json normal = OpenRoomTicket(etoile_, {{"severity", "normal"}});
    Seconds created = 0;
    ASSERT_TRUE(telemetry::ParseUtcTime(normal["createdAt"].get<std::string>(), created));
    // Select, 24/7 (assets/catalogue.json): normal 4 h to a first response, 24 h to resolve.
    EXPECT_EQ(normal["firstResponseDueAt"], telemetry::FormatUtcTime(created + 4 * 3600));
    EXPECT_EQ(normal["resolutionDueAt"], telemetry::FormatUtcTime(created + 24 * 3600));
    EXPECT_EQ(normal["breached"], false);
    EXPECT_EQ(normal["paused"], false);

    // Standard counts business hours only, in the room's zone (Confluence: Europe/Paris).
    Json standard = OpenRoomTicket(confluence_, {{"severity", "normal"}});
    Catalogue catalogue;
    std::string error;
    ASSERT_TRUE(LoadCatalogueFile(std::string(PORTAL_TEST_ASSETS_DIR) + "/catalogue.json",
                                  catalogue, error))
        << error;
    const ServiceLevelSpec* level = catalogue.FindServiceLevel("standard");
    ASSERT_TRUE(level);
    const ServiceTarget* target = level->FindTarget("normal");
    ASSERT_TRUE(target);
    Seconds due = 0;
    ASSERT_TRUE(telemetry::ParseUtcTime(standard["firstResponseDueAt"].get<std::string>(), due));
    const insights::TimeZone& paris = zones_.Get("Europe/Paris");
    EXPECT_EQ(support::BusinessSecondsBetween(*level, paris, created, due),
              target->first_response_minutes * 60);
    EXPECT_LT(support::BusinessSecondsBetween(*level, paris, created, due - 1),
              target->first_response_minutes * 60);

    // A severity change moves the due times (counted from creation).
    ApiAnswer critical = Patch(normal["id"].get<Id>(), {{"severity", "critical"}});
    ASSERT_EQ(critical.status, 200) << critical.body;
    EXPECT_EQ(critical.json["firstResponseDueAt"], telemetry::FormatUtcTime(created + 3600));
    EXPECT_EQ(critical.json["resolutionDueAt"], telemetry::FormatUtcTime(created + 4 * 3600));
}

TEST_F(SupportSnapshotTest, TheClockPausesWhileWaitingOnTheCustomerAndBreachesWhenLate) {
    Json late = OpenRoomTicket(etoile_, {{"severity", "normal"}});
    Json waiting = OpenRoomTicket(opera_, {{"severity", "normal"}});
    Id late_id = late["id"].get<Id>(), waiting_id = waiting["id"].get<Id>();
    Seconds created = 0;
    ASSERT_TRUE(telemetry::ParseUtcTime(waiting["createdAt"].get<std::string>(), created));
    ASSERT_EQ(Patch(waiting_id, {{"status", "waiting_on_customer"}}).status, 200);

    clock_.Advance(4 * 3600 + 1);
    Json breached = Ticket(late_id);
    EXPECT_EQ(breached["breached"], true);
    EXPECT_EQ(breached["paused"], false);
    Json paused = Ticket(waiting_id);
    EXPECT_EQ(paused["paused"], true);
    EXPECT_EQ(paused["breached"], false);

    ApiAnswer only_breached = As(Who::Olivia).Get("/api/v1/support/tickets?breached=true");
    ASSERT_EQ(only_breached.status, 200);
    ASSERT_EQ(only_breached.json["tickets"].size(), 1u);
    EXPECT_EQ(only_breached.json["tickets"][0]["id"], late_id);
    ApiAnswer not_breached = As(Who::Olivia).Get("/api/v1/support/tickets?breached=false");
    ASSERT_EQ(not_breached.json["tickets"].size(), 1u);
    EXPECT_EQ(not_breached.json["tickets"][0]["id"], waiting_id);

    // The customer answers: the clock runs again with the 4 hours it had left.
    ASSERT_EQ(Comment(waiting_id, "Here are the logs", false, Who::Anne).status, 201);
    Json resumed = Ticket(waiting_id);
    EXPECT_EQ(resumed["status"], "in_progress");
    EXPECT_EQ(resumed["paused"], false);
    EXPECT_EQ(resumed["firstResponseDueAt"],
              telemetry::FormatUtcTime(created + 4 * 3600 + 1 + 4 * 3600));
}

}  // namespace
}  // namespace portal::server

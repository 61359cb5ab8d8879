// GET /api/v1/accounts/{id}/insights and /insights/summary on the real server with the demo
// data: points against values worked out by hand, local days across a change of the clocks,
// and who may see what when (R-GATE-1, R-GATE-3).
//
// Telemetry is written straight into the database as ingestion stores it: the raw events, and
// each room's hour roll-ups recomputed with core RollUp up to its last event (now = that event),
// so that the route's own work (stored hours, the open tail up to now, local days, masking) is
// what is under test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "api/insights_json.h"
#include "api_fixture.h"
#include "core/insights.h"
#include "model_fixture.h"
#include "server/config.h"
#include "server/database.h"
#include "server/time_zones.h"
#include "test_database.h"

namespace portal::server::testing {
namespace {

using api::Json;
using insights::kDay;
using insights::kHour;
using insights::Seconds;

// "2026-03-29T10:00:00Z" as Unix seconds (the tests' own spelling of fixed moments).
Seconds At(int year, int month, int day, int hour, int minute = 0) {
    return static_cast<Seconds>(DateFromYmd(year, month, day).days) * kDay + hour * kHour +
           minute * 60;
}

std::string Iso(Seconds t) {
    int year = 0, month = 0, day = 0;
    YmdFromDate(Date{static_cast<int>(t / kDay)}, year, month, day);
    Seconds rest = t % kDay;
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day,
                  static_cast<int>(rest / kHour), static_cast<int>(rest % kHour / 60),
                  static_cast<int>(rest % 60));
    return text;
}

class InsightsApiTest : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        db_ = OpenRaw(DatabaseTarget(config_));
        ASSERT_TRUE(db_);
    }
    void TearDown() override {
        db_.reset();  // before the test's database goes (PostgreSQL drops it)
        ApiTest::TearDown();
    }

    Seconds Now() const {
        return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch())
            .count();
    }
    Seconds TodayStart() const { return Now() - Now() % kDay; }

    void Exec(const std::string& sql) {
        ASSERT_TRUE(db_->Exec(sql)) << sql << ": " << db_->LastMessage();
    }
    // The first `columns` numbers of each row.
    std::vector<std::vector<int64_t>> Rows(const std::string& sql, int columns) {
        std::vector<std::vector<int64_t>> rows;
        Statement statement = db_->Prepare(sql);
        EXPECT_TRUE(statement.Valid()) << sql << ": " << db_->LastMessage();
        if (!statement.Valid()) return rows;
        while (statement.Step() == Statement::StepResult::Row) {
            auto& row = rows.emplace_back();
            for (int i = 0; i < columns; ++i) row.push_back(statement.ColumnInt(i));
        }
        return rows;
    }
    // The months' partitions a row at `at` of table needs on PostgreSQL, made as the store
    // makes them (telemetry is partitioned by month there; SQLite has nothing to make).
    void Partition(const char* table, Seconds from, Seconds to) {
        if (!UsingPostgres()) return;
        Exec(std::string("SELECT portal_ensure_month_partitions('") + table + "', " +
             std::to_string(from) + ", " + std::to_string(to) + ")");
    }

    // A room with no telemetry yet (whatever the demo data gave it) in a zone ("": UTC).
    void Fresh(Id room, const std::string& zone = "") {
        std::string id = Str(room);
        Exec("UPDATE rooms SET time_zone = " + (zone.empty() ? "NULL" : "'" + zone + "'") +
             " WHERE id = " + id);
        Exec("DELETE FROM occupancy_events WHERE room_id = " + id);
        Exec("DELETE FROM meetings WHERE room_id = " + id);
        Exec("DELETE FROM room_hours WHERE room_id = " + id);
        Exec("DELETE FROM room_hours_state WHERE room_id = " + id);
        Exec(
            "DELETE FROM device_events WHERE serial IN (SELECT serial FROM devices WHERE "
            "room_id = " +
            id + ")");
    }

    void Occupancy(Id room, Seconds at, int people) {
        Partition("occupancy_events", at, at);
        Exec("INSERT INTO occupancy_events (room_id, at, people) VALUES (" + Str(room) + ", " +
             std::to_string(at) + ", " + std::to_string(people) + ")");
    }
    void Meeting(Id room, Seconds start, Seconds end) {
        Partition("meetings", start, start);
        Exec("INSERT INTO meetings (room_id, start, \"end\") VALUES (" + Str(room) + ", " +
             std::to_string(start) + ", " + std::to_string(end) + ")");
    }
    void DeviceStatus(const std::string& serial, Seconds at, bool online) {
        Partition("device_events", at, at);
        Exec(
            "INSERT INTO device_events (serial, account_id, at, online) SELECT serial, "
            "account_id, " +
            std::to_string(at) + ", " + (online ? "1" : "0") + " FROM devices WHERE serial = '" +
            serial + "'");
    }

    // What ingestion leaves for the room's events: room_hours for every hour from its first
    // event to its last, rolled up with now = the last event, which room_hours_state records.
    void RollUpRoom(Id room) {
        insights::RoomHistory history;
        for (auto& row : Rows("SELECT at, people FROM occupancy_events WHERE room_id = " +
                                  Str(room) + " ORDER BY at",
                              2)) {
            history.occupancy.push_back({row[0], static_cast<int>(row[1])});
        }
        for (auto& row : Rows("SELECT start, \"end\" FROM meetings WHERE room_id = " + Str(room) +
                                  " ORDER BY start",
                              2)) {
            history.meetings.push_back({row[0], row[1]});
        }
        {
            Statement devices = db_->Prepare(
                "SELECT e.serial, e.at, e.online FROM device_events e JOIN devices d"
                " ON d.serial = e.serial WHERE d.room_id = " +
                Str(room) + " ORDER BY e.at");
            ASSERT_TRUE(devices.Valid()) << db_->LastMessage();
            while (devices.Step() == Statement::StepResult::Row) {
                history.devices.push_back(
                    {devices.ColumnText(0), devices.ColumnInt(1), devices.ColumnInt(2) != 0});
            }
        }
        Seconds first = INT64_MAX, last = INT64_MIN;
        for (auto& e : history.occupancy)
            first = std::min(first, e.at), last = std::max(last, e.at);
        for (auto& m : history.meetings)
            first = std::min(first, m.start), last = std::max(last, m.start);
        for (auto& d : history.devices) first = std::min(first, d.at), last = std::max(last, d.at);
        ASSERT_LT(first, INT64_MAX) << "no events for room " << room;
        std::vector<insights::Bucket> hours =
            insights::RollUp(history, insights::HourBoundaries(first, last + 1), last);
        Partition("room_hours", first, last);
        Exec("BEGIN");  // one commit (and one fsync) for the whole roll-up
        Exec("DELETE FROM room_hours WHERE room_id = " + Str(room));
        {
            Statement insert = db_->Prepare(
                "INSERT INTO room_hours (room_id, hour, observed, occupied, "
                "person_seconds, people_peak, meeting, device_in_use) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            ASSERT_TRUE(insert.Valid()) << db_->LastMessage();
            for (const insights::Bucket& hour : hours) {
                if (hour.empty()) continue;
                insert.Bind(1, int64_t{room});
                insert.Bind(2, int64_t{hour.start});
                insert.Bind(3, int64_t{hour.observed});
                insert.Bind(4, int64_t{hour.occupied});
                // Whole person-seconds, as ingestion stores them.
                insert.Bind(5, static_cast<int64_t>(hour.person_seconds + 0.5));
                insert.Bind(6, int64_t{hour.people_peak});
                insert.Bind(7, int64_t{hour.meeting});
                insert.Bind(8, int64_t{hour.device_in_use});
                EXPECT_TRUE(insert.Run()) << db_->LastMessage();
                insert.Reset();
            }
        }
        // A new revision, as ingestion takes one: the server's cached hours of the room are
        // stale (migration 009).
        Exec("UPDATE room_hours_revision SET value = value + 1");
        Exec("INSERT INTO room_hours_state (room_id, computed_to, revision) VALUES (" + Str(room) +
             ", " + std::to_string(last) +
             ", (SELECT value FROM room_hours_revision)) ON CONFLICT(room_id) DO UPDATE SET"
             " computed_to = excluded.computed_to, revision = excluded.revision");
        Exec("COMMIT");
    }

    std::string InsightsPath(Id account, const std::vector<Id>& rooms, Seconds from, Seconds to,
                             const char* resolution) const {
        std::string list;
        for (Id room : rooms) list += (list.empty() ? "" : ",") + Str(room);
        return "/api/v1/accounts/" + Str(account) + "/insights?rooms=" + list +
               "&from=" + Iso(from) + "&to=" + Iso(to) + "&resolution=" + resolution;
    }

    // A room agent's token for the account, made by its admin as the portal does ("" on failure,
    // which the test's next step reports).
    std::string AgentToken(ApiClient& admin, Id account) const {
        ApiAnswer token = admin.Post("/api/v1/accounts/" + Str(account) + "/agent-tokens",
                                     {{"name", "Test agent"}});
        EXPECT_EQ(token.status, 201) << token.body;
        return token.status == 201 ? token.json["token"].get<std::string>() : "";
    }
    ApiAnswer SendTelemetry(const std::string& token, const std::string& batch_id,
                            const Json& events) const {
        return Anonymous().Post("/api/v1/telemetry", {{"batchId", batch_id}, {"events", events}},
                                {{"Authorization", "Bearer " + token}});
    }
    static Json OccupancyEvent(Id room, Seconds at, int people) {
        return Json{{"type", "occupancy"}, {"roomId", room}, {"at", Iso(at)}, {"people", people}};
    }

    // The points of the answer's only room.
    static const Json& Points(const ApiAnswer& answer) { return answer.json["rooms"][0]["points"]; }
    static const Json* PointAt(const ApiAnswer& answer, Seconds t) {
        for (const Json& point : Points(answer)) {
            if (point["t"] == Iso(t)) return &point;
        }
        return nullptr;
    }

    Id ContractWithPo(const std::string& po) const {
        return QueryInt("SELECT id FROM contracts WHERE po_number = '" + po + "'");
    }

    std::unique_ptr<Database> db_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Points

// Salle Étoile (Select, capacity 12, UTC), hand-computed:
//   09:00 2 people, 09:30 none, 09:45 4 people, 10:30 1 person, 11:00 none (the last event);
//   a meeting 09:10-09:40; the Rally Plus online since 08:00, the Tap never reported.
//   09:00  occupied 45 of 60 min -> 0.75; 2x30 + 4x15 = 120 person-min -> mean 2, peak 4;
//          meeting 30 min, in use 30 min (one device online); utilisation 2/12
//   10:00  4x30 + 1x30 = 150 person-min -> mean 2.5, occupied all hour; peak 4
//   11:00  nobody, but observed (the open tail, rolled up live): occupancy 0
TEST_F(InsightsApiTest, HourPointsAreTheRoomsRollUpsAndTheOpenTail) {
    Id hq = NorthwindHq(), etoile = RoomNamed("Salle Étoile");
    Fresh(etoile);
    Seconds h9 = TodayStart() - 3 * kDay + 9 * kHour;
    Occupancy(etoile, h9, 2);
    Occupancy(etoile, h9 + 30 * 60, 0);
    Occupancy(etoile, h9 + 45 * 60, 4);
    Occupancy(etoile, h9 + 90 * 60, 1);
    Occupancy(etoile, h9 + 2 * kHour, 0);
    Meeting(etoile, h9 + 10 * 60, h9 + 40 * 60);
    DeviceStatus("2219RP0C7710", h9 - kHour, true);
    RollUpRoom(etoile);

    ApiClient louis = SignInAs(kLouis);  // read-only members read Insights too
    ApiAnswer answer = louis.Get(InsightsPath(hq, {etoile}, h9, h9 + 3 * kHour, "hour"));
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.json["resolution"], "hour");
    EXPECT_EQ(answer.json["from"], Iso(h9));
    const Json& room = answer.json["rooms"][0];
    EXPECT_EQ(room["roomId"], etoile);
    EXPECT_EQ(room["capacity"], 12);
    EXPECT_TRUE(room["timeZone"].is_null());
    EXPECT_EQ(room["utcOffsetMinutes"], 0);
    ASSERT_EQ(Points(answer).size(), 3u) << answer.body;

    // What the browser's reader takes (api/insights_json.h).
    api::Insights parsed;
    std::vector<api::FieldError> errors;
    EXPECT_TRUE(api::InsightsFromJson(answer.json, parsed, errors)) << answer.body;
    ASSERT_EQ(parsed.rooms.size(), 1u);
    EXPECT_EQ(parsed.rooms[0].points.size(), 3u);
    EXPECT_EQ(parsed.rooms[0].points[0].t, h9);

    const Json& nine = Points(answer)[0];
    EXPECT_EQ(nine["t"], Iso(h9));
    EXPECT_DOUBLE_EQ(nine["occupancy"].get<double>(), 0.75);
    EXPECT_DOUBLE_EQ(nine["peopleMean"].get<double>(), 2.0);
    EXPECT_EQ(nine["peoplePeak"], 4);
    EXPECT_DOUBLE_EQ(nine["meetingMinutes"].get<double>(), 30.0);
    EXPECT_DOUBLE_EQ(nine["utilisation"].get<double>(), 0.1667);
    EXPECT_DOUBLE_EQ(nine["deviceInUseMinutes"].get<double>(), 30.0);

    const Json& ten = Points(answer)[1];
    EXPECT_EQ(ten["t"], Iso(h9 + kHour));
    EXPECT_DOUBLE_EQ(ten["occupancy"].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(ten["peopleMean"].get<double>(), 2.5);
    EXPECT_EQ(ten["peoplePeak"], 4);
    EXPECT_DOUBLE_EQ(ten["meetingMinutes"].get<double>(), 0.0);
    EXPECT_DOUBLE_EQ(ten["utilisation"].get<double>(), 0.2083);

    const Json& eleven = Points(answer)[2];
    EXPECT_EQ(eleven["t"], Iso(h9 + 2 * kHour));
    EXPECT_DOUBLE_EQ(eleven["occupancy"].get<double>(), 0.0);
    EXPECT_EQ(eleven["peoplePeak"], 0);
    // The stored hours stop at the last event: the 11:00 hour came from the tail.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM room_hours WHERE room_id = " + Str(etoile) +
                       " AND hour >= " + std::to_string(h9 + 2 * kHour)),
              0);
}

// The same hour as above, sent by a room agent through POST /api/v1/telemetry: what ingestion
// stores and what the query completes live agree with the hand-computed figures.
TEST_F(InsightsApiTest, TelemetryFromAnAgentShowsAsPoints) {
    Id hq = NorthwindHq(), etoile = RoomNamed("Salle Étoile");
    Fresh(etoile);
    Seconds h9 = TodayStart() - 3 * kDay + 9 * kHour;
    ApiClient anne = SignInAs(kAnne);
    std::string token = AgentToken(anne, hq);
    auto occupancy = [&](Seconds at, int people) { return OccupancyEvent(etoile, at, people); };
    Json events = Json::array({occupancy(h9, 2),
                               occupancy(h9 + 30 * 60, 0),
                               occupancy(h9 + 45 * 60, 4),
                               occupancy(h9 + 90 * 60, 1),
                               occupancy(h9 + 2 * kHour, 0),
                               {{"type", "meeting"},
                                {"roomId", etoile},
                                {"start", Iso(h9 + 10 * 60)},
                                {"end", Iso(h9 + 40 * 60)}},
                               {{"type", "device"},
                                {"serial", "2219RP0C7710"},
                                {"at", Iso(h9 - kHour)},
                                {"status", "online"}}});
    ApiAnswer sent = SendTelemetry(token, "etoile-1", events);
    ASSERT_EQ(sent.status, 200) << sent.body;

    ApiAnswer answer = anne.Get(InsightsPath(hq, {etoile}, h9, h9 + 3 * kHour, "hour"));
    ASSERT_EQ(answer.status, 200) << answer.body;
    ASSERT_EQ(Points(answer).size(), 3u) << answer.body;
    EXPECT_DOUBLE_EQ(Points(answer)[0]["occupancy"].get<double>(), 0.75);
    EXPECT_DOUBLE_EQ(Points(answer)[0]["peopleMean"].get<double>(), 2.0);
    EXPECT_DOUBLE_EQ(Points(answer)[0]["deviceInUseMinutes"].get<double>(), 30.0);
    EXPECT_DOUBLE_EQ(Points(answer)[1]["peopleMean"].get<double>(), 2.5);
    EXPECT_DOUBLE_EQ(Points(answer)[2]["occupancy"].get<double>(), 0.0);
    ApiAnswer day = anne.Get(InsightsPath(hq, {etoile}, h9 - 9 * kHour, h9 + 15 * kHour, "day"));
    ASSERT_EQ(day.status, 200) << day.body;
    ASSERT_EQ(Points(day).size(), 1u) << day.body;
    EXPECT_DOUBLE_EQ(Points(day)[0]["occupancy"].get<double>(), 0.1167);
    EXPECT_DOUBLE_EQ(Points(day)[0]["peopleMean"].get<double>(), 0.3);
}

// The server keeps the hours it served in memory (hour_cache.h): a late batch that rewrites them
// must show in the very next answer, by hour and by day.
TEST_F(InsightsApiTest, LateTelemetryShowsInHoursAlreadyServed) {
    Id hq = NorthwindHq(), etoile = RoomNamed("Salle Étoile");
    Fresh(etoile);
    Seconds h9 = TodayStart() - 2 * kDay + 9 * kHour;
    ApiClient anne = SignInAs(kAnne);
    std::string token = AgentToken(anne, hq);
    auto send = [&](const std::string& batch_id, Seconds at, int people) {
        return SendTelemetry(token, batch_id, Json::array({OccupancyEvent(etoile, at, people)}));
    };
    ASSERT_EQ(send("first", h9, 2).status, 200);
    ASSERT_EQ(send("second", h9 + 2 * kHour, 0).status, 200);
    std::string hours = InsightsPath(hq, {etoile}, h9, h9 + 2 * kHour, "hour");
    std::string days = InsightsPath(hq, {etoile}, h9 - 9 * kHour, h9 + 15 * kHour, "day");
    ApiAnswer before = anne.Get(hours);
    ASSERT_EQ(before.status, 200) << before.body;
    ASSERT_EQ(Points(before).size(), 2u) << before.body;
    EXPECT_DOUBLE_EQ(Points(before)[0]["peopleMean"].get<double>(), 2.0);
    ASSERT_EQ(anne.Get(days).status, 200);
    Seconds revision =
        QueryInt("SELECT revision FROM room_hours_state WHERE room_id = " + Str(etoile));

    // 6 people from 09:30: the first hour's mean is now (2 x 30 + 6 x 30) / 60 = 4.
    ASSERT_EQ(send("late", h9 + 30 * 60, 6).status, 200);
    EXPECT_GT(QueryInt("SELECT revision FROM room_hours_state WHERE room_id = " + Str(etoile)),
              revision);
    ApiAnswer after = anne.Get(hours);
    ASSERT_EQ(after.status, 200) << after.body;
    ASSERT_EQ(Points(after).size(), 2u) << after.body;
    EXPECT_DOUBLE_EQ(Points(after)[0]["peopleMean"].get<double>(), 4.0);
    EXPECT_DOUBLE_EQ(Points(after)[1]["peopleMean"].get<double>(), 6.0);
    ApiAnswer day = anne.Get(days);
    ASSERT_EQ(day.status, 200) << day.body;
    ASSERT_EQ(Points(day).size(), 1u) << day.body;
    EXPECT_EQ(Points(day)[0]["peoplePeak"].get<int>(), 6);
}

// The same events by UTC day: 09:00 to midnight observed (15 h), 45 + 60 min occupied,
// 120 + 150 person-minutes; the hours before 09:00 knew nothing yet.
TEST_F(InsightsApiTest, DayPointsAddTheHoursOfTheDay) {
    Id hq = NorthwindHq(), etoile = RoomNamed("Salle Étoile");
    Fresh(etoile);
    Seconds day = TodayStart() - 3 * kDay, h9 = day + 9 * kHour;
    Occupancy(etoile, h9, 2);
    Occupancy(etoile, h9 + 30 * 60, 0);
    Occupancy(etoile, h9 + 45 * 60, 4);
    Occupancy(etoile, h9 + 90 * 60, 1);
    Occupancy(etoile, h9 + 2 * kHour, 0);
    Meeting(etoile, h9 + 10 * 60, h9 + 40 * 60);
    RollUpRoom(etoile);

    ApiClient anne = SignInAs(kAnne);
    ApiAnswer answer = anne.Get(InsightsPath(hq, {etoile}, day, day + kDay, "day"));
    ASSERT_EQ(answer.status, 200) << answer.body;
    ASSERT_EQ(Points(answer).size(), 1u) << answer.body;
    const Json& point = Points(answer)[0];
    EXPECT_EQ(point["t"], Iso(day));
    EXPECT_DOUBLE_EQ(point["occupancy"].get<double>(), 0.1167);  // 105 / 900 min
    EXPECT_DOUBLE_EQ(point["peopleMean"].get<double>(), 0.3);    // 270 / 900
    EXPECT_EQ(point["peoplePeak"], 4);
    EXPECT_DOUBLE_EQ(point["meetingMinutes"].get<double>(), 30.0);
    EXPECT_DOUBLE_EQ(point["utilisation"].get<double>(), 0.025);  // 0.3 / 12
}

// Europe/Paris skips 02:00-03:00 on 2026-03-29: that local day is 23 hours long, from
// 2026-03-28T23:00Z to 2026-03-29T22:00Z. One person from local midnight to local noon is 11
// real hours: 11/23 of the day (a 24-hour day would say 0.4583 or 0.5).
TEST_F(InsightsApiTest, ParisDaysFollowTheClockChange) {
    Id hq = NorthwindHq(), etoile = RoomNamed("Salle Étoile");
    Fresh(etoile, "Europe/Paris");
    Occupancy(etoile, At(2026, 3, 28, 23), 1);  // 00:00 local, the 29th
    Occupancy(etoile, At(2026, 3, 29, 10), 0);  // 12:00 local (CEST)
    Occupancy(etoile, At(2026, 3, 29, 22), 2);  // 00:00 local, the 30th
    Occupancy(etoile, At(2026, 3, 30, 4), 0);   // 06:00 local
    RollUpRoom(etoile);

    ApiClient anne = SignInAs(kAnne);
    ApiAnswer days =
        anne.Get(InsightsPath(hq, {etoile}, At(2026, 3, 28, 23), At(2026, 3, 30, 22), "day"));
    ASSERT_EQ(days.status, 200) << days.body;
    EXPECT_EQ(days.json["rooms"][0]["timeZone"], "Europe/Paris");
    EXPECT_EQ(days.json["rooms"][0]["utcOffsetMinutes"], 120);  // CEST at `to`
    ASSERT_EQ(Points(days).size(), 2u) << days.body;
    EXPECT_EQ(Points(days)[0]["t"], "2026-03-28T23:00:00Z");
    EXPECT_DOUBLE_EQ(Points(days)[0]["occupancy"].get<double>(), 0.4783);  // 11 / 23
    EXPECT_DOUBLE_EQ(Points(days)[0]["peopleMean"].get<double>(), 0.4783);
    EXPECT_EQ(Points(days)[1]["t"], "2026-03-29T22:00:00Z");
    EXPECT_DOUBLE_EQ(Points(days)[1]["occupancy"].get<double>(), 0.25);  // 6 / 24
    EXPECT_DOUBLE_EQ(Points(days)[1]["peopleMean"].get<double>(), 0.5);
    EXPECT_EQ(Points(days)[1]["peoplePeak"], 2);

    // The same local day by the hour: 23 points.
    ApiAnswer hours =
        anne.Get(InsightsPath(hq, {etoile}, At(2026, 3, 28, 23), At(2026, 3, 29, 22), "hour"));
    ASSERT_EQ(hours.status, 200) << hours.body;
    EXPECT_EQ(Points(hours).size(), 23u);
}

TEST_F(InsightsApiTest, SummaryGivesTheLastLocalDaysOldestFirst) {
    Id hq = NorthwindHq(), etoile = RoomNamed("Salle Étoile");
    Fresh(etoile);
    Seconds day = TodayStart() - 2 * kDay;
    Occupancy(etoile, day, 1);
    Occupancy(etoile, day + 12 * kHour, 0);
    RollUpRoom(etoile);

    ApiClient anne = SignInAs(kAnne);
    ApiAnswer summary = anne.Get("/api/v1/accounts/" + Str(hq) + "/insights/summary?days=7");
    ASSERT_EQ(summary.status, 200) << summary.body;
    const Json* daily = nullptr;
    std::vector<Id> rooms;
    for (const Json& room : summary.json["rooms"]) {
        rooms.push_back(room["roomId"].get<Id>());
        if (room["roomId"] == etoile) daily = &room["daily"];
    }
    // Rooms with Insights today only: Confluence's license moved away 120 days ago.
    EXPECT_EQ(std::count(rooms.begin(), rooms.end(), RoomNamed("Confluence")), 0);
    ASSERT_NE(daily, nullptr) << summary.body;
    ASSERT_EQ(daily->size(), 7u);
    for (size_t i = 0; i < 4; ++i) EXPECT_TRUE((*daily)[i].is_null()) << summary.body;
    EXPECT_DOUBLE_EQ((*daily)[4].get<double>(), 0.5);  // two days ago: 12 of 24 hours
    EXPECT_DOUBLE_EQ((*daily)[5].get<double>(), 0.0);  // yesterday: observed, nobody
    EXPECT_DOUBLE_EQ((*daily)[6].get<double>(), 0.0);  // today, so far

    std::vector<api::RoomSummary> parsed;
    std::vector<api::FieldError> errors;
    EXPECT_TRUE(api::InsightsSummaryFromJson(summary.json, parsed, errors)) << summary.body;

    EXPECT_EQ(anne.Get("/api/v1/accounts/" + Str(hq) + "/insights/summary?days=32").status, 400);
    ApiAnswer zero = anne.Get("/api/v1/accounts/" + Str(hq) + "/insights/summary?days=0");
    EXPECT_EQ(zero.status, 400);
    EXPECT_EQ(zero.json["error"]["details"]["fields"][0]["field"], "days");
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Gating (R-GATE-1, R-GATE-3)

// R-GATE-1, R-GATE-3: Confluence held Select from 390 to 120 days ago (the demo moves it to
// Huddle Bercy), so it has no Insights now: 403. Once a Sync Plus license is assigned, it
// answers again, with the history gathered while it was licensed, never the gap; and once that
// license expires it stops again.
TEST_F(InsightsApiTest, GatingFollowsAssignmentGapAndExpiry) {
    Id hq = NorthwindHq(), confluence = RoomNamed("Confluence");
    Fresh(confluence);
    Seconds today = TodayStart();
    Seconds licensed_day = today - 200 * kDay, gap_day = today - 60 * kDay;
    Occupancy(confluence, licensed_day + 10 * kHour, 3);
    Occupancy(confluence, licensed_day + 11 * kHour, 0);
    Occupancy(confluence, gap_day + 10 * kHour, 5);
    Occupancy(confluence, gap_day + 11 * kHour, 0);
    Occupancy(confluence, today, 2);
    RollUpRoom(confluence);
    std::string path = InsightsPath(hq, {confluence}, today - 250 * kDay, Now(), "day");

    ApiClient anne = SignInAs(kAnne);
    ApiAnswer before = anne.Get(path);
    EXPECT_EQ(before.status, 403) << before.body;
    EXPECT_EQ(before.ErrorCode(), "forbidden");
    EXPECT_EQ(before.Rule(), "R-GATE-1");
    EXPECT_EQ(before.json["error"]["details"]["roomId"], confluence);

    ApiAnswer assigned = anne.Post("/api/v1/rooms/" + Str(confluence) + "/licenses",
                                   {{"contractId", ContractWithPo("NWT-FR-0518")}});
    ASSERT_EQ(assigned.status, 201) << assigned.body;

    ApiAnswer after = anne.Get(path);
    ASSERT_EQ(after.status, 200) << after.body;
    // R-GATE-3: the licensed period shows again: 10:00-24:00 observed, 1 h of it occupied.
    const Json* back = PointAt(after, licensed_day);
    ASSERT_NE(back, nullptr) << after.body;
    EXPECT_DOUBLE_EQ((*back)["occupancy"].get<double>(), 0.0714);  // 1 / 14
    EXPECT_EQ((*back)["peoplePeak"], 3);
    // ... the unlicensed gap (120 days ago to yesterday) shows nothing, not even its 5 people.
    for (const Json& point : Points(after)) {
        Seconds t = 0;
        for (Seconds d = today - 250 * kDay; d <= today; d += kDay) {
            if (point["t"] == Iso(d)) t = d;
        }
        EXPECT_TRUE(t < today - 120 * kDay || t == today) << point.dump();
        EXPECT_NE(point["peoplePeak"], 5) << point.dump();
    }
    // ... and today, licensed again, shows.
    const Json* now = PointAt(after, today);
    ASSERT_NE(now, nullptr) << after.body;
    EXPECT_DOUBLE_EQ((*now)["occupancy"].get<double>(), 1.0);
    EXPECT_EQ((*now)["peoplePeak"], 2);

    // R-GATE-3 on expiry: a year and a quarter later the Sync Plus term (1 year) is over.
    clock_.Advance(450 * kDay);
    anne = SignInAs(kAnne);  // the session has ended meanwhile
    ApiAnswer expired = anne.Get(path);
    EXPECT_EQ(expired.status, 403) << expired.body;
    EXPECT_EQ(expired.Rule(), "R-GATE-1");
}

// R-GATE-3 in a room's zone: a Paris day starts at 23:00 UTC the day before, so the local day
// a license starts on is licensed only from midnight UTC. Its licensed hours show as the day's
// point (the day is not hidden because its first hour was not licensed); the hour before does not.
TEST_F(InsightsApiTest, TheFirstLicensedLocalDayShowsItsLicensedHoursOnly) {
    Id hq = NorthwindHq();
    if (Now() - TodayStart() < kHour) clock_.Advance(kHour);  // events after midnight UTC
    ApiClient anne = SignInAs(kAnne);
    ApiAnswer created =
        anne.Post("/api/v1/accounts/" + Str(hq) + "/rooms", {{"name", "Rive Gauche"},
                                                             {"site", "Paris"},
                                                             {"country", "FR"},
                                                             {"capacity", 6},
                                                             {"timeZone", "Europe/Paris"}});
    ASSERT_EQ(created.status, 201) << created.body;
    Id room = created.json["room"]["id"].get<Id>();
    ApiAnswer assigned = anne.Post("/api/v1/rooms/" + Str(room) + "/licenses",
                                   {{"contractId", ContractWithPo("NWT-FR-0518")}});
    ASSERT_EQ(assigned.status, 201) << assigned.body;
    Seconds today = TodayStart();
    Occupancy(room, today - 30 * 60, 4);  // local day already begun, license not yet held
    Occupancy(room, today, 2);
    RollUpRoom(room);

    ApiAnswer answer = anne.Get(InsightsPath(hq, {room}, today - kDay, Now(), "day"));
    ASSERT_EQ(answer.status, 200) << answer.body;
    Seconds offset = answer.json["rooms"][0]["utcOffsetMinutes"].get<Seconds>() * 60;
    ASSERT_GT(offset, 0);
    ASSERT_EQ(Points(answer).size(), 1u) << answer.body;
    const Json& day = Points(answer)[0];
    EXPECT_EQ(day["t"], Iso(today - offset)) << "the local day, starting before midnight UTC";
    EXPECT_EQ(day["peoplePeak"], 2) << "nothing of the unlicensed half hour";
    EXPECT_DOUBLE_EQ(day["occupancy"].get<double>(), 1.0);
}

// R-GATE-3 on transfer: moving Thames's Select to a new room stops Thames at once; the new room
// answers, with nothing from before it held the license.
TEST_F(InsightsApiTest, TransferStopsTheOldRoomAndStartsTheNewOneFromItsLicense) {
    Id hq = NorthwindHq(), thames = RoomNamed("Thames");
    ApiClient anne = SignInAs(kAnne);
    ApiAnswer created =
        anne.Post("/api/v1/accounts/" + Str(hq) + "/rooms",
                  {{"name", "Docklands"}, {"site", "London"}, {"country", "GB"}, {"capacity", 6}});
    ASSERT_EQ(created.status, 201) << created.body;
    Id docklands = created.json["room"]["id"].get<Id>();
    Fresh(thames);
    Seconds today = TodayStart();
    Occupancy(docklands, today - 10 * kDay + 9 * kHour, 3);
    Occupancy(docklands, today - 10 * kDay + 10 * kHour, 0);
    Occupancy(docklands, today, 1);
    RollUpRoom(docklands);
    std::string thames_path = InsightsPath(hq, {thames}, today - 11 * kDay, Now(), "hour");
    std::string docklands_path = InsightsPath(hq, {docklands}, today - 11 * kDay, Now(), "hour");

    EXPECT_EQ(anne.Get(thames_path).status, 200);
    EXPECT_EQ(anne.Get(docklands_path).status, 403);

    ApiAnswer moved = anne.Post("/api/v1/rooms/" + Str(thames) + "/licenses/select/move",
                                {{"toRoomId", docklands}});
    ASSERT_EQ(moved.status, 200) << moved.body;

    ApiAnswer old_room = anne.Get(thames_path);
    EXPECT_EQ(old_room.status, 403) << old_room.body;
    EXPECT_EQ(old_room.Rule(), "R-GATE-1");
    EXPECT_EQ(old_room.json["error"]["details"]["roomId"], thames);
    // Both rooms in one request: the one without Insights is named.
    ApiAnswer both = anne.Get(InsightsPath(hq, {docklands, thames}, today - kDay, Now(), "hour"));
    EXPECT_EQ(both.status, 403);
    EXPECT_EQ(both.json["error"]["details"]["roomId"], thames);

    ApiAnswer new_room = anne.Get(docklands_path);
    ASSERT_EQ(new_room.status, 200) << new_room.body;
    ASSERT_FALSE(Points(new_room).empty()) << new_room.body;
    for (const Json& point : Points(new_room)) {
        EXPECT_GE(point["t"].get<std::string>(), Iso(today)) << "before its license: " << point;
    }
    EXPECT_EQ(Points(new_room)[0]["t"], Iso(today));
    EXPECT_EQ(Points(new_room)[0]["peoplePeak"], 1);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Tenancy and parameters

TEST_F(InsightsApiTest, AForeignRoomIsAnsweredLikeAMissingOne) {
    Id hq = NorthwindHq();
    ApiClient anne = SignInAs(kAnne);
    Seconds to = Now(), from = to - kDay;
    ApiAnswer foreign = anne.Get(InsightsPath(hq, {RoomNamed("Spree")}, from, to, "hour"));
    ApiAnswer missing = anne.Get(InsightsPath(hq, {999999}, from, to, "hour"));
    EXPECT_EQ(foreign.status, 404);
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(foreign.body, missing.body);
    // A room of the account's sibling (Austin) is not this account's either.
    EXPECT_EQ(anne.Get(InsightsPath(hq, {RoomNamed("Pecan")}, from, to, "hour")).body,
              missing.body);
    // Another customer's account: 404 before anything else is looked at.
    ApiClient dana = SignInAs(kDana);
    ApiAnswer other = dana.Get(InsightsPath(hq, {RoomNamed("Salle Étoile")}, from, to, "hour"));
    EXPECT_EQ(other.status, 404);
    EXPECT_EQ(
        Anonymous().Get(InsightsPath(hq, {RoomNamed("Salle Étoile")}, from, to, "hour")).status,
        401);
}

TEST_F(InsightsApiTest, BadParametersAreNamed) {
    Id hq = NorthwindHq(), etoile = RoomNamed("Salle Étoile");
    Fresh(etoile);
    ApiClient anne = SignInAs(kAnne);
    std::string base = "/api/v1/accounts/" + Str(hq) + "/insights?";
    auto field_of = [&](const std::string& query) {
        ApiAnswer answer = anne.Get(base + query);
        EXPECT_EQ(answer.status, 400) << query << ": " << answer.body;
        return answer.json["error"]["details"]["fields"][0]["field"].get<std::string>();
    };
    std::string room = "rooms=" + Str(etoile);
    EXPECT_EQ(field_of(room + "&from=yesterday"), "from");
    EXPECT_EQ(field_of(room + "&to=2026-02-30T00:00:00Z"), "to");
    EXPECT_EQ(field_of(room + "&from=2026-11-20T00:00:00Z&to=2026-11-19T00:00:00Z"), "from");
    EXPECT_EQ(field_of(room + "&resolution=week"), "resolution");
    EXPECT_EQ(field_of("from=2026-11-19T00:00:00Z"), "rooms");
    EXPECT_EQ(field_of("rooms=12,abc"), "rooms");
    EXPECT_EQ(field_of("rooms=-4"), "rooms");
    // 1 room x 300 years of hours is more than 2,000,000 points; the same by day is not.
    EXPECT_EQ(field_of(room + "&from=1900-01-01T00:00:00Z&to=2200-01-01T00:00:00Z"), "resolution");
    EXPECT_EQ(
        anne.Get(base + room + "&from=1900-01-01T00:00:00Z&to=2200-01-01T00:00:00Z&resolution=day")
            .status,
        200);
    // Defaults: the last 7 days, by the hour.
    ApiAnswer plain = anne.Get(base + room);
    ASSERT_EQ(plain.status, 200) << plain.body;
    EXPECT_EQ(plain.json["resolution"], "hour");
    EXPECT_EQ(plain.json["to"], Iso(Now()));
    EXPECT_EQ(plain.json["from"], Iso(Now() - 7 * kDay));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Time zones

// A zone name is a path under the zoneinfo root: only names of zone files are known.
TEST(TimeZonesTest, KnowsZoneFilesOnly) {
    TimeZones zones;
    EXPECT_TRUE(zones.Known("Europe/Paris"));
    EXPECT_TRUE(zones.Known("America/Chicago"));
    EXPECT_TRUE(zones.Known("UTC"));
    EXPECT_FALSE(zones.Known(""));
    EXPECT_FALSE(zones.Known("Europe/../Europe/Paris"));
    EXPECT_FALSE(zones.Known("../zoneinfo/Europe/Paris"));
    EXPECT_FALSE(zones.Known("/usr/share/zoneinfo/Europe/Paris"));
    EXPECT_FALSE(zones.Known("posix/Europe/Paris"));
    EXPECT_FALSE(zones.Known("right/Europe/Paris"));
    EXPECT_FALSE(zones.Known("Europe"));    // a directory
    EXPECT_FALSE(zones.Known("zone.tab"));  // a file, not a zone
    EXPECT_FALSE(zones.Known("Mars/Olympus_Mons"));
    EXPECT_FALSE(zones.Known("Europe/Paris\n"));

    const insights::TimeZone& paris = zones.Get("Europe/Paris");
    EXPECT_EQ(paris.name, "Europe/Paris");
    EXPECT_EQ(&zones.Get("Europe/Paris"), &paris);  // read once
    EXPECT_EQ(insights::OffsetAt(paris, At(2026, 1, 15, 12)), 3600);
    EXPECT_EQ(insights::OffsetAt(paris, At(2026, 7, 15, 12)), 7200);
    EXPECT_EQ(insights::OffsetAt(zones.Get("Mars/Olympus_Mons"), At(2026, 7, 15, 12)), 0);
    EXPECT_EQ(&zones.Get(""), &zones.Get("Nowhere"));  // UTC for both
}

}  // namespace
}  // namespace portal::server::testing

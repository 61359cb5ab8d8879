// Telemetry through the real server: agent tokens (shown once, hashed at rest, revocable, good
// for POST /telemetry only), batches (accepted once, duplicates, conflicts, 400/413/422 with
// nothing stored), the roll-ups ingestion keeps, the live status with its long polls, raw
// retention, and rooms' time zones.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "api/telemetry_json.h"
#include "api_fixture.h"
#include "core/date.h"
#include "core/insights.h"
#include "model_fixture.h"
#include "server/config.h"
#include "server/database.h"
#include "server/insights_query.h"
#include "server/password.h"
#include "server/store.h"
#include "server/telemetry_store.h"
#include "test_database.h"

namespace portal::server {
namespace {

using testing::ApiAnswer;
using testing::ApiClient;
using testing::ApiTest;
using testing::Str;
using Json = api::Json;
using telemetry::FormatUtcTime;
using telemetry::Seconds;
using Steady = std::chrono::steady_clock;

class TelemetryApiTest : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        anne_ = std::make_unique<ApiClient>(SignInAs(testing::kAnne));
        hq_ = NorthwindHq();
        ApiAnswer rooms = anne_->Get("/api/v1/accounts/" + Str(hq_) + "/rooms");
        ASSERT_EQ(rooms.status, 200) << rooms.body;
        for (const Json& room : rooms.json["rooms"]) {
            Id id = room["id"].get<Id>();
            if (room["insights"].get<bool>()) {
                if (licensed_ == 0) licensed_ = id;
            } else if (unlicensed_ == 0) {
                unlicensed_ = id;
            }
        }
        ASSERT_NE(licensed_, 0) << "the demo has a room with Insights in Northwind HQ";
        ASSERT_NE(unlicensed_, 0) << "and one without";
        token_ = CreateToken(*anne_, hq_, "Lobby agent");
        ASSERT_FALSE(token_.empty());
    }

    Seconds Now() const {
        return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch())
            .count();
    }
    static std::string At(Seconds t) { return FormatUtcTime(t); }

    std::string CreateToken(const ApiClient& client, Id account, const std::string& name) {
        ApiAnswer answer =
            client.Post("/api/v1/accounts/" + Str(account) + "/agent-tokens", {{"name", name}});
        EXPECT_EQ(answer.status, 201) << answer.body;
        return answer.json.is_object() ? answer.json.value("token", "") : "";
    }

    // What an agent sends: the bearer token, JSON, no cookie and no X-Requested-With.
    ApiAnswer SendRaw(const std::string& token, const std::string& body) const {
        httplib::Client client("127.0.0.1", server_->Port());
        client.set_read_timeout(30, 0);
        httplib::Headers headers;
        if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
        auto result = client.Post("/api/v1/telemetry", headers, body, "application/json");
        ApiAnswer answer;
        if (!result) return answer;
        answer.status = result->status;
        answer.body = result->body;
        answer.headers = result->headers;
        answer.json = Json::parse(answer.body, nullptr, false);
        if (answer.json.is_discarded()) answer.json = nullptr;
        return answer;
    }
    ApiAnswer Send(const Json& batch, const std::string& token = "") const {
        return SendRaw(token.empty() ? token_ : token, batch.dump());
    }

    Json Occupancy(Id room, Seconds at, int people) const {
        return {{"type", "occupancy"}, {"roomId", room}, {"at", At(at)}, {"people", people}};
    }
    Json Meeting(Id room, Seconds start, Seconds end) const {
        return {{"type", "meeting"}, {"roomId", room}, {"start", At(start)}, {"end", At(end)}};
    }
    Json Device(const std::string& serial, Seconds at, bool online) const {
        return {{"type", "device"},
                {"serial", serial},
                {"at", At(at)},
                {"status", online ? "online" : "offline"},
                {"firmware", "1.12.4"}};
    }
    Json Batch(const std::string& id, Json events) const {
        return {{"batchId", id}, {"events", std::move(events)}};
    }

    // Rows of every table telemetry writes.
    int64_t TelemetryRows() const {
        return QueryInt(
            "SELECT (SELECT count(*) FROM occupancy_events) + (SELECT count(*) FROM meetings) +"
            " (SELECT count(*) FROM device_events) + (SELECT count(*) FROM room_hours) +"
            " (SELECT count(*) FROM room_status) + (SELECT count(*) FROM device_status) +"
            " (SELECT count(*) FROM telemetry_batches)");
    }

    ApiAnswer Status(const std::string& query = "") const {
        return anne_->Get("/api/v1/accounts/" + Str(hq_) + "/status" + query);
    }
    const Json* RoomIn(const ApiAnswer& status, Id room) const {
        for (const Json& entry : status.json["rooms"]) {
            if (entry["roomId"].get<Id>() == room) return &entry;
        }
        return nullptr;
    }
    std::string SerialIn(Id room) const {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        Statement query =
            db->Prepare("SELECT min(serial) FROM devices WHERE room_id = " + Str(room));
        query.Step();
        return query.ColumnText(0);
    }

    std::unique_ptr<ApiClient> anne_;
    Id hq_ = 0;
    Id licensed_ = 0;
    Id unlicensed_ = 0;
    std::string token_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Agent tokens

TEST_F(TelemetryApiTest, TokenIsShownOnceAndStoredHashed) {
    std::string path = "/api/v1/accounts/" + Str(hq_) + "/agent-tokens";
    ApiAnswer created =
        anne_->Post(path, {{"name", "Board room"}}, {{"Idempotency-Key", "board-room-token"}});
    ASSERT_EQ(created.status, 201) << created.body;
    // Sent again with the same key: the first answer held the token, which is never kept to be
    // replayed (the database scan below covers the idempotency store too).
    ApiAnswer replay =
        anne_->Post(path, {{"name", "Board room"}}, {{"Idempotency-Key", "board-room-token"}});
    EXPECT_EQ(replay.status, 409) << replay.body;
    EXPECT_EQ(replay.json["error"]["code"], "secret_not_replayed");
    std::string token = created.json["token"];
    EXPECT_GE(token.size(), 40u);
    EXPECT_EQ(created.json["name"], "Board room");
    EXPECT_TRUE(created.json["createdAt"].is_string());
    Id id = created.json["id"].get<Id>();

    ApiAnswer list = anne_->Get("/api/v1/accounts/" + Str(hq_) + "/agent-tokens");
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(list.body.find(token), std::string::npos) << "the list never shows a token";
    bool listed = false;
    for (const Json& entry : list.json["agentTokens"]) {
        EXPECT_FALSE(entry.contains("token"));
        if (entry["id"].get<Id>() != id) continue;
        listed = true;
        EXPECT_EQ(entry["name"], "Board room");
        EXPECT_EQ(entry["createdBy"].get<Id>(), UserNamed(testing::kAnne.email));
        EXPECT_TRUE(entry["lastUsedAt"].is_null());
        EXPECT_TRUE(entry["revokedAt"].is_null());
    }
    EXPECT_TRUE(listed) << list.body;

    // At rest: its SHA-256 only, nowhere in the database file as it is.
    EXPECT_EQ(
        QueryInt("SELECT count(*) FROM agent_tokens WHERE token_hash = '" + Sha256Hex(token) + "'"),
        1);
    if (!testing::UsingPostgres()) {  // a file to scan: SQLite's
        StopServer();                 // the WAL is checkpointed into the file on close
        std::ifstream file(config_.db_path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        ASSERT_GT(bytes.size(), 0u);
        EXPECT_EQ(bytes.find(token), std::string::npos);
        EXPECT_EQ(bytes.find(token.substr(4)), std::string::npos);
    }
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'agent_token.create'"
                       " AND object = 'agent-token:" +
                       Str(id) + "' AND after NOT LIKE '%" + token + "%'"),
              1);
}

TEST_F(TelemetryApiTest, OnlyAdminsAndOperatorsManageTokens) {
    std::string path = "/api/v1/accounts/" + Str(hq_) + "/agent-tokens";
    ApiClient louis = SignInAs(testing::kLouis);
    EXPECT_EQ(louis.Post(path, {{"name", "mine"}}).status, 403);  // read-only (R-ACC-1)
    EXPECT_EQ(louis.Get(path).status, 403);
    ApiClient dana = SignInAs(testing::kDana);
    EXPECT_EQ(dana.Post(path, {{"name", "theirs"}}).status, 404);  // another tenant
    ApiClient olivia = SignInAs(testing::kOlivia);
    EXPECT_EQ(olivia.Post(path, Json::object()).status, 201);  // an operator sets agents up
    EXPECT_EQ(olivia.Post("/api/v1/accounts/999999/agent-tokens", Json::object()).status, 404);
    EXPECT_EQ(anne_->Post(path, {{"name", ""}}).status, 400);
    EXPECT_EQ(anne_->Post(path, {{"name", 12}}).status, 400);
}

TEST_F(TelemetryApiTest, RevokedTokenAnswers401AtOnce) {
    std::string token = CreateToken(*anne_, hq_, "Soon revoked");
    ASSERT_EQ(Send(Batch("b-1", {Occupancy(licensed_, Now() - 60, 2)}), token).status, 200);
    Id id = QueryInt("SELECT id FROM agent_tokens WHERE token_hash = '" + Sha256Hex(token) + "'");
    EXPECT_EQ(SignInAs(testing::kDana).Delete("/api/v1/agent-tokens/" + Str(id)).status, 404);
    EXPECT_EQ(SignInAs(testing::kLouis).Delete("/api/v1/agent-tokens/" + Str(id)).status, 403);
    EXPECT_EQ(anne_->Delete("/api/v1/agent-tokens/999999").status, 404);

    ApiAnswer revoked = anne_->Delete("/api/v1/agent-tokens/" + Str(id));
    ASSERT_EQ(revoked.status, 204) << revoked.body;
    ApiAnswer refused = Send(Batch("b-2", {Occupancy(licensed_, Now() - 30, 1)}), token);
    EXPECT_EQ(refused.status, 401) << refused.body;
    EXPECT_EQ(refused.ErrorCode(), "unauthenticated");
    EXPECT_EQ(Send(Batch("b-3", {Occupancy(licensed_, Now() - 30, 1)})).status, 200)
        << "other tokens still work";
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'agent_token.revoke'"
                       " AND object = 'agent-token:" +
                       Str(id) + "'"),
              1);
    ApiAnswer list = anne_->Get("/api/v1/accounts/" + Str(hq_) + "/agent-tokens");
    for (const Json& entry : list.json["agentTokens"]) {
        if (entry["id"].get<Id>() == id) {
            EXPECT_TRUE(entry["revokedAt"].is_string());
            EXPECT_TRUE(entry["lastUsedAt"].is_string()) << "it was used once";
        }
    }
    EXPECT_EQ(anne_->Delete("/api/v1/agent-tokens/" + Str(id)).status, 204) << "idempotent";
}

TEST_F(TelemetryApiTest, AnAgentTokenAuthenticatesNoOtherRoute) {
    ApiClient agent = Anonymous();  // no cookie, only the bearer token
    httplib::Headers bearer = {{"Authorization", "Bearer " + token_}};
    for (const std::string& path : std::vector<std::string>{
             "/api/v1/me", "/api/v1/accounts", "/api/v1/accounts/" + Str(hq_) + "/rooms",
             "/api/v1/accounts/" + Str(hq_) + "/status",
             "/api/v1/accounts/" + Str(hq_) + "/agent-tokens"}) {
        EXPECT_EQ(agent.Get(path, bearer).status, 401) << path;
    }
    ApiAnswer post = agent.Post("/api/v1/accounts/" + Str(hq_) + "/agent-tokens",
                                {{"name", "escalation"}}, bearer);
    EXPECT_EQ(post.status, 401) << post.body;
    // And a session is no agent: POST /telemetry takes the bearer token only.
    ApiAnswer with_cookie =
        anne_->Post("/api/v1/telemetry", Batch("cookie", {Occupancy(licensed_, Now(), 1)}));
    EXPECT_EQ(with_cookie.status, 401) << with_cookie.body;
    EXPECT_EQ(SendRaw("", Batch("none", Json::array()).dump()).status, 401);
    EXPECT_EQ(SendRaw("agt_not-a-token", Batch("bad", Json::array()).dump()).status, 401);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Batches

TEST_F(TelemetryApiTest, ABatchIsStoredOnceByItsId) {
    Seconds now = Now();
    std::string serial = SerialIn(licensed_);
    ASSERT_FALSE(serial.empty());
    Json batch = Batch("agent-7/0001",
                       {Occupancy(licensed_, now - 600, 3),
                        Meeting(licensed_, now - 900, now - 300), Device(serial, now - 500, true)});
    // No X-Requested-With, no cookie: an agent is not a browser (the CSRF checks do not apply).
    ApiAnswer first = Send(batch);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.json,
              Json({{"batchId", "agent-7/0001"}, {"accepted", 3}, {"duplicate", false}}));
    int64_t rows = TelemetryRows();

    ApiAnswer again = Send(batch);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.json["duplicate"], true);
    EXPECT_EQ(again.json["accepted"], 3);
    EXPECT_EQ(TelemetryRows(), rows) << "nothing stored twice";

    batch["events"][0]["people"] = 4;
    ApiAnswer conflict = Send(batch);
    EXPECT_EQ(conflict.status, 409) << conflict.body;
    EXPECT_EQ(conflict.ErrorCode(), "batch_conflict");
    EXPECT_EQ(TelemetryRows(), rows);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM occupancy_events WHERE people = 4"), 0);

    // An Idempotency-Key changes nothing: the batch id is what counts.
    httplib::Client client("127.0.0.1", server_->Port());
    auto keyed = client.Post(
        "/api/v1/telemetry",
        {{"Authorization", "Bearer " + token_}, {"Idempotency-Key", "same-key"}},
        Batch("keyed-1", {Occupancy(licensed_, now - 100, 1)}).dump(), "application/json");
    auto keyed_again = client.Post(
        "/api/v1/telemetry",
        {{"Authorization", "Bearer " + token_}, {"Idempotency-Key", "same-key"}},
        Batch("keyed-2", {Occupancy(licensed_, now - 90, 2)}).dump(), "application/json");
    ASSERT_TRUE(keyed && keyed_again);
    EXPECT_EQ(keyed->status, 200) << keyed->body;
    EXPECT_EQ(keyed_again->status, 200) << keyed_again->body;
    EXPECT_FALSE(keyed_again->has_header("Idempotent-Replayed"));
}

// Issue 16: what counts is the batch, not its bytes. An agent that serialises a batch again
// (other key order, spacing, number spelling) replays it; a different batch is still 409.
TEST_F(TelemetryApiTest, ABatchSentAgainInOtherBytesIsAReplay) {
    Seconds now = Now();
    Json batch = Batch("agent-8/0001", {Occupancy(licensed_, now - 600, 3),
                                        Meeting(licensed_, now - 900, now - 300)});
    ApiAnswer first = SendRaw(token_, batch.dump());
    ASSERT_EQ(first.status, 200) << first.body;
    int64_t rows = TelemetryRows();

    // Pretty-printed; and every object's keys in reverse order (nlohmann sorts them).
    auto reversed = [](const Json& object) {
        std::string text;
        for (auto item = object.items().begin(); item != object.items().end(); ++item) {
            text = "\"" + item.key() + "\" : " + item.value().dump() +
                   (text.empty() ? "" : ",\n ") + text;
        }
        return "{ " + text + " }";
    };
    std::string events;
    for (const Json& event : batch["events"]) {
        events += (events.empty() ? "" : ", ") + reversed(event);
    }
    Json top = batch;
    top.erase("events");
    std::string rest = reversed(top);
    std::string reordered = "{\"events\": [" + events + "], " + rest.substr(1);
    Json replayed{{"batchId", "agent-8/0001"}, {"accepted", 2}, {"duplicate", true}};
    for (const std::string& body : {batch.dump(4), reordered}) {
        ASSERT_EQ(Json::parse(body), batch) << body;
        ApiAnswer again = SendRaw(token_, body);
        ASSERT_EQ(again.status, 200) << again.body << "\n" << body;
        EXPECT_EQ(again.json, replayed) << body;
    }
    EXPECT_EQ(TelemetryRows(), rows) << "nothing stored twice";

    batch["events"][0]["people"] = 4;
    ApiAnswer conflict = SendRaw(token_, batch.dump(2));
    EXPECT_EQ(conflict.status, 409) << conflict.body;
    EXPECT_EQ(conflict.ErrorCode(), "batch_conflict");
    EXPECT_EQ(TelemetryRows(), rows);
}

// Agents retry: the same batch racing itself is stored by exactly one of the requests.
TEST_F(TelemetryApiTest, TheSameBatchRacingItselfIsStoredOnce) {
    Json batch =
        Batch("race", {Occupancy(licensed_, Now() - 300, 2), Occupancy(licensed_, Now() - 200, 3),
                       Meeting(licensed_, Now() - 250, Now() - 100)});
    std::vector<std::future<ApiAnswer>> sends;
    for (int i = 0; i < 8; ++i) {
        sends.push_back(std::async(std::launch::async, [&] { return Send(batch); }));
    }
    int fresh = 0, duplicates = 0;
    for (auto& send : sends) {
        ApiAnswer answer = send.get();
        ASSERT_EQ(answer.status, 200) << answer.body;
        (answer.json["duplicate"].get<bool>() ? duplicates : fresh) += 1;
    }
    EXPECT_EQ(fresh, 1);
    EXPECT_EQ(duplicates, 7);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM occupancy_events"), 2);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM meetings"), 1);
}

TEST_F(TelemetryApiTest, AMalformedBatchIs400NamingTheFieldAndStoresNothing) {
    Seconds now = Now();
    ApiAnswer broken = SendRaw(token_, "{\"batchId\": \"x\", \"events\": [");
    EXPECT_EQ(broken.status, 400);
    EXPECT_EQ(broken.ErrorCode(), "bad_json");

    auto field_of = [](const ApiAnswer& answer) {
        std::set<std::string> fields;
        for (const Json& field : answer.json["error"]["details"]["fields"]) {
            fields.insert(field["field"].get<std::string>());
        }
        return fields;
    };
    Json bad_time = Batch("b", {Occupancy(licensed_, now, 1), Occupancy(licensed_, now, 1)});
    bad_time["events"][1]["at"] = "2026-11-20 09:15";
    ApiAnswer answer = Send(bad_time);
    EXPECT_EQ(answer.status, 400) << answer.body;
    EXPECT_EQ(field_of(answer), std::set<std::string>{"events[1].at"}) << answer.body;

    Json missing = Batch("b", {Occupancy(licensed_, now, 1)});
    missing["events"][0].erase("people");
    missing["events"].push_back({{"type", "sensor"}, {"roomId", licensed_}});
    missing["events"].push_back(Device("X1", now, true));
    missing["events"][2]["status"] = "asleep";
    missing["events"].push_back(Meeting(licensed_, now - 60, now));
    missing["events"][3]["roomId"] = "twelve";
    answer = Send(missing);
    EXPECT_EQ(answer.status, 400) << answer.body;
    EXPECT_EQ(field_of(answer), (std::set<std::string>{"events[0].people", "events[1].type",
                                                       "events[2].status", "events[3].roomId"}))
        << answer.body;

    answer = SendRaw(token_, R"({"events": []})");
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(field_of(answer), std::set<std::string>{"batchId"});
    EXPECT_EQ(TelemetryRows(), 0);
}

TEST_F(TelemetryApiTest, AForeignRoomIs422ExactlyLikeAMissingOneAndNothingIsStored) {
    Seconds now = Now();
    Id contoso_room = QueryInt("SELECT min(id) FROM rooms WHERE account_id = " + Str(Contoso()));
    ApiAnswer foreign =
        Send(Batch("f", {Occupancy(licensed_, now - 10, 1), Occupancy(contoso_room, now - 10, 1)}));
    ApiAnswer missing =
        Send(Batch("f", {Occupancy(licensed_, now - 10, 1), Occupancy(987654, now - 10, 1)}));
    EXPECT_EQ(foreign.status, 422) << foreign.body;
    EXPECT_EQ(foreign.body, missing.body)
        << "a foreign room answers byte for byte as a missing one";
    ASSERT_EQ(foreign.json["error"]["details"]["fields"].size(), 1u) << foreign.body;
    EXPECT_EQ(foreign.json["error"]["details"]["fields"][0]["field"], "events[1].roomId");
    std::string contoso_serial = "";
    {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        Statement query =
            db->Prepare("SELECT min(serial) FROM devices WHERE account_id = " + Str(Contoso()));
        query.Step();
        contoso_serial = query.ColumnText(0);
    }
    ApiAnswer device = Send(Batch("d", {Device(contoso_serial, now, false)}));
    EXPECT_EQ(device.status, 422);
    EXPECT_EQ(device.json["error"]["details"]["fields"][0]["field"], "events[0].serial");
    EXPECT_EQ(TelemetryRows(), 0) << "the whole batch is refused";
    // The refused batch id is free again: it was never taken.
    EXPECT_EQ(Send(Batch("f", {Occupancy(licensed_, now - 10, 1)})).status, 200);
}

TEST_F(TelemetryApiTest, BrokenRulesAre422NamingEachEvent) {
    Seconds now = Now();
    Seconds retention = int64_t{config_.telemetry_retention_days} * 86400;
    ApiAnswer answer = Send(Batch(
        "rules", {Occupancy(licensed_, now, 10001), Occupancy(licensed_, now, -1),
                  Meeting(licensed_, now - 60, now - 60), Meeting(licensed_, now - 90000, now),
                  Occupancy(licensed_, now + 301, 1), Occupancy(licensed_, now - retention - 1, 1),
                  Occupancy(licensed_, now + 300, 1), Meeting(licensed_, now - 60, now + 3000)}));
    ASSERT_EQ(answer.status, 422) << answer.body;
    std::vector<std::string> fields;
    for (const Json& field : answer.json["error"]["details"]["fields"]) {
        fields.push_back(field["field"]);
    }
    EXPECT_EQ(fields,
              (std::vector<std::string>{"events[0].people", "events[1].people", "events[2].end",
                                        "events[3].end", "events[4].at", "events[5].at"}))
        << answer.body;
    EXPECT_EQ(TelemetryRows(), 0);
}

TEST_F(TelemetryApiTest, OversizeBatchesAre413) {
    Json events = Json::array();
    for (int i = 0; i <= 10000; ++i) events.push_back(Occupancy(licensed_, Now() - 100, 1));
    ApiAnswer many = Send(Batch("many", events));
    EXPECT_EQ(many.status, 413) << many.body.substr(0, 300);
    EXPECT_EQ(many.json["error"]["details"]["fields"][0]["field"], "events");

    std::string huge = Batch("huge", Json::array()).dump();
    huge.insert(huge.size() - 1, ", \"padding\": \"" + std::string(1024 * 1024, 'x') + "\"");
    ApiAnswer big = SendRaw(token_, huge);
    EXPECT_EQ(big.status, 413) << big.body.substr(0, 300);
    EXPECT_EQ(TelemetryRows(), 0);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Roll-ups and retention

// Hours stored at ingest equal a roll-up of every event at once, however the events arrive:
// a late batch re-rolls the hours it changes.
TEST_F(TelemetryApiTest, StoredHoursMatchARollUpOfAllEventsWhateverTheOrder) {
    Seconds now = Now();
    Seconds base = now - now % insights::kHour - 6 * insights::kHour;
    std::string serial = SerialIn(licensed_);
    Json late = Batch("late", {Occupancy(licensed_, base + 1800, 5),
                               Meeting(licensed_, base + 600, base + 4200)});
    Json first = Batch("first", {Occupancy(licensed_, base, 2), Device(serial, base + 60, true),
                                 Occupancy(licensed_, base + 3 * 3600 + 15, 0)});
    Json last = Batch("last", {Occupancy(licensed_, base + 4 * 3600 + 600, 1),
                               Device(serial, base + 4 * 3600, false)});
    for (const Json& batch : {first, last, late}) ASSERT_EQ(Send(batch).status, 200);

    std::string error;
    auto store = Store::Open(DatabaseTarget(config_), error);
    ASSERT_TRUE(store) << error;
    Seconds computed_to =
        QueryInt("SELECT computed_to FROM room_hours_state WHERE room_id = " + Str(licensed_));
    EXPECT_EQ(computed_to, base + 4 * 3600 + 600) << "the room's latest observation";
    std::vector<insights::Bucket> with_data, expected;
    insights::RoomHistory history;
    ASSERT_TRUE(store->Read(
        [&](Store::Writer& w, std::string& e) {
            return ReadRoomHours(w.db(), licensed_, base - 3600, base + 5 * 3600, computed_to,
                                 with_data, e) &&
                   LoadRoomHistory(w.db(), licensed_, base - 3600, base + 5 * 3600, history, e);
        },
        error))
        << error;
    std::vector<Seconds> hours;
    for (Seconds h = base - 3600; h <= base + 5 * 3600; h += 3600) hours.push_back(h);
    expected = insights::RollUp(history, hours, computed_to);
    // The reader gives the hours with data; lay them out one per hour like the roll-up.
    std::vector<insights::Bucket> stored(expected.size());
    for (const insights::Bucket& bucket : with_data) {
        stored[static_cast<size_t>((bucket.start - hours.front()) / insights::kHour)] = bucket;
    }
    ASSERT_EQ(stored.size(), expected.size());
    for (size_t i = 0; i < stored.size(); ++i) {
        SCOPED_TRACE("hour " + std::to_string(i));
        EXPECT_EQ(stored[i].observed, expected[i].observed);
        EXPECT_EQ(stored[i].occupied, expected[i].occupied);
        EXPECT_DOUBLE_EQ(stored[i].person_seconds, expected[i].person_seconds);
        EXPECT_EQ(stored[i].people_peak, expected[i].people_peak);
        EXPECT_EQ(stored[i].meeting, expected[i].meeting);
        EXPECT_EQ(stored[i].device_in_use, expected[i].device_in_use);
    }
    EXPECT_EQ(stored[0].observed, 0) << "nothing is known before the first event";
    EXPECT_EQ(stored[1].people_peak, 5) << "the late event is in";
    EXPECT_EQ(stored[1].meeting, 3000);
    // Stored rows: every hour before the open tail that has data.
    EXPECT_EQ(QueryInt("SELECT count(*) FROM room_hours WHERE room_id = " + Str(licensed_) +
                       " AND hour < " + std::to_string(base + 4 * 3600)),
              4);
}

TEST_F(TelemetryApiTest, RawEventsOlderThanTheRetentionArePurgedRollUpsKept) {
    StopServer();
    config_.telemetry_retention_days = 1;
    StartServer();
    anne_ = std::make_unique<ApiClient>(SignInAs(testing::kAnne));
    token_ = CreateToken(*anne_, hq_, "Retention");
    Seconds now = Now();
    ASSERT_EQ(Send(Batch("old", {Occupancy(licensed_, now - 20 * 3600, 2),
                                 Occupancy(licensed_, now - 19 * 3600, 3)}))
                  .status,
              200);
    ApiAnswer too_old = Send(Batch("older", {Occupancy(licensed_, now - 25 * 3600, 2)}));
    EXPECT_EQ(too_old.status, 422) << too_old.body;
    int64_t hours = QueryInt("SELECT count(*) FROM room_hours WHERE room_id = " + Str(licensed_));
    EXPECT_GT(hours, 0);

    clock_.Advance(2 * 86400);
    ASSERT_EQ(Send(Batch("new", {Occupancy(licensed_, Now() - 60, 1)})).status, 200);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM occupancy_events WHERE room_id = " + Str(licensed_)),
              1)
        << "only the new event is left";
    EXPECT_GE(QueryInt("SELECT count(*) FROM room_hours WHERE room_id = " + Str(licensed_) +
                       " AND hour < " + std::to_string(now - 18 * 3600)),
              2)
        << "roll-ups are kept for ever";
}

// A batch of 500 events, duplicates and disorder included, is stored as its events one after
// the other would be (SQLite's loop; PostgreSQL stores each table's rows with one statement):
// a later event at the same second replaces the earlier, a meeting is kept once, the newest
// event sets the status, and the hours are the roll-up of what is stored.
TEST_F(TelemetryApiTest, ABatchOf500EventsIsStoredAsItsEventsOneByOne) {
    Seconds now = Now();
    Seconds base = now - 9 * insights::kHour;
    std::string serial = SerialIn(licensed_);
    uint64_t seed = 18;
    auto next = [&seed](uint64_t range) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        return static_cast<int64_t>((seed >> 33) % range);
    };
    struct DeviceRow {
        bool online = false;
        std::optional<std::string> firmware;
    };
    std::map<Seconds, int> occupancy;                    // at -> people, the last sent
    std::set<std::pair<Seconds, Seconds>> meetings;      // start, end
    std::map<Seconds, DeviceRow> device_events;          // at -> row, the last sent
    std::optional<std::pair<Seconds, int>> room_status;  // at, people
    std::optional<std::pair<Seconds, DeviceRow>> device_status;
    Json events = Json::array();
    for (int i = 0; i < 500; ++i) {
        switch (i % 5) {
            case 0:
            case 1:
            case 2: {
                Seconds at = base + next(200) * 150;
                int people = static_cast<int>(next(8));
                events.push_back(Occupancy(licensed_, at, people));
                occupancy[at] = people;
                if (!room_status || at > room_status->first ||
                    (at == room_status->first && people != room_status->second)) {
                    room_status = {at, people};
                }
                break;
            }
            case 3: {
                Seconds start = base + next(60) * 500;
                Seconds end = start + 300 + next(4) * 600;
                events.push_back(Meeting(licensed_, start, end));
                meetings.insert({start, end});
                break;
            }
            default: {
                Seconds at = base + next(50) * 600;
                DeviceRow row{next(2) == 1, std::nullopt};
                if (next(3) != 0) row.firmware = "1.12." + std::to_string(next(3));
                Json event = {{"type", "device"},
                              {"serial", serial},
                              {"at", At(at)},
                              {"status", row.online ? "online" : "offline"}};
                if (row.firmware) event["firmware"] = *row.firmware;
                events.push_back(event);
                device_events[at] = row;
                // device_status: the newest wins, a missing firmware keeps the one known.
                bool known = device_status.has_value();
                std::optional<std::string> firmware =
                    known && !row.firmware ? device_status->second.firmware : row.firmware;
                if (!known || at > device_status->first ||
                    (at == device_status->first && (row.online != device_status->second.online ||
                                                    firmware != device_status->second.firmware))) {
                    device_status = {at, DeviceRow{row.online, firmware}};
                }
                break;
            }
        }
    }
    ASSERT_LT(occupancy.size(), 300u) << "the batch holds events at the same second";
    ApiAnswer sent = Send(Batch("five-hundred", events));
    ASSERT_EQ(sent.status, 200) << sent.body.substr(0, 500);
    EXPECT_EQ(sent.json["accepted"], 500);

    // Raw events: exactly the expected rows.
    auto db = testing::OpenRaw(DatabaseTarget(config_));
    std::map<Seconds, int> stored_occupancy;
    Statement rows =
        db->Prepare("SELECT at, people FROM occupancy_events WHERE room_id = " + Str(licensed_));
    while (rows.Step() == Statement::StepResult::Row) {
        stored_occupancy[rows.ColumnInt(0)] = static_cast<int>(rows.ColumnInt(1));
    }
    EXPECT_EQ(stored_occupancy, occupancy);
    std::set<std::pair<Seconds, Seconds>> stored_meetings;
    Statement meeting_rows =
        db->Prepare("SELECT start, \"end\" FROM meetings WHERE room_id = " + Str(licensed_));
    while (meeting_rows.Step() == Statement::StepResult::Row) {
        stored_meetings.insert({meeting_rows.ColumnInt(0), meeting_rows.ColumnInt(1)});
    }
    EXPECT_EQ(stored_meetings, meetings);
    int device_rows = 0;
    Statement device_query = db->Prepare(
        "SELECT at, online, firmware FROM device_events WHERE serial = '" + serial + "'");
    while (device_query.Step() == Statement::StepResult::Row) {
        ++device_rows;
        auto expected = device_events.find(device_query.ColumnInt(0));
        ASSERT_NE(expected, device_events.end());
        EXPECT_EQ(device_query.ColumnInt(1) != 0, expected->second.online);
        EXPECT_EQ(
            device_query.ColumnIsNull(2) ? std::nullopt : std::optional(device_query.ColumnText(2)),
            expected->second.firmware);
    }
    EXPECT_EQ(device_rows, static_cast<int>(device_events.size()));

    // Status: the newest events.
    ApiAnswer status = Status();
    const Json* room = RoomIn(status, licensed_);
    ASSERT_TRUE(room) << status.body;
    EXPECT_EQ((*room)["people"], room_status->second);
    EXPECT_EQ((*room)["peopleAt"], At(room_status->first));
    bool seen = false;
    for (const Json& device : status.json["devices"]) {
        if (device["serial"] != serial) continue;
        seen = true;
        EXPECT_EQ(device["status"], device_status->second.online ? "online" : "offline");
        EXPECT_EQ(device["at"], At(device_status->first));
        Json firmware = device.contains("firmware") ? device["firmware"] : Json();
        if (device_status->second.firmware) {
            EXPECT_EQ(firmware, *device_status->second.firmware);
        } else {
            EXPECT_TRUE(firmware.is_null()) << device;
        }
    }
    EXPECT_TRUE(seen) << status.body;

    // Hours: the roll-up of the expected events, up to the room's latest observation.
    insights::RoomHistory history;
    Seconds latest = 0;
    for (const auto& [at, people] : occupancy) {
        history.occupancy.push_back({at, people});
        latest = std::max(latest, at);
    }
    for (const auto& [start, end] : meetings) {
        history.meetings.push_back({start, end});
        latest = std::max(latest, start);
    }
    for (const auto& [at, row] : device_events) {
        history.devices.push_back({serial, at, row.online});
        latest = std::max(latest, at);
    }
    Seconds computed_to =
        QueryInt("SELECT computed_to FROM room_hours_state WHERE room_id = " + Str(licensed_));
    EXPECT_EQ(computed_to, latest);
    std::vector<Seconds> hours;
    for (Seconds h = base - base % 3600 - 3600; h <= now; h += 3600) hours.push_back(h);
    std::vector<insights::Bucket> expected = insights::RollUp(history, hours, computed_to);
    std::vector<insights::Bucket> with_data;
    std::string error;
    auto store = Store::Open(DatabaseTarget(config_), error);
    ASSERT_TRUE(store) << error;
    ASSERT_TRUE(store->Read(
        [&](Store::Writer& w, std::string& e) {
            return ReadRoomHours(w.db(), licensed_, hours.front(), hours.back(), computed_to,
                                 with_data, e);
        },
        error))
        << error;
    std::vector<insights::Bucket> stored(expected.size());
    for (const insights::Bucket& bucket : with_data) {
        stored[static_cast<size_t>((bucket.start - hours.front()) / insights::kHour)] = bucket;
    }
    int with_observations = 0;
    for (size_t i = 0; i < stored.size(); ++i) {
        SCOPED_TRACE("hour " + std::to_string(i));
        EXPECT_EQ(stored[i].observed, expected[i].observed);
        EXPECT_EQ(stored[i].occupied, expected[i].occupied);
        EXPECT_NEAR(stored[i].person_seconds, expected[i].person_seconds, 0.5);
        EXPECT_EQ(stored[i].people_peak, expected[i].people_peak);
        EXPECT_EQ(stored[i].meeting, expected[i].meeting);
        EXPECT_EQ(stored[i].device_in_use, expected[i].device_in_use);
        if (expected[i].observed > 0) ++with_observations;
    }
    EXPECT_GE(with_observations, 8);
}

// PostgreSQL partitions raw telemetry and its roll-ups by month (issue 18): a year of it, 13
// calendar months, lands in 13 partitions, and the purge drops the months past the retention
// whole while the roll-ups stay.
TEST_F(TelemetryApiTest, AYearOfTelemetryLandsInMonthlyPartitionsAndThePurgeDropsExpiredOnes) {
    if (!testing::UsingPostgres()) GTEST_SKIP() << "partitions are PostgreSQL's";
    StopServer();
    config_.telemetry_retention_days = 400;
    StartServer();
    anne_ = std::make_unique<ApiClient>(SignInAs(testing::kAnne));
    token_ = CreateToken(*anne_, hq_, "A year");
    auto month_start = [](int year, int month) -> Seconds {
        return static_cast<Seconds>(DateFromYmd(year, month, 1).days) * insights::kDay;
    };
    Seconds now = Now();
    int year = 0, month = 0, day = 0;
    YmdFromDate(Date{static_cast<int>(now / insights::kDay)}, year, month, day);
    // The 15th at noon of each of the 12 months before this one, and a minute ago.
    Json events = Json::array();
    std::vector<std::pair<int, int>> months;  // year, month of each event, oldest first
    for (int back = 12; back >= 0; --back) {
        int m = month - back, y = year;
        while (m < 1) m += 12, --y;
        months.push_back({y, m});
        Seconds at = back == 0 ? now - 60 : month_start(y, m) + 14 * insights::kDay + 12 * 3600;
        events.push_back(Occupancy(licensed_, at, back % 4 + 1));
        events.push_back(Meeting(licensed_, at - 1800, at + (back == 0 ? 30 : 1800)));
    }
    ApiAnswer sent = Send(Batch("a-year", events));
    ASSERT_EQ(sent.status, 200) << sent.body;
    auto partition = [](const char* table, int y, int m) {
        char name[64];
        std::snprintf(name, sizeof name, "%s_p%04d%02d", table, y, m);
        return std::string(name);
    };
    auto exists = [&](const std::string& name) {
        return QueryInt("SELECT count(*) FROM pg_class WHERE relname = '" + name + "'") == 1;
    };
    for (const char* table : {"occupancy_events", "meetings", "room_hours"}) {
        EXPECT_EQ(QueryInt(std::string("SELECT count(DISTINCT tableoid) FROM ") + table), 13)
            << table;
        for (auto [y, m] : months) EXPECT_TRUE(exists(partition(table, y, m))) << table;
    }
    int64_t hours_before = QueryInt("SELECT count(*) FROM room_hours");

    // 100 days on, the retention of 400 days ends 300 days ago: the months that ended before
    // then are dropped whole (the purge runs with the next batch), the month it falls in loses
    // its older rows, the later ones are kept.
    clock_.Advance(100 * insights::kDay);
    ASSERT_EQ(Send(Batch("later", {Occupancy(licensed_, Now() - 60, 1)})).status, 200);
    Seconds before = Now() - 400 * insights::kDay;
    int dropped = 0;
    for (auto [y, m] : months) {
        int next_y = m == 12 ? y + 1 : y, next_m = m == 12 ? 1 : m + 1;
        bool expired = month_start(next_y, next_m) <= before;
        dropped += expired ? 1 : 0;
        EXPECT_EQ(exists(partition("occupancy_events", y, m)), !expired) << y << "-" << m;
        // Meetings last at most a day: a month is dropped once its last one has ended.
        EXPECT_EQ(exists(partition("meetings", y, m)),
                  month_start(next_y, next_m) > before - telemetry::kMaxMeetingSeconds)
            << y << "-" << m;
        EXPECT_TRUE(exists(partition("room_hours", y, m))) << "roll-ups are kept for ever";
    }
    EXPECT_GE(dropped, 2);
    EXPECT_EQ(
        QueryInt("SELECT count(*) FROM occupancy_events WHERE at < " + std::to_string(before)), 0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM meetings WHERE \"end\" < " + std::to_string(before)),
              0);
    EXPECT_GE(QueryInt("SELECT count(*) FROM room_hours"), hours_before);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM leases WHERE name = 'telemetry.purge'"), 1);
}

TEST_F(TelemetryApiTest, DeletingARoomDeletesItsTelemetry) {
    ApiAnswer room = anne_->Post(
        "/api/v1/accounts/" + Str(hq_) + "/rooms",
        {{"name", "Short-lived"}, {"site", "Paris"}, {"country", "FR"}, {"capacity", 4}});
    ASSERT_EQ(room.status, 201) << room.body;
    Id id = room.json["room"]["id"].get<Id>();
    ASSERT_EQ(Send(Batch("doomed", {Occupancy(id, Now() - 4000, 2), Occupancy(id, Now() - 10, 1),
                                    Meeting(id, Now() - 3000, Now() - 100)}))
                  .status,
              200);
    ASSERT_GT(QueryInt("SELECT count(*) FROM room_hours WHERE room_id = " + Str(id)), 0);
    EXPECT_EQ(anne_->Delete("/api/v1/rooms/" + Str(id)).status, 204);
    for (const char* table :
         {"occupancy_events", "meetings", "room_hours", "room_hours_state", "room_status"}) {
        EXPECT_EQ(
            QueryInt(std::string("SELECT count(*) FROM ") + table + " WHERE room_id = " + Str(id)),
            0)
            << table;
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Status

TEST_F(TelemetryApiTest, StatusShowsTheNewestEventsAndGatesPeopleOnTheLicense) {
    Seconds now = Now();
    std::string serial = SerialIn(licensed_);
    std::string other_serial = SerialIn(unlicensed_);
    ApiAnswer before = Status();
    ASSERT_EQ(before.status, 200) << before.body;
    const Json* room = RoomIn(before, licensed_);
    ASSERT_TRUE(room);
    EXPECT_EQ((*room)["state"], "unknown");
    EXPECT_TRUE((*room)["people"].is_null());

    ASSERT_EQ(
        Send(Batch("s1", {Occupancy(licensed_, now - 60, 3), Occupancy(unlicensed_, now - 60, 4)}))
            .status,
        200);
    // An older event arriving later does not win.
    ASSERT_EQ(Send(Batch("s2", {Occupancy(licensed_, now - 120, 7)})).status, 200);
    ApiAnswer status = Status();
    room = RoomIn(status, licensed_);
    ASSERT_TRUE(room) << status.body;
    EXPECT_EQ((*room)["insights"], true);
    EXPECT_EQ((*room)["people"], 3);
    EXPECT_EQ((*room)["peopleAt"], At(now - 60));
    EXPECT_EQ((*room)["inMeeting"], false);
    EXPECT_EQ((*room)["state"], "occupied");
    // R-GATE-1: a room without Insights shows no people, whatever its agent sends.
    const Json* other = RoomIn(status, unlicensed_);
    ASSERT_TRUE(other);
    EXPECT_EQ((*other)["insights"], false);
    EXPECT_TRUE((*other)["people"].is_null());
    EXPECT_TRUE((*other)["peopleAt"].is_null());
    EXPECT_TRUE((*other)["inMeeting"].is_null());
    EXPECT_EQ((*other)["state"], "unknown");

    ASSERT_EQ(Send(Batch("s3", {Meeting(licensed_, now - 300, now + 1800)})).status, 200);
    EXPECT_EQ((*RoomIn(Status(), licensed_))["state"], "meeting");
    EXPECT_EQ((*RoomIn(Status(), licensed_))["inMeeting"], true);

    ASSERT_EQ(Send(Batch("s4", {Device(serial, now - 30, false), Device(other_serial, now, false)}))
                  .status,
              200);
    status = Status();
    room = RoomIn(status, licensed_);
    EXPECT_EQ((*room)["state"], "offline");
    EXPECT_EQ((*room)["devicesOffline"], 1);
    // Device status does not depend on a license (R-GATE-4: support needs it anyway).
    EXPECT_EQ((*RoomIn(status, unlicensed_))["state"], "offline");
    bool seen = false;
    for (const Json& device : status.json["devices"]) {
        if (device["serial"] != serial) continue;
        seen = true;
        EXPECT_EQ(device["status"], "offline");
        EXPECT_EQ(device["roomId"].get<Id>(), licensed_);
        EXPECT_EQ(device["at"], At(now - 30));
        EXPECT_EQ(device["firmware"], "1.12.4");
    }
    EXPECT_TRUE(seen) << status.body;

    // The browser reads the same document back.
    telemetry::StatusDocument parsed;
    std::vector<api::FieldError> errors;
    EXPECT_TRUE(api::StatusFromJson(status.json, parsed, errors)) << status.body;
    EXPECT_EQ(api::StatusToJson(parsed), status.json);

    EXPECT_EQ(SignInAs(testing::kLouis).Get("/api/v1/accounts/" + Str(hq_) + "/status").status,
              200);
    EXPECT_EQ(SignInAs(testing::kDana).Get("/api/v1/accounts/" + Str(hq_) + "/status").status, 404);
    EXPECT_EQ(Status("?wait=soon").status, 400);
}

TEST_F(TelemetryApiTest, ALongPollReturnsSoonAfterABatchAndAtOnceForAStaleVersion) {
    ApiAnswer first = Status();
    ASSERT_EQ(first.status, 200);
    std::string version = first.json["version"];
    ASSERT_NE(version.find('-'), std::string::npos);

    auto started = Steady::now();
    ApiAnswer stale = Status("?since=not-this-boot-0&wait=20");
    EXPECT_EQ(stale.status, 200);
    EXPECT_LT(Steady::now() - started, std::chrono::seconds(1)) << "another version: at once";

    std::future<std::pair<ApiAnswer, Steady::time_point>> poll =
        std::async(std::launch::async, [&] {
            ApiAnswer answer = Status("?since=" + version + "&wait=20");
            return std::make_pair(answer, Steady::now());
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    ASSERT_EQ(poll.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
        << "the current version waits";
    auto sent = Steady::now();
    ASSERT_EQ(Send(Batch("wake", {Occupancy(licensed_, Now() - 5, 2)})).status, 200);
    ASSERT_EQ(poll.wait_for(std::chrono::seconds(2)), std::future_status::ready)
        << "the poll answers within 2 s of the batch";
    auto [answer, returned] = poll.get();
    EXPECT_LT(returned - sent, std::chrono::seconds(2));
    EXPECT_EQ(answer.status, 200);
    EXPECT_NE(answer.json["version"], version);
    EXPECT_EQ((*RoomIn(answer, licensed_))["people"], 2);

    // A batch that changes nothing moves no version.
    std::string now_version = answer.json["version"];
    ASSERT_EQ(Send(Batch("same", {Occupancy(licensed_, Now() - 5, 2)})).status, 200);
    EXPECT_EQ(Status().json["version"], now_version);
    started = Steady::now();
    ApiAnswer timed_out = Status("?since=" + now_version + "&wait=1");
    EXPECT_EQ(timed_out.status, 200);
    EXPECT_GE(Steady::now() - started, std::chrono::milliseconds(900)) << "waited out";
}

TEST_F(TelemetryApiTest, AtMost32PollsWaitAndStoppingTheServerEndsThem) {
    std::string version = Status().json["version"];
    std::vector<std::future<ApiAnswer>> polls;
    for (int i = 0; i < StatusBoard::kMaxWaiters; ++i) {
        polls.push_back(std::async(std::launch::async,
                                   [&] { return Status("?since=" + version + "&wait=25"); }));
    }
    // Until all 32 wait, a 33rd may still be one of them: wait for the board to fill.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    for (auto& poll : polls) {
        ASSERT_EQ(poll.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
    }
    auto started = Steady::now();
    ApiAnswer extra = Status("?since=" + version + "&wait=25");
    EXPECT_EQ(extra.status, 200);
    EXPECT_LT(Steady::now() - started, std::chrono::seconds(2)) << "the 33rd answers at once";

    started = Steady::now();
    server_->Stop();
    thread_.join();
    EXPECT_LT(Steady::now() - started, std::chrono::seconds(5)) << "Stop does not wait them out";
    for (auto& poll : polls) {
        EXPECT_EQ(poll.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    }
    server_.reset();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Rooms' time zones

TEST_F(TelemetryApiTest, RoomsCarryAKnownTimeZone) {
    std::string rooms = "/api/v1/accounts/" + Str(hq_) + "/rooms";
    ApiAnswer demo = anne_->Get("/api/v1/rooms/" + Str(RoomNamed("Salle Étoile")));
    ASSERT_EQ(demo.status, 200);
    EXPECT_EQ(demo.json["room"]["timeZone"], "Europe/Paris");
    ApiAnswer list = anne_->Get(rooms);
    for (const Json& room : list.json["rooms"]) EXPECT_TRUE(room.contains("timeZone"));

    ApiAnswer created = anne_->Post(rooms, {{"name", "Tokyo"},
                                            {"site", "Tokyo"},
                                            {"country", "JP"},
                                            {"capacity", 6},
                                            {"timeZone", "Asia/Tokyo"}});
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json["room"]["timeZone"], "Asia/Tokyo");
    Id id = created.json["room"]["id"].get<Id>();
    ApiAnswer utc = anne_->Post(
        rooms, {{"name", "UTC"}, {"site", "Tokyo"}, {"country", "JP"}, {"capacity", 6}});
    ASSERT_EQ(utc.status, 201);
    EXPECT_TRUE(utc.json["room"]["timeZone"].is_null());

    ApiAnswer unknown = anne_->Post(rooms, {{"name", "Olympus"},
                                            {"site", "Mars"},
                                            {"country", "FR"},
                                            {"capacity", 6},
                                            {"timeZone", "Mars/Olympus_Mons"}});
    EXPECT_EQ(unknown.status, 422) << unknown.body;
    EXPECT_EQ(unknown.json["error"]["details"]["fields"][0]["field"], "timeZone");
    for (const char* bad : {"../../etc/passwd", "posix/Europe/Paris", "Europe"}) {
        EXPECT_EQ(anne_
                      ->Post(rooms, {{"name", std::string("Bad ") + bad},
                                     {"site", "S"},
                                     {"country", "FR"},
                                     {"capacity", 6},
                                     {"timeZone", bad}})
                      .status,
                  422)
            << bad;
    }
    EXPECT_EQ(anne_
                  ->Post(rooms, {{"name", "Typed"},
                                 {"site", "S"},
                                 {"country", "FR"},
                                 {"capacity", 6},
                                 {"timeZone", 1}})
                  .status,
              400);

    std::string path = "/api/v1/rooms/" + Str(id);
    ApiAnswer patched = anne_->Patch(path, {{"timeZone", "Nowhere/Land"}}, {{"If-Match", "*"}});
    EXPECT_EQ(patched.status, 422) << patched.body;
    EXPECT_EQ(patched.json["error"]["details"]["fields"][0]["field"], "timeZone");
    patched = anne_->Patch(path, {{"timeZone", "America/Chicago"}}, {{"If-Match", "*"}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.json["room"]["timeZone"], "America/Chicago");
    patched = anne_->Patch(path, {{"timeZone", nullptr}}, {{"If-Match", "*"}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_TRUE(patched.json["room"]["timeZone"].is_null());

    ApiAnswer imported =
        anne_->Post(rooms + "/import", Json::array({{{"name", "Imp 1"},
                                                     {"site", "S"},
                                                     {"country", "FR"},
                                                     {"capacity", 2},
                                                     {"timeZone", "Europe/Paris"}},
                                                    {{"name", "Imp 2"},
                                                     {"site", "S"},
                                                     {"country", "FR"},
                                                     {"capacity", 2},
                                                     {"timeZone", "Europe/Pariss"}}}));
    EXPECT_EQ(imported.status, 422) << imported.body;
    EXPECT_EQ(imported.json["error"]["details"]["fields"][0]["field"], "rooms[1].timeZone");
    ApiAnswer csv = anne_->PostText(rooms + "/import",
                                    "name,site,country,capacity,time zone\n"
                                    "Csv room,S,FR,3,Europe/Berlin\n",
                                    "text/csv");
    ASSERT_EQ(csv.status, 201) << csv.body;
    EXPECT_EQ(csv.json["created"][0]["timeZone"], "Europe/Berlin");
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Pieces

TEST(TelemetryTimes, ParseIso8601Utc) {
    Seconds t = 0;
    ASSERT_TRUE(telemetry::ParseUtcTime("2026-11-20T09:15:00Z", t));
    EXPECT_EQ(FormatUtcTime(t), "2026-11-20T09:15:00Z");
    Seconds same = 0;
    EXPECT_TRUE(telemetry::ParseUtcTime("2026-11-20T09:15:00.750Z", same));
    EXPECT_EQ(same, t);
    EXPECT_TRUE(telemetry::ParseUtcTime("2026-11-20T09:15:00+00:00", same));
    EXPECT_EQ(same, t);
    for (const char* bad : {"2026-11-20T09:15:00", "2026-11-20T09:15:00+01:00", "2026-11-20",
                            "2026-02-30T09:15:00Z", "2026-11-20T24:00:00Z", "2026-11-20T09:15Z",
                            "2026-11-20T09:15:00.Z", " 2026-11-20T09:15:00Z"}) {
        EXPECT_FALSE(telemetry::ParseUtcTime(bad, same)) << bad;
    }
    EXPECT_EQ(FormatUtcTime(0), "1970-01-01T00:00:00Z");
}

// The browser and the simulator read what the server writes: every document reads back as it was.
TEST(TelemetryJson, DocumentsReadBackAsWritten) {
    telemetry::Batch batch;
    batch.batch_id = "agent/42";
    telemetry::Event occupancy;
    occupancy.room_id = 12;
    occupancy.at = 1'795'000'000;
    occupancy.people = 3;
    telemetry::Event meeting;
    meeting.type = telemetry::EventType::Meeting;
    meeting.room_id = 12;
    meeting.start = 1'795'000'000;
    meeting.end = 1'795'003'600;
    telemetry::Event device;
    device.type = telemetry::EventType::Device;
    device.serial = "2231RB0A1F01";
    device.at = 1'795'000'060;
    device.online = true;
    device.firmware = "1.2.3";
    batch.events = {occupancy, meeting, device};
    Json json = api::BatchToJson(batch);
    telemetry::Batch back;
    std::vector<api::FieldError> errors;
    ASSERT_TRUE(api::BatchFromJson(json, back, errors));
    EXPECT_EQ(api::BatchToJson(back), json);
    EXPECT_EQ(json["events"][0]["at"], "2026-11-18T11:06:40Z");

    telemetry::AgentToken token;
    token.id = 7;
    token.name = "Lobby";
    token.created_at = 1'795'000'000;
    token.created_by = 3;
    token.revoked_at = 1'795'000'100;
    std::vector<telemetry::AgentToken> tokens = {token};
    Json list = api::AgentTokensToJson(tokens);
    EXPECT_FALSE(list["agentTokens"][0].contains("token"));
    EXPECT_TRUE(list["agentTokens"][0]["lastUsedAt"].is_null());
    std::vector<telemetry::AgentToken> read;
    ASSERT_TRUE(api::AgentTokensFromJson(list, read, errors));
    EXPECT_EQ(api::AgentTokensToJson(read), list);
    token.token = "agt_secret";
    EXPECT_EQ(api::AgentTokenToJson(token)["token"], "agt_secret");

    Json bad = {{"version", "x-1"},
                {"at", "2026-11-20T09:00:00Z"},
                {"rooms", {{{"roomId", 1}, {"insights", true}, {"state", "busy"}}}},
                {"devices", Json::array()}};
    telemetry::StatusDocument status;
    errors.clear();
    EXPECT_FALSE(api::StatusFromJson(bad, status, errors));
    std::set<std::string> fields;
    for (const api::FieldError& error : errors) fields.insert(error.field);
    EXPECT_TRUE(fields.count("rooms[0].state")) << fields.size();
    EXPECT_TRUE(fields.count("rooms[0].devicesOnline"));
}

// The state a room shows, in the order the contract gives.
TEST(TelemetryStatus, StateFollowsTheContract) {
    using telemetry::RoomState;
    using telemetry::StateOf;
    EXPECT_EQ(StateOf(true, 1, true, 3), RoomState::Offline);
    EXPECT_EQ(StateOf(true, 0, true, 0), RoomState::Meeting);
    EXPECT_EQ(StateOf(true, 0, false, 2), RoomState::Occupied);
    EXPECT_EQ(StateOf(true, 0, false, 0), RoomState::Free);
    EXPECT_EQ(StateOf(true, 0, false, std::nullopt), RoomState::Unknown);
    // R-GATE-1: without Insights, people and meetings say nothing.
    EXPECT_EQ(StateOf(false, 0, true, 4), RoomState::Unknown);
    EXPECT_EQ(StateOf(false, 2, std::nullopt, std::nullopt), RoomState::Offline);
}

TEST(TelemetryConfig, RetentionComesFromTheEnvironment) {
    Config config;
    EXPECT_EQ(config.telemetry_retention_days, 400);
    std::string error;
    auto env = [](const char* name) -> std::optional<std::string> {
        if (std::string(name) == "PORTAL_TELEMETRY_RETENTION_DAYS") return "30";
        return std::nullopt;
    };
    ASSERT_EQ(ParseConfig({}, env, config, error), ParseOutcome::Run) << error;
    EXPECT_EQ(config.telemetry_retention_days, 30);
    EXPECT_EQ(ParseConfig({"--telemetry-retention-days", "0"}, env, config, error),
              ParseOutcome::Error);
}

}  // namespace
}  // namespace portal::server

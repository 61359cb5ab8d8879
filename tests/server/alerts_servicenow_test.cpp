// Alerts into ServiceNow (servicenow_fake.h: the Table API with basic and OAuth credentials and
// injected faults) through the real server: exactly one incident per alert whatever happens
// between the create and its record (a lost answer, a 5xx, a 429 with Retry-After, two servers
// sharing the database, a kill -9 of the server in the middle of the create), the resolve sent
// once with its state and close code, a re-fire within 15 minutes reopening the same incident,
// and a flapping device held to one incident and at most two notifications.
#include <gtest/gtest.h>

#include "alerts_fixture.h"
#include "model_fixture.h"
#include "process_support.h"
#include "server/alerts/alert_worker.h"
#include "server/database.h"
#include "server/mail.h"
#include "servicenow_fake.h"

namespace portal::server {
namespace {

using Json = api::Json;
using testing::AlertsTest;
using testing::ApiAnswer;
using testing::ApiClient;
using testing::Contains;
using testing::kEtoileBar;
using testing::kEtoileTap;
using testing::kOperaBar;
using testing::ServiceNowFake;
using testing::Str;
using testing::WaitUntil;

std::string QueryText(const std::string& target, const std::string& sql) {
    auto db = testing::OpenRaw(target);
    Statement query = db->Prepare(sql);
    if (!query.Valid() || query.Step() != Statement::StepResult::Row) return "";
    return query.ColumnText(0);
}

class AlertsServiceNowTest : public AlertsTest {
  protected:
    // A ServiceNow channel to fake and a rule (forSeconds 0) to it, the default rule off.
    Id Connect(const ServiceNowFake& fake, const std::string& auth = "basic",
               const std::string& severity = "critical") {
        DisableDefaultRule();
        Json credentials = auth == "basic" ? Json{{"type", "basic"},
                                                  {"username", fake.options().user},
                                                  {"password", fake.options().password}}
                                           : Json{{"type", "oauth"},
                                                  {"clientId", fake.options().client_id},
                                                  {"clientSecret", fake.options().client_secret}};
        Id channel = CreateChannel({{"type", "servicenow"},
                                    {"name", "ServiceNow"},
                                    {"instanceUrl", fake.Url()},
                                    {"auth", credentials},
                                    {"assignmentGroup", "AV Support"}});
        rule_ = CreateRule(
            {{"name", "Device offline"}, {"severity", severity}, {"channels", {channel}}});
        return channel;
    }

    // The alert on serial, once its delivery of kind is delivered.
    Json Delivered(const std::string& serial, const std::string& kind = "firing",
                   std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        Json found;
        WaitUntil(
            [&] {
                Json alert = AlertOn(Alerts(), serial);
                if (alert.is_null()) return false;
                for (const Json& delivery : alert["deliveries"]) {
                    if (delivery["kind"] == kind && delivery["status"] == "delivered") {
                        found = alert;
                    }
                }
                return !found.is_null();
            },
            timeout);
        return found;
    }
    static Json DeliveryOf(const Json& alert, const std::string& kind) {
        Json last;
        for (const Json& delivery : alert["deliveries"]) {
            if (delivery["kind"] == kind) last = delivery;
        }
        return last;
    }
    std::string CorrelationOf(Id alert) const {
        return "portal:" +
               QueryText(database_.target(),
                         "SELECT value FROM settings WHERE name = 'install_id'") +
               ":alert:" + Str(alert);
    }
    // Nothing more reaches the fake for a few ticks.
    static bool Quiet(const ServiceNowFake& fake) {
        size_t requests = fake.Requests().size();
        return !WaitUntil([&] { return fake.Requests().size() != requests; },
                          std::chrono::milliseconds(300));
    }

    // Another server on the same database file and key (another port, the same clock_), stopped
    // and joined however the test ends.
    struct SecondServer {
        testing::LogCapture log;
        std::unique_ptr<Logger> logger = log.MakeLogger();
        std::unique_ptr<Server> server;
        std::thread thread;
        ~SecondServer() {
            if (!server) return;
            server->Stop();
            if (thread.joinable()) thread.join();
        }
    };
    void StartSecond(SecondServer& second) {
        Config config = config_;
        config.port = 0;
        second.server = std::make_unique<Server>(config, *second.logger);
        second.server->SetClock([this] { return clock_.Now(); });
        std::string error;
        ASSERT_TRUE(second.server->Start(error)) << error;
        second.thread = std::thread([&second] { second.server->Run(); });
    }

    Id rule_ = 0;
    // The killed process's database: outlives the server that TearDown stops.
    testing::TestDatabase killed_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] One incident per alert, resolved once

TEST_F(AlertsServiceNowTest, AnIncidentIsOpenedWithBasicAuthAndResolvedOnce) {
    ServiceNowFake fake;
    Connect(fake);
    SetOnline(kEtoileBar, false);
    Json alert = Delivered(kEtoileBar);
    ASSERT_FALSE(alert.is_null()) << Alerts().dump();
    Id id = alert["id"].get<Id>();
    std::vector<ServiceNowFake::Incident> incidents = fake.Incidents();
    ASSERT_EQ(incidents.size(), 1u);
    ServiceNowFake::Incident incident = incidents[0];
    EXPECT_EQ(DeliveryOf(alert, "firing")["externalId"], incident["sys_id"]);
    EXPECT_EQ(incident["correlation_id"], CorrelationOf(id));
    EXPECT_EQ(incident["correlation_display"], "Service Portal");
    EXPECT_EQ(incident["urgency"], "1");  // critical
    EXPECT_EQ(incident["impact"], "1");
    EXPECT_EQ(incident["category"], "hardware");
    EXPECT_EQ(incident["assignment_group"], "AV Support");
    EXPECT_EQ(incident["short_description"],
              "Salle Étoile (Paris — La Défense): device offline " + std::string(kEtoileBar));
    EXPECT_TRUE(Contains(incident["description"],
                         "https://portal.example/#/alerts/" + Str(id) + "?account=" + Str(hq_)))
        << incident["description"];
    // Looked up by its correlation id before it was created, with the channel's credentials.
    std::vector<ServiceNowFake::Request> requests = fake.Requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].method, "GET");
    EXPECT_EQ(requests[0].params["sysparm_query"], "correlation_id=" + CorrelationOf(id));
    EXPECT_EQ(requests[1].method, "POST");
    for (const auto& request : requests) EXPECT_EQ(request.auth, "basic");

    // Back online; the resolve waits for the settle time, then goes once.
    clock_.Advance(30);
    SetOnline(kEtoileBar, true);
    clock_.Advance(119);
    EXPECT_TRUE(Quiet(fake));
    EXPECT_EQ(fake.RequestCount("PATCH"), 0);
    clock_.Advance(1);
    ASSERT_FALSE(Delivered(kEtoileBar, "resolved").is_null());
    ASSERT_EQ(fake.RequestCount("PATCH"), 1);
    ServiceNowFake::Incident closed = *fake.Find(incident["sys_id"]);
    EXPECT_EQ(closed["state"], "6");
    EXPECT_EQ(closed["close_code"], "Solved (Permanently)");
    EXPECT_TRUE(Contains(closed["close_notes"], "Service Portal")) << closed["close_notes"];
    clock_.Advance(600);
    EXPECT_TRUE(Quiet(fake));
    EXPECT_EQ(fake.RequestCount("PATCH"), 1);
    EXPECT_EQ(fake.RequestCount("POST"), 1);
    EXPECT_EQ(fake.Incidents().size(), 1u);
}

TEST_F(AlertsServiceNowTest, OAuthGetsOneTokenForTheCreateAndTheResolve) {
    ServiceNowFake fake;
    Connect(fake, "oauth", "minor");
    SetOnline(kEtoileBar, false);
    ASSERT_FALSE(Delivered(kEtoileBar).is_null());
    ASSERT_EQ(fake.Incidents().size(), 1u);
    EXPECT_EQ(fake.Incidents()[0]["urgency"], "3");  // minor
    EXPECT_EQ(fake.Incidents()[0]["impact"], "2");
    clock_.Advance(30);
    SetOnline(kEtoileBar, true);
    clock_.Advance(120);
    ASSERT_FALSE(Delivered(kEtoileBar, "resolved").is_null());
    EXPECT_EQ(fake.TokensIssued(), 1);
    for (const auto& request : fake.Requests()) {
        if (request.path == "/oauth_token.do") {
            EXPECT_EQ(request.params.at("grant_type"), "client_credentials");
        } else {
            EXPECT_EQ(request.auth, "bearer") << request.method << " " << request.path;
        }
    }
    EXPECT_EQ((*fake.Find(fake.Incidents()[0]["sys_id"]))["state"], "6");
}

// The create's answer never comes (the instance created the incident, the client timed out):
// the retry finds the incident by its correlation id and makes no second one.
TEST_F(AlertsServiceNowTest, ALostCreateAnswerMakesNoSecondIncident) {
    ServiceNowFake::Options options;
    options.drop_hold = std::chrono::seconds(25);  // beyond the client's 15 s total timeout
    ServiceNowFake fake(options);
    Connect(fake);
    fake.DropAnswerAfterCreateNext();
    SetOnline(kEtoileBar, false);
    ASSERT_TRUE(WaitUntil([&] { return fake.Incidents().size() == 1; }));
    Json alert = AlertOn(Alerts(), kEtoileBar);
    Id id = alert["id"].get<Id>();
    // The attempt ends without an answer: retried after the backoff.
    ASSERT_TRUE(WaitUntil(
        [&] {
            return QueryInt("SELECT attempts FROM alert_deliveries WHERE alert_id = " + Str(id)) ==
                   1;
        },
        std::chrono::seconds(20)));
    Json pending = DeliveryOf(Alert(id), "firing");
    EXPECT_EQ(pending["status"], "pending");
    EXPECT_TRUE(Contains(pending["lastError"], "no answer in time")) << pending;
    clock_.Advance(RetryDelaySeconds(1));
    Json delivered = Delivered(kEtoileBar);
    ASSERT_FALSE(delivered.is_null());
    EXPECT_EQ(DeliveryOf(delivered, "firing")["externalId"], fake.Incidents()[0]["sys_id"]);
    EXPECT_EQ(DeliveryOf(delivered, "firing")["attempts"], 2);
    EXPECT_EQ(fake.RequestCount("POST"), 1);
    EXPECT_EQ(fake.Incidents().size(), 1u);
}

// 5xx on the way in and on the way out: retried with backoff, one incident, one resolve.
TEST_F(AlertsServiceNowTest, ServerErrorsAreRetriedAndTheResolveIsNeverLost) {
    ServiceNowFake fake;
    Connect(fake);
    fake.FailNext(2, 503);
    SetOnline(kEtoileBar, false);
    Json alert;
    ASSERT_TRUE(WaitUntil([&] {
        alert = AlertOn(Alerts(), kEtoileBar);
        return !alert.is_null() && DeliveryOf(alert, "firing")["attempts"] == 1;
    }));
    EXPECT_TRUE(Contains(DeliveryOf(alert, "firing")["lastError"], "503")) << alert;
    EXPECT_TRUE(Quiet(fake)) << "the next attempt waits for its backoff";
    clock_.Advance(RetryDelaySeconds(1));
    ASSERT_TRUE(WaitUntil(
        [&] { return DeliveryOf(AlertOn(Alerts(), kEtoileBar), "firing")["attempts"] == 2; }));
    clock_.Advance(RetryDelaySeconds(2));
    ASSERT_FALSE(Delivered(kEtoileBar).is_null());
    EXPECT_EQ(fake.Incidents().size(), 1u);
    EXPECT_EQ(fake.RequestCount("POST"), 1);

    clock_.Advance(30);
    SetOnline(kEtoileBar, true);
    fake.FailNext(1, 502);
    clock_.Advance(120);
    ASSERT_TRUE(WaitUntil([&] { return fake.RequestCount("PATCH") == 1; }));
    EXPECT_TRUE(Delivered(kEtoileBar, "resolved", std::chrono::milliseconds(300)).is_null());
    clock_.Advance(RetryDelaySeconds(1));
    ASSERT_FALSE(Delivered(kEtoileBar, "resolved").is_null());
    EXPECT_EQ(fake.RequestCount("PATCH"), 2);
    EXPECT_EQ((*fake.Find(fake.Incidents()[0]["sys_id"]))["state"], "6");
}

TEST_F(AlertsServiceNowTest, ARateLimitWaitsForRetryAfter) {
    ServiceNowFake fake;
    Connect(fake);
    fake.RateLimitNext(1, 90);
    SetOnline(kEtoileBar, false);
    ASSERT_TRUE(WaitUntil([&] { return fake.Requests().size() == 1; }));
    ASSERT_TRUE(WaitUntil([&] { return QueryInt("SELECT attempts FROM alert_deliveries") == 1; }));
    EXPECT_EQ(QueryInt("SELECT next_attempt_at FROM alert_deliveries"), Now() + 90);
    clock_.Advance(RetryDelaySeconds(1));  // the usual backoff is not enough
    EXPECT_TRUE(Quiet(fake));
    clock_.Advance(89 - RetryDelaySeconds(1));
    EXPECT_TRUE(Quiet(fake));
    EXPECT_EQ(fake.Incidents().size(), 0u);
    clock_.Advance(1);
    ASSERT_FALSE(Delivered(kEtoileBar).is_null());
    EXPECT_EQ(fake.Incidents().size(), 1u);
}

// Firing again within 15 minutes of resolving is the same alert: its incident is reopened.
TEST_F(AlertsServiceNowTest, AReFireWithinFifteenMinutesReopensTheSameIncident) {
    ServiceNowFake fake;
    Connect(fake);
    SetOnline(kEtoileBar, false);
    Json first = Delivered(kEtoileBar);
    ASSERT_FALSE(first.is_null());
    clock_.Advance(30);
    SetOnline(kEtoileBar, true);
    clock_.Advance(120);
    ASSERT_FALSE(Delivered(kEtoileBar, "resolved").is_null());
    std::string sys_id = fake.Incidents()[0]["sys_id"];
    ASSERT_EQ((*fake.Find(sys_id))["state"], "6");

    clock_.Advance(10 * 60);
    SetOnline(kEtoileBar, false);
    Json again = AlertOn(Alerts(), kEtoileBar);
    EXPECT_EQ(again["id"], first["id"]) << "the same alert";
    EXPECT_EQ(again["state"], "firing");
    ASSERT_TRUE(WaitUntil([&] { return (*fake.Find(sys_id))["state"] == "2"; })) << "reopened";
    EXPECT_EQ(fake.RequestCount("POST"), 1);
    EXPECT_EQ(fake.Incidents().size(), 1u);
    EXPECT_EQ(Alerts().size(), 1u);

    // ... and resolved again.
    clock_.Advance(30);
    SetOnline(kEtoileBar, true);
    clock_.Advance(120);
    ASSERT_TRUE(WaitUntil([&] { return (*fake.Find(sys_id))["state"] == "6"; }));
    EXPECT_EQ(Deliveries(first["id"].get<Id>()), 4);
    EXPECT_EQ(fake.Incidents().size(), 1u);
}

// A device flapping online/offline every 30 s for 10 minutes: one incident, and no more than a
// firing and a resolved notification.
TEST_F(AlertsServiceNowTest, AFlappingDeviceMakesOneIncidentAndAtMostTwoNotifications) {
    ServiceNowFake fake;
    Connect(fake);
    bool online = true;
    for (int step = 0; step < 20; ++step) {
        online = !online;
        SetOnline(kEtoileBar, online);
        clock_.Advance(30);
    }
    ASSERT_TRUE(online) << "it ends online";
    Json alert = AlertOn(Alerts(), kEtoileBar);
    ASSERT_FALSE(alert.is_null());
    Id id = alert["id"].get<Id>();
    EXPECT_EQ(alert["flapping"], true);
    EXPECT_EQ(alert["state"], "firing") << "a flapping alert stays firing";
    EXPECT_EQ(Alerts().size(), 1u);
    ASSERT_FALSE(Delivered(kEtoileBar).is_null());
    EXPECT_EQ(Deliveries(id), 1);

    // Quiet for the flapping window: it stops flapping, resolves, and says so once.
    clock_.Advance(30 * 60);
    ASSERT_TRUE(WaitUntil([&] { return Alert(id)["state"] == "resolved"; }));
    EXPECT_EQ(Alert(id)["flapping"], false);
    clock_.Advance(120);
    ASSERT_FALSE(Delivered(kEtoileBar, "resolved").is_null());
    EXPECT_TRUE(Quiet(fake));
    EXPECT_LE(Deliveries(id), 2);
    EXPECT_EQ(fake.Incidents().size(), 1u);
    EXPECT_EQ(fake.RequestCount("POST"), 1);
    EXPECT_EQ(fake.RequestCount("PATCH"), 1);
    EXPECT_EQ((*fake.Find(fake.Incidents()[0]["sys_id"]))["state"], "6");
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Leases: several servers, one database

// Two servers on one database file (one key): while the first holds the leases, the second
// does none of the jobs; every alert makes exactly one incident; when the first stops, the
// second takes the jobs over and resolves them, once.
TEST_F(AlertsServiceNowTest, TwoServersOnOneDatabaseDoEachJobOnce) {
    ServiceNowFake fake;
    Connect(fake);
    auto holders = [&] {
        return std::make_pair(
            QueryText(database_.target(),
                      "SELECT holder FROM leases WHERE name = 'alerts.evaluator'"),
            QueryText(database_.target(),
                      "SELECT holder FROM leases WHERE name = 'alerts.delivery'"));
    };
    ASSERT_TRUE(WaitUntil([&] { return !holders().second.empty(); }));
    auto [first_evaluator, first_delivery] = holders();
    EXPECT_EQ(first_evaluator, first_delivery) << "the one server running holds both";

    SecondServer second;
    ASSERT_NO_FATAL_FAILURE(StartSecond(second));

    // Four alerts at once, evaluated by the second server (the batch goes to it).
    Json events = Json::array();
    for (const char* serial : {kEtoileBar, kEtoileTap, kOperaBar, "2231TP0B3C12"}) {
        events.push_back(Device(serial, Now(), false));
    }
    httplib::Client to_second("127.0.0.1", second.server->Port());
    auto posted = to_second.Post("/api/v1/telemetry", {{"Authorization", "Bearer " + agent_}},
                                 Json{{"batchId", "two-servers-1"}, {"events", events}}.dump(),
                                 "application/json");
    ASSERT_TRUE(posted) << httplib::to_string(posted.error());
    ASSERT_EQ(posted->status, 200) << posted->body;
    ASSERT_TRUE(WaitUntil([&] { return fake.Incidents().size() == 4; }));
    ASSERT_TRUE(WaitUntil([&] {
        return QueryInt("SELECT count(*) FROM alert_deliveries WHERE status = 'delivered'") == 4;
    }));
    EXPECT_TRUE(Quiet(fake));
    EXPECT_EQ(fake.RequestCount("POST"), 4);
    EXPECT_EQ(holders(), std::make_pair(first_evaluator, first_delivery))
        << "the second server never took a lease the first was renewing";

    // The first stops (and gives its leases back): the second takes over.
    StopServer();
    ASSERT_TRUE(WaitUntil([&] {
        auto [evaluator, delivery] = holders();
        return evaluator != first_evaluator && delivery != first_delivery;
    }));
    EXPECT_EQ(holders().first, holders().second);
    clock_.Advance(30);
    for (Json& event : events) {
        event["status"] = "online";
        event["at"] = telemetry::FormatUtcTime(Now());
    }
    posted = to_second.Post("/api/v1/telemetry", {{"Authorization", "Bearer " + agent_}},
                            Json{{"batchId", "two-servers-2"}, {"events", events}}.dump(),
                            "application/json");
    ASSERT_TRUE(posted);
    ASSERT_EQ(posted->status, 200) << posted->body;
    clock_.Advance(120);
    ASSERT_TRUE(WaitUntil([&] { return fake.RequestCount("PATCH") == 4; }));
    EXPECT_TRUE(Quiet(fake));
    EXPECT_EQ(fake.RequestCount("PATCH"), 4);
    for (const auto& incident : fake.Incidents()) EXPECT_EQ(incident.at("state"), "6");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM alert_deliveries"), 8);
}

// An instance slow to answer (longer than the lease: a real one can take the client's whole
// timeout): the server in the middle of the delivery still holds it, and the other server, taking
// the lease over meanwhile, does not deliver it a second time.
TEST_F(AlertsServiceNowTest, ASlowInstanceDoesNotLetTheOtherServerDeliverTwice) {
    ServiceNowFake fake;
    Connect(fake);
    ASSERT_TRUE(WaitUntil([&] {
        return !QueryText(database_.target(),
                          "SELECT holder FROM leases WHERE name ="
                          " 'alerts.delivery'")
                    .empty();
    }));
    SecondServer second;
    ASSERT_NO_FATAL_FAILURE(StartSecond(second));

    fake.DelayNext(1, std::chrono::seconds(3), "POST");
    SetOnline(kEtoileBar, false);
    // The first server's create is in the instance's hands; time passes beyond its lease.
    ASSERT_TRUE(WaitUntil([&] { return fake.RequestCount("POST") == 1; }));
    clock_.Advance(10);
    ASSERT_TRUE(WaitUntil([&] { return fake.Incidents().size() >= 1; }, std::chrono::seconds(10)));
    ASSERT_TRUE(WaitUntil(
        [&] {
            return QueryInt("SELECT count(*) FROM alert_deliveries WHERE status = 'delivered'") ==
                   1;
        },
        std::chrono::seconds(10)));
    // Both servers have had the time to do whatever they were going to do.
    ASSERT_TRUE(WaitUntil(
        [&] {
            for (const auto& request : fake.Requests()) {
                if (request.status == 0) return false;
            }
            return true;
        },
        std::chrono::seconds(10)));
    EXPECT_TRUE(Quiet(fake));
    EXPECT_EQ(fake.Incidents().size(), 1u);
    EXPECT_EQ(fake.RequestCount("POST"), 1);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] kill -9 in the middle of a create

TEST_F(AlertsServiceNowTest, AKillDuringTheCreateThenARestartMakesOneIncidentResolvedOnce) {
    ServiceNowFake::Options options;
    options.drop_hold = std::chrono::seconds(20);  // the create is in flight when it dies
    ServiceNowFake fake(options);
    Config killed_config;
    std::string error;
    ASSERT_TRUE(killed_.Create(dir_ / "killed.db", killed_config, error)) << error;
    const std::string& db = killed_.target();
    std::vector<std::string> args = killed_.ServerFlags();
    args.insert(args.end(),
                {"--port", "0", "--demo", "1", "--assets", PORTAL_TEST_ASSETS_DIR, "--secret-key",
                 testing::kSecretKey, "--outbound-allow-private", "1", "--alerts-tick-ms", "50",
                 "--public-url", "https://portal.example", "--log-level", "warn"});
    testing::ServerProcess process(args, testing::ServerProcess::Stderr::Discard);
    int port = process.WaitForPort(std::chrono::seconds(20));
    ASSERT_GT(port, 0) << "the server process did not start";

    ApiAnswer login = ApiClient(port, "").Post(
        "/api/v1/auth/login",
        {{"email", testing::kAnne.email}, {"password", testing::kAnne.password}});
    ASSERT_EQ(login.status, 200) << login.body;
    ApiClient anne(port, testing::SessionCookieOf(login));
    Id hq = std::stoll(
        QueryText(db, "SELECT id FROM accounts WHERE name = 'Northwind Traders — Siège'"));
    Id default_rule =
        std::stoll(QueryText(db, "SELECT id FROM alert_rules WHERE account_id = " + Str(hq)));
    ASSERT_EQ(anne.Patch("/api/v1/alert-rules/" + Str(default_rule), {{"enabled", false}}).status,
              200);
    ApiAnswer channel =
        anne.Post(AccountPath(hq, "alert-channels"), {{"type", "servicenow"},
                                                      {"name", "ServiceNow"},
                                                      {"instanceUrl", fake.Url()},
                                                      {"auth",
                                                       {{"type", "basic"},
                                                        {"username", fake.options().user},
                                                        {"password", fake.options().password}}}});
    ASSERT_EQ(channel.status, 201) << channel.body;
    ApiAnswer rule =
        anne.Post(AccountPath(hq, "alert-rules"), {{"name", "Offline"},
                                                   {"condition", "device_offline"},
                                                   {"forSeconds", 0},
                                                   {"severity", "major"},
                                                   {"channels", {channel.json["id"]}}});
    ASSERT_EQ(rule.status, 201) << rule.body;
    ApiAnswer token = anne.Post(AccountPath(hq, "agent-tokens"), {{"name", "Agent"}});
    ASSERT_EQ(token.status, 201) << token.body;
    std::string agent = token.json["token"];

    fake.DropAnswerAfterCreateNext();
    httplib::Client to_process("127.0.0.1", port);
    auto now = [] {
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    };
    auto posted = to_process.Post(
        "/api/v1/telemetry", {{"Authorization", "Bearer " + agent}},
        Json{{"batchId", "before-the-kill"}, {"events", {Device(kEtoileBar, now(), false)}}}.dump(),
        "application/json");
    ASSERT_TRUE(posted);
    ASSERT_EQ(posted->status, 200) << posted->body;
    ASSERT_TRUE(WaitUntil([&] { return fake.Incidents().size() == 1; }, std::chrono::seconds(10)));
    std::string holder = QueryText(db, "SELECT holder FROM leases WHERE name = 'alerts.delivery'");
    process.Kill();  // the incident exists; the server never learnt its sys_id
    EXPECT_EQ(QueryText(db, "SELECT status || '/' || attempts FROM alert_deliveries"), "pending/0");

    // The same database, the same key, a new server: it takes the lease once it expired.
    StopServer();
    config_.db_path = killed_config.db_path;
    config_.database_url = killed_config.database_url;
    StartServer();
    agent_ = agent;
    hq_ = hq;
    anne_ = std::make_unique<ApiClient>(SignInAs(testing::kAnne));
    int64_t behind = now() - Now();
    clock_.Advance(std::max<int64_t>(behind, 0) + 4);  // past the lease's 3 s
    ASSERT_TRUE(WaitUntil([&] {
        return QueryText(db, "SELECT holder FROM leases WHERE name = 'alerts.delivery'") != holder;
    }));
    // The attempt the killed server made still holds its delivery until its claim ends.
    size_t requests = fake.Requests().size();
    EXPECT_TRUE(Quiet(fake));
    EXPECT_EQ(fake.Requests().size(), requests);
    clock_.Advance(kDeliveryClaimSeconds);
    Json alert = Delivered(kEtoileBar, "firing", std::chrono::seconds(10));
    ASSERT_FALSE(alert.is_null()) << Alerts().dump();
    EXPECT_EQ(fake.Incidents().size(), 1u);
    EXPECT_EQ(fake.RequestCount("POST"), 1);
    std::string sys_id = fake.Incidents()[0]["sys_id"];
    EXPECT_EQ(DeliveryOf(alert, "firing")["externalId"], sys_id);

    clock_.Advance(30);
    SetOnline(kEtoileBar, true);
    clock_.Advance(120);
    ASSERT_FALSE(Delivered(kEtoileBar, "resolved").is_null());
    EXPECT_TRUE(Quiet(fake));
    EXPECT_EQ(fake.RequestCount("PATCH"), 1);
    EXPECT_EQ((*fake.Find(sys_id))["state"], "6");
    EXPECT_EQ(fake.Incidents().size(), 1u);
}

}  // namespace
}  // namespace portal::server

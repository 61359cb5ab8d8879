// Several servers on one PostgreSQL database (issue 18), as a round-robin balancer would use
// them: a change through one server wakes a long poll on another within 2 s and both give the
// same version; with three servers delivering, an alert's mail (real SMTP, smtp_sink.py) and its
// ServiceNow incident (servicenow_fake.h) each go out exactly once; sign-in failures through
// one server count on another. SQLite serves one process: these tests skip there.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "alerts_fixture.h"
#include "model_fixture.h"
#include "server/database.h"
#include "server/mail.h"
#include "server/store.h"
#include "servicenow_fake.h"
#include "test_database.h"

namespace portal::server {
namespace {

using Json = api::Json;
using testing::AlertsTest;
using testing::ApiAnswer;
using testing::ApiClient;
using testing::Contains;
using testing::EmailChannel;
using testing::kEtoileBar;
using testing::ServiceNowFake;
using testing::SmtpSink;
using testing::SmtpUrl;
using testing::WaitUntil;

class MultiServerTest : public AlertsTest {
  protected:
    void SetUp() override {
        if (!testing::UsingPostgres()) {
            GTEST_SKIP() << "several servers share a PostgreSQL database; SQLite serves one";
        }
        AlertsTest::SetUp();
    }
    void Configure(Config& config) override {
        AlertsTest::Configure(config);
        ASSERT_NO_FATAL_FAILURE(sink_.Start(dir_.path() / "sink"));
        config.smtp_url = SmtpUrl(sink_.port());
    }

    // Another server on the same database, key and clock (another port), stopped and joined
    // however the test ends.
    struct OtherServer {
        testing::LogCapture log;
        std::unique_ptr<Logger> logger = log.MakeLogger();
        std::unique_ptr<Server> server;
        std::thread thread;
        ~OtherServer() {
            if (!server) return;
            server->Stop();
            if (thread.joinable()) thread.join();
        }
        int Port() const { return server->Port(); }
        // Its log, for a failure's message.
        std::string Log() {
            std::string text;
            for (const std::string& line : log.Lines()) text += line;
            return text;
        }
    };
    void StartOther(OtherServer& other) {
        Config config = config_;
        config.port = 0;
        other.server = std::make_unique<Server>(config, *other.logger);
        other.server->SetClock([this] { return clock_.Now(); });
        std::string error;
        ASSERT_TRUE(other.server->Start(error)) << error;
        other.thread = std::thread([&other] { other.server->Run(); });
    }

    std::string StatusPath(const std::string& query = "") const {
        return AccountPath(hq_, "status" + query);
    }

    SmtpSink sink_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Long polls

TEST_F(MultiServerTest, AChangeThroughOneServerWakesALongPollOnAnotherWithin2s) {
    OtherServer b;
    ASSERT_NO_FATAL_FAILURE(StartOther(b));
    ApiClient anne_b(b.Port(), anne_->cookie());  // sessions are in the database
    ApiAnswer first = anne_b.Get(StatusPath());
    ASSERT_EQ(first.status, 200) << first.body << b.Log();
    std::string version = first.json["version"];
    ApiAnswer on_a = Status();
    ASSERT_EQ(on_a.status, 200) << on_a.body;
    EXPECT_EQ(on_a.json["version"], version) << "one version whichever server answers";

    std::atomic<bool> answered{false};
    ApiAnswer polled;
    std::thread poll([&] {
        polled = anne_b.Get(StatusPath("?since=" + version + "&wait=20"));
        answered = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_FALSE(answered) << "the poll waits while nothing changes";
    auto changed_at = std::chrono::steady_clock::now();
    SetOnline(kEtoileBar, false);  // through server A
    poll.join();
    auto waited = std::chrono::steady_clock::now() - changed_at;
    EXPECT_LT(waited, std::chrono::seconds(2));
    ASSERT_EQ(polled.status, 200) << polled.body;
    std::string moved = polled.json["version"];
    EXPECT_NE(moved, version);
    EXPECT_EQ(Status().json["version"], moved) << "A and B agree on the new version";
    EXPECT_EQ(anne_b.Get(StatusPath()).json["version"], moved);

    // And the other way round: through B, a poll on A.
    std::thread poll_a([&] { polled = anne_->Get(StatusPath("?since=" + moved + "&wait=20")); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    clock_.Advance(1);
    changed_at = std::chrono::steady_clock::now();
    httplib::Client agent("127.0.0.1", b.Port());
    agent.set_read_timeout(30, 0);
    Json batch = {{"batchId", "through-b"},
                  {"events", Json::array({Device(kEtoileBar, Now(), true)})}};
    auto posted = agent.Post("/api/v1/telemetry", {{"Authorization", "Bearer " + agent_}},
                             batch.dump(), "application/json");
    ASSERT_TRUE(posted) << httplib::to_string(posted.error());
    ASSERT_EQ(posted->status, 200) << posted->body;
    poll_a.join();
    EXPECT_LT(std::chrono::steady_clock::now() - changed_at, std::chrono::seconds(2));
    EXPECT_NE(polled.json["version"], moved);
    EXPECT_EQ(anne_b.Get(StatusPath()).json["version"], polled.json["version"]);
}

// The listener's connection cut (a PostgreSQL restart, a network blip): it reconnects within
// seconds, and long polls wake again on changes through another server.
TEST_F(MultiServerTest, AListenerReconnectsAfterItsConnectionIsCut) {
    OtherServer b;
    ASSERT_NO_FATAL_FAILURE(StartOther(b));
    auto db = testing::OpenRaw(DatabaseTarget(config_));
    ASSERT_TRUE(
        db->Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                 " WHERE datname = current_database() AND query LIKE 'LISTEN%'"))
        << db->LastMessage();
    ASSERT_TRUE(
        WaitUntil([&] { return Contains(b.Log(), "listening again"); }, std::chrono::seconds(5)))
        << b.Log();
    ApiClient anne_b(b.Port(), anne_->cookie());
    std::string version = anne_b.Get(StatusPath()).json["version"];
    ApiAnswer polled;
    std::thread poll([&] { polled = anne_b.Get(StatusPath("?since=" + version + "&wait=20")); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto changed_at = std::chrono::steady_clock::now();
    SetOnline(kEtoileBar, false);  // through server A
    poll.join();
    EXPECT_LT(std::chrono::steady_clock::now() - changed_at, std::chrono::seconds(2));
    EXPECT_NE(polled.json["version"], version);
    EXPECT_EQ(Status().json["version"], polled.json["version"]);
}

// A kiosk link revoked through A ends a kiosk's long poll on B within 2 s (WakeKiosks is
// announced to every server).
TEST_F(MultiServerTest, ARevokedKioskLinkEndsALongPollOnAnotherServer) {
    OtherServer b;
    ASSERT_NO_FATAL_FAILURE(StartOther(b));
    ApiAnswer link = anne_->Post(AccountPath(hq_, "kiosk-links"), Json::object());
    ASSERT_EQ(link.status, 201) << link.body;
    std::string token = link.json["token"];
    httplib::Headers bearer = {{"Authorization", "Bearer " + token}};
    ApiClient kiosk(b.Port(), "");
    ApiAnswer first = kiosk.Get("/api/v1/kiosk/dashboard", bearer);
    ASSERT_EQ(first.status, 200) << first.body << b.Log();
    std::string version = first.json["version"];
    std::atomic<bool> answered{false};
    ApiAnswer polled;
    std::thread poll([&] {
        polled = kiosk.Get("/api/v1/kiosk/dashboard?since=" + version + "&wait=20", bearer);
        answered = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_FALSE(answered) << "the current version waits";
    auto revoked = std::chrono::steady_clock::now();
    Id link_id = link.json["id"];
    ASSERT_EQ(anne_->Delete("/api/v1/kiosk-links/" + testing::Str(link_id)).status, 204);
    poll.join();
    EXPECT_LT(std::chrono::steady_clock::now() - revoked, std::chrono::seconds(2));
    EXPECT_EQ(polled.status, 401) << polled.body;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Exactly once with three servers delivering

TEST_F(MultiServerTest, AnAlertsMailAndIncidentGoOutOnceWithThreeServersDelivering) {
    ServiceNowFake fake;
    DisableDefaultRule();
    Id servicenow = CreateChannel({{"type", "servicenow"},
                                   {"name", "ServiceNow"},
                                   {"instanceUrl", fake.Url()},
                                   {"auth",
                                    {{"type", "basic"},
                                     {"username", fake.options().user},
                                     {"password", fake.options().password}}},
                                   {"assignmentGroup", "AV Support"}});
    Id email = CreateChannel(EmailChannel("Facilities", {"facilities@northwind.example"}));
    ASSERT_NE(servicenow * email, 0);
    CreateRule(
        {{"name", "Bar offline"}, {"severity", "critical"}, {"channels", {servicenow, email}}});
    OtherServer b, c;
    ASSERT_NO_FATAL_FAILURE(StartOther(b));
    ASSERT_NO_FATAL_FAILURE(StartOther(c));

    SetOnline(kEtoileBar, false);
    auto to_facilities = [&] {
        size_t count = 0;
        for (const Json& mail : sink_.Messages()) {
            if (Contains(mail["rcpt_tos"].dump(), "facilities@northwind.example")) ++count;
        }
        return count;
    };
    ASSERT_TRUE(WaitUntil([&] { return fake.Incidents().size() >= 1 && to_facilities() >= 1; },
                          std::chrono::seconds(10)));
    ASSERT_TRUE(WaitUntil(
        [&] {
            return QueryInt("SELECT count(*) FROM alert_deliveries WHERE status = 'delivered'") ==
                       2 &&
                   QueryInt("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0;
        },
        std::chrono::seconds(10)));
    // Every server's mail worker polls the outbox every 5 s, and the alert workers tick every
    // 50 ms: past one poll of each, nothing more goes out.
    std::this_thread::sleep_for(std::chrono::seconds(6));
    EXPECT_EQ(to_facilities(), 1u);
    EXPECT_EQ(fake.Incidents().size(), 1u);
    EXPECT_EQ(fake.RequestCount("POST"), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM outbox WHERE recipient = "
                       "'facilities@northwind.example'"),
              1);
}

// A server killed with a mail it had claimed (mid-SMTP): once the claim runs out (60 s), another
// server sends it, once.
TEST_F(MultiServerTest, AMailClaimedByAKilledServerIsSentByAnotherWithinAMinute) {
    OtherServer b;
    ASSERT_NO_FATAL_FAILURE(StartOther(b));
    StopServer();  // A's workers stop; B alone delivers
    // A mail as a killed server leaves it: claimed (next attempt 60 s on), not sent.
    std::string error;
    std::unique_ptr<Store> store = Store::Open(DatabaseTarget(config_), error);
    ASSERT_TRUE(store) << error;
    MailMessage mail;
    mail.kind = "invitation";
    mail.sender = "Support Services <support@portal.example>";
    mail.recipient = "claimed@northwind.example";
    mail.subject = "Claimed";
    mail.body = "Sent once.";
    ASSERT_TRUE(store->Write(
        [&](Store::Writer& w, std::string& e) { return EnqueueMail(w, mail, Now(), e); }, error))
        << error;
    ASSERT_TRUE(store->Write(
        [&](Store::Writer& w, std::string& e) {
            Statement claim = w.db().Prepare("UPDATE outbox SET next_attempt_at = ? WHERE id = ?");
            claim.Bind(1, Now() + 60);
            claim.Bind(2, int64_t{mail.id});
            if (!claim.Run()) e = w.db().LastMessage();
            return e.empty();
        },
        error))
        << error;
    auto claimed = [&] {
        size_t count = 0;
        for (const Json& sent : sink_.Messages()) count += sent["headers"]["subject"] == "Claimed";
        return count;
    };
    std::this_thread::sleep_for(std::chrono::seconds(6));  // past a poll of B: not due yet
    EXPECT_EQ(claimed(), 0u);
    clock_.Advance(60);
    EXPECT_TRUE(WaitUntil([&] { return claimed() == 1; }, std::chrono::seconds(10)));
    std::this_thread::sleep_for(std::chrono::seconds(6));
    EXPECT_EQ(claimed(), 1u);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Sign-in failures

TEST_F(MultiServerTest, SignInFailuresThroughOneServerCountOnAnother) {
    OtherServer b;
    ASSERT_NO_FATAL_FAILURE(StartOther(b));
    auto login = [](int port, const std::string& password) {
        return ApiClient(port, "").Post("/api/v1/auth/login",
                                        {{"email", testing::kLouis.email}, {"password", password}});
    };
    // Half the per-email limit through each server: the email is locked on both.
    for (int i = 0; i < config_.login_failures_per_email; ++i) {
        int port = i % 2 == 0 ? server_->Port() : b.Port();
        ASSERT_EQ(login(port, "wrong").status, 401) << i;
    }
    EXPECT_EQ(login(b.Port(), testing::kLouis.password).status, 429);
    EXPECT_EQ(login(server_->Port(), testing::kLouis.password).status, 429);
    clock_.Advance(config_.login_window_seconds);
    EXPECT_EQ(login(b.Port(), testing::kLouis.password).status, 200);
}

}  // namespace
}  // namespace portal::server

// Moving from SQLite to PostgreSQL (storage/sqlite_to_postgres.h, scripts/migrate-to-postgresql):
// the demo, grown by what people and agents add (rooms, telemetry over two months, a support
// ticket with an attachment), is written by a server on a SQLite file and copied into a fresh
// PostgreSQL database; then a server on each answers the main reads with the very same JSON.
// PostgreSQL run only (server_pg.*): the SQLite run has no PostgreSQL to copy into.
#include <gtest/gtest.h>

#include <map>
#include <thread>
#include <utility>

#include "api_fixture.h"
#include "core/telemetry.h"
#include "model_fixture.h"
#include "server/database.h"
#include "server/http_server.h"
#include "server/storage/sqlite_to_postgres.h"
#include "server_fixture.h"

namespace portal::server {
namespace {

using api::Json;
using testing::ApiAnswer;
using testing::ApiClient;
using testing::DemoPerson;
using testing::Str;

// An attachment's bytes: a PNG's signature, then every byte value (BYTEA on PostgreSQL).
std::string Picture() {
    std::string bytes = "\x89PNG\r\n\x1a\n";
    for (int i = 0; i < 5000; ++i) bytes += static_cast<char>(i % 256);
    return bytes;
}

// A server on its own thread, stopped and joined on destruction.
struct RunningServer {
    std::unique_ptr<Server> server;
    std::thread thread;

    ~RunningServer() { Stop(); }
    void Stop() {
        if (!server) return;
        server->Stop();
        if (thread.joinable()) thread.join();
        server.reset();
    }
    int Port() const { return server->Port(); }
};

class MigrateToPostgresTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!testing::UsingPostgres()) {
            GTEST_SKIP() << "copies into PostgreSQL: the server_pg.* run has it";
        }
        logger_ = log_.MakeLogger();
        sqlite_path_ = dir_ / "portal.db";
        std::string error;
        Config unused;
        ASSERT_TRUE(target_.Create(dir_ / "unused.db", unused, error)) << error;
    }

    Config SqliteConfig() const {
        Config config;
        config.port = 0;
        config.db_path = sqlite_path_;
        config.assets_dir = PORTAL_TEST_ASSETS_DIR;
        config.password_cost = PasswordCost::TestOnlyMinimum();
        config.demo = true;
        return config;
    }
    // The same server on PostgreSQL, with the secret key the SQLite one made (<db>.key).
    Config PostgresConfig() const {
        Config config = SqliteConfig();
        config.demo = false;
        config.database_url = target_.target();
        config.secret_key_file = sqlite_path_ + ".key";
        return config;
    }

    void Start(RunningServer& running, const Config& config) {
        running.server = std::make_unique<Server>(config, *logger_);
        running.server->SetClock([this] { return clock_.Now(); });
        std::string error;
        ASSERT_TRUE(running.server->Start(error)) << error;
        running.thread = std::thread([&running] { running.server->Run(); });
    }

    static ApiClient SignIn(int port, const DemoPerson& person) {
        ApiClient anonymous(port, "");
        ApiAnswer answer = anonymous.Post("/api/v1/auth/login",
                                          {{"email", person.email}, {"password", person.password}});
        EXPECT_EQ(answer.status, 200) << person.email << ": " << answer.body;
        return ApiClient(port, testing::SessionCookieOf(answer));
    }

    static Id IdNamed(const Json& list, const std::string& name) {
        for (const Json& item : list) {
            if (item.value("name", "") == name) return item["id"].get<Id>();
        }
        ADD_FAILURE() << "no " << name << " in " << list.dump().substr(0, 300);
        return 0;
    }

    // What people and agents add to the demo before the move, through the API.
    void Grow(int port) {
        ApiClient anne = SignIn(port, testing::kAnne);
        ApiClient dana = SignIn(port, testing::kDana);
        Json accounts = anne.Get("/api/v1/accounts").json;
        hq_ = IdNamed(accounts["accounts"], "Northwind Traders — Siège");
        contoso_ = IdNamed(dana.Get("/api/v1/accounts").json["accounts"], "Contoso Ltd");
        Json rooms = anne.Get("/api/v1/accounts/" + Str(hq_) + "/rooms").json["rooms"];
        etoile_ = IdNamed(rooms, "Salle Étoile");

        // Contoso grows to 50 rooms and more.
        Json rows = Json::array();
        for (int i = 0; i < 45; ++i) {
            rows.push_back({{"name", "Salle " + std::to_string(100 + i)},
                            {"site", i % 2 ? "Reading" : "Slough"},
                            {"country", "GB"},
                            {"capacity", 4 + i % 9},
                            {"timeZone", "Europe/London"}});
        }
        ApiAnswer imported = dana.Post("/api/v1/accounts/" + Str(contoso_) + "/rooms/import", rows);
        ASSERT_EQ(imported.status, 201) << imported.body;
        // The newest room, deleted: its id is given to no other room, before or after the move.
        ApiAnswer fleeting = anne.Post(
            "/api/v1/accounts/" + Str(hq_) + "/rooms",
            {{"name", "Fleeting"}, {"site", "Paris"}, {"country", "FR"}, {"capacity", 4}});
        ASSERT_EQ(fleeting.status, 201) << fleeting.body;
        deleted_room_ = fleeting.json["room"]["id"].get<Id>();
        ASSERT_EQ(anne.Delete("/api/v1/rooms/" + Str(deleted_room_)).status, 204);

        // Forty days of a room's telemetry, across a month's end (two partitions on PostgreSQL).
        ApiAnswer token =
            anne.Post("/api/v1/accounts/" + Str(hq_) + "/agent-tokens", {{"name", "Room agents"}});
        ASSERT_EQ(token.status, 201) << token.body;
        std::string bearer = "Bearer " + token.json["token"].get<std::string>();
        Json devices = anne.Get("/api/v1/accounts/" + Str(hq_) + "/devices").json["devices"];
        std::string serial;
        for (const Json& device : devices) {
            if (device["roomId"].is_number() && device["roomId"].get<Id>() == etoile_) {
                serial = device["serial"];
            }
        }
        telemetry::Seconds now =
            std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch())
                .count();
        telemetry::Seconds day0 = now - now % 86400 - 40 * 86400;
        Json events = Json::array();
        for (int day = 0; day < 40; ++day) {
            telemetry::Seconds nine = day0 + day * 86400 + 9 * 3600;
            auto at = [](telemetry::Seconds t) { return telemetry::FormatUtcTime(t); };
            events.push_back({{"type", "occupancy"},
                              {"roomId", etoile_},
                              {"at", at(nine)},
                              {"people", 1 + day % 5}});
            events.push_back({{"type", "occupancy"},
                              {"roomId", etoile_},
                              {"at", at(nine + 5400)},
                              {"people", 0}});
            events.push_back({{"type", "meeting"},
                              {"roomId", etoile_},
                              {"start", at(nine + 600)},
                              {"end", at(nine + 3600)}});
            if (!serial.empty()) {
                events.push_back({{"type", "device"},
                                  {"serial", serial},
                                  {"at", at(nine - 60)},
                                  {"status", day % 7 == 3 ? "offline" : "online"},
                                  {"firmware", "1.12." + std::to_string(day % 3)}});
            }
        }
        ApiClient agent(port, "");
        ApiAnswer sent =
            agent.Post("/api/v1/telemetry", {{"batchId", "move-1"}, {"events", events}},
                       {{"Authorization", bearer}});
        ASSERT_EQ(sent.status, 200) << sent.body;
        from_ = telemetry::FormatUtcTime(day0);
        to_ = telemetry::FormatUtcTime(day0 + 40 * 86400);

        // A ticket with a comment and an attachment (bytes: BYTEA on PostgreSQL).
        ApiAnswer ticket = anne.Post(
            "/api/v1/accounts/" + Str(hq_) + "/tickets",
            {{"subject", "L'écran scintille"}, {"severity", "normal"}, {"roomId", etoile_}});
        ASSERT_EQ(ticket.status, 201) << ticket.body;
        ticket_ = ticket.json["ticket"]["id"].get<Id>();
        ASSERT_EQ(anne.Post("/api/v1/tickets/" + Str(ticket_) + "/comments",
                            {{"body", "Depuis lundi.\nTab\there, back\\slash"}})
                      .status,
                  201);
        ApiAnswer upload =
            anne.PostText("/api/v1/tickets/" + Str(ticket_) + "/attachments?name=photo.png",
                          Picture(), "image/png");
        ASSERT_EQ(upload.status, 201) << upload.body;
    }

    // The main reads, by who makes them.
    std::vector<std::pair<const DemoPerson*, std::string>> Reads() const {
        std::string hq = "/api/v1/accounts/" + Str(hq_);
        std::string contoso = "/api/v1/accounts/" + Str(contoso_);
        std::string room = "/api/v1/rooms/" + Str(etoile_);
        return {
            {&testing::kAnne, "/api/v1/accounts"},
            {&testing::kAnne, hq},
            {&testing::kAnne, hq + "/rooms"},
            {&testing::kAnne, room},
            {&testing::kAnne, room + "/entitlements"},
            {&testing::kAnne, hq + "/devices"},
            {&testing::kAnne, hq + "/contracts"},
            {&testing::kAnne, hq + "/spares"},
            {&testing::kAnne, hq + "/state"},
            {&testing::kAnne, hq + "/audit?limit=50"},
            {&testing::kAnne, hq + "/members"},
            {&testing::kAnne, hq + "/delegations"},
            {&testing::kAnne, hq + "/insights?rooms=" + Str(etoile_) + "&from=" + from_ +
                                  "&to=" + to_ + "&resolution=day"},
            {&testing::kAnne, hq + "/insights/summary?days=30"},
            {&testing::kAnne, hq + "/status"},
            {&testing::kAnne, hq + "/alerts"},
            {&testing::kAnne, hq + "/alert-rules"},
            {&testing::kAnne, hq + "/alert-channels"},
            {&testing::kAnne, hq + "/tickets"},
            {&testing::kAnne, "/api/v1/tickets/" + Str(ticket_)},
            {&testing::kAnne, hq + "/home"},
            {&testing::kAnne, "/api/v1/home"},
            {&testing::kDana, "/api/v1/accounts"},
            {&testing::kDana, contoso + "/rooms"},
            {&testing::kDana, contoso + "/devices"},
            {&testing::kSam, "/api/v1/home"},
            {&testing::kOlivia, "/api/v1/accounts"},
            {&testing::kOlivia, "/api/v1/orders"},
            {&testing::kOlivia, "/api/v1/partners"},
            {&testing::kOlivia, "/api/v1/support/tickets"},
            {&testing::kOlivia, "/api/v1/operator/home"},
        };
    }

    testing::TempDir dir_;
    testing::TestDatabase target_;
    testing::TestClock clock_;
    testing::LogCapture log_;
    std::unique_ptr<Logger> logger_;
    std::string sqlite_path_;
    Id hq_ = 0;
    Id contoso_ = 0;
    Id etoile_ = 0;
    Id ticket_ = 0;
    Id deleted_room_ = 0;
    std::string from_;
    std::string to_;
};

TEST_F(MigrateToPostgresTest, TheDemoMovesAndBothBackendsAnswerAlike) {
    {
        RunningServer first;
        Start(first, SqliteConfig());  // loads the demo into the SQLite file
        ASSERT_NO_FATAL_FAILURE(Grow(first.Port()));
    }  // stopped, as the README says, before the move

    MigrationReport report;
    std::string error;
    Date today = UtcDate(clock_.Now());
    ASSERT_TRUE(MigrateSqliteToPostgres(sqlite_path_, target_.target(), testing::ShippedCatalogue(),
                                        today, report, error))
        << error;
    for (const std::string& line : report.differences) ADD_FAILURE() << line;
    EXPECT_GT(report.rows, 100);
    for (const TableReport& table : report.tables) EXPECT_TRUE(table.verified) << table.name;

    // Copied into a non-empty database: refused, nothing written.
    MigrationReport again;
    EXPECT_FALSE(MigrateSqliteToPostgres(sqlite_path_, target_.target(),
                                         testing::ShippedCatalogue(), today, again, error));
    EXPECT_NE(error.find("not empty"), std::string::npos) << error;

    RunningServer on_sqlite;
    RunningServer on_postgres;
    Start(on_sqlite, SqliteConfig());
    Start(on_postgres, PostgresConfig());
    std::map<const DemoPerson*, std::pair<ApiClient, ApiClient>> clients;
    for (const auto& [person, path] : Reads()) {
        if (!clients.count(person)) {
            clients.emplace(person, std::make_pair(SignIn(on_sqlite.Port(), *person),
                                                   SignIn(on_postgres.Port(), *person)));
        }
        auto& [sqlite, postgres] = clients.at(person);
        ApiAnswer a = sqlite.Get(path);
        ApiAnswer b = postgres.Get(path);
        if (path.ends_with("/status") && a.json.is_object() && b.json.is_object()) {
            // The long poll's version token: a process's own counter on SQLite, the database's
            // on PostgreSQL (any server may answer the next poll). Not data.
            a.json.erase("version");
            b.json.erase("version");
            a.body = a.json.dump();
            b.body = b.json.dump();
        }
        EXPECT_EQ(a.status, 200) << person->email << " GET " << path << ": " << a.body;
        EXPECT_EQ(b.status, a.status) << person->email << " GET " << path << ": " << b.body;
        if (b.body != a.body) {
            // Where they part, rather than two bodies of kilobytes.
            size_t at = 0;
            while (at < a.body.size() && at < b.body.size() && a.body[at] == b.body[at]) ++at;
            size_t from = at < 80 ? 0 : at - 80;
            ADD_FAILURE() << person->email << " GET " << path << ": the answers differ at byte "
                          << at << "\n  SQLite:     ..." << a.body.substr(from, 240)
                          << "\n  PostgreSQL: ..." << b.body.substr(from, 240);
        }
    }
    // The attachment's bytes, and a write that takes new ids: past the copied ones.
    auto& [anne_sqlite, anne_postgres] = clients.at(&testing::kAnne);
    Json ticket = anne_postgres.Get("/api/v1/tickets/" + Str(ticket_)).json;
    ASSERT_TRUE(ticket.contains("attachments")) << ticket.dump();
    std::string download = "/api/v1/attachments/" + Str(ticket["attachments"][0]["id"].get<Id>());
    EXPECT_EQ(anne_postgres.Get(download).body, Picture());
    ApiAnswer comment = anne_postgres.Post("/api/v1/tickets/" + Str(ticket_) + "/comments",
                                           {{"body", "Migrated."}});
    EXPECT_EQ(comment.status, 201) << comment.body;
    ApiAnswer rooms = anne_postgres.Post(
        "/api/v1/accounts/" + Str(hq_) + "/rooms",
        {{"name", "Salle Neuve"}, {"site", "Paris"}, {"country", "FR"}, {"capacity", 6}});
    ASSERT_EQ(rooms.status, 201) << rooms.body;
    // Ids are never reused (AUTOINCREMENT's high-water mark came along).
    EXPECT_GT(rooms.json["room"]["id"].get<Id>(), deleted_room_);
}

}  // namespace
}  // namespace portal::server

// The REST API over a real socket: health, catalogue through the app's own client, the error
// envelope for 404/405/413/500, headers, the access log, and demo data across restarts.
#include <gtest/gtest.h>

#include <regex>

#include "api/client.h"
#include "api/error_json.h"
#include "api/health_json.h"
#include "api/httplib_transport.h"
#include "server/database.h"
#include "server/migrations.h"
#include "server_fixture.h"

namespace portal::server {
namespace {

using testing::ServerTest;

constexpr const char* kCsp =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Checks an error answer: status, envelope code, and that it parses with the client's parser.
void ExpectEnvelope(const httplib::Result& result, int status, const std::string& code) {
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    EXPECT_EQ(result->status, status) << result->body;
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json; charset=utf-8");
    api::ApiError error;
    ASSERT_TRUE(api::ParseErrorEnvelope(result->body, error)) << result->body;
    EXPECT_EQ(error.code, code);
    EXPECT_FALSE(error.message.empty());
}

// Counted through a connection of its own, behind the server's back.
int64_t CountRows(const std::string& target, const char* table) {
    std::string error;
    std::unique_ptr<Database> db = Database::Open(target, error);
    EXPECT_TRUE(db) << error;
    if (!db) return -1;
    Statement query = db->Prepare(std::string("SELECT COUNT(*) FROM ") + table);
    EXPECT_EQ(query.Step(), Statement::StepResult::Row) << db->Error();
    return query.ColumnInt(0);
}

Backend RunBackend() {
    return testing::UsingPostgres() ? Backend::Postgresql : Backend::Sqlite;
}

class ApiTest : public ServerTest {};

TEST_F(ApiTest, HealthReportsVersionAndSchema) {
    auto client = MakeClient();
    auto result = client.Get("/api/v1/health");
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json; charset=utf-8");
    api::Health health;
    std::vector<api::FieldError> errors;
    ASSERT_TRUE(api::HealthFromJson(api::Json::parse(result->body), health, errors))
        << result->body;
    EXPECT_EQ(health.status, "ok");
    EXPECT_EQ(health.version, PORTAL_TEST_VERSION);
    EXPECT_EQ(health.database.state, "ok");
    EXPECT_EQ(health.database.schema_version, EmbeddedMigrations(RunBackend()).back().version);
    EXPECT_EQ(health.database.backend, BackendName(RunBackend()));
}

TEST(HealthTest, DegradedShape) {
    api::Health health = MakeHealth("1.2.3", false, 7);
    EXPECT_EQ(health.status, "degraded");
    EXPECT_EQ(health.version, "1.2.3");
    EXPECT_EQ(health.database.state, "unavailable");
    EXPECT_EQ(MakeHealth("1.2.3", true, 7).database.schema_version, 7);
}

TEST_F(ApiTest, HealthAndCatalogueThroughTheAppClient) {
    api::HttplibTransport transport("127.0.0.1", server_->Port());
    api::Client client(transport, [](std::function<void()> fn) { fn(); });

    api::Result<api::Health> health;
    client.GetHealth([&](api::Result<api::Health> result) { health = std::move(result); });
    ASSERT_TRUE(health.ok()) << health.error.message;
    EXPECT_EQ(health.value.status, "ok");

    api::Result<Catalogue> catalogue;
    client.GetCatalogue([&](api::Result<Catalogue> result) { catalogue = std::move(result); });
    ASSERT_TRUE(catalogue.ok()) << catalogue.error.code << ": " << catalogue.error.message;
    EXPECT_EQ(catalogue.value.programs.size(), 3u);
    const Sku* sku = catalogue.value.FindSku("SELECT-5Y");
    ASSERT_NE(sku, nullptr);
    EXPECT_EQ(sku->term_years, 5);
}

TEST_F(ApiTest, UnknownApiPathIs404Envelope) {
    auto client = MakeClient();
    ExpectEnvelope(client.Get("/api/v1/nope"), 404, "not_found");
    ExpectEnvelope(client.Get("/api"), 404, "not_found");
    ExpectEnvelope(client.Delete("/api/v2/health"), 404, "not_found");
}

TEST_F(ApiTest, WrongMethodIs405WithAllow) {
    auto client = MakeClient();
    auto result = client.Post("/api/v1/health", "{}", "application/json");
    ExpectEnvelope(result, 405, "method_not_allowed");
    EXPECT_EQ(result->get_header_value("Allow"), "GET, HEAD");
    ExpectEnvelope(client.Delete("/api/v1/catalogue"), 405, "method_not_allowed");
}

TEST_F(ApiTest, OversizedBodyIs413Envelope) {
    auto client = MakeClient();
    std::string body(config_.max_body_bytes + 1, 'x');
    ExpectEnvelope(client.Post("/api/v1/health", body, "application/json"), 413,
                   "payload_too_large");
}

TEST_F(ApiTest, ExceptionIs500EnvelopeWithoutDetails) {
    StopServer();
    StartServer([](Server& server) {
        server.AddRoute("GET", "/api/v1/boom", [](const httplib::Request&, httplib::Response&) {
            throw std::runtime_error("secret internal detail");
        });
    });
    auto client = MakeClient();
    auto result = client.Get("/api/v1/boom");
    ExpectEnvelope(result, 500, "internal");
    EXPECT_EQ(result->body.find("secret"), std::string::npos) << result->body;
    EXPECT_EQ(result->get_header_value("Content-Security-Policy"), kCsp);
    bool logged = false;
    for (const std::string& line : log_.Lines()) {
        logged = logged || line.find("secret internal detail") != std::string::npos;
    }
    EXPECT_TRUE(logged);
}

TEST_F(ApiTest, SecurityAndCacheHeaders) {
    auto client = MakeClient();
    for (const char* path : {"/api/v1/health", "/api/v1/nope"}) {
        auto result = client.Get(path);
        ASSERT_TRUE(result);
        EXPECT_EQ(result->get_header_value("Content-Security-Policy"), kCsp) << path;
        EXPECT_EQ(result->get_header_value_count("Content-Security-Policy"), 1u);
        EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff");
        EXPECT_EQ(result->get_header_value("Referrer-Policy"), "no-referrer");
        EXPECT_EQ(result->get_header_value("X-Frame-Options"), "DENY");
        EXPECT_EQ(result->get_header_value("Cross-Origin-Opener-Policy"), "same-origin");
        EXPECT_EQ(result->get_header_value("Cache-Control"), "no-store") << path;
    }
}

TEST_F(ApiTest, RangeHeadersAreIgnored) {
    auto client = MakeClient();
    auto whole = client.Get("/api/v1/health");
    auto ranged = client.Get("/api/v1/health", {{"Range", "bytes=2-8"}});
    ASSERT_TRUE(whole && ranged);
    EXPECT_EQ(ranged->status, 200);
    EXPECT_EQ(ranged->body, whole->body);
}

TEST_F(ApiTest, HeadAnswersWithoutBody) {
    auto client = MakeClient();
    auto result = client.Head("/api/v1/health");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_TRUE(result->body.empty());
}

TEST_F(ApiTest, LogsOneAccessLinePerRequest) {
    auto client = MakeClient();
    ASSERT_TRUE(client.Get("/api/v1/health"));
    StopServer();  // the log line is written after the response: wait for the worker
    std::regex access(
        R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ info GET /api/v1/health 200 \d+\.\dms \d+B\n)");
    int matches = 0;
    for (const std::string& line : log_.Lines()) matches += std::regex_match(line, access);
    EXPECT_EQ(matches, 1);
}

TEST_F(ApiTest, EmptyWithoutDemo) {
    EXPECT_EQ(CountRows(database_.target(), "parent_entities"), 0);
    EXPECT_EQ(CountRows(database_.target(), "rooms"), 0);
}

TEST_F(ApiTest, DemoLoadsOnceAcrossRestarts) {
    StopServer();
    config_.demo = true;
    StartServer();
    EXPECT_EQ(CountRows(database_.target(), "rooms"), 9);
    int64_t assignments = CountRows(database_.target(), "assignments");
    EXPECT_GT(assignments, 0);
    StopServer();
    StartServer();
    EXPECT_EQ(CountRows(database_.target(), "assignments"), assignments);
    EXPECT_EQ(CountRows(database_.target(), "parent_entities"), 2);
    EXPECT_EQ(CountRows(database_.target(), "accounts"), 3);
    EXPECT_EQ(CountRows(database_.target(), "rooms"), 9);
    EXPECT_EQ(CountRows(database_.target(), "schema_migrations"),
              static_cast<int64_t>(EmbeddedMigrations(RunBackend()).size()));
    auto client = MakeClient();
    EXPECT_EQ(client.Get("/api/v1/health")->status, 200);
}

TEST_F(ApiTest, RefusesToStartOnABadCatalogue) {
    StopServer();
    testing::WriteFile(dir_.path() / "assets" / "catalogue.json",
                       R"({"version":1,"programs":"none"})");
    config_.assets_dir = (dir_.path() / "assets").string();
    Server server(config_, *logger_);
    std::string error;
    EXPECT_FALSE(server.Start(error));
    EXPECT_NE(error.find("catalogue.json"), std::string::npos) << error;
    EXPECT_NE(error.find("programs: "), std::string::npos) << error;
}

}  // namespace
}  // namespace portal::server

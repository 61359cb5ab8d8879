// Access and abuse findings of issue 16, over real sockets: invitation acceptance counted as a
// sign-in, the lock-out that spares the owner's own address, partner codes (delegation with the
// partner's consent), duplicate Content-Length, ids never reused, and the migration that
// rebuilds tables for it.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>
#include <set>

#include "api_fixture.h"
#include "model_fixture.h"
#include "server/database.h"
#include "server/migrations.h"

namespace portal::server {
namespace {

using testing::ApiAnswer;
using testing::ApiClient;
using testing::kAnne;
using testing::kDana;
using testing::kOlivia;
using testing::kSam;
using testing::Str;

// One HTTP/1.1 exchange on a fresh connection from a chosen loopback address (the whole of
// 127.0.0.0/8 is this machine), read until the server closes it: everything it sent.
std::string RawExchange(int port, const std::string& from, const std::string& request) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return {};
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, from.c_str(), &local.sin_addr);
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string received;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0 &&
        ::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0 &&
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size())) {
        char buffer[4096];
        ssize_t n = 0;
        while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) received.append(buffer, n);
    }
    ::close(fd);
    return received;
}

// The status of the first response in raw HTTP text; 0 when there is none.
int StatusOf(const std::string& raw) {
    std::smatch match;
    if (!std::regex_search(raw, match, std::regex("^HTTP/1\\.1 ([0-9]{3})"))) return 0;
    return std::stoi(match[1].str());
}

std::string LoginRequest(const std::string& email, const std::string& password) {
    std::string body = api::Json{{"email", email}, {"password", password}}.dump();
    return "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           "X-Requested-With: portal\r\nContent-Type: application/json\r\n"
           "Connection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

class AccessAbuseTest : public testing::ApiTest {
  protected:
    int SignInFrom(const std::string& address, const testing::DemoPerson& person,
                   const std::string& password) const {
        return StatusOf(
            RawExchange(server_->Port(), address, LoginRequest(person.email, password)));
    }
    static std::string FieldOf(const ApiAnswer& answer) {
        const api::Json& fields = answer.json["error"]["details"]["fields"];
        return fields.is_array() && !fields.empty() ? fields[0].value("field", "") : "";
    }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Sign-in limits

// An invitation for an existing user's email takes that user's password: each wrong one is a
// failed sign-in of that user, limited like POST /auth/login, with the same 429.
TEST_F(AccessAbuseTest, InvitationAcceptanceCountsAsSignInsOfTheInvitedUser) {
    ApiClient anne = SignInAs(kAnne);
    ApiAnswer invited = anne.Post(Account(NorthwindHq(), "/invitations"),
                                  {{"email", kDana.email}, {"role", "readonly"}});
    ASSERT_EQ(invited.status, 201) << invited.body;
    std::string token = TokenMailedTo(kDana.email);
    ApiClient someone = Anonymous();
    for (int i = 0; i < config_.login_failures_per_email; ++i) {
        ApiAnswer wrong = someone.Post("/api/v1/invitations/accept",
                                       {{"token", token}, {"password", "guess-" + Str(i)}});
        ASSERT_EQ(wrong.status, 401) << i << ": " << wrong.body;
        EXPECT_EQ(wrong.ErrorCode(), "invalid_credentials");
    }
    ApiAnswer limited = someone.Post("/api/v1/invitations/accept",
                                     {{"token", token}, {"password", kDana.password}});
    EXPECT_EQ(limited.status, 429) << limited.body;
    EXPECT_EQ(limited.ErrorCode(), "too_many_requests");
    EXPECT_FALSE(limited.Header("Retry-After").empty());

    // The same limit as the sign-in: Dana's email is locked for this address there too, and
    // the answers are the same.
    ApiAnswer login =
        someone.Post("/api/v1/auth/login", {{"email", kDana.email}, {"password", kDana.password}});
    EXPECT_EQ(login.status, 429) << login.body;
    EXPECT_EQ(login.body, limited.body);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM memberships WHERE account_id = " + Str(NorthwindHq()) +
                       " AND user_id = " + Str(UserNamed(kDana.email))),
              0);
}

// The per-email limit no longer locks the owner out: from an address with no failure in the
// window, the right password passes and a wrong one counts (429). The per-address limit stays.
TEST_F(AccessAbuseTest, ALockedEmailStillSignsInFromAnAddressThatHasNotFailed) {
    for (int i = 0; i < config_.login_failures_per_email; ++i) {
        ASSERT_EQ(SignInFrom("127.0.0.2", kDana, "attacker-" + Str(i)), 401) << i;
    }
    EXPECT_EQ(SignInFrom("127.0.0.2", kDana, kDana.password), 429) << "the attacker's address";
    EXPECT_EQ(SignInFrom("127.0.0.3", kDana, kDana.password), 200) << "the owner's address";

    for (int i = 0; i < config_.login_failures_per_email; ++i) {
        ASSERT_EQ(SignInFrom("127.0.0.2", kDana, "attacker-again-" + Str(i)), 401) << i;
    }
    EXPECT_EQ(SignInFrom("127.0.0.4", kDana, "wrong-from-a-new-address"), 429)
        << "a wrong password from a clean address counts and is refused";
    EXPECT_EQ(SignInFrom("127.0.0.4", kDana, kDana.password), 429) << "that address has failed";
    EXPECT_EQ(SignInFrom("127.0.0.5", kDana, kDana.password), 200);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Partner codes (R-ACC-6, issue 16)

TEST_F(AccessAbuseTest, PartnerMembersAndOperatorsSeeThePartnersCode) {
    std::regex format("^P-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$");
    std::string code = PartnerCode("Fabrikam Services");
    EXPECT_TRUE(std::regex_match(code, format)) << code;

    ApiAnswer me = SignInAs(kSam).Get("/api/v1/me");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json["partnerOrgs"], (api::Json::array({{{"id", PartnerNamed("Fabrikam Services")},
                                                          {"name", "Fabrikam Services"},
                                                          {"code", code},
                                                          {"role", "admin"}}})));
    ApiAnswer dana = SignInAs(kDana).Get("/api/v1/me");
    EXPECT_EQ(dana.json["partnerOrgs"], api::Json::array()) << "not a partner member";

    ApiClient olivia = SignInAs(kOlivia);
    ApiAnswer partners = olivia.Get("/api/v1/partners");
    ASSERT_EQ(partners.status, 200) << partners.body;
    ASSERT_FALSE(partners.json["partners"].empty());
    EXPECT_EQ(partners.json["partners"][0]["code"], code);
    ApiAnswer created = olivia.Post("/api/v1/partners", {{"name", "Tailspin Integrators"},
                                                         {"adminEmail", "ada@tailspin.example"}});
    ASSERT_EQ(created.status, 201) << created.body;
    std::string fresh = created.json["partner"]["code"];
    EXPECT_TRUE(std::regex_match(fresh, format)) << fresh;
    EXPECT_NE(fresh, code);
    EXPECT_EQ(PartnerCode("Tailspin Integrators"), fresh);
}

TEST_F(AccessAbuseTest, ADelegationNamesThePartnersCode) {
    ApiClient dana = SignInAs(kDana);
    std::string path = Account(Contoso(), "/delegations");
    ApiAnswer missing = dana.Post(path, {{"role", "readonly"}});
    EXPECT_EQ(missing.status, 400) << missing.body;
    EXPECT_EQ(FieldOf(missing), "partnerCode");
    ApiAnswer by_id =
        dana.Post(path, {{"partnerOrgId", PartnerNamed("Fabrikam Services")}, {"role", "admin"}});
    EXPECT_EQ(by_id.status, 400) << by_id.body;
    EXPECT_EQ(FieldOf(by_id), "partnerCode");
    ApiAnswer unknown = dana.Post(path, {{"partnerCode", "P-ZZZZ-ZZZZ"}, {"role", "admin"}});
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.body, dana.Delete(path + "/999999").body) << "exactly a missing partner";
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM delegations WHERE account_id = " + Str(Contoso())), 0);

    ApiAnswer granted =
        dana.Post(path, {{"partnerCode", PartnerCode("Fabrikam Services")}, {"role", "readonly"}});
    ASSERT_EQ(granted.status, 201) << granted.body;
    EXPECT_EQ(granted.json["delegation"]["partnerOrgId"], PartnerNamed("Fabrikam Services"));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] HTTP framing

// Two Content-Length headers, equal or not, are refused before the body is read, and the
// connection ends there: what follows is never taken for a request of its own.
TEST_F(AccessAbuseTest, TwoContentLengthHeadersAre400AndEndTheConnection) {
    std::string smuggled = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    for (const std::string& second : {std::string("2"), std::to_string(smuggled.size() + 2)}) {
        std::string request =
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "X-Requested-With: portal\r\nContent-Type: application/json\r\n"
            "Content-Length: 2\r\nContent-Length: " +
            second + "\r\n\r\n{}" + smuggled;
        std::string raw = RawExchange(server_->Port(), "127.0.0.1", request);
        EXPECT_EQ(StatusOf(raw), 400) << raw;
        EXPECT_NE(raw.find("Content-Length header"), std::string::npos) << raw;
        size_t responses = 0;
        for (size_t at = raw.find("HTTP/1.1 "); at != std::string::npos;
             at = raw.find("HTTP/1.1 ", at + 1)) {
            ++responses;
        }
        EXPECT_EQ(responses, 1u) << "second Content-Length " << second << ":\n" << raw;
    }
    // One header is fine.
    EXPECT_EQ(SignInFrom("127.0.0.1", kDana, kDana.password), 200);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Ids are never reused

TEST_F(AccessAbuseTest, ADeletedRoomsIdIsNeverGivenToAnotherRoom) {
    ApiClient anne = SignInAs(kAnne);
    ApiAnswer room =
        anne.Post(Account(NorthwindHq(), "/rooms"),
                  {{"name", "Fleeting"}, {"site", "Paris"}, {"country", "FR"}, {"capacity", 4}});
    ASSERT_EQ(room.status, 201) << room.body;
    Id gone = room.json["room"]["id"];
    ASSERT_EQ(gone, QueryInt("SELECT max(id) FROM rooms")) << "the newest room";
    ASSERT_EQ(anne.Delete("/api/v1/rooms/" + Str(gone)).status, 204);

    ApiAnswer other = SignInAs(kDana).Post(
        Account(Contoso(), "/rooms"),
        {{"name", "Next"}, {"site", "London"}, {"country", "GB"}, {"capacity", 6}});
    ASSERT_EQ(other.status, 201) << other.body;
    EXPECT_GT(other.json["room"]["id"].get<Id>(), gone);
}

// Migration 016 on a database that has rows: every row, index and reference survives, and each
// existing partner organisation gets a code. On SQLite it rebuilds tables for AUTOINCREMENT:
// foreign keys are on again afterwards and ids continue above the largest one; on PostgreSQL
// (identities already) it adds the trigger that gives a row bound with a NULL id its identity.
TEST(PartnerCodesMigrationTest, RebuildsTablesKeepingRowsAndReferences) {
    testing::TempDir dir;
    Config config;
    testing::TestDatabase database;
    std::string error;
    ASSERT_TRUE(database.Create(dir / "p.db", config, error, testing::TestDatabase::Schema::Empty))
        << error;
    auto db = Database::Open(database.target(), error);
    ASSERT_TRUE(db) << error;
    bool sqlite = db->backend() == Backend::Sqlite;
    std::span<const Migration> all = EmbeddedMigrations(db->backend());
    size_t before = 0;
    while (before < all.size() && all[before].version < 16) ++before;
    int version = 0;
    ASSERT_TRUE(Migrate(*db, all.first(before), version, error)) << error;
    ASSERT_TRUE(
        db->Exec("INSERT INTO parent_entities(id, name) VALUES (1, 'P');"
                 "INSERT INTO accounts(id, parent_entity_id, name, kind, country)"
                 "  VALUES (1, 1, 'A', 'headquarters', 'FR');"
                 "INSERT INTO rooms(id, account_id, name, site, country, capacity)"
                 "  VALUES (7, 1, 'R7', 'S', 'FR', 4), (9, 1, 'R9', 'S', 'FR', 4);"
                 "INSERT INTO partner_orgs(id, name) VALUES (1, 'Fab'), (2, 'Tail');"
                 "INSERT INTO room_status(room_id, people, people_at) VALUES (9, 2, 100);"))
        << db->LastMessage();
    ASSERT_TRUE(Migrate(*db, all, version, error)) << error;
    EXPECT_EQ(version, all.back().version);
    auto one = [&](const std::string& sql) {
        Statement query = db->Prepare(sql);
        EXPECT_TRUE(query.Valid()) << db->LastMessage();
        EXPECT_EQ(query.Step(), Statement::StepResult::Row) << sql;
        return query.ColumnInt(0);
    };
    EXPECT_EQ(one("SELECT COUNT(*) FROM rooms"), 2);
    EXPECT_EQ(one("SELECT COUNT(*) FROM room_status WHERE room_id = 9"), 1);
    {
        std::regex code("P-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}");
        std::set<std::string> codes;
        Statement query = db->Prepare("SELECT code FROM partner_orgs");
        while (query.Step() == Statement::StepResult::Row) {
            std::string text = query.ColumnText(0);
            EXPECT_TRUE(std::regex_match(text, code)) << text;
            codes.insert(text);
        }
        EXPECT_EQ(codes.size(), 2u);
    }
    std::string indexes =
        " ('rooms_account_id', 'alerts_one_open', 'sso_domains_domain',"
        " 'sso_connections_account_id', 'partner_orgs_code')";
    if (sqlite) {
        EXPECT_EQ(one("PRAGMA foreign_keys"), 1) << "on again";
        EXPECT_EQ(one("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%_new'"), 0);
        EXPECT_EQ(
            one("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN" + indexes),
            5);
        ASSERT_TRUE(
            db->Exec("DELETE FROM room_status; DELETE FROM rooms WHERE id = 9;"
                     "INSERT INTO rooms(account_id, name, site, country, capacity)"
                     "  VALUES (1, 'R10', 'S', 'FR', 4)"))
            << db->LastMessage();
        EXPECT_EQ(one("SELECT max(id) FROM rooms"), 10) << "9 is not given again";
    } else {
        EXPECT_EQ(one("SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND"
                      " indexname IN" +
                      indexes),
                  5);
        // The rows above chose their ids, which moved no identity: the next one comes from the
        // identity, whatever it is, and is given for a NULL id as SQLite gives one.
        ASSERT_TRUE(
            db->Exec("INSERT INTO rooms(id, account_id, name, site, country, capacity)"
                     "  VALUES (NULL, 1, 'R10', 'S', 'FR', 4)"))
            << db->LastMessage();
        EXPECT_EQ(one("SELECT COUNT(*) FROM rooms WHERE name = 'R10' AND id IS NOT NULL"), 1);
    }
    // Still enforced: a room of no account.
    EXPECT_FALSE(
        db->Exec("INSERT INTO rooms(account_id, name, site, country, capacity)"
                 " VALUES (99, 'X', 'S', 'FR', 1)"));
    EXPECT_EQ(db->LastConstraint(), Constraint::ForeignKey) << db->LastMessage();
}

}  // namespace
}  // namespace portal::server

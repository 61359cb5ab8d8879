// Sign-in over a real socket: POST /api/v1/auth/login and /logout, GET /api/v1/me, session
// cookies, rotation, idle and absolute expiry on a clock the test moves, the sign-in rate limit,
// the CSRF checks, the bootstrap operator and the demo sign-ins.
#include <gtest/gtest.h>

#include <regex>

#include "api/error_json.h"
#include "api/people_json.h"
#include "model_fixture.h"
#include "server/password.h"
#include "server/store.h"
#include "server_fixture.h"

namespace portal::server {
namespace {

using testing::OpenRaw;
using testing::ServerTest;

constexpr const char* kJson = "application/json";

std::string Body(const std::string& email, const std::string& password) {
    return api::LoginRequestToJson({email, password}).dump();
}

// "portal_session=TOKEN" from a response's Set-Cookie; empty when none.
std::string SessionCookie(const httplib::Result& result) {
    std::smatch match;
    std::string header = result->get_header_value("Set-Cookie");
    if (!std::regex_search(header, match, std::regex("^portal_session=([^;]*)"))) return {};
    return "portal_session=" + match[1].str();
}

std::string ErrorCode(const httplib::Result& result) {
    api::ApiError error;
    if (!api::ParseErrorEnvelope(result->body, error)) return "(not an envelope)";
    return error.code;
}

int64_t QueryInt(Database& db, const std::string& sql) {
    Statement query = db.Prepare(sql);
    EXPECT_TRUE(query.Valid()) << db.Error();
    EXPECT_EQ(query.Step(), Statement::StepResult::Row) << sql;
    return query.ColumnInt(0);
}

std::vector<std::string> QueryTexts(Database& db, const std::string& sql) {
    std::vector<std::string> out;
    Statement query = db.Prepare(sql);
    EXPECT_TRUE(query.Valid()) << db.Error();
    while (query.Step() == Statement::StepResult::Row) out.push_back(query.ColumnText(0));
    return out;
}

class SignInTest : public ServerTest {
  protected:
    // Adds a user through a second connection to the server's database.
    Id AddUser(const std::string& email, const std::string& password, bool disabled = false) {
        std::string error;
        auto store = Store::Open(DatabaseTarget(config_), error);
        EXPECT_TRUE(store) << error;
        UserRecord user;
        user.email = email;
        user.name = "Test User";
        user.disabled = disabled;
        EXPECT_TRUE(InitCrypto());
        EXPECT_TRUE(HashPassword(password, config_.password_cost, user.password_hash));
        EXPECT_TRUE(store->Write(
            [&](Store::Writer& writer, std::string& e) {
                return writer.InsertUser(user, "2026-01-01T00:00:00Z", e);
            },
            error))
            << error;
        return user.id;
    }

    httplib::Result Login(const std::string& email, const std::string& password,
                          const std::string& cookie = "") {
        httplib::Headers headers{{"X-Requested-With", "portal"}};
        if (!cookie.empty()) headers.emplace("Cookie", cookie);
        auto client = MakeClient();
        return client.Post("/api/v1/auth/login", headers, Body(email, password), kJson);
    }

    // Signs in and returns the cookie; fails the test otherwise.
    std::string SignIn(const std::string& email, const std::string& password) {
        auto result = Login(email, password);
        EXPECT_TRUE(result && result->status == 200) << (result ? result->body : "no answer");
        return result ? SessionCookie(result) : "";
    }

    httplib::Result GetMe(const std::string& cookie) {
        auto client = MakeClient();
        httplib::Headers headers;
        if (!cookie.empty()) headers.emplace("Cookie", cookie);
        return client.Get("/api/v1/me", headers);
    }

    httplib::Result Logout(const std::string& cookie) {
        auto client = MakeClient();
        httplib::Headers headers{{"X-Requested-With", "portal"}};
        if (!cookie.empty()) headers.emplace("Cookie", cookie);
        return client.Post("/api/v1/auth/logout", headers, "", kJson);
    }

    void Restart() {
        StopServer();
        StartServer();
    }
};

TEST_F(SignInTest, SignInSetsAStrictHttpOnlySessionCookieAndAnswersTheUser) {
    Id id = AddUser("ana@example.com", "s3cret-pass");
    auto result = Login("ana@example.com", "s3cret-pass");
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    ASSERT_EQ(result->status, 200) << result->body;
    std::string cookie = result->get_header_value("Set-Cookie");
    EXPECT_EQ(cookie.rfind("portal_session=", 0), 0u) << cookie;
    EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
    EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain http: " << cookie;
    EXPECT_EQ(result->get_header_value("Cache-Control"), "no-store");

    api::User user;
    std::vector<api::FieldError> errors;
    ASSERT_TRUE(api::UserFromJson(api::Json::parse(result->body)["user"], user, errors))
        << result->body;
    EXPECT_EQ(user.id, id);
    EXPECT_EQ(user.email, "ana@example.com");
    EXPECT_EQ(user.name, "Test User");
    // Issue 16: a language the user never chose is null ("" once read).
    EXPECT_EQ(user.language, "");
    EXPECT_TRUE(api::Json::parse(result->body)["user"]["language"].is_null()) << result->body;
    EXPECT_EQ(api::Json::parse(result->body).size(), 1u) << "only {user}: " << result->body;
}

TEST_F(SignInTest, TheCookieIsSecureBehindHttps) {
    config_.public_url = "https://portal.example";
    Restart();
    AddUser("ana@example.com", "s3cret-pass");
    auto result = Login("ana@example.com", "s3cret-pass");
    ASSERT_TRUE(result && result->status == 200);
    EXPECT_NE(result->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
}

TEST_F(SignInTest, WrongPasswordAndUnknownEmailAnswerByteForByteTheSame) {
    AddUser("ana@example.com", "s3cret-pass");
    auto wrong = Login("ana@example.com", "not-it");
    auto unknown = Login("nobody@example.com", "s3cret-pass");
    ASSERT_TRUE(wrong && unknown);
    EXPECT_EQ(wrong->status, 401);
    EXPECT_EQ(unknown->status, 401);
    EXPECT_EQ(ErrorCode(wrong), "invalid_credentials");
    EXPECT_EQ(wrong->body, unknown->body);
    EXPECT_EQ(wrong->get_header_value("Set-Cookie"), "");
    EXPECT_EQ(unknown->get_header_value("Set-Cookie"), "");

    // A disabled user's right password says the same.
    AddUser("gone@example.com", "s3cret-pass", /*disabled=*/true);
    auto disabled = Login("gone@example.com", "s3cret-pass");
    ASSERT_TRUE(disabled);
    EXPECT_EQ(disabled->status, 401);
    EXPECT_EQ(disabled->body, wrong->body);
}

TEST_F(SignInTest, AMalformedSignInIs400NamingTheFields) {
    auto client = MakeClient();
    auto result = client.Post("/api/v1/auth/login", {{"X-Requested-With", "portal"}},
                              R"({"email":"a@b.c"})", kJson);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400);
    api::ApiError error;
    ASSERT_TRUE(api::ParseErrorEnvelope(result->body, error)) << result->body;
    ASSERT_EQ(error.fields.size(), 1u) << result->body;
    EXPECT_EQ(error.fields[0].field, "password");
}

// R-ACC-4: one login is one person: an email is one user, whatever its letter case.
TEST_F(SignInTest, EmailsAreOneUserWhateverTheirCase) {
    AddUser("Ana@Example.com", "s3cret-pass");
    SignIn("ana@EXAMPLE.com", "s3cret-pass");
    std::string error;
    auto store = Store::Open(DatabaseTarget(config_), error);
    ASSERT_TRUE(store) << error;
    UserRecord twin;
    twin.email = "ANA@example.COM";
    twin.name = "Twin";
    EXPECT_FALSE(store->Write(
        [&](Store::Writer& writer, std::string& e) {
            return writer.InsertUser(twin, "2026-01-01T00:00:00Z", e);
        },
        error));
    EXPECT_NE(error.find("already exists"), std::string::npos) << error;
}

TEST_F(SignInTest, PasswordsAreArgon2idHashesAndTokensAreStoredHashedOnly) {
    AddUser("ana@example.com", "s3cret-pass");
    std::string cookie = SignIn("ana@example.com", "s3cret-pass");
    std::string token = cookie.substr(std::string("portal_session=").size());
    ASSERT_EQ(token.size(), 43u);
    auto db = OpenRaw(DatabaseTarget(config_));
    std::vector<std::string> hashes = QueryTexts(*db, "SELECT password_hash FROM users");
    ASSERT_EQ(hashes.size(), 1u);
    EXPECT_EQ(hashes[0].rfind("$argon2id$v=19$", 0), 0u) << hashes[0];
    EXPECT_EQ(hashes[0].find("s3cret-pass"), std::string::npos);

    std::vector<std::string> stored = QueryTexts(*db, "SELECT token_hash FROM sessions");
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0], Sha256Hex(token));
    // The token appears nowhere in the sessions table.
    for (const std::string& text :
         QueryTexts(*db, "SELECT token_hash || ' ' || CAST(id AS TEXT) FROM sessions")) {
        EXPECT_EQ(text.find(token), std::string::npos) << text;
    }
}

TEST_F(SignInTest, MeAnswersTheSignedInUserAnd401Otherwise) {
    Id id = AddUser("ana@example.com", "s3cret-pass");
    auto anonymous = GetMe("");
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(anonymous->status, 401);
    EXPECT_EQ(ErrorCode(anonymous), "unauthenticated");
    auto forged = GetMe("portal_session=" + NewRandomToken());
    ASSERT_TRUE(forged);
    EXPECT_EQ(forged->status, 401);

    auto result = GetMe(SignIn("ana@example.com", "s3cret-pass"));
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << result->body;
    api::Me me;
    std::vector<api::FieldError> errors;
    ASSERT_TRUE(api::MeFromJson(api::Json::parse(result->body), me, errors)) << result->body;
    EXPECT_EQ(me.user.id, id);
    EXPECT_TRUE(me.memberships.empty());
    EXPECT_TRUE(me.delegations.empty());
    EXPECT_FALSE(me.is_operator);
}

TEST_F(SignInTest, SignOutRevokesTheSessionServerSide) {
    AddUser("ana@example.com", "s3cret-pass");
    std::string cookie = SignIn("ana@example.com", "s3cret-pass");
    auto result = Logout(cookie);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 204);
    std::string cleared = result->get_header_value("Set-Cookie");
    EXPECT_EQ(cleared.rfind("portal_session=;", 0), 0u) << cleared;
    EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;

    // The old cookie, replayed as if the browser had kept it, is dead.
    auto me = GetMe(cookie);
    ASSERT_TRUE(me);
    EXPECT_EQ(me->status, 401);
    auto again = Logout(cookie);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 401);
    auto anonymous = Logout("");
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(anonymous->status, 401);
    auto db = OpenRaw(DatabaseTarget(config_));
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM sessions WHERE revoked_at IS NOT NULL"), 1);
}

TEST_F(SignInTest, SignInRotatesTheSessionAndRevokesThePresentedOne) {
    AddUser("ana@example.com", "s3cret-pass");
    std::string first = SignIn("ana@example.com", "s3cret-pass");
    auto second = Login("ana@example.com", "s3cret-pass", first);
    ASSERT_TRUE(second && second->status == 200);
    std::string rotated = SessionCookie(second);
    ASSERT_FALSE(rotated.empty());
    EXPECT_NE(rotated, first);
    EXPECT_EQ(GetMe(first)->status, 401);
    EXPECT_EQ(GetMe(rotated)->status, 200);
}

TEST_F(SignInTest, ASessionEndsAfterTheIdleTimeout) {
    AddUser("ana@example.com", "s3cret-pass");
    std::string cookie = SignIn("ana@example.com", "s3cret-pass");
    int idle = config_.session_idle_seconds;
    clock_.Advance(idle - 60);
    EXPECT_EQ(GetMe(cookie)->status, 200);  // in use: the idle time starts again
    clock_.Advance(idle - 60);
    EXPECT_EQ(GetMe(cookie)->status, 200);
    clock_.Advance(idle + 1);
    EXPECT_EQ(GetMe(cookie)->status, 401);
}

TEST_F(SignInTest, ASessionEndsAtItsAbsoluteLifetimeHoweverBusy) {
    AddUser("ana@example.com", "s3cret-pass");
    std::string cookie = SignIn("ana@example.com", "s3cret-pass");
    int step = config_.session_idle_seconds / 2;
    int elapsed = 0;
    while (elapsed + step < config_.session_lifetime_seconds) {
        clock_.Advance(step);
        elapsed += step;
        ASSERT_EQ(GetMe(cookie)->status, 200) << "after " << elapsed << " s";
    }
    clock_.Advance(config_.session_lifetime_seconds - elapsed);
    EXPECT_EQ(GetMe(cookie)->status, 401);
}

TEST_F(SignInTest, FailedSignInsPerEmailAre429WithRetryAfterUntilTheWindowPasses) {
    AddUser("ana@example.com", "s3cret-pass");
    for (int i = 0; i < config_.login_failures_per_email; ++i) {
        ASSERT_EQ(Login("ANA@example.com", "wrong")->status, 401) << i;
        clock_.Advance(1);
    }
    // Locked, even with the right password.
    auto locked = Login("ana@example.com", "s3cret-pass");
    ASSERT_TRUE(locked);
    EXPECT_EQ(locked->status, 429);
    EXPECT_EQ(ErrorCode(locked), "too_many_requests");
    int retry_after = std::stoi(locked->get_header_value("Retry-After"));
    EXPECT_EQ(retry_after, config_.login_window_seconds - config_.login_failures_per_email);
    clock_.Advance(retry_after - 1);
    EXPECT_EQ(Login("ana@example.com", "s3cret-pass")->status, 429);
    clock_.Advance(1);
    EXPECT_EQ(Login("ana@example.com", "s3cret-pass")->status, 200);
}

TEST_F(SignInTest, FailedSignInsPerAddressAre429AcrossEmails) {
    config_.login_failures_per_address = 3;
    Restart();
    AddUser("ana@example.com", "s3cret-pass");
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(Login("guess" + std::to_string(i) + "@example.com", "x")->status, 401);
    }
    auto locked = Login("ana@example.com", "s3cret-pass");
    ASSERT_TRUE(locked);
    EXPECT_EQ(locked->status, 429);
    EXPECT_EQ(locked->get_header_value("Retry-After"),
              std::to_string(config_.login_window_seconds));
    clock_.Advance(config_.login_window_seconds);
    EXPECT_EQ(Login("ana@example.com", "s3cret-pass")->status, 200);
}

// Behind a load balancer every request comes from the balancer's address: with the balancer
// trusted, the limit counts the client X-Forwarded-For names, so one client's guesses lock that
// client out and nobody else; an untrusted peer's X-Forwarded-For is ignored (it could say
// anything to escape the limit).
TEST_F(SignInTest, BehindATrustedBalancerThePerAddressLimitCountsEachClient) {
    config_.login_failures_per_address = 3;
    config_.trusted_proxies = "10.9.9.9, 127.0.0.1";
    Restart();
    AddUser("ana@example.com", "s3cret-pass");
    auto login_from = [&](const std::string& forwarded, const std::string& email,
                          const std::string& password) {
        auto client = MakeClient();
        httplib::Headers headers{{"X-Requested-With", "portal"}, {"X-Forwarded-For", forwarded}};
        auto result = client.Post("/api/v1/auth/login", headers, Body(email, password), kJson);
        return result ? result->status : 0;
    };
    // The client wrote its own X-Forwarded-For, then two trusted balancers appended theirs.
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(login_from("1.2.3.4, 203.0.113.7, 10.9.9.9",
                             "guess" + std::to_string(i) + "@example.com", "x"),
                  401);
    }
    EXPECT_EQ(login_from("203.0.113.7", "ana@example.com", "s3cret-pass"), 429);
    EXPECT_EQ(login_from("198.51.100.2", "ana@example.com", "s3cret-pass"), 200);

    // Not trusted: the header means nothing and the peer is the client.
    config_.trusted_proxies = "";
    Restart();
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(login_from("198.51.100." + std::to_string(10 + i),
                             "other" + std::to_string(i) + "@example.com", "x"),
                  401);
    }
    EXPECT_EQ(login_from("198.51.100.99", "ana@example.com", "s3cret-pass"), 429);
}

TEST_F(SignInTest, StateChangingRequestsFromElsewhereAreRefused) {
    AddUser("ana@example.com", "s3cret-pass");
    auto client = MakeClient();
    std::string body = Body("ana@example.com", "s3cret-pass");
    std::string self = "http://127.0.0.1:" + std::to_string(server_->Port());

    auto no_header = client.Post("/api/v1/auth/login", body, kJson);
    ASSERT_TRUE(no_header);
    EXPECT_EQ(no_header->status, 403);
    EXPECT_EQ(ErrorCode(no_header), "csrf_refused");

    auto text =
        client.Post("/api/v1/auth/login", {{"X-Requested-With", "portal"}}, body, "text/plain");
    ASSERT_TRUE(text);
    EXPECT_EQ(text->status, 415);
    EXPECT_EQ(ErrorCode(text), "unsupported_media_type");

    auto foreign = client.Post("/api/v1/auth/login",
                               {{"X-Requested-With", "portal"}, {"Origin", "https://evil.example"}},
                               body, kJson);
    ASSERT_TRUE(foreign);
    EXPECT_EQ(foreign->status, 403);

    auto cross_site = client.Post(
        "/api/v1/auth/login", {{"X-Requested-With", "portal"}, {"Sec-Fetch-Site", "cross-site"}},
        body, kJson);
    ASSERT_TRUE(cross_site);
    EXPECT_EQ(cross_site->status, 403);
    EXPECT_EQ(cross_site->get_header_value("Set-Cookie"), "");

    auto same = client.Post(
        "/api/v1/auth/login",
        {{"X-Requested-With", "portal"}, {"Origin", self}, {"Sec-Fetch-Site", "same-origin"}}, body,
        kJson);
    ASSERT_TRUE(same);
    EXPECT_EQ(same->status, 200) << same->body;

    // Sign-out too: a cross-site page cannot end someone's session.
    std::string cookie = SessionCookie(same);
    auto forced = client.Post("/api/v1/auth/logout", {{"Cookie", cookie}}, "", kJson);
    ASSERT_TRUE(forced);
    EXPECT_EQ(forced->status, 403);
    EXPECT_EQ(GetMe(cookie)->status, 200);
}

TEST_F(SignInTest, TheBootstrapOperatorIsCreatedOnceAndOnlyWhenThereIsNone) {
    config_.bootstrap_operator = "root@portal.example:first-operator-pw";
    Restart();
    auto result = GetMe(SignIn("root@portal.example", "first-operator-pw"));
    ASSERT_TRUE(result && result->status == 200);
    EXPECT_EQ(api::Json::parse(result->body)["operator"], true) << result->body;
    for (const std::string& line : log_.Lines()) {
        EXPECT_EQ(line.find("first-operator-pw"), std::string::npos) << line;
    }

    // Another value later creates nobody: there is an operator already.
    config_.bootstrap_operator = "second@portal.example:other-pw";
    Restart();
    auto db = OpenRaw(DatabaseTarget(config_));
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM users"), 1);
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM operators"), 1);
    EXPECT_EQ(Login("second@portal.example", "other-pw")->status, 401);
}

TEST_F(SignInTest, TheBootstrapOperatorPromotesAnExistingUserKeepingTheirPassword) {
    AddUser("ana@example.com", "s3cret-pass");
    config_.bootstrap_operator = "ana@example.com:another-pw";
    Restart();
    auto result = GetMe(SignIn("ana@example.com", "s3cret-pass"));
    ASSERT_TRUE(result && result->status == 200);
    EXPECT_EQ(api::Json::parse(result->body)["operator"], true);
}

// The demo sign-ins of assets/demo/demo.json (README, scripts/run).
// Resolved sessions are cached for a moment; a change of roles, or a user disabled, takes
// effect on the very next request, even when made behind the server's back (migration 005's
// triggers move the access version).
TEST_F(SignInTest, ARoleTakenAwayOrAUserDisabledCountsAtTheNextRequest) {
    config_.demo = true;
    Restart();
    std::string cookie = SignIn("anne.martin@northwind.example", "northwind-admin");
    auto memberships = [&] {
        auto result = GetMe(cookie);
        if (!result || result->status != 200) return -1;
        return static_cast<int>(api::Json::parse(result->body)["memberships"].size());
    };
    ASSERT_EQ(memberships(), 1);
    ASSERT_EQ(memberships(), 1);  // from the cache
    auto db = OpenRaw(DatabaseTarget(config_));
    ASSERT_TRUE(
        db->Exec("DELETE FROM memberships WHERE user_id ="
                 " (SELECT id FROM users WHERE email = 'anne.martin@northwind.example')"));
    EXPECT_EQ(memberships(), 0);
    ASSERT_TRUE(
        db->Exec("UPDATE users SET disabled = 1"
                 " WHERE email = 'anne.martin@northwind.example'"));
    EXPECT_EQ(memberships(), -1);  // 401
}

TEST_F(SignInTest, DemoUsersSignInWithTheirRoles) {
    config_.demo = true;
    Restart();
    auto db = OpenRaw(DatabaseTarget(config_));
    auto account_id = [&](const std::string& name) {
        return QueryInt(*db, "SELECT id FROM accounts WHERE name = '" + name + "'");
    };
    int64_t hq = account_id("Northwind Traders — Siège");
    int64_t austin = account_id("Northwind Traders — Austin");
    int64_t contoso = account_id("Contoso Ltd");
    auto me_of = [&](const std::string& email, const std::string& password) {
        auto result = GetMe(SignIn(email, password));
        api::Me me;
        std::vector<api::FieldError> errors;
        EXPECT_TRUE(result && result->status == 200) << email;
        if (result) {
            EXPECT_TRUE(api::MeFromJson(api::Json::parse(result->body), me, errors));
        }
        return me;
    };

    // R-ACC-1: an admin and a read-only member of the Northwind headquarters, an admin of
    // Contoso.
    api::Me admin = me_of("anne.martin@northwind.example", "northwind-admin");
    ASSERT_EQ(admin.memberships.size(), 1u);
    EXPECT_EQ(admin.memberships[0].account_id, hq);
    EXPECT_EQ(admin.memberships[0].role, "admin");
    EXPECT_EQ(admin.user.language, "fr");
    api::Me reader = me_of("louis.bernard@northwind.example", "northwind-readonly");
    ASSERT_EQ(reader.memberships.size(), 1u);
    EXPECT_EQ(reader.memberships[0].account_id, hq);
    EXPECT_EQ(reader.memberships[0].role, "readonly");
    api::Me contoso_admin = me_of("dana.lee@contoso.example", "contoso-admin");
    ASSERT_EQ(contoso_admin.memberships.size(), 1u);
    EXPECT_EQ(contoso_admin.memberships[0].account_id, contoso);
    EXPECT_EQ(contoso_admin.memberships[0].role, "admin");

    // R-ACC-6: the partner's user sees both Northwind accounts through the delegations.
    api::Me partner = me_of("sam.patel@fabrikam.example", "fabrikam-partner");
    EXPECT_TRUE(partner.memberships.empty());
    ASSERT_EQ(partner.delegations.size(), 2u);
    EXPECT_EQ(partner.delegations[0].account_id, std::min(hq, austin));
    EXPECT_EQ(partner.delegations[1].account_id, std::max(hq, austin));
    EXPECT_EQ(partner.delegations[0].partner_org_id, partner.delegations[1].partner_org_id);
    EXPECT_NE(partner.delegations[0].partner_org_id, 0);
    EXPECT_EQ(partner.delegations[0].role, "admin");
    EXPECT_FALSE(partner.is_operator);

    api::Me op = me_of("olivia.ops@portal.example", "portal-operator");
    EXPECT_TRUE(op.is_operator);
    EXPECT_TRUE(op.memberships.empty());
}

}  // namespace
}  // namespace portal::server

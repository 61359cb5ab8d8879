// SSO sign-in against the "evil provider" (issue 15, R-ACC-5): every way an answer can be wrong is
// refused with a code the app explains ("/#/?sso=<code>"), audited and counted by the sign-in
// rate limiter; the right answer signs in with the same session cookie as a password, links or
// creates users only on a verified email of a verified domain, and a back-channel logout ends
// the session at once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "oidc_fixture.h"
#include "server/net/outbound.h"
#include "server/sso/oidc_client.h"
#include "sso_signin_fixture.h"

namespace portal::server {
namespace {

using testing::ApiAnswer;
using testing::ApiClient;
using testing::ConnectionSetup;
using testing::EvilProvider;
using testing::JwtPart;
using testing::kAnne;
using testing::kDana;
using testing::kLouis;
using testing::PreLoginCookieOf;
using testing::QueryParam;
using testing::SessionCookieIn;
using testing::SetCookies;
using testing::SsoLogin;
using testing::Str;
using Json = api::Json;

constexpr const char* kAlice = "alice@example.test";

class SsoSignIn : public testing::SsoSignInTest {
  protected:
    void SetUp() override {
        SsoSignInTest::SetUp();
        ASSERT_TRUE(evil_.ok());
    }

    Id Connect(std::optional<std::string> default_role = "readonly",
               const std::string& domain = "example.test") {
        ConnectionSetup setup;
        setup.domain = domain;
        setup.default_role = std::move(default_role);
        return AddConnection(evil_.issuer(), setup);
    }

    // A whole sign-in of email through the evil provider in its current mode: the callback's
    // answer.
    ApiAnswer SignInThrough(const std::string& email, const std::string& next = "") {
        SsoLogin login = StartSso(email, next);
        EXPECT_EQ(login.start.status, 302) << login.start.body;
        EXPECT_FALSE(login.cookie.empty()) << SetCookies(login.start);
        std::string url = evil_.FollowToCallback(login.location);
        return Callback(url, login.cookie);
    }

    // The refusal a callback answered: its "sso" code, with no session handed out.
    static std::string RefusalOf(const ApiAnswer& back) {
        EXPECT_EQ(back.status, 302) << back.body;
        EXPECT_EQ(SessionCookieIn(back), "") << SetCookies(back);
        std::string location = back.Header("Location");
        EXPECT_EQ(location.rfind("/#/?sso=", 0), 0u) << location;
        return location.substr(location.find('=') + 1);
    }

    int64_t RefusalsFor(const std::string& reason) const {
        return AuditsWith("auth.sso.refused", "reason", reason);
    }

    // The audit entries of action (of account, unless 0) whose `after` says key: value. Read in
    // C++: SQLite and PostgreSQL spell JSON access differently.
    int64_t AuditsWith(const std::string& action, const std::string& key, const std::string& value,
                       Id account = 0) const {
        std::string sql = "SELECT after FROM audit_log WHERE action = ?";
        if (account != 0) sql += " AND account_id = " + Str(account);
        int64_t count = 0;
        for (const std::string& after : Texts(sql, action)) {
            Json json = Json::parse(after, nullptr, false);
            if (json.is_object() && json.contains(key) && json[key] == value) ++count;
        }
        return count;
    }

    EvilProvider evil_;
    std::atomic<int> oidc_minutes_{0};  // how far the OIDC client's clock has been moved
};

// ---------------------------------------------------------------------------------------------
// The right answer

TEST_F(SsoSignIn, StartRedirectsToTheProviderWithPkceStateNonceAndABoundCookie) {
    Connect();
    SsoLogin login = StartSso(kAlice);
    ASSERT_EQ(login.start.status, 302) << login.start.body;
    EXPECT_EQ(login.start.Header("Cache-Control"), "no-store");
    const std::string& url = login.location;
    EXPECT_EQ(url.rfind(evil_.issuer() + "/authorize?", 0), 0u) << url;
    EXPECT_EQ(QueryParam(url, "response_type"), "code");
    EXPECT_EQ(QueryParam(url, "client_id"), "portal-test");
    EXPECT_EQ(QueryParam(url, "redirect_uri"), PublicUrl() + "/api/v1/auth/sso/callback");
    EXPECT_EQ(QueryParam(url, "scope"), "openid email profile");
    EXPECT_EQ(QueryParam(url, "state").size(), 43u);  // 32 random bytes, base64url
    EXPECT_EQ(QueryParam(url, "nonce").size(), 43u);
    EXPECT_NE(QueryParam(url, "state"), QueryParam(url, "nonce"));
    EXPECT_EQ(QueryParam(url, "code_challenge").size(), 43u);
    EXPECT_EQ(QueryParam(url, "code_challenge_method"), "S256");
    EXPECT_EQ(QueryParam(url, "login_hint"), kAlice);
    // The pre-login cookie: only for the SSO routes, 10 minutes, Lax so that the provider's
    // redirect back carries it.
    std::string cookies = SetCookies(login.start);
    EXPECT_NE(cookies.find("; Path=/api/v1/auth/sso; Max-Age=600; HttpOnly; SameSite=Lax"),
              std::string::npos)
        << cookies;
    // Neither the state nor the cookie is stored as it is.
    std::string state = QueryParam(url, "state");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sso_login_states WHERE state_hash = '" + state +
                       "' OR browser_hash = '" + login.cookie.substr(11) + "'"),
              0);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sso_login_states WHERE used_at IS NULL"), 1);
}

TEST_F(SsoSignIn, HappyPathSetsThePortalSessionCookieAndMeWorks) {
    Connect();
    ApiAnswer back = SignInThrough(kAlice);
    ASSERT_EQ(back.status, 302) << back.body;
    EXPECT_EQ(back.Header("Location"), "/#/");
    std::string cookies = SetCookies(back);
    // The same session cookie as a password sign-in, and the pre-login cookie cleared.
    EXPECT_NE(cookies.find("portal_session="), std::string::npos) << cookies;
    EXPECT_NE(cookies.find("HttpOnly; SameSite=Strict"), std::string::npos) << cookies;
    EXPECT_NE(cookies.find("portal_sso=; Path=/api/v1/auth/sso; Max-Age=0"), std::string::npos)
        << cookies;
    ApiAnswer me = SessionOf(back).Get("/api/v1/me");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json["user"].value("email", ""), kAlice);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sessions WHERE auth_method = 'sso'"
                       " AND sso_subject = 'alice-sub' AND sso_connection_id IS NOT NULL"),
              1);
    EXPECT_EQ(AuditCount("auth.sso.signin"), 1);
}

TEST_F(SsoSignIn, PkceVerifierAndBasicAuthReachTheTokenEndpoint) {
    Connect();
    SsoLogin login = StartSso(kAlice);
    ApiAnswer back = Callback(evil_.FollowToCallback(login.location), login.cookie);
    ASSERT_EQ(back.Header("Location"), "/#/") << back.body;
    Json seen = evil_.Requests();
    ASSERT_EQ(seen["token"].size(), 1u) << seen.dump();
    const Json& exchange = seen["token"][0];
    // client_secret_basic: base64("portal-test:s3cret").
    EXPECT_EQ(exchange.value("authorization", ""), "Basic cG9ydGFsLXRlc3Q6czNjcmV0");
    EXPECT_FALSE(exchange["params"].contains("client_secret")) << exchange.dump();
    EXPECT_EQ(exchange["params"].value("redirect_uri", ""),
              PublicUrl() + "/api/v1/auth/sso/callback");
    std::string verifier = exchange["params"].value("code_verifier", "");
    EXPECT_EQ(verifier.size(), 43u);
    // The provider checked S256(verifier) == the challenge of /authorize (it answered 200).
    EXPECT_EQ(seen["authorize"][0].value("code_challenge", ""),
              QueryParam(login.location, "code_challenge"));
}

TEST_F(SsoSignIn, JitWithDefaultRoleReadonlyCreatesAMemberWithoutPassword) {
    Connect("readonly");
    ApiAnswer back = SignInThrough(kAlice);
    ASSERT_EQ(back.Header("Location"), "/#/") << back.body;
    Id alice = UserNamed(kAlice);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM users WHERE id = " + Str(alice) +
                       " AND password_hash = '' AND name = 'Alice Example'"),
              1);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM memberships WHERE user_id = " + Str(alice) +
                       " AND account_id = " + Str(NorthwindHq()) + " AND role = 'readonly'"),
              1);
    ApiAnswer rooms = SessionOf(back).Get(Account(NorthwindHq(), "/rooms"));
    EXPECT_EQ(rooms.status, 200) << rooms.body;
    EXPECT_EQ(AuditsWith("auth.sso.signin", "how", "jit", NorthwindHq()), 1);
}

// R-ACC-5: one issuer may serve several customers (a multi-tenant provider). A user linked
// through one customer's connection who types another customer's domain is not let into that
// account just in time: the email must be one that connection vouches for, even when (iss, sub)
// is known.
TEST_F(SsoSignIn, AKnownIdentityIsNotAdmittedJustInTimeThroughAnotherCustomersDomain) {
    Connect("readonly");
    ASSERT_EQ(SignInThrough(kAlice).Header("Location"), "/#/");
    Id contoso_domain = AddVerifiedDomain(Contoso(), "contoso.test", kDana);
    ApiAnswer made = SignInAs(kDana).Post(Account(Contoso(), "/sso/connections"),
                                          {{"name", "Contoso IdP"},
                                           {"issuer", evil_.issuer()},
                                           {"clientId", "portal-test"},
                                           {"clientSecret", "s3cret"},
                                           {"domains", Json::array({contoso_domain})},
                                           {"defaultRole", "admin"}});
    ASSERT_EQ(made.status, 201) << made.body;

    // The provider answers with alice's subject and her example.test address.
    EXPECT_EQ(RefusalOf(SignInThrough("someone@contoso.test")), "not_invited");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM memberships WHERE account_id = " + Str(Contoso()) +
                       " AND user_id = " + Str(UserNamed(kAlice))),
              0);
}

TEST_F(SsoSignIn, NoDefaultRoleRefusesAStrangerButAdmitsAnInvitedEmail) {
    Connect(std::nullopt);
    EXPECT_EQ(RefusalOf(SignInThrough(kAlice)), "not_invited");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM users WHERE email = 'alice@example.test'"), 0);
    EXPECT_EQ(RefusalsFor("not_invited"), 1);

    ApiClient anne = SignInAs(kAnne);
    ApiAnswer invited =
        anne.Post(Account(NorthwindHq(), "/invitations"), {{"email", kAlice}, {"role", "admin"}});
    ASSERT_EQ(invited.status, 201) << invited.body;
    ApiAnswer back = SignInThrough(kAlice);
    ASSERT_EQ(back.Header("Location"), "/#/") << back.body;
    Id alice = UserNamed(kAlice);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM memberships WHERE user_id = " + Str(alice) +
                       " AND account_id = " + Str(NorthwindHq()) + " AND role = 'admin'"),
              1);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM invitations WHERE email = 'alice@example.test'"
                       " AND accepted_user_id = " +
                       Str(alice)),
              1);
    EXPECT_EQ(AuditCount("invitation.accept"), 1);
}

TEST_F(SsoSignIn, LinksAnExistingUserByVerifiedEmailOnceThenBySubject) {
    Connect(std::nullopt, "northwind.example");
    Id louis = UserNamed(kLouis.email);
    evil_.SetMode({{"mode", "good"}, {"sub", "louis-sub"}, {"email", kLouis.email}});
    ApiAnswer first = SignInThrough(kLouis.email);
    ASSERT_EQ(first.Header("Location"), "/#/") << first.body;
    EXPECT_EQ(SessionOf(first).Get("/api/v1/me").json["user"].value("id", Id{0}), louis);
    EXPECT_EQ(QueryInt("SELECT user_id FROM sso_identities WHERE subject = 'louis-sub'"), louis);

    // Now the provider's email says anything, unverified: (iss, sub) is who it is.
    evil_.SetMode({{"mode", "good"},
                   {"sub", "louis-sub"},
                   {"email", "louis@elsewhere.example"},
                   {"email_verified", false}});
    ApiAnswer again = SignInThrough(kLouis.email);
    ASSERT_EQ(again.Header("Location"), "/#/") << again.body;
    EXPECT_EQ(SessionOf(again).Get("/api/v1/me").json["user"].value("id", Id{0}), louis);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sso_identities"), 1);
}

TEST_F(SsoSignIn, UnverifiedEmailCollidingWithAnExistingUserIsRefused) {
    // nOAuth / CVE-2023-3128: an email claim the provider does not vouch for takes nobody over.
    Connect("admin", "northwind.example");
    evil_.SetMode({{"mode", "email_unverified"}, {"sub", "mallory"}, {"email", kAnne.email}});
    EXPECT_EQ(RefusalOf(SignInThrough(kAnne.email)), "email_unverified");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sso_identities"), 0);
    EXPECT_EQ(RefusalsFor("email_unverified"), 1);
}

TEST_F(SsoSignIn, ADisabledUserIsRefused) {
    Connect(std::nullopt, "northwind.example");
    Exec("UPDATE users SET disabled = 1 WHERE email = '" + std::string(kLouis.email) + "'");
    evil_.SetMode({{"mode", "good"}, {"sub", "louis-sub"}, {"email", kLouis.email}});
    EXPECT_EQ(RefusalOf(SignInThrough(kLouis.email)), "disabled");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sso_identities"), 0);
}

TEST_F(SsoSignIn, AVerifiedEmailOutsideTheConnectionsDomainsIsRefused) {
    Connect("admin");  // example.test only
    evil_.SetMode({{"mode", "good"}, {"sub", "dana-sub"}, {"email", kDana.email}});
    EXPECT_EQ(RefusalOf(SignInThrough(kAlice)), "domain_not_verified");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sso_identities"), 0);
}

// ---------------------------------------------------------------------------------------------
// Every wrong answer (R-ACC-5)

struct BadAnswer {
    const char* mode;
    const char* code;
};

class SsoRefusal : public SsoSignIn, public ::testing::WithParamInterface<BadAnswer> {};

TEST_P(SsoRefusal, IsRefusedWithItsCodeAndAudited) {
    Connect();
    evil_.SetMode(GetParam().mode);
    ApiAnswer back = SignInThrough(kAlice);
    EXPECT_EQ(RefusalOf(back), GetParam().code);
    EXPECT_EQ(RefusalsFor(GetParam().code), 1);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM users WHERE email = 'alice@example.test'"), 0);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sessions WHERE auth_method = 'sso'"), 0);
}

INSTANTIATE_TEST_SUITE_P(
    EvilProvider, SsoRefusal,
    ::testing::Values(
        BadAnswer{"alg_none", "token_invalid"}, BadAnswer{"hs256_public_key", "token_invalid"},
        BadAnswer{"wrong_aud", "token_invalid"}, BadAnswer{"wrong_iss", "token_invalid"},
        BadAnswer{"expired", "token_invalid"}, BadAnswer{"future_iat", "token_invalid"},
        BadAnswer{"wrong_nonce", "token_invalid"}, BadAnswer{"missing_nonce", "token_invalid"},
        BadAnswer{"no_iss_param", "token_invalid"}, BadAnswer{"wrong_iss_param", "token_invalid"},
        BadAnswer{"access_denied", "provider_error"}),
    [](const ::testing::TestParamInfo<BadAnswer>& info) { return std::string(info.param.mode); });

// What was typed is checked as an email (issue 16: one syntax) before anything is started or
// audited: bytes that are not one answer 400 naming the field, and no provider is asked.
TEST_F(SsoSignIn, WhatWasTypedMustBeAnEmailWhateverItsBytes) {
    Connect();
    evil_.SetMode("access_denied");
    for (const char* typed : {"\xff\xfe@example.test", "a\r\nb@example.test", "<a@example.test>"}) {
        SsoLogin login = StartSso(typed, "");
        EXPECT_EQ(login.start.status, 400) << login.start.body;
        EXPECT_EQ(login.start.json["error"]["details"]["fields"][0]["field"], "email");
        EXPECT_TRUE(login.cookie.empty());
    }
    EXPECT_EQ(RefusalsFor("provider_error"), 0);
}

TEST_F(SsoSignIn, HmacWithThePublicKeysDerBytesIsRefusedToo) {
    Connect();
    evil_.SetMode({{"mode", "hs256_public_key"}, {"hmac_key", "der"}});
    EXPECT_EQ(RefusalOf(SignInThrough(kAlice)), "token_invalid");
}

TEST_F(SsoSignIn, AReplayedStateIsRefused) {
    Connect();
    SsoLogin login = StartSso(kAlice);
    std::string url = evil_.FollowToCallback(login.location);
    ApiAnswer first = Callback(url, login.cookie);
    ASSERT_EQ(first.Header("Location"), "/#/") << first.body;
    EXPECT_EQ(RefusalOf(Callback(url, login.cookie)), "state_invalid");
    EXPECT_EQ(RefusalsFor("state_invalid"), 1);
}

TEST_F(SsoSignIn, TheStateIsBoundToThePreLoginCookie) {
    Connect();
    SsoLogin victim = StartSso(kAlice);
    SsoLogin attacker = StartSso(kAlice);
    std::string url = evil_.FollowToCallback(victim.location);
    // Login CSRF: another browser's cookie, or none, does not finish this sign-in ...
    EXPECT_EQ(RefusalOf(Callback(url, attacker.cookie)), "state_invalid");
    EXPECT_EQ(RefusalOf(Callback(url, "")), "state_invalid");
    EXPECT_EQ(RefusalOf(Callback(url, "portal_sso=made-up")), "state_invalid");
    // ... nor spends it: the browser that started it still can.
    ApiAnswer back = Callback(url, victim.cookie);
    EXPECT_EQ(back.Header("Location"), "/#/") << back.body;
}

TEST_F(SsoSignIn, AStateOlderThanTenMinutesIsRefused) {
    Connect();
    SsoLogin login = StartSso(kAlice);
    std::string url = evil_.FollowToCallback(login.location);
    clock_.Advance(10 * 60 + 1);
    EXPECT_EQ(RefusalOf(Callback(url, login.cookie)), "state_invalid");
}

TEST_F(SsoSignIn, AnUnknownKidAfterRotationIsAcceptedOnceTheJwksHasTheKey) {
    // The JWKS is refetched for an unknown kid at most once a minute: the test moves the OIDC
    // client's clock instead of waiting.
    auto base = std::chrono::steady_clock::now();
    server_->oidc()->SetClockForTesting(
        [this, base] { return base + std::chrono::minutes(oidc_minutes_.load()); });
    Connect();
    ASSERT_EQ(SignInThrough(kAlice).Header("Location"), "/#/");  // the first key is cached
    int fetches = evil_.Requests().value("jwks_fetches", 0);

    // The provider signs with a new key it has not published yet: refused after one refetch.
    evil_.SetMode("rotate");
    oidc_minutes_ += 2;
    EXPECT_EQ(RefusalOf(SignInThrough(kAlice)), "token_invalid");
    EXPECT_EQ(evil_.Requests().value("jwks_fetches", 0), fetches + 1);
    // A token with an unknown kid right after does not make the portal hammer the provider.
    EXPECT_EQ(RefusalOf(SignInThrough(kAlice)), "token_invalid");
    EXPECT_EQ(evil_.Requests().value("jwks_fetches", 0), fetches + 1);

    // Once /jwks serves it, the next refetch finds it.
    evil_.SetMode(Json{{"publish", true}});
    oidc_minutes_ += 2;
    ApiAnswer back = SignInThrough(kAlice);
    EXPECT_EQ(back.Header("Location"), "/#/") << back.body;
    EXPECT_EQ(evil_.Requests().value("jwks_fetches", 0), fetches + 2);
}

TEST_F(SsoSignIn, TheProviderErrorIsRefused) {
    Connect();
    evil_.SetMode("access_denied");
    EXPECT_EQ(RefusalOf(SignInThrough(kAlice)), "provider_error");
}

// ---------------------------------------------------------------------------------------------
// Test sign-in, next, discover, rate limits

TEST_F(SsoSignIn, TestSignInRecordsTestedAtAndSetsNoSession) {
    Id connection = Connect();
    std::string path = "/api/v1/auth/sso/start?connection=" + Str(connection) +
                       "&test=1&next=" + net::PercentEncode("#/people");
    // An admin of the connection's account only.
    EXPECT_EQ(Anonymous().Get(path).status, 401);
    EXPECT_EQ(SignInAs(kLouis).Get(path).status, 403);
    EXPECT_EQ(SignInAs(kDana).Get(path).status, 404);

    ApiClient anne = SignInAs(kAnne);
    ApiAnswer start = anne.Get(path);
    ASSERT_EQ(start.status, 302) << start.body;
    std::string cookie = PreLoginCookieOf(start);
    ApiAnswer back = Callback(evil_.FollowToCallback(start.Header("Location")), cookie);
    ASSERT_EQ(back.status, 302) << back.body;
    EXPECT_EQ(back.Header("Location"), "/#/people?sso=tested");
    EXPECT_EQ(SessionCookieIn(back), "") << SetCookies(back);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sso_connections WHERE tested_at IS NOT NULL"
                       " AND tested_subject = 'alice-sub'"),
              1);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM users WHERE email = 'alice@example.test'"), 0);
    EXPECT_EQ(AuditCount("sso.connection.tested"), 1);
    ApiAnswer listed = anne.Get(Account(NorthwindHq(), "/sso/connections"));
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_FALSE(listed.json["items"][0]["testedAt"].is_null()) << listed.body;

    // A failed test comes back to the same page with its code.
    evil_.SetMode("wrong_aud");
    start = anne.Get(path);
    back = Callback(evil_.FollowToCallback(start.Header("Location")), PreLoginCookieOf(start));
    EXPECT_EQ(back.Header("Location"), "/#/people?sso=token_invalid");
}

TEST_F(SsoSignIn, StartRefreshesADiscoveryDocumentOlderThanADay) {
    Id connection = Connect();
    int fetches = evil_.Requests().value("discovery_fetches", 0);
    StartSso(kAlice);  // fetched on save: fresh
    EXPECT_EQ(evil_.Requests().value("discovery_fetches", 0), fetches);
    Exec(
        "UPDATE sso_connections SET discovered_at = discovered_at - 86401, discovery_json = '{}'"
        " WHERE id = " +
        Str(connection));
    SsoLogin login = StartSso(kAlice);
    EXPECT_EQ(evil_.Requests().value("discovery_fetches", 0), fetches + 1);
    EXPECT_EQ(login.location.rfind(evil_.issuer() + "/authorize?", 0), 0u) << login.location;
    int64_t now = std::chrono::system_clock::to_time_t(clock_.Now());
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sso_connections WHERE discovery_json LIKE"
                       " '%authorization_endpoint%' AND discovered_at >= " +
                       std::to_string(now - 60)),
              1);
}

TEST_F(SsoSignIn, NextMustBeAnAppRouteOfThisOrigin) {
    Connect();
    EXPECT_EQ(SignInThrough(kAlice, "#/rooms?id=3").Header("Location"), "/#/rooms?id=3");
    EXPECT_EQ(SignInThrough(kAlice, "/#/orders").Header("Location"), "/#/orders");
    EXPECT_EQ(SignInThrough(kAlice, "http://evil.example/#/x").Header("Location"), "/#/");
    EXPECT_EQ(SignInThrough(kAlice, "//evil.example/#/x").Header("Location"), "/#/");
    EXPECT_EQ(SignInThrough(kAlice, "#/x\r\nSet-Cookie: a=b").Header("Location"), "/#/");
}

TEST_F(SsoSignIn, DiscoverSaysTheSameForAnUnknownDomainAndAnotherCustomersDomain) {
    Connect();
    // Contoso verified contoso.example but has no connection.
    Exec("INSERT INTO sso_domains(account_id, domain, token, verified_at, created_at) VALUES (" +
         Str(Contoso()) + ", 'contoso.example', 't', 1700000000, 1700000000)");
    ApiClient anonymous = Anonymous();
    ApiAnswer unknown = anonymous.Get("/api/v1/auth/sso/discover?email=x%40nowhere.example");
    ApiAnswer foreign = anonymous.Get("/api/v1/auth/sso/discover?email=dana.lee%40contoso.example");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.ErrorCode(), "sso_not_configured");
    EXPECT_EQ(foreign.status, 404);
    EXPECT_EQ(foreign.body, unknown.body);

    ApiAnswer found = anonymous.Get("/api/v1/auth/sso/discover?email=alice%40Example.test");
    ASSERT_EQ(found.status, 200) << found.body;
    EXPECT_EQ(found.json.value("startUrl", ""),
              "/api/v1/auth/sso/start?email=alice%40Example.test");
    EXPECT_EQ(found.json.value("enforced", true), false);

    SsoLogin nowhere = StartSso("x@nowhere.example");
    EXPECT_EQ(nowhere.start.status, 302);
    EXPECT_EQ(nowhere.location, "/#/?sso=sso_not_configured");
}

TEST_F(SsoSignIn, FailuresAreRateLimitedLikePasswords) {
    Connect();
    evil_.SetMode("wrong_aud");
    const std::string bob = "bob@example.test";
    for (int i = 0; i < config_.login_failures_per_email; ++i) {
        ASSERT_EQ(RefusalOf(SignInThrough(bob)), "token_invalid");
    }
    SsoLogin blocked = StartSso(bob);
    EXPECT_EQ(blocked.start.status, 302);
    EXPECT_EQ(blocked.location, "/#/?sso=rate_limited");
    EXPECT_EQ(blocked.cookie, "");
    // The same limiter as the password sign-in.
    ApiAnswer password =
        Anonymous().Post("/api/v1/auth/login", {{"email", bob}, {"password", "whatever-it-is"}});
    EXPECT_EQ(password.status, 429) << password.body;
    // Other emails still go ahead.
    evil_.SetMode("good");
    EXPECT_EQ(SignInThrough(kAlice).Header("Location"), "/#/");
}

// ---------------------------------------------------------------------------------------------
// Back-channel logout and sign-out

TEST_F(SsoSignIn, BackchannelLogoutEndsTheSessionAtOnceAndRefusesAReplay) {
    Connect();
    ApiClient alice = SessionOf(SignInThrough(kAlice));
    ApiClient anne = SignInAs(kAnne);
    ASSERT_EQ(alice.Get("/api/v1/me").status, 200);  // cached by Auth from here on

    std::string token = evil_.MakeLogoutToken({{"sub", "alice-sub"}});
    // Server to server: a form, none of the portal's headers.
    httplib::Client provider("127.0.0.1", server_->Port());
    auto started = std::chrono::steady_clock::now();
    httplib::Result answer = provider.Post("/api/v1/auth/sso/backchannel-logout",
                                           httplib::Params{{"logout_token", token}});
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200) << answer->body;
    EXPECT_EQ(answer->get_header_value("Cache-Control"), "no-store");
    EXPECT_EQ(alice.Get("/api/v1/me").status, 401);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
    EXPECT_EQ(anne.Get("/api/v1/me").status, 200);  // a password session is not the provider's

    // The same token again: its jti was seen.
    answer = provider.Post("/api/v1/auth/sso/backchannel-logout",
                           httplib::Params{{"logout_token", token}});
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 400);
    Json body;
    std::string error;
    ASSERT_TRUE(api::ParseJson(answer->body, body, error)) << answer->body;
    EXPECT_EQ(body.value("error", ""), "invalid_request");
}

TEST_F(SsoSignIn, BackchannelLogoutBySidEndsOnlyThatSession) {
    Connect();
    evil_.SetMode({{"mode", "good"}, {"claims", {{"sid", "sid-1"}}}});
    ApiClient first = SessionOf(SignInThrough(kAlice));
    evil_.SetMode({{"mode", "good"}, {"claims", {{"sid", "sid-2"}}}});
    ApiClient second = SessionOf(SignInThrough(kAlice));
    std::string token = evil_.MakeLogoutToken({{"sid", "sid-1"}, {"sub", nullptr}});
    httplib::Client provider("127.0.0.1", server_->Port());
    httplib::Result answer = provider.Post("/api/v1/auth/sso/backchannel-logout",
                                           httplib::Params{{"logout_token", token}});
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200) << answer->body;
    EXPECT_EQ(first.Get("/api/v1/me").status, 401);
    EXPECT_EQ(second.Get("/api/v1/me").status, 200);
}

TEST_F(SsoSignIn, BackchannelLogoutRefusesWhatIsNotAValidLogoutToken) {
    Connect();
    ApiClient alice = SessionOf(SignInThrough(kAlice));
    httplib::Client provider("127.0.0.1", server_->Port());
    auto post = [&](const std::string& token) {
        httplib::Result answer = provider.Post("/api/v1/auth/sso/backchannel-logout",
                                               httplib::Params{{"logout_token", token}});
        return answer ? answer->status : 0;
    };
    EXPECT_EQ(post(""), 400);
    EXPECT_EQ(post("not.a.jwt"), 400);
    EXPECT_EQ(post(evil_.MakeLogoutToken({{"sub", "alice-sub"}, {"aud", "someone-else"}})), 400);
    EXPECT_EQ(post(evil_.MakeLogoutToken({{"sub", "alice-sub"}, {"events", nullptr}})), 400);
    EXPECT_EQ(post(evil_.MakeLogoutToken({{"sub", "alice-sub"}, {"nonce", "n"}})), 400);
    EXPECT_EQ(post(evil_.MakeLogoutToken({{"sub", "alice-sub"}, {"jti", nullptr}})), 400);
    // A JSON body is not what a provider sends.
    httplib::Result json = provider.Post("/api/v1/auth/sso/backchannel-logout",
                                         R"({"logout_token":"x"})", "application/json");
    ASSERT_TRUE(json);
    EXPECT_EQ(json->status, 415);
    EXPECT_EQ(alice.Get("/api/v1/me").status, 200);
}

TEST(SsoCsrf, OnlyTheBackchannelLogoutTakesAFormWithoutOurHeader) {
    RequestFacts facts;
    facts.method = "POST";
    facts.content_type = "application/x-www-form-urlencoded";
    facts.has_body = true;
    facts.host = "portal.example";
    EXPECT_TRUE(CheckRequestOrigin(facts, "https://portal.example").has_value());
    facts.backchannel_logout = true;
    EXPECT_FALSE(CheckRequestOrigin(facts, "https://portal.example").has_value());
    facts.sec_fetch_site = "cross-site";  // a browser sent by another site: still refused
    EXPECT_TRUE(CheckRequestOrigin(facts, "https://portal.example").has_value());
    facts.sec_fetch_site = "";
    facts.content_type = "text/plain";
    EXPECT_EQ(CheckRequestOrigin(facts, "https://portal.example")->status, 415);
}

TEST_F(SsoSignIn, SignOutOffersTheProvidersLogout) {
    Connect();
    ApiClient alice = SessionOf(SignInThrough(kAlice));
    ApiAnswer out = alice.Post("/api/v1/auth/logout", Json::object());
    ASSERT_EQ(out.status, 200) << out.body;
    EXPECT_EQ(out.json.value("providerLogoutUrl", ""),
              evil_.issuer() + "/session/end?client_id=portal-test&post_logout_redirect_uri=" +
                  net::PercentEncode(PublicUrl() + "/"));
    EXPECT_EQ(alice.Get("/api/v1/me").status, 401);
    // A password session signs out as before.
    EXPECT_EQ(SignInAs(kAnne).Post("/api/v1/auth/logout", Json::object()).status, 204);
}

}  // namespace
}  // namespace portal::server

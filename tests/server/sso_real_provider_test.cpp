// SSO sign-in through a real OpenID provider (issue 15, R-ACC-5): npm oidc-provider on loopback,
// its own login and consent pages, PKCE, RFC 9207's iss, back-channel and RP-initiated logout.
// Northwind HQ has verified northwind.example and connected the provider with the default role
// readonly; alice@ is new there, eve@'s email is not verified, anne is an existing portal user.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "oidc_fixture.h"
#include "server/net/outbound.h"
#include "sso_signin_fixture.h"

namespace portal::server {
namespace {

using testing::ApiAnswer;
using testing::ApiClient;
using testing::ConnectionSetup;
using testing::kAnne;
using testing::OidcAnswer;
using testing::RealProvider;
using testing::SessionCookieIn;
using testing::SetCookies;
using testing::SsoLogin;
using testing::Str;
using Json = api::Json;

constexpr const char* kDomain = "northwind.example";
constexpr const char* kAlice = "alice@northwind.example";

class SsoRealProvider : public testing::SsoSignInTest {
  protected:
    void SetUp() override {
        SsoSignInTest::SetUp();
        // The provider registers the portal's redirect URI: the server's port comes first.
        testing::RealProviderOptions options;
        options.redirect_uri = PublicUrl() + "/api/v1/auth/sso/callback";
        options.domain = kDomain;
        options.existing_email = kAnne.email;
        idp_ = std::make_unique<RealProvider>(options);
        ASSERT_TRUE(idp_->ok());
        ConnectionSetup setup;
        setup.domain = kDomain;
        setup.client_id = idp_->client_id();
        setup.client_secret = idp_->client_secret();
        setup.default_role = "readonly";
        connection_ = AddConnection(idp_->issuer(), setup);
        ASSERT_NE(connection_, 0);
    }

    // start -> the provider's login and consent pages as `login` -> the portal's callback.
    ApiAnswer SignIn(const std::string& email, const std::string& login) {
        SsoLogin started = StartSso(email);
        EXPECT_EQ(started.start.status, 302) << started.start.body;
        std::string callback = idp_->FollowToCallback(started.location, login);
        return Callback(callback, started.cookie);
    }

    std::unique_ptr<RealProvider> idp_;
    Id connection_ = 0;
};

TEST_F(SsoRealProvider, AliceSignsInThroughTheProvidersPagesIntoAPortalSession) {
    ApiAnswer back = SignIn(kAlice, "alice");
    ASSERT_EQ(back.status, 302) << back.body;
    ASSERT_EQ(back.Header("Location"), "/#/") << SetCookies(back);
    ApiAnswer me = SessionOf(back).Get("/api/v1/me");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json["user"].value("email", ""), kAlice);
    ASSERT_EQ(me.json["memberships"].size(), 1u) << me.body;
    EXPECT_EQ(me.json["memberships"][0].value("role", ""), "readonly");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sso_identities WHERE subject = 'alice-sub'"
                       " AND issuer = '" +
                       idp_->issuer() + "'"),
              1);
    EXPECT_EQ(AuditCount("auth.sso.signin"), 1);
}

TEST_F(SsoRealProvider, EveWhoseEmailIsNotVerifiedIsRefused) {
    ApiAnswer back = SignIn("eve@northwind.example", "eve");
    ASSERT_EQ(back.status, 302) << back.body;
    EXPECT_EQ(back.Header("Location"), "/#/?sso=email_unverified");
    EXPECT_EQ(SessionCookieIn(back), "");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM users WHERE email = 'eve@northwind.example'"), 0);
    EXPECT_EQ(AuditCount("auth.sso.refused"), 1);
}

TEST_F(SsoRealProvider, AnExistingPortalUserOfTheVerifiedDomainIsLinked) {
    Id anne = UserNamed(kAnne.email);
    ApiAnswer back = SignIn(kAnne.email, "anne");
    ASSERT_EQ(back.Header("Location"), "/#/") << back.body;
    ApiAnswer me = SessionOf(back).Get("/api/v1/me");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json["user"].value("id", Id{0}), anne);
    EXPECT_EQ(QueryInt("SELECT user_id FROM sso_identities WHERE subject = 'anne-sub'"), anne);
    // Still HQ's admin, and her password still works (break-glass is another matter).
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM memberships WHERE user_id = " + Str(anne) +
                       " AND account_id = " + Str(NorthwindHq()) + " AND role = 'admin'"),
              1);
    SignInAs(kAnne);
}

TEST_F(SsoRealProvider, ABackchannelLogoutFromTheProviderEndsTheSession) {
    ApiClient alice = SessionOf(SignIn(kAlice, "alice"));
    ASSERT_EQ(alice.Get("/api/v1/me").status, 200);
    auto started = std::chrono::steady_clock::now();
    OidcAnswer sent = idp_->BackchannelLogout({{"sub", "alice-sub"}});
    EXPECT_EQ(sent.status, 200) << sent.body;
    EXPECT_EQ(alice.Get("/api/v1/me").status, 401);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(SsoRealProvider, SignOutOffersTheProvidersEndSession) {
    ApiClient alice = SessionOf(SignIn(kAlice, "alice"));
    ApiAnswer out = alice.Post("/api/v1/auth/logout", Json::object());
    ASSERT_EQ(out.status, 200) << out.body;
    std::string url = out.json.value("providerLogoutUrl", "");
    EXPECT_EQ(url, idp_->issuer() + "/session/end?client_id=" + idp_->client_id() +
                       "&post_logout_redirect_uri=" + net::PercentEncode(PublicUrl() + "/"));
    // The provider knows the client and its post-logout URI: it asks to confirm, not 400.
    OidcAnswer page = idp_->Get(url.substr(idp_->issuer().size()));
    EXPECT_EQ(page.status, 200) << page.body.substr(0, 500);
    EXPECT_EQ(alice.Get("/api/v1/me").status, 401);
}

}  // namespace
}  // namespace portal::server

// The SSO suites' providers themselves (R-ACC-5): both start, advertise what the portal relies
// on (RFC 9207's iss, end_session), and a login through each ends in a code that the token
// endpoint exchanges, with client_secret_basic and PKCE, for alice's ID token. No portal here:
// the redirect URI points at a port nobody listens on; the flow stops at its Location.
#include "oidc_fixture.h"

#include <gtest/gtest.h>
#include <httplib.h>

namespace portal::server::testing {
namespace {

constexpr const char* kRedirectUri = "http://127.0.0.1:1/cb";
// RFC 7636's S256: base64url(SHA-256(verifier)).
constexpr const char* kVerifier = "verifier-0123456789012345678901234567890123456789";
constexpr const char* kChallenge = "n_HrZxxX_Pc2JsoDktTQAd6nTrK_DZR4J2SMR9wsvzU";

std::string AuthorizeUrl(const OidcProvider& provider, const std::string& endpoint,
                         const std::string& client_id) {
    return endpoint + "?response_type=code&client_id=" + client_id +
           "&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb&scope=openid%20email%20profile"
           "&state=the-state&nonce=the-nonce&code_challenge=" +
           kChallenge + "&code_challenge_method=S256&login_hint=alice%40example.test";
}

// POST token_endpoint with client_secret_basic; the answer's JSON.
api::Json ExchangeCode(const OidcProvider& provider, const std::string& code,
                       const std::string& client_id, const std::string& secret,
                       const std::string& verifier, int* status = nullptr) {
    httplib::Client client("127.0.0.1", provider.port());
    client.set_basic_auth(client_id.c_str(), secret.c_str());
    httplib::Params form = {{"grant_type", "authorization_code"},
                            {"code", code},
                            {"redirect_uri", kRedirectUri},
                            {"code_verifier", verifier}};
    httplib::Result answer = client.Post("/token", form);
    if (!answer) return nullptr;
    if (status) *status = answer->status;
    api::Json json;
    std::string error;
    if (!api::ParseJson(answer->body, json, error)) return nullptr;
    return json;
}

void ExpectAliceIdToken(const api::Json& tokens, const OidcProvider& provider) {
    ASSERT_TRUE(tokens.is_object() && tokens.contains("id_token")) << tokens.dump();
    std::string id_token = tokens["id_token"];
    api::Json header = JwtPart(id_token, 0), payload = JwtPart(id_token, 1);
    EXPECT_EQ(header.value("alg", ""), "RS256") << header.dump();
    EXPECT_EQ(payload.value("iss", ""), provider.issuer());
    EXPECT_EQ(payload.value("aud", ""), "portal-test");
    EXPECT_EQ(payload.value("sub", ""), "alice-sub");
    EXPECT_EQ(payload.value("email", ""), "alice@example.test");
    EXPECT_EQ(payload.value("email_verified", false), true);
    EXPECT_EQ(payload.value("nonce", ""), "the-nonce");
}

TEST(OidcFixture, RealProviderAdvertisesItsIssuerAndTheIssParameter) {
    RealProvider provider({.redirect_uri = kRedirectUri});
    ASSERT_TRUE(provider.ok());
    OidcAnswer discovery = provider.Discovery();
    ASSERT_EQ(discovery.status, 200) << discovery.body;
    EXPECT_EQ(discovery.json.value("issuer", ""), provider.issuer());
    EXPECT_EQ(provider.issuer(), "http://127.0.0.1:" + std::to_string(provider.port()));
    EXPECT_EQ(discovery.json.value("authorization_response_iss_parameter_supported", false), true);
    EXPECT_EQ(discovery.json.value("backchannel_logout_supported", false), true);
    EXPECT_EQ(discovery.json.value("end_session_endpoint", ""), provider.issuer() + "/session/end");
}

TEST(OidcFixture, RealProviderLoginThroughItsPagesYieldsAlicesIdToken) {
    RealProvider provider({.redirect_uri = kRedirectUri});
    ASSERT_TRUE(provider.ok());
    std::string endpoint = provider.Discovery().json.value("authorization_endpoint", "");
    std::string callback =
        provider.FollowToCallback(AuthorizeUrl(provider, endpoint, "portal-test"), "alice");
    ASSERT_EQ(callback.rfind(std::string(kRedirectUri) + "?", 0), 0u) << callback;
    EXPECT_EQ(QueryParam(callback, "state"), "the-state");
    EXPECT_EQ(QueryParam(callback, "iss"), provider.issuer());
    std::string code = QueryParam(callback, "code");
    ASSERT_FALSE(code.empty()) << callback;

    int status = 0;
    ExpectAliceIdToken(ExchangeCode(provider, code, "portal-test", "s3cret", kVerifier, &status),
                       provider);
    EXPECT_EQ(status, 200);
}

TEST(OidcFixture, RealProviderRefusesACodeWithoutTheRightVerifier) {
    RealProvider provider({.redirect_uri = kRedirectUri});
    ASSERT_TRUE(provider.ok());
    std::string endpoint = provider.Discovery().json.value("authorization_endpoint", "");
    std::string callback =
        provider.FollowToCallback(AuthorizeUrl(provider, endpoint, "portal-test"), "eve");
    int status = 0;
    api::Json answer = ExchangeCode(provider, QueryParam(callback, "code"), "portal-test", "s3cret",
                                    std::string(kVerifier) + "x", &status);
    EXPECT_EQ(status, 400);
    EXPECT_EQ(answer.value("error", ""), "invalid_grant") << answer.dump();
}

TEST(OidcFixture, RealProviderBackchannelLogoutReportsTheUnreachablePortal) {
    RealProvider provider({.redirect_uri = kRedirectUri});
    ASSERT_TRUE(provider.ok());
    OidcAnswer answer = provider.BackchannelLogout({{"login", "alice"}, {"sid", "s-1"}});
    EXPECT_EQ(answer.status, 502) << answer.body;  // nothing listens on port 1
    api::Json payload = JwtPart(answer.json.value("logout_token", ""), 1);
    EXPECT_EQ(payload.value("sub", ""), "alice-sub");
    EXPECT_EQ(payload.value("sid", ""), "s-1");
    EXPECT_EQ(payload.value("iss", ""), provider.issuer());
    EXPECT_TRUE(payload["events"].contains("http://schemas.openid.net/event/backchannel-logout"));
}

TEST(OidcFixture, EvilProviderInModeGoodAnswersLikeAProvider) {
    EvilProvider provider;
    ASSERT_TRUE(provider.ok());
    OidcAnswer discovery = provider.Discovery();
    ASSERT_EQ(discovery.status, 200) << discovery.body;
    EXPECT_EQ(discovery.json.value("issuer", ""), provider.issuer());
    EXPECT_EQ(discovery.json.value("authorization_response_iss_parameter_supported", false), true);
    EXPECT_FALSE(discovery.json.value("end_session_endpoint", "").empty());
    provider.SetMode("good");

    std::string endpoint = discovery.json.value("authorization_endpoint", "");
    std::string callback =
        provider.FollowToCallback(AuthorizeUrl(provider, endpoint, "portal-test"));
    ASSERT_EQ(callback.rfind(std::string(kRedirectUri) + "?", 0), 0u) << callback;
    EXPECT_EQ(QueryParam(callback, "state"), "the-state");
    EXPECT_EQ(QueryParam(callback, "iss"), provider.issuer());
    std::string code = QueryParam(callback, "code");
    ASSERT_FALSE(code.empty());

    ExpectAliceIdToken(ExchangeCode(provider, code, "portal-test", "s3cret", kVerifier), provider);
    int status = 0;
    api::Json again = ExchangeCode(provider, code, "portal-test", "s3cret", kVerifier, &status);
    EXPECT_EQ(status, 400) << "codes are single use";
    EXPECT_EQ(again.value("error", ""), "invalid_grant");

    api::Json requests = provider.Requests();
    ASSERT_EQ(requests["token"].size(), 2u) << requests.dump();
    // "portal-test:s3cret"
    EXPECT_EQ(requests["token"][0].value("authorization", ""), "Basic cG9ydGFsLXRlc3Q6czNjcmV0");
    EXPECT_EQ(requests["token"][0]["params"].value("code_verifier", ""), kVerifier);
    EXPECT_EQ(requests["authorize"][0].value("code_challenge", ""), kChallenge);
}

TEST(OidcFixture, EvilProviderChecksBasicAuthAndPkce) {
    EvilProvider provider;
    ASSERT_TRUE(provider.ok());
    std::string endpoint = provider.issuer() + "/authorize";
    int status = 0;
    std::string code = QueryParam(
        provider.FollowToCallback(AuthorizeUrl(provider, endpoint, "portal-test")), "code");
    ExchangeCode(provider, code, "portal-test", "wrong", kVerifier, &status);
    EXPECT_EQ(status, 401);
    code = QueryParam(provider.FollowToCallback(AuthorizeUrl(provider, endpoint, "portal-test")),
                      "code");
    api::Json answer = ExchangeCode(provider, code, "portal-test", "s3cret",
                                    std::string(kVerifier) + "x", &status);
    EXPECT_EQ(status, 400);
    EXPECT_EQ(answer.value("error", ""), "invalid_grant");
}

TEST(OidcFixture, EvilProviderModesShapeTheAnswers) {
    EvilProvider provider;
    ASSERT_TRUE(provider.ok());
    std::string endpoint = provider.issuer() + "/authorize";
    auto id_token = [&] {
        std::string code = QueryParam(
            provider.FollowToCallback(AuthorizeUrl(provider, endpoint, "portal-test")), "code");
        api::Json tokens = ExchangeCode(provider, code, "portal-test", "s3cret", kVerifier);
        return tokens.is_object() ? tokens.value("id_token", "") : "";
    };

    provider.SetMode("alg_none");
    std::string token = id_token();
    EXPECT_EQ(JwtPart(token, 0).value("alg", ""), "none");
    EXPECT_EQ(token.back(), '.');

    provider.SetMode("hs256_public_key");
    EXPECT_EQ(JwtPart(id_token(), 0).value("alg", ""), "HS256");

    provider.SetMode(
        {{"mode", "good"}, {"email", "bob@elsewhere.test"}, {"email_verified", false}});
    api::Json payload = JwtPart(id_token(), 1);
    EXPECT_EQ(payload.value("email", ""), "bob@elsewhere.test");
    EXPECT_EQ(payload.value("email_verified", true), false);

    provider.SetMode("no_iss_param");
    std::string callback =
        provider.FollowToCallback(AuthorizeUrl(provider, endpoint, "portal-test"));
    EXPECT_FALSE(QueryParam(callback, "code").empty());
    EXPECT_EQ(callback.find("iss="), std::string::npos) << callback;

    api::Json rotated = provider.SetMode("rotate");
    std::string new_kid = rotated.value("signing_kid", "");
    EXPECT_EQ(JwtPart(id_token(), 0).value("kid", ""), new_kid);
    EXPECT_EQ(provider.Get("/jwks").body.find(new_kid), std::string::npos);
    provider.SetMode({{"publish", true}});
    EXPECT_NE(provider.Get("/jwks").body.find(new_kid), std::string::npos);

    api::Json logout = JwtPart(provider.MakeLogoutToken({{"sub", "alice-sub"}, {"jti", "j-1"}}), 1);
    EXPECT_EQ(logout.value("jti", ""), "j-1");
    EXPECT_EQ(logout.value("aud", ""), "portal-test");
    EXPECT_FALSE(logout.contains("nonce"));
    EXPECT_GE(provider.Requests().value("jwks_fetches", 0), 2);
}

}  // namespace
}  // namespace portal::server::testing

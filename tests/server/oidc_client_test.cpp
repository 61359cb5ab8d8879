// R-ACC-5 (single sign-on): OidcClient (server/sso/oidc_client.h) against a fake sender that
// answers like a provider and records every request: discovery and its checks, the JWKS cache
// (an hour; an unknown kid refetches at most once a minute), and the code exchange with
// client_secret_basic. The real and the evil providers test the same paths over HTTP.
#include "server/sso/oidc_client.h"

#include <gtest/gtest.h>

#include <map>

#include "jws_signer.h"

namespace portal::server::sso {
namespace {

using api::Json;
using namespace std::chrono_literals;
using testing::TestKey;

constexpr const char* kIssuer = "https://idp.example";
constexpr const char* kJwksUri = "https://idp.example/jwks";

struct FakeProvider {
    struct Answer {
        int status = 200;
        std::string body;
    };
    std::map<std::string, Answer> answers;  // by URL; anything else is a network error
    std::vector<net::HttpRequest> requests;

    net::HttpResult operator()(const net::HttpRequest& request) {
        requests.push_back(request);
        net::HttpResult result;
        auto it = answers.find(request.url);
        if (it == answers.end()) {
            result.outcome = net::HttpResult::Outcome::NetworkError;
            result.error = "Could not connect to server";
            return result;
        }
        result.outcome = net::HttpResult::Outcome::Answered;
        result.status = it->second.status;
        result.body = it->second.body;
        return result;
    }

    size_t Count(const std::string& url) const {
        size_t count = 0;
        for (const auto& request : requests) count += request.url == url;
        return count;
    }
};

Json Discovery(const std::string& issuer = kIssuer) {
    return {{"issuer", issuer},
            {"authorization_endpoint", "https://idp.example/authorize"},
            {"token_endpoint", "https://idp.example/token"},
            {"jwks_uri", kJwksUri},
            {"end_session_endpoint", "https://idp.example/logout"},
            {"response_types_supported", {"code"}},
            {"code_challenge_methods_supported", {"plain", "S256"}},
            {"authorization_response_iss_parameter_supported", true}};
}

const TestKey& Key1() {
    static const TestKey key = TestKey::Rsa("k1");
    return key;
}
const TestKey& Key2() {
    static const TestKey key = TestKey::Ec("k2");
    return key;
}

std::string Jwks(std::initializer_list<Json> keys) {
    return Json{{"keys", Json(keys)}}.dump();
}

Json Claims() {
    return {{"iss", kIssuer},       {"aud", "portal"},      {"sub", "alice-sub"},
            {"exp", 2'000'000'000}, {"iat", 1'700'000'000}, {"nonce", "n"}};
}

// A client over the fake, with a clock the test moves.
struct Harness {
    FakeProvider provider;
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now();
    OidcClient client{net::OutboundPolicy{},
                      [this](const net::HttpRequest& request) { return provider(request); }};
    Harness() {
        client.SetClockForTesting([this] { return now; });
    }
};

// [SECTION] Discovery

TEST(OidcClientDiscovery, ReadsTheDocumentAtTheWellKnownPath) {
    Harness h;
    h.provider.answers["https://idp.example/.well-known/openid-configuration"] = {
        200, Discovery().dump()};
    ProviderMetadata metadata;
    std::string error;
    ASSERT_TRUE(h.client.Discover(kIssuer, metadata, error)) << error;
    EXPECT_EQ(metadata.issuer, kIssuer);
    EXPECT_EQ(metadata.authorization_endpoint, "https://idp.example/authorize");
    EXPECT_EQ(metadata.token_endpoint, "https://idp.example/token");
    EXPECT_EQ(metadata.jwks_uri, kJwksUri);
    EXPECT_EQ(metadata.end_session_endpoint, "https://idp.example/logout");
    EXPECT_TRUE(metadata.iss_parameter_supported);
    EXPECT_EQ(metadata.document, Discovery());
    ASSERT_EQ(h.provider.requests.size(), 1u);
    EXPECT_EQ(h.provider.requests[0].method, "GET");
}

TEST(OidcClientDiscovery, TrailingSlashOfTheIssuerIsNotDoubled) {
    Harness h;
    const std::string issuer = "https://idp.example/tenant/";
    h.provider.answers["https://idp.example/tenant/.well-known/openid-configuration"] = {
        200, Discovery(issuer).dump()};
    ProviderMetadata metadata;
    std::string error;
    ASSERT_TRUE(h.client.Discover(issuer, metadata, error)) << error;
    EXPECT_EQ(metadata.issuer, issuer);
    EXPECT_EQ(h.provider.requests.at(0).url,
              "https://idp.example/tenant/.well-known/openid-configuration");
}

TEST(OidcClientDiscovery, RefusesAnotherIssuerInTheDocument) {
    Harness h;
    h.provider.answers["https://idp.example/.well-known/openid-configuration"] = {
        200, Discovery("https://idp.example/").dump()};
    ProviderMetadata metadata;
    std::string error;
    EXPECT_FALSE(h.client.Discover(kIssuer, metadata, error));
    EXPECT_EQ(error,
              "the provider's issuer is https://idp.example/ but https://idp.example was "
              "configured");
    Json no_issuer = Discovery();
    no_issuer.erase("issuer");
    h.provider.answers["https://idp.example/.well-known/openid-configuration"] = {200,
                                                                                  no_issuer.dump()};
    EXPECT_FALSE(h.client.Discover(kIssuer, metadata, error));
    EXPECT_NE(error.find("missing"), std::string::npos) << error;
}

TEST(OidcClientDiscovery, RefusesMissingOrWrongEndpoints) {
    for (const char* member : {"authorization_endpoint", "token_endpoint", "jwks_uri"}) {
        Json document = Discovery();
        document.erase(member);
        ProviderMetadata metadata;
        std::string error;
        EXPECT_FALSE(MetadataFromDocument(document, metadata, error)) << member;
        EXPECT_NE(error.find(member), std::string::npos) << error;
        document[member] = "/relative";
        EXPECT_FALSE(MetadataFromDocument(document, metadata, error)) << member;
        document[member] = "ftp://idp.example/x";
        EXPECT_FALSE(MetadataFromDocument(document, metadata, error)) << member;
        document[member] = 12;
        EXPECT_FALSE(MetadataFromDocument(document, metadata, error)) << member;
    }
    ProviderMetadata metadata;
    std::string error;
    Json document = Discovery();
    document["end_session_endpoint"] = "javascript:alert(1)";
    EXPECT_FALSE(MetadataFromDocument(document, metadata, error));
    document.erase("end_session_endpoint");
    ASSERT_TRUE(MetadataFromDocument(document, metadata, error)) << error;
    EXPECT_EQ(metadata.end_session_endpoint, "");

    document["response_types_supported"] = {"id_token"};
    EXPECT_FALSE(MetadataFromDocument(document, metadata, error));
    document.erase("response_types_supported");
    EXPECT_FALSE(MetadataFromDocument(document, metadata, error));
    document["response_types_supported"] = {"code", "code id_token"};
    document["code_challenge_methods_supported"] = {"plain"};
    EXPECT_FALSE(MetadataFromDocument(document, metadata, error));
    EXPECT_NE(error.find("S256"), std::string::npos) << error;
    document.erase("code_challenge_methods_supported");
    document["authorization_response_iss_parameter_supported"] = "true";
    ASSERT_TRUE(MetadataFromDocument(document, metadata, error)) << error;
    EXPECT_FALSE(metadata.iss_parameter_supported);
}

TEST(OidcClientDiscovery, SaysWhyTheProviderCouldNotBeRead) {
    Harness h;
    ProviderMetadata metadata;
    std::string error;
    EXPECT_FALSE(h.client.Discover(kIssuer, metadata, error));
    EXPECT_EQ(error.rfind("not reachable: ", 0), 0u) << error;

    h.provider.answers["https://idp.example/.well-known/openid-configuration"] = {404, "nope"};
    EXPECT_FALSE(h.client.Discover(kIssuer, metadata, error));
    EXPECT_NE(error.find("answered 404"), std::string::npos) << error;

    h.provider.answers["https://idp.example/.well-known/openid-configuration"] = {200, "<html>"};
    EXPECT_FALSE(h.client.Discover(kIssuer, metadata, error));
    EXPECT_NE(error.find("JSON"), std::string::npos) << error;

    EXPECT_FALSE(h.client.Discover("idp.example", metadata, error));
    EXPECT_FALSE(h.client.Discover("https://idp.example?x=1", metadata, error));
    EXPECT_FALSE(h.client.Discover("https://idp.example#x", metadata, error));
}

TEST(OidcClientDiscovery, GoesThroughTheOutboundPolicyByDefault) {
    OidcClient client(net::OutboundPolicy{});  // no private addresses, https only
    ProviderMetadata metadata;
    std::string error;
    EXPECT_FALSE(client.Discover("https://127.0.0.1:1", metadata, error));
    EXPECT_EQ(error.rfind("not allowed: ", 0), 0u) << error;
    EXPECT_FALSE(client.Discover("http://idp.example", metadata, error));
    EXPECT_EQ(error.rfind("not allowed: ", 0), 0u) << error;
}

// [SECTION] Keys

TEST(OidcClientKeys, CachesTheJwksForAnHour) {
    Harness h;
    h.provider.answers[kJwksUri] = {200, Jwks({Key1().Jwk()})};
    Jws jws;
    std::string error;
    std::string token = Key1().Sign({}, Claims(), "RS256");
    ASSERT_TRUE(h.client.VerifySigned(kJwksUri, token, jws, error)) << error;
    EXPECT_EQ(jws.claims["sub"], "alice-sub");
    h.now += 59min;
    ASSERT_TRUE(h.client.VerifySigned(kJwksUri, token, jws, error)) << error;
    EXPECT_EQ(h.provider.Count(kJwksUri), 1u);
    h.now += 2min;
    ASSERT_TRUE(h.client.VerifySigned(kJwksUri, token, jws, error)) << error;
    EXPECT_EQ(h.provider.Count(kJwksUri), 2u);
}

TEST(OidcClientKeys, UnknownKidRefetchesOnceAMinute) {
    Harness h;
    h.provider.answers[kJwksUri] = {200, Jwks({Key1().Jwk()})};
    std::vector<PublicKey> keys;
    std::string error;
    ASSERT_TRUE(h.client.Keys(kJwksUri, false, keys, error)) << error;
    ASSERT_EQ(h.provider.Count(kJwksUri), 1u);

    // The provider rotates to k2. Within the minute of the last fetch no refetch happens.
    h.provider.answers[kJwksUri] = {200, Jwks({Key1().Jwk(), Key2().Jwk()})};
    std::string rotated = Key2().Sign({}, Claims(), "ES256");
    Jws jws;
    h.now += 30s;
    EXPECT_FALSE(h.client.VerifySigned(kJwksUri, rotated, jws, error));
    EXPECT_NE(error.find("k2"), std::string::npos) << error;
    EXPECT_EQ(h.provider.Count(kJwksUri), 1u);

    // After it, one refetch finds the new key.
    h.now += 31s;
    ASSERT_TRUE(h.client.VerifySigned(kJwksUri, rotated, jws, error)) << error;
    EXPECT_EQ(h.provider.Count(kJwksUri), 2u);
    ASSERT_TRUE(h.client.VerifySigned(kJwksUri, rotated, jws, error)) << error;
    EXPECT_EQ(h.provider.Count(kJwksUri), 2u);

    // Made-up kids cannot make the portal hammer the provider.
    TestKey stranger = TestKey::Ec("made-up");
    for (int i = 0; i < 5; ++i) {
        h.now += 10s;
        EXPECT_FALSE(
            h.client.VerifySigned(kJwksUri, stranger.Sign({}, Claims(), "ES256"), jws, error));
    }
    EXPECT_EQ(h.provider.Count(kJwksUri), 2u);
    h.now += 11s;
    EXPECT_FALSE(h.client.VerifySigned(kJwksUri, stranger.Sign({}, Claims(), "ES256"), jws, error));
    EXPECT_EQ(h.provider.Count(kJwksUri), 3u);

    // A forged algorithm never refetches, whatever its kid.
    h.now += 2min;
    EXPECT_FALSE(h.client.VerifySigned(
        kJwksUri, testing::UnsignedJws({{"kid", "another"}}, Claims()), jws, error));
    EXPECT_EQ(h.provider.Count(kJwksUri), 3u);
}

TEST(OidcClientKeys, AFailedRefetchCountsTowardsTheMinute) {
    Harness h;
    h.provider.answers[kJwksUri] = {200, Jwks({Key1().Jwk()})};
    std::vector<PublicKey> keys;
    std::string error;
    ASSERT_TRUE(h.client.Keys(kJwksUri, false, keys, error)) << error;
    h.provider.answers[kJwksUri] = {503, "busy"};
    h.now += 2min;
    EXPECT_FALSE(h.client.Keys(kJwksUri, true, keys, error));
    EXPECT_NE(error.find("503"), std::string::npos) << error;
    // Within the minute a refresh gives the cached keys without asking.
    h.now += 10s;
    EXPECT_TRUE(h.client.Keys(kJwksUri, true, keys, error)) << error;
    EXPECT_EQ(keys.size(), 1u);
    EXPECT_EQ(h.provider.Count(kJwksUri), 2u);
    // The cached keys still serve the tokens they verify.
    Jws jws;
    EXPECT_TRUE(h.client.VerifySigned(kJwksUri, Key1().Sign({}, Claims(), "RS256"), jws, error))
        << error;
    EXPECT_EQ(h.provider.Count(kJwksUri), 2u);
}

TEST(OidcClientKeys, RefusesBadSignaturesAndBadDocuments) {
    Harness h;
    h.provider.answers[kJwksUri] = {200, Jwks({Key1().Jwk()})};
    Jws jws;
    std::string error;
    EXPECT_FALSE(h.client.VerifySigned(kJwksUri, "not.a-token", jws, error));
    TestKey impostor = TestKey::Rsa("k1");
    EXPECT_FALSE(h.client.VerifySigned(kJwksUri, impostor.Sign({}, Claims(), "RS256"), jws, error));
    EXPECT_NE(error.find("signature"), std::string::npos) << error;
    EXPECT_FALSE(h.client.VerifySigned(
        kJwksUri, testing::SignHs256({{"kid", "k1"}}, Claims(), Key1().PublicPem()), jws, error));

    std::vector<PublicKey> keys;
    h.provider.answers["https://idp.example/bad"] = {200, "{\"nokeys\":1}"};
    EXPECT_FALSE(h.client.Keys("https://idp.example/bad", false, keys, error));
    h.provider.answers["https://idp.example/html"] = {200, "<html>"};
    EXPECT_FALSE(h.client.Keys("https://idp.example/html", false, keys, error));
}

// [SECTION] Code exchange

ProviderMetadata Provider() {
    ProviderMetadata metadata;
    std::string error;
    EXPECT_TRUE(MetadataFromDocument(Discovery(), metadata, error)) << error;
    return metadata;
}

std::string Header(const net::HttpRequest& request, const std::string& name) {
    for (const auto& [key, value] : request.headers) {
        if (key == name) return value;
    }
    return "";
}

TEST(OidcClientExchange, PostsTheCodeWithFormEncodedBasicCredentials) {
    Harness h;
    h.provider.answers["https://idp.example/token"] = {
        200, Json{{"id_token", "a.b.c"}, {"access_token", "at"}, {"token_type", "Bearer"}}.dump()};
    TokenResponse tokens;
    std::string error;
    ASSERT_TRUE(h.client.ExchangeCode(Provider(), "a b", "p:w%",
                                      "c0de/+=", "https://portal.example/api/v1/auth/sso/callback",
                                      "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", tokens, error))
        << error;
    EXPECT_EQ(tokens.id_token, "a.b.c");
    EXPECT_EQ(tokens.access_token, "at");
    ASSERT_EQ(h.provider.requests.size(), 1u);
    const net::HttpRequest& request = h.provider.requests[0];
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.url, "https://idp.example/token");
    // RFC 6749 §2.3.1: base64("a+b:p%3Aw%25"), the form-encoded id and secret.
    EXPECT_EQ(Header(request, "Authorization"), "Basic YStiOnAlM0F3JTI1");
    EXPECT_EQ(request.basic_user, "");
    EXPECT_EQ(Header(request, "Content-Type"), "application/x-www-form-urlencoded");
    EXPECT_EQ(Header(request, "Accept"), "application/json");
    EXPECT_EQ(request.body,
              "grant_type=authorization_code&code=c0de%2F%2B%3D"
              "&redirect_uri=https%3A%2F%2Fportal.example%2Fapi%2Fv1%2Fauth%2Fsso%2Fcallback"
              "&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
}

TEST(OidcClientExchange, QuotesTheProvidersErrorOnAnotherStatus) {
    Harness h;
    h.provider.answers["https://idp.example/token"] = {
        400,
        Json{{"error", "invalid_grant"}, {"error_description", "grant request is invalid"}}.dump()};
    TokenResponse tokens;
    std::string error;
    EXPECT_FALSE(h.client.ExchangeCode(Provider(), "portal", "s3cret", "code", "https://p/cb", "v",
                                       tokens, error));
    EXPECT_EQ(error,
              "the token endpoint answered 400 \"invalid_grant\": \"grant request is invalid\"");

    h.provider.answers["https://idp.example/token"] = {500, "<html>oops</html>"};
    EXPECT_FALSE(h.client.ExchangeCode(Provider(), "portal", "s3cret", "code", "https://p/cb", "v",
                                       tokens, error));
    EXPECT_EQ(error, "the token endpoint answered 500");

    h.provider.answers["https://idp.example/token"] = {401,
                                                       Json{{"error", "bad\n\x01thing"}}.dump()};
    EXPECT_FALSE(h.client.ExchangeCode(Provider(), "portal", "s3cret", "code", "https://p/cb", "v",
                                       tokens, error));
    EXPECT_EQ(error, "the token endpoint answered 401 \"bad??thing\"");
}

TEST(OidcClientExchange, RefusesAnAnswerWithoutIdToken) {
    Harness h;
    h.provider.answers["https://idp.example/token"] = {200, Json{{"access_token", "at"}}.dump()};
    TokenResponse tokens;
    std::string error;
    EXPECT_FALSE(h.client.ExchangeCode(Provider(), "portal", "s3cret", "code", "https://p/cb", "v",
                                       tokens, error));
    EXPECT_NE(error.find("no id_token"), std::string::npos) << error;
    h.provider.answers["https://idp.example/token"] = {200, "id_token=a.b.c"};
    EXPECT_FALSE(h.client.ExchangeCode(Provider(), "portal", "s3cret", "code", "https://p/cb", "v",
                                       tokens, error));
    h.provider.answers.clear();
    EXPECT_FALSE(h.client.ExchangeCode(Provider(), "portal", "s3cret", "code", "https://p/cb", "v",
                                       tokens, error));
    EXPECT_NE(error.find("not reachable"), std::string::npos) << error;
}

}  // namespace
}  // namespace portal::server::sso

// Single sign-on JSON (issue 15, R-ACC-5): the readers take the contract's examples as the
// server writes them (nulls, ISO or Unix times, {items} lists); the connection bodies never
// carry a secret nobody typed, and a PATCH names only what changed; the sign-in page reads the
// discover answer, the logout answer and sso_required's ssoUrl, and leaves only for addresses
// it may (same-origin paths; the provider's http(s) page).
#include "api/sso_json.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace portal::api {
namespace {

bool Names(const std::vector<FieldError>& errors, const std::string& field) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const FieldError& error) { return error.field == field; });
}

constexpr const char* kDomains = R"({"items":[
  {"id":3,"accountId":7,"domain":"example.com","verified":true,
   "verifiedAt":"2026-11-19T09:00:00Z",
   "verification":{"type":"dns-txt","name":"_portal-verification.example.com",
                   "value":"portal-verification=abc123"},
   "lastCheck":{"at":"2026-11-19T09:00:00Z","outcome":"verified","message":"found it"},
   "createdAt":"2026-11-18T08:00:00Z"},
  {"id":4,"accountId":7,"domain":"example.org","verified":false,"verifiedAt":null,
   "verification":{"type":"dns-txt","name":"_portal-verification.example.org",
                   "value":"portal-verification=def456"},
   "lastCheck":null,"createdAt":1795000000}]})";

// R-ACC-5: the record to publish and why the last check failed are what an admin needs.
TEST(SsoJson, ReadsDomainsWithTheirRecordAndLastCheck) {
    std::vector<SsoDomain> domains;
    std::vector<FieldError> errors;
    ASSERT_TRUE(SsoDomainsFromJson(Json::parse(kDomains), domains, errors))
        << (errors.empty() ? "" : errors[0].field + " " + errors[0].message);
    ASSERT_EQ(domains.size(), 2u);
    EXPECT_EQ(domains[0].id, 3);
    EXPECT_EQ(domains[0].account_id, 7);
    EXPECT_EQ(domains[0].domain, "example.com");
    EXPECT_TRUE(domains[0].verified);
    ASSERT_TRUE(domains[0].verified_at.has_value());
    EXPECT_EQ(domains[0].record_type, "dns-txt");
    EXPECT_EQ(domains[0].record_name, "_portal-verification.example.com");
    EXPECT_EQ(domains[0].record_value, "portal-verification=abc123");
    ASSERT_TRUE(domains[0].last_check.has_value());
    EXPECT_EQ(domains[0].last_check->outcome, "verified");
    EXPECT_EQ(domains[0].last_check->message, "found it");
    EXPECT_FALSE(domains[1].verified);
    EXPECT_FALSE(domains[1].verified_at.has_value());
    EXPECT_FALSE(domains[1].last_check.has_value());
    ASSERT_TRUE(domains[1].created_at.has_value()) << "Unix seconds are read too";
    EXPECT_EQ(*domains[1].created_at, 1795000000);
}

TEST(SsoJson, ADomainWithoutItsRecordIsNamed) {
    SsoDomain domain;
    std::vector<FieldError> errors;
    EXPECT_FALSE(
        SsoDomainFromJson(Json::parse(R"({"id":3,"domain":"example.com"})"), domain, errors));
    EXPECT_TRUE(Names(errors, "verification"));
    errors.clear();
    EXPECT_FALSE(SsoDomainFromJson(
        Json::parse(R"({"id":3,"domain":"example.com","verification":{"name":"x"}})"), domain,
        errors));
    EXPECT_TRUE(Names(errors, "verification.value"));
    errors.clear();
    std::vector<SsoDomain> domains;
    EXPECT_FALSE(SsoDomainsFromJson(Json::parse(R"({"domains":[]})"), domains, errors));
    EXPECT_TRUE(Names(errors, "items"));
}

TEST(SsoJson, NewDomainBody) {
    EXPECT_EQ(NewSsoDomainJson("example.com"), Json::parse(R"({"domain":"example.com"})"));
}

constexpr const char* kConnections = R"({"items":[
  {"id":5,"accountId":7,"name":"Okta","issuer":"https://example.okta.com",
   "clientId":"portal","clientSecretSet":true,"domains":[3],"defaultRole":null,
   "enforced":true,"testedAt":"2026-11-19T10:00:00Z",
   "redirectUri":"https://portal.example/api/v1/auth/sso/callback",
   "endSessionEndpoint":"https://example.okta.com/logout",
   "createdAt":"2026-11-18T08:00:00Z","updatedAt":"2026-11-19T10:00:00Z"},
  {"id":6,"accountId":7,"name":"Entra","issuer":"https://login.example/tenant/v2.0",
   "clientId":"abc","clientSecretSet":true,"domains":[],"defaultRole":"readonly",
   "enforced":false,"testedAt":null,"redirectUri":"https://portal.example/api/v1/auth/sso/callback",
   "endSessionEndpoint":null,"createdAt":"2026-11-18T08:00:00Z","updatedAt":"2026-11-18T08:00:00Z"}],
  "redirectUri":"https://portal.example/api/v1/auth/sso/callback"})";

TEST(SsoJson, ReadsConnectionsAndTheRedirectUri) {
    SsoConnectionList list;
    std::vector<FieldError> errors;
    ASSERT_TRUE(SsoConnectionsFromJson(Json::parse(kConnections), list, errors))
        << (errors.empty() ? "" : errors[0].field + " " + errors[0].message);
    EXPECT_EQ(list.redirect_uri, "https://portal.example/api/v1/auth/sso/callback");
    ASSERT_EQ(list.items.size(), 2u);
    const SsoConnection& okta = list.items[0];
    EXPECT_EQ(okta.id, 5);
    EXPECT_EQ(okta.name, "Okta");
    EXPECT_EQ(okta.issuer, "https://example.okta.com");
    EXPECT_EQ(okta.client_id, "portal");
    EXPECT_TRUE(okta.client_secret_set);
    EXPECT_EQ(okta.domains, std::vector<std::int64_t>{3});
    EXPECT_EQ(okta.default_role, "") << "null: only invited people come in";
    EXPECT_TRUE(okta.enforced);
    EXPECT_TRUE(okta.tested_at.has_value());
    EXPECT_EQ(okta.end_session_endpoint, "https://example.okta.com/logout");
    EXPECT_EQ(list.items[1].default_role, "readonly");
    EXPECT_FALSE(list.items[1].tested_at.has_value());
    EXPECT_EQ(list.items[1].end_session_endpoint, "");
}

TEST(SsoJson, AConnectionListWithoutItsRedirectUriOrWithAnUnknownRoleIsNamed) {
    SsoConnectionList list;
    std::vector<FieldError> errors;
    EXPECT_FALSE(SsoConnectionsFromJson(Json::parse(R"({"items":[]})"), list, errors));
    EXPECT_TRUE(Names(errors, "redirectUri"));
    SsoConnection connection;
    errors.clear();
    EXPECT_FALSE(SsoConnectionFromJson(
        Json::parse(R"({"id":1,"name":"a","issuer":"b","clientId":"c","defaultRole":"owner"})"),
        connection, errors));
    EXPECT_TRUE(Names(errors, "defaultRole"));
}

// The secret is write-only: a body carries it only when the admin typed one.
TEST(SsoJson, NewConnectionBodyCarriesTheSecretOnlyWhenTyped) {
    SsoConnectionDraft draft;
    draft.name = "Okta";
    draft.issuer = "https://example.okta.com";
    draft.client_id = "portal";
    draft.client_secret = "s3cret";
    draft.domains = {3, 4};
    draft.default_role = "admin";
    EXPECT_EQ(NewSsoConnectionJson(draft), Json::parse(R"({"name":"Okta",
        "issuer":"https://example.okta.com","clientId":"portal","clientSecret":"s3cret",
        "domains":[3,4],"defaultRole":"admin","enforced":false})"));
    draft.client_secret.clear();
    draft.default_role.clear();
    Json body = NewSsoConnectionJson(draft);
    EXPECT_FALSE(body.contains("clientSecret"));
    EXPECT_TRUE(body["defaultRole"].is_null());
}

TEST(SsoJson, PatchNamesOnlyWhatChanged) {
    SsoConnection before;
    before.id = 5;
    before.name = "Okta";
    before.issuer = "https://example.okta.com";
    before.client_id = "portal";
    before.domains = {3};
    before.default_role = "";
    SsoConnectionDraft draft;
    draft.name = "Okta";
    draft.issuer = "https://example.okta.com";
    draft.client_id = "portal";
    draft.domains = {3};
    EXPECT_EQ(SsoConnectionPatchJson(draft, before), Json::object())
        << "nothing changed, no secret typed: nothing to send";
    draft.name = "Okta EU";
    draft.default_role = "readonly";
    draft.domains = {3, 4};
    EXPECT_EQ(SsoConnectionPatchJson(draft, before),
              Json::parse(R"({"name":"Okta EU","domains":[3,4],"defaultRole":"readonly"})"));
    draft = {before.name, "https://other.example", "portal2", "new", {3}, ""};
    EXPECT_EQ(SsoConnectionPatchJson(draft, before),
              Json::parse(R"({"issuer":"https://other.example","clientId":"portal2",
                             "clientSecret":"new"})"));
    draft = {before.name, before.issuer, before.client_id, "", {3}, "admin"};
    before.default_role = "admin";
    draft.default_role = "";
    EXPECT_EQ(SsoConnectionPatchJson(draft, before), Json::parse(R"({"defaultRole":null})"));
    EXPECT_EQ(SsoEnforcedJson(true), Json::parse(R"({"enforced":true})"));
}

TEST(SsoJson, ReadsUsersAndHowTheySignIn) {
    std::vector<SsoUser> users;
    std::vector<FieldError> errors;
    ASSERT_TRUE(SsoUsersFromJson(Json::parse(R"({"items":[
        {"userId":1,"email":"anne@example.com","name":"Anne","role":"admin","hasPassword":true,
         "breakGlass":true,"lastPasswordSignInAt":"2026-11-19T08:00:00Z","lastSsoSignInAt":null,
         "ssoIdentities":[]},
        {"userId":2,"email":"bob@example.com","name":"","role":"readonly","hasPassword":false,
         "breakGlass":false,"lastPasswordSignInAt":null,"lastSsoSignInAt":"2026-11-19T09:30:00Z",
         "ssoIdentities":[{"connectionId":5,"issuer":"https://example.okta.com"},
                          {"connectionId":null,"issuer":"https://old.example"}]}]})"),
                                 users, errors))
        << (errors.empty() ? "" : errors[0].field + " " + errors[0].message);
    ASSERT_EQ(users.size(), 2u);
    EXPECT_EQ(users[0].user_id, 1);
    EXPECT_EQ(users[0].role, "admin");
    EXPECT_TRUE(users[0].has_password);
    EXPECT_TRUE(users[0].break_glass);
    EXPECT_TRUE(users[0].last_password_sign_in_at.has_value());
    EXPECT_FALSE(users[0].last_sso_sign_in_at.has_value());
    EXPECT_FALSE(users[1].has_password);
    ASSERT_EQ(users[1].identities.size(), 2u);
    EXPECT_EQ(users[1].identities[0].connection_id, 5);
    EXPECT_EQ(users[1].identities[1].connection_id, 0) << "its connection was deleted";
    EXPECT_EQ(BreakGlassJson(false), Json::parse(R"({"breakGlass":false})"));
}

TEST(SsoJson, DiscoverAnswerIsASameOriginPath) {
    SsoDiscovery discovery;
    std::vector<FieldError> errors;
    ASSERT_TRUE(SsoDiscoveryFromJson(
        Json::parse(R"({"startUrl":"/api/v1/auth/sso/start?email=a%40example.com",)"
                    R"("enforced":true})"),
        discovery, errors));
    EXPECT_EQ(discovery.start_url, "/api/v1/auth/sso/start?email=a%40example.com");
    EXPECT_TRUE(discovery.enforced);
    for (const char* url : {"https://evil.example/start", "//evil.example/start",
                            "javascript:alert(1)", "/\\evil.example"}) {
        errors.clear();
        EXPECT_FALSE(SsoDiscoveryFromJson(Json{{"startUrl", url}}, discovery, errors)) << url;
        EXPECT_TRUE(Names(errors, "startUrl")) << url;
    }
}

TEST(SsoJson, LogoutAnswer) {
    std::string url = "left over";
    std::vector<FieldError> errors;
    ASSERT_TRUE(LogoutAnswerFromJson(nullptr, url, errors)) << "204: no body";
    EXPECT_EQ(url, "");
    ASSERT_TRUE(LogoutAnswerFromJson(
        Json::parse(R"({"providerLogoutUrl":"https://idp.example/logout?client_id=portal&)"
                    R"(post_logout_redirect_uri=https%3A%2F%2Fportal.example%2F"})"),
        url, errors));
    EXPECT_EQ(url,
              "https://idp.example/logout?client_id=portal&post_logout_redirect_uri=https%3A%2F%"
              "2Fportal.example%2F");
    EXPECT_FALSE(LogoutAnswerFromJson(Json::parse(R"({"providerLogoutUrl":"javascript:void 0"})"),
                                      url, errors));
    EXPECT_EQ(url, "") << "never a script";
}

// The 403 of a password sign-in for an enforced domain carries where to start SSO.
TEST(SsoJson, SsoRequiredCarriesTheSsoUrl) {
    ApiError error;
    ASSERT_TRUE(ParseErrorEnvelope(
        R"({"error":{"code":"sso_required","message":"Your organisation requires single sign-on )"
        R"(for this address.","details":{"ssoUrl":"/api/v1/auth/sso/start?email=a%40example.com"}}})",
        error));
    EXPECT_EQ(SsoUrlOfError(error), "/api/v1/auth/sso/start?email=a%40example.com");
    ApiError other = error;
    other.code = "invalid_credentials";
    EXPECT_EQ(SsoUrlOfError(other), "") << "only sso_required says where to go";
    error.details["ssoUrl"] = "https://evil.example/";
    EXPECT_EQ(SsoUrlOfError(error), "");
    // The details survive a round trip through the envelope, next to rule and fields.
    error.details["ssoUrl"] = "/api/v1/auth/sso/start?email=b";
    error.rule = "R-ACC-5";
    ApiError again;
    ASSERT_TRUE(ParseErrorEnvelope(ErrorEnvelopeJson(error), again));
    EXPECT_EQ(SsoUrlOfError(again), "/api/v1/auth/sso/start?email=b");
    EXPECT_EQ(again.rule, "R-ACC-5");
}

}  // namespace
}  // namespace portal::api

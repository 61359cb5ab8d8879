// Single sign-on as the REST API speaks it (issue 15, R-ACC-5): the domains an account proves
// with DNS, its OpenID Connect connections, its users and how they sign in, and the sign-in
// page's questions. The app reads these; the request bodies it sends are written here too.
//
//   GET  /accounts/{id}/sso/domains            {items:[Domain]}
//   POST /accounts/{id}/sso/domains            {domain} -> 201 Domain
//   POST /sso/domains/{id}/verify              -> 200 Domain
//   GET  /accounts/{id}/sso/connections        {items:[Connection], redirectUri}
//   POST /accounts/{id}/sso/connections        ConnectionDraft -> 201 Connection
//   PATCH /sso/connections/{id}                any subset -> 200 Connection
//   GET  /accounts/{id}/sso/users              {items:[SsoUser]}
//   PATCH /accounts/{id}/sso/users/{userId}    {breakGlass} -> 200 SsoUser
//   GET  /auth/sso/discover?email=             {startUrl, enforced} | 404 sso_not_configured
//   POST /auth/logout                          204 | 200 {providerLogoutUrl}
//   POST /auth/login refused 403 sso_required  details.ssoUrl
//
// Times are read as ISO 8601 UTC text or as Unix seconds, null when unset. The readers take
// what the contract requires and are lenient with the rest (a member left out or null is
// empty), so that a server adding members is read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/error_json.h"
#include "api/json_fields.h"

namespace portal::api {

using SsoSeconds = std::int64_t;

// [SECTION] Domains

// lastCheck: {at, outcome, message}; outcome "verified" | "no_record" | "wrong_value" |
// "dns_failed"; message says what was found ("found portal-verification=abc…, expected ...").
struct SsoDomainCheck {
    std::optional<SsoSeconds> at;
    std::string outcome;
    std::string message;
};

struct SsoDomain {
    std::int64_t id = 0;
    std::int64_t account_id = 0;
    std::string domain;  // "example.com"
    bool verified = false;
    std::optional<SsoSeconds> verified_at;
    // The record to publish: type "dns-txt", name "_portal-verification.<domain>", value
    // "portal-verification=<token>".
    std::string record_type;
    std::string record_name;
    std::string record_value;
    std::optional<SsoDomainCheck> last_check;
    std::optional<SsoSeconds> created_at;
};

bool SsoDomainFromJson(const Json& json, SsoDomain& out, std::vector<FieldError>& errors);
// {items:[Domain]}
bool SsoDomainsFromJson(const Json& json, std::vector<SsoDomain>& out,
                        std::vector<FieldError>& errors);

// POST /accounts/{id}/sso/domains
Json NewSsoDomainJson(const std::string& domain);

// [SECTION] Connections

struct SsoConnection {
    std::int64_t id = 0;
    std::int64_t account_id = 0;
    std::string name;
    std::string issuer;
    std::string client_id;
    bool client_secret_set = false;
    std::vector<std::int64_t> domains;  // domain ids
    std::string default_role;           // "readonly" | "admin" | "" (null: only invited people)
    bool enforced = false;
    std::optional<SsoSeconds> tested_at;
    std::string redirect_uri;
    std::string end_session_endpoint;  // "" (null): the provider offers no sign-out
    std::optional<SsoSeconds> created_at;
    std::optional<SsoSeconds> updated_at;
};

// GET /accounts/{id}/sso/connections: the connections and the redirect URI to register at a
// provider (<PORTAL_PUBLIC_URL>/api/v1/auth/sso/callback).
struct SsoConnectionList {
    std::vector<SsoConnection> items;
    std::string redirect_uri;
};

bool SsoConnectionFromJson(const Json& json, SsoConnection& out, std::vector<FieldError>& errors);
bool SsoConnectionsFromJson(const Json& json, SsoConnectionList& out,
                            std::vector<FieldError>& errors);

// What the connection form holds. client_secret "" on an edit: unchanged (the secret is
// write-only: the server never answers it).
struct SsoConnectionDraft {
    std::string name;
    std::string issuer;
    std::string client_id;
    std::string client_secret;
    std::vector<std::int64_t> domains;
    std::string default_role;  // "readonly" | "admin" | "" (null)
};

// POST /accounts/{id}/sso/connections: every member, enforced false (enforcement is its own
// change, after a Test sign-in); clientSecret only when one was typed.
Json NewSsoConnectionJson(const SsoConnectionDraft& draft);
// PATCH /sso/connections/{id}: only what differs from `before` (an unchanged issuer or client
// id is not sent: changing them clears the test, and the server refuses it while enforced),
// clientSecret only when one was typed. An empty object when nothing changed.
Json SsoConnectionPatchJson(const SsoConnectionDraft& draft, const SsoConnection& before);
// PATCH /sso/connections/{id}: Require SSO on or off.
Json SsoEnforcedJson(bool enforced);

// [SECTION] Users and how they sign in

struct SsoIdentity {
    std::int64_t connection_id = 0;  // 0 (null): its connection was deleted
    std::string issuer;
};

struct SsoUser {
    std::int64_t user_id = 0;
    std::string email;
    std::string name;
    std::string role;  // "admin" | "readonly"
    bool has_password = false;
    bool break_glass = false;
    std::optional<SsoSeconds> last_password_sign_in_at;
    std::optional<SsoSeconds> last_sso_sign_in_at;
    std::vector<SsoIdentity> identities;
};

bool SsoUserFromJson(const Json& json, SsoUser& out, std::vector<FieldError>& errors);
// {items:[SsoUser]}
bool SsoUsersFromJson(const Json& json, std::vector<SsoUser>& out, std::vector<FieldError>& errors);
// PATCH /accounts/{id}/sso/users/{userId}
Json BreakGlassJson(bool break_glass);

// [SECTION] Signing in and out

// GET /auth/sso/discover?email=: where to start (the server's start URL, which names the email).
struct SsoDiscovery {
    std::string start_url;  // "/api/v1/auth/sso/start?email=..."
    bool enforced = false;
};
bool SsoDiscoveryFromJson(const Json& json, SsoDiscovery& out, std::vector<FieldError>& errors);

// POST /auth/logout: null (204) or {providerLogoutUrl}: out is the provider's sign-out URL, ""
// when there is none.
bool LogoutAnswerFromJson(const Json& json, std::string& provider_logout_url,
                          std::vector<FieldError>& errors);

// A refused password sign-in whose address must use single sign-on (403 sso_required): its
// details.ssoUrl; "" for any other error.
std::string SsoUrlOfError(const ApiError& error);

}  // namespace portal::api

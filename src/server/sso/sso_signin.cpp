// Single sign-on's sign-in (issue 15, R-ACC-5): the portal as an OpenID Connect relying party.
//
//   GET  /api/v1/auth/sso/discover?email=              anyone: is SSO set up for this email?
//   GET  /api/v1/auth/sso/start?email=&next=           anyone: 302 to the provider
//   GET  /api/v1/auth/sso/start?connection=&test=1     an admin of the connection's account
//   GET  /api/v1/auth/sso/callback                     the browser, back from the provider
//   POST /api/v1/auth/sso/backchannel-logout           the provider, server to server
//
// The authorization code flow with PKCE (S256), a state that is single use and bound to the
// browser that started it (the pre-login cookie portal_sso, SameSite=Lax so that the provider's
// redirect back carries it), a nonce, RFC 9207's iss parameter, the code exchanged with
// client_secret_basic and the ID token verified by OidcClient (signature, algorithm allow-list,
// iss, aud, exp/iat, nonce). Who it signs in is sso_login_store.h's ResolveSignIn. A browser
// navigates to start and callback: their refusals are redirects to "/#/?sso=<code>", a page that
// explains, never a JSON body. Failures count in Auth's LoginRateLimiter like wrong passwords.
#include <httplib.h>

#include <algorithm>
#include <cctype>

#include "core/text_checks.h"
#include "server/api_support.h"
#include "server/http_server.h"
#include "server/net/outbound.h"
#include "server/password.h"
#include "server/security/secret_box.h"
#include "server/sso/oidc_client.h"
#include "server/sso/sso_api.h"
#include "server/sso/sso_login_store.h"
#include "server/sso/sso_store.h"
#include "server/text.h"

namespace portal::server {

namespace {

using sso::IdentityClaims;
using sso::LoginState;
using sso::ProviderMetadata;
using sso::SsoConnection;

constexpr const char* kPreLoginCookie = "portal_sso";
constexpr const char* kPreLoginCookiePath = "/api/v1/auth/sso";
constexpr const char* kCallbackPath = "/api/v1/auth/sso/callback";
constexpr const char* kNotConfiguredMessage =
    "Single sign-on is not set up for this email's domain. Sign in with your password, or ask "
    "your IT admin.";
// A stored discovery document is refetched at sign-in start when older than this (best effort:
// the stored one serves when the provider cannot be reached).
constexpr int64_t kDiscoveryMaxAgeSeconds = 24 * 60 * 60;
// Clock skew allowed on the providers' times, and how old a back-channel logout token may be.
constexpr int64_t kSkewSeconds = 60;
constexpr int64_t kLogoutTokenMaxAgeSeconds = 5 * 60;
constexpr size_t kMaxEmailBytes = 254;

// ---------------------------------------------------------------------------------------------
// [SECTION] Small pure helpers

using text::Lower;
using text::Trim;

// Text from a query string (the provider's error, what was typed as the email) for the audit log
// and the server's log: printable ASCII and bounded, since JSON must be valid UTF-8.
std::string Printable(const std::string& text, size_t max = 300) {
    std::string out;
    for (unsigned char c : text.substr(0, max))
        out += c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?';
    return out;
}

// `next` is an app route of this origin, "#/..." (also given as "/#/..."); anything else (an
// absolute URL, "//evil", a path) is ignored for "#/", so that the sign-in can never be made
// to send the browser elsewhere (an open redirect). Printable ASCII only: it ends up in a
// Location header.
std::string SafeNext(const std::string& next) {
    std::string route = next.rfind("/#/", 0) == 0 ? next.substr(1) : next;
    if (route.rfind("#/", 0) != 0 || route.size() > 1000) return "#/";
    for (unsigned char c : route) {
        if (c <= 0x20 || c >= 0x7f || c == '\\') return "#/";
    }
    return route;
}

// "#/people" + "sso=tested" -> "#/people?sso=tested"; "#/x?a=1" -> "#/x?a=1&sso=tested".
std::string WithQuery(const std::string& route, const std::string& pair) {
    return route + (route.find('?') == std::string::npos ? "?" : "&") + pair;
}

bool SecureCookies(const Config& config) {
    return Lower(config.public_url).rfind("https://", 0) == 0;
}

void SetPreLoginCookie(const ApiContext& ctx, Response& res, const std::string& value,
                       int64_t max_age) {
    std::string cookie = std::string(kPreLoginCookie) + "=" + value +
                         "; Path=" + kPreLoginCookiePath + "; Max-Age=" + std::to_string(max_age) +
                         "; HttpOnly; SameSite=Lax";
    if (SecureCookies(ctx.config)) cookie += "; Secure";
    res.set_header("Set-Cookie", cookie);
}

void Redirect(Response& res, const std::string& location) {
    res.status = 302;
    res.set_header("Location", location);
    res.set_header("Cache-Control", "no-store");
}

// The connection's stored discovery document, refreshed when older than a day or unreadable
// (the refresh is best effort: a provider briefly down does not stop sign-ins).
bool ProviderOf(const ApiContext& ctx, const SsoConnection& connection, bool refresh,
                ProviderMetadata& out, std::string& error) {
    api::Json document;
    std::string parse_error;
    bool stored = api::ParseJson(connection.discovery_json, document, parse_error) &&
                  document.is_object() && sso::MetadataFromDocument(document, out, error);
    if (!stored && error.empty()) error = "the stored discovery document cannot be read";
    int64_t now = ctx.Now();
    bool stale =
        !connection.discovered_at || now - *connection.discovered_at >= kDiscoveryMaxAgeSeconds;
    if (!refresh || (stored && !stale) || !ctx.oidc) return stored;
    ProviderMetadata fresh;
    std::string discover_error;
    if (!ctx.oidc->Discover(connection.issuer, fresh, discover_error)) {
        ctx.logger.Warn("sso: connection " + std::to_string(connection.id) +
                        ": cannot refresh the discovery document: " + discover_error);
        if (!stored) error = discover_error;
        return stored;
    }
    std::string write_error;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return sso::UpdateConnectionDiscovery(w, connection.id, fresh.document.dump(), now,
                                                      e);
            },
            write_error)) {
        ctx.logger.Warn("sso: " + write_error);
    }
    out = std::move(fresh);
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] GET /auth/sso/discover

// The connection that signs in the email's domain, if any (enforced ones first).
bool ConnectionForEmail(const ApiContext& ctx, const std::string& email, SsoConnection& out,
                        bool& found, std::string& error) {
    found = false;
    std::string domain = sso::EmailDomain(email);
    if (domain.empty() || email.size() > kMaxEmailBytes) return true;
    std::vector<SsoConnection> connections;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return sso::FindSsoConnectionsForDomain(w, domain, connections, e);
            },
            error)) {
        return false;
    }
    if (connections.empty()) return true;
    out = std::move(connections.front());
    found = true;
    return true;
}

void Discover(const ApiContext& ctx, const Request& req, Response& res) {
    std::string email = Trim(req.get_param_value("email"));
    if (!IsValidEmail(email)) {
        return SendFieldErrors(res, {{"email", "is not a valid email address"}});
    }
    SsoConnection connection;
    bool found = false;
    std::string error;
    if (!ConnectionForEmail(ctx, email, connection, found, error)) {
        return ctx.SendInternal(res, "sso discover: " + error);
    }
    // The same words whatever the reason (unknown domain, another customer's, no connection):
    // nothing here tells who else uses the portal.
    if (!found) return SendError(res, 404, "sso_not_configured", kNotConfiguredMessage);
    SendJson(res, 200,
             {{"startUrl", "/api/v1/auth/sso/start?email=" + net::PercentEncode(email)},
              {"enforced", connection.enforced}});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] GET /auth/sso/start

void Start(const ApiContext& ctx, const Request& req, Response& res) {
    std::string next = SafeNext(req.get_param_value("next"));
    bool test = req.has_param("test") && req.get_param_value("test") != "0";
    int64_t now = ctx.Now();
    LoginState state;
    SsoConnection connection;
    std::string error;

    if (test) {
        // The Test sign-in of a connection: its account's admins only, as any admin route.
        Caller caller;
        if (!ctx.RequireCaller(req, res, caller)) return;
        std::string text = req.get_param_value("connection");
        Id id = 0;
        if (!text.empty() && text.size() < 19 &&
            std::all_of(text.begin(), text.end(),
                        [](unsigned char c) { return std::isdigit(c); })) {
            id = std::stoll(text);
        }
        bool found = false;
        if (id != 0 && !ctx.store.Read(
                           [&](Store::Writer& w, std::string& e) {
                               return sso::FindSsoConnection(w, id, connection, found, e);
                           },
                           error)) {
            return ctx.SendInternal(res, "sso start: " + error);
        }
        if (!found) return SendNotFound(res);
        if (!ctx.CheckAccount(res, caller, connection.account_id, Role::Admin)) return;
        state.purpose = "test";
        state.user_id = caller.user_id;
    } else {
        std::string email = Trim(req.get_param_value("email"));
        if (!IsValidEmail(email)) {
            return SendFieldErrors(res, {{"email", "is not a valid email address"}});
        }
        std::string key = Lower(email);
        LoginRateLimiter& limiter = ctx.auth.limiter();
        if (limiter.RetryAfter(key, ctx.auth.ClientAddress(req), now) > 0) {
            return Redirect(res, "/#/?sso=rate_limited");
        }
        bool found = false;
        if (!ConnectionForEmail(ctx, email, connection, found, error)) {
            return ctx.SendInternal(res, "sso start: " + error);
        }
        if (!found) {
            limiter.RecordFailure(key, ctx.auth.ClientAddress(req), now);
            return Redirect(res, "/#/?sso=sso_not_configured");
        }
        state.email = email;
    }

    ProviderMetadata provider;
    if (!ProviderOf(ctx, connection, true, provider, error)) {
        ctx.logger.Warn("sso start: connection " + std::to_string(connection.id) + ": " + error);
        return Redirect(
            res, test ? "/" + WithQuery(next, "sso=provider_error") : "/#/?sso=provider_error");
    }
    std::string state_value = NewRandomToken();  // 32 random bytes, base64url
    std::string nonce = NewRandomToken();
    std::string browser = NewRandomToken();
    std::string verifier = sso::NewCodeVerifier();
    state.state_hash = Sha256Hex(state_value);
    state.browser_hash = Sha256Hex(browser);
    state.connection_id = connection.id;
    state.nonce = nonce;
    state.code_verifier_sealed = ctx.secrets->Seal(verifier);
    state.next = next;
    state.created_at = now;
    state.expires_at = now + sso::kLoginStateSeconds;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) { return sso::InsertLoginState(w, state, e); },
            error)) {
        return ctx.SendInternal(res, "sso start: " + error);
    }

    using net::PercentEncode;
    std::string endpoint = provider.authorization_endpoint;
    std::string location = endpoint + (endpoint.find('?') == std::string::npos ? "?" : "&") +
                           "response_type=code&client_id=" + PercentEncode(connection.client_id) +
                           "&redirect_uri=" + PercentEncode(sso::RedirectUri(ctx.config)) +
                           "&scope=" + PercentEncode("openid email profile") +
                           "&state=" + state_value + "&nonce=" + nonce +
                           "&code_challenge=" + sso::CodeChallengeS256(verifier) +
                           "&code_challenge_method=S256";
    if (!state.email.empty()) location += "&login_hint=" + PercentEncode(state.email);
    SetPreLoginCookie(ctx, res, browser, sso::kLoginStateSeconds);
    Redirect(res, location);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] GET /auth/sso/callback

// What a callback has learnt so far: what its refusal is audited and counted with.
struct Attempt {
    Attempt(const ApiContext& c, const Request& q, Response& r) : ctx(c), req(q), res(r) {}

    const ApiContext& ctx;
    const Request& req;
    Response& res;
    bool have_state = false;
    LoginState state;
    bool have_connection = false;
    SsoConnection connection;
    IdentityClaims claims;  // once the ID token is verified

    bool test() const { return have_state && state.purpose == "test"; }
    // The email the limiter counts against: what was typed at start, else the token's.
    std::string LimiterKey() const {
        return Lower(!state.email.empty() ? state.email : claims.email);
    }
};

// Every refusal: audited on the connection's account (0 when the state named none), counted by
// the limiter (not for an admin's Test sign-in, whose failures are configuration being fixed;
// nor one the limiter itself made), and the browser sent to a page that explains the code.
void Refuse(Attempt& at, const std::string& code, const std::string& detail, bool count = true) {
    const ApiContext& ctx = at.ctx;
    int64_t now = ctx.Now();
    api::Json after = {{"reason", code}, {"detail", Printable(detail, 600)}};
    if (at.have_state) after["purpose"] = at.state.purpose;
    if (at.have_connection) after["connectionId"] = at.connection.id;
    if (!at.state.email.empty()) after["email"] = Printable(at.state.email);
    if (!at.claims.subject.empty()) {
        after["subject"] = at.claims.subject;
        after["tokenEmail"] = at.claims.email;
    }
    Id account = at.have_connection ? at.connection.account_id : 0;
    std::string object = at.have_connection ? ObjectName("sso-connection", at.connection.id)
                                            : std::string("sso-callback");
    std::string error;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return Audit(w, ctx, account, 0, "auth.sso.refused", object, std::nullopt, after,
                             e);
            },
            error)) {
        ctx.logger.Error("sso callback: " + error);
    }
    ctx.logger.Info("sso: sign-in refused (" + code + "): " + Printable(detail, 600));
    if (count && !at.test()) {
        std::string key = at.LimiterKey();
        if (key.empty()) {
            ctx.auth.limiter().RecordAddressFailure(ctx.auth.ClientAddress(at.req), now);
        } else {
            ctx.auth.limiter().RecordFailure(key, ctx.auth.ClientAddress(at.req), now);
        }
    }
    Redirect(at.res, at.test() ? "/" + WithQuery(at.state.next, "sso=" + code) : "/#/?sso=" + code);
}

const char* StateProblem(sso::StateCheck check) {
    switch (check) {
        case sso::StateCheck::Taken:
            return "";
        case sso::StateCheck::Missing:
            return "no sign-in started with this state";
        case sso::StateCheck::Used:
            return "the state was used already (a replay)";
        case sso::StateCheck::Expired:
            return "the sign-in took longer than 10 minutes";
        case sso::StateCheck::OtherBrowser:
            return "the state belongs to another browser (no or another portal_sso cookie)";
    }
    return "?";
}

void Callback(const ApiContext& ctx, const Request& req, Response& res) {
    Attempt at(ctx, req, res);
    int64_t now = ctx.Now();
    // The pre-login cookie has done its work, whatever happens next.
    SetPreLoginCookie(ctx, res, "", 0);
    LoginRateLimiter& limiter = ctx.auth.limiter();
    if (limiter.RetryAfter("", ctx.auth.ClientAddress(req), now) > 0) {
        return Redirect(res, "/#/?sso=rate_limited");
    }

    std::string state_value = req.get_param_value("state");
    std::string browser = CookieValue(req.get_header_value("Cookie"), kPreLoginCookie);
    sso::StateCheck check = sso::StateCheck::Missing;
    std::string error;
    if (!state_value.empty() && !ctx.store.Write(
                                    [&](Store::Writer& w, std::string& e) {
                                        return sso::TakeLoginState(
                                            w, Sha256Hex(state_value),
                                            browser.empty() ? "" : Sha256Hex(browser), now,
                                            at.state, check, e);
                                    },
                                    error)) {
        return ctx.SendInternal(res, "sso callback: " + error);
    }
    at.have_state = check != sso::StateCheck::Missing;
    bool found = false;
    if (at.have_state && !ctx.store.Read(
                             [&](Store::Writer& w, std::string& e) {
                                 return sso::FindSsoConnection(w, at.state.connection_id,
                                                               at.connection, found, e);
                             },
                             error)) {
        return ctx.SendInternal(res, "sso callback: " + error);
    }
    at.have_connection = found;
    if (check != sso::StateCheck::Taken) return Refuse(at, "state_invalid", StateProblem(check));
    if (!at.test() && limiter.RetryAfter(at.LimiterKey(), ctx.auth.ClientAddress(req), now) > 0) {
        return Refuse(at, "rate_limited", "too many failed sign-ins for this email or address",
                      false);
    }
    if (!found) return Refuse(at, "sso_not_configured", "the connection was deleted meanwhile");
    const SsoConnection& connection = at.connection;

    if (req.has_param("error")) {
        return Refuse(at, "provider_error",
                      "the provider answered " + Printable(req.get_param_value("error"), 100) +
                          ": " + Printable(req.get_param_value("error_description")));
    }
    ProviderMetadata provider;
    if (!ProviderOf(ctx, connection, false, provider, error)) {
        return Refuse(at, "provider_error", "the stored discovery document: " + error);
    }
    // RFC 9207: the answer names who sent it, so that a provider cannot pass off another's code
    // (mix-up). Required when the provider says it sends it; checked whenever present.
    bool has_iss = req.has_param("iss");
    if (provider.iss_parameter_supported && !has_iss) {
        return Refuse(at, "token_invalid", "the provider's answer has no iss parameter");
    }
    if (has_iss && req.get_param_value("iss") != connection.issuer) {
        return Refuse(at, "token_invalid", "the answer's iss is not the connection's issuer");
    }
    std::string code = req.get_param_value("code");
    if (code.empty()) return Refuse(at, "provider_error", "the provider's answer has no code");

    std::string verifier, secret;
    if (!ctx.secrets->Unseal(at.state.code_verifier_sealed, verifier) ||
        !ctx.secrets->Unseal(connection.client_secret_sealed, secret)) {
        return ctx.SendInternal(res, "sso callback: cannot unseal the connection's secrets");
    }
    sso::TokenResponse tokens;
    if (!ctx.oidc->ExchangeCode(provider, connection.client_id, secret, code,
                                sso::RedirectUri(ctx.config), verifier, tokens, error)) {
        return Refuse(at, "provider_error", error);
    }
    sso::Jws jws;
    if (!ctx.oidc->VerifySigned(provider.jwks_uri, tokens.id_token, jws, error)) {
        return Refuse(at, "token_invalid", "the ID token's signature: " + error);
    }
    sso::IdTokenExpectations expect;
    expect.issuer = connection.issuer;
    expect.client_id = connection.client_id;
    expect.nonce = at.state.nonce;
    expect.now = now;
    expect.skew = kSkewSeconds;
    IdentityClaims claims;
    if (!sso::CheckIdTokenClaims(jws.claims, expect, claims, error)) {
        return Refuse(at, "token_invalid", "the ID token's claims: " + error);
    }
    at.claims = claims;

    if (at.test()) {
        // The connection works: what enforcing it waits for. Nobody is signed in.
        if (!ctx.store.Write(
                [&](Store::Writer& w, std::string& e) {
                    return sso::MarkSsoConnectionTested(w, connection.id, now, claims.subject, e) &&
                           Audit(w, ctx, connection.account_id, at.state.user_id,
                                 "sso.connection.tested",
                                 ObjectName("sso-connection", connection.id), std::nullopt,
                                 api::Json{{"connectionId", connection.id},
                                           {"subject", claims.subject},
                                           {"email", claims.email},
                                           {"emailVerified", claims.email_verified}},
                                 e);
                },
                error)) {
            return ctx.SendInternal(res, "sso callback: " + error);
        }
        return Redirect(res, "/" + WithQuery(at.state.next, "sso=tested"));
    }

    sso::SignInOutcome outcome;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                if (!sso::ResolveSignIn(w, connection, claims, now, ctx.NowText(),
                                        ctx.config.max_users_per_account, outcome, e)) {
                    return false;
                }
                if (!outcome.refusal.empty()) return true;
                return Audit(w, ctx, connection.account_id, outcome.user_id, "auth.sso.signin",
                             ObjectName("user", outcome.user_id), std::nullopt,
                             api::Json{{"connectionId", connection.id},
                                       {"subject", claims.subject},
                                       {"email", claims.email},
                                       {"how", outcome.how},
                                       {"createdUser", outcome.created_user}},
                             e);
            },
            error)) {
        return ctx.SendInternal(res, "sso callback: " + error);
    }
    if (!outcome.refusal.empty()) {
        return Refuse(at, outcome.refusal,
                      "the provider's user " + claims.subject + " (" + claims.email +
                          (claims.email_verified ? ", verified" : ", not verified") +
                          ") may not sign in: " + outcome.refusal);
    }
    SsoSessionFacts facts;
    facts.connection_id = connection.id;
    facts.subject = claims.subject;
    facts.sid = claims.sid;
    if (!ctx.auth.StartSession(req, res, outcome.user_id, &facts)) return;  // 500 written
    limiter.RecordSuccess(at.LimiterKey());
    if (!claims.email.empty()) limiter.RecordSuccess(Lower(claims.email));
    Redirect(res, "/" + at.state.next);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] POST /auth/sso/backchannel-logout

// OpenID Connect Back-Channel Logout 1.0 §2.8: 400 with an OAuth-style error body.
void LogoutRefused(Response& res, const std::string& description) {
    res.status = 400;
    res.set_header("Cache-Control", "no-store");
    res.set_content(
        api::Json{{"error", "invalid_request"}, {"error_description", description}}.dump(),
        kJsonContentType);
}

bool Holds(const api::Json& aud, const std::string& client_id) {
    if (aud.is_string()) return aud.get<std::string>() == client_id;
    if (!aud.is_array()) return false;
    return std::any_of(aud.begin(), aud.end(), [&](const api::Json& item) {
        return item.is_string() && item.get<std::string>() == client_id;
    });
}

void BackchannelLogout(const ApiContext& ctx, const Request& req, Response& res) {
    std::string token = req.get_param_value("logout_token");
    if (token.empty()) {
        httplib::Params form;
        httplib::detail::parse_query_text(req.body, form);
        auto found = form.find("logout_token");
        if (found != form.end()) token = found->second;
    }
    if (token.empty()) return LogoutRefused(res, "logout_token is missing");
    sso::Jws unverified;
    std::string error;
    if (!sso::ParseJws(token, unverified, error)) return LogoutRefused(res, error);
    const api::Json& claims = unverified.claims;
    std::string issuer =
        claims.contains("iss") && claims["iss"].is_string() ? claims["iss"].get<std::string>() : "";
    api::Json aud = claims.contains("aud") ? claims["aud"] : api::Json();

    std::vector<SsoConnection> connections;
    if (issuer.empty() || !ctx.store.Read(
                              [&](Store::Writer& w, std::string& e) {
                                  return sso::FindSsoConnectionsByIssuer(w, issuer, connections, e);
                              },
                              error)) {
        if (!issuer.empty()) return ctx.SendInternal(res, "sso logout: " + error);
    }
    // Every connection of that issuer and client id that the token verifies against (one
    // provider application may serve several accounts of a customer).
    int64_t now = ctx.Now();
    std::vector<const SsoConnection*> verified;
    sso::LogoutClaims logout;
    std::string refusal = "no connection of this issuer and audience";
    for (const SsoConnection& connection : connections) {
        if (!Holds(aud, connection.client_id)) continue;
        ProviderMetadata provider;
        sso::Jws jws;
        sso::LogoutClaims checked;
        if (!ProviderOf(ctx, connection, false, provider, error) ||
            !ctx.oidc->VerifySigned(provider.jwks_uri, token, jws, error) ||
            !sso::CheckLogoutTokenClaims(jws.claims, connection.issuer, connection.client_id, now,
                                         kSkewSeconds, kLogoutTokenMaxAgeSeconds, checked, error)) {
            refusal = error;
            continue;
        }
        logout = checked;
        verified.push_back(&connection);
    }
    if (verified.empty()) return LogoutRefused(res, refusal);

    bool fresh = false;
    int revoked = 0;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                int64_t keep_until =
                    std::max(now, logout.iat) + kLogoutTokenMaxAgeSeconds + kSkewSeconds;
                if (!sso::RecordLogoutJti(w, issuer, logout.jti, keep_until, now, fresh, e)) {
                    return false;
                }
                if (!fresh) return true;
                for (const SsoConnection* connection : verified) {
                    int count = 0;
                    if (!sso::RevokeSsoSessions(w, connection->id, logout.sid, logout.subject, now,
                                                count, e)) {
                        return false;
                    }
                    revoked += count;
                }
                return true;
            },
            error)) {
        return ctx.SendInternal(res, "sso logout: " + error);
    }
    if (!fresh) return LogoutRefused(res, "this logout token was used already (jti)");
    ctx.logger.Info("sso: back-channel logout from " + issuer + " ended " +
                    std::to_string(revoked) + " session(s)");
    res.status = 200;
    res.set_header("Cache-Control", "no-store");
}

}  // namespace

void RegisterSsoSignInRoutes(Server& server, ApiContext& ctx) {
    AddApiRoute(server, ctx, "GET", "/api/v1/auth/sso/discover", Discover);
    AddApiRoute(server, ctx, "GET", "/api/v1/auth/sso/start", Start);
    AddApiRoute(server, ctx, "GET", kCallbackPath, Callback);
    AddApiRoute(server, ctx, "POST", kBackchannelLogoutPath, BackchannelLogout);
}

}  // namespace portal::server

// Sign-in, sessions and the request-security layer of the API.
//
// - POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/me (Auth::Login/Logout/Me).
// - Sessions: a 256-bit random token in the cookie `portal_session` (HttpOnly, SameSite=Strict,
//   Secure behind https), stored as its SHA-256 only; ended by the idle timeout, the absolute
//   lifetime, sign-out, or the next sign-in that presents it (rotation).
// - CSRF: every state-changing API request (any method but GET and HEAD) must carry
//   `X-Requested-With: portal`, a JSON body (when it has one), and no cross-site Origin or
//   Sec-Fetch-Site (CheckRequestOrigin; the Server runs it before each such route's handler).
// - Sign-in failures are counted per email and per client address, in the database
//   (LoginRateLimiter).
//
// How a later handler authenticates its caller (see Server::Authenticate):
//
//   server.AddRoute("GET", "/api/v1/accounts/([0-9]+)/rooms", [&](const Request& req, Response&
//   res) {
//       Caller caller;
//       if (!server.Authenticate(req, res, caller)) return;  // 401 already written
//       Id account = ...;
//       if (!caller.CanRead(account)) return NotFound(res);  // another tenant: as if missing
//       ...
//   });
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/error_json.h"
#include "server/config.h"
#include "server/people.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace portal::server {

class Logger;
class Store;

using Clock = std::function<std::chrono::system_clock::time_point()>;

inline constexpr const char* kSessionCookie = "portal_session";

// ---------------------------------------------------------------------------------------------
// [SECTION] CSRF

// What the origin checks look at, taken from a request.
struct RequestFacts {
    std::string method;
    std::string content_type;
    bool has_body = false;
    std::string requested_with;  // X-Requested-With
    std::string origin;          // Origin; empty when absent
    std::string sec_fetch_site;  // Sec-Fetch-Site; empty when absent
    std::string host;            // Host
    // The route also takes text/csv (room imports). Like JSON, it is not a type a cross-site
    // form can send without a CORS preflight.
    bool csv_allowed = false;
    // The route takes a file as its raw body, whatever its type (ticket attachments, issue 14):
    // X-Requested-With: portal, which no cross-site form can send without a CORS preflight,
    // is what keeps it from other sites.
    bool raw_allowed = false;
    // OpenID Connect back-channel logout (issue 15): the identity provider posts a form
    // (logout_token=...) server to server, with none of our headers. The token's signature is
    // what authorises it; the cross-site checks still apply.
    bool backchannel_logout = false;
};

// The route a provider's back-channel logout posts to (the one backchannel_logout is for).
inline constexpr const char* kBackchannelLogoutPath = "/api/v1/auth/sso/backchannel-logout";

// "scheme://host[:port]" in lower case without a default port; empty for what is not a URL.
std::string NormaliseOrigin(const std::string& url);

// The refusal of a state-changing request that may come from another site: 403 csrf_refused
// (no X-Requested-With: portal, a cross-site Origin or Sec-Fetch-Site) or 415
// unsupported_media_type (a body that is not JSON); nullopt for GET, HEAD and a request that
// passes. public_url's origin and the Host header are the two origins accepted.
std::optional<api::ApiError> CheckRequestOrigin(const RequestFacts& facts,
                                                const std::string& public_url);

// ---------------------------------------------------------------------------------------------
// [SECTION] Rate limiting

// What a password sign-in attempt may do now (LoginRateLimiter::Gate).
struct LoginGate {
    int64_t retry_after = 0;  // seconds, for Retry-After; 0 when nothing is limited
    // The email is over its limit but this address has no failure in the window: a correct
    // password passes, a wrong one counts and answers 429. An attacker guessing from elsewhere
    // cannot lock the owner out of their own address.
    bool correct_password_passes = false;
    // 429 before the password is even looked at.
    bool Refused() const { return retry_after > 0 && !correct_password_passes; }
};

// Failed sign-ins in a sliding window, per email (lower-cased) and per client address, in the
// database (login_failures_store.h): every server of a database counts the same failures, so
// spreading attempts over the servers behind a balancer gains an attacker nothing. A failure
// costs a write; failures older than the window are purged as new ones come. The store failing
// lets attempts through (the sign-in itself needs the store, and a failure to record is logged).
class LoginRateLimiter {
  public:
    // logger: where store failures go (null: nowhere, for unit tests).
    LoginRateLimiter(Store& store, int per_email, int per_address, int window_seconds,
                     Logger* logger = nullptr);

    // 0 when an attempt may go ahead; else the seconds until one may (for Retry-After).
    int64_t RetryAfter(const std::string& email, const std::string& address, int64_t now);
    // A password attempt: the per-address limit always holds; the per-email limit holds only
    // for an address that has failed in the window (see LoginGate).
    LoginGate Gate(const std::string& email, const std::string& address, int64_t now);
    void RecordFailure(const std::string& email, const std::string& address, int64_t now);
    // A failure whose email is unknown (an SSO callback with no valid state): the address only.
    void RecordAddressFailure(const std::string& address, int64_t now);
    // A successful sign-in forgets the email's failures (not the address's).
    void RecordSuccess(const std::string& email);

  private:
    void Warn(const std::string& error);

    Store& store_;
    int per_email_;
    int per_address_;
    int64_t window_;
    Logger* logger_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Auth

// What a single sign-on session remembers (issue 15): its connection, the provider's subject
// and session id (sid), which a back-channel logout names.
struct SsoSessionFacts {
    Id connection_id = 0;
    std::string subject;
    std::string sid;  // "" when the ID token had none
};

class Auth {
  public:
    Auth(const Config& config, Store& store, Logger& logger, Clock clock);

    // Initialises libsodium, prepares the hash that unknown emails are verified against, and
    // creates the bootstrap operator when configured and the database has no operator.
    bool Init(std::string& error);

    void Login(const httplib::Request& req, httplib::Response& res);
    // 204; 200 {providerLogoutUrl} for an SSO session whose provider has an
    // end_session_endpoint (the app offers the provider's sign-out too).
    void Logout(const httplib::Request& req, httplib::Response& res);
    void Me(const httplib::Request& req, httplib::Response& res);

    // The caller of a request from its session cookie (expiry enforced, last_seen touched);
    // false, with a 401 unauthenticated written into res, when there is none.
    bool Authenticate(const httplib::Request& req, httplib::Response& res, Caller& caller,
                      UserAccess* access = nullptr);

    // Signs user_id in: a new session and its cookie in res, revoking the session req presented
    // (rotation). sso: the session comes from a single sign-on (auth_method 'sso'); null for a
    // password. False with a 500 written into res when the store failed.
    bool StartSession(const httplib::Request& req, httplib::Response& res, Id user_id,
                      const SsoSessionFacts* sso = nullptr);

    // Sign-in failures, shared by the password and the SSO sign-ins (sso_signin.cpp).
    LoginRateLimiter& limiter() { return limiter_; }

    // The client's address for the limiter: the peer's, or behind a trusted balancer
    // (Config::trusted_proxies) the last X-Forwarded-For address no trusted balancer added.
    std::string ClientAddress(const httplib::Request& req) const;

    // A password given to prove who the user of `email` is, counted as a sign-in (POST
    // /auth/login, and POST /invitations/accept for an email that has a user): limited and
    // recorded in the same LoginRateLimiter. user: null for an unknown email (checked against a
    // hash of the same cost). True when the password is right; false with 429 (limited) or
    // 401 invalid_credentials (`wrong_message`) written into res.
    bool CheckPassword(const httplib::Request& req, httplib::Response& res,
                       const std::string& email, const UserRecord* user,
                       const std::string& password, const char* wrong_message);

    // Runs CheckRequestOrigin on a request; false, with the refusal written into res, when
    // it is refused.
    bool GuardRequest(const httplib::Request& req, httplib::Response& res);

  private:
    int64_t Now() const;
    // Sets Set-Cookie: the token for lifetime seconds, or an expired empty cookie.
    void SetSessionCookie(httplib::Response& res, const std::string& token, int64_t max_age);
    bool BootstrapOperator(std::string& error);

    const Config& config_;
    Store& store_;
    Logger& logger_;
    Clock clock_;
    bool secure_cookie_ = false;
    std::string dummy_hash_;  // same cost as real hashes: unknown emails take as long
    LoginRateLimiter limiter_;

    // Sessions resolved lately (by token hash), so that a burst of requests does not read the
    // session and the user's roles from SQLite each time. An entry serves only while the access
    // version (Store::AccessVersion: any change to users, roles, delegations or sessions moves
    // it) is the one it was read at, and for a couple of seconds at most.
    struct CachedSession {
        SessionRecord session;
        UserAccess access;
        int64_t access_version = 0;
        int64_t cached_at = 0;
    };
    std::mutex sessions_mutex_;
    std::unordered_map<std::string, CachedSession> sessions_;
};

// The value of the cookie `name` in a Cookie header; empty when there is none.
std::string CookieValue(const std::string& cookie_header, const std::string& name);
// The session token in a Cookie header; empty when there is none.
std::string SessionTokenFromCookies(const std::string& cookie_header);

}  // namespace portal::server

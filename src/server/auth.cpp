// Sign-in, sessions, CSRF checks and sign-in rate limiting (see auth.h for the contract).
#include "server/auth.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "api/people_json.h"
#include "server/api_support.h"
#include "server/invitation_store.h"
#include "server/log.h"
#include "server/login_failures_store.h"
#include "server/net/outbound.h"
#include "server/password.h"
#include "server/sso/sso_login_store.h"
#include "server/sso/sso_store.h"
#include "server/store.h"
#include "server/support/support_api.h"
#include "server/text.h"

namespace portal::server {

namespace {

constexpr int64_t kSessionCacheSeconds = 2;
constexpr size_t kSessionCacheEntries = 10000;

constexpr const char* kJsonType = "application/json; charset=utf-8";

using text::Lower;

// Header values and a typed email: spaces and tabs.
std::string Trim(const std::string& value) {
    return text::Trim(value, " \t");
}

api::ApiError MakeError(int status, const char* code, const char* message) {
    api::ApiError error;
    error.status = status;
    error.code = code;
    error.message = message;
    return error;
}

void WriteError(httplib::Response& res, const api::ApiError& error) {
    res.status = error.status;
    res.set_content(api::ErrorEnvelopeJson(error), kJsonType);
}

// One answer for every limited sign-in, wherever the password was given.
void WriteTooManySignIns(httplib::Response& res, int64_t wait) {
    res.set_header("Retry-After", std::to_string(wait));
    WriteError(res,
               MakeError(429, "too_many_requests", "Too many failed sign-ins; try again later"));
}

void WriteUnauthenticated(httplib::Response& res) {
    WriteError(res, MakeError(401, "unauthenticated", "Sign in first"));
}

// "example.com:443" for https -> "example.com"; ports are compared as the browser sends them.
std::string DropDefaultPort(const std::string& scheme, const std::string& authority) {
    const char* port = scheme == "https" ? ":443" : scheme == "http" ? ":80" : nullptr;
    if (port && authority.size() > std::strlen(port) &&
        authority.compare(authority.size() - std::strlen(port), std::string::npos, port) == 0) {
        return authority.substr(0, authority.size() - std::strlen(port));
    }
    return authority;
}

api::User ApiUser(const UserRecord& user) {
    return {static_cast<long long>(user.id), user.email, user.name, ChosenLanguage(user)};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] CSRF

std::string NormaliseOrigin(const std::string& url) {
    std::string text = Lower(Trim(url));
    size_t scheme_end = text.find("://");
    if (scheme_end == std::string::npos || scheme_end == 0) return {};
    std::string scheme = text.substr(0, scheme_end);
    std::string authority = text.substr(scheme_end + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (authority.empty()) return {};
    return scheme + "://" + DropDefaultPort(scheme, authority);
}

std::optional<api::ApiError> CheckRequestOrigin(const RequestFacts& facts,
                                                const std::string& public_url) {
    if (facts.method == "GET" || facts.method == "HEAD") return std::nullopt;
    std::string type = Lower(Trim(facts.content_type.substr(0, facts.content_type.find(';'))));
    if (Lower(Trim(facts.sec_fetch_site)) == "cross-site") {
        return MakeError(403, "csrf_refused", "Requests from another site are refused");
    }
    if (!facts.origin.empty()) {
        std::string origin = NormaliseOrigin(facts.origin);  // "null" (opaque) gives ""
        size_t scheme_end = origin.find("://");
        bool same = !origin.empty() &&
                    (origin == NormaliseOrigin(public_url) ||
                     origin.substr(scheme_end + 3) ==
                         DropDefaultPort(origin.substr(0, scheme_end), Lower(Trim(facts.host))));
        if (!same) return MakeError(403, "csrf_refused", "Requests from another site are refused");
    }
    if (facts.backchannel_logout) {
        // A provider's form, server to server: neither our header nor JSON (issue 15).
        if (facts.has_body && type != "application/x-www-form-urlencoded") {
            return MakeError(415, "unsupported_media_type",
                             "The request body must be application/x-www-form-urlencoded");
        }
        return std::nullopt;
    }
    if (Trim(facts.requested_with) != "portal") {
        return MakeError(403, "csrf_refused", "The header X-Requested-With: portal is required");
    }
    if (facts.has_body) {
        if (type != "application/json" && !(facts.csv_allowed && type == "text/csv") &&
            !facts.raw_allowed) {
            return MakeError(415, "unsupported_media_type", "The request body must be JSON");
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Rate limiting

namespace {
constexpr const char* kEmail = "email";
constexpr const char* kAddress = "address";
}  // namespace

LoginRateLimiter::LoginRateLimiter(Store& store, int per_email, int per_address, int window_seconds,
                                   Logger* logger)
    : store_(store),
      per_email_(per_email),
      per_address_(per_address),
      window_(window_seconds),
      logger_(logger) {}

void LoginRateLimiter::Warn(const std::string& error) {
    if (logger_) logger_->Warn("sign-in limiter: " + error);
}

int64_t LoginRateLimiter::RetryAfter(const std::string& email, const std::string& address,
                                     int64_t now) {
    int64_t by_email = 0, by_address = 0;
    std::string error;
    if (!store_.Read(
            [&](Store::Writer& r, std::string& e) {
                return LoginFailureWait(r, kEmail, email, per_email_, window_, now, by_email, e) &&
                       LoginFailureWait(r, kAddress, address, per_address_, window_, now,
                                        by_address, e);
            },
            error)) {
        Warn(error);
        return 0;
    }
    return std::max(by_email, by_address);
}

LoginGate LoginRateLimiter::Gate(const std::string& email, const std::string& address,
                                 int64_t now) {
    LoginGate gate;
    std::string error;
    if (!store_.Read(
            [&](Store::Writer& r, std::string& e) {
                int64_t wait = 0;
                if (!LoginFailureWait(r, kAddress, address, per_address_, window_, now, wait, e)) {
                    return false;
                }
                if (wait > 0) {
                    gate.retry_after = wait;
                    return true;
                }
                if (!LoginFailureWait(r, kEmail, email, per_email_, window_, now, gate.retry_after,
                                      e)) {
                    return false;
                }
                if (gate.retry_after > 0) {
                    // Clean: not one failure of this address in the window.
                    int64_t failed = 0;
                    if (!LoginFailureWait(r, kAddress, address, 1, window_, now, failed, e)) {
                        return false;
                    }
                    gate.correct_password_passes = failed == 0;
                }
                return true;
            },
            error)) {
        Warn(error);
        return LoginGate{};
    }
    return gate;
}

void LoginRateLimiter::RecordFailure(const std::string& email, const std::string& address,
                                     int64_t now) {
    std::string error;
    if (!store_.Write(
            [&](Store::Writer& w, std::string& e) {
                return InsertLoginFailure(w, kEmail, email, now, window_, e) &&
                       InsertLoginFailure(w, kAddress, address, now, window_, e);
            },
            error)) {
        Warn(error);
    }
}

void LoginRateLimiter::RecordAddressFailure(const std::string& address, int64_t now) {
    std::string error;
    if (!store_.Write(
            [&](Store::Writer& w, std::string& e) {
                return InsertLoginFailure(w, kAddress, address, now, window_, e);
            },
            error)) {
        Warn(error);
    }
}

void LoginRateLimiter::RecordSuccess(const std::string& email) {
    std::string error;
    if (!store_.Write([&](Store::Writer& w,
                          std::string& e) { return DeleteLoginFailures(w, kEmail, email, e); },
                      error)) {
        Warn(error);
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Auth

std::string CookieValue(const std::string& cookie_header, const std::string& name) {
    // "a=1; portal_session=TOKEN; b=2"
    size_t at = 0;
    while (at < cookie_header.size()) {
        size_t end = cookie_header.find(';', at);
        if (end == std::string::npos) end = cookie_header.size();
        std::string pair = Trim(cookie_header.substr(at, end - at));
        size_t eq = pair.find('=');
        if (eq != std::string::npos && pair.compare(0, eq, name) == 0 && eq == name.size()) {
            return pair.substr(eq + 1);
        }
        at = end + 1;
    }
    return {};
}

std::string SessionTokenFromCookies(const std::string& cookie_header) {
    return CookieValue(cookie_header, kSessionCookie);
}

Auth::Auth(const Config& config, Store& store, Logger& logger, Clock clock)
    : config_(config),
      store_(store),
      logger_(logger),
      clock_(std::move(clock)),
      limiter_(store, config.login_failures_per_email, config.login_failures_per_address,
               config.login_window_seconds, &logger) {}

std::string Auth::ClientAddress(const httplib::Request& req) const {
    if (config_.trusted_proxies.empty()) return req.remote_addr;
    std::vector<std::string> proxies = TrustedProxies(config_);
    auto trusted = [&](const std::string& address) {
        return std::find(proxies.begin(), proxies.end(), address) != proxies.end();
    };
    if (!trusted(req.remote_addr)) return req.remote_addr;
    // Each balancer appends the address it heard from: read from the right, past our own.
    std::string forwarded;
    for (const auto& [name, value] : req.headers) {
        if (text::Lower(name) == "x-forwarded-for")
            forwarded += (forwarded.empty() ? "" : ",") + value;
    }
    std::string client = req.remote_addr;
    size_t end = forwarded.size();
    while (end > 0) {
        size_t comma = forwarded.rfind(',', end - 1);
        size_t start = comma == std::string::npos ? 0 : comma + 1;
        std::string hop = Trim(forwarded.substr(start, end - start));
        if (!hop.empty()) client = hop;
        if (hop.empty() || !trusted(hop)) break;
        end = comma == std::string::npos ? 0 : comma;
    }
    return client;
}

int64_t Auth::Now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
}

bool Auth::Init(std::string& error) {
    if (!InitCrypto()) {
        error = "cannot initialise libsodium";
        return false;
    }
    secure_cookie_ = Lower(config_.public_url).rfind("https://", 0) == 0;
    if (!HashPassword(NewRandomToken(), config_.password_cost, dummy_hash_)) {
        error = "cannot hash a password (out of memory?)";
        return false;
    }
    return BootstrapOperator(error);
}

bool Auth::BootstrapOperator(std::string& error) {
    if (config_.bootstrap_operator.empty()) return true;
    std::string email, password;
    if (!SplitBootstrapOperator(config_.bootstrap_operator, email, password)) {
        error = "PORTAL_BOOTSTRAP_OPERATOR: expected email:password";
        return false;
    }
    std::string outcome;
    bool ok = store_.Write(
        [&](Store::Writer& writer, std::string& e) {
            bool any = false;
            if (!writer.HasOperator(any, e)) return false;
            if (any) {
                outcome = "the database has an operator already: bootstrap operator ignored";
                return true;
            }
            UserRecord user;
            bool found = false;
            if (!writer.FindUserByEmail(email, user, found, e)) return false;
            if (found) {
                // Its password stays its own: the bootstrap one is not applied.
                outcome =
                    "bootstrap operator: the existing user " + user.email + " is now an operator";
            } else {
                user.email = email;
                user.name = email.substr(0, email.find('@'));
                if (!HashPassword(password, config_.password_cost, user.password_hash)) {
                    e = "cannot hash the bootstrap operator's password";
                    return false;
                }
                if (!writer.InsertUser(user, FormatUtc(clock_()), e)) return false;
                outcome = "bootstrap operator " + user.email + " created";
            }
            return writer.AddOperator(user.id, e);
        },
        error);
    if (ok) logger_.Info(outcome);
    return ok;
}

void Auth::SetSessionCookie(httplib::Response& res, const std::string& token, int64_t max_age) {
    std::string cookie = std::string(kSessionCookie) + "=" + token +
                         "; Path=/; Max-Age=" + std::to_string(max_age) +
                         "; HttpOnly; SameSite=Strict";
    if (secure_cookie_) cookie += "; Secure";
    res.set_header("Set-Cookie", cookie);
}

void Auth::Login(const httplib::Request& req, httplib::Response& res) {
    api::Json body;
    std::string parse_error;
    api::LoginRequest login;
    std::vector<api::FieldError> fields;
    if (!api::ParseJson(req.body, body, parse_error) ||
        !api::LoginRequestFromJson(body, login, fields)) {
        api::ApiError error = MakeError(400, "bad_request", "Give an email and a password");
        error.fields = std::move(fields);
        WriteError(res, error);
        return;
    }
    int64_t now = Now();
    std::string email_key = Lower(Trim(login.email));
    std::string address = ClientAddress(req);
    LoginGate gate = limiter_.Gate(email_key, address, now);
    if (gate.Refused()) return WriteTooManySignIns(res, gate.retry_after);

    UserRecord user;
    bool found = false;
    std::string error;
    if (!store_.FindUserByEmail(Trim(login.email), user, found, error)) {
        logger_.Error("sign-in: " + error);
        SendFailure(res);
        return;
    }
    // An unknown email is verified against a hash of the same cost, so that the answer takes
    // as long and says the same as a wrong password: neither tells who has an account.
    bool verified = VerifyPassword(found ? user.password_hash : dummy_hash_, login.password);
    // R-ACC-5 (issue 15): an address of a domain whose single sign-on is enforced signs in
    // through its provider; only the account's break-glass admins keep their password. The
    // password is verified all the same, so that the answer takes as long whatever it says.
    bool password_ok = found && verified && !user.disabled;
    bool sso_required = false;
    if (!store_.Read(
            [&](Store::Writer& w, std::string& e) {
                return sso::SsoRequiredFor(w, Trim(login.email), password_ok ? user.id : 0,
                                           sso_required, e);
            },
            error)) {
        logger_.Error("sign-in: " + error);
        SendFailure(res);
        return;
    }
    if (sso_required) {
        if (!password_ok) limiter_.RecordFailure(email_key, address, now);
        api::Json body = api::ErrorEnvelope(MakeError(
            403, "sso_required", "Your organisation requires single sign-on for this address."));
        body["error"]["details"]["ssoUrl"] =
            "/api/v1/auth/sso/start?email=" + net::PercentEncode(Trim(login.email));
        res.status = 403;
        res.set_content(body.dump(), kJsonType);
        return;
    }
    if (!password_ok) {
        limiter_.RecordFailure(email_key, address, now);
        if (gate.retry_after > 0) return WriteTooManySignIns(res, gate.retry_after);
        WriteError(res, MakeError(401, "invalid_credentials", "The email or password is wrong"));
        return;
    }
    limiter_.RecordSuccess(email_key);

    if (!StartSession(req, res, user.id)) return;
    // Who signs in how (the SSO users list): a failure here costs the user nothing.
    if (!store_.Write(
            [&](Store::Writer& w, std::string& e) {
                return sso::RecordPasswordSignIn(w, user.id, FormatUtc(clock_()), e);
            },
            error)) {
        logger_.Error("sign-in: " + error);
    }
    res.set_content(api::Json{{"user", api::UserToJson(ApiUser(user))}}.dump(), kJsonType);
}

bool Auth::CheckPassword(const httplib::Request& req, httplib::Response& res,
                         const std::string& email, const UserRecord* user,
                         const std::string& password, const char* wrong_message) {
    int64_t now = Now();
    std::string email_key = Lower(Trim(email));
    std::string address = ClientAddress(req);
    LoginGate gate = limiter_.Gate(email_key, address, now);
    if (gate.Refused()) {
        WriteTooManySignIns(res, gate.retry_after);
        return false;
    }
    bool verified = VerifyPassword(user ? user->password_hash : dummy_hash_, password);
    if (!user || user->disabled || !verified) {
        limiter_.RecordFailure(email_key, address, now);
        if (gate.retry_after > 0) {
            WriteTooManySignIns(res, gate.retry_after);
        } else {
            WriteError(res, MakeError(401, "invalid_credentials", wrong_message));
        }
        return false;
    }
    limiter_.RecordSuccess(email_key);
    return true;
}

bool Auth::StartSession(const httplib::Request& req, httplib::Response& res, Id user_id,
                        const SsoSessionFacts* sso) {
    // Rotation: a new token at every sign-in, and the one presented (if any) is revoked.
    int64_t now = Now();
    std::string presented = SessionTokenFromCookies(req.get_header_value("Cookie"));
    std::string token = NewRandomToken();
    SessionRecord session;
    session.user_id = user_id;
    session.created_at = now;
    session.last_seen_at = now;
    session.expires_at = now + config_.session_lifetime_seconds;
    if (sso) {
        session.auth_method = "sso";
        session.sso_connection_id = sso->connection_id;
        session.sso_subject = sso->subject;
        session.sso_sid = sso->sid;
    }
    std::string error;
    if (!store_.InsertSession(session, Sha256Hex(token),
                              presented.empty() ? std::string() : Sha256Hex(presented), error)) {
        logger_.Error("sign-in: " + error);
        SendFailure(res);
        return false;
    }
    SetSessionCookie(res, token, config_.session_lifetime_seconds);
    return true;
}

void Auth::Logout(const httplib::Request& req, httplib::Response& res) {
    Caller caller;
    if (!Authenticate(req, res, caller)) return;
    std::string error;
    std::string provider_logout;  // RP-initiated logout at the provider, for an SSO session
    if (!store_.Read(
            [&](Store::Writer& w, std::string& e) {
                return sso::ProviderLogoutUrl(w, caller.session_id, config_.public_url,
                                              provider_logout, e);
            },
            error) ||
        !store_.RevokeSession(caller.session_id, Now(), error)) {
        logger_.Error("sign-out: " + error);
        SendFailure(res);
        return;
    }
    SetSessionCookie(res, "", 0);
    if (provider_logout.empty()) {
        res.status = 204;
        return;
    }
    res.status = 200;
    res.set_content(api::Json{{"providerLogoutUrl", provider_logout}}.dump(), kJsonType);
}

void Auth::Me(const httplib::Request& req, httplib::Response& res) {
    Caller caller;
    UserAccess access;
    if (!Authenticate(req, res, caller, &access)) return;
    api::Me me;
    me.user = ApiUser(access.user);
    for (const MembershipRecord& membership : access.memberships) {
        me.memberships.push_back({membership.account_id, RoleText(membership.role)});
    }
    for (const DelegationRecord& delegation : access.delegations) {
        me.delegations.push_back(
            {delegation.account_id, RoleText(delegation.role), delegation.partner_org_id});
    }
    // Partner members see their organisation's public code: they give it to a customer, whose
    // admin delegates with it (issue 16).
    std::vector<PartnerMembership> partner_orgs;
    std::string error;
    if (!store_.Read(
            [&](Store::Writer& w, std::string& e) {
                return ListUserPartnerOrgs(w, access.user.id, partner_orgs, e);
            },
            error)) {
        logger_.Error("me: " + error);
        SendFailure(res);
        return;
    }
    for (const PartnerMembership& org : partner_orgs) {
        me.partner_orgs.push_back({org.org.id, org.org.name, org.org.code, RoleText(org.role)});
    }
    me.is_operator = access.operator_;
    res.set_content(api::MeToJson(me).dump(), kJsonType);
}

bool Auth::Authenticate(const httplib::Request& req, httplib::Response& res, Caller& caller,
                        UserAccess* access_out) {
    std::string token = SessionTokenFromCookies(req.get_header_value("Cookie"));
    if (token.empty()) {
        WriteUnauthenticated(res);
        return false;
    }
    int64_t now = Now();
    SessionRecord session;
    UserAccess access;
    bool found = false;
    std::string error;
    std::string token_hash = Sha256Hex(token);
    int64_t access_version = 0;  // before reading: a change meanwhile voids what is read
    if (!store_.AccessVersion(access_version, error)) {
        logger_.Error("session: " + error);
        SendFailure(res);
        return false;
    }
    {
        std::lock_guard lock(sessions_mutex_);
        auto cached = sessions_.find(token_hash);
        if (cached != sessions_.end() && cached->second.access_version == access_version &&
            now >= cached->second.cached_at &&
            now - cached->second.cached_at < kSessionCacheSeconds) {
            session = cached->second.session;
            access = cached->second.access;
            found = true;
        }
    }
    if (!found) {
        if (!store_.FindSession(token_hash, session, found, error) ||
            (found && !store_.LoadUserAccess(session.user_id, access, found, error))) {
            logger_.Error("session: " + error);
            SendFailure(res);
            return false;
        }
        if (found) {
            std::lock_guard lock(sessions_mutex_);
            if (sessions_.size() >= kSessionCacheEntries) sessions_.clear();
            sessions_[token_hash] = {session, access, access_version, now};
        }
    }
    bool alive = found && !session.revoked && now < session.expires_at &&
                 now - session.last_seen_at <= config_.session_idle_seconds &&
                 !access.user.disabled;
    if (!alive) {
        WriteUnauthenticated(res);
        return false;
    }
    // last_seen_at moves in steps of a minute (less for short idle timeouts), so that a burst
    // of requests writes once; the idle timeout is then exact to within that step.
    int64_t step = std::min<int64_t>(60, std::max(1, config_.session_idle_seconds / 10));
    if (now - session.last_seen_at >= step && !store_.TouchSession(session.id, now, error)) {
        logger_.Warn("session: " + error);  // the request may still go ahead
    }
    caller = Caller::From(access, session.id);
    if (access_out) *access_out = std::move(access);
    return true;
}

bool Auth::GuardRequest(const httplib::Request& req, httplib::Response& res) {
    RequestFacts facts;
    facts.method = req.method;
    facts.content_type = req.get_header_value("Content-Type");
    std::string length = req.get_header_value("Content-Length");
    facts.has_body = !req.body.empty() || (!length.empty() && length != "0") ||
                     req.has_header("Transfer-Encoding");
    facts.requested_with = req.get_header_value("X-Requested-With");
    facts.origin = req.get_header_value("Origin");
    facts.sec_fetch_site = req.get_header_value("Sec-Fetch-Site");
    facts.host = req.get_header_value("Host");
    const std::string kImport = "/rooms/import";
    facts.csv_allowed =
        req.path.size() > kImport.size() &&
        req.path.compare(req.path.size() - kImport.size(), kImport.size(), kImport) == 0;
    facts.raw_allowed = IsAttachmentUpload(req.path);
    facts.backchannel_logout = req.path == kBackchannelLogoutPath;
    std::optional<api::ApiError> refusal = CheckRequestOrigin(facts, config_.public_url);
    if (!refusal) return true;
    WriteError(res, *refusal);
    return false;
}

}  // namespace portal::server

// Server: wiring of cpp-httplib (routes, error and exception handlers, headers, access log) to
// the store, the catalogue and the static files. Handlers stay thin: parse, call, serialise.
#include "server/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "api/catalogue_json.h"
#include "api/error_json.h"
#include "core/engine.h"
#include "server/alerts/alert_worker.h"
#include "server/api_support.h"
#include "server/catalogue_file.h"
#include "server/demo_data.h"
#include "server/files.h"
#include "server/hour_cache.h"
#include "server/idempotency_store.h"
#include "server/mail.h"
#include "server/net/connection_guard.h"
#include "server/password.h"
#include "server/security/secret_box.h"
#include "server/sso/oidc_client.h"
#include "server/status_board.h"
#include "server/storage/change_listener.h"
#include "server/store.h"
#include "server/support/support_api.h"
#include "server/support/support_worker.h"
#include "server/telemetry_store.h"
#include "server/time_zones.h"

namespace portal::server {

namespace {

constexpr const char* kJsonType = "application/json; charset=utf-8";
constexpr size_t kWorkerThreads = 64;
constexpr size_t kKeepAliveRequests = 1000;
constexpr const char* kHtmlType = "text/html; charset=utf-8";
// Agents authenticate with a bearer token, never a cookie: a browser cannot be made to send
// one cross-site, so CSRF checks do not apply, and the batch id (not Idempotency-Key) makes a
// retried batch count once.
constexpr const char* kTelemetryPath = "/api/v1/telemetry";

// Nothing inline and nothing eval'd: the page loads portal.js and portal.wasm from 'self' only.
// 'wasm-unsafe-eval' is what lets WebAssembly.instantiate run without allowing JS eval.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// The start of the request being served on this worker thread, for the access log.
// cpp-httplib's logger gets only (request, response) and Request has no slot for our data; a
// request is handled start to finish on one pool thread, so a thread_local set by the
// pre-routing handler and consumed by the logger is exactly per-request. Zero: not set (the
// request failed before routing, e.g. a malformed request line).
thread_local std::chrono::steady_clock::time_point t_request_start{};

// cpp-httplib 0.11 applies a Range header to whatever body or content provider a response has,
// without checking it against the content's length and whatever the status (a 200 JSON body
// comes back sliced; a range past the end of a provider reads past our buffer). Ranges are
// optional (RFC 9110 14.2: a server may ignore Range), the bundle is small and the API never
// needs them: drop them, so every answer is whole. The Request is a local of cpp-httplib's
// process_request, not a const object, so clearing it through const_cast is well-defined.
void IgnoreRanges(const httplib::Request& req, httplib::Response& res) {
    const_cast<httplib::Request&>(req).ranges.clear();
    if (!res.has_header("Accept-Ranges")) res.set_header("Accept-Ranges", "none");
}

bool IsApiPath(const std::string& path) {
    return path == "/api" || path.rfind("/api/", 0) == 0;
}

// The envelope cpp-httplib's own error statuses get (it sets only the status).
struct StatusError {
    int status;
    const char* code;
    const char* message;
};
constexpr StatusError kStatusErrors[] = {
    {400, "bad_request", "The request could not be understood"},
    {404, "not_found", "There is no such API endpoint"},
    {405, "method_not_allowed", "This endpoint does not accept that method"},
    {413, "payload_too_large", "The request body is too large"},
    {414, "uri_too_long", "The request URI is too long"},
    {416, "range_not_satisfiable", "The Range header could not be read"},
    {500, "internal", "The server failed to handle the request"},
    {503, "unavailable", "The service is unavailable"},
};

StatusError ErrorFor(int status) {
    for (const StatusError& error : kStatusErrors) {
        if (error.status == status) return error;
    }
    return {status, nullptr, "The request failed"};
}

std::string ErrorBody(int status, const std::string& code, const std::string& message) {
    api::ApiError error;
    error.status = status;
    error.code = code;
    error.message = message;
    return api::ErrorEnvelopeJson(error);
}

void SetApiError(httplib::Response& res, int status, const std::string& code,
                 const std::string& message) {
    res.status = status;
    res.set_content(ErrorBody(status, code, message), kJsonType);
}

void SetHtmlError(httplib::Response& res, int status) {
    res.status = status;
    const char* reason = status == 404   ? "Not Found"
                         : status == 405 ? "Method Not Allowed"
                         : status == 500 ? "Internal Server Error"
                                         : "Error";
    std::string text = std::to_string(status) + " " + reason;
    res.set_content("<!doctype html><title>" + text + "</title><p>" + text + "</p>\n", kHtmlType);
}

}  // namespace

const char* ServerVersion() {
    return PORTAL_VERSION;
}

Date UtcDate(std::chrono::system_clock::time_point time) {
    auto days = std::chrono::floor<std::chrono::days>(time);
    return Date{static_cast<int>(days.time_since_epoch().count())};
}

api::Health MakeHealth(const std::string& version, bool database_ok, int schema_version,
                       const std::string& backend) {
    api::Health health;
    health.status = database_ok ? "ok" : "degraded";
    health.version = version;
    health.database.state = database_ok ? "ok" : "unavailable";
    health.database.schema_version = database_ok ? schema_version : 0;
    health.database.backend = backend;
    return health;
}

Server::Server(Config config, Logger& logger)
    : config_(std::move(config)), logger_(logger), http_(std::make_unique<httplib::Server>()) {}

Server::~Server() {
    Stop();
}

void Server::AddRoute(std::string method, std::string pattern, Handler handler) {
    std::regex regex(pattern);
    routes_.push_back(
        {std::move(method), std::move(pattern), std::move(regex), std::move(handler)});
}

bool Server::Start(std::string& error) {
    if (started_) {
        error = "server already started";
        return false;
    }
    store_ = Store::Open(DatabaseTarget(config_), error);
    if (!store_) return false;
    logger_.Info(std::string("database ") +
                 (config_.database_url.empty() ? config_.db_path : "PostgreSQL") +
                 " at schema version " + std::to_string(store_->SchemaVersion()));

    if (!LoadCatalogueFile(config_.assets_dir + "/catalogue.json", catalogue_, error)) {
        return false;
    }
    catalogue_json_ = api::CatalogueToJson(catalogue_).dump();
    // The API's description is served as written (tests hold it to the routes): a missing or
    // broken one is a packaging error, refused here rather than served as a 500 later.
    if (!ReadFile(config_.assets_dir + "/openapi.json", openapi_json_, error)) return false;
    api::Json openapi;
    std::string parse_error = "not a JSON object";
    if (!api::ParseJson(openapi_json_, openapi, parse_error) || !openapi.is_object()) {
        error = config_.assets_dir + "/openapi.json (the OpenAPI document): " + parse_error;
        return false;
    }

    if (config_.demo &&
        !SeedDemoIfEmpty(*store_, catalogue_, config_.assets_dir, config_.password_cost,
                         UtcDate(clock_()), logger_, error)) {
        return false;
    }
    auth_ = std::make_unique<Auth>(config_, *store_, logger_, clock_);
    if (!auth_->Init(error)) return false;
    if (!CheckStoredState(error)) return false;

    if (config_.web_root.empty()) {
        logger_.Info("no web root: serving the API only");
    } else {
        if (!static_files_.Load(config_.web_root, error)) return false;
        logger_.Info("web root " + config_.web_root + ": " +
                     std::to_string(static_files_.FileCount()) + " files, " +
                     std::to_string(static_files_.TotalBytes()) + " bytes");
    }

    mail_ = std::make_unique<MailWorker>(config_, *store_, logger_, clock_);
    time_zones_ = std::make_unique<TimeZones>();
    hours_ = std::make_unique<HourCache>(static_cast<size_t>(config_.insights_cache_mb) << 20);
    telemetry_ = std::make_unique<TelemetryTables>();
    if (store_->backend() == Backend::Postgresql) {
        // Several servers may share the database: versions come from it, and a change through
        // any of them wakes the long polls of all (issue 18).
        status_feed_ = MakeStoreStatusFeed(*store_);
        status_ = std::make_unique<StatusBoard>(status_feed_.get(), &logger_);
        StatusBoard* board = status_.get();
        listener_ = std::make_unique<ChangeListener>(
            DatabaseTarget(config_), kStatusChannel,
            ChangeListener::Handlers{
                .notified = [board](const std::string& payload) { board->Announced(payload); },
                .listening = [board](bool listening) { board->Listening(listening); }},
            logger_);
        listener_->Start();
    } else {
        status_ = std::make_unique<StatusBoard>();
    }
    secrets_ = SecretBox::Open(config_, error);
    if (!secrets_) return false;
    alerts_ = std::make_unique<AlertWorker>(config_, *store_, catalogue_, logger_, clock_,
                                            status_.get(), mail_.get(), *secrets_);
    support_ =
        std::make_unique<SupportWorker>(config_, *store_, catalogue_, logger_, clock_, mail_.get());
    SlowClientLimits limits;
    limits.head_seconds = config_.request_seconds;
    // Half the workers at most wait on requests still coming in: the rest serve the others.
    limits.max_slow_readers = kWorkerThreads / 2;
    limits.trusted_addresses = TrustedProxies(config_);
    guard_ = std::make_unique<ConnectionGuard>(std::move(limits), logger_);
    oidc_ = std::make_unique<sso::OidcClient>(
        net::OutboundPolicy{.allow_private = config_.outbound_allow_private});
    RegisterRoutes();

    if (config_.port == 0) {
        port_ = http_->bind_to_any_port(config_.bind);
        if (port_ < 0) port_ = 0;
    } else if (http_->bind_to_port(config_.bind, config_.port)) {
        port_ = config_.port;
    }
    if (port_ == 0) {
        error = "cannot listen on " + UrlFor(config_.bind, config_.port) +
                " (address in use, or not an address of this machine?)";
        return false;
    }
    // cpp-httplib 0.11 listens with a backlog of 5 (compiled into Debian's library): a burst of
    // connections beyond it is dropped and retried by the clients' TCP a second later. Listening
    // again on the bound socket raises the backlog to the system's limit.
    if (listen_socket_ >= 0) ::listen(listen_socket_, SOMAXCONN);
    config_.port = port_;
    if (config_.public_url.empty()) config_.public_url = UrlFor(config_.bind, port_);
    started_ = true;
    return true;
}

// Never serve a database that breaks a rule: whatever wrote it (an older server, a hand-made
// fix, a restored backup), the engine would otherwise reason from a state it cannot be in.
bool Server::CheckStoredState(std::string& error) {
    auto started = std::chrono::steady_clock::now();
    State state;
    if (!store_->LoadState(state, error)) {
        error = "cannot load the database for the start-up check: " + error;
        return false;
    }
    auto loaded = std::chrono::steady_clock::now();
    Date today = UtcDate(clock_());
    std::vector<Violation> violations = CheckState(state, catalogue_, today);
    auto checked = std::chrono::steady_clock::now();
    auto ms = [](auto from, auto to) {
        char text[32];
        std::snprintf(text, sizeof text, "%.2f ms",
                      std::chrono::duration<double, std::milli>(to - from).count());
        return std::string(text);
    };
    logger_.Info("start-up check as of " + FormatDate(today) + ": " +
                 std::to_string(state.accounts.size()) + " accounts, " +
                 std::to_string(state.rooms.size()) + " rooms, " +
                 std::to_string(state.devices.size()) + " devices, " +
                 std::to_string(state.contracts.size()) + " contracts, " +
                 std::to_string(state.assignments.size()) + " assignments loaded in " +
                 ms(started, loaded) + ", checked in " + ms(loaded, checked) + ": " +
                 std::to_string(violations.size()) + " violations");
    if (violations.empty()) return true;
    error.clear();
    for (const Violation& violation : violations) {
        if (!error.empty()) error += "\n";
        error +=
            "refusing to serve a corrupt database: " + violation.rule + " " + violation.message;
    }
    return false;
}

void Server::RegisterRoutes() {
    httplib::Server& http = *http_;
    // Small responses otherwise wait ~40 ms for Nagle's algorithm and the peer's delayed ACK.
    http.set_tcp_nodelay(true);
    // cpp-httplib keeps a worker per open keep-alive connection and, in Debian's build, 8
    // workers and 5 requests per connection: a ninth browser tab, kiosk or API client would
    // queue behind the others' idle connections. Workers mostly wait (on sockets, on SQLite),
    // so many of them cost little on 2 cores.
    http.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    http.set_keep_alive_max_count(kKeepAliveRequests);
    http.set_socket_options([this](socket_t sock) {
        httplib::default_socket_options(sock);
        listen_socket_ = static_cast<int>(sock);
    });
    // Ticket attachments (issue 14) come as a raw body of up to 10 MiB: cpp-httplib's one
    // limit makes room for them, and every other route refuses a body over max_body_bytes
    // (below, before its handler) as cpp-httplib did. The price: such a body is read before it
    // is refused, 10 MiB per worker at worst. (Refusing it from its Content-Length, unread,
    // means closing the connection under the client's feet: clients then often miss the 413.)
    http.set_payload_max_length(std::max(config_.max_body_bytes, kMaxAttachmentBytes));

    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        t_request_start = std::chrono::steady_clock::now();
        ResetStorageOutages();
        uint64_t content_length =
            std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
        guard_->HeadRead(req.remote_addr, req.remote_port, content_length);
        IgnoreRanges(req, res);
        // Two Content-Length headers (equal or not) are how a request is smuggled past a proxy
        // that reads the other one (RFC 9112 6.3): refused before the body is read, and the
        // connection closed, since where this request ends is exactly what is in doubt.
        if (req.get_header_value_count("Content-Length") > 1) {
            SetApiError(res, 400, "bad_request", "Send one Content-Length header");
            res.set_header("Connection", "close");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // Runs for every status >= 400, including ones cpp-httplib produces itself (413, 400, 416),
    // some of them before the pre-routing handler.
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
            IgnoreRanges(req, res);
            FillErrorBody(req, res);
            // Handled: cpp-httplib then sets Content-Length from the body.
            return httplib::Server::HandlerResponse::Handled;
        }));
    http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res,
                                      std::exception_ptr ep) { HandleException(req, res, ep); });
    http.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        res.set_header("Content-Security-Policy", kContentSecurityPolicy);
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("X-Frame-Options", "DENY");
        res.set_header("Cross-Origin-Opener-Policy", "same-origin");
        if (IsApiPath(req.path) && !res.has_header("Cache-Control")) {
            res.set_header("Cache-Control", "no-store");
        }
    });
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        guard_->Answered(req.remote_addr, req.remote_port);
        LogRequest(req, res);
    });

    // The API. More endpoints are added here (or with AddRoute) as the portal grows.
    AddRoute("GET", "/api/v1/health",
             [this](const httplib::Request&, httplib::Response& res) { HandleHealth(res); });
    AddRoute("GET", "/api/v1/catalogue", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(catalogue_json_, kJsonType);
    });
    AddRoute("GET", "/api/v1/openapi.json",
             [this](const httplib::Request&, httplib::Response& res) {
                 res.set_content(openapi_json_, kJsonType);
             });
    AddRoute(
        "POST", "/api/v1/auth/login",
        [this](const httplib::Request& req, httplib::Response& res) { auth_->Login(req, res); });
    AddRoute(
        "POST", "/api/v1/auth/logout",
        [this](const httplib::Request& req, httplib::Response& res) { auth_->Logout(req, res); });
    AddRoute("GET", "/api/v1/me",
             [this](const httplib::Request& req, httplib::Response& res) { auth_->Me(req, res); });

    api_ = std::make_unique<ApiContext>(
        ApiContext{config_, *store_, catalogue_, *auth_, logger_, clock_, mail_.get(),
                   time_zones_.get(), status_.get(), hours_.get(), secrets_.get(), alerts_.get()});
    api_->oidc = oidc_.get();
    api_->telemetry = telemetry_.get();
    RegisterAccountRoutes(*this, *api_);
    RegisterRoomRoutes(*this, *api_);
    RegisterOrderRoutes(*this, *api_);
    RegisterPeopleRoutes(*this, *api_);
    RegisterMailRoutes(*this, *api_);
    RegisterTelemetryRoutes(*this, *api_);
    RegisterInsightsRoutes(*this, *api_);
    RegisterKioskRoutes(*this, *api_);
    RegisterAlertRoutes(*this, *api_);
    RegisterSupportAccountRoutes(*this, *api_);
    RegisterSupportRoutes(*this, *api_);
    RegisterSsoRoutes(*this, *api_);
    RegisterSsoSignInRoutes(*this, *api_);
    RegisterHomeRoutes(*this, *api_);

    for (const Route& route : routes_) {
        // CSRF: every state-changing API route checks where the request comes from before its
        // handler runs (here, not in pre-routing, so that the body has been read and the
        // connection stays usable).
        Handler handler = route.handler;
        // Not the alert mails' one-click unsubscribe either: mail clients post it with no
        // session and no header of ours; its link's token is what authorises it.
        bool tokened = route.pattern == kTelemetryPath || route.pattern == kUnsubscribePattern;
        if (route.method != "GET" && IsApiPath(route.pattern) && !tokened) {
            handler = [this, inner = route.handler](const httplib::Request& req,
                                                    httplib::Response& res) {
                if (auth_->GuardRequest(req, res)) inner(req, res);
            };
        }
        if (route.method == "POST" && IsApiPath(route.pattern) &&
            route.pattern.rfind("/api/v1/auth/", 0) != 0 &&
            route.pattern != "/api/v1/invitations/accept" && !tokened) {
            // Not sign-in and invitation acceptance: their answer is a session cookie, which a
            // replay must not hand out again.
            handler = [this, inner = std::move(handler)](const httplib::Request& req,
                                                         httplib::Response& res) {
                WithIdempotency(req, res, inner);
            };
        }
        if (route.pattern != kAttachmentUploadPattern) {
            // The payload limit of every route but the attachment upload (see above): the
            // error handler writes the 413 as cpp-httplib's own.
            handler = [this, inner = std::move(handler)](const httplib::Request& req,
                                                         httplib::Response& res) {
                if (req.body.size() > config_.max_body_bytes) {
                    res.status = 413;
                    return;
                }
                inner(req, res);
            };
        }
        handler = [this, inner = std::move(handler)](const httplib::Request& req,
                                                     httplib::Response& res) {
            guard_->Handling(req.remote_addr, req.remote_port);
            inner(req, res);
        };
        if (route.method == "GET") {
            http.Get(route.pattern, handler);
        } else if (route.method == "POST") {
            http.Post(route.pattern, handler);
        } else if (route.method == "PUT") {
            http.Put(route.pattern, handler);
        } else if (route.method == "PATCH") {
            http.Patch(route.pattern, handler);
        } else if (route.method == "DELETE") {
            http.Delete(route.pattern, handler);
        } else if (route.method == "OPTIONS") {
            http.Options(route.pattern, handler);
        }
    }
    // Last, so that it only sees what no route took: static files, 404 and 405.
    auto fallback = [this](const httplib::Request& req, httplib::Response& res) {
        guard_->Handling(req.remote_addr, req.remote_port);
        if (req.body.size() > config_.max_body_bytes) {
            res.status = 413;
            return;
        }
        HandleFallback(req, res);
    };
    http.Get(".*", fallback);
    http.Post(".*", fallback);
    http.Put(".*", fallback);
    http.Patch(".*", fallback);
    http.Delete(".*", fallback);
    http.Options(".*", fallback);
}

std::vector<std::pair<std::string, std::string>> Server::Routes() const {
    std::vector<std::pair<std::string, std::string>> routes;
    for (const Route& route : routes_) routes.emplace_back(route.method, route.pattern);
    return routes;
}

void Server::WithIdempotency(const httplib::Request& req, httplib::Response& res,
                             const Handler& handler) {
    std::string key = req.get_header_value("Idempotency-Key");
    if (key.empty()) return handler(req, res);
    if (key.size() > 255) {
        SetApiError(res, 400, "bad_idempotency_key",
                    "An Idempotency-Key is at most 255 characters");
        return;
    }
    // Keys are the caller's own: a hash of the session token (never stored as is).
    std::string token = SessionTokenFromCookies(req.get_header_value("Cookie"));
    std::string scope = token.empty() ? "anonymous" : Sha256Hex(token);
    std::string request_hash = Sha256Hex(req.method + " " + req.path + "\n" + req.body);
    int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
    IdempotencyClaim claim = IdempotencyClaim::New;
    StoredAnswer answer;
    std::string error;
    if (!ClaimIdempotencyKey(*store_, scope, key, request_hash, now, claim, answer, error)) {
        logger_.Error("idempotency: " + error);
        SendFailure(res);
        return;
    }
    switch (claim) {
        case IdempotencyClaim::Replay:
            res.status = answer.status;
            res.set_header("Idempotent-Replayed", "true");
            res.set_content(answer.body, answer.content_type);
            return;
        case IdempotencyClaim::Mismatch:
            SetApiError(res, 422, "idempotency_key_reused",
                        "This Idempotency-Key was used for another request");
            return;
        case IdempotencyClaim::InFlight:
            SetApiError(res, 409, "idempotency_key_in_flight",
                        "A request with this Idempotency-Key is still being handled");
            return;
        case IdempotencyClaim::New:
            break;
    }
    handler(req, res);
    StoredAnswer first{res.status, res.get_header_value("Content-Type"), res.body};
    if (res.get_header_value("Cache-Control") == "no-store" && res.status < 300) {
        // The answer holds a secret shown once (an agent token, a kiosk link): it is never
        // stored, so a replay says so instead of handing the secret out again.
        first = {409, kJsonType,
                 ErrorBody(409, "secret_not_replayed",
                           "This request was done: its answer held a secret shown once. Make "
                           "another one (and revoke the first if it was never seen).")};
    }
    bool kept = res.status >= 500 ? ForgetIdempotencyKey(*store_, scope, key, error)
                                  : FinishIdempotencyKey(*store_, scope, key, first, error);
    if (!kept) logger_.Error("idempotency: " + error);
}

void Server::HandleHealth(httplib::Response& res) {
    int schema_version = 0;
    std::string error;
    bool ok = store_->Ping(schema_version, error);
    if (!ok) logger_.Warn("health: database unavailable: " + error);
    res.status = ok ? 200 : 503;
    res.set_content(api::HealthToJson(MakeHealth(ServerVersion(), ok, schema_version,
                                                 BackendName(store_->backend())))
                        .dump(),
                    kJsonType);
}

void Server::HandleFallback(const httplib::Request& req, httplib::Response& res) {
    if (!IsApiPath(req.path)) {
        if (req.method == "GET" || req.method == "HEAD") return ServeStatic(req, res);
        res.set_header("Allow", "GET, HEAD");
        SetHtmlError(res, 405);
        return;
    }
    // A known path with another method is a 405 that says which methods would do.
    std::vector<std::string> methods;
    for (const Route& route : routes_) {
        if (!std::regex_match(req.path, route.regex)) continue;
        for (const char* method : {route.method.c_str(), route.method == "GET" ? "HEAD" : ""}) {
            if (*method && std::find(methods.begin(), methods.end(), method) == methods.end()) {
                methods.emplace_back(method);
            }
        }
    }
    std::string allow;
    for (const std::string& method : methods) allow += (allow.empty() ? "" : ", ") + method;
    if (allow.empty()) {
        SetApiError(res, 404, "not_found", ErrorFor(404).message);
        return;
    }
    res.set_header("Allow", allow);
    SetApiError(res, 405, "method_not_allowed",
                req.method + " is not allowed here; allowed: " + allow);
}

void Server::ServeStatic(const httplib::Request& req, httplib::Response& res) {
    StaticReply reply = static_files_.Lookup(req.path, req.get_header_value("Accept-Encoding"),
                                             req.get_header_value("If-None-Match"));
    if (reply.status == 404) {
        res.status = 404;  // the error handler writes the page
        return;
    }
    res.status = reply.status;
    res.set_header("ETag", reply.etag);
    // Revalidate on every load: the bundle's file names are stable, its content is not.
    res.set_header("Cache-Control", "no-cache");
    if (reply.vary_accept_encoding) res.set_header("Vary", "Accept-Encoding");
    if (reply.content_encoding) res.set_header("Content-Encoding", reply.content_encoding);
    if (reply.status != 200) return;  // 304: headers only
    if (reply.body.empty()) {
        res.set_header("Content-Type", reply.content_type);
        return;
    }
    // A content provider rather than res.body: cpp-httplib compresses text bodies on the fly
    // when the client accepts it, which would compress our precompressed variants a second
    // time. The bytes live in static_files_, which outlives every request.
    std::string_view body = reply.body;
    res.set_content_provider(body.size(), reply.content_type,
                             [body](size_t offset, size_t length, httplib::DataSink& sink) {
                                 return sink.write(body.data() + offset, length);
                             });
}

void Server::FillErrorBody(const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty() || res.content_provider_) return;  // the handler already said why
    if (!IsApiPath(req.path)) {
        SetHtmlError(res, res.status);
        return;
    }
    if (res.status == 413 && IsAttachmentUpload(req.path)) {
        // Over cpp-httplib's limit, which is the attachment's: the route's own answer.
        SetApiError(res, 413, "too_large", "An attachment is at most 10 MB");
        return;
    }
    StatusError known = ErrorFor(res.status);
    SetApiError(res, res.status, known.code ? known.code : "http_" + std::to_string(res.status),
                known.message);
}

void Server::HandleException(const httplib::Request& req, httplib::Response& res,
                             std::exception_ptr exception) {
    std::string what = "unknown exception";
    try {
        if (exception) std::rethrow_exception(exception);
    } catch (const std::exception& e) {
        what = e.what();
    } catch (...) {
    }
    // The details go to the log only: the client gets the envelope, never a trace or a what().
    logger_.Error("unhandled exception in " + req.method + " " + req.path + ": " + what);
    std::string version = res.version;
    res = httplib::Response();  // drop whatever the handler had set before it threw
    res.version = version;
    if (IsApiPath(req.path)) {
        SendFailure(res);
    } else {
        SetHtmlError(res, 500);
    }
}

void Server::LogRequest(const httplib::Request& req, const httplib::Response& res) {
    if (!logger_.Enabled(LogLevel::Info)) return;
    double duration_ms = -1;
    if (t_request_start != std::chrono::steady_clock::time_point{}) {
        duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                t_request_start)
                          .count();
        t_request_start = {};
    }
    size_t bytes = res.body.size();
    if (res.content_provider_) bytes = res.content_length_;
    logger_.Info(FormatAccess(req.method, req.path, res.status, duration_ms, bytes));
}

bool Server::Run() {
    run_entered_ = true;
    if (stop_requested_ || !started_) {
        run_entered_ = false;
        return started_;
    }
    mail_->Start();
    alerts_->Start();
    support_->Start();
    guard_->Start(port_);
    bool ok = http_->listen_after_bind();
    guard_->Stop();
    support_->Stop();
    alerts_->Stop();
    mail_->Stop();
    if (listener_) listener_->Stop();
    run_entered_ = false;
    return ok;
}

void Server::Stop() {
    stop_requested_ = true;
    // Long polls end now: cpp-httplib's stop joins its workers, which would wait out each one.
    if (status_) status_->Shutdown();
    // Run may be between its check of stop_requested_ and cpp-httplib marking itself running,
    // when stop() would do nothing: wait for one or the other (both are brief).
    while (run_entered_) {
        if (http_->is_running()) {
            http_->stop();
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

}  // namespace portal::server

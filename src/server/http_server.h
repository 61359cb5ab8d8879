// The portal's HTTP server: the REST API under /api/v1 and the web bundle for everything else.
// Owns the store, sign-in (Auth), the catalogue and the static files; runs cpp-httplib's thread
// pool. Every API route of a method other than GET first passes Auth::GuardRequest (CSRF), but
// POST /api/v1/telemetry: room agents send a bearer token there, never a cookie.
//
//   Server server(config, logger);
//   if (!server.Start(error)) ...;   // opens and migrates the DB, loads assets, binds
//   std::thread t([&] { server.Run(); });
//   ... server.Stop(); t.join();
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "api/health_json.h"
#include "core/catalogue.h"
#include "core/date.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/log.h"
#include "server/static_files.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace portal::server {

class Store;
struct ApiContext;
class ConnectionGuard;
class MailWorker;
class TimeZones;
class HourCache;
class StatusBoard;
class TelemetryTables;
class StatusFeed;
class ChangeListener;
class SecretBox;
class AlertWorker;
class SupportWorker;
namespace sso {
class OidcClient;
}  // namespace sso

// The version reported by /api/v1/health: the CMake project version.
const char* ServerVersion();

// The calendar day (UTC) of a moment: the server owns the clock, the engine takes the date.
Date UtcDate(std::chrono::system_clock::time_point time);

// The health document for a database that answered (with its schema version) or did not.
api::Health MakeHealth(const std::string& version, bool database_ok, int schema_version,
                       const std::string& backend = "sqlite");

class Server {
  public:
    using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

    Server(Config config, Logger& logger);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Adds a route before Start. method: "GET", "POST", "PUT", "PATCH", "DELETE"; pattern: an
    // exact path or a cpp-httplib regex ("/api/v1/rooms/([^/]+)"). Routes under /api are also
    // what 405 answers are computed from.
    void AddRoute(std::string method, std::string pattern, Handler handler);

    // Replaces the wall clock before Start (tests move time); sessions, sign-in limits and
    // the engine's date all read it.
    void SetClock(Clock clock) { clock_ = std::move(clock); }

    // The signed-in caller of a request, for route handlers (see auth.h); false with a 401
    // written into res when there is none. Valid after Start.
    bool Authenticate(const httplib::Request& req, httplib::Response& res, Caller& caller) {
        return auth_->Authenticate(req, res, caller);
    }

    // Opens and migrates the database, loads the catalogue, seeds demo data, checks the whole
    // state with the engine (a database that breaks a rule is refused: error lists each
    // violation), loads the web root, binds (port 0: any free port). On failure error says why,
    // one problem per line.
    bool Start(std::string& error);

    // Every route added, as (method, pattern), in the order added: for the tests that hold the
    // OpenAPI document and the authorisation matrix to the routes that really exist.
    std::vector<std::pair<std::string, std::string>> Routes() const;

    // The bound port, valid after Start.
    int Port() const { return port_; }
    // The configuration in force: after Start, port and public_url are resolved.
    const Config& config() const { return config_; }
    // The OpenID Connect client and its JWKS cache, valid after Start: tests move its clock
    // (OidcClient::SetClockForTesting) past the once-a-minute refetch limit.
    sso::OidcClient* oidc() const { return oidc_.get(); }

    // Serves until Stop; false when the listening socket failed.
    bool Run();
    // Makes Run return; safe from any thread, before, during or after Run, more than once.
    void Stop();

  private:
    struct Route {
        std::string method;
        std::string pattern;
        std::regex regex;  // the same pattern, to compute Allow for 405 answers
        Handler handler;
    };

    bool CheckStoredState(std::string& error);
    void RegisterRoutes();
    void HandleHealth(httplib::Response& res);
    void HandleFallback(const httplib::Request& req, httplib::Response& res);
    void ServeStatic(const httplib::Request& req, httplib::Response& res);
    void FillErrorBody(const httplib::Request& req, httplib::Response& res);
    void HandleException(const httplib::Request& req, httplib::Response& res,
                         std::exception_ptr exception);
    void LogRequest(const httplib::Request& req, const httplib::Response& res);
    // Runs a POST under its Idempotency-Key, if it has one: replays the first answer.
    void WithIdempotency(const httplib::Request& req, httplib::Response& res,
                         const Handler& handler);

    Config config_;
    Logger& logger_;
    std::unique_ptr<httplib::Server> http_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<Auth> auth_;
    std::unique_ptr<MailWorker> mail_;
    std::unique_ptr<ApiContext> api_;
    std::unique_ptr<TimeZones> time_zones_;
    std::unique_ptr<HourCache> hours_;
    std::unique_ptr<TelemetryTables> telemetry_;  // partitions known to exist, purge lease
    // PostgreSQL: the board's versions shared with the other servers (status_board.h).
    std::unique_ptr<StatusFeed> status_feed_;
    std::unique_ptr<StatusBoard> status_;  // long polls of GET /status wait on it
    // PostgreSQL: what other servers announce, applied to status_ (destroyed before it).
    std::unique_ptr<ChangeListener> listener_;
    std::unique_ptr<SecretBox> secrets_;   // seals channel secrets (security/secret_box.h)
    std::unique_ptr<AlertWorker> alerts_;  // alert sweeps and deliveries (alerts/alert_worker.h)
    // Tickets' auto close (support/support_worker.h).
    std::unique_ptr<SupportWorker> support_;
    // The one OpenID Connect client (its JWKS cache shared by every SSO route).
    std::unique_ptr<sso::OidcClient> oidc_;
    // Ends connections of slow and hostile clients (net/connection_guard.h).
    std::unique_ptr<ConnectionGuard> guard_;
    Clock clock_ = [] { return std::chrono::system_clock::now(); };
    StaticFiles static_files_;
    Catalogue catalogue_;
    std::string catalogue_json_;  // serialised once at start: the catalogue does not change
    std::string openapi_json_;    // <assets>/openapi.json as written, checked to be JSON at start
    std::vector<Route> routes_;
    int port_ = 0;
    int listen_socket_ = -1;  // the listening socket, once created
    bool started_ = false;
    std::atomic<bool> stop_requested_{false};
    std::atomic<bool> run_entered_{false};
};

}  // namespace portal::server

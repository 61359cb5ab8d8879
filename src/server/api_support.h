// What every REST handler shares: the context it runs in (store, catalogue, auth, clock), the
// answers it gives (JSON, the error envelope, the one 404), reading a JSON body and path ids,
// and the authorisation check of a tenant-owned object.
//
// A handler, start to finish:
//
//   server.AddRoute("GET", "/api/v1/accounts/([0-9]+)/rooms", [&ctx](const Request& req,
//                                                                   Response& res) {
//       Caller caller;
//       Id account_id = PathId(req, 1);
//       if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
//       ...
//       SendJson(res, 200, body);
//   });
//
// Tenancy: an object of an account the caller cannot read answers exactly like a missing one
// (SendNotFound: one fixed body, whatever the id); 403 is only for a caller who can see the
// object but whose role may not do what they ask.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/error_json.h"
#include "api/json_fields.h"
#include "core/catalogue.h"
#include "core/date.h"
#include "core/refusal.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/log.h"
#include "server/people.h"
#include "server/store.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace portal::server {

class Server;
class Store;
class MailWorker;
class TimeZones;
class HourCache;
class StatusBoard;
class TelemetryTables;
class SecretBox;
class AlertWorker;
namespace sso {
class OidcClient;
}  // namespace sso

using Request = httplib::Request;
using Response = httplib::Response;

inline constexpr const char* kJsonContentType = "application/json; charset=utf-8";

// ---------------------------------------------------------------------------------------------
// [SECTION] Answers

void SendJson(Response& res, int status, const api::Json& body);
void SendError(Response& res, const api::ApiError& error);
void SendError(Response& res, int status, const std::string& code, const std::string& message);
// What fails on the server's side: 503 storage_unavailable with a Retry-After when the storage
// failed during this request (a full disk, an I/O error, a lost database: nothing was changed,
// and the same request may be sent again), 500 internal otherwise.
void SendFailure(Response& res);
// The one 404 of a missing object: the same bytes for every missing or foreign id.
void SendNotFound(Response& res);
// 403 forbidden: the caller sees the object but their role may not do this.
void SendForbidden(Response& res, const std::string& message);
// 400 invalid_fields with details.fields naming each bad field.
void SendFieldErrors(Response& res, const std::vector<api::FieldError>& fields);
// An engine refusal: 404 (SendNotFound) for a missing object, 409 rule_violation otherwise.
void SendRefusal(Response& res, const Refusal& refusal, Language language);

// A refusal decided inside a Write and answered after it (the Write commits nothing then).
using Refused = std::optional<api::ApiError>;
api::ApiError MakeError(int status, const std::string& code, const std::string& message,
                        const std::string& rule = "");
// Answers a Refused: status 404 as SendNotFound (its one body), others as SendError.
void SendRefused(Response& res, const api::ApiError& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading requests

// The body as a JSON object; false with a 400 (bad_json, or invalid_fields when it is not an
// object) written into res.
bool ReadJsonBody(const Request& req, Response& res, api::Json& out);
// The body's `field` as a positive id (0 for JSON null when nullable: "none"); false with a
// 400 naming the field written into res.
bool ReadBodyId(const Request& req, Response& res, const char* field, Id& out,
                bool nullable = false);
// The n-th capture of the route's pattern as a positive id; 0 when it is not one (the caller
// answers SendNotFound, as for any id that names nothing).
Id PathId(const Request& req, size_t n);
std::string PathText(const Request& req, size_t n);
// The language of the answer's sentences: French when Accept-Language prefers it.
Language RequestLanguage(const Request& req);
// The token of "Authorization: Bearer <token>" (the scheme in any case); "" when there is none.
std::string BearerToken(const Request& req);
// ?wait=<seconds> of a long poll: 0 when absent, at most max_seconds; false with a 400 naming
// `wait` written into res.
bool ReadWaitSeconds(const Request& req, Response& res, int max_seconds, int& out);

// ---------------------------------------------------------------------------------------------
// [SECTION] Context

struct ApiContext {
    const Config& config;
    Store& store;
    const Catalogue& catalogue;
    Auth& auth;
    Logger& logger;
    Clock clock;
    MailWorker* mail = nullptr;       // wakes the delivery worker after a commit; may be null
    TimeZones* time_zones = nullptr;  // rooms' IANA zones (time_zones.h); set by the Server
    StatusBoard* status = nullptr;    // live status versions and long polls (telemetry_store.h)
    HourCache* hours = nullptr;       // rooms' stored hourly roll-ups in memory (hour_cache.h)
    SecretBox* secrets = nullptr;     // seals stored secrets (security/secret_box.h)
    AlertWorker* alerts = nullptr;    // alert sweeps and deliveries (alerts/alert_worker.h)
    // OpenID Connect discovery, JWKS (cached) and code exchange (sso/oidc_client.h): one for
    // the server, shared by the SSO routes so that they share its key cache.
    sso::OidcClient* oidc = nullptr;
    // The server's memory of its telemetry tables (telemetry_store.h): partitions, purge lease.
    TelemetryTables* telemetry = nullptr;

    int64_t Now() const;          // Unix seconds
    Date Today() const;           // the engine's day (UTC)
    std::string NowText() const;  // 'YYYY-MM-DDTHH:MM:SSZ'

    // The signed-in caller, with the request it makes (Caller::reading, Caller::request);
    // false with 401 written when there is none.
    bool RequireCaller(const Request& req, Response& res, Caller& caller) const;
    // The caller may act on account_id with at least `need`: 401 when not signed in, 404 when
    // the account is not theirs to see (or does not exist), 403 when they only read it. The
    // vendor's support reads any account: see CheckAccount.
    bool RequireAccount(const Request& req, Response& res, Id account_id, Role need,
                        Caller& caller) const;
    // What an account keeps to its admins but lets the vendor's support read (the audit log,
    // invitations, delegations): Role::Admin for customers; an operator's read request is let
    // in read-only and audited as in CheckAccount, their other requests get 404 as before.
    bool RequireAdminRead(const Request& req, Response& res, Id account_id, Caller& caller) const;
    // An account's settings (agent tokens, kiosk links): its admins, and the vendor's operators
    // (who set things up with customers). An operator still gets 404 for an account that is
    // not, and their reads are audited as in CheckAccount; others as RequireAccount.
    bool RequireAdminOrOperator(const Request& req, Response& res, Id account_id,
                                Caller& caller) const;
    // The caller is an operator: 401 / 403 otherwise.
    bool RequireOperator(const Request& req, Response& res, Caller& caller) const;
    // The room of the path's first capture (room_id; 0 when it is no id), its account and the
    // caller's right to it with at least `need`, as RequireAccount: a missing room answers like
    // a foreign one.
    bool RequireRoom(const Request& req, Response& res, Role need, Caller& caller, Id& room_id,
                     Id& account_id) const;
    // The caller's role on an account they can see (the account exists for them); 404 / 403
    // as RequireAccount, when the account is already known.
    //
    // The vendor's support (issue 14): an operator with no role in the account, making a read
    // request (GET, HEAD) that needs Role::ReadOnly, is let in read-only for this request
    // (caller.accounts and caller.support_reads gain the account, so that what filters on
    // CanRead answers as for a read-only member) once the read is in the account's audit log
    // ("support.read", object: the request line); 404 when the account does not exist. Every
    // other request of an operator is refused as before.
    bool CheckAccount(Response& res, Caller& caller, Id account_id, Role need) const;

    // Logs what failed and answers SendFailure (the client never sees the details).
    void SendInternal(Response& res, const std::string& what) const;
    // Wakes the mail worker, if any: call after a commit that queued mail.
    void MailQueued() const;
};

// "room:12", the audit log's name of an object.
std::string ObjectName(const char* kind, Id id);

// Appends the audit entry of a change, in the transaction of w: who (user_id, 0 for the
// system) did action on object of account_id (0: none), now; before/after nullopt: did not
// exist / no longer exists.
bool Audit(Store::Writer& w, const ApiContext& ctx, Id account_id, Id user_id,
           const std::string& action, const std::string& object, std::optional<api::Json> before,
           std::optional<api::Json> after, std::string& error);

// Adds a route whose handler is a plain function of the context, the request and the answer.
using ApiHandler = void (*)(const ApiContext&, const Request&, Response&);
void AddApiRoute(Server& server, const ApiContext& ctx, const char* method, const char* pattern,
                 ApiHandler handler);

// Adds every route of the API's areas (each area's file) to server.
void RegisterAccountRoutes(Server& server, ApiContext& ctx);    // accounts_api.cpp
void RegisterRoomRoutes(Server& server, ApiContext& ctx);       // rooms_api.cpp
void RegisterOrderRoutes(Server& server, ApiContext& ctx);      // orders_api.cpp
void RegisterPeopleRoutes(Server& server, ApiContext& ctx);     // people_api.cpp
void RegisterMailRoutes(Server& server, ApiContext& ctx);       // mail_api.cpp
void RegisterTelemetryRoutes(Server& server, ApiContext& ctx);  // telemetry_api.cpp
void RegisterInsightsRoutes(Server& server, ApiContext& ctx);   // insights_api.cpp
void RegisterKioskRoutes(Server& server, ApiContext& ctx);      // kiosk_api.cpp
void RegisterAlertRoutes(Server& server, ApiContext& ctx);      // alerts/alerts_api.cpp
// support/accounts_search_api.cpp: GET /support/accounts, the support desk's account search.
void RegisterSupportAccountRoutes(Server& server, ApiContext& ctx);
// support/support_api.cpp: support tickets (issue 14); support/support_api.h lists the routes.
void RegisterSupportRoutes(Server& server, ApiContext& ctx);
// sso/sso_api.cpp: single sign-on's domains, connections and break-glass admins (issue 15).
void RegisterSsoRoutes(Server& server, ApiContext& ctx);
// sso/sso_signin.cpp: SSO sign-in (discover, start, callback, back-channel logout).
void RegisterSsoSignInRoutes(Server& server, ApiContext& ctx);
// home/home_api.cpp: the fleet's home (issue 16): an account's, a partner's, the operators'.
void RegisterHomeRoutes(Server& server, ApiContext& ctx);

}  // namespace portal::server

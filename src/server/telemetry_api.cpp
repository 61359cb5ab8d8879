// Telemetry: the tokens room agents send with, the batches they send, and the live status of an
// account's rooms and devices (long polling).
//
//   POST, GET  /api/v1/accounts/{id}/agent-tokens  admin (or operator); the token is shown once
//   DELETE     /api/v1/agent-tokens/{id}           admin (or operator)
//   POST       /api/v1/telemetry                   Authorization: Bearer <agent token>, only
//   GET        /api/v1/accounts/{id}/status        member; ?since=<version>&wait=<seconds>
//                                                  (operators too: audited, one line a
//                                                  minute however often they poll)
//
// An agent token authenticates POST /telemetry and nothing else: every other route reads the
// session cookie only, so a bearer token there is "not signed in" (401). POST /telemetry takes
// no cookie, so it needs no CSRF header; a batch sent again is recognised by its batchId.
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "api/telemetry_json.h"
#include "server/alerts/alert_worker.h"
#include "server/alerts/alerts_store.h"
#include "server/api_store.h"
#include "server/api_support.h"
#include "server/engine_actions.h"
#include "server/http_server.h"
#include "server/password.h"
#include "server/telemetry_store.h"
#include "server/text.h"

namespace portal::server {

namespace {

constexpr size_t kMaxTokenName = 120;
constexpr int kMaxWaitSeconds = 25;
constexpr const char* kTokenPrefix = "agt_";  // tells an agent token apart in configs and logs

api::Json AuditJson(const AgentTokenRecord& token) {
    // Never the token: the audit log is read by people who must not get to send telemetry.
    return api::AgentTokenToJson(ToAgentToken(token));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Agent tokens

void CreateAgentToken(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAdminOrOperator(req, res, account_id, caller)) return;
    AgentTokenRecord token;
    token.name = "Room agent";
    if (!text::Trim(req.body).empty()) {
        api::Json body;
        if (!ReadJsonBody(req, res, body)) return;
        std::vector<api::FieldError> errors;
        api::FieldReader reader(body, "", errors);
        std::string name;
        if (reader.String("name", name, false)) {
            name = text::Trim(name);
            if (name.empty() || name.size() > kMaxTokenName) {
                reader.Fail("name", "must be 1 to 120 characters");
            } else {
                token.name = name;
            }
        }
        if (!errors.empty()) return SendFieldErrors(res, errors);
    }
    token.account_id = account_id;
    token.created_by = caller.user_id;
    token.created_at = ctx.Now();
    std::string secret = kTokenPrefix + NewRandomToken();
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            return InsertAgentToken(w, token, Sha256Hex(secret), e) &&
                   Audit(w, ctx, account_id, caller.user_id, "agent_token.create",
                         ObjectName("agent-token", token.id), std::nullopt, AuditJson(token), e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "agent_token.create: " + error);
    telemetry::AgentToken shown = ToAgentToken(token);
    shown.token = secret;                         // the only time anyone sees it
    res.set_header("Cache-Control", "no-store");  // the token: neither cached nor replayed
    SendJson(res, 201, api::AgentTokenToJson(shown));
}

void ListAgentTokensRoute(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAdminOrOperator(req, res, account_id, caller)) return;
    std::vector<AgentTokenRecord> records;
    std::string error;
    if (!ctx.store.Read([&](Store::Writer& w,
                            std::string& e) { return ListAgentTokens(w, account_id, records, e); },
                        error)) {
        return ctx.SendInternal(res, "agent tokens: " + error);
    }
    std::vector<telemetry::AgentToken> tokens;
    for (const AgentTokenRecord& record : records) tokens.push_back(ToAgentToken(record));
    SendJson(res, 200, api::AgentTokensToJson(tokens));
}

void RevokeAgentTokenRoute(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireCaller(req, res, caller)) return;
    Id token_id = PathId(req, 1);
    AgentTokenRecord token;
    bool found = false;
    std::string error;
    if (token_id != 0 && !ctx.store.Read(
                             [&](Store::Writer& w, std::string& e) {
                                 return FindAgentToken(w, token_id, token, found, e);
                             },
                             error)) {
        return ctx.SendInternal(res, "agent token: " + error);
    }
    if (!found) return SendNotFound(res);
    if (!caller.operator_ && !ctx.CheckAccount(res, caller, token.account_id, Role::Admin)) return;
    Seconds now = ctx.Now();
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            AgentTokenRecord before;
            bool still = false;
            if (!FindAgentToken(w, token_id, before, still, e)) return false;
            if (!still || before.revoked_at) return true;  // revoked already: nothing changes
            AgentTokenRecord after = before;
            after.revoked_at = now;
            return RevokeAgentToken(w, token_id, now, e) &&
                   Audit(w, ctx, before.account_id, caller.user_id, "agent_token.revoke",
                         ObjectName("agent-token", token_id), AuditJson(before), AuditJson(after),
                         e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "agent_token.revoke: " + error);
    res.status = 204;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Ingest

void SendUnauthenticatedAgent(Response& res) {
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, 401, "unauthenticated", "Send a valid agent token: Authorization: Bearer ...");
}

// The agent token of a request; false with 401 written when there is none that works.
bool AuthenticateAgent(const ApiContext& ctx, const Request& req, Response& res,
                       AgentTokenRecord& token) {
    std::string secret = BearerToken(req);
    if (secret.empty()) {
        SendUnauthenticatedAgent(res);
        return false;
    }
    bool found = false;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return FindAgentTokenByHash(w, Sha256Hex(secret), token, found, e);
            },
            error)) {
        ctx.SendInternal(res, "agent token: " + error);
        return false;
    }
    if (!found || token.revoked_at) {
        SendUnauthenticatedAgent(res);
        return false;
    }
    return true;
}

void SendTooLarge(Response& res, const std::string& field, const std::string& message) {
    api::ApiError error;
    error.status = 413;
    error.code = "payload_too_large";
    error.message = message;
    error.fields.push_back({field, message});
    SendError(res, error);
}

// The rooms whose status a batch can change: those its events name, and those of its devices.
std::vector<Id> TouchedRooms(const telemetry::Batch& batch,
                             const std::map<std::string, Id>& device_rooms) {
    std::set<Id> rooms;
    for (const telemetry::Event& event : batch.events) {
        if (event.type == telemetry::EventType::Device) {
            auto found = device_rooms.find(event.serial);
            if (found != device_rooms.end() && found->second != 0) rooms.insert(found->second);
        } else if (event.room_id != 0) {
            rooms.insert(event.room_id);
        }
    }
    return {rooms.begin(), rooms.end()};
}

void PostTelemetry(const ApiContext& ctx, const Request& req, Response& res) {
    AgentTokenRecord token;
    if (!AuthenticateAgent(ctx, req, res, token)) return;
    if (req.body.size() > telemetry::kMaxBodyBytes) {
        return SendTooLarge(res, "", "A batch is at most 1 MiB");
    }
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    if (body.contains("events") && body["events"].is_array() &&
        body["events"].size() > telemetry::kMaxEvents) {
        return SendTooLarge(
            res, "events",
            "A batch holds at most " + std::to_string(telemetry::kMaxEvents) + " events");
    }
    telemetry::Batch batch;
    std::vector<api::FieldError> fields;
    if (!api::BatchFromJson(body, batch, fields)) return SendFieldErrors(res, fields);

    Seconds now = ctx.Now();
    Seconds retention = int64_t{ctx.config.telemetry_retention_days} * 86400;
    // The batch as understood, not its bytes: an agent that re-serialises a batch it sends again
    // (other key order, spacing, number spelling) is replaying it, not sending another one.
    // BatchToJson's objects keep their keys sorted, so one batch has one text.
    std::string body_hash = Sha256Hex(api::BatchToJson(batch).dump());
    BatchClaim claim = BatchClaim::New;
    int accepted = static_cast<int>(batch.events.size());
    std::vector<telemetry::Problem> problems;
    bool status_changed = false;
    EvaluationOutcome alerts;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            if (!ClaimBatch(w, token.account_id, batch.batch_id, body_hash, accepted, now, claim,
                            accepted, e)) {
                return false;
            }
            if (claim != BatchClaim::New) return true;
            telemetry::AccountScope scope;
            std::map<std::string, Id> device_rooms;
            if (!LoadAccountScope(w, token.account_id, scope, device_rooms, e)) return false;
            problems = telemetry::CheckBatch(batch, scope, now, retention);
            if (!problems.empty()) return false;  // nothing stored, the claim included
            if (!StoreBatch(w, token.account_id, batch, device_rooms, now, *ctx.telemetry,
                            status_changed, e) ||
                !TouchAgentToken(w, token.id, now, e)) {
                return false;
            }
            // The rooms the batch speaks of are evaluated now, in its transaction: an alert's
            // change and its deliveries commit with the telemetry that caused them.
            std::vector<Id> rooms = TouchedRooms(batch, device_rooms);
            if (rooms.empty()) return true;
            // An evaluation that fails must not cost the agent its telemetry: it is undone on
            // its own, and the worker's next sweep (within a tick) evaluates the rooms again.
            if (!w.db().Exec("SAVEPOINT alerts_evaluation")) return false;
            std::string alert_error;
            if (EvaluateAlerts(w, ctx.catalogue, token.account_id, &rooms, now, alerts,
                               alert_error)) {
                return w.db().Exec("RELEASE alerts_evaluation");
            }
            ctx.logger.Warn("alerts: evaluating a batch of account " +
                            std::to_string(token.account_id) + ": " + alert_error);
            alerts = EvaluationOutcome{};
            return w.db().Exec("ROLLBACK TO alerts_evaluation") &&
                   w.db().Exec("RELEASE alerts_evaluation");
        },
        error);
    if (!problems.empty()) {
        api::ApiError refused;
        refused.status = 422;
        refused.code = "invalid_telemetry";
        refused.message = "The batch breaks a rule, nothing was stored: " + problems[0].field +
                          " " + problems[0].message;
        for (const telemetry::Problem& problem : problems) {
            if (refused.fields.size() >= 100) break;
            refused.fields.push_back({problem.field, problem.message});
        }
        return SendError(res, refused);
    }
    if (!ok) return ctx.SendInternal(res, "telemetry: " + error);
    if (claim == BatchClaim::Conflict) {
        api::ApiError conflict;
        conflict.status = 409;
        conflict.code = "batch_conflict";
        conflict.message = "This batchId was sent before with other events";
        conflict.fields.push_back({"batchId", conflict.message});
        return SendError(res, conflict);
    }
    if (status_changed || alerts.changed) ctx.status->Changed(token.account_id);
    if (alerts.deliveries > 0 && ctx.alerts) ctx.alerts->Wake();

    // Each server looks once an hour; of those sharing the database, the one holding the lease
    // purges.
    if (ctx.status->PurgeDue(now)) {
        std::string purge_error;
        bool purged = false;
        if (!ctx.store.Write(
                [&](Store::Writer& w, std::string& e) {
                    return PurgeRawTelemetry(w, *ctx.telemetry, now, now - retention, purged, e);
                },
                purge_error)) {
            ctx.logger.Warn("telemetry purge: " + purge_error);
        }
    }
    SendJson(res, 200,
             {{"batchId", batch.batch_id},
              {"accepted", accepted},
              {"duplicate", claim == BatchClaim::Duplicate}});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Status

void GetStatus(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    int wait = 0;
    if (!ReadWaitSeconds(req, res, kMaxWaitSeconds, wait)) return;
    if (req.has_param("since") && wait > 0) {
        ctx.status->WaitWhileCurrent(account_id, req.get_param_value("since"),
                                     std::chrono::seconds(wait));
    }
    // The version is read before the rows: a change made meanwhile moves it past what the
    // client gets, so that its next poll answers at once instead of missing the change.
    telemetry::StatusDocument status;
    status.version = ctx.status->Version(account_id);
    status.at = ctx.Now();
    State state;
    if (!LoadAccount(ctx, res, account_id, state)) return;
    std::vector<RoomEntitlements> entitlements =
        EntitlementsOfRooms(state, ctx.catalogue, ctx.Today());
    std::map<Id, bool> insights;
    for (size_t i = 0; i < state.rooms.size(); ++i) {
        insights[state.rooms[i].id] = entitlements[i].insights;
    }
    std::vector<RoomStatusRow> rooms;
    std::vector<DeviceStatusRow> devices;
    std::vector<RoomAlertCount> alert_counts;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return LoadStatusRows(w, account_id, status.at, rooms, devices, e) &&
                       CountFiringAlerts(w, account_id, alert_counts, e);
            },
            error)) {
        return ctx.SendInternal(res, "status: " + error);
    }
    for (const DeviceStatusRow& row : devices) {
        telemetry::DeviceStatus device;
        device.serial = row.serial;
        device.room_id = row.room_id;
        device.status = !row.online   ? telemetry::DeviceState::Unknown
                        : *row.online ? telemetry::DeviceState::Online
                                      : telemetry::DeviceState::Offline;
        device.at = row.at;
        device.firmware = row.firmware;
        status.devices.push_back(std::move(device));
    }
    // The rooms' state is LiveRoomStatuses' (the fleet's home counts with it too).
    for (telemetry::RoomStatus& room : LiveRoomStatuses(rooms, devices, insights)) {
        auto alerts =
            std::lower_bound(alert_counts.begin(), alert_counts.end(), room.room_id,
                             [](const RoomAlertCount& count, Id id) { return count.room_id < id; });
        if (alerts != alert_counts.end() && alerts->room_id == room.room_id) {
            room.alerts_firing = alerts->firing;
            room.alert_severity = alerts->worst_severity;
        }
        status.rooms.push_back(room);
    }
    SendJson(res, 200, api::StatusToJson(status));
}

}  // namespace

void RegisterTelemetryRoutes(Server& server, ApiContext& ctx) {
    auto route = [&](const char* method, const char* pattern, ApiHandler handler) {
        AddApiRoute(server, ctx, method, pattern, handler);
    };
    route("POST", "/api/v1/accounts/([0-9]+)/agent-tokens", CreateAgentToken);
    route("GET", "/api/v1/accounts/([0-9]+)/agent-tokens", ListAgentTokensRoute);
    route("DELETE", "/api/v1/agent-tokens/([0-9]+)", RevokeAgentTokenRoute);
    // This exact pattern is what the server exempts from CSRF checks and Idempotency-Key
    // replays (see http_server.cpp): agents send no cookie.
    route("POST", "/api/v1/telemetry", PostTelemetry);
    route("GET", "/api/v1/accounts/([0-9]+)/status", GetStatus);
}

}  // namespace portal::server

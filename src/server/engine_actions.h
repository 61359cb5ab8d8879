// Read-plan-write for the API: an engine Action planned on the account's state as it is inside
// one write transaction, recorded with its audit entry, or answered with the engine's refusal.
// Nothing else writes in between (Store::Write), so two requests racing for the last license
// of a contract are planned one after the other: one wins, the other hears R-ROOM-1's sentence.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "core/engine.h"
#include "server/api_support.h"
#include "server/store.h"

namespace portal::server {

struct Performed {
    Change change;  // with the ids the database gave its new assignments
    State after;    // the account's state once the change is applied
};

// What an action touches that the caller must be able to see: ids in the request body that
// name a contract or a room (of any account of the parent entity in `state`). A foreign one
// answers like a missing one, before the engine could say anything about it.
using VisibilityCheck = std::function<bool(const State& state)>;

// Plans `action` for account_id (the caller may administer it: checked by the handler) and
// records it with an audit entry (audit_action on object, before/after from the change). On
// false the answer (404, 409 with the rule, or 500) is written into res.
bool PerformAction(const ApiContext& ctx, const Request& req, Response& res, const Caller& caller,
                   Id account_id, const Action& action, const std::string& audit_action,
                   const std::string& object, const VisibilityCheck& visible, Performed& out);

// Plans `action` as PerformAction would, without writing anything: true when the engine would
// accept it; otherwise false with the same answer PerformAction would give written into res.
// For checks of the caller's own input that must come before anything that looks beyond the
// account (R-ROOM-3: who holds a serial).
bool CheckAction(const ApiContext& ctx, const Request& req, Response& res, Id account_id,
                 const Action& action, const VisibilityCheck& visible);

// The account's own state (its rooms, devices, orders, contracts, assignments) for reads;
// false with 500 written into res when the store fails.
// with_orders: the account's orders too (Service Orders); rooms and devices need none.
bool LoadAccount(const ApiContext& ctx, Response& res, Id account_id, State& out,
                 bool with_orders = false);

}  // namespace portal::server

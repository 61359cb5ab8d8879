// Engine actions inside one write transaction, with their audit entries.
#include "server/engine_actions.h"

#include <optional>

#include "api/model_json.h"

namespace portal::server {

namespace {

// What a change did, for the audit log: released licenses before, new ones and moves after.
void DescribeChange(const State& before, const Change& change, std::optional<api::Json>& was,
                    std::optional<api::Json>& is) {
    api::Json old_rows = api::Json::array();
    for (const Release& release : change.releases) {
        for (const Assignment& assignment : before.assignments) {
            if (assignment.id == release.assignment_id) {
                old_rows.push_back(api::AssignmentToJson(assignment));
            }
        }
    }
    for (const DevicePlacement& move : change.device_moves) {
        if (const Device* device = before.FindDevice(move.serial)) {
            old_rows.push_back(api::DeviceToJson(*device));
        }
    }
    api::Json new_rows = api::Json::array();
    for (const Assignment& assignment : change.new_assignments) {
        new_rows.push_back(api::AssignmentToJson(assignment));
    }
    for (const Device& device : change.new_devices) new_rows.push_back(api::DeviceToJson(device));
    for (const DevicePlacement& move : change.device_moves) {
        new_rows.push_back(
            {{"serial", move.serial},
             {"roomId", move.room_id == 0 ? api::Json(nullptr) : api::Json(move.room_id)}});
    }
    for (Id order_id : change.cancelled_orders) {
        new_rows.push_back({{"orderId", order_id}, {"status", "cancelled"}});
    }
    if (!old_rows.empty()) was = old_rows;
    if (!new_rows.empty()) is = new_rows;
}

// What the engine reads to plan an action: its rooms, contract and device.
Store::ActionScope ScopeOf(const Action& action) {
    Store::ActionScope scope;
    scope.rooms = {action.room_id, action.to_room_id};
    scope.contracts = {action.contract_id};
    if (!action.serial.empty()) scope.serials = {action.serial};
    return scope;
}

// Why an action was not planned: a room or contract the caller may not see, or the engine's
// refusal. Neither: the store failed.
struct Unplanned {
    bool hidden = false;
    std::optional<Refusal> refusal;
};

// Loads what `action` touches into state and plans it; false with `why` set when it is not
// planned, and with e set when the store failed.
bool LoadAndPlan(const ApiContext& ctx, Store::Writer& w, Id account_id, const Action& action,
                 const VisibilityCheck& visible, State& state, Change& change, Unplanned& why,
                 std::string& e) {
    if (!w.LoadActionState(account_id, ScopeOf(action), state, e)) return false;
    if (visible && !visible(state)) {
        why.hidden = true;
        return false;
    }
    Outcome<Change> planned = Plan(state, ctx.catalogue, action, ctx.Today());
    if (!planned.ok()) {
        why.refusal = planned.refusal;
        return false;
    }
    change = std::move(planned.value);
    return true;
}

// The answer to an action that was not planned (404, 409 with the rule) or failed (500).
void SendUnplanned(const ApiContext& ctx, const Request& req, Response& res, const Unplanned& why,
                   const std::string& what, const std::string& error) {
    if (why.hidden) {
        SendNotFound(res);
    } else if (why.refusal) {
        SendRefusal(res, *why.refusal, RequestLanguage(req));
    } else {
        ctx.SendInternal(res, what + ": " + error);
    }
}

}  // namespace

bool PerformAction(const ApiContext& ctx, const Request& req, Response& res, const Caller& caller,
                   Id account_id, const Action& action, const std::string& audit_action,
                   const std::string& object, const VisibilityCheck& visible, Performed& out) {
    Unplanned why;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            State state;
            Change change;
            if (!LoadAndPlan(ctx, w, account_id, action, visible, state, change, why, e)) {
                return false;
            }
            std::vector<Id> ids;
            if (!w.ApplyChange(change, ids, e)) return false;
            for (size_t i = 0; i < ids.size() && i < change.new_assignments.size(); ++i) {
                change.new_assignments[i].id = ids[i];
            }
            std::optional<api::Json> before, after;
            DescribeChange(state, change, before, after);
            if (!Audit(w, ctx, account_id, caller.user_id, audit_action, object, before, after,
                       e)) {
                return false;
            }
            Apply(state, change);
            out.change = std::move(change);
            out.after = std::move(state);
            return true;
        },
        error);
    if (!ok) SendUnplanned(ctx, req, res, why, audit_action, error);
    return ok;
}

bool CheckAction(const ApiContext& ctx, const Request& req, Response& res, Id account_id,
                 const Action& action, const VisibilityCheck& visible) {
    Unplanned why;
    bool planned = false;
    std::string error;
    bool ok = ctx.store.Read(
        [&](Store::Writer& w, std::string& e) {
            State state;
            Change change;
            planned = LoadAndPlan(ctx, w, account_id, action, visible, state, change, why, e);
            return planned || why.hidden || why.refusal;
        },
        error);
    if (!ok || !planned) SendUnplanned(ctx, req, res, why, "plan", error);
    return ok && planned;
}

bool LoadAccount(const ApiContext& ctx, Response& res, Id account_id, State& out,
                 bool with_orders) {
    std::string error;
    if (ctx.store.LoadAccountOnly(account_id, out, error, with_orders)) return true;
    ctx.SendInternal(res, "cannot load account " + std::to_string(account_id) + ": " + error);
    return false;
}

}  // namespace portal::server

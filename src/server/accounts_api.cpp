// Accounts and what the account's team reads about them.
//
//   GET /api/v1/accounts                    signed in: the accounts the caller can see
//   GET /api/v1/accounts/{id}               member
//   GET /api/v1/accounts/{id}/contracts     member: Service Orders (R-TERM-3, R-TERM-4)
//   GET /api/v1/accounts/{id}/spares        member: spares pools of the parent entity (R-SPARE-1)
//   GET /api/v1/accounts/{id}/state         member: the account's rows, for the browser's engine
//   GET /api/v1/accounts/{id}/audit         admin: who changed what, when, before and after
//
// The vendor's operators read each of them too, read-only and audited ("support.read", see
// ApiContext::CheckAccount).
#include <httplib.h>

#include <algorithm>

#include "api/model_json.h"
#include "api/state_json.h"
#include "server/api_store.h"
#include "server/api_support.h"
#include "server/audit_store.h"
#include "server/engine_actions.h"
#include "server/home/home_store.h"
#include "server/http_server.h"

namespace portal::server {

namespace {

// How an account stands, in one line of numbers: what a partner's account switcher shows. The
// fleet's home figures (home_store.h), so that both say the same.
api::Json AccountHealth(const ApiContext& ctx, const State& state, Id account_id) {
    HomeFigures figures;
    EngineFigures(state, ctx.catalogue, account_id, ctx.Today(), figures);
    return {{"rooms", figures.rooms},
            {"licensesFree", figures.licenses_free},
            {"contractsEndingSoon", figures.contracts_ending_soon}};
}

api::Json AccountJson(const AccountRow& row, const Caller& caller) {
    auto role = caller.accounts.find(row.account.id);
    api::Json json = {
        {"id", row.account.id},
        {"name", row.account.name},
        {"kind", AccountKindId(row.account.kind)},
        {"country", row.account.country},
        {"city", row.account.city},
        {"parentEntityId", row.account.parent_entity_id},
        {"parentEntityName", row.parent_entity_name},
        {"role", role == caller.accounts.end() ? "readonly" : RoleText(role->second)}};
    // The vendor's support reading the account: the portal shows it read-only, with a banner.
    if (caller.SupportReads(row.account.id)) json["support"] = true;
    return json;
}

void ListAccountsRoute(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireCaller(req, res, caller)) return;
    std::vector<Id> ids;
    for (const auto& [id, role] : caller.accounts) ids.push_back(id);
    std::vector<AccountRow> rows;
    std::string error;
    if (!ListAccounts(ctx.store, ids, rows, error)) {
        return ctx.SendInternal(res, "accounts: " + error);
    }
    bool with_health = req.get_param_value("health") == "1";
    api::Json accounts = api::Json::array();
    for (const AccountRow& row : rows) {
        api::Json json = AccountJson(row, caller);
        State state;
        if (with_health) {
            if (!LoadAccount(ctx, res, row.account.id, state)) return;
            json["health"] = AccountHealth(ctx, state, row.account.id);
        }
        accounts.push_back(json);
    }
    SendJson(res, 200, {{"accounts", accounts}});
}

void GetAccount(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    std::vector<AccountRow> rows;
    std::string error;
    if (!ListAccounts(ctx.store, {account_id}, rows, error)) {
        return ctx.SendInternal(res, "account: " + error);
    }
    if (rows.empty()) return SendNotFound(res);
    State state;
    if (!LoadAccount(ctx, res, account_id, state)) return;
    api::Json json = AccountJson(rows[0], caller);
    json["health"] = AccountHealth(ctx, state, account_id);
    SendJson(res, 200, {{"account", json}});
}

void ListContracts(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    State state;
    if (!LoadAccount(ctx, res, account_id, state, /*with_orders=*/true)) return;
    Date today = ctx.Today();
    api::Json contracts = api::Json::array();
    for (const Contract& contract : state.contracts) {
        if (contract.account_id != account_id) continue;
        api::Json json =
            api::ContractToJson(contract, ViewContract(state, ctx.catalogue, contract, today));
        if (const Order* order = state.FindOrder(contract.order_id)) {
            json["purchaseDate"] = FormatDate(order->purchase_date);
            json["termYears"] = contract.term_years;
            // R-ORD-7: the last day the order can be cancelled, for the Cancel button.
            json["cancellableUntil"] = FormatDate(CancellationDeadline(ctx.catalogue, *order));
        }
        contracts.push_back(json);
    }
    SendJson(res, 200, {{"contracts", contracts}});
}

// The account's own state for the browser's engine (api/state_json.h): it plans actions as
// the server will, before sending them. Licenses held now only: planning needs no history.
void GetState(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    State state;
    if (!LoadAccount(ctx, res, account_id, state)) return;
    std::erase_if(state.assignments, [](const Assignment& a) { return !a.held(); });
    SendJson(res, 200, api::StateToJson(state));
}

void GetSpares(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    // R-SPARE-1 counts the whole parent entity: all of its accounts are read.
    State state;
    std::string error;
    if (!ctx.store.LoadAccountState(account_id, state, error)) {
        return ctx.SendInternal(res, "spares: " + error);
    }
    const Account* account = state.FindAccount(account_id);
    if (!account) return SendNotFound(res);
    // R-SPARE-1 counts every account of the parent entity, whoever of them the caller sees:
    // the pools are the customer's, and only totals leave the server.
    SparesSummary spares = SparesOf(state, ctx.catalogue, account->parent_entity_id);
    api::Json json = api::SparesToJson(spares);
    SpareCandidates candidates = SpareCandidatesOf(state, ctx.catalogue, account->parent_entity_id);
    api::Json products = api::Json::array();
    for (const SpareProduct& product : candidates.products) {
        products.push_back({{"product", product.product}, {"deployed", product.deployed}});
    }
    json["candidateProducts"] = products;
    SendJson(res, 200, json);
}

void GetAudit(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAdminRead(req, res, account_id, caller)) return;
    int limit = 100;
    Id before = 0;
    std::vector<api::FieldError> errors;
    std::string limit_text = req.get_param_value("limit");
    std::string before_text = req.get_param_value("before");
    // One object's history ("room:12"), as the room detail shows it.
    std::string object = req.get_param_value("object");
    if (object.size() > 200) errors.push_back({"object", "is too long"});
    auto number = [](const std::string& text, long long& out) {
        if (text.empty() || text.size() > 18) return false;
        out = 0;
        for (char c : text) {
            if (c < '0' || c > '9') return false;
            out = out * 10 + (c - '0');
        }
        return true;
    };
    long long value = 0;
    if (!limit_text.empty()) {
        if (number(limit_text, value) && value >= 1 && value <= 1000) {
            limit = static_cast<int>(value);
        } else {
            errors.push_back({"limit", "must be a number 1-1000"});
        }
    }
    if (!before_text.empty()) {
        if (number(before_text, value)) {
            before = value;
        } else {
            errors.push_back({"before", "must be an entry id"});
        }
    }
    if (!errors.empty()) return SendFieldErrors(res, errors);
    std::vector<AuditEntry> entries;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return ListAudit(w, account_id, before, limit, object, entries, e);
            },
            error)) {
        return ctx.SendInternal(res, "audit: " + error);
    }
    api::Json list = api::Json::array();
    for (const AuditEntry& entry : entries) list.push_back(AuditEntryToJson(entry));
    api::Json next = static_cast<int>(entries.size()) == limit && !entries.empty()
                         ? api::Json(entries.back().id)
                         : api::Json(nullptr);
    SendJson(res, 200, {{"entries", list}, {"next", next}});
}

}  // namespace

void RegisterAccountRoutes(Server& server, ApiContext& ctx) {
    auto route = [&](const char* method, const char* pattern, ApiHandler handler) {
        AddApiRoute(server, ctx, method, pattern, handler);
    };
    route("GET", "/api/v1/accounts", ListAccountsRoute);
    route("GET", R"(/api/v1/accounts/([^/]+))", GetAccount);
    route("GET", R"(/api/v1/accounts/([^/]+)/contracts)", ListContracts);
    route("GET", R"(/api/v1/accounts/([^/]+)/spares)", GetSpares);
    route("GET", R"(/api/v1/accounts/([^/]+)/state)", GetState);
    route("GET", R"(/api/v1/accounts/([^/]+)/audit)", GetAudit);
}

}  // namespace portal::server

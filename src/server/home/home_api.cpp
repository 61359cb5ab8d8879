// The fleet's home (issue 16): what the Overview opens with.
//
//   GET  /api/v1/accounts/{id}/home                       member, delegated partner; operator
//                                                         (support read, audited)
//   GET  /api/v1/home                                     signed in: a row per account it opens
//   GET  /api/v1/operator/home                            operator: the desk's waiting work
//   POST /api/v1/accounts/{id}/getting-started/dismiss    admin: hides the Getting started list
//
// The figures are home_store.h's: each is the one of the page it links to (rooms, alerts,
// support, Service Orders, devices, intake, support queue, people).
#include <httplib.h>

#include <algorithm>
#include <limits>

#include "api/model_json.h"
#include "core/engine.h"
#include "core/telemetry.h"
#include "server/api_store.h"
#include "server/api_support.h"
#include "server/home/home_store.h"
#include "server/http_server.h"
#include "server/support/support_api.h"
#include "server/support/support_store.h"

namespace portal::server {

namespace {

constexpr int kOperatorListLimit = 10;
constexpr int kQueueScanLimit = 100000;  // as the support queue reads

api::Json LicensesJson(const HomeFigures& figures) {
    api::Json licenses = api::Json::array();
    for (const ProgramLicenses& program : figures.licenses) {
        licenses.push_back({{"program", program.program},
                            {"free", program.free},
                            {"assigned", program.assigned},
                            {"total", program.total}});
    }
    return licenses;
}

api::Json ContractsJson(const HomeFigures& figures) {
    return {{"startingSoon", figures.contracts_starting_soon},
            {"endingSoon", figures.contracts_ending_soon},
            {"cancellable", figures.contracts_cancellable}};
}

// The Getting started checklist: its steps in their contract order, and whether it shows.
api::Json GettingStartedJson(const HomeFigures& figures, const ChecklistFacts& facts) {
    const std::pair<const char*, bool> steps[] = {
        {"rooms", figures.rooms > 0},
        {"devices", figures.devices_placed > 0},
        {"licenses", figures.license_assigned},
        {"people", facts.members > 1 || facts.invited},
        {"agents", facts.agents},
        {"alerts", facts.alert_rule},
        {"sso", facts.sso},
    };
    api::Json list = api::Json::array();
    bool all_done = true;
    for (const auto& [id, done] : steps) {
        list.push_back({{"id", id}, {"done", done}});
        all_done = all_done && done;
    }
    return {{"show", facts.getting_started == "open" && !all_done}, {"steps", list}};
}

void GetAccountHome(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    std::vector<AccountRow> accounts;
    std::vector<HomeFigures> figures;
    ChecklistFacts facts;
    std::string error;
    if (!ListAccounts(ctx.store, {account_id}, accounts, error) ||
        !LoadHomeFigures(ctx, {account_id}, figures, error) ||
        !LoadChecklistFacts(ctx.store, account_id, false, facts, error)) {
        return ctx.SendInternal(res, "home: " + error);
    }
    if (accounts.empty() || figures.empty()) return SendNotFound(res);
    const HomeFigures& home = figures[0];
    // A new account (no room, or no license assigned yet) gets the checklist, once: an
    // established one (rooms with licenses) never does. Only where nothing was decided yet.
    if (facts.getting_started.empty() && (home.rooms == 0 || !home.license_assigned) &&
        !LoadChecklistFacts(ctx.store, account_id, true, facts, error)) {
        return ctx.SendInternal(res, "home: " + error);
    }
    SendJson(
        res, 200,
        {{"accountId", account_id},
         {"name", accounts[0].account.name},
         {"asOf", ctx.NowText()},
         {"rooms",
          {{"total", home.rooms},
           {"licensed", home.licensed},
           {"unlicensed", home.rooms - home.licensed},
           {"offline", home.offline},
           {"inMeeting", home.in_meeting}}},
         {"alerts", {{"firing", home.alerts_firing}}},
         {"tickets", {{"open", home.tickets_open}, {"breached", home.tickets_breached}}},
         {"licenses", LicensesJson(home)},
         {"contracts", ContractsJson(home)},
         {"devices", {{"total", home.devices}, {"warrantyEndingSoon", home.warranty_ending_soon}}},
         {"gettingStarted", GettingStartedJson(home, facts)}});
}

// What needs someone's eyes first: firing alerts, breached tickets, offline rooms.
int Attention(const HomeFigures& figures) {
    return figures.alerts_firing + figures.tickets_breached + figures.offline;
}

void GetHome(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireCaller(req, res, caller)) return;
    std::vector<AccountVia> via;
    std::string error;
    if (!LoadAccountsVia(ctx.store, caller.user_id, via, error)) {
        return ctx.SendInternal(res, "home: " + error);
    }
    // What the caller can open now (Caller::accounts: memberships and delegations).
    std::erase_if(via, [&](const AccountVia& row) { return !caller.CanRead(row.account_id); });
    std::vector<Id> ids;
    for (const AccountVia& row : via) ids.push_back(row.account_id);
    std::vector<AccountRow> accounts;
    std::vector<HomeFigures> figures;
    if (!ListAccounts(ctx.store, ids, accounts, error) ||
        !LoadHomeFigures(ctx, ids, figures, error)) {
        return ctx.SendInternal(res, "home: " + error);
    }
    std::map<Id, const AccountRow*> account_of;
    for (const AccountRow& row : accounts) account_of[row.account.id] = &row;
    std::map<Id, const AccountVia*> via_of;
    for (const AccountVia& row : via) via_of[row.account_id] = &row;
    std::vector<const HomeFigures*> order;
    for (const HomeFigures& row : figures) {
        if (account_of.count(row.account_id)) order.push_back(&row);
    }
    // Worst first: attention, then contracts ending soon, then the name.
    std::sort(order.begin(), order.end(), [&](const HomeFigures* a, const HomeFigures* b) {
        if (Attention(*a) != Attention(*b)) return Attention(*a) > Attention(*b);
        if (a->contracts_ending_soon != b->contracts_ending_soon) {
            return a->contracts_ending_soon > b->contracts_ending_soon;
        }
        const std::string& name_a = account_of[a->account_id]->account.name;
        const std::string& name_b = account_of[b->account_id]->account.name;
        if (name_a != name_b) return name_a < name_b;
        return a->account_id < b->account_id;
    });
    api::Json rows = api::Json::array();
    for (const HomeFigures* home : order) {
        const AccountRow& account = *account_of[home->account_id];
        const AccountVia& from = *via_of[home->account_id];
        auto role = caller.accounts.find(home->account_id);
        api::Json row = {
            {"accountId", home->account_id},
            {"name", account.account.name},
            {"parentName", account.parent_entity_name},
            {"role", RoleText(role->second)},
            {"via", from.partner ? "partner" : "member"},
            {"rooms",
             {{"total", home->rooms}, {"licensed", home->licensed}, {"offline", home->offline}}},
            {"alerts", {{"firing", home->alerts_firing}}},
            {"tickets", {{"open", home->tickets_open}, {"breached", home->tickets_breached}}},
            {"licensesFree", home->licenses_free},
            {"contracts", ContractsJson(*home)},
            {"devices", {{"warrantyEndingSoon", home->warranty_ending_soon}}},
            {"attention", Attention(*home)}};
        if (from.partner) row["partnerName"] = from.partner_name;
        rows.push_back(std::move(row));
    }
    SendJson(res, 200, {{"accounts", rows}});
}

// A ticket's most urgent due time still running, as the support queue sorts by.
telemetry::Seconds UrgentDue(const TicketRecord& ticket, const support::DueTimes& due) {
    telemetry::Seconds at = due.resolution_due;
    if (!ticket.first_responded_at) at = std::min(at, due.first_response_due);
    return at;
}

void GetOperatorHome(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireOperator(req, res, caller)) return;
    Language language = RequestLanguage(req);
    // Unmatched orders as the intake lists them (GET /orders?status=unmatched, R-ORD-4), oldest
    // first: the reason is asked again, as a customer may have been added since.
    State state;
    std::string error;
    if (!ctx.store.LoadState(state, error)) return ctx.SendInternal(res, "home: " + error);
    int unmatched = 0;
    api::Json orders = api::Json::array();
    for (const Order& order : state.orders) {
        if (order.status != OrderStatus::Unmatched) continue;
        if (++unmatched > kOperatorListLimit) continue;
        api::Json json = api::OrderToJson(order, CancellationDeadline(ctx.catalogue, order));
        json["reason"] = MatchOrder(state, order).reason.In(language);
        orders.push_back(std::move(json));
    }
    // Open critical tickets, most urgent first (breached, then the earliest due time).
    std::vector<TicketListRow> rows;
    int pending_count = 0;
    std::vector<PendingInvitation> invitations;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                TicketQuery query;
                query.status = "open";
                query.severity = "critical";
                query.limit = kQueueScanLimit;
                return ListTicketRows(w, query, true, rows, e);
            },
            error) ||
        !LoadPendingInvitations(ctx.store, ctx.Now(), kOperatorListLimit, pending_count,
                                invitations, error)) {
        return ctx.SendInternal(res, "home: " + error);
    }
    struct Urgent {
        const TicketRecord* ticket;
        support::DueTimes due;
        telemetry::Seconds at;
    };
    std::vector<Urgent> urgent;
    for (const TicketListRow& row : rows) {
        support::DueTimes due = TicketDueTimes(ctx, row.ticket, row.changes);
        urgent.push_back({&row.ticket, due, UrgentDue(row.ticket, due)});
    }
    std::stable_sort(urgent.begin(), urgent.end(), [](const Urgent& a, const Urgent& b) {
        if (a.due.breached() != b.due.breached()) return a.due.breached();
        if (a.at != b.at) return a.at < b.at;
        return a.ticket->id > b.ticket->id;
    });
    api::Json tickets = api::Json::array();
    for (size_t i = 0; i < urgent.size() && i < static_cast<size_t>(kOperatorListLimit); ++i) {
        const TicketRecord& ticket = *urgent[i].ticket;
        tickets.push_back({{"id", ticket.id},
                           {"number", ticket.number},
                           {"accountId", ticket.account_id},
                           {"accountName", ticket.account_name},
                           {"subject", ticket.subject},
                           {"status", ticket.status},
                           {"dueAt", telemetry::FormatUtcTime(urgent[i].at)},
                           {"breached", urgent[i].due.breached()}});
    }
    api::Json invitation_list = api::Json::array();
    for (const PendingInvitation& invitation : invitations) {
        invitation_list.push_back(
            {{"id", invitation.id},
             {"accountId", invitation.account_id ? api::Json(invitation.account_id) : nullptr},
             {"accountName", invitation.name},
             {"email", invitation.email},
             {"createdAt", telemetry::FormatUtcTime(invitation.created_at)},
             {"expiresAt", telemetry::FormatUtcTime(invitation.expires_at)}});
    }
    SendJson(res, 200,
             {{"unmatchedOrders", unmatched},
              {"criticalTickets", static_cast<int>(urgent.size())},
              {"pendingInvitations", pending_count},
              {"orders", orders},
              {"tickets", tickets},
              {"invitations", invitation_list}});
}

void DismissGettingStarted(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            std::string before;
            if (!DismissChecklist(w, account_id, before, e)) return false;
            api::Json was = before.empty() ? api::Json(nullptr) : api::Json(before);
            return Audit(w, ctx, account_id, caller.user_id, "account.getting_started.dismissed",
                         ObjectName("account", account_id), api::Json{{"gettingStarted", was}},
                         api::Json{{"gettingStarted", "dismissed"}}, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "getting_started.dismiss: " + error);
    res.status = 204;
}

}  // namespace

void RegisterHomeRoutes(Server& server, ApiContext& ctx) {
    auto route = [&](const char* method, const char* pattern, ApiHandler handler) {
        AddApiRoute(server, ctx, method, pattern, handler);
    };
    route("GET", "/api/v1/accounts/([0-9]+)/home", GetAccountHome);
    route("GET", "/api/v1/home", GetHome);
    route("GET", "/api/v1/operator/home", GetOperatorHome);
    route("POST", "/api/v1/accounts/([0-9]+)/getting-started/dismiss", DismissGettingStarted);
}

}  // namespace portal::server

// Orders: intake by the vendor's operators, the unmatched list, cancellation.
//
//   POST /api/v1/orders                 operator: order intake (R-ORD-1..5)
//   GET  /api/v1/orders?status=...      operator: orders, e.g. the unmatched ones (R-ORD-4)
//   POST /api/v1/orders/{id}/cancel     operator, account admin (R-ORD-7)
//
// An order is validated (R-ORD-1 fields: 400 naming each; R-ORD-2 one program per PO: 422),
// matched to its customer (R-ORD-3: the parent entity by company, the account by address; a
// new customer or site gets its parent entity and account), turned into contracts, and told
// by mail (R-ORD-5) with the invitation of the end customer's IT admin (R-ACC-2), all in one
// transaction. What cannot be matched is kept as unmatched for operators, never lost (R-ORD-4).
#include <httplib.h>

#include <optional>

#include "api/model_json.h"
#include "server/alerts/alerts_store.h"
#include "server/api_store.h"
#include "server/api_support.h"
#include "server/engine_actions.h"
#include "server/http_server.h"
#include "server/invitation_store.h"
#include "server/mail.h"

namespace portal::server {

namespace {

std::string Normalised(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c != ' ' && c != '\t')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

api::Json ContractsJson(const ApiContext& ctx, const State& state,
                        const std::vector<Contract>& contracts) {
    api::Json list = api::Json::array();
    Date today = ctx.Today();
    for (const Contract& contract : contracts) {
        const Contract* current = state.FindContract(contract.id);
        const Contract& shown = current ? *current : contract;
        list.push_back(
            api::ContractToJson(shown, ViewContract(state, ctx.catalogue, shown, today)));
    }
    return list;
}

// The account a new customer or site gets from its first order (R-ORD-3).
Account AccountFor(const Order& order, Id parent_entity_id, bool first_of_customer) {
    const Address& address = order.end_customer.address;
    Account account;
    account.parent_entity_id = parent_entity_id;
    account.kind = address.kind;
    account.country = address.country;
    account.city = address.city;
    account.postal_code = address.postal_code;
    account.name = order.end_customer.company;
    if (!first_of_customer || address.kind == AccountKind::Site) {
        account.name += " — " + address.city;
    }
    return account;
}

void CreateOrder(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireOperator(req, res, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    Language language = RequestLanguage(req);
    Order order;
    std::vector<api::FieldError> errors;
    api::OrderFromJson(body, order, errors);
    if (!errors.empty()) return SendFieldErrors(res, errors);
    OrderCheck check = ValidateOrder(ctx.catalogue, order);
    if (!check.missing_or_invalid.empty()) {
        return SendFieldErrors(res, api::FieldErrorsIn(check.missing_or_invalid, language));
    }
    if (check.refusal) {
        // R-ORD-2: the order is well formed but breaks a rule of what may be sold together.
        api::ApiError error = api::RefusalToError(*check.refusal, language);
        error.status = 422;
        return SendError(res, error);
    }

    std::optional<Refusal> refusal;
    bool duplicate = false;
    std::vector<Contract> contracts;
    std::vector<MailMessage> mails;
    State after;
    Text unmatched_reason;
    std::string error;
    int64_t now = ctx.Now();
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            State state;
            if (!w.LoadState(state, e)) return false;
            // The same PO number again: a second program on it breaks R-ORD-2; the same program
            // is the same order sent twice.
            for (const Order& other : state.orders) {
                if (other.status == OrderStatus::Cancelled ||
                    Normalised(other.po_number) != Normalised(order.po_number)) {
                    continue;
                }
                OrderCheck mixed = ValidateOrder(ctx.catalogue, [&] {
                    Order both = order;
                    both.lines.insert(both.lines.end(), other.lines.begin(), other.lines.end());
                    return both;
                }());
                if (mixed.refusal) {
                    refusal = mixed.refusal;
                } else {
                    duplicate = true;
                }
                return false;
            }
            OrderMatch match = MatchOrder(state, order);
            Account account;
            bool new_account = false;
            switch (match.kind) {
                case OrderMatch::Kind::ExistingAccount:
                    for (const Account& known : state.accounts) {
                        if (known.id == match.account_id) account = known;
                    }
                    break;
                case OrderMatch::Kind::NewCustomer: {
                    ParentEntity parent;
                    parent.name = order.end_customer.company;
                    if (!w.InsertParentEntity(parent, e)) return false;
                    state.parent_entities.push_back(parent);
                    account = AccountFor(order, parent.id, true);
                    new_account = true;
                    break;
                }
                case OrderMatch::Kind::NewAccount:
                    account = AccountFor(order, match.parent_entity_id, false);
                    new_account = true;
                    break;
                case OrderMatch::Kind::Unmatched:
                    unmatched_reason = match.reason;
                    break;
            }
            if (new_account) {
                if (!w.InsertAccount(account, e)) return false;
                if (!CreateDefaultAlerting(w, account.id, account.country, ctx.Now(), e)) {
                    return false;
                }
                state.accounts.push_back(account);
                api::Json created = {{"name", account.name},
                                     {"kind", AccountKindId(account.kind)},
                                     {"country", account.country},
                                     {"city", account.city}};
                if (!Audit(w, ctx, account.id, caller.user_id, "account.create",
                           ObjectName("account", account.id), std::nullopt, created, e)) {
                    return false;
                }
            }
            order.account_id = account.id;
            order.status = account.id ? OrderStatus::Processed : OrderStatus::Unmatched;
            if (!w.InsertOrder(ctx.catalogue, order, contracts, e)) return false;
            state.orders.push_back(order);
            for (const Contract& contract : contracts) state.contracts.push_back(contract);

            if (!Audit(w, ctx, account.id, caller.user_id, "order.create",
                       ObjectName("order", order.id), std::nullopt,
                       api::OrderToJson(order, CancellationDeadline(ctx.catalogue, order)), e)) {
                return false;
            }

            if (order.status == OrderStatus::Processed) {
                // R-ORD-5: the confirmation and its copies commit with the order.
                mails = OrderMails(ctx.config, ctx.catalogue, order, contracts, account.name);
                for (MailMessage& mail : mails) {
                    mail.account_id = account.id;
                    if (!EnqueueMail(w, mail, now, e)) return false;
                }
                // R-ACC-2: the end customer's IT admin is invited, once.
                bool has = false;
                if (!HasMemberOrOpenInvitation(w, account.id, order.end_customer.email, now, has,
                                               e)) {
                    return false;
                }
                if (!has) {
                    InvitationRecord invitation;
                    invitation.account_id = account.id;
                    invitation.email = order.end_customer.email;
                    invitation.role = Role::Admin;
                    // The language the invitee chose if they have a user, else the country's.
                    UserRecord invitee;
                    bool known = false;
                    if (!w.FindUserByEmail(invitation.email, invitee, known, e)) return false;
                    invitation.language =
                        known && invitee.language_chosen ? invitee.language
                        : LanguageForCountry(order.end_customer.address.country) == Language::French
                            ? "fr"
                            : "en";
                    std::string token;
                    if (!CreateInvitation(w, ctx.config, invitation, "Support Services",
                                          account.name, now, token, e)) {
                        return false;
                    }
                }
            }
            after = std::move(state);
            return true;
        },
        error);
    if (refusal) {
        api::ApiError rule = api::RefusalToError(*refusal, language);
        rule.status = 422;
        return SendError(res, rule);
    }
    if (duplicate) {
        api::ApiError conflict;
        conflict.status = 409;
        conflict.code = "order_exists";
        conflict.message = "An order with PO number " + order.po_number + " is already registered";
        conflict.fields.push_back({"poNumber", conflict.message});
        return SendError(res, conflict);
    }
    if (!ok) return ctx.SendInternal(res, "order intake: " + error);
    ctx.MailQueued();
    api::Json json = {
        {"id", order.id},
        {"status", OrderStatusId(order.status)},
        {"accountId", order.account_id ? api::Json(order.account_id) : api::Json(nullptr)},
        {"poNumber", order.po_number},
        {"contracts", ContractsJson(ctx, after, contracts)}};
    if (order.status == OrderStatus::Unmatched) json["reason"] = unmatched_reason.In(language);
    res.set_header("Location", "/api/v1/orders/" + std::to_string(order.id));
    SendJson(res, 201, {{"order", json}});
}

void ListOrders(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireOperator(req, res, caller)) return;
    std::string status = req.get_param_value("status");
    if (!status.empty() && status != "unmatched" && status != "processed" &&
        status != "cancelled") {
        return SendFieldErrors(
            res, {{"status", "must be \"unmatched\", \"processed\" or \"cancelled\""}});
    }
    State state;
    std::string error;
    if (!ctx.store.LoadState(state, error)) return ctx.SendInternal(res, "orders: " + error);
    Language language = RequestLanguage(req);
    api::Json orders = api::Json::array();
    // Newest first: what an operator works through.
    for (auto it = state.orders.rbegin(); it != state.orders.rend(); ++it) {
        const Order& order = *it;
        if (!status.empty() && status != OrderStatusId(order.status)) continue;
        api::Json json = api::OrderToJson(order, CancellationDeadline(ctx.catalogue, order));
        if (order.status == OrderStatus::Unmatched) {
            // Asked again: the reason may have gone (a customer was added since).
            json["reason"] = MatchOrder(state, order).reason.In(language);
        }
        orders.push_back(json);
    }
    SendJson(res, 200, {{"orders", orders}});
}

void CancelOrder(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireCaller(req, res, caller)) return;
    Id order_id = PathId(req, 1);
    Id account_id = 0;
    bool exists = false;
    std::string error;
    if (order_id != 0 && !AccountOfOrder(ctx.store, order_id, account_id, exists, error)) {
        return ctx.SendInternal(res, "order lookup: " + error);
    }
    if (!exists) return SendNotFound(res);
    if (!caller.operator_) {
        // Unmatched orders are the operators' alone; customers see their account's orders.
        if (account_id == 0) return SendNotFound(res);
        if (!ctx.CheckAccount(res, caller, account_id, Role::Admin)) return;
    }
    std::optional<Refusal> refusal;
    Order cancelled;
    api::Json contracts = api::Json::array();
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            State state;
            bool loaded =
                account_id ? w.LoadAccountState(account_id, state, e) : w.LoadState(state, e);
            if (!loaded) return false;
            Outcome<Change> planned = PlanCancelOrder(state, ctx.catalogue, order_id, ctx.Today());
            if (!planned.ok()) {
                refusal = planned.refusal;
                return false;
            }
            std::vector<Id> ids;
            if (!w.ApplyChange(planned.value, ids, e)) return false;
            std::optional<api::Json> before;
            if (const Order* order = state.FindOrder(order_id)) {
                before = api::OrderToJson(*order, CancellationDeadline(ctx.catalogue, *order));
            }
            Apply(state, planned.value);
            const Order* order = state.FindOrder(order_id);
            if (!order) return false;
            cancelled = *order;
            for (const Contract& contract : state.contracts) {
                if (contract.order_id != order_id) continue;
                contracts.push_back(api::ContractToJson(
                    contract, ViewContract(state, ctx.catalogue, contract, ctx.Today())));
            }
            return Audit(
                w, ctx, account_id, caller.user_id, "order.cancel", ObjectName("order", order_id),
                before, api::OrderToJson(cancelled, CancellationDeadline(ctx.catalogue, cancelled)),
                e);
        },
        error);
    if (refusal) return SendRefusal(res, *refusal, RequestLanguage(req));
    if (!ok) return ctx.SendInternal(res, "order cancel: " + error);
    api::Json json = api::OrderToJson(cancelled, CancellationDeadline(ctx.catalogue, cancelled));
    json["contracts"] = contracts;
    SendJson(res, 200, {{"order", json}});
}

}  // namespace

void RegisterOrderRoutes(Server& server, ApiContext& ctx) {
    auto route = [&](const char* method, const char* pattern, ApiHandler handler) {
        AddApiRoute(server, ctx, method, pattern, handler);
    };
    route("POST", "/api/v1/orders", CreateOrder);
    route("GET", "/api/v1/orders", ListOrders);
    route("POST", R"(/api/v1/orders/([^/]+)/cancel)", CancelOrder);
}

}  // namespace portal::server

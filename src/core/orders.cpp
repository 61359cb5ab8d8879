// Orders: what an order must carry (R-ORD-1, R-ORD-2), where it goes (R-ORD-3, R-ORD-4), the
// contracts it becomes (R-TERM-3, R-TERM-4) and its cancellation window (R-ORD-7).
#include <algorithm>
#include <cctype>

#include "core/engine.h"
#include "core/refusals.h"
#include "core/text_checks.h"

namespace portal {

namespace {

const Text kRequired{"is required", "est obligatoire"};

bool Blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

struct ProblemList {
    std::vector<FieldProblem>& problems;

    void Require(const std::string& value, const std::string& field) {
        if (Blank(value)) {
            problems.push_back({field, kRequired});
        } else {
            OneLine(value, field);
        }
    }
    // Names and address lines end up in mail headers, CSV rows and logs (issue 16).
    void OneLine(const std::string& value, const std::string& field) {
        if (!IsOneLineText(value)) {
            problems.push_back({field,
                                {"must be one line, without control characters",
                                 "doit tenir sur une ligne, sans caractère de contrôle"}});
        }
    }
    void Email(const std::string& value, const std::string& field) {
        if (Blank(value)) {
            problems.push_back({field, kRequired});
        } else if (!IsValidEmail(value)) {
            problems.push_back(
                {field, {"is not a valid email address", "n'est pas une adresse e-mail valide"}});
        }
    }
    void Country(const std::string& value, const std::string& field) {
        if (Blank(value)) {
            problems.push_back({field, kRequired});
        } else if (value.size() != 2 || !std::isupper(static_cast<unsigned char>(value[0])) ||
                   !std::isupper(static_cast<unsigned char>(value[1]))) {
            problems.push_back({field,
                                {"must be a two-letter country code such as FR",
                                 "doit être un code pays à deux lettres, par exemple FR"}});
        }
    }
    void Party(const portal::Party& party, const std::string& prefix, bool company) {
        Require(party.name, prefix + ".name");
        Email(party.email, prefix + ".email");
        if (company) Require(party.company, prefix + ".company");
        Require(party.address.line1, prefix + ".address.line1");
        Require(party.address.city, prefix + ".address.city");
        Require(party.address.postal_code, prefix + ".address.postalCode");
        Country(party.address.country, prefix + ".address.country");
    }
};

std::string Normalised(const std::string& text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

}  // namespace

OrderCheck ValidateOrder(const Catalogue& catalogue, const Order& order) {
    OrderCheck check;
    ProblemList list{check.missing_or_invalid};
    list.Require(order.po_number, "poNumber");
    // An unset date reads as 1970: nothing was sold through this portal before 2000.
    if (order.purchase_date < DateFromYmd(2000, 1, 1)) {
        list.problems.push_back(
            {"purchaseDate", {"is required (YYYY-MM-DD)", "est obligatoire (AAAA-MM-JJ)"}});
    }
    if (order.lines.empty()) {
        list.problems.push_back(
            {"lines", {"must list at least one SKU", "doit contenir au moins une référence"}});
    }
    std::vector<std::string> programs;
    for (size_t i = 0; i < order.lines.size(); ++i) {
        const OrderLine& line = order.lines[i];
        std::string path = "lines[" + std::to_string(i) + "]";
        const Sku* sku = catalogue.FindSku(line.sku);
        if (Blank(line.sku)) {
            list.problems.push_back({path + ".sku", kRequired});
        } else if (!sku) {
            list.problems.push_back({path + ".sku",
                                     {"is not a known SKU (" + line.sku + ")",
                                      "n'est pas une référence connue (" + line.sku + ")"}});
        } else if (std::find(programs.begin(), programs.end(), sku->program) == programs.end()) {
            programs.push_back(sku->program);
        }
        if (line.quantity < 1) {
            list.problems.push_back(
                {path + ".quantity", {"must be at least 1", "doit être au moins 1"}});
        }
    }
    list.Party(order.end_customer, "endCustomer", /*company=*/true);
    list.Party(order.reseller, "reseller", /*company=*/false);
    list.Party(order.distributor, "distributor", /*company=*/false);
    if (programs.size() > 1) {
        auto name = [&](const std::string& id) {
            const Program* program = catalogue.FindProgram(id);
            return program ? program->name : id;
        };
        check.refusal = refusals::MixedPrograms(name(programs[0]), name(programs[1]));
    } else if (programs.size() == 1) {
        check.program = programs[0];
    }
    return check;
}

std::vector<Contract> ContractsForOrder(const Catalogue& catalogue, const Order& order) {
    std::vector<Contract> contracts;
    for (const OrderLine& line : order.lines) {
        const Sku* sku = catalogue.FindSku(line.sku);
        if (!sku) continue;
        Contract contract;
        contract.order_id = order.id;
        contract.account_id = order.account_id;
        contract.po_number = order.po_number;
        contract.sku = sku->id;
        contract.program = sku->program;
        contract.quantity = line.quantity;
        contract.term_years = sku->term_years;
        contract.purchase_date = order.purchase_date;
        contracts.push_back(std::move(contract));
    }
    return contracts;
}

OrderMatch MatchOrder(const State& state, const Order& order) {
    OrderMatch match;
    const std::string company = Normalised(order.end_customer.company);
    if (company.empty()) {
        match.reason = {"The end customer's company is missing.",
                        "La société du client final est absente."};
        return match;
    }
    std::vector<const ParentEntity*> parents;
    for (const ParentEntity& parent : state.parent_entities) {
        if (Normalised(parent.name) == company) parents.push_back(&parent);
    }
    if (parents.empty()) {
        match.kind = OrderMatch::Kind::NewCustomer;
        return match;
    }
    if (parents.size() > 1) {
        match.reason = {"Several customers are named " + order.end_customer.company + ".",
                        "Plusieurs clients portent le nom " + order.end_customer.company + "."};
        return match;
    }
    match.parent_entity_id = parents[0]->id;
    const Address& address = order.end_customer.address;
    std::vector<const Account*> candidates;
    for (const Account& account : state.accounts) {
        if (account.parent_entity_id != match.parent_entity_id) continue;
        if (address.kind == AccountKind::Headquarters) {
            // R-ORD-3: a headquarters address groups contracts into the one global account.
            if (account.kind == AccountKind::Headquarters) candidates.push_back(&account);
        } else if (account.kind == AccountKind::Site && account.country == address.country &&
                   Normalised(account.city) == Normalised(address.city) &&
                   Normalised(account.postal_code) == Normalised(address.postal_code)) {
            candidates.push_back(&account);
        }
    }
    if (candidates.size() > 1) {
        match.reason = {"Several accounts of this customer match the order's address.",
                        "Plusieurs comptes de ce client correspondent à l'adresse de la commande."};
        return match;
    }
    if (candidates.empty()) {
        match.kind = OrderMatch::Kind::NewAccount;
        return match;
    }
    match.kind = OrderMatch::Kind::ExistingAccount;
    match.account_id = candidates[0]->id;
    return match;
}

Date CancellationDeadline(const Catalogue& catalogue, const Order& order) {
    return AddDays(order.purchase_date, catalogue.rules.cancellation_days);
}

Outcome<Change> PlanCancelOrder(const State& state, const Catalogue& catalogue, Id order_id,
                                Date today) {
    const Order* order = state.FindOrder(order_id);
    if (!order) return Outcome<Change>::Refuse(refusals::OrderNotFound());
    if (order->status == OrderStatus::Cancelled) {
        return Outcome<Change>::Refuse(refusals::AlreadyCancelled(order->po_number));
    }
    Date deadline = CancellationDeadline(catalogue, *order);
    if (today > deadline) {
        return Outcome<Change>::Refuse(refusals::CancellationClosed(
            order->po_number, FormatDate(deadline), catalogue.rules.cancellation_days));
    }
    Change change;
    change.on = today;
    change.cancelled_orders.push_back(order->id);
    // Licenses of a cancelled order leave their rooms the same day.
    for (const Assignment& assignment : state.assignments) {
        if (!assignment.held()) continue;
        const Contract* contract = state.FindContract(assignment.contract_id);
        if (contract && contract->order_id == order->id) {
            change.releases.push_back({assignment.id, ReleaseReason::Cancelled});
        }
    }
    return Outcome<Change>::Accept(std::move(change));
}

}  // namespace portal

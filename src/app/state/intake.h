// The state of the operators' order intake: the form holding every field of R-ORD-1, what is
// wrong with it (field by field, from the engine before sending or from the server's answer),
// the last order's outcome, and the unmatched orders (R-ORD-4).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/intake_json.h"
#include "app/remote.h"
#include "core/date.h"
#include "core/model.h"

namespace portal::app {

// A party of the order as typed: the end customer (with a company and an address kind), the
// reseller or the distributor.
struct PartyForm {
    char name[128] = {};
    char email[256] = {};
    char company[128] = {};  // the end customer's only
    char line1[256] = {};
    char city[128] = {};
    char postal_code[32] = {};
    char country[8] = {};  // two letters, e.g. "FR"
    bool site = false;     // the end customer's address is a site, not the headquarters (R-ORD-3)

    Party ToParty() const {
        Party party;
        party.name = name;
        party.email = email;
        party.company = company;
        party.address.line1 = line1;
        party.address.city = city;
        party.address.postal_code = postal_code;
        party.address.country = country;
        party.address.kind = site ? AccountKind::Site : AccountKind::Headquarters;
        return party;
    }
};

struct LineForm {
    char sku[32] = {};
    int quantity = 0;  // 0: not typed yet (the engine says it must be at least 1)
};

struct IntakeForm {
    char po_number[64] = {};
    char purchase_date[16] = {};  // YYYY-MM-DD
    std::vector<LineForm> lines = std::vector<LineForm>(1);
    PartyForm end_customer;
    PartyForm reseller;
    PartyForm distributor;

    // The order as typed. date_ok is false when the purchase date is not a YYYY-MM-DD date
    // (the order then has none, which the engine reports as missing).
    Order ToOrder(bool& date_ok) const {
        Order order;
        order.po_number = po_number;
        date_ok = ParseDate(purchase_date, order.purchase_date);
        if (!date_ok) order.purchase_date = Date{};
        for (const LineForm& line : lines) order.lines.push_back({line.sku, line.quantity});
        order.end_customer = end_customer.ToParty();
        order.reseller = reseller.ToParty();
        order.reseller.company.clear();
        order.distributor = distributor.ToParty();
        order.distributor.company.clear();
        return order;
    }
};

struct IntakePageState {
    // A link's filter (?filter=unmatched, issue 16): the unmatched orders first, with a chip.
    std::string route_filter;
    IntakeForm form;
    bool dated = false;  // the purchase date was filled in with today once

    // Field by field, by the API's paths ("endCustomer.email", "lines[0].sku").
    std::vector<api::FieldError> problems;
    std::string refusal;  // a rule's sentence about the whole order (R-ORD-2)
    Submission submit;
    std::optional<api::IntakeResult> result;

    Remote<std::vector<api::ListedOrder>> unmatched{"unmatched orders"};

    // The message of field `path`, or nullptr.
    const std::string* Problem(const std::string& path) const {
        for (const api::FieldError& problem : problems) {
            if (problem.field == path) return &problem.message;
        }
        return nullptr;
    }

    // Another account was chosen, or the user signed out. The form holds a customer's details:
    // it goes with the user who typed it.
    void ForgetAccount() {
        form = IntakeForm();
        dated = false;
        problems.clear();
        refusal.clear();
        submit.Clear();
        result.reset();
        unmatched.Reset();
    }
};

}  // namespace portal::app

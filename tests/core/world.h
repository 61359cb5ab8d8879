// A small world for engine tests: the shipped catalogue (assets/catalogue.json) and a State
// built with readable helpers.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "api/catalogue_json.h"
#include "core/engine.h"
#include "core/insights.h"

namespace portal::testing {

inline Date D(const char* text) {
    Date date;
    EXPECT_TRUE(ParseDate(text, date)) << text;
    return date;
}

// "2026-11-20T09:15:00Z" as Unix seconds.
inline insights::Seconds At(const std::string& text) {
    Date date;
    EXPECT_TRUE(text.size() == 20 && ParseDate(text.substr(0, 10), date)) << text;
    int hours = std::atoi(text.substr(11, 2).c_str());
    int minutes = std::atoi(text.substr(14, 2).c_str());
    int seconds = std::atoi(text.substr(17, 2).c_str());
    return insights::Seconds{date.days} * insights::kDay + hours * insights::kHour + minutes * 60 +
           seconds;
}

inline Catalogue ShippedCatalogue() {
    std::ifstream file(std::string(PORTAL_ASSETS_DIR) + "/catalogue.json");
    std::stringstream text;
    text << file.rdbuf();
    api::Json json;
    std::string error;
    EXPECT_TRUE(api::ParseJson(text.str(), json, error)) << error;
    Catalogue catalogue;
    std::vector<api::FieldError> errors;
    EXPECT_TRUE(api::CatalogueFromJson(json, catalogue, errors));
    return catalogue;
}

struct World {
    Catalogue catalogue = ShippedCatalogue();
    State state;
    Id next_id = 100;

    Id Parent(const std::string& name) {
        state.parent_entities.push_back({++next_id, name});
        return next_id;
    }
    Id Account(Id parent, AccountKind kind = AccountKind::Headquarters,
               const std::string& country = "FR", const std::string& city = "Paris",
               const std::string& postal_code = "75001") {
        portal::Account account;
        account.id = ++next_id;
        account.parent_entity_id = parent;
        account.name = "Account " + std::to_string(account.id);
        account.kind = kind;
        account.country = country;
        account.city = city;
        account.postal_code = postal_code;
        state.accounts.push_back(account);
        return account.id;
    }
    Id Room(Id account, const std::string& name = "", const std::string& country = "FR") {
        portal::Room room;
        room.id = ++next_id;
        room.account_id = account;
        room.name = name.empty() ? "Room " + std::to_string(room.id) : name;
        room.site = "HQ";
        room.country = country;
        room.capacity = 8;
        state.rooms.push_back(room);
        return room.id;
    }
    // An order with its contracts (one per line); returns the order id.
    Id Order(Id account, const std::string& po, Date purchased, std::vector<OrderLine> lines) {
        portal::Order order;
        order.id = ++next_id;
        order.account_id = account;
        order.po_number = po;
        order.purchase_date = purchased;
        order.lines = std::move(lines);
        state.orders.push_back(order);
        for (portal::Contract contract : ContractsForOrder(catalogue, order)) {
            contract.id = ++next_id;
            state.contracts.push_back(contract);
        }
        return order.id;
    }
    // The contract of an order's n-th line.
    Id ContractOf(Id order, size_t line = 0) {
        size_t seen = 0;
        for (const portal::Contract& contract : state.contracts) {
            if (contract.order_id == order && seen++ == line) return contract.id;
        }
        ADD_FAILURE() << "order " << order << " has no line " << line;
        return 0;
    }
    // A contract bought on `purchased` with `quantity` licenses of `sku`.
    Id Contract(Id account, const std::string& sku, int quantity, Date purchased) {
        return ContractOf(
            Order(account, "PO-" + std::to_string(next_id + 1), purchased, {{sku, quantity}}));
    }
    void Device(Id account, const std::string& serial, Id room, Date purchased,
                const std::string& product = "rally-bar") {
        state.devices.push_back({serial, account, product, room, purchased});
    }
    const portal::Contract& contract(Id id) { return *state.FindContract(id); }

    Outcome<Change> Do(const Action& action, Date today) {
        return Perform(state, catalogue, action, today);
    }
    void ExpectConsistent(Date today) {
        for (const Violation& violation : CheckState(state, catalogue, today)) {
            ADD_FAILURE() << violation.rule << ": " << violation.message;
        }
    }
};

// Asserts a refusal with this rule and code, with a sentence in both languages.
inline void ExpectRefused(const Outcome<Change>& outcome, const std::string& rule,
                          const std::string& code) {
    ASSERT_FALSE(outcome.ok()) << "expected refusal " << code;
    EXPECT_EQ(outcome.refusal->rule, rule);
    EXPECT_EQ(outcome.refusal->code, code);
    EXPECT_FALSE(outcome.refusal->message.en.empty());
    EXPECT_FALSE(outcome.refusal->message.fr.empty());
    EXPECT_NE(outcome.refusal->message.en, outcome.refusal->message.fr);
}

}  // namespace portal::testing

// Data sets for tests/bench/core_bench.cpp, generated in memory (deterministic: same seed, same
// data, natively and in wasm), so that benchmarks measure the core and not I/O.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/engine.h"

namespace portal::bench {

// The shape of a customer's account to generate.
struct AccountSize {
    int rooms = 10000;
    int devices = 50000;
    int contracts = 20;  // half Select, half Sync Plus
    std::uint32_t seed = 1;
};

struct Account {
    State state;
    Date today;
    Id select_contract = 0;      // a Select contract with a few licenses left
    std::vector<Id> bare_rooms;  // rooms that hold no Select license
};

// One large headquarters account: rooms spread over sites and countries, five devices a room,
// Select licenses in 60% of the rooms and Sync Plus in half of them, contracts nearly used up.
inline Account MakeAccount(const Catalogue& catalogue, AccountSize size = {}) {
    Account account;
    State& state = account.state;
    account.today = DateFromYmd(2026, 6, 1);
    std::uint32_t random = size.seed;
    auto next = [&random] {
        random = random * 1664525u + 1013904223u;
        return random >> 8;
    };
    state.parent_entities.push_back({1, "Northwind Traders"});
    portal::Account hq;
    hq.id = 2;
    hq.parent_entity_id = 1;
    hq.name = "Northwind Traders";
    hq.country = "FR";
    state.accounts.push_back(hq);

    const char* countries[] = {"FR", "GB", "DE", "US", "ES", "IT"};
    Id next_id = 100;
    state.rooms.reserve(static_cast<size_t>(size.rooms));
    for (int i = 0; i < size.rooms; ++i) {
        Room room;
        room.id = ++next_id;
        room.account_id = hq.id;
        room.name = "Room " + std::to_string(i);
        room.site = "Site " + std::to_string(i / 50);
        room.country = countries[(i / 50) % 6];
        room.capacity = 4 + static_cast<int>(next() % 16);
        state.rooms.push_back(std::move(room));
    }
    state.devices.reserve(static_cast<size_t>(size.devices));
    for (int i = 0; i < size.devices; ++i) {
        char serial[16];
        std::snprintf(serial, sizeof serial, "SN%08d", i);
        const Product& product = catalogue.products[next() % catalogue.products.size()];
        Id room = state.rooms[static_cast<size_t>(i % size.rooms)].id;
        state.devices.push_back({serial, hq.id, product.id, room,
                                 AddDays(account.today, -static_cast<int>(next() % 1500))});
    }

    // Contracts: licenses for 65% (Select) and 55% (Sync Plus) of the rooms.
    const int half = size.contracts / 2;
    const int select_each = size.rooms * 65 / 100 / half;
    const int sync_each = size.rooms * 55 / 100 / half;
    Id order_id = 10;
    for (int c = 0; c < size.contracts; ++c) {
        bool select = c < half;
        Contract contract;
        contract.id = ++next_id;
        contract.order_id = ++order_id;
        contract.account_id = hq.id;
        contract.po_number = "PO-" + std::to_string(contract.order_id);
        contract.sku = select ? "SELECT-" + std::to_string(1 + c % 5) + "Y" : "SYNCPLUS-1Y";
        contract.program = select ? "select" : "syncplus";
        contract.term_years = select ? 1 + c % 5 : 1;
        contract.quantity = select ? select_each : sync_each;
        contract.purchase_date = AddDays(account.today, -30 - c);
        contract.first_assigned = AddDays(contract.purchase_date, 1);
        state.contracts.push_back(contract);
    }
    // Assign: Select to the first 60% of rooms, Sync Plus to the first 50%.
    auto assign = [&](int contract_index, int rooms, int per_contract) {
        for (int i = 0; i < rooms; ++i) {
            const Contract& contract =
                state.contracts[static_cast<size_t>(contract_index + i / per_contract)];
            Assignment assignment;
            assignment.id = ++next_id;
            assignment.contract_id = contract.id;
            assignment.slot = i % per_contract;
            assignment.room_id = state.rooms[static_cast<size_t>(i)].id;
            assignment.assigned_on = *contract.first_assigned;
            state.assignments.push_back(assignment);
        }
    };
    const int select_rooms = size.rooms * 60 / 100;
    const int select_used = select_rooms / half;  // per contract, leaving 5% of rooms' worth free
    assign(0, select_used * half, select_used);
    assign(half, size.rooms * 50 / 100 / half * half, size.rooms * 50 / 100 / half);
    account.select_contract = state.contracts[0].id;
    for (int i = select_used * half; i < size.rooms; ++i) {
        account.bare_rooms.push_back(state.rooms[static_cast<size_t>(i)].id);
    }
    return account;
}

}  // namespace portal::bench

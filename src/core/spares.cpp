// R-SPARE-1: one on-site spares pool for every N rooms under the spares-granting program,
// counted per parent entity, cumulatively over purchases in date order.
#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "core/engine.h"

namespace portal {

namespace {

std::unordered_set<Id> AccountsOf(const State& state, Id parent_entity_id) {
    std::unordered_set<Id> accounts;
    for (const Account& account : state.accounts) {
        if (account.parent_entity_id == parent_entity_id) accounts.insert(account.id);
    }
    return accounts;
}

bool GrantsSpares(const Catalogue& catalogue, const std::string& program_id) {
    const Program* program = catalogue.FindProgram(program_id);
    return program && std::find(program->features.begin(), program->features.end(),
                                Feature::Spares) != program->features.end();
}

}  // namespace

SparesSummary SparesOf(const State& state, const Catalogue& catalogue, Id parent_entity_id) {
    SparesSummary summary;
    summary.parent_entity_id = parent_entity_id;
    std::unordered_set<Id> accounts = AccountsOf(state, parent_entity_id);
    // Rooms bought per order, in purchase order (date, then order id for same-day orders).
    std::map<std::pair<int, Id>, int> rooms_by_order;
    for (const Contract& contract : state.contracts) {
        if (contract.cancelled || !accounts.count(contract.account_id) ||
            !GrantsSpares(catalogue, contract.program)) {
            continue;
        }
        rooms_by_order[{contract.purchase_date.days, contract.order_id}] += contract.quantity;
    }
    const int per_pool = std::max(1, catalogue.rules.rooms_per_spares_pool);
    for (const auto& [key, rooms] : rooms_by_order) {
        int before = summary.select_rooms / per_pool;
        summary.select_rooms += rooms;
        int after = summary.select_rooms / per_pool;
        for (int pool = before + 1; pool <= after; ++pool) {
            summary.grants.push_back({key.second, Date{key.first}, pool});
        }
    }
    summary.pools = summary.select_rooms / per_pool;
    return summary;
}

SpareCandidates SpareCandidatesOf(const State& state, const Catalogue& catalogue,
                                  Id parent_entity_id) {
    SpareCandidates candidates;
    std::unordered_set<Id> accounts = AccountsOf(state, parent_entity_id);
    std::unordered_map<std::string, int> deployed;
    for (const Device& device : state.devices) {
        if (device.room_id != 0 && accounts.count(device.account_id)) ++deployed[device.product];
    }
    for (const auto& [product, count] : deployed) candidates.products.push_back({product, count});
    std::sort(candidates.products.begin(), candidates.products.end(),
              [](const SpareProduct& a, const SpareProduct& b) {
                  return a.deployed != b.deployed ? a.deployed > b.deployed : a.product < b.product;
              });

    std::string program;
    for (const Program& candidate : catalogue.programs) {
        if (GrantsSpares(catalogue, candidate.id)) program = candidate.id;
    }
    std::map<std::pair<std::string, std::string>, int> slow;  // (site, country) -> rooms
    for (const Room& room : state.rooms) {
        if (!accounts.count(room.account_id)) continue;
        const CountryCondition* condition = ConditionsIn(catalogue, room.country, program);
        if (!condition || condition->rma_speed != "next-business-day") {
            ++slow[{room.site, room.country}];
        }
    }
    for (const auto& [where, rooms] : slow) {
        const CountryCondition* condition = ConditionsIn(catalogue, where.second, program);
        candidates.slow_rma_sites.push_back(
            {where.first, where.second, condition ? condition->rma_speed : "", rooms});
    }
    return candidates;
}

}  // namespace portal

// R-SPARE-1: one on-site spares pool for every N rooms under the spares-granting program,
// counted per parent entity, cumulatively over purchases in date order.
#include <algorithm>
#include <map>
#include <unordered_set>

#include "core/engine.h"

namespace portal {

SparesSummary SparesOf(const State& state, const Catalogue& catalogue, Id parent_entity_id) {
    SparesSummary summary;
    summary.parent_entity_id = parent_entity_id;
    std::unordered_set<Id> accounts;
    for (const Account& account : state.accounts) {
        if (account.parent_entity_id == parent_entity_id) accounts.insert(account.id);
    }
    auto grants_spares = [&](const std::string& program_id) {
        const Program* program = catalogue.FindProgram(program_id);
        return program && std::find(program->features.begin(), program->features.end(),
                                    Feature::Spares) != program->features.end();
    };
    // Rooms bought per order, in purchase order (date, then order id for same-day orders).
    std::map<std::pair<int, Id>, int> rooms_by_order;
    for (const Contract& contract : state.contracts) {
        if (contract.cancelled || !accounts.count(contract.account_id) ||
            !grants_spares(contract.program)) {
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

}  // namespace portal

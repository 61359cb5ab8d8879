// The whole-state check: every invariant of the model verified in one pass over each table.
// Used by tests after every random operation and by the server on its data at start-up, so it
// must stay fast on large accounts (hash lookups, no quadratic scans).
#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/engine.h"

namespace portal {

namespace {

template <class T>
std::unordered_map<Id, const T*> IndexById(const std::vector<T>& items) {
    std::unordered_map<Id, const T*> index;
    index.reserve(items.size() * 2);
    for (const T& item : items) index.emplace(item.id, &item);
    return index;
}

struct Checker {
    const State& state;
    const Catalogue& catalogue;
    Date today;
    std::vector<Violation> violations;

    void Report(std::string rule, std::string message) {
        violations.push_back({std::move(rule), std::move(message)});
    }
};

}  // namespace

std::vector<Violation> CheckState(const State& state, const Catalogue& catalogue, Date today) {
    Checker check{state, catalogue, today, {}};
    auto parents = IndexById(state.parent_entities);
    auto accounts = IndexById(state.accounts);
    auto rooms = IndexById(state.rooms);
    auto orders = IndexById(state.orders);
    const std::string id = " #";

    for (const Account& account : state.accounts) {
        if (!parents.count(account.parent_entity_id)) {
            check.Report("integrity",
                         "account" + id + std::to_string(account.id) + " has no parent entity");
        }
    }
    for (const Room& room : state.rooms) {
        if (!accounts.count(room.account_id)) {
            check.Report("integrity", "room" + id + std::to_string(room.id) + " has no account");
        }
    }

    // R-ROOM-3: supported products only; a serial belongs to one room at a time.
    std::unordered_set<std::string_view> products;
    for (const Product& product : catalogue.products) products.insert(product.id);
    std::unordered_set<std::string_view> serials;
    serials.reserve(state.devices.size() * 2);
    for (const Device& device : state.devices) {
        if (!serials.insert(device.serial).second) {
            check.Report("R-ROOM-3", "serial " + device.serial + " is registered twice");
        }
        if (!products.count(device.product)) {
            check.Report("R-ROOM-3",
                         "device " + device.serial + " has unsupported product " + device.product);
        }
        if (!accounts.count(device.account_id)) {
            check.Report("integrity", "device " + device.serial + " has no account");
        }
        if (device.room_id != 0) {
            auto room = rooms.find(device.room_id);
            if (room == rooms.end()) {
                check.Report("integrity", "device " + device.serial + " is in a missing room");
            } else if (room->second->account_id != device.account_id) {
                check.Report("R-ROOM-2",
                             "device " + device.serial + " is in a room of another account");
            }
        }
    }

    // Contracts: consistent with the catalogue and their order.
    struct ContractFacts {
        const Contract* contract;
        Date end;
        bool active;
        std::vector<char> slot_held;
        std::optional<Date> earliest_assignment;
    };
    std::unordered_map<Id, ContractFacts> contracts;
    contracts.reserve(state.contracts.size() * 2);
    for (const Contract& contract : state.contracts) {
        const std::string name = "contract" + id + std::to_string(contract.id);
        const Sku* sku = catalogue.FindSku(contract.sku);
        if (!sku) {
            check.Report("R-SKU-2", name + " has unknown SKU " + contract.sku);
        } else if (sku->program != contract.program || sku->term_years != contract.term_years) {
            check.Report("R-SKU-2", name + " does not match its SKU " + contract.sku);
        }
        if (contract.quantity < 1) check.Report("R-ORD-1", name + " has no license");
        if (!accounts.count(contract.account_id))
            check.Report("integrity", name + " has no account");
        auto order = orders.find(contract.order_id);
        if (!state.orders.empty() && order == orders.end()) {
            check.Report("integrity", name + " has no order");
        } else if (order != orders.end() &&
                   (order->second->status == OrderStatus::Cancelled) != contract.cancelled) {
            check.Report("R-ORD-7", name + " and its order disagree on cancellation");
        }
        Date end = ContractEnd(catalogue, contract);
        bool active =
            !contract.cancelled && today >= ContractStart(catalogue, contract) && today <= end;
        contracts.emplace(
            contract.id,
            ContractFacts{&contract, end, active,
                          std::vector<char>(std::max(contract.quantity, 0), 0), std::nullopt});
    }

    // Assignments: each license held by at most one room, within its term, in its account.
    std::vector<std::pair<Id, const std::string*>> active_per_room;
    for (const Assignment& assignment : state.assignments) {
        const std::string name = "assignment" + id + std::to_string(assignment.id);
        auto found = contracts.find(assignment.contract_id);
        if (found == contracts.end()) {
            check.Report("integrity", name + " refers to a missing contract");
            continue;
        }
        ContractFacts& facts = found->second;
        const Contract& contract = *facts.contract;
        auto room = rooms.find(assignment.room_id);
        if (room == rooms.end()) {
            check.Report("integrity", name + " refers to a missing room");
        } else if (room->second->account_id != contract.account_id) {
            check.Report("R-ROOM-2", name + " puts a license in another account's room");
        }
        if (assignment.released_on && *assignment.released_on < assignment.assigned_on) {
            check.Report("integrity", name + " is released before it was assigned");
        }
        if (!facts.earliest_assignment || assignment.assigned_on < *facts.earliest_assignment) {
            facts.earliest_assignment = assignment.assigned_on;
        }
        if (assignment.assigned_on < contract.purchase_date || assignment.assigned_on > facts.end) {
            check.Report("R-TERM-2", name + " was made outside its contract's term");
        }
        if (!assignment.held()) continue;
        const Program* program = catalogue.FindProgram(contract.program);
        if (program && !program->assignable_to_rooms) {
            check.Report("R-ROOM-6", name + " assigns a " + program->name + " license to a room");
        }
        if (contract.cancelled) {
            check.Report("R-ORD-7", name + " holds a license of a cancelled contract");
        }
        if (assignment.slot < 0 || assignment.slot >= contract.quantity) {
            check.Report("R-ROOM-1", name + " holds a license beyond the purchased count");
        } else if (facts.slot_held[static_cast<size_t>(assignment.slot)]++) {
            check.Report("R-ROOM-1", name + " holds a license another room holds too");
        }
        if (facts.active) active_per_room.emplace_back(assignment.room_id, &contract.program);
    }
    for (auto& [contract_id, facts] : contracts) {
        const Contract& contract = *facts.contract;
        // R-TERM-1: the term started no later than the first assignment.
        if (facts.earliest_assignment &&
            (!contract.first_assigned || *contract.first_assigned > *facts.earliest_assignment)) {
            check.Report("R-TERM-1", "contract" + id + std::to_string(contract_id) +
                                         " started later than its first assignment");
        }
    }

    // R-ROOM-1: at most one active license of each program per room.
    std::sort(active_per_room.begin(), active_per_room.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : *a.second < *b.second;
    });
    for (size_t i = 1; i < active_per_room.size(); ++i) {
        if (active_per_room[i].first == active_per_room[i - 1].first &&
            *active_per_room[i].second == *active_per_room[i - 1].second) {
            check.Report("R-ROOM-1", "room" + id + std::to_string(active_per_room[i].first) +
                                         " holds two active " + *active_per_room[i].second +
                                         " licenses");
        }
    }
    return std::move(check.violations);
}

}  // namespace portal

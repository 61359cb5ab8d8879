// The whole-state check: every invariant of the model verified in one pass over each table.
// Used by tests after every random operation and by the server on its data at start-up, so it
// must stay fast on large accounts (hash lookups, no quadratic scans).
#include <algorithm>
#include <string_view>

#include "core/engine.h"
#include "core/flat_index.h"

namespace portal {

namespace {

struct Checker {
    std::vector<Violation> violations;

    void Report(std::string rule, std::string message) {
        violations.push_back({std::move(rule), std::move(message)});
    }
};

// Room id -> account id. Database ids are dense, so a plain array indexed by id - first id
// serves when the ids span little more than their count (sequential, cache-friendly); a hash
// table otherwise.
class RoomAccounts {
  public:
    explicit RoomAccounts(const std::vector<Room>& rooms) : sparse_(0, -1) {
        if (rooms.empty()) return;
        Id low = rooms[0].id, high = rooms[0].id;
        for (const Room& room : rooms) {
            low = std::min(low, room.id);
            high = std::max(high, room.id);
        }
        if (high - low < static_cast<Id>(rooms.size()) * 4 + 64) {
            first_ = low;
            dense_.assign(static_cast<size_t>(high - low + 1), -1);
            for (const Room& room : rooms)
                dense_[static_cast<size_t>(room.id - low)] = room.account_id;
        } else {
            sparse_ = FlatIdMap<Id>(rooms.size(), -1);
            for (const Room& room : rooms) sparse_.Insert(room.id, room.account_id);
            use_sparse_ = true;
        }
    }
    // -1 for a missing room.
    Id AccountOf(Id room_id) const {
        if (use_sparse_) return sparse_.Find(room_id);
        if (room_id < first_ || room_id - first_ >= static_cast<Id>(dense_.size())) return -1;
        return dense_[static_cast<size_t>(room_id - first_)];
    }

  private:
    Id first_ = 0;
    std::vector<Id> dense_;
    FlatIdMap<Id> sparse_;
    bool use_sparse_ = false;
};

// Keys (room, program) as room * kMaxPrograms + program: catalogues hold a handful of programs.
constexpr Id kMaxPrograms = 64;

std::string Named(const char* what, Id id) {
    return std::string(what) + " #" + std::to_string(id);
}

}  // namespace

std::vector<Violation> CheckState(const State& state, const Catalogue& catalogue, Date today) {
    Checker check;
    if (!state.held_elsewhere.empty()) {
        // Licenses known only by their slots cannot be checked against rooms and terms.
        check.Report("integrity", "a partial state (licenses held elsewhere) cannot be checked");
    }
    const auto parents = PositionsById(state.parent_entities);
    const auto accounts = PositionsById(state.accounts);
    const auto orders = PositionsById(state.orders);
    // Room id -> its account id: what devices and assignments are checked against.
    const RoomAccounts room_accounts(state.rooms);
    auto room_account = [&](Id room_id) { return room_accounts.AccountOf(room_id); };

    for (const Account& account : state.accounts) {
        if (parents.Find(account.parent_entity_id) < 0) {
            check.Report("integrity", Named("account", account.id) + " has no parent entity");
        }
    }
    for (const Room& room : state.rooms) {
        if (accounts.Find(room.account_id) < 0) {
            check.Report("integrity", Named("room", room.id) + " has no account");
        }
    }

    // R-ROOM-3: supported products only; a serial belongs to one room at a time. The server
    // hands devices over in serial order,
    // where repeats are neighbours; any other order falls back to a hash set.
    std::vector<size_t> repeats;  // positions of devices whose serial came before
    bool by_serial = true;
    for (size_t i = 1; i < state.devices.size(); ++i) {
        int order = state.devices[i - 1].serial.compare(state.devices[i].serial);
        if (order > 0) {
            by_serial = false;
            break;
        }
        if (order == 0) repeats.push_back(i);
    }
    if (!by_serial) {
        repeats.clear();
        FlatTextSet serials(state.devices.size());
        for (size_t i = 0; i < state.devices.size(); ++i) {
            if (!serials.Insert(state.devices[i].serial)) repeats.push_back(i);
        }
    }
    for (size_t i : repeats) {
        check.Report("R-ROOM-3", "serial " + state.devices[i].serial + " is registered twice");
    }
    FlatTextSet products(catalogue.products.size());
    for (const Product& product : catalogue.products) products.Insert(product.id);
    const std::string* last_product = nullptr;  // devices often come in runs of one product
    for (const Device& device : state.devices) {
        if (!(last_product && *last_product == device.product)) {
            if (!products.Contains(device.product)) {
                check.Report("R-ROOM-3", "device " + device.serial + " has unsupported product " +
                                             device.product);
            } else {
                last_product = &device.product;
            }
        }
        if (accounts.Find(device.account_id) < 0) {
            check.Report("integrity", "device " + device.serial + " has no account");
        }
        if (device.room_id != 0) {
            Id owner = room_account(device.room_id);
            if (owner < 0) {
                check.Report("integrity", "device " + device.serial + " is in a missing room");
            } else if (owner != device.account_id) {
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
    std::vector<ContractFacts> facts;
    facts.reserve(state.contracts.size());
    FlatIdMap<std::int32_t> contract_index(state.contracts.size(), -1);
    for (const Contract& contract : state.contracts) {
        const Sku* sku = catalogue.FindSku(contract.sku);
        if (!sku) {
            check.Report("R-SKU-2",
                         Named("contract", contract.id) + " has unknown SKU " + contract.sku);
        } else if (sku->program != contract.program || sku->term_years != contract.term_years) {
            check.Report("R-SKU-2", Named("contract", contract.id) + " does not match its SKU " +
                                        contract.sku);
        }
        if (contract.quantity < 1)
            check.Report("R-ORD-1", Named("contract", contract.id) + " has no license");
        if (accounts.Find(contract.account_id) < 0) {
            check.Report("integrity", Named("contract", contract.id) + " has no account");
        }
        std::int32_t order = orders.Find(contract.order_id);
        if (!state.orders.empty() && order < 0) {
            check.Report("integrity", Named("contract", contract.id) + " has no order");
        } else if (order >= 0 && (state.orders[static_cast<size_t>(order)].status ==
                                  OrderStatus::Cancelled) != contract.cancelled) {
            check.Report("R-ORD-7", Named("contract", contract.id) +
                                        " and its order disagree on cancellation");
        }
        Date end = ContractEnd(catalogue, contract);
        bool active =
            !contract.cancelled && today >= ContractStart(catalogue, contract) && today <= end;
        contract_index.Insert(contract.id, static_cast<std::int32_t>(facts.size()));
        facts.push_back({&contract, end, active,
                         std::vector<char>(static_cast<size_t>(std::max(contract.quantity, 0)), 0),
                         std::nullopt});
    }

    // Assignments: each license held by at most one room, within its term, in its account.
    std::vector<std::pair<Id, int>> active_per_room;  // (room, program's catalogue position)
    for (const Assignment& assignment : state.assignments) {
        std::int32_t at = contract_index.Find(assignment.contract_id);
        if (at < 0) {
            check.Report("integrity",
                         Named("assignment", assignment.id) + " refers to a missing contract");
            continue;
        }
        ContractFacts& fact = facts[static_cast<size_t>(at)];
        const Contract& contract = *fact.contract;
        Id owner = room_account(assignment.room_id);
        if (owner < 0) {
            check.Report("integrity",
                         Named("assignment", assignment.id) + " refers to a missing room");
        } else if (owner != contract.account_id) {
            check.Report("R-ROOM-2", Named("assignment", assignment.id) +
                                         " puts a license in another account's room");
        }
        if (assignment.released_on && *assignment.released_on < assignment.assigned_on) {
            check.Report("integrity", Named("assignment", assignment.id) +
                                          " is released before it was assigned");
        }
        if (!fact.earliest_assignment || assignment.assigned_on < *fact.earliest_assignment) {
            fact.earliest_assignment = assignment.assigned_on;
        }
        if (assignment.assigned_on < contract.purchase_date || assignment.assigned_on > fact.end) {
            check.Report("R-TERM-2", Named("assignment", assignment.id) +
                                         " was made outside its contract's term");
        }
        if (!assignment.held()) continue;
        const Program* program = catalogue.FindProgram(contract.program);
        if (program && !program->assignable_to_rooms) {
            check.Report("R-ROOM-6", Named("assignment", assignment.id) + " assigns a " +
                                         program->name + " license to a room");
        }
        if (contract.cancelled) {
            check.Report("R-ORD-7", Named("assignment", assignment.id) +
                                        " holds a license of a cancelled contract");
        }
        if (assignment.slot < 0 || assignment.slot >= contract.quantity) {
            check.Report("R-ROOM-1", Named("assignment", assignment.id) +
                                         " holds a license beyond the purchased count");
        } else if (fact.slot_held[static_cast<size_t>(assignment.slot)]++) {
            check.Report("R-ROOM-1", Named("assignment", assignment.id) +
                                         " holds a license another room holds too");
        }
        if (fact.active && program) {
            active_per_room.emplace_back(assignment.room_id,
                                         static_cast<int>(program - catalogue.programs.data()));
        }
    }
    for (const ContractFacts& fact : facts) {
        const Contract& contract = *fact.contract;
        // R-TERM-1: the term started no later than the first assignment.
        if (fact.earliest_assignment &&
            (!contract.first_assigned || *contract.first_assigned > *fact.earliest_assignment)) {
            check.Report("R-TERM-1", Named("contract", contract.id) +
                                         " started later than its first assignment");
        }
    }

    // R-ROOM-1: at most one active license of each program per room.
    FlatIdMap<char> active_seen(active_per_room.size(), 0);
    for (const auto& [room_id, program] : active_per_room) {
        if (!active_seen.Insert(room_id * kMaxPrograms + program, 1)) {
            check.Report("R-ROOM-1", Named("room", room_id) + " holds two active " +
                                         catalogue.programs[static_cast<size_t>(program)].id +
                                         " licenses");
        }
    }
    return std::move(check.violations);
}

}  // namespace portal

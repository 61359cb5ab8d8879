#include "core/ledger.h"

#include <algorithm>

namespace portal {

namespace {

template <class T>
const T* At(const std::vector<T>& items, std::int32_t position) {
    return position < 0 ? nullptr : &items[static_cast<size_t>(position)];
}

}  // namespace

void Ledger::BuildIndexes(bool devices) {
    const State& state = *state_;
    rooms_ = PositionsById(state.rooms);
    contracts_ = PositionsById(state.contracts);
    accounts_ = PositionsById(state.accounts);
    held_by_room_.clear();
    taken_.clear();
    assignment_at_.clear();
    next_assignment_id_ = 0;
    for (const Contract& contract : state.contracts) {
        taken_[contract.id].assign(static_cast<size_t>(std::max(contract.quantity, 0)), 0);
    }
    for (size_t i = 0; i < state.assignments.size(); ++i) {
        const Assignment& assignment = state.assignments[i];
        next_assignment_id_ = std::max(next_assignment_id_, assignment.id);
        assignment_at_[assignment.id] = static_cast<std::int32_t>(i);
        if (!assignment.held()) continue;
        held_by_room_[assignment.room_id].push_back(static_cast<std::int32_t>(i));
        auto slots = taken_.find(assignment.contract_id);
        if (slots != taken_.end() && assignment.slot >= 0 &&
            assignment.slot < static_cast<int>(slots->second.size())) {
            slots->second[static_cast<size_t>(assignment.slot)] = 1;
        }
    }
    for (const HeldSlots& held : state.held_elsewhere) {
        auto slots = taken_.find(held.contract_id);
        if (slots == taken_.end()) continue;
        auto size = static_cast<int>(slots->second.size());
        for (int slot = 0; slot < std::min(held.dense, size); ++slot) {
            slots->second[static_cast<size_t>(slot)] = 1;
        }
        for (int slot : held.slots) {
            if (slot >= 0 && slot < size) slots->second[static_cast<size_t>(slot)] = 1;
        }
    }
    device_at_.clear();
    devices_indexed_ = devices;
    if (devices) {
        device_at_.reserve(state.devices.size());
        for (size_t i = 0; i < state.devices.size(); ++i) {
            device_at_.emplace(state.devices[i].serial, static_cast<std::int32_t>(i));
        }
    }
    indexed_ = true;
}

const Room* Ledger::FindRoom(Id id) const {
    return indexed_ ? At(state_->rooms, rooms_.Find(id)) : state_->FindRoom(id);
}

const Contract* Ledger::FindContract(Id id) const {
    return indexed_ ? At(state_->contracts, contracts_.Find(id)) : state_->FindContract(id);
}

const Account* Ledger::FindAccount(Id id) const {
    return indexed_ ? At(state_->accounts, accounts_.Find(id)) : state_->FindAccount(id);
}

const Device* Ledger::FindDevice(const std::string& serial) const {
    if (!devices_indexed_) return state_->FindDevice(serial);
    auto found = device_at_.find(serial);
    return found == device_at_.end() ? nullptr : At(state_->devices, found->second);
}

std::vector<const Assignment*> Ledger::HeldIn(Id room_id) const {
    std::vector<const Assignment*> held;
    if (indexed_) {
        auto found = held_by_room_.find(room_id);
        if (found != held_by_room_.end()) {
            for (std::int32_t position : found->second)
                held.push_back(At(state_->assignments, position));
        }
        return held;
    }
    for (const Assignment& assignment : state_->assignments) {
        if (assignment.room_id == room_id && assignment.held()) held.push_back(&assignment);
    }
    return held;
}

std::vector<bool> Ledger::TakenSlots(const Contract& contract) const {
    std::vector<bool> taken(static_cast<size_t>(std::max(contract.quantity, 0)), false);
    if (indexed_) {
        auto found = taken_.find(contract.id);
        if (found != taken_.end()) {
            for (size_t i = 0; i < taken.size() && i < found->second.size(); ++i) {
                taken[i] = found->second[i] != 0;
            }
        }
        return taken;
    }
    auto take = [&](int slot) {
        if (slot >= 0 && slot < contract.quantity) taken[static_cast<size_t>(slot)] = true;
    };
    for (const Assignment& assignment : state_->assignments) {
        if (assignment.contract_id == contract.id && assignment.held()) take(assignment.slot);
    }
    if (const HeldSlots* elsewhere = state_->HeldElsewhere(contract.id)) {
        for (int slot = 0; slot < elsewhere->dense; ++slot) take(slot);
        for (int slot : elsewhere->slots) take(slot);
    }
    return taken;
}

void Ledger::Apply(State& state, const Change& change) {
    if (!indexed_ || !change.cancelled_orders.empty() ||
        (!devices_indexed_ && (!change.new_devices.empty() || !change.device_moves.empty()))) {
        // Rare in previews: apply by scanning, then index afresh.
        portal::Apply(state, change);
        if (indexed_) BuildIndexes(devices_indexed_);
        return;
    }
    for (const Release& release : change.releases) {
        auto found = assignment_at_.find(release.assignment_id);
        if (found == assignment_at_.end()) continue;
        Assignment& assignment = state.assignments[static_cast<size_t>(found->second)];
        if (!assignment.held()) continue;
        assignment.released_on = change.on;
        assignment.release_reason = release.reason;
        auto& held = held_by_room_[assignment.room_id];
        held.erase(std::remove(held.begin(), held.end(), found->second), held.end());
        auto slots = taken_.find(assignment.contract_id);
        if (slots != taken_.end() && assignment.slot >= 0 &&
            assignment.slot < static_cast<int>(slots->second.size())) {
            slots->second[static_cast<size_t>(assignment.slot)] = 0;
        }
    }
    for (Assignment assignment : change.new_assignments) {
        if (assignment.id == 0) assignment.id = ++next_assignment_id_;
        auto position = static_cast<std::int32_t>(state.assignments.size());
        state.assignments.push_back(assignment);
        assignment_at_[assignment.id] = position;
        held_by_room_[assignment.room_id].push_back(position);
        auto slots = taken_.find(assignment.contract_id);
        if (slots != taken_.end() && assignment.slot >= 0 &&
            assignment.slot < static_cast<int>(slots->second.size())) {
            slots->second[static_cast<size_t>(assignment.slot)] = 1;
        }
    }
    for (Id contract_id : change.contracts_started) {
        std::int32_t position = contracts_.Find(contract_id);
        if (position < 0) continue;
        Contract& contract = state.contracts[static_cast<size_t>(position)];
        if (!contract.first_assigned) contract.first_assigned = change.on;
    }
    for (const Device& device : change.new_devices) {
        device_at_.emplace(device.serial, static_cast<std::int32_t>(state.devices.size()));
        state.devices.push_back(device);
    }
    for (const DevicePlacement& move : change.device_moves) {
        auto found = device_at_.find(move.serial);
        if (found != device_at_.end()) {
            state.devices[static_cast<size_t>(found->second)].room_id = move.room_id;
        }
    }
}

const Assignment* ActiveIn(const Ledger& ledger, const Catalogue& catalogue, Id room_id,
                           const std::string& program, Date today) {
    for (const Assignment* assignment : ledger.HeldIn(room_id)) {
        const Contract* contract = ledger.FindContract(assignment->contract_id);
        if (contract && contract->program == program && !contract->cancelled &&
            today >= ContractStart(catalogue, *contract) &&
            today <= ContractEnd(catalogue, *contract)) {
            return assignment;
        }
    }
    return nullptr;
}

}  // namespace portal

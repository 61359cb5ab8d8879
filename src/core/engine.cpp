// Actions on licenses and devices: planning (the rules), applying, previewing.
#include "core/engine.h"

#include <algorithm>
#include <cctype>

#include "core/ledger.h"
#include "core/refusals.h"

namespace portal {

// ---------------------------------------------------------------------------------------------
// [SECTION] Action constructors

Action Action::Assign(Id room, Id contract) {
    Action action;
    action.kind = ActionKind::AssignLicense;
    action.room_id = room;
    action.contract_id = contract;
    return action;
}

Action Action::Unassign(Id room, std::string program) {
    Action action;
    action.kind = ActionKind::UnassignLicense;
    action.room_id = room;
    action.program = std::move(program);
    return action;
}

Action Action::MoveLicense(Id from_room, std::string program, Id to_room) {
    Action action;
    action.kind = ActionKind::MoveLicense;
    action.room_id = from_room;
    action.program = std::move(program);
    action.to_room_id = to_room;
    return action;
}

Action Action::PlaceDevice(Id account, std::string serial, std::string product, Id room,
                           Date purchase_date) {
    Action action;
    action.kind = ActionKind::PlaceDevice;
    action.account_id = account;
    action.serial = std::move(serial);
    action.product = std::move(product);
    action.room_id = room;
    action.purchase_date = purchase_date;
    return action;
}

Action Action::MoveDevice(std::string serial, Id to_room) {
    Action action;
    action.kind = ActionKind::MoveDevice;
    action.serial = std::move(serial);
    action.to_room_id = to_room;
    return action;
}

bool Change::empty() const {
    return new_assignments.empty() && releases.empty() && contracts_started.empty() &&
           new_devices.empty() && device_moves.empty() && cancelled_orders.empty();
}

namespace {

using Planned = Outcome<Change>;

std::string ProgramName(const Catalogue& catalogue, const std::string& program) {
    const Program* found = catalogue.FindProgram(program);
    return found ? found->name : program;
}

// R-ROOM-5: the room's country must list the program as available.
std::optional<Refusal> CheckCountry(const Catalogue& catalogue, const Room& room,
                                    const std::string& program) {
    if (!catalogue.FindCountry(room.country)) return refusals::CountryNotListed(room.country);
    const CountryCondition* condition = ConditionsIn(catalogue, room.country, program);
    if (!condition || !condition->available) {
        return refusals::ProgramUnavailable(ProgramName(catalogue, program), room.country);
    }
    return std::nullopt;
}

// The held assignment of `program` in a room; an active one when there is, else any held one.
const Assignment* HeldLicense(const Ledger& ledger, const Catalogue& catalogue, Id room_id,
                              const std::string& program, Date today) {
    if (const Assignment* active = ActiveIn(ledger, catalogue, room_id, program, today)) {
        return active;
    }
    for (const Assignment* assignment : ledger.HeldIn(room_id)) {
        const Contract* contract = ledger.FindContract(assignment->contract_id);
        if (contract && contract->program == program) return assignment;
    }
    return nullptr;
}

// Refusals shared by assigning a contract's license to a room and moving one into a room.
std::optional<Refusal> CheckLicenseFitsRoom(const Ledger& ledger, const Catalogue& catalogue,
                                            const Contract& contract, const Room& room,
                                            Date today) {
    if (room.account_id != contract.account_id) {
        return refusals::WrongAccount(room.name, contract.po_number);
    }
    if (auto refusal = CheckCountry(catalogue, room, contract.program)) return refusal;
    if (ActiveIn(ledger, catalogue, room.id, contract.program, today)) {
        return refusals::RoomAlreadyLicensed(room.name, ProgramName(catalogue, contract.program));
    }
    return std::nullopt;
}

// A contract whose licenses may be used today (R-ROOM-6, R-ORD-7, R-TERM-1, R-TERM-2).
std::optional<Refusal> CheckContractUsable(const Catalogue& catalogue, const Contract& contract,
                                           Date today) {
    const Program* program = catalogue.FindProgram(contract.program);
    if (!program || !program->assignable_to_rooms) {
        return refusals::NotAssignable(ProgramName(catalogue, contract.program));
    }
    if (contract.cancelled) return refusals::ContractCancelled(contract.po_number);
    if (today < contract.purchase_date) {
        return refusals::NotYetPurchased(contract.po_number, FormatDate(contract.purchase_date));
    }
    if (today > ContractEnd(catalogue, contract)) {
        return refusals::ContractExpired(contract.po_number,
                                         FormatDate(ContractEnd(catalogue, contract)));
    }
    return std::nullopt;
}

Planned PlanAssign(const Ledger& ledger, const Catalogue& catalogue, const Action& action,
                   Date today) {
    const Room* room = ledger.FindRoom(action.room_id);
    if (!room) return Planned::Refuse(refusals::RoomNotFound());
    const Contract* contract = ledger.FindContract(action.contract_id);
    if (!contract) return Planned::Refuse(refusals::ContractNotFound());
    if (room->account_id != contract->account_id) {
        return Planned::Refuse(refusals::WrongAccount(room->name, contract->po_number));
    }
    if (auto refusal = CheckContractUsable(catalogue, *contract, today)) {
        return Planned::Refuse(*refusal);
    }
    if (auto refusal = CheckLicenseFitsRoom(ledger, catalogue, *contract, *room, today)) {
        return Planned::Refuse(*refusal);
    }
    // The lowest slot no room holds: licenses are counted, never duplicated (R-ROOM-1).
    std::vector<bool> taken = ledger.TakenSlots(*contract);
    auto free = std::find(taken.begin(), taken.end(), false);
    if (free == taken.end()) {
        return Planned::Refuse(refusals::NoFreeLicense(contract->po_number, contract->quantity));
    }
    Change change;
    change.on = today;
    Assignment assignment;
    assignment.contract_id = contract->id;
    assignment.slot = static_cast<int>(free - taken.begin());
    assignment.room_id = room->id;
    assignment.assigned_on = today;
    change.new_assignments.push_back(assignment);
    if (!contract->first_assigned) change.contracts_started.push_back(contract->id);
    return Planned::Accept(std::move(change));
}

Planned PlanUnassign(const Ledger& ledger, const Catalogue& catalogue, const Action& action,
                     Date today) {
    const Room* room = ledger.FindRoom(action.room_id);
    if (!room) return Planned::Refuse(refusals::RoomNotFound());
    const Assignment* held = HeldLicense(ledger, catalogue, room->id, action.program, today);
    if (!held) {
        return Planned::Refuse(
            refusals::NoLicenseHeld(room->name, ProgramName(catalogue, action.program)));
    }
    Change change;
    change.on = today;
    change.releases.push_back({held->id, ReleaseReason::Unassigned});
    return Planned::Accept(std::move(change));
}

// R-ROOM-4: the same license (contract and slot) leaves one room and enters the other.
Planned PlanMoveLicense(const Ledger& ledger, const Catalogue& catalogue, const Action& action,
                        Date today) {
    const Room* from = ledger.FindRoom(action.room_id);
    if (!from) return Planned::Refuse(refusals::RoomNotFound());
    Refusal missing_target = refusals::RoomNotFound();
    missing_target.field = "toRoomId";
    const Room* to = ledger.FindRoom(action.to_room_id);
    if (!to) return Planned::Refuse(missing_target);
    if (to->id == from->id) return Planned::Refuse(refusals::SameRoom());
    const Assignment* held = HeldLicense(ledger, catalogue, from->id, action.program, today);
    if (!held) {
        return Planned::Refuse(
            refusals::NoLicenseHeld(from->name, ProgramName(catalogue, action.program)));
    }
    const Contract* contract = ledger.FindContract(held->contract_id);
    if (!contract) return Planned::Refuse(refusals::ContractNotFound());
    if (auto refusal = CheckContractUsable(catalogue, *contract, today)) {
        return Planned::Refuse(*refusal);
    }
    if (auto refusal = CheckLicenseFitsRoom(ledger, catalogue, *contract, *to, today)) {
        return Planned::Refuse(*refusal);
    }
    Change change;
    change.on = today;
    change.releases.push_back({held->id, ReleaseReason::Moved});
    Assignment moved;
    moved.contract_id = held->contract_id;
    moved.slot = held->slot;
    moved.room_id = to->id;
    moved.assigned_on = today;
    change.new_assignments.push_back(moved);
    return Planned::Accept(std::move(change));
}

bool ValidSerial(const std::string& serial) {
    if (serial.size() < 4 || serial.size() > 32) return false;
    return std::all_of(serial.begin(), serial.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    });
}

Planned PlanPlaceDevice(const Ledger& ledger, const Catalogue& catalogue, const Action& action,
                        Date today) {
    if (!ledger.FindAccount(action.account_id)) return Planned::Refuse(refusals::AccountNotFound());
    if (!ValidSerial(action.serial)) return Planned::Refuse(refusals::InvalidSerial(action.serial));
    if (!catalogue.FindProduct(action.product)) {
        return Planned::Refuse(refusals::UnknownProduct(action.product));
    }
    if (action.purchase_date > today) return Planned::Refuse(refusals::PurchaseInFuture());
    if (action.room_id != 0) {
        const Room* room = ledger.FindRoom(action.room_id);
        if (!room) return Planned::Refuse(refusals::RoomNotFound());
        if (room->account_id != action.account_id) {
            return Planned::Refuse(refusals::DeviceOtherAccount(action.serial));
        }
    }
    // Who holds the serial comes last, once the caller's own input is right, so that a bad
    // request answers the same whoever holds it; another customer's is not confirmed (issue 16).
    if (const Device* held = ledger.FindDevice(action.serial)) {
        return Planned::Refuse(held->account_id == action.account_id
                                   ? refusals::SerialInUse(action.serial)
                                   : refusals::SerialUnavailable());
    }
    Change change;
    change.on = today;
    change.new_devices.push_back(
        {action.serial, action.account_id, action.product, action.room_id, action.purchase_date});
    return Planned::Accept(std::move(change));
}

Planned PlanMoveDevice(const Ledger& ledger, const Action& action, Date today) {
    const Device* device = ledger.FindDevice(action.serial);
    if (!device) return Planned::Refuse(refusals::DeviceNotFound(action.serial));
    if (action.to_room_id == device->room_id) return Planned::Refuse(refusals::SameRoom());
    if (action.to_room_id != 0) {
        const Room* room = ledger.FindRoom(action.to_room_id);
        if (!room) {
            Refusal missing = refusals::RoomNotFound();
            missing.field = "roomId";
            return Planned::Refuse(missing);
        }
        if (room->account_id != device->account_id) {
            return Planned::Refuse(refusals::DeviceOtherAccount(action.serial));
        }
    }
    Change change;
    change.on = today;
    change.device_moves.push_back({device->serial, action.to_room_id});
    return Planned::Accept(std::move(change));
}

}  // namespace

namespace {

Outcome<Change> PlanWith(const Ledger& ledger, const Catalogue& catalogue, const Action& action,
                         Date today) {
    switch (action.kind) {
        case ActionKind::AssignLicense:
            return PlanAssign(ledger, catalogue, action, today);
        case ActionKind::UnassignLicense:
            return PlanUnassign(ledger, catalogue, action, today);
        case ActionKind::MoveLicense:
            return PlanMoveLicense(ledger, catalogue, action, today);
        case ActionKind::PlaceDevice:
            return PlanPlaceDevice(ledger, catalogue, action, today);
        case ActionKind::MoveDevice:
            return PlanMoveDevice(ledger, action, today);
    }
    return Planned::Refuse(refusals::RoomNotFound());
}

}  // namespace

Outcome<Change> Plan(const State& state, const Catalogue& catalogue, const Action& action,
                     Date today) {
    return PlanWith(Ledger(state), catalogue, action, today);
}

namespace {

// A partial state's dense run of held slots loses `slot`: the run ends below it, and the
// slots above it are listed one by one.
void FreeDenseSlot(State& state, Id contract_id, int slot) {
    for (HeldSlots& held : state.held_elsewhere) {
        if (held.contract_id != contract_id || slot < 0 || slot >= held.dense) continue;
        for (int above = slot + 1; above < held.dense; ++above) held.slots.push_back(above);
        held.dense = slot;
    }
}

}  // namespace

void Apply(State& state, const Change& change) {
    for (const Release& release : change.releases) {
        for (Assignment& assignment : state.assignments) {
            if (assignment.id == release.assignment_id && assignment.held()) {
                assignment.released_on = change.on;
                assignment.release_reason = release.reason;
                FreeDenseSlot(state, assignment.contract_id, assignment.slot);
            }
        }
    }
    Id next_id = 0;
    for (const Assignment& assignment : state.assignments)
        next_id = std::max(next_id, assignment.id);
    for (Assignment assignment : change.new_assignments) {
        if (assignment.id == 0) assignment.id = ++next_id;
        state.assignments.push_back(assignment);
    }
    for (Id contract_id : change.contracts_started) {
        for (Contract& contract : state.contracts) {
            if (contract.id == contract_id && !contract.first_assigned) {
                contract.first_assigned = change.on;
            }
        }
    }
    for (const Device& device : change.new_devices) state.devices.push_back(device);
    for (const DevicePlacement& move : change.device_moves) {
        for (Device& device : state.devices) {
            if (device.serial == move.serial) device.room_id = move.room_id;
        }
    }
    for (Id order_id : change.cancelled_orders) {
        for (Order& order : state.orders) {
            if (order.id == order_id) {
                order.status = OrderStatus::Cancelled;
                order.cancelled_on = change.on;
            }
        }
        for (Contract& contract : state.contracts) {
            if (contract.order_id == order_id) contract.cancelled = true;
        }
    }
}

Outcome<Change> Perform(State& state, const Catalogue& catalogue, const Action& action,
                        Date today) {
    Outcome<Change> planned = Plan(state, catalogue, action, today);
    if (planned.ok()) Apply(state, planned.value);
    return planned;
}

std::vector<PreviewItem> Preview(const State& state, const Catalogue& catalogue,
                                 const std::vector<Action>& actions, Date today) {
    // Each action sees the ones before it; `state` stays as it is. Devices are the largest
    // table and only device actions read them: copy them only for those.
    bool touches_devices = std::any_of(actions.begin(), actions.end(), [](const Action& action) {
        return action.kind == ActionKind::PlaceDevice || action.kind == ActionKind::MoveDevice;
    });
    State scratch;
    scratch.parent_entities = state.parent_entities;
    scratch.accounts = state.accounts;
    scratch.rooms = state.rooms;
    if (touches_devices) scratch.devices = state.devices;
    scratch.orders = state.orders;
    scratch.contracts = state.contracts;
    scratch.assignments = state.assignments;
    Ledger ledger(scratch);
    ledger.BuildIndexes(touches_devices);
    std::vector<PreviewItem> items;
    items.reserve(actions.size());
    for (const Action& action : actions) {
        Outcome<Change> planned = PlanWith(ledger, catalogue, action, today);
        if (planned.ok()) ledger.Apply(scratch, planned.value);
        items.push_back({planned.ok(), planned.refusal, std::move(planned.value)});
    }
    return items;
}

}  // namespace portal

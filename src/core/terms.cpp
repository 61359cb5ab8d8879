// Terms, balances and what a license gives a room: R-TERM-*, R-GATE-*, R-SKU-3, R-ROOM-5.
#include <algorithm>

#include "core/engine.h"
#include "core/ledger.h"

namespace portal {

const char* ContractStatusId(ContractStatus status) {
    switch (status) {
        case ContractStatus::Pending:
            return "pending";
        case ContractStatus::Active:
            return "active";
        case ContractStatus::Expired:
            return "expired";
        case ContractStatus::Cancelled:
            return "cancelled";
    }
    return "unknown";
}

// R-TERM-1: the earlier of the first assignment and purchase + the grace period.
Date ContractStart(const Catalogue& catalogue, const Contract& contract) {
    Date automatic = AddDays(contract.purchase_date, catalogue.rules.start_grace_days);
    if (contract.first_assigned && *contract.first_assigned < automatic) {
        return *contract.first_assigned;
    }
    return automatic;
}

// R-TERM-2: exactly the purchased length; the end is the last day of service.
Date ContractEnd(const Catalogue& catalogue, const Contract& contract) {
    return AddDays(AddYears(ContractStart(catalogue, contract), contract.term_years), -1);
}

ContractView ViewContract(const State& state, const Catalogue& catalogue, const Contract& contract,
                          Date today) {
    ContractView view;
    view.start = ContractStart(catalogue, contract);
    view.end = ContractEnd(catalogue, contract);
    view.status = contract.cancelled   ? ContractStatus::Cancelled
                  : today < view.start ? ContractStatus::Pending
                  : today > view.end   ? ContractStatus::Expired
                                       : ContractStatus::Active;
    // Held slots below `dense` of a partial state are counted once, rows or not.
    const HeldSlots* elsewhere = state.HeldElsewhere(contract.id);
    int dense = elsewhere ? elsewhere->dense : 0;
    for (const Assignment& assignment : state.assignments) {
        if (assignment.contract_id == contract.id && assignment.held() &&
            assignment.slot >= dense) {
            ++view.assigned;
        }
    }
    if (elsewhere) view.assigned += dense + static_cast<int>(elsewhere->slots.size());
    bool usable = view.status == ContractStatus::Pending || view.status == ContractStatus::Active;
    view.free = usable ? std::max(0, contract.quantity - view.assigned) : 0;
    view.days_left = usable ? DaysBetween(today, view.end) + 1 : 0;
    return view;
}

namespace {

bool ContractActive(const Catalogue& catalogue, const Contract& contract, Date today) {
    return !contract.cancelled && today >= ContractStart(catalogue, contract) &&
           today <= ContractEnd(catalogue, contract);
}

bool Grants(const Catalogue& catalogue, const std::string& program, Feature feature) {
    const Program* found = catalogue.FindProgram(program);
    return found && std::find(found->features.begin(), found->features.end(), feature) !=
                        found->features.end();
}

}  // namespace

const Assignment* ActiveLicense(const State& state, const Catalogue& catalogue, Id room_id,
                                const std::string& program, Date today) {
    return ActiveIn(Ledger(state), catalogue, room_id, program, today);
}

RoomEntitlements EntitlementsOf(const State& state, const Catalogue& catalogue, Id room_id,
                                Date today) {
    RoomEntitlements result;
    for (const Assignment& assignment : state.assignments) {
        if (assignment.room_id != room_id || !assignment.held()) continue;
        const Contract* contract = state.FindContract(assignment.contract_id);
        if (!contract || !ContractActive(catalogue, *contract, today)) continue;
        const std::string& program = contract->program;
        if (std::find(result.programs.begin(), result.programs.end(), program) ==
            result.programs.end()) {
            result.programs.push_back(program);
        }
        result.insights |= Grants(catalogue, program, Feature::Insights);
        result.alerts |= Grants(catalogue, program, Feature::Alerts);
        result.support |= Grants(catalogue, program, Feature::Support);
        result.warranty |= Grants(catalogue, program, Feature::Warranty);
        result.rma |= Grants(catalogue, program, Feature::Rma);
    }
    std::sort(result.programs.begin(), result.programs.end());
    return result;
}

std::vector<RoomEntitlements> EntitlementsOfRooms(const State& state, const Catalogue& catalogue,
                                                  Date today) {
    Ledger ledger(state);
    ledger.BuildIndexes(/*devices=*/false);
    FlatIdMap<std::int32_t> room_at(state.rooms.size(), -1);
    for (size_t i = 0; i < state.rooms.size(); ++i) {
        room_at.Insert(state.rooms[i].id, static_cast<std::int32_t>(i));
    }
    std::vector<RoomEntitlements> result(state.rooms.size());
    for (const Assignment& assignment : state.assignments) {
        if (!assignment.held()) continue;
        std::int32_t at = room_at.Find(assignment.room_id);
        const Contract* contract = ledger.FindContract(assignment.contract_id);
        if (at < 0 || !contract || !ContractActive(catalogue, *contract, today)) continue;
        RoomEntitlements& room = result[static_cast<size_t>(at)];
        const std::string& program = contract->program;
        if (std::find(room.programs.begin(), room.programs.end(), program) == room.programs.end()) {
            room.programs.push_back(program);
        }
        room.insights |= Grants(catalogue, program, Feature::Insights);
        room.alerts |= Grants(catalogue, program, Feature::Alerts);
        room.support |= Grants(catalogue, program, Feature::Support);
        room.warranty |= Grants(catalogue, program, Feature::Warranty);
        room.rma |= Grants(catalogue, program, Feature::Rma);
    }
    for (RoomEntitlements& room : result) std::sort(room.programs.begin(), room.programs.end());
    return result;
}

std::optional<Date> WarrantyEnd(const State& state, const Catalogue& catalogue,
                                const std::string& serial, Date today) {
    const Device* device = state.FindDevice(serial);
    if (!device || device->room_id == 0) return std::nullopt;
    std::optional<Date> latest;
    for (const Assignment& assignment : state.assignments) {
        if (assignment.room_id != device->room_id || !assignment.held()) continue;
        const Contract* contract = state.FindContract(assignment.contract_id);
        if (!contract || !ContractActive(catalogue, *contract, today) ||
            !Grants(catalogue, contract->program, Feature::Warranty)) {
            continue;
        }
        Date end = ContractEnd(catalogue, *contract);
        if (!latest || end > *latest) latest = end;
    }
    if (!latest) return std::nullopt;
    // R-SKU-3: never past the cap counted from the device's own purchase date.
    Date cap = AddDays(AddYears(device->purchase_date, catalogue.rules.warranty_cap_years), -1);
    return std::min(*latest, cap);
}

const CountryCondition* ConditionsIn(const Catalogue& catalogue, const std::string& country,
                                     const std::string& program) {
    const Country* found = catalogue.FindCountry(country);
    if (!found) return nullptr;
    for (const CountryCondition& condition : found->conditions) {
        if (condition.program == program) return &condition;
    }
    return nullptr;
}

}  // namespace portal

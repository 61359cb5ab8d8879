// The entitlement engine: every contract, license, room and spares rule of shared/domain.md, as
// pure functions over State. The server enforces with it; the browser runs the same code to say,
// before anything is sent, what an action will do or which rule stops it.
//
// Changing operations come in two steps: Plan() decides (a Change, or a Refusal naming the rule)
// without touching the state; Apply() performs a planned Change. The server writes the same
// Change to its database inside one transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/model.h"
#include "core/refusal.h"

namespace portal {

// ---------------------------------------------------------------------------------------------
// [SECTION] Actions and their effects

enum class ActionKind { AssignLicense, UnassignLicense, MoveLicense, PlaceDevice, MoveDevice };

struct Action {
    ActionKind kind = ActionKind::AssignLicense;
    Id room_id = 0;       // the room acted on (the source of a move)
    Id contract_id = 0;   // AssignLicense
    std::string program;  // UnassignLicense, MoveLicense
    Id to_room_id = 0;    // MoveLicense, MoveDevice (0: take the device out of its room)
    std::string serial;   // PlaceDevice, MoveDevice
    std::string product;  // PlaceDevice
    Date purchase_date;   // PlaceDevice
    Id account_id = 0;    // PlaceDevice

    static Action Assign(Id room, Id contract);
    static Action Unassign(Id room, std::string program);
    static Action MoveLicense(Id from_room, std::string program, Id to_room);
    static Action PlaceDevice(Id account, std::string serial, std::string product, Id room,
                              Date purchase_date);
    static Action MoveDevice(std::string serial, Id to_room);
};

struct Release {
    Id assignment_id = 0;
    ReleaseReason reason = ReleaseReason::Unassigned;
};

struct DevicePlacement {
    std::string serial;
    Id room_id = 0;
};

// What an accepted action changes, all on one day. New assignments have id 0 until applied.
struct Change {
    Date on;
    std::vector<Assignment> new_assignments;
    std::vector<Release> releases;
    std::vector<Id> contracts_started;  // first assignment: first_assigned = on (R-TERM-1)
    std::vector<Device> new_devices;
    std::vector<DevicePlacement> device_moves;
    std::vector<Id> cancelled_orders;  // their contracts are cancelled too

    bool empty() const;
};

Outcome<Change> Plan(const State& state, const Catalogue& catalogue, const Action& action,
                     Date today);
void Apply(State& state, const Change& change);

// Plan + Apply on `state`; the state is untouched when the action is refused.
Outcome<Change> Perform(State& state, const Catalogue& catalogue, const Action& action, Date today);

// "What happens if": each action planned after the ones before it, none applied to `state`.
struct PreviewItem {
    bool ok = false;
    std::optional<Refusal> refusal;
    Change change;
};
std::vector<PreviewItem> Preview(const State& state, const Catalogue& catalogue,
                                 const std::vector<Action>& actions, Date today);

// ---------------------------------------------------------------------------------------------
// [SECTION] Orders (R-ORD-*)

struct FieldProblem {
    std::string field;  // "endCustomer.email", "lines[1].sku"
    Text message;
};

struct OrderCheck {
    std::vector<FieldProblem> missing_or_invalid;  // R-ORD-1
    std::optional<Refusal> refusal;                // R-ORD-2 (one service type per PO)
    std::string program;                           // the order's program when valid

    bool ok() const { return missing_or_invalid.empty() && !refusal; }
};

OrderCheck ValidateOrder(const Catalogue& catalogue, const Order& order);

// Contracts an order turns into: one per line (R-TERM-3, R-TERM-4). Ids are left 0.
std::vector<Contract> ContractsForOrder(const Catalogue& catalogue, const Order& order);

// Where an order goes (R-ORD-3): the parent entity by company name, the account by address.
struct OrderMatch {
    enum class Kind {
        ExistingAccount,  // account_id
        NewAccount,       // a new site/headquarters account under parent_entity_id
        NewCustomer,      // a new parent entity and its first account
        Unmatched,        // kept for operators (R-ORD-4); reason says why
    };
    Kind kind = Kind::Unmatched;
    Id parent_entity_id = 0;
    Id account_id = 0;
    Text reason;
};
OrderMatch MatchOrder(const State& state, const Order& order);

// R-ORD-7: cancellable up to and including purchase date + cancellation days.
Date CancellationDeadline(const Catalogue& catalogue, const Order& order);
Outcome<Change> PlanCancelOrder(const State& state, const Catalogue& catalogue, Id order_id,
                                Date today);

// ---------------------------------------------------------------------------------------------
// [SECTION] Terms and balances (R-TERM-*)

enum class ContractStatus { Pending, Active, Expired, Cancelled };
const char* ContractStatusId(ContractStatus status);  // "pending", "active", ...

struct ContractView {
    Date start;  // R-TERM-1
    Date end;    // last day of service (R-TERM-2)
    ContractStatus status = ContractStatus::Pending;
    int assigned = 0;   // licenses held by rooms now
    int free = 0;       // licenses that can still be assigned
    int days_left = 0;  // until end (0 once expired)
};

ContractView ViewContract(const State& state, const Catalogue& catalogue, const Contract& contract,
                          Date today);
Date ContractStart(const Catalogue& catalogue, const Contract& contract);
Date ContractEnd(const Catalogue& catalogue, const Contract& contract);

// ---------------------------------------------------------------------------------------------
// [SECTION] Rooms and devices (R-GATE-*, R-SKU-3, R-ROOM-5)

struct RoomEntitlements {
    std::vector<std::string> programs;  // programs with an active license in the room
    bool insights = false;              // R-GATE-1
    bool alerts = false;                // R-GATE-2
    bool support = false;               // R-GATE-4
    bool warranty = false;
    bool rma = false;
};
RoomEntitlements EntitlementsOf(const State& state, const Catalogue& catalogue, Id room_id,
                                Date today);

// EntitlementsOf for every room of state.rooms, in that order, in one pass over the licenses
// held (a room list of 10,000 rooms must not be 10,000 scans).
std::vector<RoomEntitlements> EntitlementsOfRooms(const State& state, const Catalogue& catalogue,
                                                  Date today);

// The active license a room holds for a program, if any.
const Assignment* ActiveLicense(const State& state, const Catalogue& catalogue, Id room_id,
                                const std::string& program, Date today);

// R-SKU-3: the warranty end a device has from the licenses of its room, never past the cap from
// its own purchase date; nullopt when no active license of its room extends its warranty.
std::optional<Date> WarrantyEnd(const State& state, const Catalogue& catalogue,
                                const std::string& serial, Date today);

// R-ROOM-5: what a program is like in a country; nullptr when the catalogue does not list it.
const CountryCondition* ConditionsIn(const Catalogue& catalogue, const std::string& country,
                                     const std::string& program);

// ---------------------------------------------------------------------------------------------
// [SECTION] Spares (R-SPARE-1)

struct SpareGrant {
    Id order_id = 0;
    Date date;
    int pool = 0;  // 1 for the first pool granted, 2 for the second, ...
};

struct SparesSummary {
    Id parent_entity_id = 0;
    int select_rooms = 0;  // Select licenses purchased, cumulatively, not cancelled
    int pools = 0;
    std::vector<SpareGrant> grants;
};
SparesSummary SparesOf(const State& state, const Catalogue& catalogue, Id parent_entity_id);

// R-SPARE-2: what to stock in the spares pools, for the customer success manager to choose
// from: the products the customer deployed (most deployed first), and the sites whose country
// does not promise next-business-day RMA for the spares-granting program.
struct SpareProduct {
    std::string product;
    int deployed = 0;  // devices of this product placed in the customer's rooms
};
struct SpareSite {
    std::string site;
    std::string country;
    std::string rma_speed;  // as the catalogue says ("best-effort", ...); empty: not listed
    int rooms = 0;
};
struct SpareCandidates {
    std::vector<SpareProduct> products;
    std::vector<SpareSite> slow_rma_sites;
};
SpareCandidates SpareCandidatesOf(const State& state, const Catalogue& catalogue,
                                  Id parent_entity_id);

// ---------------------------------------------------------------------------------------------
// [SECTION] Whole-state check

struct Violation {
    std::string rule;     // the rule or invariant broken ("R-ROOM-1", "integrity")
    std::string message;  // what and where, for logs and operators
};

// Every invariant at once: references, catalogue membership, unique serials, licenses held once
// and never above purchased, one active license per program and room, nothing held outside its
// term, cancelled contracts holding nothing. Fastest with devices in serial order (repeats are
// then neighbours; any order is checked correctly) and dense room ids, as the database gives them.
std::vector<Violation> CheckState(const State& state, const Catalogue& catalogue, Date today);

}  // namespace portal

// Assigning, unassigning and moving licenses: R-ROOM-1, R-ROOM-2, R-ROOM-4, R-ROOM-5, R-ROOM-6,
// R-ORD-6, R-ORD-7.
#include "world.h"

namespace portal::testing {
namespace {

struct Licenses : ::testing::Test {
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id paris = world.Room(account, "Salle Étoile", "FR");
    Id lyon = world.Room(account, "Confluence", "FR");
    Id select = world.Contract(account, "SELECT-1Y", 2, D("2026-01-10"));
    Date today = D("2026-01-15");
};

TEST_F(Licenses, OneLicenseServesOneRoom) {  // R-ROOM-1
    auto first = world.Do(Action::Assign(paris, select), today);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first.value.contracts_started, std::vector<Id>{select});
    ASSERT_TRUE(world.Do(Action::Assign(lyon, select), today).ok());
    Id third = world.Room(account, "Opéra");
    ExpectRefused(world.Do(Action::Assign(third, select), today), "R-ROOM-1", "no_free_license");
    world.ExpectConsistent(today);
}

// The server plans one assignment on a partial state: the room and the contract, with the
// contract's licenses held in other rooms as slots only. It must decide as the whole state does.
TEST_F(Licenses, APartialStateWithSlotsHeldElsewherePlansAsTheWholeOne) {  // R-ROOM-1
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 4, D("2026-01-10"));
    std::vector<Id> rooms;
    for (int i = 0; i < 4; ++i) rooms.push_back(world.Room(account));
    ASSERT_TRUE(world.Do(Action::Assign(rooms[0], sync), today).ok());
    ASSERT_TRUE(world.Do(Action::Assign(rooms[1], sync), today).ok());
    ASSERT_TRUE(world.Do(Action::Assign(rooms[2], sync), today).ok());
    ASSERT_TRUE(world.Do(Action::Unassign(rooms[1], "syncplus"), today).ok());  // slot 1 free

    auto partial_for = [&](Id room) {
        State partial;
        partial.parent_entities = world.state.parent_entities;
        partial.accounts = world.state.accounts;
        partial.rooms = {*world.state.FindRoom(room)};
        partial.contracts = {world.contract(sync)};
        HeldSlots elsewhere{sync, {}};
        for (const Assignment& assignment : world.state.assignments) {
            if (assignment.contract_id == sync && assignment.held()) {
                elsewhere.slots.push_back(assignment.slot);
            }
        }
        partial.held_elsewhere = {elsewhere};
        return partial;
    };
    State partial = partial_for(rooms[3]);
    auto whole = Plan(world.state, world.catalogue, Action::Assign(rooms[3], sync), today);
    auto part = Plan(partial, world.catalogue, Action::Assign(rooms[3], sync), today);
    ASSERT_TRUE(whole.ok() && part.ok());
    EXPECT_EQ(part.value.new_assignments.at(0).slot, 1);
    EXPECT_EQ(part.value.new_assignments.at(0).slot, whole.value.new_assignments.at(0).slot);
    ContractView before = ViewContract(partial, world.catalogue, world.contract(sync), today);
    EXPECT_EQ(before.assigned, 2);
    Apply(partial, part.value);
    ContractView after = ViewContract(partial, world.catalogue, world.contract(sync), today);
    EXPECT_EQ(after.assigned, 3);
    EXPECT_EQ(after.free, 1);
    // The whole CheckState cannot vouch for licenses it only knows by their slots.
    EXPECT_FALSE(CheckState(partial, world.catalogue, today).empty());

    // Every slot held elsewhere: no free license, as the whole state says.
    ASSERT_TRUE(world.Do(Action::Assign(rooms[3], sync), today).ok());
    ASSERT_TRUE(world.Do(Action::Assign(rooms[1], sync), today).ok());
    Id fifth = world.Room(account);
    ExpectRefused(Plan(partial_for(fifth), world.catalogue, Action::Assign(fifth, sync), today),
                  "R-ROOM-1", "no_free_license");
}

// The same when the held licenses are a dense run of slots (0..n-1), counted, not listed: a row
// of the state inside the run is counted once, and releasing it frees its slot.
TEST_F(Licenses, ADenseRunOfHeldSlotsPlansAsTheWholeState) {  // R-ROOM-1
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 4, D("2026-01-10"));
    std::vector<Id> rooms;
    for (int i = 0; i < 4; ++i) rooms.push_back(world.Room(account));
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(world.Do(Action::Assign(rooms[i], sync), today).ok());

    // Planning an assignment to rooms[3]: no row of the contract, three slots held.
    State partial;
    partial.parent_entities = world.state.parent_entities;
    partial.accounts = world.state.accounts;
    partial.rooms = {*world.state.FindRoom(rooms[3]), *world.state.FindRoom(rooms[1])};
    partial.contracts = {world.contract(sync)};
    partial.held_elsewhere = {HeldSlots{sync, {}, 3}};
    auto planned = Plan(partial, world.catalogue, Action::Assign(rooms[3], sync), today);
    ASSERT_TRUE(planned.ok());
    EXPECT_EQ(planned.value.new_assignments[0].slot, 3);
    EXPECT_EQ(ViewContract(partial, world.catalogue, world.contract(sync), today).assigned, 3);

    // rooms[1]'s license (slot 1) as a row of the state, inside the run: still three held.
    for (const Assignment& assignment : world.state.assignments) {
        if (assignment.room_id == rooms[1] && assignment.held()) {
            partial.assignments.push_back(assignment);
        }
    }
    ASSERT_EQ(partial.assignments.size(), 1u);
    EXPECT_EQ(ViewContract(partial, world.catalogue, world.contract(sync), today).assigned, 3);
    auto unassigned = Plan(partial, world.catalogue, Action::Unassign(rooms[1], "syncplus"), today);
    ASSERT_TRUE(unassigned.ok());
    Apply(partial, unassigned.value);
    EXPECT_EQ(ViewContract(partial, world.catalogue, world.contract(sync), today).assigned, 2);
    auto next = Plan(partial, world.catalogue, Action::Assign(rooms[3], sync), today);
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(next.value.new_assignments[0].slot, 1);  // the lowest free slot, as in the whole
}

TEST_F(Licenses, ARoomHoldsOneActiveLicensePerProgram) {  // R-ROOM-1
    ASSERT_TRUE(world.Do(Action::Assign(paris, select), today).ok());
    auto again = world.Do(Action::Assign(paris, select), today);
    ExpectRefused(again, "R-ROOM-1", "room_already_licensed");
    EXPECT_NE(again.refusal->message.en.find("Salle Étoile"), std::string::npos);
    EXPECT_NE(again.refusal->message.fr.find("Salle Étoile"), std::string::npos);
    Id other_select = world.Contract(account, "SELECT-3Y", 5, D("2026-01-11"));
    ExpectRefused(world.Do(Action::Assign(paris, other_select), today), "R-ROOM-1",
                  "room_already_licensed");
    // Another program is another license.
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 5, D("2026-01-11"));
    EXPECT_TRUE(world.Do(Action::Assign(paris, sync), today).ok());
    world.ExpectConsistent(today);
}

TEST_F(Licenses, RoomsOfAnotherAccountAreRefused) {  // R-ROOM-2, R-ORD-3
    Id site = world.Account(world.state.parent_entities[0].id, AccountKind::Site, "US", "Austin",
                            "73301");
    Id austin = world.Room(site, "Lone Star", "US");
    ExpectRefused(world.Do(Action::Assign(austin, select), today), "R-ROOM-2", "wrong_account");
}

TEST_F(Licenses, UnknownRoomOrContractIsNotFound) {
    auto no_room = world.Do(Action::Assign(999999, select), today);
    ASSERT_FALSE(no_room.ok());
    EXPECT_EQ(no_room.refusal->code, "room_not_found");
    EXPECT_EQ(no_room.refusal->field, "roomId");
    auto no_contract = world.Do(Action::Assign(paris, 999999), today);
    ASSERT_FALSE(no_contract.ok());
    EXPECT_EQ(no_contract.refusal->code, "contract_not_found");
}

TEST_F(Licenses, UnassignFreesTheLicenseForAnotherRoom) {  // R-ROOM-4
    ASSERT_TRUE(world.Do(Action::Assign(paris, select), today).ok());
    ASSERT_TRUE(world.Do(Action::Assign(lyon, select), today).ok());
    ASSERT_TRUE(world.Do(Action::Unassign(paris, "select"), D("2026-02-01")).ok());
    EXPECT_EQ(
        ViewContract(world.state, world.catalogue, world.contract(select), D("2026-02-01")).free,
        1);
    Id third = world.Room(account);
    EXPECT_TRUE(world.Do(Action::Assign(third, select), D("2026-02-01")).ok());
    ExpectRefused(world.Do(Action::Unassign(paris, "select"), D("2026-02-01")), "R-ROOM-1",
                  "no_license");
    // History keeps the released assignment.
    EXPECT_EQ(world.state.assignments.size(), 3u);
    world.ExpectConsistent(D("2026-02-01"));
}

TEST_F(Licenses, MoveKeepsTheSameLicense) {  // R-ROOM-4
    ASSERT_TRUE(world.Do(Action::Assign(paris, select), today).ok());
    const int slot = world.state.assignments[0].slot;
    auto moved = world.Do(Action::MoveLicense(paris, "select", lyon), D("2026-03-01"));
    ASSERT_TRUE(moved.ok());
    ASSERT_EQ(moved.value.releases.size(), 1u);
    EXPECT_EQ(moved.value.releases[0].reason, ReleaseReason::Moved);
    ASSERT_EQ(moved.value.new_assignments.size(), 1u);
    EXPECT_EQ(moved.value.new_assignments[0].slot, slot);
    EXPECT_EQ(moved.value.new_assignments[0].contract_id, select);
    ContractView view =
        ViewContract(world.state, world.catalogue, world.contract(select), D("2026-03-01"));
    EXPECT_EQ(view.assigned, 1);
    EXPECT_EQ(view.free, 1);
    EXPECT_EQ(ActiveLicense(world.state, world.catalogue, paris, "select", D("2026-03-01")),
              nullptr);
    EXPECT_NE(ActiveLicense(world.state, world.catalogue, lyon, "select", D("2026-03-01")),
              nullptr);
    // The term started with the first assignment and does not restart with a move.
    EXPECT_EQ(FormatDate(ContractStart(world.catalogue, world.contract(select))), "2026-01-15");
    world.ExpectConsistent(D("2026-03-01"));
}

TEST_F(Licenses, MoveIsRefusedWhereAnAssignWouldBe) {  // R-ROOM-4, R-ROOM-1
    ASSERT_TRUE(world.Do(Action::Assign(paris, select), today).ok());
    ASSERT_TRUE(world.Do(Action::Assign(lyon, select), today).ok());
    ExpectRefused(world.Do(Action::MoveLicense(paris, "select", lyon), today), "R-ROOM-1",
                  "room_already_licensed");
    ExpectRefused(world.Do(Action::MoveLicense(paris, "select", paris), today), "R-ROOM-4",
                  "same_room");
    Id empty = world.Room(account);
    ExpectRefused(world.Do(Action::MoveLicense(empty, "select", paris), today), "R-ROOM-1",
                  "no_license");
    world.ExpectConsistent(today);
}

TEST_F(Licenses, CountryConditionsAreShownAndEnforced) {  // R-ROOM-5
    // Bought in France, used in the United Kingdom: allowed.
    Id london = world.Room(account, "Thames", "GB");
    EXPECT_TRUE(world.Do(Action::Assign(london, select), today).ok());
    // Where the program is unavailable, the assignment is refused.
    Id dubai = world.Room(account, "Marina", "AE");
    const CountryCondition* conditions = ConditionsIn(world.catalogue, "AE", "select");
    ASSERT_NE(conditions, nullptr);
    EXPECT_FALSE(conditions->available);
    ExpectRefused(world.Do(Action::Assign(dubai, select), today), "R-ROOM-5",
                  "program_unavailable");
    // Other conditions (RMA speed, support language) are there to be shown.
    const CountryCondition* india = ConditionsIn(world.catalogue, "IN", "select");
    ASSERT_NE(india, nullptr);
    EXPECT_EQ(india->rma_speed, "best-effort");
    EXPECT_FALSE(ConditionsIn(world.catalogue, "FR", "select")->support_languages.empty());
    Id nowhere = world.Room(account, "Atlantis", "XX");
    ExpectRefused(world.Do(Action::Assign(nowhere, select), today), "R-ROOM-5",
                  "country_not_listed");
}

TEST_F(Licenses, ExtendedWarrantyIsNotAssignedToRooms) {  // R-ROOM-6
    Id warranty = world.Contract(account, "EXTWARRANTY-2Y", 10, D("2026-01-10"));
    ExpectRefused(world.Do(Action::Assign(paris, warranty), today), "R-ROOM-6", "not_assignable");
}

TEST_F(Licenses, CancelledOrdersLicensesCannotBeUsed) {  // R-ORD-7
    Id order = world.Order(account, "PO-CANCEL", D("2026-01-10"), {{"SYNCPLUS-1Y", 3}});
    Id contract = world.ContractOf(order);
    auto cancelled = PlanCancelOrder(world.state, world.catalogue, order, today);
    ASSERT_TRUE(cancelled.ok());
    Apply(world.state, cancelled.value);
    ExpectRefused(world.Do(Action::Assign(paris, contract), today), "R-ORD-7",
                  "contract_cancelled");
}

TEST_F(Licenses, SelectCanBeBoughtForRoomsAlreadyEquipped) {  // R-ORD-6
    world.Device(account, "2233XY01", paris, D("2021-06-01"));
    Id later = world.Contract(account, "SELECT-2Y", 1, D("2026-01-12"));
    EXPECT_TRUE(world.Do(Action::Assign(paris, later), today).ok());
    world.ExpectConsistent(today);
}

TEST_F(Licenses, NoLicenseBeforeItsPurchase) {  // R-TERM-1
    Id future = world.Contract(account, "SELECT-1Y", 1, D("2026-05-01"));
    ExpectRefused(world.Do(Action::Assign(paris, future), today), "R-TERM-1", "not_yet_purchased");
}

}  // namespace
}  // namespace portal::testing

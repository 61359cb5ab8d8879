// The whole-state check finds every kind of corruption, each under its rule.
#include <algorithm>

#include "world.h"

namespace portal::testing {
namespace {

struct Check : ::testing::Test {
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id paris = world.Room(account, "Salle Étoile");
    Id lyon = world.Room(account, "Confluence");
    Id select = world.Contract(account, "SELECT-1Y", 2, D("2026-01-10"));
    Date today = D("2026-02-01");

    void SetUp() override {
        world.Device(account, "SN-1", paris, D("2025-01-01"));
        ASSERT_TRUE(world.Do(Action::Assign(paris, select), D("2026-01-15")).ok());
    }
    bool Finds(const std::string& rule) {
        auto violations = CheckState(world.state, world.catalogue, today);
        return std::any_of(violations.begin(), violations.end(),
                           [&](const Violation& v) { return v.rule == rule; });
    }
};

TEST_F(Check, ACleanStateHasNoViolation) {
    EXPECT_TRUE(CheckState(world.state, world.catalogue, today).empty());
}

TEST_F(Check, OneLicenseInTwoRooms) {  // R-ROOM-1
    Assignment copy = world.state.assignments[0];
    copy.id = 999;
    copy.room_id = lyon;
    world.state.assignments.push_back(copy);
    EXPECT_TRUE(Finds("R-ROOM-1"));
}

TEST_F(Check, MoreAssignedThanPurchased) {  // R-ROOM-1
    Assignment extra = world.state.assignments[0];
    extra.id = 999;
    extra.room_id = lyon;
    extra.slot = 5;
    world.state.assignments.push_back(extra);
    EXPECT_TRUE(Finds("R-ROOM-1"));
}

TEST_F(Check, TwoActiveLicensesOfOneProgramInARoom) {  // R-ROOM-1
    Id other = world.Contract(account, "SELECT-2Y", 1, D("2026-01-10"));
    world.state.assignments.push_back(
        {999, other, 0, paris, D("2026-01-20"), std::nullopt, ReleaseReason::Unassigned});
    world.state.contracts.back().first_assigned = D("2026-01-20");
    EXPECT_TRUE(Finds("R-ROOM-1"));
}

TEST_F(Check, DuplicateSerialAndUnknownProduct) {  // R-ROOM-3
    world.Device(account, "SN-1", lyon, D("2025-01-01"));
    EXPECT_TRUE(Finds("R-ROOM-3"));
    world.state.devices.pop_back();
    world.Device(account, "SN-2", lyon, D("2025-01-01"), "toaster");
    EXPECT_TRUE(Finds("R-ROOM-3"));
}

TEST_F(Check, LicenseOutsideItsTerm) {  // R-TERM-2
    world.state.assignments[0].assigned_on = D("2030-01-01");
    EXPECT_TRUE(Finds("R-TERM-2"));
}

TEST_F(Check, TermThatStartedAfterItsFirstAssignment) {  // R-TERM-1
    world.state.contracts.back().first_assigned.reset();
    EXPECT_TRUE(Finds("R-TERM-1"));
}

TEST_F(Check, CancelledContractStillHoldingALicense) {  // R-ORD-7
    world.state.contracts.back().cancelled = true;
    EXPECT_TRUE(Finds("R-ORD-7"));
}

TEST_F(Check, LicenseInAnotherAccountsRoom) {  // R-ROOM-2
    Id other = world.Account(world.Parent("Contoso"));
    world.state.assignments[0].room_id = world.Room(other);
    EXPECT_TRUE(Finds("R-ROOM-2"));
}

TEST_F(Check, ExtendedWarrantyAssignedToARoom) {  // R-ROOM-6
    Id warranty = world.Contract(account, "EXTWARRANTY-1Y", 1, D("2026-01-10"));
    world.state.contracts.back().first_assigned = D("2026-01-20");
    world.state.assignments.push_back(
        {999, warranty, 0, lyon, D("2026-01-20"), std::nullopt, ReleaseReason::Unassigned});
    EXPECT_TRUE(Finds("R-ROOM-6"));
}

TEST_F(Check, BrokenReferences) {
    world.state.rooms.erase(world.state.rooms.begin());
    EXPECT_TRUE(Finds("integrity"));
}

}  // namespace
}  // namespace portal::testing

namespace portal::testing {
namespace {

TEST(CheckOrder, DuplicateSerialsAreFoundInAnyOrder) {  // R-ROOM-3
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id room = world.Room(account);
    // Out of serial order: the check cannot rely on neighbours.
    world.Device(account, "SN-2", room, D("2025-01-01"));
    world.Device(account, "SN-1", room, D("2025-01-01"));
    world.Device(account, "SN-3", room, D("2025-01-01"));
    EXPECT_TRUE(CheckState(world.state, world.catalogue, D("2026-01-01")).empty());
    world.Device(account, "SN-1", room, D("2025-01-01"));
    auto violations = CheckState(world.state, world.catalogue, D("2026-01-01"));
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].rule, "R-ROOM-3");
    EXPECT_NE(violations[0].message.find("SN-1"), std::string::npos);
}

TEST(CheckOrder, SparseRoomIdsAreLookedUpToo) {  // R-ROOM-2
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id other = world.Account(world.Parent("Contoso"));
    Id near = world.Room(account);
    world.next_id = 1'000'000'000;  // ids far apart: the hash-table path
    Id far = world.Room(other);
    world.Device(account, "SN-A", near, D("2025-01-01"));
    world.Device(account, "SN-B", far, D("2025-01-01"));
    auto violations = CheckState(world.state, world.catalogue, D("2026-01-01"));
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].rule, "R-ROOM-2");
    world.state.devices.back().room_id = 123456789;
    violations = CheckState(world.state, world.catalogue, D("2026-01-01"));
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].rule, "integrity");
}

}  // namespace
}  // namespace portal::testing

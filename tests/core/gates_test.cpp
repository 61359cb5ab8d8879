// Features gated by a license: R-GATE-1 .. R-GATE-4, R-SKU-1.
#include "world.h"

namespace portal::testing {
namespace {

struct Gates : ::testing::Test {
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id paris = world.Room(account, "Salle Étoile");
    Id lyon = world.Room(account, "Confluence");
    Date today = D("2026-02-01");
};

TEST_F(Gates, NothingWithoutALicense) {  // R-GATE-1, R-GATE-2
    RoomEntitlements none = EntitlementsOf(world.state, world.catalogue, paris, today);
    EXPECT_TRUE(none.programs.empty());
    EXPECT_FALSE(none.insights || none.alerts || none.support || none.warranty || none.rma);
}

TEST_F(Gates, SyncPlusGivesInsightsAndAlertsOnly) {  // R-GATE-1, R-GATE-2, R-SKU-1
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 1, D("2026-01-01"));
    ASSERT_TRUE(world.Do(Action::Assign(paris, sync), today).ok());
    RoomEntitlements room = EntitlementsOf(world.state, world.catalogue, paris, today);
    EXPECT_EQ(room.programs, std::vector<std::string>{"syncplus"});
    EXPECT_TRUE(room.insights);
    EXPECT_TRUE(room.alerts);
    EXPECT_FALSE(room.support);
    EXPECT_FALSE(room.warranty);
}

TEST_F(Gates, SelectGivesEverythingAndSupportDoesNotDependOnSync) {  // R-GATE-4, R-SKU-1
    Id select = world.Contract(account, "SELECT-1Y", 1, D("2026-01-01"));
    ASSERT_TRUE(world.Do(Action::Assign(paris, select), today).ok());
    RoomEntitlements room = EntitlementsOf(world.state, world.catalogue, paris, today);
    EXPECT_TRUE(room.insights && room.alerts && room.support && room.warranty && room.rma);
}

TEST_F(Gates, AccessStopsWhenTheLicenseLeaves) {  // R-GATE-3
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 1, D("2026-01-01"));
    ASSERT_TRUE(world.Do(Action::Assign(paris, sync), today).ok());
    // Transfer: the old room loses Insights and Alerts, the new room gains them.
    ASSERT_TRUE(world.Do(Action::MoveLicense(paris, "syncplus", lyon), D("2026-03-01")).ok());
    RoomEntitlements before = EntitlementsOf(world.state, world.catalogue, paris, D("2026-03-01"));
    RoomEntitlements after = EntitlementsOf(world.state, world.catalogue, lyon, D("2026-03-01"));
    EXPECT_FALSE(before.insights || before.alerts);
    EXPECT_TRUE(after.insights && after.alerts);
    // Expiry: the term began on the first assignment and lasts one year.
    EXPECT_TRUE(EntitlementsOf(world.state, world.catalogue, lyon, D("2027-01-31")).insights);
    EXPECT_FALSE(EntitlementsOf(world.state, world.catalogue, lyon, D("2027-02-01")).insights);
    // Access returns with an active license assigned again.
    Id renewal = world.Contract(account, "SYNCPLUS-1Y", 1, D("2027-02-01"));
    ASSERT_TRUE(world.Do(Action::Assign(lyon, renewal), D("2027-02-02")).ok());
    EXPECT_TRUE(EntitlementsOf(world.state, world.catalogue, lyon, D("2027-02-02")).alerts);
}

// The batch form the room list uses says exactly what EntitlementsOf says, room by room, on
// every day around starts, moves and expiries.
TEST_F(Gates, EveryRoomAtOnceAgreesWithOneRoomAtATime) {  // R-GATE-1, R-GATE-3
    Id third = world.Room(account, "Opéra");
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 2, D("2026-01-01"));
    Id select = world.Contract(account, "SELECT-1Y", 1, D("2026-01-01"));
    ASSERT_TRUE(world.Do(Action::Assign(paris, sync), today).ok());
    ASSERT_TRUE(world.Do(Action::Assign(paris, select), today).ok());
    ASSERT_TRUE(world.Do(Action::Assign(third, sync), today).ok());
    ASSERT_TRUE(world.Do(Action::MoveLicense(third, "syncplus", lyon), D("2026-03-01")).ok());
    for (const char* day : {"2026-02-01", "2026-03-01", "2027-01-31", "2027-02-01"}) {
        std::vector<RoomEntitlements> all =
            EntitlementsOfRooms(world.state, world.catalogue, D(day));
        ASSERT_EQ(all.size(), world.state.rooms.size());
        for (size_t i = 0; i < all.size(); ++i) {
            RoomEntitlements one =
                EntitlementsOf(world.state, world.catalogue, world.state.rooms[i].id, D(day));
            EXPECT_EQ(all[i].programs, one.programs) << day << " room " << i;
            EXPECT_EQ(all[i].insights, one.insights) << day << " room " << i;
            EXPECT_EQ(all[i].alerts, one.alerts) << day << " room " << i;
            EXPECT_EQ(all[i].support, one.support) << day << " room " << i;
            EXPECT_EQ(all[i].warranty, one.warranty) << day << " room " << i;
            EXPECT_EQ(all[i].rma, one.rma) << day << " room " << i;
        }
    }
    EXPECT_TRUE(EntitlementsOfRooms(world.state, world.catalogue, D("2026-03-01"))[1].insights);
}

}  // namespace
}  // namespace portal::testing

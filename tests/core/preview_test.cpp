// "What happens if": a batch of actions, each planned after the ones before, nothing changed.
#include "world.h"

namespace portal::testing {
namespace {

TEST(Preview, BulkAssignmentOf200RoomsSaysWhichSucceed) {  // R-ROOM-1
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id contract = world.Contract(account, "SELECT-1Y", 150, D("2026-01-10"));
    std::vector<Action> actions;
    for (int i = 0; i < 200; ++i) actions.push_back(Action::Assign(world.Room(account), contract));
    const State before = world.state;

    std::vector<PreviewItem> items =
        Preview(world.state, world.catalogue, actions, D("2026-01-15"));
    ASSERT_EQ(items.size(), 200u);
    for (int i = 0; i < 150; ++i) EXPECT_TRUE(items[i].ok) << i;
    for (int i = 150; i < 200; ++i) {
        ASSERT_FALSE(items[i].ok) << i;
        EXPECT_EQ(items[i].refusal->code, "no_free_license");
        EXPECT_EQ(items[i].refusal->rule, "R-ROOM-1");
    }
    EXPECT_EQ(world.state.assignments.size(), before.assignments.size()) << "nothing applied";
    EXPECT_FALSE(world.state.FindContract(contract)->first_assigned.has_value());
}

TEST(Preview, LaterActionsSeeEarlierOnes) {  // R-ROOM-1, R-ROOM-4
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id a = world.Room(account);
    Id b = world.Room(account);
    Id contract = world.Contract(account, "SYNCPLUS-1Y", 5, D("2026-01-10"));
    std::vector<PreviewItem> items =
        Preview(world.state, world.catalogue,
                {Action::Assign(a, contract), Action::Assign(a, contract),
                 Action::MoveLicense(a, "syncplus", b), Action::Assign(a, contract)},
                D("2026-01-15"));
    EXPECT_TRUE(items[0].ok);
    EXPECT_EQ(items[1].refusal->code, "room_already_licensed");
    EXPECT_TRUE(items[2].ok);
    EXPECT_TRUE(items[3].ok) << "the move freed room a";
    EXPECT_TRUE(world.state.assignments.empty());
}

}  // namespace
}  // namespace portal::testing

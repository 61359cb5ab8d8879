// The rooms table's rows, filters and sorts (core/room_table.h): what the Rooms page shows, built
// once per state change so that a table of 10,000 rooms never sorts per frame.
#include "core/room_table.h"

#include <gtest/gtest.h>

#include "world.h"

namespace portal {
namespace {

using testing::D;
using testing::World;

class RoomTable : public ::testing::Test {
  protected:
    void SetUp() override {
        account = world.Account(world.Parent("Northwind"));
        boardroom = world.Room(account, "Boardroom");
        huddle = world.Room(account, "huddle 2");
        atrium = world.Room(account, "Atrium", "DE");
        world.state.rooms.back().site = "Berlin";
        world.Device(account, "SN-RALLY-1", huddle, D("2026-01-10"));
        world.Device(account, "SN-TAP-7", huddle, D("2026-01-10"));
        select = world.Contract(account, "SELECT-1Y", 2, D("2026-03-01"));
        ASSERT_TRUE(world.Do(Action::Assign(boardroom, select), today).ok());
    }
    std::vector<std::string> Names(const std::vector<RoomRow>& rows, const std::vector<int>& at) {
        std::vector<std::string> names;
        for (int i : at) names.push_back(rows[i].name);
        return names;
    }

    World world;
    Date today = D("2026-06-01");
    Id account = 0, boardroom = 0, huddle = 0, atrium = 0, select = 0;
};

// R-GATE-1 / R-GATE-2: a row says what the room's active licenses entitle it to.
TEST_F(RoomTable, RowsCarryDevicesLicensesAndEntitlements) {
    std::vector<RoomRow> rows = BuildRoomRows(world.state, world.catalogue, today);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].room_id, boardroom);
    EXPECT_EQ(rows[0].programs, std::vector<std::string>{"select"});
    EXPECT_TRUE(rows[0].insights);
    EXPECT_TRUE(rows[0].alerts);
    EXPECT_EQ(rows[1].devices, 2);
    EXPECT_TRUE(rows[1].programs.empty());
    EXPECT_FALSE(rows[1].insights);
    EXPECT_EQ(rows[2].site, "Berlin");
}

TEST_F(RoomTable, SearchMatchesNameSiteCountryAndSerialInAnyCase) {
    std::vector<RoomRow> rows = BuildRoomRows(world.state, world.catalogue, today);
    RoomQuery query;
    query.text = "HUDDLE";
    EXPECT_EQ(Names(rows, QueryRooms(rows, query)), std::vector<std::string>{"huddle 2"});
    query.text = "sn-tap";
    EXPECT_EQ(Names(rows, QueryRooms(rows, query)), std::vector<std::string>{"huddle 2"});
    query.text = "berlin";
    EXPECT_EQ(Names(rows, QueryRooms(rows, query)), std::vector<std::string>{"Atrium"});
    query.text = "de";
    EXPECT_EQ(Names(rows, QueryRooms(rows, query)), std::vector<std::string>{"Atrium"});
    world.state.rooms[0].name = "Salle Étoile";
    rows = BuildRoomRows(world.state, world.catalogue, today);
    query.text = "étoile";  // as a French user types it
    EXPECT_EQ(Names(rows, QueryRooms(rows, query)), std::vector<std::string>{"Salle Étoile"});
    query.text = "nowhere";
    EXPECT_TRUE(QueryRooms(rows, query).empty());
}

TEST_F(RoomTable, FiltersBySiteAndByLicense) {
    std::vector<RoomRow> rows = BuildRoomRows(world.state, world.catalogue, today);
    RoomQuery query;
    query.site = "HQ";
    EXPECT_EQ(Names(rows, QueryRooms(rows, query)),
              (std::vector<std::string>{"Boardroom", "huddle 2"}));
    query = {};
    query.program = "select";
    EXPECT_EQ(Names(rows, QueryRooms(rows, query)), std::vector<std::string>{"Boardroom"});
    query.program = "none";
    EXPECT_EQ(Names(rows, QueryRooms(rows, query)),
              (std::vector<std::string>{"Atrium", "huddle 2"}));
    EXPECT_EQ(SitesOf(rows), (std::vector<std::string>{"Berlin", "HQ"}));
}

TEST_F(RoomTable, SortsByTheChosenColumnThenByNameWithoutCase) {
    std::vector<RoomRow> rows = BuildRoomRows(world.state, world.catalogue, today);
    RoomQuery query;
    EXPECT_EQ(Names(rows, QueryRooms(rows, query)),
              (std::vector<std::string>{"Atrium", "Boardroom", "huddle 2"}));
    query.ascending = false;
    EXPECT_EQ(Names(rows, QueryRooms(rows, query)),
              (std::vector<std::string>{"huddle 2", "Boardroom", "Atrium"}));
    query = {};
    query.sort = RoomColumn::Devices;
    query.ascending = false;
    EXPECT_EQ(Names(rows, QueryRooms(rows, query)),
              (std::vector<std::string>{"huddle 2", "Atrium", "Boardroom"}));
    query.sort = RoomColumn::Insights;
    EXPECT_EQ(Names(rows, QueryRooms(rows, query)).front(), "Boardroom");
}

// Same names sort by id, so the order never changes between two builds of the same rows.
TEST_F(RoomTable, TiesAreBrokenByIdSoTheOrderIsStable) {
    world.Room(account, "Boardroom");
    std::vector<RoomRow> rows = BuildRoomRows(world.state, world.catalogue, today);
    RoomQuery query;
    std::vector<int> order = QueryRooms(rows, query);
    ASSERT_EQ(order.size(), 4u);
    EXPECT_EQ(rows[order[1]].name, "Boardroom");
    EXPECT_EQ(rows[order[2]].name, "Boardroom");
    EXPECT_LT(rows[order[1]].room_id, rows[order[2]].room_id);
}

}  // namespace
}  // namespace portal

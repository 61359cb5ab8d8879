// The devices table's rows, search and sorts (core/device_table.h): what the Devices page shows.
#include "core/device_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/engine.h"
#include "world.h"

namespace portal::testing {
namespace {

struct DeviceTable : ::testing::Test {
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id paris = world.Room(account, "Salle Étoile");
    Id lyon = world.Room(account, "Confluence");
    Id nice = world.Room(account, "Baie des Anges");
    Date today = D("2026-03-01");

    void SetUp() override {
        // Select 3 years, first assigned 2025-01-20: serves 2025-01-20 .. 2028-01-19.
        Id select = world.Contract(account, "SELECT-3Y", 5, D("2025-01-10"));
        ASSERT_TRUE(world.Do(Action::Assign(paris, select), D("2025-01-20")).ok());
        // Sync Plus grants no warranty.
        Id sync = world.Contract(account, "SYNCPLUS-1Y", 5, D("2026-01-10"));
        ASSERT_TRUE(world.Do(Action::Assign(lyon, sync), D("2026-01-12")).ok());
        // Select 1 year, long expired.
        Id old = world.Contract(account, "SELECT-1Y", 1, D("2024-01-01"));
        ASSERT_TRUE(world.Do(Action::Assign(nice, old), D("2024-01-15")).ok());
        // Select bought and cancelled within its window: never counts (R-ORD-7).
        Id cancelled = world.Contract(account, "SELECT-2Y", 1, D("2026-02-20"));
        ASSERT_TRUE(world.Do(Action::Assign(nice, cancelled), D("2026-02-21")).ok());
        auto cancel = PlanCancelOrder(world.state, world.catalogue,
                                      world.contract(cancelled).order_id, today);
        ASSERT_TRUE(cancel.ok());
        Apply(world.state, cancel.value);

        world.Device(account, "2231RB0A1F01", paris, D("2025-01-05"), "rally-bar");
        world.Device(account, "2108MU0D4410", paris, D("2021-06-01"), "meetup");
        world.Device(account, "2231TP0B3C11", lyon, D("2025-09-01"), "tap");
        world.Device(account, "2302SC0F0093", 0, D("2025-11-30"), "scribe");
        world.Device(account, "2240AC0K0203", nice, D("2025-02-01"), "accessory");
        world.ExpectConsistent(today);
    }

    std::vector<DeviceRow> Rows() { return BuildDeviceRows(world.state, world.catalogue, today); }

    static std::vector<std::string> Serials(const std::vector<DeviceRow>& rows,
                                            const std::vector<int>& order) {
        std::vector<std::string> serials;
        for (int i : order) serials.push_back(rows[i].serial);
        return serials;
    }
    const DeviceRow& Row(const std::vector<DeviceRow>& rows, const std::string& serial) {
        for (const DeviceRow& row : rows) {
            if (row.serial == serial) return row;
        }
        ADD_FAILURE() << "no row " << serial;
        return rows.front();
    }
};

TEST_F(DeviceTable, OneRowPerDeviceWithProductAndRoomNames) {
    std::vector<DeviceRow> rows = Rows();
    ASSERT_EQ(rows.size(), 5u);
    const DeviceRow& bar = Row(rows, "2231RB0A1F01");
    EXPECT_EQ(bar.product, "rally-bar");
    EXPECT_EQ(bar.product_name, "Rally Bar");
    EXPECT_EQ(bar.room_id, paris);
    EXPECT_EQ(bar.room_name, "Salle Étoile");
    EXPECT_EQ(bar.purchase_date, D("2025-01-05"));
    const DeviceRow& loose = Row(rows, "2302SC0F0093");
    EXPECT_EQ(loose.room_id, 0);
    EXPECT_EQ(loose.room_name, "");
    EXPECT_EQ(loose.product_name, "Scribe");
}

TEST_F(DeviceTable, ProductsTheCatalogueLacksShowTheirId) {
    world.state.devices.push_back({"LEGACY01", account, "polycom-x", 0, D("2020-01-01")});
    EXPECT_EQ(Row(Rows(), "LEGACY01").product_name, "polycom-x");
}

TEST_F(DeviceTable, WarrantyEndsFromTheRoomsActiveSelectLicenseCappedAtFiveYears) {  // R-SKU-3
    std::vector<DeviceRow> rows = Rows();
    // The contract's end: the device is young enough.
    EXPECT_EQ(Row(rows, "2231RB0A1F01").warranty_end, D("2028-01-19"));
    // Bought 2021-06-01: five years of warranty end on 2026-05-31, before the contract does.
    EXPECT_EQ(Row(rows, "2108MU0D4410").warranty_end, D("2026-05-31"));
    // Sync Plus extends nothing; neither does a device outside rooms, an expired or a cancelled
    // Select.
    EXPECT_EQ(Row(rows, "2231TP0B3C11").warranty_end, std::nullopt);
    EXPECT_EQ(Row(rows, "2302SC0F0093").warranty_end, std::nullopt);
    EXPECT_EQ(Row(rows, "2240AC0K0203").warranty_end, std::nullopt);
    // The one-pass computation says what the engine's WarrantyEnd says, device by device, on
    // several days (before the start, during, after the cap, after the end).
    for (const char* day :
         {"2025-01-15", "2025-06-01", "2026-03-01", "2026-06-01", "2027-12-31", "2028-01-20"}) {
        for (const DeviceRow& row : BuildDeviceRows(world.state, world.catalogue, D(day))) {
            EXPECT_EQ(row.warranty_end,
                      WarrantyEnd(world.state, world.catalogue, row.serial, D(day)))
                << row.serial << " on " << day;
        }
    }
}

TEST_F(DeviceTable, SearchMatchesSerialProductAndRoomInAnyCase) {
    std::vector<DeviceRow> rows = Rows();
    DeviceQuery query;
    query.text = "rb0a";
    EXPECT_EQ(Serials(rows, QueryDevices(rows, query)), (std::vector<std::string>{"2231RB0A1F01"}));
    query.text = "  2231RB0A1F01 \n";  // pasted with blanks
    EXPECT_EQ(Serials(rows, QueryDevices(rows, query)), (std::vector<std::string>{"2231RB0A1F01"}));
    query.text = "MEETUP";  // the product's name
    EXPECT_EQ(Serials(rows, QueryDevices(rows, query)), (std::vector<std::string>{"2108MU0D4410"}));
    query.text = "tap";  // "tap" is the product id too
    EXPECT_EQ(Serials(rows, QueryDevices(rows, query)), (std::vector<std::string>{"2231TP0B3C11"}));
    query.text = "SALLE étoile";  // the room's name: case folded, accented capitals too
    EXPECT_EQ(Serials(rows, QueryDevices(rows, query)),
              (std::vector<std::string>{"2108MU0D4410", "2231RB0A1F01"}));
    query.text = "Étoile";
    EXPECT_EQ(QueryDevices(rows, query).size(), 2u);
    query.text = "etoile";  // accents are not dropped: é is not e
    EXPECT_TRUE(QueryDevices(rows, query).empty());
    query.text = "nothing like it";
    EXPECT_TRUE(QueryDevices(rows, query).empty());
    query.text = "";
    EXPECT_EQ(QueryDevices(rows, query).size(), 5u);
}

TEST_F(DeviceTable, RoomFilterKeepsOneRoomOrTheDevicesOutsideRooms) {
    std::vector<DeviceRow> rows = Rows();
    DeviceQuery query;
    query.room = paris;
    EXPECT_EQ(Serials(rows, QueryDevices(rows, query)),
              (std::vector<std::string>{"2108MU0D4410", "2231RB0A1F01"}));
    query.room = 0;
    EXPECT_EQ(Serials(rows, QueryDevices(rows, query)), (std::vector<std::string>{"2302SC0F0093"}));
    query.text = "rally";
    EXPECT_TRUE(QueryDevices(rows, query).empty()) << "both filters apply";
}

TEST_F(DeviceTable, SortsByEachColumnBothWays) {
    std::vector<DeviceRow> rows = Rows();
    DeviceQuery query;
    EXPECT_EQ(Serials(rows, QueryDevices(rows, query)),
              (std::vector<std::string>{"2108MU0D4410", "2231RB0A1F01", "2231TP0B3C11",
                                        "2240AC0K0203", "2302SC0F0093"}));
    query.sort = DeviceColumn::Product;  // Accessory, MeetUp, Rally Bar, Scribe, Tap
    EXPECT_EQ(Serials(rows, QueryDevices(rows, query)),
              (std::vector<std::string>{"2240AC0K0203", "2108MU0D4410", "2231RB0A1F01",
                                        "2302SC0F0093", "2231TP0B3C11"}));
    query.sort = DeviceColumn::Room;  // (none), Baie des Anges, Confluence, Salle Étoile x2
    EXPECT_EQ(Serials(rows, QueryDevices(rows, query)),
              (std::vector<std::string>{"2302SC0F0093", "2240AC0K0203", "2231TP0B3C11",
                                        "2108MU0D4410", "2231RB0A1F01"}));
    query.sort = DeviceColumn::Purchased;
    EXPECT_EQ(Serials(rows, QueryDevices(rows, query)),
              (std::vector<std::string>{"2108MU0D4410", "2231RB0A1F01", "2240AC0K0203",
                                        "2231TP0B3C11", "2302SC0F0093"}));
    query.sort = DeviceColumn::Warranty;  // three without, by serial; then 2026-05-31, 2028-01-19
    EXPECT_EQ(Serials(rows, QueryDevices(rows, query)),
              (std::vector<std::string>{"2231TP0B3C11", "2240AC0K0203", "2302SC0F0093",
                                        "2108MU0D4410", "2231RB0A1F01"}));
    // Descending is the exact reverse: the order is total (ties by serial, unique by R-ROOM-3).
    for (DeviceColumn column : {DeviceColumn::Serial, DeviceColumn::Product, DeviceColumn::Room,
                                DeviceColumn::Purchased, DeviceColumn::Warranty}) {
        query.sort = column;
        query.ascending = true;
        std::vector<int> up = QueryDevices(rows, query);
        query.ascending = false;
        std::vector<int> down = QueryDevices(rows, query);
        std::reverse(down.begin(), down.end());
        EXPECT_EQ(up, down) << "column " << static_cast<int>(column);
    }
}

TEST_F(DeviceTable, TiesAreBrokenBySerialWhateverTheOrderOfTheState) {  // R-ROOM-3
    // Same product, same room, same day: only the serial tells them apart.
    for (const char* serial : {"SN-C", "SN-A", "SN-B"}) {
        world.Device(account, serial, lyon, D("2025-09-01"), "tap");
    }
    std::vector<DeviceRow> rows = Rows();
    for (DeviceColumn column : {DeviceColumn::Product, DeviceColumn::Room, DeviceColumn::Purchased,
                                DeviceColumn::Warranty}) {
        DeviceQuery query;
        query.text = "tap";
        query.sort = column;
        EXPECT_EQ(Serials(rows, QueryDevices(rows, query)),
                  (std::vector<std::string>{"2231TP0B3C11", "SN-A", "SN-B", "SN-C"}))
            << "column " << static_cast<int>(column);
        query.ascending = false;
        EXPECT_EQ(Serials(rows, QueryDevices(rows, query)),
                  (std::vector<std::string>{"SN-C", "SN-B", "SN-A", "2231TP0B3C11"}));
    }
}

TEST(DeviceTableText, FoldCaseLowersAsciiAndAccentedCapitals) {
    EXPECT_EQ(FoldCase("Salle ÉTOILE"), "salle étoile");
    EXPECT_EQ(FoldCase("ŒUVRE À Ça"), "œuvre à ça");
    EXPECT_EQ(FoldCase("2 × 3"), "2 × 3") << "× has no lower case";
    EXPECT_EQ(FoldCase("Zürich — Ölberg"), "zürich — ölberg") << "three-byte dashes untouched";
    EXPECT_EQ(FoldCase("\xC3"), "\xC3") << "a cut character stays as it is";
}

TEST_F(DeviceTable, SerialsAreNormalizedAsTheServerStoresThem) {  // R-ROOM-3
    EXPECT_EQ(NormalizeSerial("  2231rb0a1f01\t"), "2231RB0A1F01");
    EXPECT_EQ(NormalizeSerial("ab-12"), "AB-12");
    EXPECT_EQ(NormalizeSerial("   "), "");
    // Planned as typed, a lower-case copy of a registered serial would pass the engine and be
    // refused by the server, which stores serials in upper case; normalized, the browser's
    // engine refuses it at once.
    Action typed = Action::PlaceDevice(account, "2231rb0a1f01", "rally-bar", paris, today);
    EXPECT_TRUE(Plan(world.state, world.catalogue, typed, today).ok());
    typed.serial = NormalizeSerial(typed.serial);
    ExpectRefused(Plan(world.state, world.catalogue, typed, today), "R-ROOM-3", "serial_in_use");
}

// 50,000 devices in 10,000 rooms: built once and queried in well under a frame budget's worth
// of seconds. Quadratic work (a WarrantyEnd per device) would take minutes here.
TEST(DeviceTableScale, FiftyThousandDevicesBuildAndSortFast) {
    World world;
    Id account = world.Account(world.Parent("Big"));
    std::vector<Id> rooms;
    for (int i = 0; i < 10000; ++i) rooms.push_back(world.Room(account));
    Id select = world.Contract(account, "SELECT-3Y", 10000, D("2026-01-01"));
    for (int i = 0; i < 10000; ++i) {
        world.state.assignments.push_back({i + 1, select, i, rooms[i], D("2026-01-02"), {}, {}});
    }
    world.state.contracts.back().first_assigned = D("2026-01-02");
    for (int i = 0; i < 50000; ++i) {
        char serial[16];
        std::snprintf(serial, sizeof serial, "SN%08d", (i * 7919) % 50000);
        world.Device(account, serial, i % 5 == 0 ? 0 : rooms[i % 10000], D("2025-06-01"));
    }
    auto started = std::chrono::steady_clock::now();
    std::vector<DeviceRow> rows = BuildDeviceRows(world.state, world.catalogue, D("2026-03-01"));
    DeviceQuery query;
    query.sort = DeviceColumn::Room;
    std::vector<int> order = QueryDevices(rows, query);
    query.text = "sn00012";
    std::vector<int> found = QueryDevices(rows, query);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_EQ(order.size(), 50000u);
    EXPECT_EQ(found.size(), 1000u);  // SN00012000 .. SN00012999
    EXPECT_EQ(rows[order.front()].room_id, 0) << "devices outside rooms first";
    EXPECT_NE(rows[order.back()].room_id, 0);
    EXPECT_EQ(rows[1].warranty_end, D("2029-01-01")) << "2026-01-02 + 3 years - 1 day";
    EXPECT_LT(seconds, 5.0);
}

}  // namespace
}  // namespace portal::testing

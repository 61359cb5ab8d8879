// Devices by serial number and their warranty: R-ROOM-3, R-ROOM-4, R-SKU-3.
#include "world.h"

namespace portal::testing {
namespace {

struct Devices : ::testing::Test {
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id paris = world.Room(account, "Salle Étoile");
    Id lyon = world.Room(account, "Confluence");
    Date today = D("2026-03-01");
};

TEST_F(Devices, PlacedBySerialWithACatalogueProduct) {  // R-ROOM-3
    auto placed = world.Do(
        Action::PlaceDevice(account, "2233-AB-01", "rally-bar", paris, D("2026-01-05")), today);
    ASSERT_TRUE(placed.ok());
    const Device* device = world.state.FindDevice("2233-AB-01");
    ASSERT_NE(device, nullptr);
    EXPECT_EQ(device->room_id, paris);
    ExpectRefused(
        world.Do(Action::PlaceDevice(account, "2233-AB-02", "toaster", paris, D("2026-01-05")),
                 today),
        "R-ROOM-3", "unknown_product");
    auto invalid =
        world.Do(Action::PlaceDevice(account, "a b", "tap", paris, D("2026-01-05")), today);
    ExpectRefused(invalid, "R-ROOM-3", "invalid_serial");
    EXPECT_EQ(invalid.refusal->field, "serial");
    world.ExpectConsistent(today);
}

TEST_F(Devices, ASerialBelongsToOneRoomAtATime) {  // R-ROOM-3
    ASSERT_TRUE(
        world.Do(Action::PlaceDevice(account, "SN0001", "tap", paris, D("2026-01-05")), today)
            .ok());
    ExpectRefused(
        world.Do(Action::PlaceDevice(account, "SN0001", "tap", lyon, D("2026-01-05")), today),
        "R-ROOM-3", "serial_in_use");
    // Even from another customer: the serial is taken, and nothing says by whom, nor even
    // confirms that another customer has it (issue 16).
    Id other = world.Account(world.Parent("Contoso"));
    auto foreign = world.Do(Action::PlaceDevice(other, "SN0001", "tap", 0, D("2026-01-05")), today);
    ExpectRefused(foreign, "R-ROOM-3", "serial_unavailable");
    EXPECT_EQ(foreign.refusal->message.en.find("Étoile"), std::string::npos);
    EXPECT_EQ(foreign.refusal->message.en.find("SN0001"), std::string::npos);
    EXPECT_EQ(foreign.refusal->message.en.find("already"), std::string::npos);
    // The caller's own input is checked first: a held serial with a bad product or date is
    // refused exactly like a free one.
    for (const char* serial : {"SN0001", "SN9999"}) {
        SCOPED_TRACE(serial);
        ExpectRefused(
            world.Do(Action::PlaceDevice(other, serial, "toaster", 0, D("2026-01-05")), today),
            "R-ROOM-3", "unknown_product");
        ExpectRefused(
            world.Do(Action::PlaceDevice(other, serial, "tap", 0, D("2099-01-05")), today),
            "R-ROOM-3", "invalid_purchase_date");
    }
}

TEST_F(Devices, MovesBetweenRoomsOfItsAccount) {  // R-ROOM-4
    world.Device(account, "SN0002", paris, D("2025-01-01"));
    ASSERT_TRUE(world.Do(Action::MoveDevice("SN0002", lyon), today).ok());
    EXPECT_EQ(world.state.FindDevice("SN0002")->room_id, lyon);
    ExpectRefused(world.Do(Action::MoveDevice("SN0002", lyon), today), "R-ROOM-4", "same_room");
    Id other = world.Account(world.Parent("Contoso"));
    Id berlin = world.Room(other, "Spree", "DE");
    ExpectRefused(world.Do(Action::MoveDevice("SN0002", berlin), today), "R-ROOM-2",
                  "wrong_account");
    ASSERT_TRUE(world.Do(Action::MoveDevice("SN0002", 0), today).ok()) << "take it out of rooms";
    EXPECT_EQ(world.state.FindDevice("SN0002")->room_id, 0);
    EXPECT_EQ(world.Do(Action::MoveDevice("NOPE", lyon), today).refusal->code, "device_not_found");
    world.ExpectConsistent(today);
}

TEST_F(Devices, FiveYearSelectOnATwoYearOldDeviceStopsAtFiveYearsOfTotalWarranty) {  // R-SKU-3
    world.Device(account, "OLD-DEVICE", paris, D("2024-01-15"));
    world.Device(account, "NEW-DEVICE", paris, D("2026-01-20"));
    Id select = world.Contract(account, "SELECT-5Y", 1, D("2026-01-20"));
    ASSERT_TRUE(world.Do(Action::Assign(paris, select), D("2026-01-20")).ok());
    EXPECT_EQ(FormatDate(ContractEnd(world.catalogue, world.contract(select))), "2031-01-19");
    auto old_end = WarrantyEnd(world.state, world.catalogue, "OLD-DEVICE", today);
    ASSERT_TRUE(old_end.has_value());
    EXPECT_EQ(FormatDate(*old_end), "2029-01-14");  // capped: purchase + 5 years
    auto new_end = WarrantyEnd(world.state, world.catalogue, "NEW-DEVICE", today);
    ASSERT_TRUE(new_end.has_value());
    EXPECT_EQ(FormatDate(*new_end), "2031-01-19");  // a new device gets the whole term
}

TEST_F(Devices, NoWarrantyFromRoomsWithoutAnActiveLicense) {  // R-SKU-3, R-ROOM-6
    world.Device(account, "SN0003", lyon, D("2025-06-01"));
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 1, D("2026-01-20"));
    ASSERT_TRUE(world.Do(Action::Assign(lyon, sync), D("2026-01-20")).ok());
    EXPECT_FALSE(WarrantyEnd(world.state, world.catalogue, "SN0003", today).has_value())
        << "Sync Plus extends no warranty";
    EXPECT_FALSE(WarrantyEnd(world.state, world.catalogue, "UNKNOWN", today).has_value());
}

}  // namespace
}  // namespace portal::testing

namespace portal::testing {
namespace {

TEST_F(Devices, PlacementRefusalsNameTheirField) {  // R-ROOM-3, R-ROOM-2
    auto future =
        world.Do(Action::PlaceDevice(account, "SN0100", "tap", paris, D("2026-03-02")), today);
    ExpectRefused(future, "R-ROOM-3", "invalid_purchase_date");
    EXPECT_EQ(future.refusal->field, "purchaseDate");
    auto no_account = world.Do(Action::PlaceDevice(424242, "SN0101", "tap", 0, today), today);
    ASSERT_FALSE(no_account.ok());
    EXPECT_EQ(no_account.refusal->code, "account_not_found");
    Id other = world.Account(world.Parent("Contoso"));
    ExpectRefused(world.Do(Action::PlaceDevice(other, "SN0102", "tap", paris, today), today),
                  "R-ROOM-2", "wrong_account");
    EXPECT_TRUE(world.state.devices.empty()) << "refusals change nothing";
}

}  // namespace
}  // namespace portal::testing

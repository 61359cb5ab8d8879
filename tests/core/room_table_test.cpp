// The rooms table's rows, filters and sorts (core/room_table.h): what the Rooms page shows.
#include "core/room_table.h"

#include <gtest/gtest.h>

#include "world.h"

namespace portal {
namespace {

TEST(RoomTable, Placeholder) {}

}  // namespace
}  // namespace portal

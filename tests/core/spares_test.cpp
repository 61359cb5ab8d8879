// On-site spares per parent entity: R-SPARE-1 (seed: 40 + 40 + 20 Select rooms).
#include "world.h"

namespace portal::testing {
namespace {

TEST(Spares, OnePoolPerFiftySelectRoomsCountedOverPurchases) {  // R-SPARE-1
    World world;
    Id parent = world.Parent("Northwind Traders");
    Id france = world.Account(parent, AccountKind::Headquarters, "FR");
    Id austin = world.Account(parent, AccountKind::Site, "US", "Austin", "73301");
    Id may = world.Order(france, "PO-MAY", D("2025-05-12"), {{"SELECT-3Y", 40}});
    SparesSummary after_may = SparesOf(world.state, world.catalogue, parent);
    EXPECT_EQ(after_may.select_rooms, 40);
    EXPECT_EQ(after_may.pools, 0);
    EXPECT_TRUE(after_may.grants.empty());

    // Another account, another country: the same parent entity counts them together.
    Id november = world.Order(austin, "PO-NOV", D("2025-11-03"), {{"SELECT-1Y", 40}});
    SparesSummary after_november = SparesOf(world.state, world.catalogue, parent);
    EXPECT_EQ(after_november.select_rooms, 80);
    EXPECT_EQ(after_november.pools, 1);
    ASSERT_EQ(after_november.grants.size(), 1u);
    EXPECT_EQ(after_november.grants[0].order_id, november);
    EXPECT_EQ(FormatDate(after_november.grants[0].date), "2025-11-03");
    EXPECT_EQ(after_november.grants[0].pool, 1);

    Id later = world.Order(france, "PO-LATER", D("2026-02-20"), {{"SELECT-2Y", 20}});
    SparesSummary after_later = SparesOf(world.state, world.catalogue, parent);
    EXPECT_EQ(after_later.select_rooms, 100);
    EXPECT_EQ(after_later.pools, 2);
    ASSERT_EQ(after_later.grants.size(), 2u);
    EXPECT_EQ(after_later.grants[1].order_id, later);
    EXPECT_EQ(after_later.grants[1].pool, 2);
    (void)may;
}

TEST(Spares, OnlySelectCountsAndCancelledOrdersDoNot) {  // R-SPARE-1, R-ORD-7
    World world;
    Id parent = world.Parent("Northwind Traders");
    Id account = world.Account(parent);
    world.Order(account, "PO-SYNC", D("2025-01-01"), {{"SYNCPLUS-1Y", 200}});
    Id big = world.Order(account, "PO-BIG", D("2025-02-01"), {{"SELECT-1Y", 120}});
    EXPECT_EQ(SparesOf(world.state, world.catalogue, parent).pools, 2);
    auto cancel = PlanCancelOrder(world.state, world.catalogue, big, D("2025-02-05"));
    ASSERT_TRUE(cancel.ok());
    Apply(world.state, cancel.value);
    SparesSummary summary = SparesOf(world.state, world.catalogue, parent);
    EXPECT_EQ(summary.select_rooms, 0);
    EXPECT_EQ(summary.pools, 0);
}

TEST(Spares, OtherCustomersDoNotCount) {  // R-SPARE-1
    World world;
    Id northwind = world.Parent("Northwind Traders");
    Id contoso = world.Parent("Contoso");
    world.Order(world.Account(northwind), "PO-A", D("2025-01-01"), {{"SELECT-1Y", 30}});
    world.Order(world.Account(contoso), "PO-B", D("2025-01-02"), {{"SELECT-1Y", 30}});
    EXPECT_EQ(SparesOf(world.state, world.catalogue, northwind).pools, 0);
    EXPECT_EQ(SparesOf(world.state, world.catalogue, contoso).select_rooms, 30);
}

}  // namespace
}  // namespace portal::testing

namespace portal::testing {
namespace {

TEST(Spares, CandidatesAreTheDeployedProductsAndSlowRmaSites) {  // R-SPARE-2
    World world;
    Id parent = world.Parent("Northwind Traders");
    Id france = world.Account(parent);
    Id india = world.Account(parent, AccountKind::Site, "IN", "Pune", "411001");
    Id paris = world.Room(france, "Salle Étoile", "FR");
    Id pune = world.Room(india, "Sahyadri", "IN");
    world.state.rooms.back().site = "Pune";
    world.Device(france, "SN-1", paris, D("2025-01-01"), "rally-bar");
    world.Device(france, "SN-2", paris, D("2025-01-01"), "tap");
    world.Device(india, "SN-3", pune, D("2025-01-01"), "rally-bar");
    world.Device(india, "SN-4", 0, D("2025-01-01"), "scribe");  // in stock, not deployed
    Id other = world.Account(world.Parent("Contoso"));
    world.Device(other, "SN-5", world.Room(other), D("2025-01-01"), "meetup");

    SpareCandidates candidates = SpareCandidatesOf(world.state, world.catalogue, parent);
    ASSERT_EQ(candidates.products.size(), 2u);
    EXPECT_EQ(candidates.products[0].product, "rally-bar");
    EXPECT_EQ(candidates.products[0].deployed, 2);
    EXPECT_EQ(candidates.products[1].product, "tap");
    ASSERT_EQ(candidates.slow_rma_sites.size(), 1u);
    EXPECT_EQ(candidates.slow_rma_sites[0].site, "Pune");
    EXPECT_EQ(candidates.slow_rma_sites[0].rma_speed, "best-effort");
    EXPECT_EQ(candidates.slow_rma_sites[0].rooms, 1);
}

}  // namespace
}  // namespace portal::testing

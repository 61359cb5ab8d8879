// Contract terms and balances: R-TERM-1 .. R-TERM-4, R-SKU-2.
#include "world.h"

namespace portal::testing {
namespace {

TEST(Terms, StartsByItselfSixtyDaysAfterPurchase) {  // R-TERM-1 (seed example)
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id contract = world.Contract(account, "SYNCPLUS-1Y", 10, D("2026-01-10"));
    ContractView before =
        ViewContract(world.state, world.catalogue, world.contract(contract), D("2026-03-10"));
    EXPECT_EQ(FormatDate(before.start), "2026-03-11");
    EXPECT_EQ(before.status, ContractStatus::Pending);
    EXPECT_EQ(before.free, 10);
    ContractView after =
        ViewContract(world.state, world.catalogue, world.contract(contract), D("2026-03-11"));
    EXPECT_EQ(after.status, ContractStatus::Active);
    EXPECT_EQ(FormatDate(after.end), "2027-03-10");  // R-TERM-2: exactly one year
}

TEST(Terms, FirstAssignmentStartsTheTermEarlier) {  // R-TERM-1
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id room = world.Room(account);
    Id contract = world.Contract(account, "SELECT-3Y", 5, D("2026-01-10"));
    ASSERT_TRUE(world.Do(Action::Assign(room, contract), D("2026-01-20")).ok());
    ContractView view =
        ViewContract(world.state, world.catalogue, world.contract(contract), D("2026-01-20"));
    EXPECT_EQ(FormatDate(view.start), "2026-01-20");
    EXPECT_EQ(FormatDate(view.end), "2029-01-19");
    EXPECT_EQ(view.status, ContractStatus::Active);
    EXPECT_EQ(view.assigned, 1);
    EXPECT_EQ(view.free, 4);
}

TEST(Terms, AssignmentAfterTheGraceDoesNotMoveTheStart) {  // R-TERM-1
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id room = world.Room(account);
    Id contract = world.Contract(account, "SELECT-1Y", 5, D("2026-01-10"));
    ASSERT_TRUE(world.Do(Action::Assign(room, contract), D("2026-06-01")).ok());
    EXPECT_EQ(FormatDate(ContractStart(world.catalogue, world.contract(contract))), "2026-03-11");
    world.ExpectConsistent(D("2026-06-01"));
}

TEST(Terms, NeverRenewsAndServiceNeedsANewPurchase) {  // R-TERM-2, R-GATE-3
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id room = world.Room(account);
    Id old_contract = world.Contract(account, "SYNCPLUS-1Y", 1, D("2025-01-01"));
    ASSERT_TRUE(world.Do(Action::Assign(room, old_contract), D("2025-01-01")).ok());
    ContractView last_day =
        ViewContract(world.state, world.catalogue, world.contract(old_contract), D("2025-12-31"));
    EXPECT_EQ(last_day.status, ContractStatus::Active);
    EXPECT_EQ(last_day.days_left, 1);
    ContractView next_day =
        ViewContract(world.state, world.catalogue, world.contract(old_contract), D("2026-01-01"));
    EXPECT_EQ(next_day.status, ContractStatus::Expired);
    EXPECT_EQ(next_day.free, 0);
    EXPECT_EQ(next_day.days_left, 0);
    EXPECT_FALSE(EntitlementsOf(world.state, world.catalogue, room, D("2026-01-01")).insights);

    Id other_room = world.Room(account);
    ExpectRefused(world.Do(Action::Assign(other_room, old_contract), D("2026-01-01")), "R-TERM-2",
                  "contract_expired");
    Id renewal = world.Contract(account, "SYNCPLUS-1Y", 1, D("2026-01-02"));
    ASSERT_TRUE(world.Do(Action::Assign(room, renewal), D("2026-01-02")).ok())
        << "an expired license does not block a new one";
    EXPECT_TRUE(EntitlementsOf(world.state, world.catalogue, room, D("2026-01-02")).insights);
    world.ExpectConsistent(D("2026-01-02"));
}

TEST(Terms, EveryTermOfTheCatalogueLastsItsYears) {  // R-SKU-2
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    for (const Sku& sku : world.catalogue.skus) {
        Id contract = world.Contract(account, sku.id, 1, D("2024-02-29"));
        Date start = ContractStart(world.catalogue, world.contract(contract));
        Date end = ContractEnd(world.catalogue, world.contract(contract));
        EXPECT_EQ(AddDays(end, 1), AddYears(start, sku.term_years)) << sku.id;
    }
}

TEST(Terms, ServiceOrdersListEveryProgramWithItsBalance) {  // R-TERM-3, R-TERM-4
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id room = world.Room(account);
    Id select = world.Contract(account, "SELECT-2Y", 3, D("2026-02-01"));
    Id warranty = world.Contract(account, "EXTWARRANTY-3Y", 20, D("2024-05-01"));
    ASSERT_TRUE(world.Do(Action::Assign(room, select), D("2026-02-02")).ok());
    Date today = D("2026-03-01");
    ContractView select_view =
        ViewContract(world.state, world.catalogue, world.contract(select), today);
    EXPECT_EQ(select_view.assigned, 1);
    EXPECT_EQ(select_view.free, 2);
    EXPECT_STREQ(ContractStatusId(select_view.status), "active");
    // Extended warranties bought earlier are contracts like the others, with their own term.
    const Contract& extended = world.contract(warranty);
    EXPECT_EQ(extended.program, "extwarranty");
    EXPECT_EQ(extended.term_years, 3);
    ContractView warranty_view = ViewContract(world.state, world.catalogue, extended, today);
    EXPECT_EQ(warranty_view.status, ContractStatus::Active);
    EXPECT_EQ(FormatDate(warranty_view.start), "2024-06-30");
}

}  // namespace
}  // namespace portal::testing

// Orders: R-ORD-1 .. R-ORD-4, R-ORD-7, R-SKU-2.
#include <algorithm>

#include "world.h"

namespace portal::testing {
namespace {

Party Someone(const std::string& prefix, AccountKind kind = AccountKind::Headquarters) {
    Party party;
    party.name = prefix + " Person";
    party.email = prefix + "@example.com";
    party.company = "Northwind Traders";
    party.address = {"1 rue de la Paix", "Paris", "75002", "FR", kind};
    return party;
}

Order CompleteOrder() {
    Order order;
    order.po_number = "PO-2026-001";
    order.purchase_date = D("2026-05-04");
    order.lines = {{"SELECT-3Y", 40}};
    order.end_customer = Someone("it.admin");
    order.reseller = Someone("reseller");
    order.distributor = Someone("distributor");
    return order;
}

bool Names(const OrderCheck& check, const std::string& field) {
    return std::any_of(check.missing_or_invalid.begin(), check.missing_or_invalid.end(),
                       [&](const FieldProblem& problem) { return problem.field == field; });
}

TEST(Orders, ACompleteOrderIsValid) {  // R-ORD-1
    World world;
    OrderCheck check = ValidateOrder(world.catalogue, CompleteOrder());
    EXPECT_TRUE(check.ok());
    EXPECT_EQ(check.program, "select");
}

TEST(Orders, EveryMissingFieldIsNamed) {  // R-ORD-1
    World world;
    Order empty;
    empty.lines = {{"", 0}};
    OrderCheck check = ValidateOrder(world.catalogue, empty);
    EXPECT_FALSE(check.ok());
    for (const char* field :
         {"poNumber", "purchaseDate", "lines[0].sku", "lines[0].quantity", "endCustomer.name",
          "endCustomer.email", "endCustomer.company", "endCustomer.address.line1",
          "endCustomer.address.city", "endCustomer.address.postalCode",
          "endCustomer.address.country", "reseller.name", "reseller.email",
          "reseller.address.line1", "distributor.name", "distributor.email",
          "distributor.address.country"}) {
        EXPECT_TRUE(Names(check, field)) << field;
    }
    for (const FieldProblem& problem : check.missing_or_invalid) {
        EXPECT_FALSE(problem.message.en.empty());
        EXPECT_FALSE(problem.message.fr.empty());
    }
}

TEST(Orders, BadValuesAreNamedToo) {  // R-ORD-1
    World world;
    Order order = CompleteOrder();
    order.end_customer.email = "it admin@example";
    order.reseller.address.country = "France";
    order.lines.push_back({"GOLD-9Y", 2});
    order.lines.push_back({"SELECT-1Y", -3});
    OrderCheck check = ValidateOrder(world.catalogue, order);
    EXPECT_TRUE(Names(check, "endCustomer.email"));
    EXPECT_TRUE(Names(check, "reseller.address.country"));
    EXPECT_TRUE(Names(check, "lines[1].sku"));
    EXPECT_TRUE(Names(check, "lines[2].quantity"));
    EXPECT_FALSE(Names(check, "lines[0].sku"));
}

TEST(Orders, OnePoHoldsOneServiceType) {  // R-ORD-2 (seed: Select and Extended Warranty)
    World world;
    Order mixed = CompleteOrder();
    mixed.lines = {{"SELECT-3Y", 10}, {"EXTWARRANTY-2Y", 10}};
    OrderCheck check = ValidateOrder(world.catalogue, mixed);
    ASSERT_TRUE(check.refusal.has_value());
    EXPECT_EQ(check.refusal->rule, "R-ORD-2");
    EXPECT_EQ(check.refusal->code, "mixed_programs");
    EXPECT_NE(check.refusal->message.en.find("Extended Warranty"), std::string::npos);
    // Several terms of one program are one service type.
    Order terms = CompleteOrder();
    terms.lines = {{"SELECT-1Y", 10}, {"SELECT-5Y", 2}};
    EXPECT_TRUE(ValidateOrder(world.catalogue, terms).ok());
}

TEST(Orders, EachLineBecomesAContract) {  // R-SKU-2, R-TERM-3
    World world;
    Order order = CompleteOrder();
    order.id = 7;
    order.account_id = 3;
    order.lines = {{"SELECT-1Y", 10}, {"SELECT-5Y", 2}};
    std::vector<Contract> contracts = ContractsForOrder(world.catalogue, order);
    ASSERT_EQ(contracts.size(), 2u);
    EXPECT_EQ(contracts[1].sku, "SELECT-5Y");
    EXPECT_EQ(contracts[1].term_years, 5);
    EXPECT_EQ(contracts[1].quantity, 2);
    EXPECT_EQ(contracts[1].po_number, "PO-2026-001");
    EXPECT_EQ(contracts[1].account_id, 3);
    EXPECT_EQ(contracts[0].purchase_date, order.purchase_date);
}

TEST(Orders, MatchedByCompanyThenAddress) {  // R-ORD-3, R-ORD-4
    World world;
    Id northwind = world.Parent("Northwind Traders");
    Id hq = world.Account(northwind, AccountKind::Headquarters, "FR", "Paris", "75002");
    Id austin = world.Account(northwind, AccountKind::Site, "US", "Austin", "73301");

    Order order = CompleteOrder();
    order.end_customer.company = "  northwind   TRADERS ";
    OrderMatch global = MatchOrder(world.state, order);
    EXPECT_EQ(global.kind, OrderMatch::Kind::ExistingAccount);
    EXPECT_EQ(global.account_id, hq) << "a headquarters address goes to the global account";

    order.end_customer.address = {"500 Congress Ave", "Austin", "73301", "US", AccountKind::Site};
    OrderMatch site = MatchOrder(world.state, order);
    EXPECT_EQ(site.kind, OrderMatch::Kind::ExistingAccount);
    EXPECT_EQ(site.account_id, austin) << "a site keeps its own account and balance";

    order.end_customer.address = {"Via Roma 1", "Milano", "20121", "IT", AccountKind::Site};
    OrderMatch new_site = MatchOrder(world.state, order);
    EXPECT_EQ(new_site.kind, OrderMatch::Kind::NewAccount);
    EXPECT_EQ(new_site.parent_entity_id, northwind);

    order.end_customer.company = "Fabrikam";
    EXPECT_EQ(MatchOrder(world.state, order).kind, OrderMatch::Kind::NewCustomer);

    world.Parent("Fabrikam");
    world.Parent("FABRIKAM");
    OrderMatch ambiguous = MatchOrder(world.state, order);
    EXPECT_EQ(ambiguous.kind, OrderMatch::Kind::Unmatched) << "kept for operators (R-ORD-4)";
    EXPECT_FALSE(ambiguous.reason.en.empty());
    order.end_customer.company = "";
    EXPECT_EQ(MatchOrder(world.state, order).kind, OrderMatch::Kind::Unmatched);
}

TEST(Orders, CancellationWithinThirtyDaysNotAfter) {  // R-ORD-7 (seed: day 30 and day 31)
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id order = world.Order(account, "PO-30", D("2026-05-01"), {{"SYNCPLUS-1Y", 5}});
    EXPECT_EQ(FormatDate(CancellationDeadline(world.catalogue, *world.state.FindOrder(order))),
              "2026-05-31");
    auto day31 = PlanCancelOrder(world.state, world.catalogue, order, D("2026-06-01"));
    ExpectRefused(day31, "R-ORD-7", "cancellation_window_closed");
    EXPECT_NE(day31.refusal->message.en.find("2026-05-31"), std::string::npos);
    auto day30 = PlanCancelOrder(world.state, world.catalogue, order, D("2026-05-31"));
    ASSERT_TRUE(day30.ok());
    Apply(world.state, day30.value);
    EXPECT_EQ(world.state.FindOrder(order)->status, OrderStatus::Cancelled);
    EXPECT_TRUE(world.contract(world.ContractOf(order)).cancelled);
    ExpectRefused(PlanCancelOrder(world.state, world.catalogue, order, D("2026-05-31")), "R-ORD-7",
                  "already_cancelled");
    world.ExpectConsistent(D("2026-05-31"));
}

TEST(Orders, CancellingReleasesAssignedLicenses) {  // R-ORD-7, R-ROOM-4
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id room = world.Room(account);
    Id order = world.Order(account, "PO-31", D("2026-05-01"), {{"SELECT-1Y", 2}});
    ASSERT_TRUE(world.Do(Action::Assign(room, world.ContractOf(order)), D("2026-05-02")).ok());
    auto cancel = PlanCancelOrder(world.state, world.catalogue, order, D("2026-05-10"));
    ASSERT_TRUE(cancel.ok());
    ASSERT_EQ(cancel.value.releases.size(), 1u);
    EXPECT_EQ(cancel.value.releases[0].reason, ReleaseReason::Cancelled);
    Apply(world.state, cancel.value);
    EXPECT_TRUE(
        EntitlementsOf(world.state, world.catalogue, room, D("2026-05-10")).programs.empty());
    world.ExpectConsistent(D("2026-05-10"));
}

}  // namespace
}  // namespace portal::testing

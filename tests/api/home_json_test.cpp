// The fleet's home JSON (issue 16): the readers take the spec's examples as the server writes
// them, with the checklist's steps in their order, a partner's rows and the operators' queues;
// counts left out are 0 and a row without its account is named.
#include "api/home_json.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace portal::api {
namespace {

bool Names(const std::vector<FieldError>& errors, const std::string& field) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const FieldError& error) { return error.field == field; });
}

constexpr const char* kAccountHome =
    R"({"accountId":3,"name":"Contoso","asOf":"2026-12-07T10:00:00Z",
  "rooms":{"total":12,"licensed":10,"unlicensed":2,"offline":1,"inMeeting":3},
  "alerts":{"firing":2},
  "tickets":{"open":4,"breached":1},
  "licenses":[{"program":"select","free":3,"assigned":10,"total":13}],
  "contracts":{"startingSoon":1,"endingSoon":2,"cancellable":0},
  "devices":{"total":30,"warrantyEndingSoon":2},
  "gettingStarted":{"show":true,"steps":[{"id":"rooms","done":true},{"id":"devices","done":false},
    {"id":"licenses","done":false},{"id":"people","done":false},{"id":"agents","done":false},
    {"id":"alerts","done":false},{"id":"sso","done":false}]}})";

TEST(HomeJson, ReadsAnAccountsFigures) {
    AccountHome home;
    std::vector<FieldError> errors;
    ASSERT_TRUE(AccountHomeFromJson(Json::parse(kAccountHome), home, errors))
        << errors[0].field << " " << errors[0].message;
    EXPECT_EQ(home.account_id, 3);
    EXPECT_EQ(home.name, "Contoso");
    EXPECT_EQ(home.rooms.total, 12);
    EXPECT_EQ(home.rooms.licensed, 10);
    EXPECT_EQ(home.rooms.unlicensed, 2);
    EXPECT_EQ(home.rooms.offline, 1);
    EXPECT_EQ(home.rooms.in_meeting, 3);
    EXPECT_EQ(home.alerts_firing, 2);
    EXPECT_EQ(home.tickets_open, 4);
    EXPECT_EQ(home.tickets_breached, 1);
    ASSERT_EQ(home.licenses.size(), 1u);
    EXPECT_EQ(home.licenses[0].program, "select");
    EXPECT_EQ(home.licenses[0].free, 3);
    EXPECT_EQ(home.licenses[0].assigned, 10);
    EXPECT_EQ(home.licenses[0].total, 13);
    EXPECT_EQ(home.contracts_starting_soon, 1);
    EXPECT_EQ(home.contracts_ending_soon, 2);
    EXPECT_EQ(home.contracts_cancellable, 0);
    EXPECT_EQ(home.devices_total, 30);
    EXPECT_EQ(home.devices_warranty_ending_soon, 2);
    EXPECT_TRUE(home.getting_started_show);
    ASSERT_EQ(home.steps.size(), 7u);
    for (size_t i = 0; i < home.steps.size(); ++i) {
        EXPECT_EQ(home.steps[i].id, kGettingStartedSteps[i]);
    }
    EXPECT_TRUE(home.steps[0].done);
    EXPECT_FALSE(home.steps[1].done);
}

TEST(HomeJson, AnAccountWithoutFiguresReadsAsZeroes) {
    AccountHome home;
    std::vector<FieldError> errors;
    ASSERT_TRUE(AccountHomeFromJson(Json::parse(R"({"accountId":4})"), home, errors));
    EXPECT_EQ(home.rooms.total, 0);
    EXPECT_FALSE(home.getting_started_show);
    EXPECT_TRUE(home.steps.empty());

    errors.clear();
    EXPECT_FALSE(AccountHomeFromJson(Json::parse(R"({"rooms":{"total":"x"}})"), home, errors));
    EXPECT_TRUE(Names(errors, "accountId"));
    EXPECT_TRUE(Names(errors, "rooms.total"));
}

TEST(HomeJson, ReadsAPartnersRows) {
    const char* rows = R"({"accounts":[
      {"accountId":5,"name":"Fabrikam","parentName":"Fabrikam Group","role":"admin",
       "via":"partner","partnerName":"Adatum Partners",
       "rooms":{"total":8,"licensed":6,"offline":2},"alerts":{"firing":1},
       "tickets":{"open":2,"breached":1},"licensesFree":4,
       "contracts":{"startingSoon":0,"endingSoon":1,"cancellable":1},
       "devices":{"warrantyEndingSoon":3},"attention":4},
      {"accountId":3,"name":"Contoso","role":"readonly","via":"member"}]})";
    std::vector<HomeRow> read;
    std::vector<FieldError> errors;
    ASSERT_TRUE(HomeRowsFromJson(Json::parse(rows), read, errors)) << errors[0].field;
    ASSERT_EQ(read.size(), 2u);
    EXPECT_EQ(read[0].account_id, 5);
    EXPECT_EQ(read[0].parent_name, "Fabrikam Group");
    EXPECT_EQ(read[0].via, "partner");
    EXPECT_EQ(read[0].partner_name, "Adatum Partners");
    EXPECT_EQ(read[0].rooms_total, 8);
    EXPECT_EQ(read[0].rooms_licensed, 6);
    EXPECT_EQ(read[0].rooms_offline, 2);
    EXPECT_EQ(read[0].alerts_firing, 1);
    EXPECT_EQ(read[0].tickets_breached, 1);
    EXPECT_EQ(read[0].licenses_free, 4);
    EXPECT_EQ(read[0].contracts_ending_soon, 1);
    EXPECT_EQ(read[0].contracts_cancellable, 1);
    EXPECT_EQ(read[0].devices_warranty_ending_soon, 3);
    EXPECT_EQ(read[0].attention, 4);
    EXPECT_EQ(read[1].via, "member");
    EXPECT_EQ(read[1].rooms_total, 0);

    errors.clear();
    EXPECT_FALSE(HomeRowsFromJson(Json::parse(R"({"accounts":[{"name":"x"}]})"), read, errors));
    EXPECT_TRUE(Names(errors, "accounts[0].accountId"));
    errors.clear();
    EXPECT_FALSE(HomeRowsFromJson(Json::parse(R"({})"), read, errors));
    EXPECT_TRUE(Names(errors, "accounts"));
}

TEST(HomeJson, ReadsTheOperatorsQueues) {
    const char* home = R"({"unmatchedOrders":2,"criticalTickets":1,"pendingInvitations":3,
      "orders":[{"id":41,"status":"unmatched","poNumber":"PO-9","purchaseDate":"2026-11-02",
        "lines":[{"sku":"SELECT-1Y","quantity":2}],
        "endCustomer":{"name":"Eve","email":"eve@example.com","company":"Tailspin",
          "address":{"line1":"1 rue","city":"Lyon","postalCode":"69001","country":"FR",
                     "kind":"headquarters"}},
        "reseller":{"name":"R","email":"r@example.com"},
        "distributor":{"name":"D","email":"d@example.com"},
        "reason":"No account matches"}],
      "tickets":[{"id":7,"accountId":3,"accountName":"Contoso","subject":"Room down",
        "status":"new","dueAt":"2026-12-07T12:00:00Z","breached":true}],
      "invitations":[{"id":9,"accountId":null,"accountName":"Adatum Partners",
        "email":"p@example.com","createdAt":"2026-11-01T00:00:00Z",
        "expiresAt":"2026-11-15T00:00:00Z"}]})";
    OperatorHome read;
    std::vector<FieldError> errors;
    ASSERT_TRUE(OperatorHomeFromJson(Json::parse(home), read, errors)) << errors[0].field;
    EXPECT_EQ(read.unmatched_orders, 2);
    EXPECT_EQ(read.critical_tickets, 1);
    EXPECT_EQ(read.pending_invitations, 3);
    ASSERT_EQ(read.orders.size(), 1u);
    EXPECT_EQ(read.orders[0].order.po_number, "PO-9");
    EXPECT_EQ(read.orders[0].reason, "No account matches");
    ASSERT_EQ(read.tickets.size(), 1u);
    EXPECT_EQ(read.tickets[0].subject, "Room down");
    EXPECT_TRUE(read.tickets[0].breached);
    ASSERT_EQ(read.invitations.size(), 1u);
    EXPECT_EQ(read.invitations[0].account_id, 0);
    EXPECT_EQ(read.invitations[0].account_name, "Adatum Partners");
    EXPECT_EQ(read.invitations[0].email, "p@example.com");
}

}  // namespace
}  // namespace portal::api

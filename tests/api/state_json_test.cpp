// The account state the browser's engine plans with reads back exactly as it was written.
#include "api/state_json.h"

#include <gtest/gtest.h>

namespace portal::api {
namespace {

Date D(const char* text) {
    Date date;
    EXPECT_TRUE(ParseDate(text, date)) << text;
    return date;
}

TEST(StateJson, EveryTableReadsBackAsWritten) {
    State state;
    state.parent_entities = {{1, "Northwind Traders"}};
    state.accounts = {
        {2, 1, "Northwind — Siège", AccountKind::Headquarters, "FR", "Paris", "75001"},
        {3, 1, "Northwind — Austin", AccountKind::Site, "US", "Austin", "78701"}};
    state.rooms = {{10, 2, "Salle \"Étoile\"", "Paris — La Défense", "FR", 12, "Europe/Paris", 4}};
    state.devices = {{"2240XY-0001", 2, "rally-bar", 10, D("2025-03-01")},
                     {"2240XY-0002", 2, "tap", 0, D("2025-03-02")}};
    Contract contract;
    contract.id = 20;
    contract.order_id = 30;
    contract.account_id = 2;
    contract.po_number = "NWT-FR-0117";
    contract.sku = "SELECT-3Y";
    contract.program = "select";
    contract.quantity = 40;
    contract.term_years = 3;
    contract.purchase_date = D("2025-10-18");
    contract.first_assigned = D("2025-10-28");
    Contract unused = contract;
    unused.id = 21;
    unused.first_assigned.reset();
    unused.cancelled = true;
    state.contracts = {contract, unused};
    Assignment held{40, 20, 3, 10, D("2025-10-28"), std::nullopt, ReleaseReason::Unassigned};
    Assignment moved{41, 20, 4, 10, D("2025-10-28"), D("2025-11-02"), ReleaseReason::Moved};
    state.assignments = {held, moved};

    Json json = StateToJson(state);
    State back;
    std::vector<FieldError> errors;
    ASSERT_TRUE(StateFromJson(Json::parse(json.dump()), back, errors));
    EXPECT_EQ(StateToJson(back), json);
    EXPECT_EQ(back.devices[1].room_id, 0);
    EXPECT_FALSE(back.contracts[1].first_assigned.has_value());
    EXPECT_EQ(back.assignments[1].release_reason, ReleaseReason::Moved);
    EXPECT_EQ(back.rooms[0].version, 4);
}

TEST(StateJson, NamesEachBadField) {
    Json json = Json::parse(R"({"parentEntities":[],"accounts":[],"devices":[],"assignments":[],
        "rooms":[{"id":1,"accountId":2,"name":"A","site":"S","country":"FR","capacity":"big",
                  "version":1}],
        "contracts":[{"id":1,"orderId":1,"accountId":2,"poNumber":"P","sku":"S","program":"x",
                      "quantity":1,"termYears":1,"purchaseDate":"2025-13-01",
                      "firstAssigned":null,"cancelled":false}]})");
    State state;
    std::vector<FieldError> errors;
    EXPECT_FALSE(StateFromJson(json, state, errors));
    std::vector<std::string> fields;
    for (const FieldError& error : errors) fields.push_back(error.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"rooms[0].capacity", "contracts[0].purchaseDate"}));
}

}  // namespace
}  // namespace portal::api

// The model as the API speaks it: field names of issue 4's contract, order intake read with every
// bad field named, engine refusals turned into the error envelope.
#include "api/model_json.h"

#include <gtest/gtest.h>

namespace portal::api {
namespace {

Date D(const char* text) {
    Date date;
    EXPECT_TRUE(ParseDate(text, date));
    return date;
}

TEST(ModelJson, ContractCarriesBalanceTermAndStatus) {  // R-TERM-3
    Contract contract;
    contract.id = 7;
    contract.order_id = 3;
    contract.po_number = "PO-1";
    contract.program = "select";
    contract.sku = "SELECT-3Y";
    contract.quantity = 40;
    ContractView view;
    view.start = D("2026-01-10");
    view.end = D("2029-01-09");
    view.status = ContractStatus::Active;
    view.assigned = 12;
    view.free = 28;
    view.days_left = 900;
    Json json = ContractToJson(contract, view);
    EXPECT_EQ(json["id"], 7);
    EXPECT_EQ(json["orderId"], 3);
    EXPECT_EQ(json["poNumber"], "PO-1");
    EXPECT_EQ(json["program"], "select");
    EXPECT_EQ(json["sku"], "SELECT-3Y");
    EXPECT_EQ(json["quantity"], 40);
    EXPECT_EQ(json["assigned"], 12);
    EXPECT_EQ(json["free"], 28);
    EXPECT_EQ(json["startDate"], "2026-01-10");
    EXPECT_EQ(json["endDate"], "2029-01-09");
    EXPECT_EQ(json["status"], "active");
    contract.cancelled = true;
    view.status = ContractStatus::Cancelled;
    Json cancelled = ContractToJson(contract, view);
    EXPECT_TRUE(cancelled["startDate"].is_null());
    EXPECT_EQ(cancelled["status"], "cancelled");
}

TEST(ModelJson, RoomsDevicesEntitlementsSpares) {  // R-GATE-1, R-SPARE-1
    Json room = RoomToJson({5, 2, "Salle Étoile", "Paris", "FR", 12});
    EXPECT_EQ(room["name"], "Salle Étoile");
    EXPECT_EQ(room["capacity"], 12);
    Json unplaced = DeviceToJson({"SN1", 2, "tap", 0, D("2025-01-01")});
    EXPECT_TRUE(unplaced["roomId"].is_null());
    EXPECT_EQ(unplaced["purchaseDate"], "2025-01-01");
    RoomEntitlements entitlements;
    entitlements.programs = {"syncplus"};
    entitlements.insights = true;
    Json gates = EntitlementsToJson(entitlements);
    EXPECT_EQ(gates["programs"][0], "syncplus");
    EXPECT_TRUE(gates["insights"]);
    EXPECT_FALSE(gates["support"]);
    SparesSummary spares{1, 100, 2, {{11, D("2025-11-03"), 1}, {12, D("2026-02-20"), 2}}};
    Json pools = SparesToJson(spares);
    EXPECT_EQ(pools["selectRooms"], 100);
    EXPECT_EQ(pools["grants"][1]["orderId"], 12);
    EXPECT_EQ(pools["grants"][1]["date"], "2026-02-20");
}

TEST(ModelJson, RoomInputIsChecked) {
    Room room;
    std::vector<FieldError> errors;
    EXPECT_TRUE(
        RoomFromJson(Json::parse(R"({"name":"Opéra","site":"Paris","country":"FR","capacity":6})"),
                     room, errors));
    EXPECT_EQ(room.name, "Opéra");
    Room bad;
    EXPECT_FALSE(
        RoomFromJson(Json::parse(R"({"site":"Paris","country":"FR","capacity":0})"), bad, errors));
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].field, "name");
    EXPECT_EQ(errors[1].field, "capacity");
}

TEST(ModelJson, OrderIntakeReadsEveryField) {  // R-ORD-1
    Json body = Json::parse(R"({
        "poNumber": "PO-2026-001", "purchaseDate": "2026-05-04",
        "lines": [{"sku": "SELECT-3Y", "quantity": 40}],
        "endCustomer": {"name": "Ada", "email": "ada@example.com", "company": "Northwind",
                        "address": {"line1": "1 rue", "city": "Paris", "postalCode": "75002",
                                    "country": "FR", "kind": "site"}},
        "reseller": {"name": "R", "email": "r@example.com",
                     "address": {"line1": "2 rd", "city": "Lyon", "postalCode": "69001", "country": "FR"}},
        "distributor": {"name": "D", "email": "d@example.com",
                        "address": {"line1": "3 av", "city": "Lille", "postalCode": "59000", "country": "FR"}}})");
    Order order;
    std::vector<FieldError> errors;
    ASSERT_TRUE(OrderFromJson(body, order, errors)) << errors[0].field << " " << errors[0].message;
    EXPECT_EQ(order.po_number, "PO-2026-001");
    EXPECT_EQ(FormatDate(order.purchase_date), "2026-05-04");
    ASSERT_EQ(order.lines.size(), 1u);
    EXPECT_EQ(order.lines[0].quantity, 40);
    EXPECT_EQ(order.end_customer.company, "Northwind");
    EXPECT_EQ(order.end_customer.address.kind, AccountKind::Site);
    EXPECT_EQ(order.reseller.address.kind, AccountKind::Headquarters);
}

TEST(ModelJson, OrderIntakeNamesEveryBadField) {  // R-ORD-1
    Json body = Json::parse(R"({"purchaseDate": "2026-02-30", "lines": [{"sku": 5}],
                                "endCustomer": {"name": "Ada", "address": {"kind": "moon"}}})");
    Order order;
    std::vector<FieldError> errors;
    EXPECT_FALSE(OrderFromJson(body, order, errors));
    std::vector<std::string> fields;
    for (const FieldError& error : errors) fields.push_back(error.field);
    for (const char* expected :
         {"poNumber", "purchaseDate", "lines[0].sku", "lines[0].quantity", "endCustomer.email",
          "endCustomer.company", "endCustomer.address.line1", "endCustomer.address.kind",
          "reseller", "distributor"}) {
        EXPECT_NE(std::find(fields.begin(), fields.end(), expected), fields.end()) << expected;
    }
}

TEST(ModelJson, RefusalsBecomeEnvelopes) {  // R-ROOM-1
    Refusal rule{"no_free_license",
                 "R-ROOM-1",
                 {"All 2 licenses are assigned.", "Les 2 licences sont attribuées."},
                 ""};
    ApiError english = RefusalToError(rule, Language::English);
    EXPECT_EQ(english.status, 409);
    EXPECT_EQ(english.code, "rule_violation");
    EXPECT_EQ(english.rule, "R-ROOM-1");
    EXPECT_EQ(RefusalToError(rule, Language::French).message, "Les 2 licences sont attribuées.");
    Json envelope = ErrorEnvelope(english);
    EXPECT_EQ(envelope["error"]["details"]["rule"], "R-ROOM-1");

    Refusal missing{
        "room_not_found", "", {"This room does not exist.", "Cette salle n'existe pas."}, "roomId"};
    ApiError not_found = RefusalToError(missing, Language::English);
    EXPECT_EQ(not_found.status, 404);
    EXPECT_EQ(not_found.code, "not_found");
    EXPECT_TRUE(not_found.rule.empty());
}

TEST(ModelJson, EngineFieldProblemsInTheCallersLanguage) {  // R-ORD-1
    std::vector<FieldProblem> problems = {{"poNumber", {"is required", "est obligatoire"}}};
    EXPECT_EQ(FieldErrorsIn(problems, Language::French)[0].message, "est obligatoire");
    EXPECT_EQ(FieldErrorsIn(problems, Language::English)[0].field, "poNumber");
}

}  // namespace
}  // namespace portal::api

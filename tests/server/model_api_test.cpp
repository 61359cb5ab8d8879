// The entitlement model over HTTP against the real server and the demo data: rooms, imports,
// devices, license assignment, orders, cancellation, the audit log, tenancy (a foreign id
// answers exactly like a missing one), If-Match, Idempotency-Key, and 64 clients racing for
// the licenses of one contract.
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <set>
#include <thread>

#include "api/state_json.h"
#include "api_fixture.h"
#include "model_fixture.h"
#include "server/database.h"

namespace portal::server {
namespace {

using testing::ApiAnswer;
using testing::ApiClient;
using testing::ApiTest;
using testing::kAnne;
using testing::kDana;
using testing::kLouis;
using testing::kOlivia;
using testing::kSam;
using testing::Str;
using Json = api::Json;

class ModelApiTest : public ApiTest {
  protected:
    std::string Rooms(Id account) const { return "/api/v1/accounts/" + Str(account) + "/rooms"; }

    // The account's contract with this PO number, as GET /contracts shows it.
    Json ContractOf(const ApiClient& client, Id account, const std::string& po) const {
        ApiAnswer contracts = client.Get("/api/v1/accounts/" + Str(account) + "/contracts");
        EXPECT_EQ(contracts.status, 200) << contracts.body;
        for (const Json& contract : contracts.json["contracts"]) {
            if (contract["poNumber"] == po) return contract;
        }
        ADD_FAILURE() << "no contract " << po;
        return Json::object();
    }

    Id NewRoom(const ApiClient& client, Id account, const std::string& name,
               const std::string& country = "FR") const {
        ApiAnswer created =
            client.Post(Rooms(account),
                        {{"name", name}, {"site", "Test"}, {"country", country}, {"capacity", 6}});
        EXPECT_EQ(created.status, 201) << created.body;
        return created.json["room"].value("id", Id{0});
    }

    static Json Party(const std::string& name, const std::string& email, const std::string& city,
                      const std::string& country, const std::string& kind = "headquarters") {
        return {{"name", name},
                {"email", email},
                {"address",
                 {{"line1", "1 rue de la Paix"},
                  {"city", city},
                  {"postalCode", "75002"},
                  {"country", country},
                  {"kind", kind}}}};
    }

    static Json OrderBody(const std::string& po, const std::string& company, const std::string& sku,
                          int quantity, const std::string& date) {
        std::string domain;
        for (char c : company) {
            if (std::isalnum(static_cast<unsigned char>(c))) {
                domain += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
        }
        Json customer = Party("Claire Dubois", "claire@" + domain + ".example", "Lyon", "FR");
        customer["company"] = company;
        return {{"poNumber", po},
                {"purchaseDate", date},
                {"lines", Json::array({{{"sku", sku}, {"quantity", quantity}}})},
                {"endCustomer", customer},
                {"reseller", Party("Rita Reseller", "rita@reseller.example", "Paris", "FR")},
                {"distributor", Party("Dan Distri", "dan@distri.example", "Lille", "FR")}};
    }

    std::string Today() const { return FormatDate(UtcDate(clock_.Now())); }
    std::string DaysAgo(int days) const {
        return FormatDate(AddDays(UtcDate(clock_.Now()), -days));
    }

    // Signs in the end customer an order intake invited as the account's admin (R-ACC-2): the
    // token comes from the invitation mail in the outbox.
    ApiClient AdminOf(Id account) const {
        std::string body;
        {
            auto db = testing::OpenRaw(DatabaseTarget(config_));
            Statement query =
                db->Prepare("SELECT body FROM outbox WHERE kind = 'invitation' AND account_id = " +
                            Str(account) + " ORDER BY id DESC");
            EXPECT_EQ(query.Step(), Statement::StepResult::Row) << "no invitation";
            body = query.ColumnText(0);
        }
        size_t at = body.find("/#/invite/");
        EXPECT_NE(at, std::string::npos) << body;
        if (at == std::string::npos) return Anonymous();
        std::string token = body.substr(at + 10, body.find_first_of(" \r\n", at + 10) - at - 10);
        ApiAnswer accepted = Anonymous().Post(
            "/api/v1/invitations/accept",
            {{"token", token}, {"name", "Claire Dubois"}, {"password", "a long enough password"}});
        EXPECT_EQ(accepted.status, 200) << accepted.body;
        return ApiClient(server_->Port(), testing::SessionCookieOf(accepted));
    }

    // A new customer's order through the intake, and its account's admin signed in.
    struct NewCustomer {
        Id account = 0;
        Json contract;
    };
    NewCustomer Buy(const std::string& company, const std::string& sku, int quantity,
                    const std::string& date, const std::string& po = "") const {
        ApiAnswer order =
            SignInAs(testing::kOlivia)
                .Post("/api/v1/orders", OrderBody(po.empty() ? company + "-" + sku : po, company,
                                                  sku, quantity, date));
        EXPECT_EQ(order.status, 201) << order.body;
        return {order.json["order"].value("accountId", Id{0}), order.json["order"]["contracts"][0]};
    }
};

// ---------------------------------------------------------------------------------------------
// Rooms

TEST_F(ModelApiTest, MembersListRoomsWithDevicesLicensesAndEntitlements) {
    ApiAnswer rooms = SignInAs(kLouis).Get(Rooms(NorthwindHq()));  // read-only member
    ASSERT_EQ(rooms.status, 200) << rooms.body;
    ASSERT_EQ(rooms.json["rooms"].size(), 5u);
    const Json& etoile = rooms.json["rooms"][0];
    EXPECT_EQ(etoile["name"], "Salle Étoile");
    EXPECT_EQ(etoile["devices"], 2);
    EXPECT_EQ(etoile["licenses"]["select"]["poNumber"], "NWT-FR-0117");
    EXPECT_EQ(etoile["insights"], true);  // R-GATE-1: Select grants Insights
    for (const Json& room : rooms.json["rooms"]) EXPECT_EQ(room["accountId"], NorthwindHq());
}

TEST_F(ModelApiTest, AnAdminAddsARoomAndTheAuditLogSaysWhoAndWhat) {
    ApiClient anne = SignInAs(kAnne);
    ApiAnswer created = anne.Post(
        Rooms(NorthwindHq()),
        {{"name", "  Salle Neuve "}, {"site", "Paris"}, {"country", "fr"}, {"capacity", 8}});
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json["room"]["name"], "Salle Neuve");
    EXPECT_EQ(created.json["room"]["country"], "FR");
    EXPECT_FALSE(created.Header("ETag").empty());

    ApiAnswer audit = anne.Get("/api/v1/accounts/" + Str(NorthwindHq()) + "/audit");
    ASSERT_EQ(audit.status, 200) << audit.body;
    const Json& entry = audit.json["entries"][0];
    EXPECT_EQ(entry["action"], "room.create");
    EXPECT_EQ(entry["userId"], UserNamed(kAnne.email));
    EXPECT_EQ(entry["before"], nullptr);
    EXPECT_EQ(entry["after"]["name"], "Salle Neuve");
}

// The room detail's history: one object's entries only, newest first.
TEST_F(ModelApiTest, TheAuditLogGivesOneRoomsHistory) {
    ApiClient anne = SignInAs(kAnne);
    ApiAnswer first =
        anne.Post(Rooms(NorthwindHq()),
                  {{"name", "Histoire"}, {"site", "Paris"}, {"country", "FR"}, {"capacity", 4}});
    ApiAnswer second =
        anne.Post(Rooms(NorthwindHq()),
                  {{"name", "Autre"}, {"site", "Paris"}, {"country", "FR"}, {"capacity", 4}});
    ASSERT_EQ(first.status, 201) << first.body;
    ASSERT_EQ(second.status, 201) << second.body;
    std::string object = "room:" + first.json["room"]["id"].dump();
    ApiAnswer history =
        anne.Get("/api/v1/accounts/" + Str(NorthwindHq()) + "/audit?object=" + object);
    ASSERT_EQ(history.status, 200) << history.body;
    ASSERT_EQ(history.json["entries"].size(), 1u) << history.body;
    EXPECT_EQ(history.json["entries"][0]["object"], object);
    EXPECT_EQ(history.json["entries"][0]["action"], "room.create");
    ApiAnswer all = anne.Get("/api/v1/accounts/" + Str(NorthwindHq()) + "/audit");
    EXPECT_GE(all.json["entries"].size(), 2u);
}

TEST_F(ModelApiTest, BadRoomsAreRefusedFieldByFieldAndChangeNothing) {
    ApiClient anne = SignInAs(kAnne);
    int64_t before = QueryInt("SELECT count(*) FROM rooms");
    ApiAnswer bad =
        anne.Post(Rooms(NorthwindHq()),
                  {{"name", ""}, {"site", "x"}, {"country", "France"}, {"capacity", 0}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.ErrorCode(), "invalid_fields");
    std::set<std::string> fields;
    for (const Json& field : bad.json["error"]["details"]["fields"]) fields.insert(field["field"]);
    EXPECT_TRUE(fields.count("capacity")) << bad.body;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM rooms"), before);

    ApiAnswer duplicate = anne.Post(Rooms(NorthwindHq()), {{"name", "salle étoile"},
                                                           {"site", "Paris — La Défense"},
                                                           {"country", "FR"},
                                                           {"capacity", 4}});
    // Letter case folds ASCII only; "étoile" vs "Étoile" differ, so use the exact name.
    ApiAnswer exact = anne.Post(
        Rooms(NorthwindHq()),
        {{"name", "Opéra"}, {"site", "paris — la défense"}, {"country", "FR"}, {"capacity", 4}});
    EXPECT_EQ(exact.status, 409) << exact.body;
    EXPECT_EQ(exact.ErrorCode(), "room_exists");
    (void)duplicate;
}

TEST_F(ModelApiTest, ReadOnlyMembersAreForbiddenAndOtherTenantsSeeNothing) {
    Json room = {{"name", "X"}, {"site", "Y"}, {"country", "FR"}, {"capacity", 2}};
    ApiAnswer readonly = SignInAs(kLouis).Post(Rooms(NorthwindHq()), room);
    EXPECT_EQ(readonly.status, 403);  // R-ACC-1
    ApiAnswer foreign = SignInAs(kDana).Post(Rooms(NorthwindHq()), room);
    EXPECT_EQ(foreign.status, 404);
    ApiAnswer anonymous = Anonymous().Post(Rooms(NorthwindHq()), room);
    EXPECT_EQ(anonymous.status, 401);
}

TEST_F(ModelApiTest, AForeignObjectAnswersByteForByteLikeAMissingOne) {
    ApiClient dana = SignInAs(kDana);  // Contoso admin
    Id northwind_room = RoomNamed("Opéra");
    std::vector<std::pair<std::string, std::string>> pairs = {
        {"/api/v1/rooms/" + Str(northwind_room), "/api/v1/rooms/987654"},
        {"/api/v1/rooms/" + Str(northwind_room) + "/entitlements",
         "/api/v1/rooms/987654/entitlements"},
        {Rooms(NorthwindHq()), Rooms(987654)},
        {"/api/v1/accounts/" + Str(NorthwindHq()) + "/contracts",
         "/api/v1/accounts/987654/contracts"},
        {"/api/v1/accounts/" + Str(NorthwindHq()) + "/spares", "/api/v1/accounts/987654/spares"},
    };
    for (const auto& [foreign, missing] : pairs) {
        ApiAnswer a = dana.Get(foreign);
        ApiAnswer b = dana.Get(missing);
        EXPECT_EQ(a.status, 404) << foreign;
        EXPECT_EQ(a.body, b.body) << foreign;
        EXPECT_EQ(a.Header("Content-Length"), b.Header("Content-Length"));
    }
    // Writes too: assigning through a foreign room, or a foreign contract into one's own room.
    Id contoso_room = RoomNamed("Spree");
    Id northwind_contract = QueryInt("SELECT id FROM contracts WHERE po_number = 'NWT-FR-0518'");
    ApiAnswer foreign_room = dana.Post("/api/v1/rooms/" + Str(northwind_room) + "/licenses",
                                       {{"contractId", northwind_contract}});
    ApiAnswer foreign_contract = dana.Post("/api/v1/rooms/" + Str(contoso_room) + "/licenses",
                                           {{"contractId", northwind_contract}});
    ApiAnswer missing_contract =
        dana.Post("/api/v1/rooms/" + Str(contoso_room) + "/licenses", {{"contractId", 987654}});
    EXPECT_EQ(foreign_room.status, 404);
    EXPECT_EQ(foreign_contract.status, 404);
    EXPECT_EQ(foreign_contract.body, missing_contract.body);
    EXPECT_EQ(foreign_room.body, missing_contract.body);
}

TEST_F(ModelApiTest, ASiblingAccountsContractIsInvisibleToAnAdminOfTheOther) {
    // Anne administers Northwind HQ only; Austin is another account of the same customer.
    ApiClient anne = SignInAs(kAnne);
    Id austin_contract = QueryInt("SELECT id FROM contracts WHERE po_number = 'NWT-US-2540'");
    ApiAnswer assign = anne.Post("/api/v1/rooms/" + Str(RoomNamed("Confluence")) + "/licenses",
                                 {{"contractId", austin_contract}});
    EXPECT_EQ(assign.status, 404) << assign.body;  // not R-ROOM-2's sentence naming the PO
    EXPECT_EQ(assign.body.find("NWT-US"), std::string::npos);
}

TEST_F(ModelApiTest, PatchNeedsIfMatchAndRefusesAStaleCopy) {
    ApiClient anne = SignInAs(kAnne);
    std::string path = "/api/v1/rooms/" + Str(RoomNamed("Confluence"));
    ApiAnswer room = anne.Get(path);
    ASSERT_EQ(room.status, 200) << room.body;
    std::string etag = room.Header("ETag");
    ASSERT_FALSE(etag.empty());

    ApiAnswer without = anne.Patch(path, {{"capacity", 10}});
    EXPECT_EQ(without.status, 428);
    ApiAnswer first = anne.Patch(path, {{"capacity", 10}}, {{"If-Match", etag}});
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.json["room"]["capacity"], 10);
    EXPECT_NE(first.Header("ETag"), etag);
    ApiAnswer stale = anne.Patch(path, {{"capacity", 12}}, {{"If-Match", etag}});
    EXPECT_EQ(stale.status, 412);
    EXPECT_EQ(QueryInt("SELECT capacity FROM rooms WHERE name = 'Confluence'"), 10);

    ApiAnswer bad = anne.Patch(path, {{"capacity", "many"}, {"accountId", 3}},
                               {{"If-Match", first.Header("ETag")}});
    EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST_F(ModelApiTest, ARoomWithALicenseOrADeviceCannotBeDeleted) {
    ApiClient anne = SignInAs(kAnne);
    ApiAnswer licensed = anne.Delete("/api/v1/rooms/" + Str(RoomNamed("Opéra")));
    EXPECT_EQ(licensed.status, 409);
    EXPECT_EQ(licensed.Rule(), "R-ROOM-4");

    Id empty = NewRoom(anne, NorthwindHq(), "Vide");
    ApiAnswer stale = anne.Delete("/api/v1/rooms/" + Str(empty), {{"If-Match", "\"0.0\""}});
    EXPECT_EQ(stale.status, 412);
    ApiAnswer deleted = anne.Delete("/api/v1/rooms/" + Str(empty));
    EXPECT_EQ(deleted.status, 204) << deleted.body;
    EXPECT_EQ(anne.Get("/api/v1/rooms/" + Str(empty)).status, 404);
}

// R-ROOM-2: rooms imported from a device-management export.
TEST_F(ModelApiTest, ImportsRoomsFromACsvExportAndSkipsThoseAlreadyThere) {
    ApiClient anne = SignInAs(kAnne);
    std::string csv =
        "\xEF\xBB\xBFRoom Name;Site;Country;Seats\r\n"
        "\"Salle \"\"Rhône\"\"\";Lyon;FR;8\r\n"
        "Opéra;Paris — La Défense;FR;6\r\n"
        "Docklands;London;gb;12\r\n";
    ApiAnswer imported = anne.PostText(Rooms(NorthwindHq()) + "/import", csv, "text/csv");
    ASSERT_EQ(imported.status, 201) << imported.body;
    ASSERT_EQ(imported.json["created"].size(), 2u);
    EXPECT_EQ(imported.json["created"][0]["name"], "Salle \"Rhône\"");
    EXPECT_EQ(imported.json["created"][1]["country"], "GB");
    ASSERT_EQ(imported.json["skipped"].size(), 1u);
    EXPECT_EQ(imported.json["skipped"][0]["name"], "Opéra");

    ApiAnswer again = anne.PostText(Rooms(NorthwindHq()) + "/import", csv, "text/csv");
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.json["created"].size(), 0u);
}

TEST_F(ModelApiTest, AnImportWithOneBadRowImportsNothingAndNamesTheRow) {
    ApiClient anne = SignInAs(kAnne);
    int64_t before = QueryInt("SELECT count(*) FROM rooms");
    Json rooms = Json::array({{{"name", "A"}, {"site", "S"}, {"country", "FR"}, {"capacity", 4}},
                              {{"name", "B"}, {"site", "S"}, {"country", "Fr4"}, {"capacity", 4}}});
    ApiAnswer imported = anne.Post(Rooms(NorthwindHq()) + "/import", rooms);
    EXPECT_EQ(imported.status, 400) << imported.body;
    EXPECT_NE(imported.body.find("rooms[1].country"), std::string::npos) << imported.body;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM rooms"), before);
    ApiAnswer readonly = SignInAs(kLouis).Post(Rooms(NorthwindHq()) + "/import", rooms);
    EXPECT_EQ(readonly.status, 403);
}

// ---------------------------------------------------------------------------------------------
// Licenses

// R-ROOM-1, R-TERM-1: assigning takes one license of the contract and starts its term.
TEST_F(ModelApiTest, AssigningALicenseTakesOneFromTheContractAndStartsItsTerm) {
    ApiClient anne = SignInAs(kAnne);
    Json before = ContractOf(anne, NorthwindHq(), "NWT-FR-0518");  // Sync Plus x10, pending
    EXPECT_EQ(before["status"], "pending");
    Id room = RoomNamed("Confluence");
    ApiAnswer assigned =
        anne.Post("/api/v1/rooms/" + Str(room) + "/licenses", {{"contractId", before["id"]}});
    ASSERT_EQ(assigned.status, 201) << assigned.body;
    EXPECT_EQ(assigned.json["contract"]["free"], before["free"].get<int>() - 1);
    EXPECT_EQ(assigned.json["contract"]["status"], "active");
    EXPECT_EQ(assigned.json["contract"]["startDate"], Today());
    EXPECT_EQ(assigned.json["entitlements"]["insights"], true);  // R-GATE-1

    Json after = ContractOf(anne, NorthwindHq(), "NWT-FR-0518");
    EXPECT_EQ(after["assigned"], before["assigned"].get<int>() + 1);

    // R-ROOM-1: a second Sync Plus license for the same room is refused, nothing changes.
    ApiAnswer again =
        anne.Post("/api/v1/rooms/" + Str(room) + "/licenses", {{"contractId", before["id"]}});
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(again.ErrorCode(), "rule_violation");
    EXPECT_EQ(again.Rule(), "R-ROOM-1");
    EXPECT_EQ(ContractOf(anne, NorthwindHq(), "NWT-FR-0518")["free"], after["free"]);
}

TEST_F(ModelApiTest, RefusalsNameTheRuleInTheCallersLanguage) {
    ApiClient anne = SignInAs(kAnne);
    Json warranty = ContractOf(anne, NorthwindHq(), "NWT-FR-0342");
    std::string path = "/api/v1/rooms/" + Str(RoomNamed("Confluence")) + "/licenses";
    ApiAnswer english = anne.Post(path, {{"contractId", warranty["id"]}});
    EXPECT_EQ(english.status, 409);
    EXPECT_EQ(english.Rule(), "R-ROOM-6");
    ApiAnswer french =
        anne.Post(path, {{"contractId", warranty["id"]}}, {{"Accept-Language", "fr-FR,fr;q=0.9"}});
    EXPECT_EQ(french.Rule(), "R-ROOM-6");
    EXPECT_NE(english.json["error"]["message"], french.json["error"]["message"]);
    ApiAnswer bad_body = anne.Post(path, {{"contract", 1}});
    EXPECT_EQ(bad_body.status, 400);
    EXPECT_NE(bad_body.body.find("contractId"), std::string::npos);
}

// R-ROOM-4: a move never duplicates or loses a license.
TEST_F(ModelApiTest, MovingAndUnassigningKeepTheContractsBalanceRight) {
    ApiClient anne = SignInAs(kAnne);
    Id from = RoomNamed("Opéra");
    Id to = RoomNamed("Confluence");
    Json before = ContractOf(anne, NorthwindHq(), "NWT-FR-0117");
    ApiAnswer moved =
        anne.Post("/api/v1/rooms/" + Str(from) + "/licenses/select/move", {{"toRoomId", to}});
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(moved.json["assignment"]["roomId"], to);
    Json after_move = ContractOf(anne, NorthwindHq(), "NWT-FR-0117");
    EXPECT_EQ(after_move["assigned"], before["assigned"]);
    EXPECT_EQ(after_move["free"], before["free"]);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM assignments WHERE released_on IS NULL AND room_id = " +
                       Str(from)),
              0);

    ApiAnswer unassigned = anne.Delete("/api/v1/rooms/" + Str(to) + "/licenses/select");
    EXPECT_EQ(unassigned.status, 204) << unassigned.body;
    EXPECT_EQ(ContractOf(anne, NorthwindHq(), "NWT-FR-0117")["free"],
              before["free"].get<int>() + 1);
    ApiAnswer nothing = anne.Delete("/api/v1/rooms/" + Str(to) + "/licenses/select");
    EXPECT_EQ(nothing.status, 409);
    EXPECT_EQ(nothing.Rule(), "R-ROOM-1");

    EXPECT_EQ(QueryInt("SELECT count(*) FROM contracts c WHERE c.held <> (SELECT count(*) FROM"
                       " assignments a WHERE a.contract_id = c.id AND a.released_on IS NULL)"),
              0);

    ApiAnswer history = anne.Get("/api/v1/rooms/" + Str(to));
    ASSERT_EQ(history.status, 200);
    EXPECT_GE(history.json["room"]["history"].size(), 1u);
}

// R-ROOM-1: 64 clients assigning the licenses of one contract at once never over-assign it
// nor put one license in two rooms.
TEST_F(ModelApiTest, SixtyFourClientsRacingForOneContractNeverOverAssignIt) {
    ApiClient anne = SignInAs(kAnne);
    Json rooms = Json::array();
    for (int i = 0; i < 64; ++i) {
        rooms.push_back({{"name", "Race " + std::to_string(i)},
                         {"site", "Race"},
                         {"country", "FR"},
                         {"capacity", 4}});
    }
    ApiAnswer imported = anne.Post(Rooms(NorthwindHq()) + "/import", rooms);
    ASSERT_EQ(imported.status, 201) << imported.body;
    Json contract = ContractOf(anne, NorthwindHq(), "NWT-FR-0518");  // 10 licenses
    int free = contract["free"];
    std::atomic<int> created{0}, refused{0}, other{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < 64; ++i) {
        Id room = imported.json["created"][i]["id"];
        clients.emplace_back([&, room] {
            ApiAnswer answer = anne.Post("/api/v1/rooms/" + Str(room) + "/licenses",
                                         {{"contractId", contract["id"]}});
            if (answer.status == 201) {
                ++created;
            } else if (answer.status == 409 && answer.Rule() == "R-ROOM-1") {
                ++refused;
            } else {
                ++other;
                ADD_FAILURE() << answer.status << " " << answer.body;
            }
        });
    }
    for (std::thread& client : clients) client.join();
    EXPECT_EQ(created, free);
    EXPECT_EQ(refused, 64 - free);
    EXPECT_EQ(other, 0);
    std::string id = contract["id"].dump();
    EXPECT_EQ(QueryInt("SELECT count(*) FROM assignments WHERE released_on IS NULL"
                       " AND contract_id = " +
                       id),
              contract["quantity"].get<int>());
    EXPECT_EQ(QueryInt("SELECT count(DISTINCT slot) FROM assignments WHERE released_on IS NULL"
                       " AND contract_id = " +
                       id),
              contract["quantity"].get<int>());
    EXPECT_EQ(ContractOf(anne, NorthwindHq(), "NWT-FR-0518")["free"], 0);
    // The count migration 006's triggers keep agrees with the rows.
    EXPECT_EQ(QueryInt("SELECT held FROM contracts WHERE id = " + id),
              contract["quantity"].get<int>());
}

// The browser plans with GET /state and the same engine: it predicts the server's answer,
// the refusals' rules included.
TEST_F(ModelApiTest, TheAccountStatePlansAsTheServerDecides) {  // R-ROOM-1, R-ROOM-6
    ApiClient anne = SignInAs(kAnne);
    std::string path = "/api/v1/accounts/" + Str(NorthwindHq()) + "/state";
    ApiAnswer answer = anne.Get(path);
    ASSERT_EQ(answer.status, 200) << answer.body;
    State state;
    std::vector<api::FieldError> errors;
    ASSERT_TRUE(api::StateFromJson(answer.json, state, errors)) << answer.body;
    for (const Assignment& assignment : state.assignments) EXPECT_TRUE(assignment.held());
    for (const Room& room : state.rooms) EXPECT_EQ(room.account_id, NorthwindHq());

    Date today = UtcDate(clock_.Now());
    auto contract_of = [&](const std::string& po) {
        return QueryInt("SELECT id FROM contracts WHERE po_number = '" + po + "'");
    };
    struct Try {
        Id room;
        Id contract;
    };
    for (Try attempt : {Try{RoomNamed("Confluence"), contract_of("NWT-FR-0518")},
                        Try{RoomNamed("Opéra"), contract_of("NWT-FR-0117")},
                        Try{RoomNamed("Confluence"), contract_of("NWT-FR-0342")}}) {
        Outcome<Change> predicted = Plan(state, testing::ShippedCatalogue(),
                                         Action::Assign(attempt.room, attempt.contract), today);
        ApiAnswer actual = anne.Post("/api/v1/rooms/" + Str(attempt.room) + "/licenses",
                                     {{"contractId", attempt.contract}});
        if (predicted.ok()) {
            EXPECT_EQ(actual.status, 201) << actual.body;
            EXPECT_EQ(actual.json["assignment"]["slot"], predicted.value.new_assignments[0].slot);
        } else {
            EXPECT_EQ(actual.status, 409) << actual.body;
            EXPECT_EQ(actual.Rule(), predicted.refusal->rule);
        }
    }
    EXPECT_EQ(SignInAs(kLouis).Get(path).status, 200);
    EXPECT_EQ(SignInAs(kDana).Get(path).status, 404);
}

// ---------------------------------------------------------------------------------------------
// Devices (R-ROOM-3)

TEST_F(ModelApiTest, DevicesArePlacedBySerialWithACatalogueProductAndMoved) {
    ApiClient anne = SignInAs(kAnne);
    std::string devices = "/api/v1/accounts/" + Str(NorthwindHq()) + "/devices";
    Id room = RoomNamed("Confluence");
    ApiAnswer added = anne.Post(devices, {{"serial", "2240xy-0001"},
                                          {"product", "rally-bar"},
                                          {"roomId", room},
                                          {"purchaseDate", "2026-01-15"}});
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(added.json["device"]["serial"], "2240XY-0001");
    EXPECT_EQ(added.json["device"]["roomId"], room);

    ApiAnswer unknown = anne.Post(devices, {{"serial", "2240XY-0002"}, {"product", "toaster"}});
    EXPECT_EQ(unknown.status, 409);
    EXPECT_EQ(unknown.Rule(), "R-ROOM-3");
    ApiAnswer twice = anne.Post(devices, {{"serial", "2240XY-0001"}, {"product", "tap"}});
    EXPECT_EQ(twice.Rule(), "R-ROOM-3");
    // Another customer cannot register a serial that is already someone's, and is not told whose.
    ApiAnswer elsewhere = SignInAs(kDana).Post("/api/v1/accounts/" + Str(Contoso()) + "/devices",
                                               {{"serial", "2240XY-0001"}, {"product", "tap"}});
    EXPECT_EQ(elsewhere.status, 409);
    EXPECT_EQ(elsewhere.body.find("Northwind"), std::string::npos);

    Id to = RoomNamed("Opéra");
    ApiAnswer moved = anne.Post("/api/v1/devices/2240XY-0001/move", {{"roomId", to}});
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(moved.json["device"]["roomId"], to);
    ApiAnswer out = anne.Post("/api/v1/devices/2240XY-0001/move", {{"roomId", nullptr}});
    EXPECT_EQ(out.status, 200);
    EXPECT_EQ(out.json["device"]["roomId"], nullptr);

    ApiAnswer list = SignInAs(kLouis).Get(devices);
    ASSERT_EQ(list.status, 200);
    bool found = false;
    for (const Json& device : list.json["devices"]) found |= device["serial"] == "2240XY-0001";
    EXPECT_TRUE(found);
    ApiAnswer foreign =
        SignInAs(kDana).Post("/api/v1/devices/2240XY-0001/move", {{"roomId", RoomNamed("Spree")}});
    EXPECT_EQ(foreign.status, 404);
}

// ---------------------------------------------------------------------------------------------
// Orders

// R-ORD-3, R-ORD-5, R-ACC-2: a new customer's order makes its account and contracts, and its
// mails and the IT admin's invitation are in the outbox with it.
TEST_F(ModelApiTest, AnOrderOfANewCustomerMakesItsAccountContractsMailsAndInvitation) {
    ApiClient olivia = SignInAs(kOlivia);
    ApiAnswer order =
        olivia.Post("/api/v1/orders", OrderBody("ACME-001", "acme", "SELECT-3Y", 12, Today()));
    ASSERT_EQ(order.status, 201) << order.body;
    EXPECT_EQ(order.json["order"]["status"], "processed");
    Id account = order.json["order"]["accountId"];
    EXPECT_GT(account, 0);
    ASSERT_EQ(order.json["order"]["contracts"].size(), 1u);
    const Json& contract = order.json["order"]["contracts"][0];
    EXPECT_EQ(contract["program"], "select");
    EXPECT_EQ(contract["quantity"], 12);
    EXPECT_EQ(contract["free"], 12);
    EXPECT_EQ(contract["status"], "pending");

    std::string mails = "SELECT count(*) FROM outbox WHERE account_id = " + Str(account);
    EXPECT_EQ(
        QueryInt(mails + " AND kind = 'order_confirmation' AND recipient = 'claire@acme.example'"
                         " AND subject LIKE '%'"),
        1);
    EXPECT_EQ(QueryInt(mails + " AND kind = 'order_copy' AND subject LIKE '%ACME-001%'"), 2);
    EXPECT_EQ(QueryInt(mails + " AND kind = 'invitation' AND recipient = 'claire@acme.example'"),
              1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM invitations WHERE account_id = " + Str(account) +
                       " AND role = 'admin'"),
              1);

    // A second order of the same customer and address lands in the same account, and the
    // IT admin is not invited twice.
    ApiAnswer second =
        olivia.Post("/api/v1/orders", OrderBody("ACME-002", "ACME", "SYNCPLUS-1Y", 3, Today()));
    ASSERT_EQ(second.status, 201) << second.body;
    EXPECT_EQ(second.json["order"]["accountId"], account);
    EXPECT_EQ(QueryInt(mails + " AND kind = 'invitation'"), 1);
}

TEST_F(ModelApiTest, OrderIntakeNamesEveryMissingFieldAndRefusesMixedPrograms) {
    ApiClient olivia = SignInAs(kOlivia);
    int64_t orders = QueryInt("SELECT count(*) FROM orders");
    Json missing = OrderBody("", "acme", "SELECT-1Y", 1, Today());
    missing["reseller"].erase("email");
    missing["endCustomer"]["address"].erase("city");
    ApiAnswer bad = olivia.Post("/api/v1/orders", missing);
    EXPECT_EQ(bad.status, 400) << bad.body;  // R-ORD-1
    std::set<std::string> fields;
    for (const Json& field : bad.json["error"]["details"]["fields"]) fields.insert(field["field"]);
    EXPECT_TRUE(fields.count("reseller.email")) << bad.body;
    EXPECT_TRUE(fields.count("endCustomer.address.city")) << bad.body;

    Json mixed = OrderBody("MIX-1", "acme", "SELECT-1Y", 1, Today());
    mixed["lines"].push_back({{"sku", "EXTWARRANTY-1Y"}, {"quantity", 2}});
    ApiAnswer refused = olivia.Post("/api/v1/orders", mixed);
    EXPECT_EQ(refused.status, 422);  // R-ORD-2
    EXPECT_EQ(refused.Rule(), "R-ORD-2");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM orders"), orders);

    // The same PO again with another program is the same rule across orders.
    ASSERT_EQ(
        olivia.Post("/api/v1/orders", OrderBody("PO-9", "acme", "SELECT-1Y", 1, Today())).status,
        201);
    ApiAnswer other_program =
        olivia.Post("/api/v1/orders", OrderBody("PO-9", "acme", "EXTWARRANTY-1Y", 1, Today()));
    EXPECT_EQ(other_program.status, 422);
    EXPECT_EQ(other_program.Rule(), "R-ORD-2");
    ApiAnswer same =
        olivia.Post("/api/v1/orders", OrderBody("PO-9", "acme", "SELECT-1Y", 1, Today()));
    EXPECT_EQ(same.status, 409);
    EXPECT_EQ(same.ErrorCode(), "order_exists");

    EXPECT_EQ(SignInAs(kAnne)
                  .Post("/api/v1/orders", OrderBody("X", "acme", "SELECT-1Y", 1, Today()))
                  .status,
              403);
}

// R-ORD-4: an order that matches two customers is kept as unmatched for operators.
TEST_F(ModelApiTest, AnUnmatchableOrderIsKeptForOperators) {
    {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        ASSERT_TRUE(db->Exec("INSERT INTO parent_entities(name) VALUES ('Twin Co'), ('Twin Co')"));
    }
    ApiClient olivia = SignInAs(kOlivia);
    Json body = OrderBody("TWIN-1", "Twin Co", "SELECT-1Y", 2, Today());
    ApiAnswer order = olivia.Post("/api/v1/orders", body);
    ASSERT_EQ(order.status, 201) << order.body;
    EXPECT_EQ(order.json["order"]["status"], "unmatched");
    EXPECT_EQ(order.json["order"]["accountId"], nullptr);
    EXPECT_FALSE(order.json["order"]["reason"].get<std::string>().empty());
    EXPECT_EQ(QueryInt("SELECT count(*) FROM outbox WHERE body LIKE '%TWIN-1%'"), 0);

    ApiAnswer unmatched = olivia.Get("/api/v1/orders?status=unmatched");
    ASSERT_EQ(unmatched.status, 200);
    ASSERT_EQ(unmatched.json["orders"].size(), 1u);
    EXPECT_EQ(unmatched.json["orders"][0]["poNumber"], "TWIN-1");
    EXPECT_EQ(SignInAs(kAnne).Get("/api/v1/orders?status=unmatched").status, 403);
    EXPECT_EQ(olivia.Get("/api/v1/orders?status=lost").status, 400);
}

// R-ORD-7: cancellable within 30 days of the purchase date, not after; the licenses leave
// their rooms.
TEST_F(ModelApiTest, AnOrderIsCancelledWithinItsWindowAndNotAfter) {
    ApiClient anne = SignInAs(kAnne);
    Json contract = ContractOf(anne, NorthwindHq(), "NWT-FR-0518");  // bought 20 days ago
    Id room = RoomNamed("Confluence");
    ASSERT_EQ(
        anne.Post("/api/v1/rooms/" + Str(room) + "/licenses", {{"contractId", contract["id"]}})
            .status,
        201);
    std::string cancel = "/api/v1/orders/" + contract["orderId"].dump() + "/cancel";
    EXPECT_EQ(SignInAs(kLouis).Post(cancel, Json::object()).status, 403);
    EXPECT_EQ(SignInAs(kDana).Post(cancel, Json::object()).status, 404);
    ApiAnswer cancelled = anne.Post(cancel, Json::object());
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    EXPECT_EQ(cancelled.json["order"]["status"], "cancelled");
    EXPECT_EQ(cancelled.json["order"]["contracts"][0]["status"], "cancelled");
    EXPECT_EQ(
        QueryInt("SELECT count(*) FROM assignments WHERE released_on IS NULL AND contract_id = " +
                 contract["id"].dump()),
        0);
    ApiAnswer twice = anne.Post(cancel, Json::object());
    EXPECT_EQ(twice.status, 409);

    // The oldest order (400 days) is past its window, for the operator too.
    Json old = ContractOf(anne, NorthwindHq(), "NWT-FR-0117");
    ApiAnswer late = SignInAs(kOlivia).Post("/api/v1/orders/" + old["orderId"].dump() + "/cancel",
                                            Json::object());
    EXPECT_EQ(late.status, 409);
    EXPECT_EQ(late.Rule(), "R-ORD-7");
}

TEST_F(ModelApiTest, TheCancellationWindowClosesAfterThirtyDays) {
    ApiClient olivia = SignInAs(kOlivia);
    ApiAnswer order =
        olivia.Post("/api/v1/orders", OrderBody("LATE-1", "late", "SELECT-1Y", 2, Today()));
    ASSERT_EQ(order.status, 201);
    std::string cancel = "/api/v1/orders/" + order.json["order"]["id"].dump() + "/cancel";
    clock_.Advance(31 * 24 * 3600);
    olivia = SignInAs(kOlivia);
    ApiAnswer late = olivia.Post(cancel, Json::object());
    EXPECT_EQ(late.status, 409) << late.body;
    EXPECT_EQ(late.Rule(), "R-ORD-7");
}

// R-SPARE-1's seed: 40 rooms under Select in May + 40 in November = 80 -> the first pool with
// the November purchase; + 20 later = 100 -> the second pool.
TEST_F(ModelApiTest, SparesPoolsAreGrantedPerFiftySelectRoomsAcrossPurchases) {
    ApiClient olivia = SignInAs(kOlivia);
    Date today = UtcDate(clock_.Now());
    auto date = [&](int days_ago) { return FormatDate(AddDays(today, -days_ago)); };
    ApiAnswer may =
        olivia.Post("/api/v1/orders", OrderBody("SP-MAY", "spares", "SELECT-1Y", 40, date(180)));
    ApiAnswer november =
        olivia.Post("/api/v1/orders", OrderBody("SP-NOV", "spares", "SELECT-1Y", 40, date(10)));
    ASSERT_EQ(may.status, 201) << may.body;
    ASSERT_EQ(november.status, 201) << november.body;
    Id account = may.json["order"]["accountId"];

    ApiClient claire = AdminOf(account);

    std::string spares = "/api/v1/accounts/" + Str(account) + "/spares";
    ApiAnswer first = claire.Get(spares);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.json["selectRooms"], 80);
    EXPECT_EQ(first.json["pools"], 1);
    EXPECT_EQ(first.json["grants"][0]["orderId"], november.json["order"]["id"]);

    ASSERT_EQ(
        olivia.Post("/api/v1/orders", OrderBody("SP-LATER", "spares", "SELECT-1Y", 20, date(0)))
            .status,
        201);
    ApiAnswer second = claire.Get(spares);
    EXPECT_EQ(second.json["selectRooms"], 100);
    EXPECT_EQ(second.json["pools"], 2);
}

// ---------------------------------------------------------------------------------------------
// The seeds' scenarios (shared/domain.md), end to end

// R-TERM-1: a contract nobody assigned starts 60 days after its purchase anyway.
TEST_F(ModelApiTest, AnUnassignedContractStartsSixtyDaysAfterPurchase) {
    NewCustomer customer = Buy("latecomer", "SELECT-1Y", 5, DaysAgo(70));
    EXPECT_EQ(customer.contract["status"], "active");
    EXPECT_EQ(customer.contract["startDate"], DaysAgo(10));
    EXPECT_EQ(customer.contract["assigned"], 0);
}

// R-SKU-3: 5-year Select never takes a device past 5 years from its own purchase.
TEST_F(ModelApiTest, FiveYearSelectCapsAnOldDevicesWarranty) {
    NewCustomer customer = Buy("capped", "SELECT-5Y", 1, Today());
    ApiClient admin = AdminOf(customer.account);
    Id room = NewRoom(admin, customer.account, "Board room");
    std::string bought = DaysAgo(3 * 365);
    ASSERT_EQ(admin
                  .Post("/api/v1/accounts/" + Str(customer.account) + "/devices",
                        {{"serial", "OLD-0001"},
                         {"product", "rally-bar"},
                         {"roomId", room},
                         {"purchaseDate", bought}})
                  .status,
              201);
    ASSERT_EQ(admin
                  .Post("/api/v1/rooms/" + Str(room) + "/licenses",
                        {{"contractId", customer.contract["id"]}})
                  .status,
              201);
    ApiAnswer detail = admin.Get("/api/v1/rooms/" + Str(room));
    ASSERT_EQ(detail.status, 200) << detail.body;
    Date purchase;
    ASSERT_TRUE(ParseDate(bought, purchase));
    EXPECT_EQ(detail.json["room"]["devices"][0]["warrantyEnd"],
              FormatDate(AddDays(AddYears(purchase, 5), -1)));
    EXPECT_EQ(detail.json["room"]["entitlements"]["warranty"], true);
}

// R-ROOM-5: a license may serve another country, unless the program is unavailable there.
TEST_F(ModelApiTest, AProgramUnavailableInARoomsCountryIsRefused) {
    NewCustomer select = Buy("global", "SELECT-1Y", 2, Today());
    ApiClient admin = AdminOf(select.account);
    Id dubai = NewRoom(admin, select.account, "Dubai Marina", "AE");
    Id london = NewRoom(admin, select.account, "Docklands", "GB");
    ApiAnswer refused = admin.Post("/api/v1/rooms/" + Str(dubai) + "/licenses",
                                   {{"contractId", select.contract["id"]}});
    EXPECT_EQ(refused.status, 409);
    EXPECT_EQ(refused.Rule(), "R-ROOM-5");
    EXPECT_EQ(admin
                  .Post("/api/v1/rooms/" + Str(london) + "/licenses",
                        {{"contractId", select.contract["id"]}})
                  .status,
              201);
}

// R-ORD-3: a site address keeps its own account and balance; the headquarters address groups.
TEST_F(ModelApiTest, ASiteOrderKeepsItsOwnAccountAndBalance) {
    ApiClient olivia = SignInAs(kOlivia);
    ApiAnswer hq =
        olivia.Post("/api/v1/orders", OrderBody("HQ-1", "Sitely", "SELECT-1Y", 10, Today()));
    Json site_order = OrderBody("SITE-1", "Sitely", "SELECT-1Y", 4, Today());
    site_order["endCustomer"]["address"]["kind"] = "site";
    site_order["endCustomer"]["address"]["city"] = "Marseille";
    ApiAnswer site = olivia.Post("/api/v1/orders", site_order);
    ApiAnswer hq_again =
        olivia.Post("/api/v1/orders", OrderBody("HQ-2", "Sitely", "SELECT-1Y", 5, Today()));
    ASSERT_EQ(hq.status, 201);
    ASSERT_EQ(site.status, 201) << site.body;
    ASSERT_EQ(hq_again.status, 201);
    Id hq_account = hq.json["order"]["accountId"];
    EXPECT_NE(site.json["order"]["accountId"], hq_account);
    EXPECT_EQ(hq_again.json["order"]["accountId"], hq_account);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM accounts a JOIN parent_entities p"
                       " ON p.id = a.parent_entity_id WHERE p.name = 'Sitely'"),
              2);
}

// ---------------------------------------------------------------------------------------------
// Idempotency-Key

TEST_F(ModelApiTest, AReplayedPostReturnsTheFirstAnswerAndAReusedKeyIsRefused) {
    ApiClient anne = SignInAs(kAnne);
    Json room = {{"name", "Idem"}, {"site", "S"}, {"country", "FR"}, {"capacity", 3}};
    httplib::Headers key{{"Idempotency-Key", "4f1c-create-idem"}};
    ApiAnswer first = anne.Post(Rooms(NorthwindHq()), room, key);
    ApiAnswer replay = anne.Post(Rooms(NorthwindHq()), room, key);
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(replay.status, 201);
    EXPECT_EQ(replay.body, first.body);
    EXPECT_EQ(replay.Header("Idempotent-Replayed"), "true");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM rooms WHERE name = 'Idem'"), 1);

    room["name"] = "Other";
    ApiAnswer reused = anne.Post(Rooms(NorthwindHq()), room, key);
    EXPECT_EQ(reused.status, 422);
    EXPECT_EQ(reused.ErrorCode(), "idempotency_key_reused");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM rooms WHERE name = 'Other'"), 0);

    // Keys are per caller: another session's same key is another request.
    ApiAnswer other = SignInAs(kSam).Post(Rooms(NorthwindHq()), room, key);
    EXPECT_EQ(other.status, 201) << other.body;
}

TEST_F(ModelApiTest, AccountsListWhatTheCallerCanSeeWithAHealthLine) {
    ApiAnswer sam = SignInAs(kSam).Get("/api/v1/accounts?health=1");
    ASSERT_EQ(sam.status, 200) << sam.body;
    std::set<Id> ids;
    for (const Json& account : sam.json["accounts"]) {
        ids.insert(account["id"].get<Id>());
        EXPECT_TRUE(account["health"].contains("licensesFree"));
    }
    EXPECT_EQ(ids, (std::set<Id>{NorthwindHq(), NorthwindAustin()}));  // R-ACC-6
    ApiAnswer dana = SignInAs(kDana).Get("/api/v1/accounts");
    ASSERT_EQ(dana.json["accounts"].size(), 1u);
    EXPECT_EQ(dana.json["accounts"][0]["id"], Contoso());
    EXPECT_EQ(Anonymous().Get("/api/v1/accounts").status, 401);
    EXPECT_EQ(SignInAs(kLouis).Get("/api/v1/accounts/" + Str(NorthwindHq()) + "/audit").status,
              403);
}

}  // namespace
}  // namespace portal::server

// The fleet's home (issue 16): GET /accounts/{id}/home, GET /home, GET /operator/home and the
// Getting started checklist. Each figure is checked against the page it links to, on the demo
// data and on a new customer's account built step by step.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <string>

#include "api_fixture.h"
#include "core/date.h"
#include "model_fixture.h"
#include "server/database.h"

namespace portal::server {
namespace {

using testing::ApiAnswer;
using testing::ApiClient;
using testing::kAnne;
using testing::kDana;
using testing::kLouis;
using testing::kOlivia;
using testing::kSam;
using testing::OpenRaw;
using testing::SessionCookieOf;
using testing::Str;
using Json = api::Json;

constexpr const char* kPassword = "a long enough password";

class HomeTest : public testing::ApiTest {
  protected:
    void Exec(const std::string& sql) const {
        auto db = OpenRaw(DatabaseTarget(config_));
        EXPECT_TRUE(db->Exec(sql.c_str())) << sql << ": " << db->LastMessage();
    }
    // Now (the real time, as SQLite's 'now'), in Unix seconds, and its day.
    static std::string Now() {
        return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count());
    }
    static std::string Today() { return FormatDate(UtcDate(std::chrono::system_clock::now())); }

    Json Home(const ApiClient& client, Id account) const {
        ApiAnswer answer = client.Get(Account(account, "/home"));
        EXPECT_EQ(answer.status, 200) << answer.body;
        return answer.json;
    }
    static bool StepDone(const Json& home, const std::string& id) {
        for (const Json& step : home["gettingStarted"]["steps"]) {
            if (step["id"] == id) return step["done"].get<bool>();
        }
        ADD_FAILURE() << "no step " << id;
        return false;
    }
    static int Count(const ApiAnswer& answer, const char* list) {
        return static_cast<int>(answer.json[list].size());
    }

    // "twin-co.example" for "Twin Co".
    static std::string Domain(std::string company) {
        for (char& c : company) c = c == ' ' ? '-' : static_cast<char>(std::tolower(c));
        return company + ".example";
    }

    // An order of `company` bought today, its end customer iris@<company>.example at an
    // address of `kind` (headquarters, site).
    Json OrderOf(const std::string& company, const std::string& kind, int licenses) const {
        Json party = {{"name", "Reseller"},
                      {"email", "orders@reseller.example"},
                      {"address",
                       {{"line1", "1 rue de la Paix"},
                        {"city", "Lyon"},
                        {"postalCode", "69001"},
                        {"country", "FR"},
                        {"kind", kind}}}};
        Json customer = party;
        customer["name"] = "Iris Admin";
        customer["email"] = "iris@" + Domain(company);
        customer["company"] = company;
        return {{"poNumber", "PO-" + company},
                {"purchaseDate", Today()},
                {"lines", Json::array({{{"sku", "SELECT-1Y"}, {"quantity", licenses}}})},
                {"endCustomer", customer},
                {"reseller", party},
                {"distributor", party}};
    }

    // An operator enters an order for a new customer; its admin accepts the invitation.
    ApiClient NewCustomer(const std::string& company, Id& account) {
        ApiAnswer order =
            SignInAs(kOlivia).Post("/api/v1/orders", OrderOf(company, "headquarters", 3));
        EXPECT_EQ(order.status, 201) << order.body;
        account = order.json["order"]["accountId"].get<Id>();
        ApiAnswer accepted = Anonymous().Post("/api/v1/invitations/accept",
                                              {{"token", TokenMailedTo("iris@" + Domain(company))},
                                               {"name", "Iris Admin"},
                                               {"password", kPassword}});
        EXPECT_EQ(accepted.status, 200) << accepted.body;
        return ApiClient(server_->Port(), SessionCookieOf(accepted));
    }

    // A ticket of account opened by Anne age_days ago (its service-level clock runs from then).
    void InsertTicket(Id account, const std::string& subject, const std::string& severity,
                      const std::string& status, int age_days) const {
        std::string created = Now() + " - " + std::to_string(age_days * 86400);
        Exec(
            "INSERT INTO tickets(number, account_id, subject, severity, status, service_level,"
            " requester_id, created_at, updated_at, worked_at) VALUES ((SELECT"
            " COALESCE(MAX(number), 1000) + 1 FROM tickets), " +
            Str(account) + ", '" + subject + "', '" + severity + "', '" + status + "', 'select', " +
            Str(UserNamed(kAnne.email)) + ", " + created + ", " + created + ", " + created + ")");
    }
    std::string QueryText(const std::string& sql) const {
        auto db = OpenRaw(DatabaseTarget(config_));
        Statement query = db->Prepare(sql);
        if (!query.Valid() || query.Step() != Statement::StepResult::Row) return "";
        return query.ColumnText(0);
    }
};

// Every figure of an account's home is the one its page shows (rooms, devices, Service Orders,
// status, alerts, tickets). R-ROOM-6: only room-assignable programs are listed as licenses.
TEST_F(HomeTest, DemoFiguresAreThoseOfThePages) {
    ApiClient anne = SignInAs(kAnne);
    Id hq = NorthwindHq();
    Json home = Home(anne, hq);
    EXPECT_EQ(home["accountId"], hq);
    EXPECT_EQ(home["name"], "Northwind Traders — Siège");
    EXPECT_EQ(home["asOf"].get<std::string>().size(), 20u);
    ApiAnswer rooms = anne.Get(Account(hq, "/rooms"));
    ASSERT_EQ(rooms.status, 200);
    EXPECT_EQ(home["rooms"]["total"], Count(rooms, "rooms"));
    EXPECT_EQ(home["rooms"]["total"].get<int>(),
              home["rooms"]["licensed"].get<int>() + home["rooms"]["unlicensed"].get<int>());
    int licensed = 0;
    for (const Json& room : rooms.json["rooms"]) {
        ApiAnswer entitlements =
            anne.Get("/api/v1/rooms/" + Str(room["id"].get<Id>()) + "/entitlements");
        ASSERT_EQ(entitlements.status, 200) << entitlements.body;
        licensed += !entitlements.json["programs"].empty();
    }
    EXPECT_EQ(home["rooms"]["licensed"], licensed);
    EXPECT_GT(licensed, 0);
    ApiAnswer devices = anne.Get(Account(hq, "/devices"));
    ASSERT_EQ(devices.status, 200);
    EXPECT_EQ(home["devices"]["total"], Count(devices, "devices"));

    // Licenses: the Service Orders' free and assigned per program, for contracts running or
    // about to (cancelled and expired ones hold nothing to assign).
    ApiAnswer contracts = anne.Get(Account(hq, "/contracts"));
    ASSERT_EQ(contracts.status, 200);
    std::map<std::string, std::pair<int, int>> expected;  // program -> free, assigned
    for (const Json& contract : contracts.json["contracts"]) {
        std::string status = contract["status"];
        if (status == "cancelled" || status == "expired") continue;
        if (contract["program"] == "extwarranty") continue;  // R-ROOM-6
        expected[contract["program"]].first += contract["free"].get<int>();
        expected[contract["program"]].second += contract["assigned"].get<int>();
    }
    ASSERT_FALSE(home["licenses"].empty());
    for (const Json& licenses : home["licenses"]) {
        auto want = expected[licenses["program"]];
        EXPECT_EQ(licenses["free"], want.first) << licenses;
        EXPECT_EQ(licenses["assigned"], want.second) << licenses;
        EXPECT_EQ(licenses["total"], want.first + want.second) << licenses;
        EXPECT_NE(licenses["program"], "extwarranty");
    }
    // The partner's switcher (GET /accounts?health=1) says the same.
    ApiAnswer account = anne.Get(Account(hq));
    int free = 0;
    for (const Json& licenses : home["licenses"]) free += licenses["free"].get<int>();
    EXPECT_EQ(account.json["account"]["health"]["licensesFree"], free);
    EXPECT_EQ(account.json["account"]["health"]["contractsEndingSoon"],
              home["contracts"]["endingSoon"]);

    // Nothing is firing, breached or offline in the demo.
    EXPECT_EQ(home["rooms"]["offline"], 0);
    EXPECT_EQ(home["alerts"]["firing"], 0);
    EXPECT_EQ(home["tickets"]["open"], 0);
    // An established account never shows the checklist, and it is never set for it.
    EXPECT_FALSE(home["gettingStarted"]["show"].get<bool>());
    EXPECT_EQ(home["gettingStarted"]["steps"].size(), 7u);
    EXPECT_TRUE(StepDone(home, "rooms"));
    EXPECT_TRUE(StepDone(home, "licenses"));
    EXPECT_EQ(QueryInt("SELECT getting_started IS NULL FROM accounts WHERE id = " + Str(hq)), 1);
    Json contoso = Home(SignInAs(kDana), Contoso());
    EXPECT_FALSE(contoso["gettingStarted"]["show"].get<bool>());
}

// Offline and in-meeting rooms are counted as the live status shows them; firing alerts as the
// alerts page's firing filter; open and breached tickets as the support list does.
TEST_F(HomeTest, LiveFiguresFollowStatusAlertsAndTickets) {
    ApiClient anne = SignInAs(kAnne);
    Id hq = NorthwindHq();
    std::string serial = QueryText("SELECT serial FROM devices WHERE account_id = " + Str(hq) +
                                   " AND room_id IS NOT NULL ORDER BY serial LIMIT 1");
    ASSERT_FALSE(serial.empty());
    Exec("INSERT INTO device_status(serial, account_id, online, at) VALUES ('" + serial + "', " +
         Str(hq) + ", 0, " + Now() + ")");
    Id room = QueryInt("SELECT room_id FROM devices WHERE serial = '" + serial + "'");
    Id rule = QueryInt("SELECT min(id) FROM alert_rules WHERE account_id = " + Str(hq));
    Exec(
        "INSERT INTO alerts(account_id, rule_id, room_id, serial, condition, severity, state,"
        " pending_since, started_at, updated_at) VALUES (" +
        Str(hq) + ", " + Str(rule) + ", " + Str(room) + ", '" + serial +
        "', 'device_offline', 'major', 'firing', 0, 0, 0)");
    InsertTicket(hq, "Ticket", "critical", "new", 0);
    InsertTicket(hq, "Late ticket", "critical", "new", 30);
    InsertTicket(hq, "Done", "low", "closed", 60);

    Json home = Home(anne, hq);
    ApiAnswer status = anne.Get(Account(hq, "/status"));
    ASSERT_EQ(status.status, 200);
    int offline = 0, meeting = 0;
    for (const Json& r : status.json["rooms"]) {
        offline += r["state"] == "offline";
        meeting += r["state"] == "meeting";
    }
    EXPECT_EQ(offline, 1);
    EXPECT_EQ(home["rooms"]["offline"], offline);
    EXPECT_EQ(home["rooms"]["inMeeting"], meeting);
    ApiAnswer firing = anne.Get(Account(hq, "/alerts?state=firing"));
    ASSERT_EQ(firing.status, 200) << firing.body;
    EXPECT_EQ(home["alerts"]["firing"], 1);
    EXPECT_EQ(home["alerts"]["firing"], Count(firing, "alerts"));
    ApiAnswer tickets = anne.Get(Account(hq, "/tickets?status=open"));
    ASSERT_EQ(tickets.status, 200);
    int breached = 0;
    for (const Json& t : tickets.json["tickets"]) breached += t["breached"].get<bool>();
    EXPECT_EQ(home["tickets"]["open"], 2);
    EXPECT_EQ(home["tickets"]["open"], Count(tickets, "tickets"));
    EXPECT_EQ(breached, 1);
    EXPECT_EQ(home["tickets"]["breached"], breached);

    // The partner's row of HQ carries the same, and comes first: it needs attention.
    Json rows = SignInAs(kSam).Get("/api/v1/home").json["accounts"];
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0]["accountId"], hq);
    EXPECT_EQ(rows[0]["attention"], 3);  // 1 firing + 1 breached + 1 offline
    EXPECT_EQ(rows[0]["rooms"]["offline"], 1);
    EXPECT_EQ(rows[0]["alerts"]["firing"], 1);
    EXPECT_EQ(rows[0]["tickets"]["breached"], 1);
    EXPECT_EQ(rows[1]["accountId"], NorthwindAustin());
}

// R-ACC-6: a partner's home has one row per delegated customer, worst first (then contracts
// ending soon, then the name); a member's has its memberships.
TEST_F(HomeTest, PartnerRowsAndOrder) {
    ApiAnswer sam = SignInAs(kSam).Get("/api/v1/home");
    ASSERT_EQ(sam.status, 200) << sam.body;
    Json rows = sam.json["accounts"];
    ASSERT_EQ(rows.size(), 2u);
    for (const Json& row : rows) {
        EXPECT_EQ(row["via"], "partner");
        EXPECT_EQ(row["partnerName"], "Fabrikam Services");
        EXPECT_EQ(row["role"], "admin");
        EXPECT_EQ(row["parentName"], "Northwind Traders");
        EXPECT_EQ(row["attention"], 0);
        for (const char* key : {"rooms", "alerts", "tickets", "licensesFree", "contracts",
                                "devices", "name", "accountId"}) {
            EXPECT_TRUE(row.contains(key)) << key;
        }
    }
    // Nothing needs attention: contracts ending soon, then the name decide.
    auto key = [](const Json& row) {
        return std::make_pair(-row["contracts"]["endingSoon"].get<int>(),
                              row["name"].get<std::string>());
    };
    EXPECT_LE(key(rows[0]), key(rows[1]));
    for (const Json& row : rows) {
        Json home = Home(SignInAs(kSam), row["accountId"].get<Id>());
        EXPECT_EQ(row["rooms"]["total"], home["rooms"]["total"]);
        EXPECT_EQ(row["contracts"], home["contracts"]);
        int free = 0;
        for (const Json& l : home["licenses"]) free += l["free"].get<int>();
        EXPECT_EQ(row["licensesFree"], free);
    }

    ApiAnswer louis = SignInAs(kLouis).Get("/api/v1/home");
    ASSERT_EQ(louis.status, 200);
    ASSERT_EQ(louis.json["accounts"].size(), 1u);
    EXPECT_EQ(louis.json["accounts"][0]["via"], "member");
    EXPECT_EQ(louis.json["accounts"][0]["role"], "readonly");
    EXPECT_FALSE(louis.json["accounts"][0].contains("partnerName"));
    // An operator opens no customer account of their own.
    ApiAnswer olivia = SignInAs(kOlivia).Get("/api/v1/home");
    ASSERT_EQ(olivia.status, 200);
    EXPECT_TRUE(olivia.json["accounts"].empty());
    EXPECT_EQ(Anonymous().Get("/api/v1/home").status, 401);
}

// A foreign account's home answers exactly like a missing one; the vendor's support reads it,
// audited (issue 14).
TEST_F(HomeTest, TenantScoping) {
    ApiClient anne = SignInAs(kAnne);
    ApiAnswer foreign = anne.Get(Account(Contoso(), "/home"));
    ApiAnswer missing = anne.Get(Account(999999, "/home"));
    EXPECT_EQ(foreign.status, 404);
    EXPECT_EQ(foreign.body, missing.body);
    ApiAnswer dismiss = anne.Post(Account(Contoso(), "/getting-started/dismiss"), Json::object());
    EXPECT_EQ(dismiss.status, 404);
    EXPECT_EQ(dismiss.body, missing.body);

    int64_t reads = QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'support.read'");
    ApiAnswer support = SignInAs(kOlivia).Get(Account(Contoso(), "/home"));
    EXPECT_EQ(support.status, 200) << support.body;
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'support.read'"), reads + 1);
}

// The checklist of a new customer, step by step: it opens on the first read, follows each step
// in its order, and goes once every step is done.
TEST_F(HomeTest, NewAccountChecklistStepByStep) {
    Id account = 0;
    ApiClient iris = NewCustomer("stepwise", account);
    ASSERT_NE(account, 0);
    EXPECT_EQ(QueryInt("SELECT getting_started IS NULL FROM accounts WHERE id = " + Str(account)),
              1);
    Json home = Home(iris, account);
    EXPECT_TRUE(home["gettingStarted"]["show"].get<bool>());
    EXPECT_EQ(QueryText("SELECT getting_started FROM accounts WHERE id = " + Str(account)), "open");
    std::vector<std::string> ids;
    for (const Json& step : home["gettingStarted"]["steps"]) {
        ids.push_back(step["id"]);
        // The intake's invitation and the default alert rule (migration 011) do not count.
        EXPECT_FALSE(step["done"].get<bool>()) << step;
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"rooms", "devices", "licenses", "people", "agents",
                                             "alerts", "sso"}));
    EXPECT_EQ(home["rooms"]["total"], 0);
    ASSERT_EQ(home["licenses"].size(), 1u);
    EXPECT_EQ(home["licenses"][0],
              (Json{{"program", "select"}, {"free", 3}, {"assigned", 0}, {"total", 3}}));
    // R-ORD-7: bought today, cancellable; R-TERM-1: starts within 60 days.
    EXPECT_EQ(home["contracts"]["cancellable"], 1);
    EXPECT_EQ(home["contracts"]["startingSoon"], 1);
    EXPECT_EQ(home["contracts"]["endingSoon"], 0);

    ApiAnswer room =
        iris.Post(Account(account, "/rooms"),
                  {{"name", "Salle 1"}, {"site", "Lyon"}, {"country", "FR"}, {"capacity", 6}});
    ASSERT_EQ(room.status, 201) << room.body;
    Id room_id = room.json["room"]["id"].get<Id>();
    EXPECT_TRUE(StepDone(Home(iris, account), "rooms"));

    ApiAnswer device =
        iris.Post(Account(account, "/devices"),
                  {{"serial", "STEP-0001"}, {"product", "tap"}, {"roomId", room_id}});
    ASSERT_EQ(device.status, 201) << device.body;
    home = Home(iris, account);
    EXPECT_TRUE(StepDone(home, "devices"));
    EXPECT_EQ(home["devices"]["total"], 1);

    Id contract = QueryInt("SELECT id FROM contracts WHERE account_id = " + Str(account));
    ApiAnswer assigned =
        iris.Post("/api/v1/rooms/" + Str(room_id) + "/licenses", {{"contractId", contract}});
    ASSERT_EQ(assigned.status, 201) << assigned.body;
    home = Home(iris, account);
    EXPECT_TRUE(StepDone(home, "licenses"));
    EXPECT_EQ(home["rooms"]["licensed"], 1);
    EXPECT_EQ(home["rooms"]["unlicensed"], 0);
    EXPECT_EQ(home["licenses"][0]["assigned"], 1);
    EXPECT_EQ(home["licenses"][0]["free"], 2);
    // Rooms and a license now, but the checklist once open stays open until done or hidden.
    EXPECT_TRUE(home["gettingStarted"]["show"].get<bool>());

    ApiAnswer invited = iris.Post(Account(account, "/invitations"),
                                  {{"email", "colleague@stepwise.example"}, {"role", "readonly"}});
    ASSERT_EQ(invited.status, 201) << invited.body;
    EXPECT_TRUE(StepDone(Home(iris, account), "people"));

    ApiAnswer token = iris.Post(Account(account, "/agent-tokens"), {{"name", "Agent"}});
    ASSERT_EQ(token.status, 201) << token.body;
    EXPECT_TRUE(StepDone(Home(iris, account), "agents"));

    ApiAnswer rule = iris.Post(Account(account, "/alert-rules"), {{"name", "Room offline"},
                                                                  {"condition", "room_offline"},
                                                                  {"forSeconds", 60},
                                                                  {"severity", "minor"}});
    ASSERT_EQ(rule.status, 201) << rule.body;
    home = Home(iris, account);
    EXPECT_TRUE(StepDone(home, "alerts"));
    EXPECT_FALSE(StepDone(home, "sso"));
    EXPECT_TRUE(home["gettingStarted"]["show"].get<bool>());

    Exec(
        "INSERT INTO sso_connections(account_id, name, issuer, client_id, client_secret_sealed,"
        " created_at, updated_at) VALUES (" +
        Str(account) + ", 'IdP', 'https://idp.test', 'portal', 'v1:x', 1, 1)");
    home = Home(iris, account);
    EXPECT_TRUE(StepDone(home, "sso"));
    EXPECT_FALSE(home["gettingStarted"]["show"].get<bool>());  // all done
}

// Hiding the checklist: admins only (read-only: 403), 204, audited; it never shows again.
TEST_F(HomeTest, DismissLifecycle) {
    Id account = 0;
    ApiClient iris = NewCustomer("dismissing", account);
    EXPECT_TRUE(Home(iris, account)["gettingStarted"]["show"].get<bool>());

    // A read-only colleague sees the list but may not hide it.
    ApiAnswer invited = iris.Post(Account(account, "/invitations"),
                                  {{"email", "ro@dismissing.example"}, {"role", "readonly"}});
    ASSERT_EQ(invited.status, 201) << invited.body;
    ApiAnswer accepted = Anonymous().Post("/api/v1/invitations/accept",
                                          {{"token", TokenMailedTo("ro@dismissing.example")},
                                           {"name", "Read Only"},
                                           {"password", kPassword}});
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    ApiClient reader(server_->Port(), SessionCookieOf(accepted));
    EXPECT_TRUE(Home(reader, account)["gettingStarted"]["show"].get<bool>());
    EXPECT_EQ(reader.Post(Account(account, "/getting-started/dismiss"), Json::object()).status,
              403);
    EXPECT_EQ(QueryText("SELECT getting_started FROM accounts WHERE id = " + Str(account)), "open");

    ApiAnswer dismissed = iris.Post(Account(account, "/getting-started/dismiss"), Json::object());
    EXPECT_EQ(dismissed.status, 204) << dismissed.body;
    EXPECT_EQ(QueryText("SELECT getting_started FROM accounts WHERE id = " + Str(account)),
              "dismissed");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE action ="
                       " 'account.getting_started.dismissed' AND account_id = " +
                       Str(account)),
              1);
    EXPECT_FALSE(Home(iris, account)["gettingStarted"]["show"].get<bool>());
    EXPECT_FALSE(Home(reader, account)["gettingStarted"]["show"].get<bool>());
}

// The operators' desk: unmatched orders (R-ORD-4), open critical tickets most urgent first,
// invitations not accepted; operators only.
TEST_F(HomeTest, OperatorHome) {
    ApiClient olivia = SignInAs(kOlivia);
    ApiAnswer before = olivia.Get("/api/v1/operator/home");
    ASSERT_EQ(before.status, 200) << before.body;
    int pending = before.json["pendingInvitations"];

    // R-ORD-4: two customers of the same name leave an order for that name unmatched.
    Exec("INSERT INTO parent_entities(name) VALUES ('Twin Co'), ('Twin Co')");
    ApiAnswer order = olivia.Post("/api/v1/orders", OrderOf("Twin Co", "site", 1));
    ASSERT_EQ(order.status, 201) << order.body;
    ASSERT_EQ(order.json["order"]["status"], "unmatched");

    InsertTicket(NorthwindHq(), "Critical 0", "critical", "new", 0);
    InsertTicket(NorthwindHq(), "Critical 30", "critical", "new", 30);
    InsertTicket(NorthwindHq(), "Minor", "low", "new", 30);
    ApiClient anne = SignInAs(kAnne);
    ASSERT_EQ(anne.Post(Account(NorthwindHq(), "/invitations"),
                        {{"email", "waiting@northwind.example"}, {"role", "readonly"}})
                  .status,
              201);

    ApiAnswer desk = olivia.Get("/api/v1/operator/home");
    ASSERT_EQ(desk.status, 200) << desk.body;
    ApiAnswer intake = olivia.Get("/api/v1/orders?status=unmatched");
    EXPECT_EQ(desk.json["unmatchedOrders"], Count(intake, "orders"));
    EXPECT_EQ(desk.json["unmatchedOrders"], before.json["unmatchedOrders"].get<int>() + 1);
    ASSERT_FALSE(desk.json["orders"].empty());
    EXPECT_EQ(desk.json["orders"].back()["poNumber"], "PO-Twin Co");  // oldest first
    EXPECT_EQ(desk.json["orders"].back()["reason"], "Several customers are named Twin Co.");
    EXPECT_EQ(desk.json["criticalTickets"], 2);
    ASSERT_EQ(desk.json["tickets"].size(), 2u);
    EXPECT_EQ(desk.json["tickets"][0]["subject"], "Critical 30");  // breached: most urgent
    EXPECT_TRUE(desk.json["tickets"][0]["breached"].get<bool>());
    EXPECT_EQ(desk.json["tickets"][0]["accountId"], NorthwindHq());
    EXPECT_EQ(desk.json["tickets"][0]["accountName"], "Northwind Traders — Siège");
    EXPECT_FALSE(desk.json["tickets"][1]["breached"].get<bool>());
    EXPECT_EQ(desk.json["pendingInvitations"], pending + 1);
    bool listed = false;
    for (const Json& invitation : desk.json["invitations"]) {
        EXPECT_TRUE(invitation.contains("expiresAt"));
        if (invitation["email"] == "waiting@northwind.example") {
            listed = true;
            EXPECT_EQ(invitation["accountName"], "Northwind Traders — Siège");
        }
    }
    EXPECT_TRUE(listed || desk.json["invitations"].size() == 10u);

    EXPECT_EQ(anne.Get("/api/v1/operator/home").status, 403);
    EXPECT_EQ(SignInAs(kSam).Get("/api/v1/operator/home").status, 403);
    EXPECT_EQ(Anonymous().Get("/api/v1/operator/home").status, 401);
}

// Not a test (no timing is asserted): how long a partner with 1,000 customers waits for GET /home
// (10 rooms, 10 devices, one contract with 5 licenses held each). Run with
// --gtest_also_run_disabled_tests --gtest_filter='*Bench*'.
TEST_F(HomeTest, DISABLED_BenchPartnerWithThousandCustomers) {
    PORTAL_SQLITE_ONLY();  // SQLite's date('now', ...) and a multi-statement Exec
    Id fabrikam = PartnerNamed("Fabrikam Services");
    std::string n =
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) ";
    std::string party = "'N', 'n@example.com', '1 st', 'Paris', '75001', 'FR', 'headquarters'";
    Exec("BEGIN;" + n +
         "INSERT INTO parent_entities(id, name) SELECT 100000 + i, 'Bench ' || i FROM n;" + n +
         "INSERT INTO accounts(id, parent_entity_id, name, kind, country) SELECT 100000 + i,"
         " 100000 + i, 'Bench customer ' || i, 'headquarters', 'FR' FROM n;" +
         n +
         ", r(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM r WHERE j < 10)"
         " INSERT INTO rooms(account_id, name, site, country, capacity) SELECT 100000 + i,"
         " 'Room ' || j, 'S', 'FR', 4 FROM n, r;"
         "INSERT INTO devices(serial, account_id, product, room_id, purchase_date) SELECT"
         " 'BENCH-' || id, account_id, 'tap', id, '2025-01-01' FROM rooms WHERE account_id >"
         " 100000;" +
         n +
         "INSERT INTO orders(id, po_number, purchase_date, status, account_id,"
         " end_customer_name, end_customer_email, end_customer_company, end_customer_line1,"
         " end_customer_city, end_customer_postal_code, end_customer_country,"
         " end_customer_kind, reseller_name, reseller_email, reseller_line1, reseller_city,"
         " reseller_postal_code, reseller_country, reseller_kind, distributor_name,"
         " distributor_email, distributor_line1, distributor_city, distributor_postal_code,"
         " distributor_country, distributor_kind) SELECT 100000 + i, 'BENCH-' || i,"
         " date('now', '-10 days'), 'processed', 100000 + i, 'N', 'n@example.com', 'C', '1 st',"
         " 'Paris', '75001', 'FR', 'headquarters', " +
         party + ", " + party +
         " FROM n;"
         "INSERT INTO contracts(order_id, account_id, po_number, sku, program, quantity,"
         " term_years, purchase_date, first_assigned) SELECT id, account_id, po_number,"
         " 'SELECT-1Y', 'select', 20, 1, purchase_date, date('now', '-5 days') FROM orders"
         " WHERE id > 100000;"
         "INSERT INTO assignments(account_id, contract_id, slot, room_id, assigned_on) SELECT"
         " r.account_id, c.id, (SELECT COUNT(*) FROM rooms r2 WHERE r2.account_id ="
         " r.account_id AND r2.id < r.id), r.id, date('now', '-5 days') FROM rooms r JOIN"
         " contracts c ON c.account_id = r.account_id WHERE r.account_id > 100000 AND (SELECT"
         " COUNT(*) FROM rooms r2 WHERE r2.account_id = r.account_id AND r2.id < r.id) < 5;"
         "INSERT INTO device_status(serial, account_id, online, at) SELECT serial, account_id,"
         " (account_id % 7) <> 0, 0 FROM devices WHERE account_id > 100000;"
         "INSERT INTO delegations(account_id, partner_org_id, role) SELECT id, " +
         Str(fabrikam) + ", 'admin' FROM accounts WHERE id > 100000;COMMIT;");
    ApiClient sam = SignInAs(kSam);
    ASSERT_EQ(sam.Get("/api/v1/home").json["accounts"].size(), 1002u);
    for (const char* path : {"/api/v1/home", "/api/v1/accounts?health=1"}) {
        constexpr int kRuns = 5;
        auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < kRuns; ++i) ASSERT_EQ(sam.Get(path).status, 200);
        auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
        std::printf("GET %s for a partner with 1,002 customers: %lld ms a request\n", path,
                    static_cast<long long>(took.count() / kRuns));
    }
}

}  // namespace
}  // namespace portal::server

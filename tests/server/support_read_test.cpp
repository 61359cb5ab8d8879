// The vendor's support desk reading customers (issue 14): an operator reads any account's GET
// routes, read-only; each read is in that account's audit log ("support.read", the request
// line), which its admins see; identical reads within a minute (a long poll) are one line;
// writes stay refused and change nothing; customers still see only their own accounts; the
// account search of the support desk.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "api_fixture.h"
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
using testing::Str;
using Json = api::Json;
using Requests = std::vector<std::string>;

class SupportReadTest : public testing::ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        hq_ = NorthwindHq();
        contoso_ = Contoso();
        olivia_ = UserNamed(kOlivia.email);
        room_ = RoomNamed("Salle Étoile");
    }

    // A firing alert of the account (behind the API's back), for GET /alerts/{id}.
    Id InsertAlert(Id account) const {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        std::string room =
            Str(QueryInt("SELECT min(id) FROM rooms WHERE account_id = " + Str(account)));
        std::string now = Now();
        std::string sql =
            "INSERT INTO alert_rules(account_id, name, condition, for_seconds, severity,"
            " created_at) VALUES (" +
            Str(account) + ", 'Support rule', 'room_offline', 0, 'major', " + now +
            ");"
            "INSERT INTO alerts(account_id, rule_id, room_id, serial, condition, severity, state,"
            " pending_since, started_at, condition_true, updated_at) VALUES (" +
            Str(account) + ", (SELECT max(id) FROM alert_rules), " + room +
            ", '', 'room_offline', 'major', 'firing', " + now + ", " + now + ", 1, " + now + ")";
        EXPECT_TRUE(db->Exec(sql.c_str())) << db->LastMessage();
        return QueryInt("SELECT max(id) FROM alerts");
    }

    // The server's clock in Unix seconds, as SQL.
    std::string Now() const {
        return std::to_string(std::chrono::system_clock::to_time_t(clock_.Now()));
    }

    // The account's audit entries of `action`, newest first, as its admin reads them.
    std::vector<Json> AuditOf(const ApiClient& admin, Id account, const std::string& action) {
        ApiAnswer answer = admin.Get(Account(account, "/audit?limit=1000"));
        EXPECT_EQ(answer.status, 200) << answer.body;
        std::vector<Json> out;
        for (const Json& entry : answer.json.value("entries", Json::array())) {
            if (entry.value("action", "") == action) out.push_back(entry);
        }
        return out;
    }
    std::multiset<std::string> ObjectsOf(const std::vector<Json>& entries) {
        std::multiset<std::string> objects;
        for (const Json& entry : entries) objects.insert(entry.value("object", ""));
        return objects;
    }
    // The requests of the account's "support.read" entries ("GET /api/v1/..."), newest first,
    // as its admin reads them.
    Requests SupportReadsOf(const ApiClient& admin, Id account) {
        Requests requests;
        for (const Json& entry : AuditOf(admin, account, "support.read")) {
            requests.push_back(entry.value("object", ""));
        }
        return requests;
    }
    int64_t SupportReads() const {
        return QueryInt("SELECT count(*) FROM audit_log WHERE action = 'support.read'");
    }

    Id hq_ = 0;
    Id contoso_ = 0;
    Id olivia_ = 0;
    Id room_ = 0;
};

// Every GET of a customer's account answers an operator as it answers a read-only member, and
// each read is a "support.read" line of that account's log, with the request, for its admins.
TEST_F(SupportReadTest, AnOperatorReadsEveryRouteOfAnyAccountAndEachReadIsAudited) {
    Id alert = InsertAlert(hq_);
    std::vector<std::string> paths = {
        Account(hq_),
        Account(hq_, "/contracts"),
        Account(hq_, "/spares"),
        Account(hq_, "/state"),
        Account(hq_, "/audit"),
        Account(hq_, "/rooms"),
        "/api/v1/rooms/" + Str(room_),
        "/api/v1/rooms/" + Str(room_) + "/entitlements",
        Account(hq_, "/devices"),
        Account(hq_, "/members"),
        Account(hq_, "/invitations"),
        Account(hq_, "/delegations"),
        Account(hq_, "/agent-tokens"),
        Account(hq_, "/kiosk-links"),
        Account(hq_, "/status"),
        Account(hq_, "/insights/summary?days=7"),
        Account(hq_, "/alert-rules"),
        Account(hq_, "/alert-channels"),
        Account(hq_, "/alerts?state=all"),
        "/api/v1/alerts/" + Str(alert),
        Account(hq_, "/silences"),
    };
    ApiClient olivia = SignInAs(kOlivia);
    ApiClient anne = SignInAs(kAnne);
    ApiClient louis = SignInAs(kLouis);
    for (const std::string& path : paths) {
        ApiAnswer support = olivia.Get(path);
        EXPECT_EQ(support.status, 200) << path << ": " << support.body;
    }
    // What a read-only member reads, the operator reads alike (same rows, same entitlements).
    for (const std::string& path : {Account(hq_, "/rooms"), Account(hq_, "/devices"),
                                    Account(hq_, "/contracts"), Account(hq_, "/spares")}) {
        EXPECT_EQ(olivia.Get(path).json, louis.Get(path).json) << path;
    }

    std::vector<Json> reads = AuditOf(anne, hq_, "support.read");
    std::multiset<std::string> objects = ObjectsOf(reads);
    for (const std::string& path : paths) {
        EXPECT_EQ(objects.count("GET " + path), 1u) << path;
    }
    for (const Json& entry : reads) {
        EXPECT_EQ(entry["userId"], olivia_);
        EXPECT_EQ(entry["accountId"], hq_);
        EXPECT_TRUE(entry["before"].is_null());
        EXPECT_TRUE(entry["after"].is_null());
    }
    // Only the account read has them; the operator gained no account of their own.
    EXPECT_TRUE(AuditOf(SignInAs(kDana), contoso_, "support.read").empty());
    ApiAnswer mine = olivia.Get("/api/v1/accounts");
    ASSERT_EQ(mine.status, 200);
    EXPECT_TRUE(mine.json["accounts"].empty()) << mine.body;
    // Customers read as before: no line for them.
    EXPECT_EQ(anne.Get(Account(hq_, "/rooms")).status, 200);
    EXPECT_EQ(louis.Get(Account(hq_, "/rooms")).status, 200);
    EXPECT_EQ(AuditOf(anne, hq_, "support.read").size(), reads.size());
}

TEST_F(SupportReadTest, AnOperatorReadsAnotherAccountTooAndItsAdminSeesIt) {
    ApiClient olivia = SignInAs(kOlivia);
    ASSERT_EQ(olivia.Get(Account(contoso_, "/rooms")).status, 200);
    EXPECT_EQ(SupportReadsOf(SignInAs(kDana), contoso_),
              Requests{"GET " + Account(contoso_, "/rooms")});
    EXPECT_TRUE(AuditOf(SignInAs(kAnne), hq_, "support.read").empty());
}

// The portal opens the account read-only, with a banner: role readonly, support true.
TEST_F(SupportReadTest, TheAccountAnswersAnOperatorReadOnlyWithTheSupportFlag) {
    ApiAnswer support = SignInAs(kOlivia).Get(Account(hq_));
    ASSERT_EQ(support.status, 200) << support.body;
    EXPECT_EQ(support.json["account"]["role"], "readonly");
    EXPECT_EQ(support.json["account"]["support"], true);
    EXPECT_EQ(support.json["account"]["name"], "Northwind Traders — Siège");
    ApiAnswer admin = SignInAs(kAnne).Get(Account(hq_));
    ASSERT_EQ(admin.status, 200);
    EXPECT_EQ(admin.json["account"]["role"], "admin");
    EXPECT_FALSE(admin.json["account"].contains("support"));
}

// A long poll reads the same thing again and again: one line a minute, without since/wait.
TEST_F(SupportReadTest, RepeatedReadsWithinAMinuteAreOneLine) {
    ApiClient olivia = SignInAs(kOlivia);
    ApiAnswer first = olivia.Get(Account(hq_, "/status"));
    ASSERT_EQ(first.status, 200) << first.body;
    std::string version = first.json.value("version", "");
    for (int i = 0; i < 3; ++i) {
        ApiAnswer poll = olivia.Get(Account(hq_, "/status?since=" + version + "&wait=1"));
        EXPECT_EQ(poll.status, 200) << poll.body;
    }
    ApiClient anne = SignInAs(kAnne);
    EXPECT_EQ(SupportReadsOf(anne, hq_), Requests{"GET " + Account(hq_, "/status")});

    // Something else read is its own line at once; the same read a minute later is a new one.
    ASSERT_EQ(olivia.Get(Account(hq_, "/alerts?state=firing")).status, 200);
    ASSERT_EQ(olivia.Get(Account(hq_, "/alerts?state=all")).status, 200);
    EXPECT_EQ(AuditOf(anne, hq_, "support.read").size(), 3u);
    clock_.Advance(59);
    ASSERT_EQ(olivia.Get(Account(hq_, "/status?since=" + version)).status, 200);
    EXPECT_EQ(AuditOf(anne, hq_, "support.read").size(), 3u);
    clock_.Advance(2);
    ASSERT_EQ(olivia.Get(Account(hq_, "/status?wait=0")).status, 200);
    Requests reads = SupportReadsOf(anne, hq_);
    ASSERT_EQ(reads.size(), 4u);
    EXPECT_EQ(reads[0], "GET " + Account(hq_, "/status"));
}

// The object is the request as sent, in printable ASCII (the log is JSON people read).
TEST_F(SupportReadTest, TheRequestLineIsWrittenAsSentInAscii) {
    ApiClient olivia = SignInAs(kOlivia);
    ASSERT_EQ(olivia.Get(Account(hq_, "/rooms?note=caf\xC3\xA9&x=a%20b")).status, 200);
    EXPECT_EQ(SupportReadsOf(SignInAs(kAnne), hq_),
              Requests{"GET " + Account(hq_, "/rooms?note=caf%C3%A9&x=a%20b")});
}

// Operators never change a customer's objects through these routes: each write answers as it
// did before issue 14, and nothing changes (not even the audit log).
TEST_F(SupportReadTest, WritesStayRefusedAndChangeNothing) {
    Id alert = InsertAlert(hq_);
    Id louis = UserNamed(kLouis.email);
    Id contract = QueryInt("SELECT min(id) FROM contracts WHERE account_id = " + Str(hq_));
    Id silence = 0;
    {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        std::string sql =
            "INSERT INTO alert_silences(account_id, starts_at, ends_at, created_at) VALUES (" +
            Str(hq_) + ", " + Now() + ", " + Now() + " + 3600, " + Now() + ")";
        ASSERT_TRUE(db->Exec(sql.c_str())) << db->LastMessage();
        silence = QueryInt("SELECT max(id) FROM alert_silences");
    }
    auto count = [&](const char* table) {
        return QueryInt(std::string("SELECT count(*) FROM ") + table);
    };
    const char* tables[] = {"rooms",          "devices",        "assignments", "alert_rules",
                            "alert_channels", "alert_silences", "invitations", "memberships",
                            "delegations",    "audit_log"};
    std::map<std::string, int64_t> before;
    for (const char* table : tables) before[table] = count(table);
    int64_t acknowledged = QueryInt("SELECT count(*) FROM alerts WHERE state = 'acknowledged'");

    ApiClient olivia = SignInAs(kOlivia);
    std::string room = "/api/v1/rooms/" + Str(room_);
    struct Write {
        std::string method, path;
        Json body;
        int status;
    };
    std::vector<Write> writes = {
        {"POST",
         Account(hq_, "/rooms"),
         {{"name", "Support"}, {"site", "S"}, {"country", "FR"}, {"capacity", 4}},
         404},
        {"POST", Account(hq_, "/rooms/import"),
         Json::array({{{"name", "Imported"}, {"site", "S"}, {"country", "FR"}, {"capacity", 4}}}),
         404},
        {"PATCH", room, {{"capacity", 99}}, 404},
        {"DELETE", room, nullptr, 404},
        {"POST", room + "/licenses", {{"contractId", contract}}, 404},
        {"DELETE", room + "/licenses/select", nullptr, 404},
        {"POST", Account(hq_, "/devices"), {{"serial", "SUPPORT-1"}, {"product", "tap"}}, 404},
        {"POST",
         Account(hq_, "/alert-rules"),
         {{"name", "R"}, {"condition", "room_offline"}, {"forSeconds", 60}, {"severity", "minor"}},
         404},
        {"POST",
         Account(hq_, "/alert-channels"),
         {{"type", "email"}, {"name", "D"}, {"recipients", Json::array({"d@example.com"})}},
         404},
        {"POST", "/api/v1/alerts/" + Str(alert) + "/acknowledge", Json::object(), 404},
        {"POST", Account(hq_, "/silences"), {{"comment", "x"}}, 404},
        {"DELETE", "/api/v1/silences/" + Str(silence), nullptr, 404},
        {"POST",
         Account(hq_, "/invitations"),
         {{"email", "x@example.com"}, {"role", "admin"}},
         404},
        {"PATCH", Account(hq_, "/members/" + Str(louis)), {{"role", "admin"}}, 404},
        {"DELETE", Account(hq_, "/members/" + Str(louis)), nullptr, 404},
        {"POST", Account(hq_, "/delegations"), {{"partnerOrgId", 1}, {"role", "admin"}}, 404},
    };
    for (const Write& write : writes) {
        ApiAnswer answer =
            olivia.Send(write.method, write.path, write.body.is_null() ? "" : write.body.dump(),
                        write.body.is_null() ? "" : "application/json");
        EXPECT_EQ(answer.status, write.status)
            << write.method << " " << write.path << ": " << answer.body;
    }
    for (const char* table : tables) EXPECT_EQ(count(table), before[table]) << table;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM alerts WHERE state = 'acknowledged'"), acknowledged);
    EXPECT_EQ(SupportReads(), 0);
}

// Customers see their own accounts only, as before: another account answers the one 404.
TEST_F(SupportReadTest, CustomersStillGetTheOne404OnForeignAccounts) {
    ApiClient dana = SignInAs(kDana);
    ApiClient louis = SignInAs(kLouis);
    ApiClient sam = SignInAs(kSam);
    ApiAnswer missing = SignInAs(kOlivia).Get(Account(999999, "/rooms"));
    ASSERT_EQ(missing.status, 404);
    for (const std::string& path : {Account(hq_, "/rooms"), Account(hq_), Account(hq_, "/audit"),
                                    Account(hq_, "/status"), "/api/v1/rooms/" + Str(room_)}) {
        ApiAnswer answer = dana.Get(path);
        EXPECT_EQ(answer.status, 404) << path;
        EXPECT_EQ(answer.body, missing.body) << path;
    }
    EXPECT_EQ(louis.Get(Account(contoso_, "/rooms")).status, 404);
    EXPECT_EQ(sam.Get(Account(contoso_, "/devices")).status, 404);
    // A read-only member still may not read the admins' pages.
    EXPECT_EQ(louis.Get(Account(hq_, "/audit")).status, 403);
    EXPECT_EQ(louis.Get(Account(hq_, "/invitations")).status, 403);
    EXPECT_EQ(SupportReads(), 0);
}

// A missing account (or object) answers an operator the one 404, and writes no line anywhere.
TEST_F(SupportReadTest, AMissingAccountIsTheOne404ForAnOperator) {
    ApiClient olivia = SignInAs(kOlivia);
    ApiAnswer reference = SignInAs(kDana).Get(Account(hq_, "/rooms"));
    ASSERT_EQ(reference.status, 404);
    for (const std::string& path :
         {Account(999999), Account(999999, "/rooms"), Account(999999, "/status"),
          Account(999999, "/audit"), Account(999999, "/agent-tokens"), Account(0, "/rooms"),
          std::string("/api/v1/rooms/999999"), std::string("/api/v1/alerts/999999")}) {
        ApiAnswer answer = olivia.Get(path);
        EXPECT_EQ(answer.status, 404) << path;
        EXPECT_EQ(answer.body, reference.body) << path;
    }
    EXPECT_EQ(SupportReads(), 0);
}

TEST_F(SupportReadTest, TheAccountSearchFindsByNameParentCityCountryOrId) {
    ApiClient olivia = SignInAs(kOlivia);
    auto names = [&](const std::string& query) {
        ApiAnswer answer = olivia.Get("/api/v1/support/accounts" + query);
        EXPECT_EQ(answer.status, 200) << query << ": " << answer.body;
        std::vector<std::string> out;
        for (const Json& account : answer.json.value("accounts", Json::array())) {
            out.push_back(account.value("name", ""));
        }
        return out;
    };
    using Names = std::vector<std::string>;
    const std::string hq = "Northwind Traders — Siège";
    const std::string austin = "Northwind Traders — Austin";
    const std::string contoso = "Contoso Ltd";
    // No q: every account (the first 50), by name.
    EXPECT_EQ(names(""), (Names{contoso, austin, hq}));
    EXPECT_EQ(names("?q="), (Names{contoso, austin, hq}));
    EXPECT_EQ(names("?q=NORTHWIND"), (Names{austin, hq}));          // name, any case
    EXPECT_EQ(names("?q=traders"), (Names{austin, hq}));            // the parent entity's name
    EXPECT_EQ(names("?q=berlin"), (Names{contoso}));                // city
    EXPECT_EQ(names("?q=fr"), (Names{hq}));                         // country
    EXPECT_EQ(names("?q=d%C3%A9fense"), (Names{hq}));               // city, accents as typed
    EXPECT_EQ(names("?q=northwind%20%20austin"), (Names{austin}));  // every word
    EXPECT_EQ(names("?q=" + Str(contoso_)), (Names{contoso}));      // id
    EXPECT_EQ(names("?q=%25"), Names{});                            // % is a letter, not a wildcard
    EXPECT_EQ(names("?q=nobody"), Names{});

    ApiAnswer one = olivia.Get("/api/v1/support/accounts?q=berlin");
    ASSERT_EQ(one.json["accounts"].size(), 1u);
    const Json& account = one.json["accounts"][0];
    EXPECT_EQ(account["id"], contoso_);
    EXPECT_EQ(account["kind"], "headquarters");
    EXPECT_EQ(account["country"], "DE");
    EXPECT_EQ(account["city"], "Berlin");
    EXPECT_EQ(account["parentEntityName"], "Contoso Ltd");
    EXPECT_GT(account["parentEntityId"].get<long long>(), 0);
    // Searching reads no customer's data: no audit line.
    EXPECT_EQ(SupportReads(), 0);

    EXPECT_EQ(olivia.Get("/api/v1/support/accounts?q=" + std::string(201, 'a')).status, 400);
}

TEST_F(SupportReadTest, TheAccountSearchIsTheOperatorsOnly) {
    for (const testing::DemoPerson& person : {kAnne, kLouis, kDana, kSam}) {
        ApiAnswer answer = SignInAs(person).Get("/api/v1/support/accounts?q=northwind");
        EXPECT_EQ(answer.status, 403) << person.email;
        EXPECT_EQ(answer.ErrorCode(), "forbidden");
    }
    EXPECT_EQ(Anonymous().Get("/api/v1/support/accounts").status, 401);
}

TEST_F(SupportReadTest, ASearchOfManyAccountsAnswersAtMostFifty) {
    {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        Id parent = QueryInt("SELECT parent_entity_id FROM accounts WHERE id = " + Str(contoso_));
        std::string sql = "BEGIN;";
        for (int i = 0; i < 60; ++i) {
            sql += "INSERT INTO accounts(parent_entity_id, name, kind, country, city) VALUES (" +
                   Str(parent) + ", 'Bulk " + std::to_string(100 + i) +
                   "', 'site', 'GB', 'Leeds');";
        }
        sql += "COMMIT;";
        ASSERT_TRUE(db->Exec(sql.c_str())) << db->LastMessage();
    }
    ApiClient olivia = SignInAs(kOlivia);
    ApiAnswer all = olivia.Get("/api/v1/support/accounts");
    ASSERT_EQ(all.status, 200);
    EXPECT_EQ(all.json["accounts"].size(), 50u);
    EXPECT_EQ(all.json["accounts"][0]["name"], "Bulk 100");
    ApiAnswer leeds = olivia.Get("/api/v1/support/accounts?q=leeds");
    EXPECT_EQ(leeds.json["accounts"].size(), 50u);
}

}  // namespace
}  // namespace portal::server

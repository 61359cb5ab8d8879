// Alerts through the real server (issue 13): rules and channels as the API keeps them
// (validation naming the field, read-only members, other tenants answered like missing ids,
// audit entries, secrets write-only and sealed at rest), and alerts raised by telemetry: firing,
// acknowledged, resolved, pending until forSeconds pass on the sweep, the status and its long
// poll, the kiosk's "needs attention", rules switched off, the four conditions. Gating by
// license and silences are alerts_gating_test.cpp's; delivery to SMTP and webhooks
// alerts_mail_test.cpp's, to ServiceNow alerts_servicenow_test.cpp's.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>

#include "alerts_fixture.h"
#include "core/date.h"
#include "model_fixture.h"
#include "server/database.h"
#include "servicenow_fake.h"

namespace portal::server {
namespace {

using Json = api::Json;
using testing::AlertsTest;
using testing::ApiAnswer;
using testing::ApiClient;
using testing::Contains;
using testing::EmailChannel;
using testing::kConfluenceBar;
using testing::kEtoileBar;
using testing::kEtoileTap;
using testing::kOperaBar;
using testing::ServiceNowFake;
using testing::Str;
using testing::WaitUntil;

class AlertsApiTest : public AlertsTest {
  protected:
    // The whole database as stored: the file's bytes on SQLite (after StopServer: the WAL is
    // checkpointed on close), every row of every table as text on PostgreSQL.
    std::string DatabaseBytes() const {
        std::string bytes;
        if (testing::UsingPostgres()) {
            auto db = testing::OpenRaw(database_.target());
            std::vector<std::string> tables;
            Statement list = db->Prepare(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()");
            while (list.Step() == Statement::StepResult::Row) tables.push_back(list.ColumnText(0));
            for (const std::string& table : tables) {
                Statement rows = db->Prepare("SELECT CAST(t AS TEXT) FROM \"" + table + "\" t");
                while (rows.Step() == Statement::StepResult::Row)
                    bytes += rows.ColumnText(0) + "\n";
            }
            return bytes;
        }
        for (const std::string& path : {config_.db_path, config_.db_path + "-wal"}) {
            std::ifstream file(path, std::ios::binary);
            bytes.append(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
        }
        return bytes;
    }
    Id ContosoChannel() const {
        return QueryInt("SELECT id FROM alert_channels WHERE account_id = " + Str(Contoso()));
    }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Rules

TEST_F(AlertsApiTest, DemoAccountsStartWithTheDefaultRuleAndChannel) {
    // Each account's admin: Anne, Sam (the partner Northwind Austin delegated to), Dana.
    for (auto [account, admin] :
         {std::make_pair(hq_, testing::kAnne), std::make_pair(NorthwindAustin(), testing::kSam),
          std::make_pair(Contoso(), testing::kDana)}) {
        SCOPED_TRACE(account);
        int64_t channel =
            QueryInt("SELECT id FROM alert_channels WHERE account_id = " + Str(account) +
                     " AND name = 'Account admins'");
        ApiClient client = SignInAs(admin);
        ApiAnswer rules = client.Get(AccountPath(account, "alert-rules"));
        ASSERT_EQ(rules.status, 200) << rules.body;
        ASSERT_EQ(rules.json["alertRules"].size(), 1u) << rules.body;
        const Json& rule = rules.json["alertRules"][0];
        EXPECT_EQ(rule["name"], "Device offline for 5 minutes");
        EXPECT_EQ(rule["condition"], "device_offline");
        EXPECT_EQ(rule["forSeconds"], 300);
        EXPECT_EQ(rule["severity"], "major");
        EXPECT_EQ(rule["enabled"], true);
        EXPECT_EQ(rule["channels"], Json::array({channel}));
        EXPECT_EQ(rule["scope"]["sites"], Json::array());
        EXPECT_EQ(rule["scope"]["rooms"], Json::array());

        ApiAnswer channels = client.Get(AccountPath(account, "alert-channels"));
        ASSERT_EQ(channels.status, 200) << channels.body;
        ASSERT_EQ(channels.json["alertChannels"].size(), 1u) << channels.body;
        const Json& admins = channels.json["alertChannels"][0];
        EXPECT_EQ(admins["type"], "email");
        EXPECT_EQ(admins["accountAdmins"], true);
        EXPECT_EQ(admins["recipients"], Json::array());
        // The account's language: Northwind HQ is in France.
        EXPECT_EQ(admins["language"], account == hq_ ? "fr" : "en");
    }
    // A read-only member reads them too.
    ApiClient louis = SignInAs(testing::kLouis);
    EXPECT_EQ(louis.Get(AccountPath(hq_, "alert-rules")).status, 200);
    EXPECT_EQ(louis.Get(AccountPath(hq_, "alert-channels")).status, 200);
    EXPECT_EQ(louis.Get(AccountPath(hq_, "alerts")).status, 200);
    EXPECT_EQ(louis.Get(AccountPath(hq_, "silences")).status, 200);
}

// A customer's first order makes the account, which starts with the same rule and channel.
TEST_F(AlertsApiTest, AccountsFromTheOrderIntakeStartWithTheDefaultRuleAndChannel) {
    auto party = [](const std::string& name, const std::string& email, const std::string& country) {
        return Json{{"name", name},
                    {"email", email},
                    {"address",
                     {{"line1", "1 Main Street"},
                      {"city", "Lyon"},
                      {"postalCode", "69001"},
                      {"country", country},
                      {"kind", "headquarters"}}}};
    };
    Json customer = party("Claire Dubois", "claire@acme.example", "FR");
    customer["company"] = "Acme SA";
    ApiAnswer order =
        SignInAs(testing::kOlivia)
            .Post("/api/v1/orders", {{"poNumber", "ACME-1"},
                                     {"purchaseDate", FormatDate(UtcDate(clock_.Now()))},
                                     {"lines", {{{"sku", "SELECT-1Y"}, {"quantity", 2}}}},
                                     {"endCustomer", customer},
                                     {"reseller", party("Rita", "rita@reseller.example", "FR")},
                                     {"distributor", party("Dan", "dan@distri.example", "FR")}});
    ASSERT_EQ(order.status, 201) << order.body;
    Id account = order.json["order"]["accountId"].get<Id>();
    ASSERT_NE(account, 0);
    // The JSON columns are read back and parsed here: SQL's JSON functions differ by backend.
    std::vector<std::string> settings = Texts(
        "SELECT settings FROM alert_channels WHERE account_id = ? AND"
        " name = 'Account admins' AND type = 'email'",
        Str(account));
    ASSERT_EQ(settings.size(), 1u);
    Json channel_settings = Json::parse(settings[0]);
    EXPECT_EQ(channel_settings["accountAdmins"], true) << settings[0];
    EXPECT_EQ(channel_settings["language"], "fr") << settings[0];
    Id channel = QueryInt("SELECT id FROM alert_channels WHERE account_id = " + Str(account));
    std::vector<std::string> channels = Texts(
        "SELECT channels FROM alert_rules WHERE account_id = ? AND"
        " name = 'Device offline for 5 minutes' AND condition = 'device_offline' AND"
        " for_seconds = 300 AND enabled = 1",
        Str(account));
    ASSERT_EQ(channels.size(), 1u);
    EXPECT_EQ(Json::parse(channels[0]), Json::array({channel})) << channels[0];
}

TEST_F(AlertsApiTest, RulesAreCreatedPatchedAndDeletedWithTheirAuditEntries) {
    std::string path = AccountPath(hq_, "alert-rules");
    Json body = {{"name", "Paris rooms offline"},
                 {"condition", "room_offline"},
                 {"forSeconds", 120},
                 {"severity", "critical"},
                 {"scope", {{"sites", {"Paris — La Défense"}}, {"rooms", {confluence_}}}},
                 {"channels", {DefaultChannel()}}};
    ApiAnswer created = anne_->Post(path, body);
    ASSERT_EQ(created.status, 201) << created.body;
    Id rule = created.json["id"].get<Id>();
    EXPECT_EQ(created.json["accountId"], hq_);
    EXPECT_EQ(created.json["name"], "Paris rooms offline");
    EXPECT_EQ(created.json["condition"], "room_offline");
    EXPECT_EQ(created.json["forSeconds"], 120);
    EXPECT_EQ(created.json["severity"], "critical");
    EXPECT_EQ(created.json["scope"]["sites"], Json::array({"Paris — La Défense"}));
    EXPECT_EQ(created.json["scope"]["rooms"], Json::array({confluence_}));
    EXPECT_EQ(created.json["channels"], Json::array({DefaultChannel()}));
    EXPECT_EQ(created.json["enabled"], true);

    ApiAnswer listed = anne_->Get(path);
    ASSERT_EQ(listed.status, 200);
    EXPECT_TRUE(Listed(listed.json["alertRules"], rule)) << listed.body;

    ApiAnswer patched =
        anne_->Patch("/api/v1/alert-rules/" + Str(rule), {{"forSeconds", 600}, {"enabled", false}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.json["forSeconds"], 600);
    EXPECT_EQ(patched.json["enabled"], false);
    EXPECT_EQ(patched.json["name"], "Paris rooms offline") << "what the PATCH left out stays";
    EXPECT_EQ(patched.json["scope"], created.json["scope"]);

    ApiAnswer deleted = anne_->Delete("/api/v1/alert-rules/" + Str(rule));
    EXPECT_EQ(deleted.status, 204) << deleted.body;
    EXPECT_FALSE(Listed(anne_->Get(path).json["alertRules"], rule));
    EXPECT_EQ(anne_->Patch("/api/v1/alert-rules/" + Str(rule), {{"enabled", true}}).status, 404);
    EXPECT_EQ(anne_->Delete("/api/v1/alert-rules/" + Str(rule)).status, 404);

    // Each change wrote its audit entry, with who and what.
    std::string object = "'alert-rule:" + Str(rule) + "'";
    Id anne = UserNamed(testing::kAnne.email);
    for (const char* action : {"alert_rule.create", "alert_rule.update", "alert_rule.delete"}) {
        EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = '" + std::string(action) +
                           "' AND object = " + object + " AND account_id = " + Str(hq_) +
                           " AND user_id = " + Str(anne)),
                  1)
            << action;
    }
    ApiAnswer audit = anne_->Get(AccountPath(hq_, "audit?object=alert-rule:" + Str(rule)));
    ASSERT_EQ(audit.status, 200) << audit.body;
    EXPECT_TRUE(Contains(audit.body, "alert_rule.update")) << audit.body;
}

TEST_F(AlertsApiTest, RuleValidationNamesTheField) {
    std::string path = AccountPath(hq_, "alert-rules");
    Json valid = {{"name", "Rule"},
                  {"condition", "device_offline"},
                  {"forSeconds", 0},
                  {"severity", "minor"}};
    auto with = [&](const std::string& key, const Json& value) {
        Json body = valid;
        if (value.is_null()) {
            body.erase(key);
        } else {
            body[key] = value;
        }
        return body;
    };
    int64_t rules_before = QueryInt("SELECT count(*) FROM alert_rules");

    // Shape: 400 naming the field.
    struct Case {
        Json body;
        std::string field;
    };
    for (const Case& bad : std::vector<Case>{
             {with("name", nullptr), "name"},
             {with("condition", "smoke_detected"), "condition"},
             {with("severity", "apocalyptic"), "severity"},
             {with("forSeconds", "soon"), "forSeconds"},
             {with("channels", Json::array({"email"})), "channels[0]"},
         }) {
        ApiAnswer answer = anne_->Post(path, bad.body);
        EXPECT_EQ(answer.status, 400) << bad.body.dump() << " " << answer.body;
        EXPECT_EQ(Fields(answer), std::vector<std::string>{bad.field}) << answer.body;
    }
    // The rule's own limits: 422 naming the field.
    for (const Case& bad : std::vector<Case>{
             {with("forSeconds", 86401), "forSeconds"},
             {with("forSeconds", -1), "forSeconds"},
             {with("name", ""), "name"},
             {with("condition", "no_telemetry"), "forSeconds"},  // below 60 s
         }) {
        ApiAnswer answer = anne_->Post(path, bad.body);
        EXPECT_EQ(answer.status, 422) << bad.body.dump() << " " << answer.body;
        EXPECT_EQ(Fields(answer), std::vector<std::string>{bad.field}) << answer.body;
    }
    EXPECT_EQ(anne_->Post(path, with("forSeconds", 86400)).status, 201);
    Json no_telemetry = with("condition", "no_telemetry");
    no_telemetry["forSeconds"] = 60;
    EXPECT_EQ(anne_->Post(path, no_telemetry).status, 201);

    // A scope or channel of another account: 422, byte for byte the answer for a missing one.
    auto scoped = [&](const Json& scope, const Json& channels) {
        Json body = valid;
        body["scope"] = scope;
        body["channels"] = channels;
        return anne_->Post(path, body);
    };
    ApiAnswer foreign_room = scoped({{"rooms", {ContosoRoom()}}}, Json::array());
    ApiAnswer missing_room = scoped({{"rooms", {ContosoRoom() + 100000}}}, Json::array());
    EXPECT_EQ(foreign_room.status, 422);
    EXPECT_EQ(Fields(foreign_room), std::vector<std::string>{"scope.rooms[0]"});
    // The ids differ, the answers do not: the message never echoes the id.
    EXPECT_EQ(foreign_room.body, missing_room.body);
    ApiAnswer foreign_site = scoped({{"sites", {"Berlin"}}}, Json::array());
    EXPECT_EQ(foreign_site.status, 422);
    EXPECT_EQ(Fields(foreign_site), std::vector<std::string>{"scope.sites[0]"});
    EXPECT_EQ(foreign_site.body, scoped({{"sites", {"Atlantis"}}}, Json::array()).body);
    ApiAnswer foreign_channel = scoped(Json::object(), {ContosoChannel()});
    EXPECT_EQ(foreign_channel.status, 422);
    EXPECT_EQ(Fields(foreign_channel), std::vector<std::string>{"channels[0]"});
    EXPECT_EQ(foreign_channel.body, scoped(Json::object(), {ContosoChannel() + 100000}).body);

    // PATCH checks the rule it makes.
    Id rule = DefaultRule();
    ApiAnswer patched = anne_->Patch("/api/v1/alert-rules/" + Str(rule), {{"forSeconds", 90000}});
    EXPECT_EQ(patched.status, 422);
    EXPECT_EQ(Fields(patched), std::vector<std::string>{"forSeconds"});
    patched = anne_->Patch("/api/v1/alert-rules/" + Str(rule),
                           {{"condition", "no_telemetry"}, {"forSeconds", 59}});
    EXPECT_EQ(patched.status, 422);
    EXPECT_EQ(Fields(patched), std::vector<std::string>{"forSeconds"});
    EXPECT_EQ(QueryInt("SELECT for_seconds FROM alert_rules WHERE id = " + Str(rule)), 300);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM alert_rules"), rules_before + 2);
}

// A channel or room deleted while a rule names it: the channel leaves the rule's answer, and the
// rule can still be changed (what it already held is not refused as unknown).
TEST_F(AlertsApiTest, ARuleOutlivesTheChannelsAndRoomsItNamed) {
    Id channel = CreateChannel(EmailChannel("Ops", {"ops@northwind.example"}));
    ApiAnswer room = anne_->Post(
        AccountPath(hq_, "rooms"),
        {{"name", "Annexe"}, {"site", "Paris — La Défense"}, {"country", "FR"}, {"capacity", 4}});
    ASSERT_EQ(room.status, 201) << room.body;
    Id annexe = room.json["room"]["id"].get<Id>();
    Id rule = CreateRule({{"name", "Annexe and Étoile"},
                          {"scope", {{"rooms", {annexe, etoile_}}}},
                          {"channels", {DefaultChannel(), channel}}});
    ASSERT_EQ(anne_->Delete("/api/v1/alert-channels/" + Str(channel)).status, 204);
    ASSERT_EQ(anne_->Delete("/api/v1/rooms/" + Str(annexe)).status, 204);

    ApiAnswer rules = anne_->Get(AccountPath(hq_, "alert-rules"));
    ASSERT_EQ(rules.status, 200);
    for (const Json& entry : rules.json["alertRules"]) {
        if (entry["id"] != rule) continue;
        EXPECT_EQ(entry["channels"], Json::array({DefaultChannel()})) << "the deleted one left";
    }
    ApiAnswer patched = anne_->Patch("/api/v1/alert-rules/" + Str(rule), {{"enabled", false}});
    EXPECT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.json["channels"], Json::array({DefaultChannel()}));
    // The scope it held is kept as it was, sent back whole or not; what is new is checked.
    patched = anne_->Patch("/api/v1/alert-rules/" + Str(rule),
                           {{"scope", {{"rooms", {annexe, etoile_}}}}, {"forSeconds", 60}});
    EXPECT_EQ(patched.status, 200) << patched.body;
    patched = anne_->Patch("/api/v1/alert-rules/" + Str(rule),
                           {{"scope", {{"rooms", {annexe, ContosoRoom()}}}}});
    EXPECT_EQ(patched.status, 422) << patched.body;
    EXPECT_EQ(Fields(patched), std::vector<std::string>{"scope.rooms[1]"});
    patched = anne_->Patch("/api/v1/alert-rules/" + Str(rule), {{"channels", {channel}}});
    EXPECT_EQ(patched.status, 422) << patched.body;
    EXPECT_EQ(Fields(patched), std::vector<std::string>{"channels[0]"});
}

TEST_F(AlertsApiTest, ReadOnlyMembersReadButCannotChangeAnything) {
    Id channel = DefaultChannel();
    Id rule = DefaultRule();
    ApiAnswer silence = anne_->Post(AccountPath(hq_, "silences"),
                                    {{"endsAt", telemetry::FormatUtcTime(Now() + 3600)}});
    ASSERT_EQ(silence.status, 201) << silence.body;
    Id silence_id = silence.json["id"].get<Id>();
    int64_t audit = QueryInt("SELECT count(*) FROM audit_log");

    ApiClient louis = SignInAs(testing::kLouis);
    Json rule_body = {{"name", "Mine"},
                      {"condition", "device_offline"},
                      {"forSeconds", 0},
                      {"severity", "minor"}};
    EXPECT_EQ(louis.Post(AccountPath(hq_, "alert-rules"), rule_body).status, 403);
    EXPECT_EQ(louis.Patch("/api/v1/alert-rules/" + Str(rule), {{"enabled", false}}).status, 403);
    EXPECT_EQ(louis.Delete("/api/v1/alert-rules/" + Str(rule)).status, 403);
    EXPECT_EQ(louis.Post(AccountPath(hq_, "alert-channels"), EmailChannel("Mine", {"l@x.example"}))
                  .status,
              403);
    EXPECT_EQ(louis.Patch("/api/v1/alert-channels/" + Str(channel), {{"name", "Mine"}}).status,
              403);
    EXPECT_EQ(louis.Delete("/api/v1/alert-channels/" + Str(channel)).status, 403);
    EXPECT_EQ(louis.Post("/api/v1/alert-channels/" + Str(channel) + "/test", Json::object()).status,
              403);
    EXPECT_EQ(louis
                  .Post(AccountPath(hq_, "silences"),
                        {{"endsAt", telemetry::FormatUtcTime(Now() + 3600)}})
                  .status,
              403);
    EXPECT_EQ(louis.Delete("/api/v1/silences/" + Str(silence_id)).status, 403);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log"), audit) << "nothing changed";

    ApiAnswer rules = louis.Get(AccountPath(hq_, "alert-rules"));
    EXPECT_EQ(rules.status, 200);
    EXPECT_TRUE(Listed(rules.json["alertRules"], rule));
    ApiAnswer silences = louis.Get(AccountPath(hq_, "silences"));
    EXPECT_EQ(silences.status, 200);
    EXPECT_TRUE(Listed(silences.json["silences"], silence_id)) << silences.body;
}

TEST_F(AlertsApiTest, AnotherAccountsObjectsAnswerLikeMissingOnes) {
    DisableDefaultRule();
    CreateRule({{"name", "Critical offline"}, {"severity", "critical"}});
    SetOnline(kEtoileBar, false);
    Json alert = WaitForAlert([](const Json& a) { return a["state"] == "firing"; });
    ASSERT_FALSE(alert.is_null());
    ApiAnswer silence = anne_->Post(AccountPath(hq_, "silences"),
                                    {{"endsAt", telemetry::FormatUtcTime(Now() + 3600)}});
    ASSERT_EQ(silence.status, 201) << silence.body;

    ApiClient dana = SignInAs(testing::kDana);  // Contoso's admin
    const Id missing = 987654321;
    struct Probe {
        std::string method, prefix, suffix;
        Id id;
    };
    for (const Probe& probe : std::vector<Probe>{
             {"PATCH", "/api/v1/alert-rules/", "", DefaultRule()},
             {"DELETE", "/api/v1/alert-rules/", "", DefaultRule()},
             {"PATCH", "/api/v1/alert-channels/", "", DefaultChannel()},
             {"DELETE", "/api/v1/alert-channels/", "", DefaultChannel()},
             {"POST", "/api/v1/alert-channels/", "/test", DefaultChannel()},
             {"GET", "/api/v1/alerts/", "", alert["id"].get<Id>()},
             {"POST", "/api/v1/alerts/", "/acknowledge", alert["id"].get<Id>()},
             {"DELETE", "/api/v1/silences/", "", silence.json["id"].get<Id>()},
             {"GET", "/api/v1/accounts/", "/alert-rules", hq_},
             {"POST", "/api/v1/accounts/", "/alert-rules", hq_},
             {"GET", "/api/v1/accounts/", "/alert-channels", hq_},
             {"GET", "/api/v1/accounts/", "/alerts", hq_},
             {"GET", "/api/v1/accounts/", "/silences", hq_},
         }) {
        std::string body = probe.method == "PATCH" || probe.method == "POST" ? "{}" : "";
        std::string type = body.empty() ? "" : "application/json";
        ApiAnswer theirs =
            dana.Send(probe.method, probe.prefix + Str(probe.id) + probe.suffix, body, type);
        ApiAnswer none =
            dana.Send(probe.method, probe.prefix + Str(missing) + probe.suffix, body, type);
        EXPECT_EQ(theirs.status, 404) << probe.method << " " << probe.prefix << probe.suffix;
        EXPECT_EQ(theirs.body, none.body) << probe.method << " " << probe.prefix << probe.suffix;
    }
    EXPECT_EQ(Alert(alert["id"].get<Id>())["state"], "firing") << "nothing changed";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Channels

TEST_F(AlertsApiTest, ChannelSecretsAreWriteOnlyAndSealedAtRest) {
    ServiceNowFake fake;
    const std::string password = fake.options().password;  // "s3cret-Passw0rd"
    const std::string client_secret = fake.options().client_secret;
    const std::string webhook_secret = "whsec_Zq81-never-shown";
    std::string path = AccountPath(hq_, "alert-channels");
    const Json basic_body = {
        {"type", "servicenow"},
        {"name", "ServiceNow (basic)"},
        {"instanceUrl", fake.Url()},
        {"auth", {{"type", "basic"}, {"username", fake.options().user}, {"password", password}}},
        {"assignmentGroup", "AV Support"}};
    ApiAnswer basic = anne_->Post(path, basic_body, {{"Idempotency-Key", "channel-basic-1"}});
    ASSERT_EQ(basic.status, 201) << basic.body;
    ApiAnswer oauth = anne_->Post(path, {{"type", "servicenow"},
                                         {"name", "ServiceNow (OAuth)"},
                                         {"instanceUrl", fake.Url()},
                                         {"auth",
                                          {{"type", "oauth"},
                                           {"clientId", fake.options().client_id},
                                           {"clientSecret", client_secret}}}});
    ASSERT_EQ(oauth.status, 201) << oauth.body;
    ApiAnswer webhook = anne_->Post(path, {{"type", "webhook"},
                                           {"name", "Hook"},
                                           {"url", "http://127.0.0.1:9/hook"},
                                           {"secret", webhook_secret}});
    ASSERT_EQ(webhook.status, 201) << webhook.body;
    ApiAnswer email = anne_->Post(path, EmailChannel("Ops", {"ops@northwind.example"}));
    ASSERT_EQ(email.status, 201) << email.body;
    const std::vector<std::string> secrets = {password, client_secret, webhook_secret};
    auto no_secret = [&](const std::string& text) {
        for (const std::string& secret : secrets) {
            if (Contains(text, secret)) return false;
        }
        return true;
    };

    Id basic_id = basic.json["id"].get<Id>();
    EXPECT_TRUE(no_secret(basic.body) && no_secret(oauth.body) && no_secret(webhook.body));
    EXPECT_EQ(basic.json["auth"]["type"], "basic");
    EXPECT_EQ(basic.json["auth"]["username"], fake.options().user);
    EXPECT_EQ(basic.json["auth"]["passwordSet"], true);
    EXPECT_FALSE(basic.json["auth"].contains("password"));
    EXPECT_EQ(oauth.json["auth"]["clientSecretSet"], true);
    EXPECT_EQ(webhook.json["secretSet"], true);
    EXPECT_FALSE(webhook.json.contains("secret"));
    EXPECT_EQ(basic.json["assignmentGroup"], "AV Support");
    EXPECT_EQ(email.json["recipients"], Json::array({"ops@northwind.example"}));

    // A replay answers the first answer, which holds no secret either.
    ApiAnswer replay = anne_->Post(path, basic_body, {{"Idempotency-Key", "channel-basic-1"}});
    EXPECT_EQ(replay.status, 201);
    EXPECT_EQ(replay.json["id"], basic.json["id"]);
    ApiAnswer listed = anne_->Get(path);
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.json["alertChannels"].size(), 5u) << listed.body;
    EXPECT_TRUE(no_secret(listed.body)) << listed.body;

    // The stored secret works: the fake accepts it.
    ApiAnswer tested =
        anne_->Post("/api/v1/alert-channels/" + Str(basic_id) + "/test", Json::object());
    ASSERT_EQ(tested.status, 200) << tested.body;
    EXPECT_EQ(tested.json["ok"], true) << tested.body;
    ApiAnswer tested_oauth =
        anne_->Post("/api/v1/alert-channels/" + oauth.json["id"].dump() + "/test", Json::object());
    EXPECT_EQ(tested_oauth.json["ok"], true) << tested_oauth.body;

    // PATCH without the secret keeps it.
    std::string sealed_before;
    {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        Statement query =
            db->Prepare("SELECT sealed_secret FROM alert_channels WHERE id = " + Str(basic_id));
        ASSERT_EQ(query.Step(), Statement::StepResult::Row);
        sealed_before = query.ColumnText(0);
    }
    ApiAnswer renamed = anne_->Patch("/api/v1/alert-channels/" + Str(basic_id),
                                     {{"name", "ServiceNow"}, {"closeCode", "Closed/Resolved"}});
    ASSERT_EQ(renamed.status, 200) << renamed.body;
    EXPECT_EQ(renamed.json["name"], "ServiceNow");
    EXPECT_EQ(renamed.json["auth"]["passwordSet"], true);
    EXPECT_TRUE(no_secret(renamed.body));
    {
        auto db = testing::OpenRaw(DatabaseTarget(config_));
        Statement query =
            db->Prepare("SELECT sealed_secret FROM alert_channels WHERE id = " + Str(basic_id));
        ASSERT_EQ(query.Step(), Statement::StepResult::Row);
        EXPECT_EQ(query.ColumnText(0), sealed_before) << "the secret was kept as it was";
    }
    tested = anne_->Post("/api/v1/alert-channels/" + Str(basic_id) + "/test", Json::object());
    EXPECT_EQ(tested.json["ok"], true) << tested.body;

    // Bad credentials: ok false, and why.
    ApiAnswer wrong = anne_->Patch(
        "/api/v1/alert-channels/" + Str(basic_id),
        {{"auth", {{"type", "basic"}, {"username", "someone"}, {"password", "not-it-9"}}}});
    ASSERT_EQ(wrong.status, 200) << wrong.body;
    tested = anne_->Post("/api/v1/alert-channels/" + Str(basic_id) + "/test", Json::object());
    ASSERT_EQ(tested.status, 200) << tested.body;
    EXPECT_EQ(tested.json["ok"], false);
    EXPECT_EQ(tested.json["status"], 401);
    EXPECT_TRUE(Contains(tested.json["detail"], "401")) << tested.body;
    EXPECT_TRUE(Contains(tested.json["detail"], "user name and password")) << tested.body;

    // Another instance without its own password: the stored one never follows it there.
    ApiAnswer moved = anne_->Patch("/api/v1/alert-channels/" + Str(basic_id),
                                   {{"instanceUrl", "http://127.0.0.1:9"}});
    EXPECT_EQ(moved.status, 422) << moved.body;
    EXPECT_EQ(Fields(moved), std::vector<std::string>{"auth.password"});

    // Nowhere: the audit log through the API and in SQL, the log lines, the database file.
    ApiAnswer audit = anne_->Get(AccountPath(hq_, "audit?limit=1000"));
    ASSERT_EQ(audit.status, 200) << audit.body;
    EXPECT_TRUE(Contains(audit.body, "alert_channel.create"));
    EXPECT_TRUE(Contains(audit.body, "alert_channel.update"));
    EXPECT_TRUE(no_secret(audit.body)) << audit.body;
    EXPECT_TRUE(no_secret(anne_->Get(AccountPath(hq_, "audit?limit=1000")).body));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM alert_channels WHERE sealed_secret IS NOT NULL"
                       " AND sealed_secret NOT LIKE 'v1:%'"),
              0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM alert_channels WHERE sealed_secret LIKE 'v1:%'"), 3);
    StopServer();
    for (const std::string& line : log_.Lines()) {
        EXPECT_TRUE(no_secret(line)) << line;
        EXPECT_FALSE(Contains(line, "not-it-9")) << line;
    }
    std::string bytes = DatabaseBytes();
    ASSERT_GT(bytes.size(), 0u);
    EXPECT_TRUE(no_secret(bytes)) << "a secret is in the database file as it is";
    EXPECT_FALSE(Contains(bytes, "not-it-9"));
}

TEST_F(AlertsApiTest, OutboundTargetsMustBePublicHttpsUnlessPrivateOnesAreAllowed) {
    StopServer();
    config_.outbound_allow_private = false;
    StartServer();
    anne_ = std::make_unique<ApiClient>(server_->Port(), anne_->cookie());
    std::string path = AccountPath(hq_, "alert-channels");
    Json servicenow = {{"type", "servicenow"},
                       {"name", "Local"},
                       {"instanceUrl", "http://127.0.0.1:8443"},
                       {"auth", {{"type", "basic"}, {"username", "u"}, {"password", "p"}}}};
    ApiAnswer refused = anne_->Post(path, servicenow);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(Fields(refused), std::vector<std::string>{"instanceUrl"}) << refused.body;
    servicenow["instanceUrl"] = "https://127.0.0.1:8443";  // https, but loopback
    refused = anne_->Post(path, servicenow);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(Fields(refused), std::vector<std::string>{"instanceUrl"}) << refused.body;
    Json webhook = {
        {"type", "webhook"}, {"name", "Hook"}, {"url", "https://10.1.2.3/hook"}, {"secret", "s"}};
    refused = anne_->Post(path, webhook);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(Fields(refused), std::vector<std::string>{"url"}) << refused.body;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM alert_channels WHERE account_id = " + Str(hq_)), 1);

    StopServer();
    config_.outbound_allow_private = true;  // development and tests
    StartServer();
    anne_ = std::make_unique<ApiClient>(server_->Port(), anne_->cookie());
    servicenow["instanceUrl"] = "http://127.0.0.1:8443";
    EXPECT_EQ(anne_->Post(path, servicenow).status, 201);
    EXPECT_EQ(anne_->Post(path, webhook).status, 201);
}

TEST_F(AlertsApiTest, AnEmailChannelTestWithoutSmtpSaysWhy) {
    ApiAnswer tested =
        anne_->Post("/api/v1/alert-channels/" + Str(DefaultChannel()) + "/test", Json::object());
    ASSERT_EQ(tested.status, 200) << tested.body;
    EXPECT_EQ(tested.json["ok"], false);
    EXPECT_TRUE(Contains(tested.json["detail"], "SMTP")) << tested.body;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Alerts from telemetry

// R-GATE-2: a licensed room's device goes offline: an alert fires at once (forSeconds 0), shows
// in the status, is acknowledged by an admin only, and resolves when the device is back.
TEST_F(AlertsApiTest, AnOfflineDeviceFiresIsAcknowledgedAndResolves) {
    DisableDefaultRule();
    Id rule = CreateRule({{"name", "Device offline"}, {"severity", "critical"}});
    std::string version = Status().json["version"];
    std::future<ApiAnswer> poll =
        std::async(std::launch::async, [&] { return Status("?since=" + version + "&wait=20"); });
    SetOnline(kEtoileTap, true);
    SetOnline(kEtoileBar, false);
    ASSERT_EQ(poll.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    EXPECT_NE(poll.get().json["version"], version);

    Json firing = Alerts("firing");
    ASSERT_EQ(firing.size(), 1u) << firing.dump();
    Json alert = firing[0];
    Id id = alert["id"].get<Id>();
    EXPECT_EQ(alert["ruleId"], rule);
    EXPECT_EQ(alert["condition"], "device_offline");
    EXPECT_EQ(alert["severity"], "critical");
    EXPECT_EQ(alert["roomId"], etoile_);
    EXPECT_EQ(alert["serial"], kEtoileBar);
    EXPECT_EQ(alert["state"], "firing");
    EXPECT_EQ(alert["startedAt"], telemetry::FormatUtcTime(Now()));
    EXPECT_TRUE(alert["resolvedAt"].is_null());
    EXPECT_TRUE(alert["acknowledgedBy"].is_null());
    EXPECT_EQ(alert["deliveries"], Json::array()) << "the rule has no channel";
    EXPECT_EQ(Alerts("resolved").size(), 0u);

    ApiAnswer status = Status();
    ASSERT_NE(RoomIn(status, etoile_), nullptr);
    EXPECT_EQ((*RoomIn(status, etoile_))["alertsFiring"], 1);
    EXPECT_EQ((*RoomIn(status, etoile_))["alertSeverity"], "critical");
    EXPECT_EQ((*RoomIn(status, opera_))["alertsFiring"], 0);

    // Acknowledge: admins only, once.
    std::string ack = "/api/v1/alerts/" + Str(id) + "/acknowledge";
    EXPECT_EQ(SignInAs(testing::kLouis).Post(ack, Json::object()).status, 403);
    ApiAnswer acknowledged = anne_->Post(ack, Json::object());
    ASSERT_EQ(acknowledged.status, 200) << acknowledged.body;
    EXPECT_EQ(acknowledged.json["state"], "acknowledged");
    EXPECT_EQ(acknowledged.json["acknowledgedBy"], UserNamed(testing::kAnne.email));
    EXPECT_EQ(acknowledged.json["acknowledgedByName"], "Anne Martin");
    EXPECT_EQ(anne_->Post(ack, Json::object()).status, 409);
    EXPECT_EQ(Alerts("acknowledged").size(), 1u);
    EXPECT_EQ(Alerts("firing").size(), 1u) << "firing lists the acknowledged ones too";
    EXPECT_EQ((*RoomIn(Status(), etoile_))["alertsFiring"], 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'alert.acknowledge'"), 1);

    clock_.Advance(30);
    SetOnline(kEtoileBar, true);
    Json resolved = Alert(id);
    EXPECT_EQ(resolved["state"], "resolved");
    EXPECT_EQ(resolved["resolvedReason"], "cleared");
    EXPECT_EQ(resolved["resolvedAt"], telemetry::FormatUtcTime(Now()));
    EXPECT_EQ(Alerts("firing").size(), 0u);
    EXPECT_EQ(Alerts("resolved").size(), 1u);
    EXPECT_EQ((*RoomIn(Status(), etoile_))["alertsFiring"], 0);
    EXPECT_EQ(anne_->Post(ack, Json::object()).status, 409) << "a resolved alert";
}

// The default rule waits 5 minutes: pending until the sweep sees the time pass, which wakes the
// portal's long poll though no telemetry came; then "Account admins" (Anne, in French) is told.
TEST_F(AlertsApiTest, APendingAlertFiresOnTheSweepAndWakesTheLongPoll) {
    SetOnline(kEtoileBar, false);
    Json pending = Alerts("all");
    ASSERT_EQ(pending.size(), 1u) << pending.dump();
    EXPECT_EQ(pending[0]["state"], "pending");
    EXPECT_EQ(pending[0]["ruleId"], DefaultRule());
    EXPECT_EQ(Alerts("pending").size(), 1u);
    EXPECT_EQ(
        anne_->Post("/api/v1/alerts/" + pending[0]["id"].dump() + "/acknowledge", Json::object())
            .status,
        409)
        << "a pending alert";
    auto of_room = [&](Id room) {
        return anne_->Get(AccountPath(hq_, "alerts?state=all&roomId=" + Str(room)))
            .json["alerts"]
            .size();
    };
    EXPECT_EQ(of_room(etoile_), 1u);
    EXPECT_EQ(of_room(opera_), 0u);
    EXPECT_EQ(anne_->Get(AccountPath(hq_, "alerts?state=later")).status, 400);
    EXPECT_EQ(anne_->Get(AccountPath(hq_, "alerts?roomId=x")).status, 400);
    EXPECT_EQ(Alerts("firing").size(), 0u);
    EXPECT_EQ((*RoomIn(Status(), etoile_))["alertsFiring"], 0);

    clock_.Advance(299);
    std::string version = Status().json["version"];
    // Ticks at 299 s change nothing: the poll waits.
    std::future<ApiAnswer> idle =
        std::async(std::launch::async, [&] { return Status("?since=" + version + "&wait=1"); });
    EXPECT_EQ(idle.get().json["version"], version);
    EXPECT_EQ(Alerts("firing").size(), 0u);

    std::future<ApiAnswer> poll =
        std::async(std::launch::async, [&] { return Status("?since=" + version + "&wait=20"); });
    clock_.Advance(1);
    ASSERT_EQ(poll.wait_for(std::chrono::seconds(5)), std::future_status::ready)
        << "the sweep's change wakes the poll";
    ApiAnswer woken = poll.get();
    EXPECT_NE(woken.json["version"], version);
    EXPECT_EQ((*RoomIn(woken, etoile_))["alertsFiring"], 1);
    Json firing = Alert(pending[0]["id"].get<Id>());
    EXPECT_EQ(firing["state"], "firing");
    EXPECT_EQ(firing["startedAt"], telemetry::FormatUtcTime(Now()));
    EXPECT_EQ(firing["pendingSince"], telemetry::FormatUtcTime(Now() - 300));

    // Told to the account's admins in their language; no SMTP here: it waits in the outbox.
    ASSERT_TRUE(WaitUntil(
        [&] { return QueryInt("SELECT count(*) FROM outbox WHERE kind = 'alert'") == 1; }));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM outbox WHERE kind = 'alert' AND recipient = '" +
                       std::string(testing::kAnne.email) +
                       "' AND language = 'fr' AND subject LIKE '[Majeure]%'"),
              1);
    Json delivered = Alert(pending[0]["id"].get<Id>());
    ASSERT_EQ(delivered["deliveries"].size(), 1u) << delivered.dump();
    EXPECT_EQ(delivered["deliveries"][0]["channelId"], DefaultChannel());
    EXPECT_EQ(delivered["deliveries"][0]["kind"], "firing");
    EXPECT_EQ(delivered["deliveries"][0]["status"], "pending") << "until SMTP takes it";
}

// A rule switched off, or deleted, closes its open alerts (rule_disabled) and tells nobody.
TEST_F(AlertsApiTest, ARuleSwitchedOffClosesItsAlertsSilently) {
    DisableDefaultRule();
    Id channel = CreateChannel(EmailChannel("Ops", {"ops@northwind.example"}));
    Id rule = CreateRule({{"name", "Offline"}, {"channels", {channel}}});
    SetOnline(kEtoileBar, false);
    Json alert = WaitForAlert([](const Json& a) { return a["state"] == "firing"; });
    ASSERT_FALSE(alert.is_null());
    Id id = alert["id"].get<Id>();
    ASSERT_EQ(anne_->Patch("/api/v1/alert-rules/" + Str(rule), {{"enabled", false}}).status, 200);
    Json closed =
        WaitForAlert([&](const Json& a) { return a["id"] == id && a["state"] == "resolved"; });
    ASSERT_FALSE(closed.is_null()) << Alert(id).dump();
    EXPECT_EQ(closed["resolvedReason"], "rule_disabled");
    clock_.Advance(300);
    SetOnline(kEtoileBar, true);
    clock_.Advance(300);
    SetOnline(kOperaBar, true);
    EXPECT_EQ(Deliveries(id), 1) << "the firing one alone";
}

// The other conditions: a whole room offline, a room over capacity (the kiosk's "needs
// attention" follows the alert though every device is online), and a room gone silent.
TEST_F(AlertsApiTest, RoomOfflineOverCapacityAndNoTelemetryFire) {
    DisableDefaultRule();
    Id room_rule = CreateRule({{"name", "Room offline"}, {"condition", "room_offline"}});
    Id capacity_rule = CreateRule({{"name", "Crowded"},
                                   {"condition", "over_capacity"},
                                   {"severity", "warning"},
                                   {"scope", {{"rooms", {etoile_}}}}});
    Id silent_rule = CreateRule({{"name", "Silent"},
                                 {"condition", "no_telemetry"},
                                 {"forSeconds", 600},
                                 {"scope", {{"rooms", {opera_}}}}});

    // Étoile: one device down is not the room down; both are.
    ASSERT_EQ(
        Telemetry(Json::array({Device(kEtoileBar, Now(), false), Device(kEtoileTap, Now(), true)}))
            .status,
        200);
    EXPECT_EQ(Alerts("all").size(), 0u);
    SetOnline(kEtoileTap, false);
    Json room_alert = WaitForAlert([&](const Json& a) { return a["ruleId"] == room_rule; });
    ASSERT_FALSE(room_alert.is_null());
    EXPECT_EQ(room_alert["state"], "firing");
    EXPECT_TRUE(room_alert["serial"].is_null() || room_alert["serial"] == "") << room_alert;
    ASSERT_EQ(
        Telemetry(Json::array({Device(kEtoileBar, Now(), true), Device(kEtoileTap, Now(), true)}))
            .status,
        200);
    EXPECT_EQ(Alert(room_alert["id"].get<Id>())["state"], "resolved");

    // Étoile seats 12.
    ApiAnswer link = anne_->Post(AccountPath(hq_, "kiosk-links"), Json::object());
    ASSERT_EQ(link.status, 201) << link.body;
    std::string kiosk = link.json["token"];
    auto tile_state = [&] {
        ApiAnswer dashboard =
            Anonymous().Get("/api/v1/kiosk/dashboard", {{"Authorization", "Bearer " + kiosk}});
        for (const Json& tile : dashboard.json["rooms"]) {
            if (tile["id"] == etoile_) return tile["state"].get<std::string>();
        }
        return std::string("missing");
    };
    ASSERT_EQ(Telemetry(Json::array({Occupancy(etoile_, Now(), 12)})).status, 200);
    EXPECT_EQ(Alerts("firing").size(), 0u);
    EXPECT_EQ(tile_state(), "occupied");
    ASSERT_EQ(Telemetry(Json::array({Occupancy(etoile_, Now(), 15)})).status, 200);
    Json crowded = WaitForAlert([&](const Json& a) { return a["ruleId"] == capacity_rule; });
    ASSERT_FALSE(crowded.is_null());
    EXPECT_EQ(crowded["state"], "firing");
    EXPECT_EQ(crowded["severity"], "warning");
    EXPECT_EQ(tile_state(), "attention") << "a firing alert needs attention";
    ASSERT_EQ(Telemetry(Json::array({Occupancy(etoile_, Now(), 3)})).status, 200);
    EXPECT_EQ(Alert(crowded["id"].get<Id>())["state"], "resolved");
    EXPECT_EQ(tile_state(), "occupied");

    // Opéra reports, then nothing for 10 minutes: the sweep fires it.
    ASSERT_EQ(Telemetry(Json::array({Occupancy(opera_, Now(), 2)})).status, 200);
    clock_.Advance(599);
    SetOnline(kEtoileBar, true);  // another room's news changes nothing for Opéra
    EXPECT_TRUE(WaitForAlert([&](const Json& a) { return a["ruleId"] == silent_rule; },
                             std::chrono::milliseconds(300))
                    .is_null());
    clock_.Advance(1);
    Json silent = WaitForAlert(
        [&](const Json& a) { return a["ruleId"] == silent_rule && a["state"] == "firing"; });
    ASSERT_FALSE(silent.is_null()) << Alerts().dump();
    EXPECT_EQ(silent["roomId"], opera_);
    ASSERT_EQ(Telemetry(Json::array({Occupancy(opera_, Now(), 1)})).status, 200);
    EXPECT_EQ(Alert(silent["id"].get<Id>())["state"], "resolved");
}

}  // namespace
}  // namespace portal::server

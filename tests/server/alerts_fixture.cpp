// The Alerts suites' fixture of alerts_fixture.h.
#include "alerts_fixture.h"

#include <gtest/gtest.h>

#include <chrono>

namespace portal::server::testing {

void AlertsTest::Configure(Config& config) {
    config.alerts_tick_ms = 50;
    config.outbound_allow_private = true;
    config.secret_key = kSecretKey;
    config.public_url = "https://portal.example";
}

void AlertsTest::SetUp() {
    Configure(config_);
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    anne_ = std::make_unique<ApiClient>(SignInAs(kAnne));
    hq_ = NorthwindHq();
    etoile_ = RoomNamed("Salle Étoile");
    opera_ = RoomNamed("Opéra");
    confluence_ = RoomNamed("Confluence");
    ASSERT_NE(hq_ * etoile_ * opera_ * confluence_, 0);
    ApiAnswer token = anne_->Post(AccountPath(hq_, "agent-tokens"), {{"name", "Alerts agent"}});
    ASSERT_EQ(token.status, 201) << token.body;
    agent_ = token.json["token"];
}

AlertsTest::Seconds AlertsTest::Now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch())
        .count();
}

ApiAnswer AlertsTest::Telemetry(const Json& events) {
    httplib::Client client("127.0.0.1", server_->Port());
    client.set_read_timeout(30, 0);
    httplib::Headers headers = {{"Authorization", "Bearer " + agent_}};
    Json batch = {{"batchId", "alerts-" + std::to_string(++batches_)}, {"events", events}};
    auto result = client.Post("/api/v1/telemetry", headers, batch.dump(), "application/json");
    ApiAnswer answer;
    if (!result) return answer;
    answer.status = result->status;
    answer.body = result->body;
    answer.json = Json::parse(answer.body, nullptr, false);
    return answer;
}

AlertsTest::Json AlertsTest::Device(const std::string& serial, Seconds at, bool online) {
    return {{"type", "device"},
            {"serial", serial},
            {"at", telemetry::FormatUtcTime(at)},
            {"status", online ? "online" : "offline"}};
}

AlertsTest::Json AlertsTest::Occupancy(Id room, Seconds at, int people) {
    return {{"type", "occupancy"},
            {"roomId", room},
            {"at", telemetry::FormatUtcTime(at)},
            {"people", people}};
}

void AlertsTest::SetOnline(const std::string& serial, bool online) {
    ApiAnswer answer = Telemetry(Json::array({Device(serial, Now(), online)}));
    ASSERT_EQ(answer.status, 200) << answer.body;
}

Id AlertsTest::CreateRule(Json body, Id account) {
    if (!body.contains("name")) body["name"] = "Test rule";
    if (!body.contains("condition")) body["condition"] = "device_offline";
    if (!body.contains("forSeconds")) body["forSeconds"] = 0;
    if (!body.contains("severity")) body["severity"] = "major";
    ApiAnswer answer = anne_->Post(AccountPath(account ? account : hq_, "alert-rules"), body);
    EXPECT_EQ(answer.status, 201) << answer.body;
    return answer.status == 201 ? answer.json["id"].get<Id>() : 0;
}

Id AlertsTest::CreateChannel(const Json& body, Id account) {
    ApiAnswer answer = anne_->Post(AccountPath(account ? account : hq_, "alert-channels"), body);
    EXPECT_EQ(answer.status, 201) << answer.body;
    return answer.status == 201 ? answer.json["id"].get<Id>() : 0;
}

Id AlertsTest::DefaultRule() const {
    return QueryInt("SELECT id FROM alert_rules WHERE account_id = " + Str(hq_) +
                    " AND name = 'Device offline for 5 minutes'");
}

Id AlertsTest::DefaultChannel() const {
    return QueryInt("SELECT id FROM alert_channels WHERE account_id = " + Str(hq_) +
                    " AND name = 'Account admins'");
}

std::vector<std::string> AlertsTest::Fields(const ApiAnswer& answer) {
    std::vector<std::string> fields;
    if (!answer.json.is_object() || !answer.json.contains("error")) return fields;
    const Json& details = answer.json["error"].value("details", Json::object());
    for (const Json& field : details.value("fields", Json::array())) {
        fields.push_back(field.value("field", ""));
    }
    return fields;
}

void AlertsTest::DisableDefaultRule() {
    ApiAnswer answer =
        anne_->Patch("/api/v1/alert-rules/" + Str(DefaultRule()), {{"enabled", false}});
    ASSERT_EQ(answer.status, 200) << answer.body;
}

const AlertsTest::Json* AlertsTest::RoomIn(const ApiAnswer& status, Id room) {
    for (const Json& entry : status.json["rooms"]) {
        if (entry["roomId"].get<Id>() == room) return &entry;
    }
    return nullptr;
}

bool AlertsTest::Listed(const Json& list, Id id) {
    for (const Json& entry : list) {
        if (entry["id"].get<Id>() == id) return true;
    }
    return false;
}

AlertsTest::Json AlertsTest::Alerts(const std::string& state, Id account) const {
    ApiAnswer answer = anne_->Get(AccountPath(account ? account : hq_, "alerts?state=" + state));
    EXPECT_EQ(answer.status, 200) << answer.body;
    return answer.status == 200 ? answer.json["alerts"] : Json::array();
}

AlertsTest::Json AlertsTest::WaitForAlert(const std::function<bool(const Json&)>& pick,
                                          std::chrono::milliseconds timeout) const {
    Json found;
    WaitUntil(
        [&] {
            for (const Json& alert : Alerts()) {
                if (pick(alert)) {
                    found = alert;
                    return true;
                }
            }
            return false;
        },
        timeout);
    return found;
}

AlertsTest::Json AlertsTest::AlertOn(const Json& alerts, const std::string& serial) {
    for (const Json& alert : alerts) {
        if (alert["serial"] == serial) return alert;
    }
    return nullptr;
}

AlertsTest::Json AlertsTest::Alert(Id alert) const {
    ApiAnswer answer = anne_->Get("/api/v1/alerts/" + Str(alert));
    EXPECT_EQ(answer.status, 200) << answer.body;
    return answer.json;
}

int64_t AlertsTest::Deliveries(Id alert, const std::string& kind) const {
    return QueryInt("SELECT count(*) FROM alert_deliveries WHERE alert_id = " + Str(alert) +
                    (kind.empty() ? "" : " AND kind = '" + kind + "'"));
}

api::Json EmailChannel(const std::string& name, const std::vector<std::string>& recipients,
                       const std::string& language) {
    return {{"type", "email"}, {"name", name}, {"recipients", recipients}, {"language", language}};
}

}  // namespace portal::server::testing

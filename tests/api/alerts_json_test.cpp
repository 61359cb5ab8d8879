// Alerts JSON (issue 13): rules, channels, alerts, silences and the test result read back what
// the writers produce; request readers name every missing or malformed field, refuse values
// outside the contract's enums, and no writer but the portal's outgoing body ever holds a
// channel's secret.
#include "api/alerts_json.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace portal::api {
namespace {

using alerts::Condition;
using alerts::Severity;

std::vector<std::string> FieldsOf(const std::vector<FieldError>& errors) {
    std::vector<std::string> fields;
    for (const FieldError& error : errors) fields.push_back(error.field);
    return fields;
}

std::string MessageOf(const std::vector<FieldError>& errors, const std::string& field) {
    for (const FieldError& error : errors) {
        if (error.field == field) return error.message;
    }
    return "(no error for " + field + ")";
}

bool Holds(const std::vector<std::string>& fields, const std::string& field) {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
}

// Every string anywhere in the document, to look for a secret wherever it might hide.
void Strings(const Json& json, std::vector<std::string>& out) {
    if (json.is_string()) out.push_back(json.get<std::string>());
    if (json.is_structured()) {
        for (const Json& item : json) Strings(item, out);
    }
}
bool Contains(const Json& json, const std::string& text) {
    std::vector<std::string> all;
    Strings(json, all);
    if (json.dump().find(text) != std::string::npos) return true;
    return std::find(all.begin(), all.end(), text) != all.end();
}

AlertRule SampleRule() {
    AlertRule rule;
    rule.id = 12;
    rule.account_id = 3;
    rule.name = "Device offline for 5 minutes";
    rule.condition = Condition::RoomOffline;
    rule.for_seconds = 300;
    rule.severity = Severity::Critical;
    rule.sites = {"Paris — La Défense"};
    rule.rooms = {4, 9};
    rule.channels = {2};
    rule.enabled = false;
    rule.created_at = 1795000000;
    return rule;
}

// [SECTION] Rules

TEST(AlertsJson, RuleRoundTrips) {
    AlertRule rule = SampleRule();
    Json json = AlertRuleToJson(rule);
    EXPECT_EQ(json["condition"], "room_offline");
    EXPECT_EQ(json["severity"], "critical");
    EXPECT_EQ(json["forSeconds"], 300);
    EXPECT_EQ(json["scope"]["sites"][0], "Paris — La Défense");
    EXPECT_EQ(json["scope"]["rooms"], Json::array({4, 9}));
    EXPECT_EQ(json["createdAt"], "2026-11-18T11:06:40Z");

    AlertRule again;
    std::vector<FieldError> errors;
    ASSERT_TRUE(AlertRuleFromJson(json, again, errors)) << errors[0].field;
    EXPECT_EQ(AlertRuleToJson(again), json);

    std::vector<AlertRule> list;
    ASSERT_TRUE(AlertRulesFromJson(AlertRulesToJson({rule, rule}), list, errors));
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[1].name, rule.name);
}

TEST(AlertsJson, EveryConditionAndSeverityRoundTrips) {
    for (Condition condition : {Condition::DeviceOffline, Condition::RoomOffline,
                                Condition::NoTelemetry, Condition::OverCapacity}) {
        for (Severity severity :
             {Severity::Critical, Severity::Major, Severity::Minor, Severity::Warning}) {
            AlertRule rule = SampleRule();
            rule.condition = condition;
            rule.severity = severity;
            AlertRule again;
            std::vector<FieldError> errors;
            ASSERT_TRUE(AlertRuleFromJson(AlertRuleToJson(rule), again, errors));
            EXPECT_EQ(again.condition, condition);
            EXPECT_EQ(again.severity, severity);
        }
    }
}

TEST(AlertsJson, CreatingARuleNeedsNameConditionForSecondsAndSeverity) {
    AlertRuleRequest request;
    std::vector<FieldError> errors;
    EXPECT_FALSE(AlertRuleRequestFromJson(Json::object(), /*creating=*/true, request, errors));
    std::vector<std::string> fields = FieldsOf(errors);
    for (const char* field : {"name", "condition", "forSeconds", "severity"}) {
        EXPECT_TRUE(Holds(fields, field)) << field;
        EXPECT_EQ(MessageOf(errors, field), "is required") << field;
    }
    EXPECT_EQ(fields.size(), 4u) << "scope, channels and enabled are optional";

    errors.clear();
    Json body = {{"name", "Offline"},
                 {"condition", "device_offline"},
                 {"forSeconds", 0},
                 {"severity", "minor"}};
    ASSERT_TRUE(AlertRuleRequestFromJson(body, true, request, errors));
    EXPECT_TRUE(request.has_name && request.has_condition && request.has_for_seconds &&
                request.has_severity);
    EXPECT_FALSE(request.has_scope || request.has_channels || request.has_enabled);
    EXPECT_TRUE(request.rule.enabled) << "a new rule is enabled unless it says otherwise";
}

TEST(AlertsJson, ARuleRequestNamesEachBadField) {
    Json body = {{"name", 5},
                 {"condition", "on_fire"},
                 {"forSeconds", "300"},
                 {"severity", "urgent"},
                 {"scope", {{"sites", {"Paris", ""}}, {"rooms", {1, -2, "x"}}}},
                 {"channels", {3, 0}},
                 {"enabled", "yes"}};
    AlertRuleRequest request;
    std::vector<FieldError> errors;
    EXPECT_FALSE(AlertRuleRequestFromJson(body, true, request, errors));
    EXPECT_EQ(MessageOf(errors, "name"), "must be a string");
    EXPECT_EQ(MessageOf(errors, "condition"),
              "must be one of device_offline, room_offline, no_telemetry, over_capacity");
    EXPECT_EQ(MessageOf(errors, "forSeconds"), "must be a whole number");
    EXPECT_EQ(MessageOf(errors, "severity"), "must be one of critical, major, minor, warning");
    EXPECT_EQ(MessageOf(errors, "scope.sites[1]"), "must be a site name");
    EXPECT_EQ(MessageOf(errors, "scope.rooms[1]"), "must be a positive room id");
    EXPECT_EQ(MessageOf(errors, "scope.rooms[2]"), "must be a positive room id");
    EXPECT_EQ(MessageOf(errors, "channels[1]"), "must be a positive channel id");
    EXPECT_EQ(MessageOf(errors, "enabled"), "must be true or false");
    EXPECT_FALSE(Holds(FieldsOf(errors), "scope.rooms[0]"));

    errors.clear();
    EXPECT_FALSE(AlertRuleRequestFromJson(Json::array(), true, request, errors));
    EXPECT_EQ(FieldsOf(errors), std::vector<std::string>{"(body)"});
}

TEST(AlertsJson, APatchCarriesOnlyWhatChanges) {
    AlertRuleRequest request;
    std::vector<FieldError> errors;
    ASSERT_TRUE(
        AlertRuleRequestFromJson({{"enabled", false}}, /*creating=*/false, request, errors));
    EXPECT_TRUE(request.has_enabled);
    EXPECT_FALSE(request.rule.enabled);
    EXPECT_FALSE(request.has_name || request.has_condition || request.has_for_seconds ||
                 request.has_severity || request.has_scope || request.has_channels);
    EXPECT_EQ(AlertRuleRequestToJson(request), Json({{"enabled", false}}));

    // An emptied scope is a change too: every room of the account.
    ASSERT_TRUE(AlertRuleRequestFromJson({{"scope", Json::object()}}, false, request, errors));
    EXPECT_TRUE(request.has_scope);
    EXPECT_TRUE(request.rule.sites.empty() && request.rule.rooms.empty());

    AlertRuleRequest full;
    full.rule = SampleRule();
    full.has_name = full.has_condition = full.has_for_seconds = full.has_severity = full.has_scope =
        full.has_channels = full.has_enabled = true;
    AlertRuleRequest again;
    ASSERT_TRUE(AlertRuleRequestFromJson(AlertRuleRequestToJson(full), true, again, errors));
    EXPECT_EQ(AlertRuleRequestToJson(again), AlertRuleRequestToJson(full));
    EXPECT_EQ(again.rule.rooms, full.rule.rooms);
    EXPECT_FALSE(again.rule.enabled);
}

// [SECTION] Channels

AlertChannel ServiceNowChannel(const std::string& auth_type) {
    AlertChannel channel;
    channel.id = 5;
    channel.account_id = 3;
    channel.type = ChannelType::ServiceNow;
    channel.name = "Service desk";
    channel.instance_url = "https://northwind.service-now.com";
    channel.auth_type = auth_type;
    if (auth_type == "oauth") {
        channel.client_id = "portal-client";
    } else {
        channel.username = "portal.integration";
    }
    channel.assignment_group = "AV Support";
    channel.secret_set = true;
    channel.created_at = 1795000000;
    return channel;
}

TEST(AlertsJson, ChannelsOfEachTypeRoundTripWithoutTheirSecret) {
    AlertChannel email;
    email.id = 1;
    email.account_id = 3;
    email.name = "Account admins";
    email.recipients = {"ops@northwind.example", "av@northwind.example"};
    email.account_admins = true;
    email.language = "fr";
    email.created_at = 1795000000;
    AlertChannel webhook;
    webhook.id = 7;
    webhook.account_id = 3;
    webhook.type = ChannelType::Webhook;
    webhook.name = "Chat";
    webhook.url = "https://hooks.example/portal";
    webhook.secret_set = true;
    webhook.created_at = 1795000000;
    std::vector<AlertChannel> channels = {email, ServiceNowChannel("basic"),
                                          ServiceNowChannel("oauth"), webhook};
    Json json = AlertChannelsToJson(channels);
    EXPECT_EQ(json["alertChannels"][0]["type"], "email");
    EXPECT_EQ(json["alertChannels"][0]["accountAdmins"], true);
    EXPECT_FALSE(json["alertChannels"][0].contains("instanceUrl")) << "only the type's members";
    EXPECT_EQ(json["alertChannels"][1]["auth"],
              Json({{"type", "basic"}, {"username", "portal.integration"}, {"passwordSet", true}}));
    EXPECT_EQ(json["alertChannels"][2]["auth"],
              Json({{"type", "oauth"}, {"clientId", "portal-client"}, {"clientSecretSet", true}}));
    EXPECT_EQ(json["alertChannels"][1]["table"], "incident");
    EXPECT_EQ(json["alertChannels"][1]["resolveState"], "6");
    EXPECT_EQ(json["alertChannels"][1]["closeCode"], "Solved (Permanently)");
    EXPECT_TRUE(json["alertChannels"][1]["callerId"].is_null());
    EXPECT_EQ(json["alertChannels"][3]["secretSet"], true);
    for (const Json& channel : json["alertChannels"]) {
        EXPECT_FALSE(channel.contains("secret"));
        EXPECT_FALSE(channel.contains("password"));
        if (channel.contains("auth")) {
            EXPECT_FALSE(channel["auth"].contains("password"));
            EXPECT_FALSE(channel["auth"].contains("clientSecret"));
        }
    }

    std::vector<AlertChannel> again;
    std::vector<FieldError> errors;
    ASSERT_TRUE(AlertChannelsFromJson(json, again, errors)) << errors[0].field;
    EXPECT_EQ(AlertChannelsToJson(again), json);
    EXPECT_TRUE(again[1].secret_set);
    EXPECT_EQ(again[2].client_id, "portal-client");
}

TEST(AlertsJson, CreatingAChannelNeedsItsTypesMembers) {
    struct Case {
        Json body;
        std::vector<std::string> fields;
    };
    for (const Case& c : {
             Case{Json::object(), {"type", "name"}},
             Case{{{"type", "email"}, {"name", "Ops"}}, {"recipients"}},
             Case{{{"type", "servicenow"}, {"name", "SN"}}, {"instanceUrl", "auth"}},
             Case{{{"type", "servicenow"},
                   {"name", "SN"},
                   {"instanceUrl", "https://x.service-now.com"},
                   {"auth", {{"type", "basic"}}}},
                  {"auth.username", "auth.password"}},
             Case{{{"type", "servicenow"},
                   {"name", "SN"},
                   {"instanceUrl", "https://x.service-now.com"},
                   {"auth", {{"type", "oauth"}}}},
                  {"auth.clientId", "auth.clientSecret"}},
             Case{{{"type", "servicenow"},
                   {"name", "SN"},
                   {"instanceUrl", "https://x.service-now.com"},
                   {"auth", Json::object()}},
                  {"auth.type"}},
             Case{{{"type", "webhook"}, {"name", "Hook"}}, {"url", "secret"}},
         }) {
        ChannelRequest request;
        std::vector<FieldError> errors;
        EXPECT_FALSE(ChannelRequestFromJson(c.body, /*creating=*/true, request, errors))
            << c.body.dump();
        std::vector<std::string> fields = FieldsOf(errors);
        std::vector<std::string> expected = c.fields;
        std::sort(fields.begin(), fields.end());
        std::sort(expected.begin(), expected.end());
        EXPECT_EQ(fields, expected) << c.body.dump();
    }
    // The account's admins alone are recipients enough.
    ChannelRequest request;
    std::vector<FieldError> errors;
    EXPECT_TRUE(ChannelRequestFromJson(
        {{"type", "email"}, {"name", "Admins"}, {"accountAdmins", true}}, true, request, errors));
}

TEST(AlertsJson, AChannelRequestNamesEachBadField) {
    ChannelRequest request;
    std::vector<FieldError> errors;
    EXPECT_FALSE(ChannelRequestFromJson(
        {{"type", "email"},
         {"name", "Ops"},
         {"recipients", {"ops@northwind.example", "not-an-address", "a b@c.example", 4}},
         {"language", "de"}},
        true, request, errors));
    EXPECT_EQ(MessageOf(errors, "recipients[1]"), "must be an email address");
    EXPECT_EQ(MessageOf(errors, "recipients[2]"), "must be an email address");
    EXPECT_EQ(MessageOf(errors, "recipients[3]"), "must be an email address");
    EXPECT_FALSE(Holds(FieldsOf(errors), "recipients[0]"));
    EXPECT_EQ(MessageOf(errors, "language"), "must be one of en, fr");

    errors.clear();
    EXPECT_FALSE(ChannelRequestFromJson({{"type", "pager"}, {"name", "P"}}, true, request, errors));
    EXPECT_EQ(MessageOf(errors, "type"), "must be one of email, servicenow, webhook");

    for (const char* url : {"ftp://x.example", "x.service-now.com", "https://", "https:///path",
                            "https://user:pw@x.example", "https://x.example:port",
                            "https://x .example", "javascript:alert(1)"}) {
        errors.clear();
        EXPECT_FALSE(ChannelRequestFromJson(
            {{"type", "servicenow"},
             {"name", "SN"},
             {"instanceUrl", url},
             {"auth", {{"type", "oauth"}, {"clientId", "c"}, {"clientSecret", "s"}}}},
            true, request, errors))
            << url;
        EXPECT_EQ(MessageOf(errors, "instanceUrl"), "must be an absolute https:// or http:// URL")
            << url;
        errors.clear();
        EXPECT_FALSE(ChannelRequestFromJson(
            {{"type", "webhook"}, {"name", "H"}, {"url", url}, {"secret", "s"}}, true, request,
            errors));
        EXPECT_EQ(MessageOf(errors, "url"), "must be an absolute https:// or http:// URL") << url;
    }
    for (const char* url : {"https://x.service-now.com", "http://127.0.0.1:8081/api",
                            "HTTPS://X.EXAMPLE/hook?a=1", "http://[::1]:9000/"}) {
        EXPECT_TRUE(AbsoluteHttpUrl(url)) << url;
    }
    errors.clear();
    EXPECT_FALSE(ChannelRequestFromJson(
        {{"type", "webhook"}, {"name", "H"}, {"url", "https://h.example"}, {"secret", ""}}, true,
        request, errors));
    EXPECT_TRUE(Holds(FieldsOf(errors), "secret")) << "an empty secret is not a secret";
}

TEST(AlertsJson, TheSecretIsReadFromWhereItsTypeKeepsIt) {
    struct Case {
        Json body;
        std::string secret;
    };
    for (const Case& c : {
             Case{{{"type", "servicenow"},
                   {"name", "SN"},
                   {"instanceUrl", "https://x.service-now.com"},
                   {"auth", {{"type", "basic"}, {"username", "u"}, {"password", "pw-basic"}}}},
                  "pw-basic"},
             Case{{{"type", "servicenow"},
                   {"name", "SN"},
                   {"instanceUrl", "https://x.service-now.com"},
                   {"auth", {{"type", "oauth"}, {"clientId", "c"}, {"clientSecret", "cs-oauth"}}}},
                  "cs-oauth"},
             Case{{{"type", "webhook"},
                   {"name", "Hook"},
                   {"url", "https://h.example/in"},
                   {"secret", "wh-secret"}},
                  "wh-secret"},
         }) {
        ChannelRequest request;
        std::vector<FieldError> errors;
        ASSERT_TRUE(ChannelRequestFromJson(c.body, true, request, errors))
            << c.body.dump() << " " << errors[0].field;
        EXPECT_TRUE(request.has_secret);
        EXPECT_EQ(request.secret, c.secret);
        // Never in a *ToJson: not the request's (audit logs), not the channel's (answers).
        EXPECT_FALSE(Contains(ChannelRequestToJson(request), c.secret)) << c.body.dump();
        AlertChannel stored = request.channel;
        stored.secret_set = true;
        EXPECT_FALSE(Contains(AlertChannelToJson(stored), c.secret));
        // The portal's body holds it, where the server reads it back.
        Json body = ChannelRequestBody(request);
        EXPECT_EQ(body, c.body);
        ChannelRequest again;
        ASSERT_TRUE(ChannelRequestFromJson(body, true, again, errors));
        EXPECT_EQ(again.secret, c.secret);
    }
}

TEST(AlertsJson, APatchWithoutASecretKeepsTheOneSet) {
    ChannelRequest request;
    std::vector<FieldError> errors;
    ASSERT_TRUE(ChannelRequestFromJson(
        {{"type", "servicenow"}, {"auth", {{"type", "basic"}, {"username", "new.user"}}}},
        /*creating=*/false, request, errors))
        << errors[0].field;
    EXPECT_TRUE(request.has_auth);
    EXPECT_FALSE(request.has_secret);
    EXPECT_FALSE(request.has_name || request.has_instance_url);
    Json body = ChannelRequestBody(request);
    EXPECT_FALSE(body["auth"].contains("password"));
    EXPECT_FALSE(body.contains("name"));

    // Only a new webhook secret: the body carries just that (and the type).
    ChannelRequest rotate;
    rotate.channel.type = ChannelType::Webhook;
    rotate.secret = "rotated";
    rotate.has_secret = true;
    EXPECT_EQ(ChannelRequestBody(rotate), Json({{"type", "webhook"}, {"secret", "rotated"}}));
    EXPECT_EQ(ChannelRequestToJson(rotate), Json({{"type", "webhook"}}));
}

TEST(AlertsJson, ChannelTestResultRoundTrips) {
    ChannelTestResult result{false, "401 from ServiceNow", 401, ""};
    Json json = ChannelTestResultToJson(result);
    EXPECT_TRUE(json["externalId"].is_null());
    ChannelTestResult again;
    std::vector<FieldError> errors;
    ASSERT_TRUE(ChannelTestResultFromJson(json, again, errors));
    EXPECT_FALSE(again.ok);
    EXPECT_EQ(again.detail, "401 from ServiceNow");
    EXPECT_EQ(again.status, 401);
    result = {true, "", 201, "a1b2c3"};
    ASSERT_TRUE(ChannelTestResultFromJson(ChannelTestResultToJson(result), again, errors));
    EXPECT_TRUE(again.ok);
    EXPECT_EQ(again.external_id, "a1b2c3");
    EXPECT_FALSE(ChannelTestResultFromJson(Json({{"detail", "x"}}), again, errors));
    EXPECT_TRUE(Holds(FieldsOf(errors), "ok"));
}

// [SECTION] Alerts

Alert SampleAlert() {
    Alert alert;
    alert.id = 41;
    alert.account_id = 3;
    alert.rule_id = 12;
    alert.rule_name = "Device offline for 5 minutes";
    alert.condition = Condition::DeviceOffline;
    alert.severity = Severity::Major;
    alert.room_id = 4;
    alert.room_name = "Salle Étoile";
    alert.site = "Paris — La Défense";
    alert.serial = "2219RP0C7710";
    alert.state = alerts::State::Acknowledged;
    alert.pending_since = 1795000000;
    alert.started_at = 1795000300;
    alert.acknowledged_by = 8;
    alert.acknowledged_by_name = "Anne Martin";
    alert.acknowledged_at = 1795000900;
    alert.flapping = true;
    alert.silenced = true;
    AlertDelivery mail;
    mail.channel_id = 1;
    mail.channel_name = "Account admins";
    mail.status = "delivered";
    mail.attempts = 1;
    mail.external_id = "<alert-41-firing@portal>";
    mail.delivered_at = 1795000302;
    AlertDelivery incident;
    incident.channel_id = 5;
    incident.channel_name = "Service desk";
    incident.status = "failed";
    incident.attempts = 3;
    incident.last_error = "503 from ServiceNow";
    alert.deliveries = {mail, incident};
    return alert;
}

TEST(AlertsJson, AlertListRoundTripsWithNullsForWhatIsUnset) {
    AlertList list;
    list.alerts.push_back(SampleAlert());
    Alert resolved = SampleAlert();
    resolved.id = 42;
    resolved.condition = Condition::NoTelemetry;
    resolved.serial.clear();
    resolved.state = alerts::State::Resolved;
    resolved.resolved_at = 1795003600;
    resolved.resolved_reason = "license_ended";
    resolved.acknowledged_by = 0;
    resolved.acknowledged_by_name.clear();
    resolved.acknowledged_at.reset();
    resolved.flapping = resolved.silenced = false;
    resolved.deliveries.clear();
    list.alerts.push_back(resolved);
    list.locked_rooms.push_back({6, "Confluence", "Lyon"});

    Json json = AlertListToJson(list);
    const Json& first = json["alerts"][0];
    EXPECT_EQ(first["state"], "acknowledged");
    EXPECT_EQ(first["condition"], "device_offline");
    EXPECT_EQ(first["startedAt"], "2026-11-18T11:11:40Z");
    EXPECT_TRUE(first["resolvedAt"].is_null());
    EXPECT_TRUE(first["resolvedReason"].is_null());
    EXPECT_EQ(first["deliveries"][0]["kind"], "firing");
    EXPECT_TRUE(first["deliveries"][0]["lastError"].is_null());
    EXPECT_TRUE(first["deliveries"][1]["externalId"].is_null());
    EXPECT_TRUE(first["deliveries"][1]["deliveredAt"].is_null());
    const Json& second = json["alerts"][1];
    EXPECT_TRUE(second["serial"].is_null()) << "a serial only for device_offline";
    EXPECT_TRUE(second["acknowledgedBy"].is_null()) << "0 is null";
    EXPECT_TRUE(second["acknowledgedAt"].is_null());
    EXPECT_EQ(second["resolvedReason"], "license_ended");
    EXPECT_EQ(json["lockedRooms"],
              Json::array({{{"id", 6}, {"name", "Confluence"}, {"site", "Lyon"}}}));

    AlertList again;
    std::vector<FieldError> errors;
    ASSERT_TRUE(AlertListFromJson(json, again, errors)) << errors[0].field;
    EXPECT_EQ(AlertListToJson(again), json);
    EXPECT_EQ(again.alerts[0].deliveries[1].last_error, "503 from ServiceNow");
    EXPECT_EQ(again.alerts[1].acknowledged_by, 0);

    Alert one;
    ASSERT_TRUE(AlertFromJson(AlertToJson(SampleAlert()), one, errors));
    EXPECT_EQ(one.acknowledged_by_name, "Anne Martin");
}

TEST(AlertsJson, AnAlertNamesItsBadFields) {
    Json json = AlertToJson(SampleAlert());
    json["state"] = "exploded";
    json["severity"] = "apocalyptic";
    json["condition"] = "haunted";
    json["deliveries"][1]["status"] = "lost";
    json["deliveries"][0]["kind"] = "maybe";
    json["startedAt"] = "yesterday";
    json.erase("pendingSince");
    Alert alert;
    std::vector<FieldError> errors;
    EXPECT_FALSE(AlertFromJson(json, alert, errors));
    EXPECT_EQ(MessageOf(errors, "state"), "must be one of pending, firing, acknowledged, resolved");
    EXPECT_EQ(MessageOf(errors, "severity"), "must be one of critical, major, minor, warning");
    EXPECT_EQ(MessageOf(errors, "condition"),
              "must be one of device_offline, room_offline, no_telemetry, over_capacity");
    EXPECT_EQ(MessageOf(errors, "deliveries[1].status"),
              "must be one of pending, delivered, failed, silenced");
    EXPECT_EQ(MessageOf(errors, "deliveries[0].kind"), "must be one of firing, resolved");
    EXPECT_TRUE(Holds(FieldsOf(errors), "startedAt"));
    EXPECT_EQ(MessageOf(errors, "pendingSince"), "is required");

    AlertList list;
    errors.clear();
    EXPECT_FALSE(AlertListFromJson({{"alerts", Json::array({json})}}, list, errors));
    EXPECT_TRUE(Holds(FieldsOf(errors), "alerts[0].state"));
    errors.clear();
    EXPECT_FALSE(AlertListFromJson(Json::object(), list, errors));
    EXPECT_EQ(MessageOf(errors, "alerts"), "is required");
}

// [SECTION] Silences

TEST(AlertsJson, SilenceRoundTrips) {
    Silence silence;
    silence.id = 3;
    silence.account_id = 3;
    silence.sites = {"Lyon"};
    silence.rooms = {4};
    silence.starts_at = 1795000000;
    silence.ends_at = 1795007200;
    silence.comment = "Travaux électriques";
    silence.created_by = 8;
    silence.created_at = 1794999000;
    Json json = SilencesToJson({silence});
    EXPECT_EQ(json["silences"][0]["endsAt"], "2026-11-18T13:06:40Z");
    std::vector<Silence> again;
    std::vector<FieldError> errors;
    ASSERT_TRUE(SilencesFromJson(json, again, errors)) << errors[0].field;
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(SilenceToJson(again[0]), json["silences"][0]);
}

TEST(AlertsJson, ASilenceRequestNeedsAnEndAfterItsStart) {
    Silence request;
    std::vector<FieldError> errors;
    EXPECT_FALSE(SilenceRequestFromJson(Json::object(), request, errors));
    EXPECT_EQ(FieldsOf(errors), std::vector<std::string>{"endsAt"});

    errors.clear();
    ASSERT_TRUE(SilenceRequestFromJson({{"endsAt", "2026-12-06T10:00:00Z"}}, request, errors));
    EXPECT_EQ(request.starts_at, 0) << "the server starts it now";
    EXPECT_TRUE(request.sites.empty() && request.rooms.empty()) << "the whole account";

    EXPECT_FALSE(SilenceRequestFromJson({{"startsAt", "2026-12-06T10:00:00Z"},
                                         {"endsAt", "2026-12-06T09:00:00Z"},
                                         {"rooms", {0}},
                                         {"sites", {7}},
                                         {"comment", std::string(501, 'x')}},
                                        request, errors));
    EXPECT_EQ(MessageOf(errors, "endsAt"), "must be after startsAt");
    EXPECT_EQ(MessageOf(errors, "rooms[0]"), "must be a positive room id");
    EXPECT_EQ(MessageOf(errors, "sites[0]"), "must be a site name");
    EXPECT_EQ(MessageOf(errors, "comment"), "is at most 500 characters");

    // 500 characters of French are more than 500 bytes, and still fit.
    std::string accents;
    for (int i = 0; i < 500; ++i) accents += "é";
    errors.clear();
    EXPECT_TRUE(SilenceRequestFromJson({{"endsAt", "2026-12-06T10:00:00Z"}, {"comment", accents}},
                                       request, errors));

    Silence full;
    full.sites = {"Lyon"};
    full.rooms = {4, 5};
    full.starts_at = 1795000000;
    full.ends_at = 1795003600;
    full.comment = "Maintenance";
    Silence again;
    ASSERT_TRUE(SilenceRequestFromJson(SilenceRequestToJson(full), again, errors));
    EXPECT_EQ(SilenceRequestToJson(again), SilenceRequestToJson(full));
}

}  // namespace
}  // namespace portal::api

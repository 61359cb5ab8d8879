// Alerts <-> JSON (issue 13): rules, channels, alerts, silences and their request bodies. No
// exceptions (the wasm build has none): FieldReader names each bad field. Secrets (ServiceNow
// password or clientSecret, webhook secret) are read from requests and written only by
// ChannelRequestBody, the portal's outgoing body: no *ToJson ever holds one, so an answer, an
// audit entry or a log line made from them cannot leak it.
#include "api/alerts_json.h"

#include <algorithm>
#include <cctype>

#include "core/telemetry.h"
#include "core/text_checks.h"

namespace portal::api {

namespace {

constexpr size_t kMaxSilenceComment = 500;  // characters (code points), per the contract
constexpr size_t kMaxEmailLength = 254;     // RFC 5321's path limit

constexpr const char* kConditionChoices =
    "must be one of device_offline, room_offline, no_telemetry, over_capacity";
constexpr const char* kSeverityChoices = "must be one of critical, major, minor, warning";
constexpr const char* kStateChoices = "must be one of pending, firing, acknowledged, resolved";
constexpr const char* kTypeChoices = "must be one of email, servicenow, webhook";
constexpr const char* kUrlMessage = "must be an absolute https:// or http:// URL";

// [SECTION] Small readers and writers

Json TextOrNull(const std::string& text) {
    if (text.empty()) return nullptr;
    return text;
}

bool ReadRequiredTime(FieldReader& reader, const char* key, Seconds& out) {
    std::optional<Seconds> time;
    if (!ReadIsoTime(reader, key, time, true)) return false;
    out = *time;
    return true;
}

// An optional text member: absent or null is "".
void ReadNullableText(FieldReader& reader, const char* key, std::string& out) {
    out.clear();
    reader.String(key, out, false);
}

bool ReadCondition(FieldReader& reader, alerts::Condition& out, bool required) {
    std::string text;
    if (!reader.String("condition", text, required)) return false;
    if (alerts::ParseCondition(text, out)) return true;
    reader.Fail("condition", kConditionChoices);
    return false;
}

bool ReadSeverity(FieldReader& reader, alerts::Severity& out, bool required) {
    std::string text;
    if (!reader.String("severity", text, required)) return false;
    if (alerts::ParseSeverity(text, out)) return true;
    reader.Fail("severity", kSeverityChoices);
    return false;
}

// One of `choices` (a text member); the message lists them.
bool ReadChoice(FieldReader& reader, const char* key, std::string& out,
                std::initializer_list<const char*> choices, bool required) {
    std::string text;
    if (!reader.String(key, text, required)) return false;
    for (const char* choice : choices) {
        if (text == choice) {
            out = text;
            return true;
        }
    }
    std::string message = "must be one of ";
    bool first = true;
    for (const char* choice : choices) {
        if (!first) message += ", ";
        message += choice;
        first = false;
    }
    reader.Fail(key, message);
    return false;
}

// The code points of UTF-8 text (continuation bytes not counted).
size_t CodePoints(const std::string& text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// [SECTION] Shapes of addresses

bool Blank(char c) {
    return std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) < 0x20;
}

}  // namespace

// The portal's one email syntax (core/text_checks.h). Whether it delivers is the mail
// server's to say.
bool PlausibleEmailAddress(const std::string& email) {
    return email.size() <= kMaxEmailLength && IsValidEmail(email);
}

// "https://" or "http://" (any case), then a host (with an optional port), then anything but
// spaces. No user:password@ part: credentials travel in the auth object, never in a URL.
bool AbsoluteHttpUrl(const std::string& url) {
    std::string lower = url.substr(0, std::min<size_t>(url.size(), 8));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    size_t scheme = lower.rfind("https://", 0) == 0 ? 8 : lower.rfind("http://", 0) == 0 ? 7 : 0;
    if (scheme == 0) return false;
    if (std::any_of(url.begin(), url.end(), Blank)) return false;
    size_t end = url.find_first_of("/?#", scheme);
    std::string authority = url.substr(scheme, end == std::string::npos ? end : end - scheme);
    if (authority.empty() || authority.find('@') != std::string::npos) return false;
    // host[:port]: the host is not empty, the port (when given) is digits.
    size_t colon = authority.rfind(':');
    bool bracketed = !authority.empty() && authority.front() == '[';
    if (colon != std::string::npos && (!bracketed || authority.find(']') < colon)) {
        std::string port = authority.substr(colon + 1);
        if (port.empty() || port.size() > 5 ||
            !std::all_of(port.begin(), port.end(),
                         [](unsigned char c) { return std::isdigit(c); })) {
            return false;
        }
        authority.resize(colon);
    }
    return !authority.empty() && authority != "[]";
}

// [SECTION] Rules

namespace {

Json ScopeJson(const std::vector<std::string>& sites, const std::vector<Id>& rooms) {
    return {{"sites", sites}, {"rooms", rooms}};
}

// scope: {sites?, rooms?}; entries named "scope.sites[i]", "scope.rooms[i]".
void ReadScope(FieldReader& reader, std::vector<std::string>& sites, std::vector<Id>& rooms,
               std::vector<FieldError>& errors, bool members_required) {
    const Json* scope = reader.Object("scope", members_required);
    sites.clear();
    rooms.clear();
    if (!scope) return;
    FieldReader inner(*scope, reader.PathOf("scope"), errors);
    ReadNonEmptyStrings(inner, "sites", sites, members_required, "must be a site name");
    ReadPositiveIds(inner, "rooms", rooms, members_required, "must be a positive room id");
}

void ReadChannelIds(FieldReader& reader, std::vector<Id>& out, bool required) {
    ReadPositiveIds(reader, "channels", out, required, "must be a positive channel id");
}

}  // namespace

Json AlertRuleToJson(const AlertRule& rule) {
    return {{"id", rule.id},
            {"accountId", rule.account_id},
            {"name", rule.name},
            {"condition", std::string(alerts::ConditionName(rule.condition))},
            {"forSeconds", rule.for_seconds},
            {"severity", std::string(alerts::SeverityName(rule.severity))},
            {"scope", ScopeJson(rule.sites, rule.rooms)},
            {"channels", rule.channels},
            {"enabled", rule.enabled},
            {"createdAt", telemetry::FormatUtcTime(rule.created_at)}};
}

bool AlertRuleFromJson(const Json& json, AlertRule& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    ReadId(reader, "id", out.id);
    ReadId(reader, "accountId", out.account_id);
    reader.String("name", out.name);
    ReadCondition(reader, out.condition, true);
    long long for_seconds = 0;
    if (reader.Int64("forSeconds", for_seconds)) out.for_seconds = for_seconds;
    ReadSeverity(reader, out.severity, true);
    ReadScope(reader, out.sites, out.rooms, errors, true);
    ReadChannelIds(reader, out.channels, true);
    reader.Bool("enabled", out.enabled);
    ReadRequiredTime(reader, "createdAt", out.created_at);
    return errors.size() == before;
}

Json AlertRulesToJson(const std::vector<AlertRule>& rules) {
    return DocumentsToJson("alertRules", rules, AlertRuleToJson);
}

bool AlertRulesFromJson(const Json& json, std::vector<AlertRule>& out,
                        std::vector<FieldError>& errors) {
    return ReadDocuments(json, "alertRules", out, errors, AlertRuleFromJson);
}

Json AlertRuleRequestToJson(const AlertRuleRequest& request) {
    const AlertRule& rule = request.rule;
    Json json = Json::object();
    if (request.has_name) json["name"] = rule.name;
    if (request.has_condition)
        json["condition"] = std::string(alerts::ConditionName(rule.condition));
    if (request.has_for_seconds) json["forSeconds"] = rule.for_seconds;
    if (request.has_severity) json["severity"] = std::string(alerts::SeverityName(rule.severity));
    if (request.has_scope) json["scope"] = ScopeJson(rule.sites, rule.rooms);
    if (request.has_channels) json["channels"] = rule.channels;
    if (request.has_enabled) json["enabled"] = rule.enabled;
    return json;
}

bool AlertRuleRequestFromJson(const Json& json, bool creating, AlertRuleRequest& out,
                              std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = AlertRuleRequest{};
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    AlertRule& rule = out.rule;
    out.has_name = reader.String("name", rule.name, creating);
    if (out.has_name && !IsOneLineText(rule.name)) {
        reader.Fail("name", "must be one line, without control characters");
    }
    out.has_condition = ReadCondition(reader, rule.condition, creating);
    long long for_seconds = 0;
    out.has_for_seconds = reader.Int64("forSeconds", for_seconds, creating);
    if (out.has_for_seconds) rule.for_seconds = for_seconds;
    out.has_severity = ReadSeverity(reader, rule.severity, creating);
    if (reader.Object("scope", false)) {
        out.has_scope = true;
        ReadScope(reader, rule.sites, rule.rooms, errors, false);
    }
    out.has_channels =
        ReadPositiveIds(reader, "channels", rule.channels, false, "must be a positive channel id");
    out.has_enabled = reader.Bool("enabled", rule.enabled, false);
    return errors.size() == before;
}

// [SECTION] Channels

const char* ChannelTypeName(ChannelType type) {
    switch (type) {
        case ChannelType::Email:
            return "email";
        case ChannelType::ServiceNow:
            return "servicenow";
        case ChannelType::Webhook:
            return "webhook";
    }
    return "email";
}

bool ChannelTypeFrom(const std::string& text, ChannelType& out) {
    for (ChannelType type : {ChannelType::Email, ChannelType::ServiceNow, ChannelType::Webhook}) {
        if (text == ChannelTypeName(type)) {
            out = type;
            return true;
        }
    }
    return false;
}

Json AlertChannelToJson(const AlertChannel& channel) {
    Json json = {{"id", channel.id},
                 {"accountId", channel.account_id},
                 {"type", ChannelTypeName(channel.type)},
                 {"name", channel.name},
                 {"createdAt", telemetry::FormatUtcTime(channel.created_at)}};
    switch (channel.type) {
        case ChannelType::Email:
            json["recipients"] = channel.recipients;
            json["accountAdmins"] = channel.account_admins;
            json["language"] = channel.language;
            break;
        case ChannelType::ServiceNow: {
            Json auth = {{"type", channel.auth_type}};
            if (channel.auth_type == "oauth") {
                auth["clientId"] = channel.client_id;
                auth["clientSecretSet"] = channel.secret_set;
            } else {
                auth["username"] = channel.username;
                auth["passwordSet"] = channel.secret_set;
            }
            json["instanceUrl"] = channel.instance_url;
            json["auth"] = std::move(auth);
            json["table"] = channel.table;
            json["assignmentGroup"] = TextOrNull(channel.assignment_group);
            json["callerId"] = TextOrNull(channel.caller_id);
            json["resolveState"] = channel.resolve_state;
            json["closeCode"] = channel.close_code;
            break;
        }
        case ChannelType::Webhook:
            json["url"] = channel.url;
            json["secretSet"] = channel.secret_set;
            break;
    }
    return json;
}

bool AlertChannelFromJson(const Json& json, AlertChannel& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = AlertChannel{};
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    ReadId(reader, "id", out.id);
    ReadId(reader, "accountId", out.account_id);
    std::string type;
    if (reader.String("type", type) && !ChannelTypeFrom(type, out.type)) {
        reader.Fail("type", kTypeChoices);
    }
    reader.String("name", out.name);
    ReadRequiredTime(reader, "createdAt", out.created_at);
    switch (out.type) {
        case ChannelType::Email:
            reader.StringList("recipients", out.recipients);
            reader.Bool("accountAdmins", out.account_admins);
            ReadChoice(reader, "language", out.language, {"en", "fr"}, true);
            break;
        case ChannelType::ServiceNow: {
            reader.String("instanceUrl", out.instance_url);
            if (const Json* auth = reader.Object("auth")) {
                FieldReader inner(*auth, "auth", errors);
                if (ReadChoice(inner, "type", out.auth_type, {"basic", "oauth"}, true)) {
                    if (out.auth_type == "oauth") {
                        inner.String("clientId", out.client_id);
                        inner.Bool("clientSecretSet", out.secret_set);
                    } else {
                        inner.String("username", out.username);
                        inner.Bool("passwordSet", out.secret_set);
                    }
                }
            }
            reader.String("table", out.table);
            ReadNullableText(reader, "assignmentGroup", out.assignment_group);
            ReadNullableText(reader, "callerId", out.caller_id);
            reader.String("resolveState", out.resolve_state);
            reader.String("closeCode", out.close_code);
            break;
        }
        case ChannelType::Webhook:
            reader.String("url", out.url);
            reader.Bool("secretSet", out.secret_set);
            break;
    }
    return errors.size() == before;
}

Json AlertChannelsToJson(const std::vector<AlertChannel>& channels) {
    return DocumentsToJson("alertChannels", channels, AlertChannelToJson);
}

bool AlertChannelsFromJson(const Json& json, std::vector<AlertChannel>& out,
                           std::vector<FieldError>& errors) {
    return ReadDocuments(json, "alertChannels", out, errors, AlertChannelFromJson);
}

namespace {

// The members of the request other than the secret, as ChannelRequestToJson writes them. The
// type always: a PATCH names it too (the server checks it is the channel's), which says where
// a secret in the body is read.
Json ChannelRequestMembers(const ChannelRequest& request) {
    const AlertChannel& channel = request.channel;
    Json json = {{"type", ChannelTypeName(channel.type)}};
    if (request.has_name) json["name"] = channel.name;
    if (request.has_recipients) json["recipients"] = channel.recipients;
    if (request.has_account_admins) json["accountAdmins"] = channel.account_admins;
    if (request.has_language) json["language"] = channel.language;
    if (request.has_instance_url) json["instanceUrl"] = channel.instance_url;
    if (request.has_auth) {
        Json auth = {{"type", channel.auth_type}};
        if (channel.auth_type == "oauth") {
            auth["clientId"] = channel.client_id;
        } else {
            auth["username"] = channel.username;
        }
        json["auth"] = std::move(auth);
    }
    if (request.has_table) json["table"] = channel.table;
    if (request.has_assignment_group) json["assignmentGroup"] = channel.assignment_group;
    if (request.has_caller_id) json["callerId"] = channel.caller_id;
    if (request.has_resolve_state) json["resolveState"] = channel.resolve_state;
    if (request.has_close_code) json["closeCode"] = channel.close_code;
    if (request.has_url) json["url"] = channel.url;
    return json;
}

void ReadUrl(FieldReader& reader, const char* key, std::string& out, bool required, bool& has) {
    has = reader.String(key, out, required);
    if (has && !AbsoluteHttpUrl(out)) reader.Fail(key, kUrlMessage);
}

// A secret member: present means a new value, which may not be empty.
void ReadSecret(FieldReader& reader, const char* key, ChannelRequest& out, bool required) {
    std::string secret;
    if (!reader.String(key, secret, required)) return;
    if (secret.empty()) {
        reader.Fail(key, "must not be empty (leave it out to keep the one set)");
        return;
    }
    out.secret = std::move(secret);
    out.has_secret = true;
}

}  // namespace

Json ChannelRequestToJson(const ChannelRequest& request) {
    return ChannelRequestMembers(request);
}

Json ChannelRequestBody(const ChannelRequest& request) {
    Json json = ChannelRequestMembers(request);
    if (!request.has_secret) return json;
    switch (request.channel.type) {
        case ChannelType::ServiceNow:
            // The secret travels in auth, which is whole when present (has_auth expected).
            if (!json.contains("auth")) json["auth"] = {{"type", request.channel.auth_type}};
            json["auth"][request.channel.auth_type == "oauth" ? "clientSecret" : "password"] =
                request.secret;
            break;
        case ChannelType::Webhook:
            json["secret"] = request.secret;
            break;
        case ChannelType::Email:
            break;  // an email channel has no secret
    }
    return json;
}

bool ChannelRequestFromJson(const Json& json, bool creating, ChannelRequest& out,
                            std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = ChannelRequest{};
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    AlertChannel& channel = out.channel;
    // PATCH may name the type (it must then be the channel's: the server compares); without it,
    // every member is read and the server keeps those of the channel's type.
    std::string type;
    bool typed = reader.String("type", type, creating);
    if (typed && !ChannelTypeFrom(type, channel.type)) {
        reader.Fail("type", kTypeChoices);
        return false;
    }
    bool any = !typed;
    bool email = any || channel.type == ChannelType::Email;
    bool servicenow = any || channel.type == ChannelType::ServiceNow;
    bool webhook = any || channel.type == ChannelType::Webhook;

    out.has_name = reader.String("name", channel.name, creating);
    if (out.has_name && channel.name.empty()) reader.Fail("name", "must not be empty");
    if (out.has_name && !IsOneLineText(channel.name)) {
        reader.Fail("name", "must be one line, without control characters");
    }

    if (email) {
        bool bad_recipient = false;
        if (const Json* list = reader.Array("recipients", false)) {
            out.has_recipients = true;
            for (size_t i = 0; i < list->size(); ++i) {
                const Json& item = (*list)[i];
                if (item.is_string() && PlausibleEmailAddress(item.get<std::string>())) {
                    channel.recipients.push_back(item.get<std::string>());
                } else {
                    reader.Fail(IndexPath("recipients", i), "must be an email address");
                    bad_recipient = true;
                }
            }
        }
        out.has_account_admins = reader.Bool("accountAdmins", channel.account_admins, false);
        out.has_language = ReadChoice(reader, "language", channel.language, {"en", "fr"}, false);
        // An email channel sends to someone: its recipients, its account's admins, or both.
        if (creating && typed && channel.type == ChannelType::Email && !channel.account_admins &&
            channel.recipients.empty() && !bad_recipient) {
            reader.Fail("recipients", out.has_recipients
                                          ? "must hold an email address (or accountAdmins true)"
                                          : "is required (or accountAdmins true)");
        }
    }
    if (servicenow) {
        bool required = creating && typed && channel.type == ChannelType::ServiceNow;
        ReadUrl(reader, "instanceUrl", channel.instance_url, required, out.has_instance_url);
        if (const Json* auth = reader.Object("auth", required)) {
            out.has_auth = true;
            FieldReader inner(*auth, "auth", errors);
            if (ReadChoice(inner, "type", channel.auth_type, {"basic", "oauth"}, true)) {
                bool oauth = channel.auth_type == "oauth";
                std::string& who = oauth ? channel.client_id : channel.username;
                // auth is whole when present (type and who); only its secret may be left out.
                if (inner.String(oauth ? "clientId" : "username", who) && who.empty()) {
                    inner.Fail(oauth ? "clientId" : "username", "must not be empty");
                }
                ReadSecret(inner, oauth ? "clientSecret" : "password", out, required);
            }
        }
        out.has_table = reader.String("table", channel.table, false);
        if (out.has_table && channel.table.empty()) reader.Fail("table", "must not be empty");
        out.has_assignment_group =
            reader.String("assignmentGroup", channel.assignment_group, false);
        out.has_caller_id = reader.String("callerId", channel.caller_id, false);
        out.has_resolve_state = reader.String("resolveState", channel.resolve_state, false);
        out.has_close_code = reader.String("closeCode", channel.close_code, false);
    }
    if (webhook) {
        bool required = creating && typed && channel.type == ChannelType::Webhook;
        ReadUrl(reader, "url", channel.url, required, out.has_url);
        ReadSecret(reader, "secret", out, required);
    }
    return errors.size() == before;
}

Json ChannelTestResultToJson(const ChannelTestResult& result) {
    return {{"ok", result.ok},
            {"detail", result.detail},
            {"status", result.status},
            {"externalId", TextOrNull(result.external_id)}};
}

bool ChannelTestResultFromJson(const Json& json, ChannelTestResult& out,
                               std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = ChannelTestResult{};
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    reader.Bool("ok", out.ok);
    ReadNullableText(reader, "detail", out.detail);
    reader.Int("status", out.status, false);
    ReadNullableText(reader, "externalId", out.external_id);
    return errors.size() == before;
}

// [SECTION] Alerts

namespace {

Json DeliveryJson(const AlertDelivery& delivery) {
    return {{"channelId", delivery.channel_id},
            {"channelName", delivery.channel_name},
            {"kind", delivery.kind},
            {"status", delivery.status},
            {"attempts", delivery.attempts},
            {"lastError", TextOrNull(delivery.last_error)},
            {"externalId", TextOrNull(delivery.external_id)},
            {"deliveredAt", IsoOrNull(delivery.delivered_at)}};
}

void ReadDelivery(FieldReader& reader, AlertDelivery& delivery) {
    ReadId(reader, "channelId", delivery.channel_id);
    ReadNullableText(reader, "channelName", delivery.channel_name);
    ReadChoice(reader, "kind", delivery.kind, {"firing", "resolved"}, true);
    ReadChoice(reader, "status", delivery.status, {"pending", "delivered", "failed", "silenced"},
               true);
    reader.Int("attempts", delivery.attempts);
    ReadNullableText(reader, "lastError", delivery.last_error);
    ReadNullableText(reader, "externalId", delivery.external_id);
    ReadIsoTime(reader, "deliveredAt", delivery.delivered_at, false);
}

}  // namespace

Json AlertToJson(const Alert& alert) {
    Json deliveries = Json::array();
    for (const AlertDelivery& delivery : alert.deliveries)
        deliveries.push_back(DeliveryJson(delivery));
    return {{"id", alert.id},
            {"accountId", alert.account_id},
            {"ruleId", NullableId(alert.rule_id)},
            {"ruleName", alert.rule_name},
            {"condition", std::string(alerts::ConditionName(alert.condition))},
            {"severity", std::string(alerts::SeverityName(alert.severity))},
            {"roomId", alert.room_id},
            {"roomName", alert.room_name},
            {"site", alert.site},
            {"serial", TextOrNull(alert.serial)},
            {"state", std::string(alerts::StateName(alert.state))},
            {"pendingSince", telemetry::FormatUtcTime(alert.pending_since)},
            {"startedAt", IsoOrNull(alert.started_at)},
            {"resolvedAt", IsoOrNull(alert.resolved_at)},
            {"resolvedReason", TextOrNull(alert.resolved_reason)},
            {"acknowledgedBy", NullableId(alert.acknowledged_by)},
            {"acknowledgedByName", TextOrNull(alert.acknowledged_by_name)},
            {"acknowledgedAt", IsoOrNull(alert.acknowledged_at)},
            {"flapping", alert.flapping},
            {"silenced", alert.silenced},
            {"deliveries", std::move(deliveries)}};
}

bool AlertFromJson(const Json& json, Alert& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = Alert{};
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    ReadId(reader, "id", out.id);
    ReadId(reader, "accountId", out.account_id);
    // A rule deleted since leaves its alerts (resolved, "rule_disabled") without a rule.
    out.rule_id = ReadNullableId(reader, "ruleId");
    ReadNullableText(reader, "ruleName", out.rule_name);
    ReadCondition(reader, out.condition, true);
    ReadSeverity(reader, out.severity, true);
    ReadId(reader, "roomId", out.room_id);
    ReadNullableText(reader, "roomName", out.room_name);
    ReadNullableText(reader, "site", out.site);
    ReadNullableText(reader, "serial", out.serial);
    std::string state;
    if (reader.String("state", state) && !alerts::ParseState(state, out.state)) {
        reader.Fail("state", kStateChoices);
    }
    ReadRequiredTime(reader, "pendingSince", out.pending_since);
    ReadIsoTime(reader, "startedAt", out.started_at, false);
    ReadIsoTime(reader, "resolvedAt", out.resolved_at, false);
    ReadNullableText(reader, "resolvedReason", out.resolved_reason);
    out.acknowledged_by = ReadNullableId(reader, "acknowledgedBy");
    ReadNullableText(reader, "acknowledgedByName", out.acknowledged_by_name);
    ReadIsoTime(reader, "acknowledgedAt", out.acknowledged_at, false);
    reader.Bool("flapping", out.flapping, false);
    reader.Bool("silenced", out.silenced, false);
    ReadEach(reader, "deliveries", out.deliveries, errors, false, ReadDelivery);
    return errors.size() == before;
}

Json AlertListToJson(const AlertList& list) {
    Json alerts = Json::array();
    for (const Alert& alert : list.alerts) alerts.push_back(AlertToJson(alert));
    Json locked = Json::array();
    for (const LockedRoom& room : list.locked_rooms) {
        locked.push_back({{"id", room.id}, {"name", room.name}, {"site", room.site}});
    }
    return {{"alerts", std::move(alerts)}, {"lockedRooms", std::move(locked)}};
}

bool AlertListFromJson(const Json& json, AlertList& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = AlertList{};
    if (!ReadDocuments(json, "alerts", out.alerts, errors, AlertFromJson)) return false;
    FieldReader reader(json, "", errors);
    ReadEach(reader, "lockedRooms", out.locked_rooms, errors, false,
             [](FieldReader& entry, LockedRoom& room) {
                 ReadId(entry, "id", room.id);
                 entry.String("name", room.name);
                 ReadNullableText(entry, "site", room.site);
             });
    return errors.size() == before;
}

// [SECTION] Silences

Json SilenceToJson(const Silence& silence) {
    return {{"id", silence.id},
            {"accountId", silence.account_id},
            {"sites", silence.sites},
            {"rooms", silence.rooms},
            {"startsAt", telemetry::FormatUtcTime(silence.starts_at)},
            {"endsAt", telemetry::FormatUtcTime(silence.ends_at)},
            {"comment", silence.comment},
            {"createdBy", NullableId(silence.created_by)},
            {"createdAt", telemetry::FormatUtcTime(silence.created_at)}};
}

bool SilenceFromJson(const Json& json, Silence& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = Silence{};
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    ReadId(reader, "id", out.id);
    ReadId(reader, "accountId", out.account_id);
    ReadNonEmptyStrings(reader, "sites", out.sites, true, "must be a site name");
    ReadPositiveIds(reader, "rooms", out.rooms, true, "must be a positive room id");
    ReadRequiredTime(reader, "startsAt", out.starts_at);
    ReadRequiredTime(reader, "endsAt", out.ends_at);
    ReadNullableText(reader, "comment", out.comment);
    out.created_by = ReadNullableId(reader, "createdBy");
    ReadRequiredTime(reader, "createdAt", out.created_at);
    return errors.size() == before;
}

Json SilencesToJson(const std::vector<Silence>& silences) {
    return DocumentsToJson("silences", silences, SilenceToJson);
}

bool SilencesFromJson(const Json& json, std::vector<Silence>& out,
                      std::vector<FieldError>& errors) {
    return ReadDocuments(json, "silences", out, errors, SilenceFromJson);
}

bool SilenceRequestFromJson(const Json& json, Silence& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = Silence{};
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    ReadNonEmptyStrings(reader, "sites", out.sites, false, "must be a site name");
    ReadPositiveIds(reader, "rooms", out.rooms, false, "must be a positive room id");
    std::optional<Seconds> starts;
    bool has_start = ReadIsoTime(reader, "startsAt", starts, false);
    if (has_start) out.starts_at = *starts;
    bool has_end = ReadRequiredTime(reader, "endsAt", out.ends_at);
    if (has_start && has_end && out.ends_at <= out.starts_at) {
        reader.Fail("endsAt", "must be after startsAt");
    }
    if (reader.String("comment", out.comment, false) &&
        CodePoints(out.comment) > kMaxSilenceComment) {
        reader.Fail("comment", "is at most " + std::to_string(kMaxSilenceComment) + " characters");
    }
    return errors.size() == before;
}

Json SilenceRequestToJson(const Silence& request) {
    Json json = {{"endsAt", telemetry::FormatUtcTime(request.ends_at)}};
    if (!request.sites.empty()) json["sites"] = request.sites;
    if (!request.rooms.empty()) json["rooms"] = request.rooms;
    if (request.starts_at != 0) json["startsAt"] = telemetry::FormatUtcTime(request.starts_at);
    if (!request.comment.empty()) json["comment"] = request.comment;
    return json;
}

}  // namespace portal::api

// Alerts as the REST API speaks them (issue 13), both ways: the server writes them, the browser
// and the tests read them. Times are ISO 8601 UTC text ("2026-12-06T09:12:00Z"), null when unset.
//
//   GET, POST /accounts/{id}/alert-rules       {alertRules:[AlertRule]}   / AlertRuleRequest
//   PATCH, DELETE /alert-rules/{id}            AlertRuleRequest (only the members present)
//   GET, POST /accounts/{id}/alert-channels    {alertChannels:[AlertChannel]} / ChannelRequest
//   PATCH, DELETE /alert-channels/{id}, POST /alert-channels/{id}/test -> ChannelTestResult
//   GET /accounts/{id}/alerts?state=&roomId=   {alerts:[Alert]}
//   POST /alerts/{id}/acknowledge              Alert
//   GET, POST /accounts/{id}/silences          {silences:[Silence]} / SilenceRequest
//   DELETE /silences/{id}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "core/alerts.h"
#include "core/model.h"

namespace portal::api {

using alerts::Seconds;

// [SECTION] Rules

struct AlertRule {
    Id id = 0;
    Id account_id = 0;
    std::string name;
    alerts::Condition condition = alerts::Condition::DeviceOffline;
    Seconds for_seconds = 0;
    alerts::Severity severity = alerts::Severity::Major;
    std::vector<std::string> sites;  // scope.sites
    std::vector<Id> rooms;           // scope.rooms
    std::vector<Id> channels;
    bool enabled = true;
    Seconds created_at = 0;
};
// {id, accountId, name, condition, forSeconds, severity, scope:{sites, rooms}, channels,
//  enabled, createdAt}
Json AlertRuleToJson(const AlertRule& rule);
bool AlertRuleFromJson(const Json& json, AlertRule& out, std::vector<FieldError>& errors);
Json AlertRulesToJson(const std::vector<AlertRule>& rules);  // {alertRules:[...]}
bool AlertRulesFromJson(const Json& json, std::vector<AlertRule>& out,
                        std::vector<FieldError>& errors);

// The body of POST (every member but scope, channels and enabled required) and PATCH (only the
// members present change: has_* say which). Shape only (400 naming the field); the rule's own
// limits are core alerts::CheckRule, whether rooms, sites and channels exist is the server's.
struct AlertRuleRequest {
    AlertRule rule;
    bool has_name = false, has_condition = false, has_for_seconds = false, has_severity = false,
         has_scope = false, has_channels = false, has_enabled = false;
};
Json AlertRuleRequestToJson(const AlertRuleRequest& request);  // only the members present
// creating: true for POST (name, condition, forSeconds and severity required).
bool AlertRuleRequestFromJson(const Json& json, bool creating, AlertRuleRequest& out,
                              std::vector<FieldError>& errors);

// [SECTION] Channels

enum class ChannelType { Email, ServiceNow, Webhook };
const char* ChannelTypeName(ChannelType type);  // "email", "servicenow", "webhook"
bool ChannelTypeFrom(const std::string& text, ChannelType& out);

// A channel as answered: never a secret (password, clientSecret, webhook secret), only whether
// one is set.
struct AlertChannel {
    Id id = 0;
    Id account_id = 0;
    ChannelType type = ChannelType::Email;
    std::string name;
    // email
    std::vector<std::string> recipients;
    bool account_admins = false;  // also every admin of the account, as they are when it sends
    std::string language = "en";  // "en" | "fr"
    // servicenow
    std::string instance_url;  // "https://example.service-now.com"
    std::string auth_type;     // "basic" | "oauth"
    std::string username;      // basic
    std::string client_id;     // oauth
    std::string table = "incident";
    std::string assignment_group;
    std::string caller_id;
    std::string resolve_state = "6";
    std::string close_code = "Solved (Permanently)";
    // webhook
    std::string url;
    // servicenow password / clientSecret, webhook secret: set or not (never the value)
    bool secret_set = false;
    Seconds created_at = 0;
};
// Every type: {id, accountId, type, name, createdAt}; email: recipients, accountAdmins,
// language; servicenow: instanceUrl, auth:{type, username | clientId, passwordSet |
// clientSecretSet}, table, assignmentGroup, callerId, resolveState, closeCode; webhook: url,
// secretSet.
Json AlertChannelToJson(const AlertChannel& channel);
bool AlertChannelFromJson(const Json& json, AlertChannel& out, std::vector<FieldError>& errors);
Json AlertChannelsToJson(const std::vector<AlertChannel>& channels);  // {alertChannels:[...]}
bool AlertChannelsFromJson(const Json& json, std::vector<AlertChannel>& out,
                           std::vector<FieldError>& errors);

// The body of POST (type, name and the type's own members required: email recipients or
// accountAdmins; servicenow instanceUrl and auth with its secret; webhook url and secret) and
// PATCH (type may not change; only the members present change; a secret left out is kept).
// Emails are checked for shape (400 naming recipients[i]); URLs for being absolute http(s)
// URLs (400); whether they may be reached is the server's (422 naming the field).
struct ChannelRequest {
    AlertChannel channel;
    std::string secret;  // password, clientSecret or webhook secret; "" when absent
    bool has_name = false, has_recipients = false, has_account_admins = false, has_language = false,
         has_instance_url = false, has_auth = false, has_table = false,
         has_assignment_group = false, has_caller_id = false, has_resolve_state = false,
         has_close_code = false, has_url = false, has_secret = false;
};
Json ChannelRequestToJson(const ChannelRequest& request);  // only the members present
// The body the portal sends: ChannelRequestToJson and, when has_secret, the secret where its
// type reads it (auth.password, auth.clientSecret or secret). The one writer of a secret: no
// *ToJson writes one, so an answer or an audit entry built from them cannot hold it.
Json ChannelRequestBody(const ChannelRequest& request);
bool ChannelRequestFromJson(const Json& json, bool creating, ChannelRequest& out,
                            std::vector<FieldError>& errors);

// The shapes the request readers accept, for forms that check before sending: one '@' with
// something before it and a dotted domain after it, no spaces; "https://" or "http://" and a
// host (no user:password@).
bool PlausibleEmailAddress(const std::string& email);
bool AbsoluteHttpUrl(const std::string& url);

// POST /alert-channels/{id}/test: {ok, detail, status (HTTP status or SMTP code, 0: none),
// externalId (the test incident's sys_id, the mail's Message-ID)}
struct ChannelTestResult {
    bool ok = false;
    std::string detail;  // why not, in plain words ("connection refused", "401 from ServiceNow")
    int status = 0;
    std::string external_id;
};
Json ChannelTestResultToJson(const ChannelTestResult& result);
bool ChannelTestResultFromJson(const Json& json, ChannelTestResult& out,
                               std::vector<FieldError>& errors);

// [SECTION] Alerts

struct AlertDelivery {
    Id channel_id = 0;
    std::string channel_name;
    std::string kind = "firing";     // "firing" | "resolved"
    std::string status = "pending";  // "pending" | "delivered" | "failed" | "silenced"
    int attempts = 0;
    std::string last_error;
    std::string external_id;  // incident sys_id, mail Message-ID
    std::optional<Seconds> delivered_at;
};

struct Alert {
    Id id = 0;
    Id account_id = 0;
    Id rule_id = 0;
    std::string rule_name;
    alerts::Condition condition = alerts::Condition::DeviceOffline;
    alerts::Severity severity = alerts::Severity::Major;
    Id room_id = 0;
    std::string room_name;
    std::string site;
    std::string serial;  // "" (null) but for device_offline
    alerts::State state = alerts::State::Pending;
    Seconds pending_since = 0;
    std::optional<Seconds> started_at;
    std::optional<Seconds> resolved_at;
    std::string resolved_reason;  // "" (null), "cleared", "license_ended", "rule_disabled"
    Id acknowledged_by = 0;       // 0 (null)
    std::string acknowledged_by_name;
    std::optional<Seconds> acknowledged_at;
    bool flapping = false;
    bool silenced = false;  // a silence covers its room now
    std::vector<AlertDelivery> deliveries;
};
// {id, accountId, ruleId, ruleName, condition, severity, roomId, roomName, site, serial, state,
//  pendingSince, startedAt, resolvedAt, resolvedReason, acknowledgedBy, acknowledgedByName,
//  acknowledgedAt, flapping, silenced, deliveries:[{channelId, channelName, kind, status,
//  attempts, lastError, externalId, deliveredAt}]}
Json AlertToJson(const Alert& alert);
bool AlertFromJson(const Json& json, Alert& out, std::vector<FieldError>& errors);
// {alerts:[...], lockedRooms:[{id, name, site}]}: lockedRooms are the account's rooms without
// alerts (R-GATE-2), for the page's "locked" list.
struct LockedRoom {
    Id id = 0;
    std::string name;
    std::string site;
};
struct AlertList {
    std::vector<Alert> alerts;
    std::vector<LockedRoom> locked_rooms;
};
Json AlertListToJson(const AlertList& list);
bool AlertListFromJson(const Json& json, AlertList& out, std::vector<FieldError>& errors);

// [SECTION] Silences

struct Silence {
    Id id = 0;
    Id account_id = 0;
    std::vector<std::string> sites;
    std::vector<Id> rooms;
    Seconds starts_at = 0;
    Seconds ends_at = 0;
    std::string comment;
    Id created_by = 0;
    Seconds created_at = 0;
};
// {id, accountId, sites, rooms, startsAt, endsAt, comment, createdBy, createdAt}
Json SilenceToJson(const Silence& silence);
bool SilenceFromJson(const Json& json, Silence& out, std::vector<FieldError>& errors);
Json SilencesToJson(const std::vector<Silence>& silences);  // {silences:[...]}
bool SilencesFromJson(const Json& json, std::vector<Silence>& out, std::vector<FieldError>& errors);
// POST body {sites?, rooms?, startsAt?, endsAt, comment?}: startsAt defaults to now (left 0
// here); endsAt required; comment at most 500 characters.
bool SilenceRequestFromJson(const Json& json, Silence& out, std::vector<FieldError>& errors);
Json SilenceRequestToJson(const Silence& request);

}  // namespace portal::api

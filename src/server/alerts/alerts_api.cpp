// Alerts (issue 13, R-GATE-2): rules, channels, silences, the alerts themselves.
//
//   GET, POST     /api/v1/accounts/{id}/alert-rules      member / admin
//   PATCH, DELETE /api/v1/alert-rules/{id}               admin
//   GET, POST     /api/v1/accounts/{id}/alert-channels   member / admin (secrets write-only)
//   PATCH, DELETE /api/v1/alert-channels/{id}            admin
//   POST          /api/v1/alert-channels/{id}/test       admin: did delivery work, and why not
//   GET, POST     /api/v1/alert-channels/{id}/unsubscribe  a mail's one-click link (RFC 8058):
//                                                        no session, the link's token
//   GET           /api/v1/accounts/{id}/alerts           member (?state=&roomId=)
//   GET           /api/v1/alerts/{id}                    member
//   POST          /api/v1/alerts/{id}/acknowledge        admin
//   GET, POST     /api/v1/accounts/{id}/silences         member / admin
//   DELETE        /api/v1/silences/{id}                  admin
//
// The vendor's operators read (GET) any account's alerts, rules, channels and silences too,
// read-only and audited (ApiContext::CheckAccount); they change nothing here.
//
// Objects of an account the caller cannot see answer exactly like missing ones. Secrets
// (ServiceNow password or client secret, webhook secret) are sealed before they are stored and
// never leave: not in an answer, the audit log or a log line.
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "api/alerts_json.h"
#include "core/text_checks.h"
#include "server/alerts/alert_mail.h"
#include "server/alerts/alert_worker.h"
#include "server/alerts/alerts_store.h"
#include "server/alerts/servicenow.h"
#include "server/alerts/webhook.h"
#include "server/api_support.h"
#include "server/http_server.h"
#include "server/mail.h"
#include "server/net/outbound.h"
#include "server/security/secret_box.h"
#include "server/telemetry_store.h"

namespace portal::server {

namespace {

using alerts_delivery::DeliveryOutcome;

constexpr Seconds kMaxSilenceSeconds = 90 * 86400;
constexpr std::size_t kMaxCommentLength = 500;
constexpr std::size_t kMaxRecipients = 100;

void SendUnprocessable(Response& res, const std::string& code,
                       const std::vector<api::FieldError>& fields) {
    api::ApiError error;
    error.status = 422;
    error.code = code;
    error.message = fields[0].field + " " + fields[0].message;
    error.fields = fields;
    SendError(res, error);
}

net::OutboundPolicy Policy(const ApiContext& ctx) {
    net::OutboundPolicy policy;
    policy.allow_private = ctx.config.outbound_allow_private;
    return policy;
}

// The account's rooms (id -> site) and sites, to check a scope against.
struct AccountRooms {
    std::map<Id, std::string> rooms;
    std::set<std::string> sites;
};

bool LoadAccountRooms(const ApiContext& ctx, Response& res, Id account_id, AccountRooms& out) {
    State state;
    std::string error;
    if (!ctx.store.LoadAccountOnly(account_id, state, error, false)) {
        ctx.SendInternal(res, "alerts: " + error);
        return false;
    }
    for (const Room& room : state.rooms) {
        out.rooms[room.id] = room.site;
        out.sites.insert(room.site);
    }
    return true;
}

// A scope's rooms and sites belong to the account: 422 naming the first that does not (a room
// of another account is answered like a missing one).
void CheckScope(const AccountRooms& account, const std::vector<std::string>& sites,
                const std::vector<Id>& rooms, const std::string& prefix,
                std::vector<api::FieldError>& problems) {
    for (size_t i = 0; i < sites.size(); ++i) {
        if (!account.sites.count(sites[i])) {
            problems.push_back(
                {prefix + "sites[" + std::to_string(i) + "]", "is not a site of this account"});
        }
    }
    for (size_t i = 0; i < rooms.size(); ++i) {
        if (!account.rooms.count(rooms[i])) {
            problems.push_back({prefix + "rooms[" + std::to_string(i) + "]", "is not a room"});
        }
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Rules

// Checks a rule as a whole (core limits, scope and channels of the account): false with a 422
// written into res. The rooms and sites a PATCH keeps from the rule before it are not checked
// again: a room deleted since stays in the scope, covering nothing, and must not stop every
// later change of the rule (switching it off included).
bool CheckWholeRule(const ApiContext& ctx, Response& res, const api::AlertRule& rule,
                    const api::AlertRule* before = nullptr) {
    alerts::Rule core;
    core.name = rule.name;
    core.condition = rule.condition;
    core.for_seconds = rule.for_seconds;
    core.severity = rule.severity;
    core.scope.sites = rule.sites;
    core.scope.rooms = rule.rooms;
    core.channels = rule.channels;
    std::vector<api::FieldError> problems;
    for (const alerts::RuleProblem& problem : alerts::CheckRule(core)) {
        problems.push_back({problem.field, problem.message});
    }
    if (problems.empty()) {
        AccountRooms account;
        if (!LoadAccountRooms(ctx, res, rule.account_id, account)) return false;
        if (before) {
            for (Id room : before->rooms) account.rooms.emplace(room, "");
            account.sites.insert(before->sites.begin(), before->sites.end());
        }
        CheckScope(account, rule.sites, rule.rooms, "scope.", problems);
        std::vector<ChannelRecord> channels;
        std::string error;
        if (!ctx.store.Read(
                [&](Store::Writer& w, std::string& e) {
                    return ListAlertChannels(w, rule.account_id, channels, e);
                },
                error)) {
            ctx.SendInternal(res, "alert channels: " + error);
            return false;
        }
        std::set<Id> known;
        for (const ChannelRecord& channel : channels) known.insert(channel.channel.id);
        for (size_t i = 0; i < rule.channels.size(); ++i) {
            if (!known.count(rule.channels[i])) {
                problems.push_back(
                    {"channels[" + std::to_string(i) + "]", "is not an alert channel"});
            }
        }
    }
    if (problems.empty()) return true;
    SendUnprocessable(res, "invalid_alert_rule", problems);
    return false;
}

void ListRules(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    std::vector<api::AlertRule> rules;
    std::string error;
    if (!ctx.store.Read([&](Store::Writer& w,
                            std::string& e) { return ListAlertRules(w, account_id, rules, e); },
                        error)) {
        return ctx.SendInternal(res, "alert rules: " + error);
    }
    SendJson(res, 200, api::AlertRulesToJson(rules));
}

void WakeAlerts(const ApiContext& ctx) {
    if (ctx.alerts) ctx.alerts->Wake();
}

void CreateRule(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    api::AlertRuleRequest request;
    std::vector<api::FieldError> fields;
    if (!api::AlertRuleRequestFromJson(body, true, request, fields)) {
        return SendFieldErrors(res, fields);
    }
    api::AlertRule rule = request.rule;
    rule.id = 0;
    rule.account_id = account_id;
    if (!request.has_enabled) rule.enabled = true;
    rule.created_at = ctx.Now();
    if (!CheckWholeRule(ctx, res, rule)) return;
    std::string error;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return InsertAlertRule(w, rule, caller.user_id, e) &&
                       Audit(w, ctx, account_id, caller.user_id, "alert_rule.create",
                             ObjectName("alert-rule", rule.id), std::nullopt,
                             api::AlertRuleToJson(rule), e);
            },
            error)) {
        return ctx.SendInternal(res, "alert rule: " + error);
    }
    WakeAlerts(ctx);
    SendJson(res, 201, api::AlertRuleToJson(rule));
}

// The rule of the path for a caller with `need`: 404 (missing or foreign) / 403 written.
bool FindRuleFor(const ApiContext& ctx, const Request& req, Response& res, Role need,
                 Caller& caller, api::AlertRule& rule) {
    if (!ctx.RequireCaller(req, res, caller)) return false;
    Id rule_id = PathId(req, 1);
    bool found = false;
    std::string error;
    if (rule_id != 0 &&
        !ctx.store.Read([&](Store::Writer& w,
                            std::string& e) { return FindAlertRule(w, rule_id, rule, found, e); },
                        error)) {
        ctx.SendInternal(res, "alert rule: " + error);
        return false;
    }
    if (!found) {
        SendNotFound(res);
        return false;
    }
    return ctx.CheckAccount(res, caller, rule.account_id, need);
}

void PatchRule(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    api::AlertRule before;
    if (!FindRuleFor(ctx, req, res, Role::Admin, caller, before)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    api::AlertRuleRequest request;
    std::vector<api::FieldError> fields;
    if (!api::AlertRuleRequestFromJson(body, false, request, fields)) {
        return SendFieldErrors(res, fields);
    }
    api::AlertRule rule = before;
    const api::AlertRule& asked = request.rule;
    if (request.has_name) rule.name = asked.name;
    if (request.has_condition) rule.condition = asked.condition;
    if (request.has_for_seconds) rule.for_seconds = asked.for_seconds;
    if (request.has_severity) rule.severity = asked.severity;
    if (request.has_scope) {
        rule.sites = asked.sites;
        rule.rooms = asked.rooms;
    }
    if (request.has_channels) rule.channels = asked.channels;
    if (request.has_enabled) rule.enabled = asked.enabled;
    if (!CheckWholeRule(ctx, res, rule, &before)) return;
    std::string error;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return UpdateAlertRule(w, rule, e) &&
                       Audit(w, ctx, rule.account_id, caller.user_id, "alert_rule.update",
                             ObjectName("alert-rule", rule.id), api::AlertRuleToJson(before),
                             api::AlertRuleToJson(rule), e);
            },
            error)) {
        return ctx.SendInternal(res, "alert rule: " + error);
    }
    WakeAlerts(ctx);
    SendJson(res, 200, api::AlertRuleToJson(rule));
}

void DeleteRule(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    api::AlertRule rule;
    if (!FindRuleFor(ctx, req, res, Role::Admin, caller, rule)) return;
    std::string error;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return DeleteAlertRule(w, rule.id, ctx.Now(), e) &&
                       Audit(w, ctx, rule.account_id, caller.user_id, "alert_rule.delete",
                             ObjectName("alert-rule", rule.id), api::AlertRuleToJson(rule),
                             std::nullopt, e);
            },
            error)) {
        return ctx.SendInternal(res, "alert rule: " + error);
    }
    WakeAlerts(ctx);  // its open alerts close at the next sweep ("rule_disabled")
    res.status = 204;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Channels

// A channel as a whole, before it is stored: its type's members and a reachable target (422
// naming the field). The target's check refuses what is certainly not allowed (http, loopback
// and private addresses without PORTAL_OUTBOUND_ALLOW_PRIVATE); a name that does not resolve
// now is kept, and its deliveries say why they fail.
bool CheckWholeChannel(const ApiContext& ctx, Response& res, const ChannelRecord& record,
                       bool secret_given) {
    const api::AlertChannel& channel = record.channel;
    std::vector<api::FieldError> problems;
    auto check_target = [&](const std::string& field, const std::string& url) {
        std::string why;
        if (!net::CheckTarget(url, Policy(ctx), why) &&
            !(why == "host not found" || why.rfind("host lookup failed", 0) == 0)) {
            problems.push_back({field, why});
        }
    };
    switch (channel.type) {
        case api::ChannelType::Email:
            if (channel.recipients.empty() && !channel.account_admins) {
                problems.push_back(
                    {"recipients", "needs at least one address, or accountAdmins: true"});
            }
            if (channel.recipients.size() > kMaxRecipients) {
                problems.push_back({"recipients", "holds at most 100 addresses"});
            }
            for (size_t i = 0; i < channel.recipients.size(); ++i) {
                if (!IsValidEmail(channel.recipients[i])) {
                    problems.push_back(
                        {"recipients[" + std::to_string(i) + "]", "must be an email address"});
                }
            }
            break;
        case api::ChannelType::ServiceNow:
            check_target("instanceUrl", channel.instance_url);
            if (channel.auth_type != "basic" && channel.auth_type != "oauth") {
                problems.push_back({"auth.type", "must be basic or oauth"});
            }
            if (!secret_given && record.sealed_secret.empty()) {
                problems.push_back(
                    {channel.auth_type == "oauth" ? "auth.clientSecret" : "auth.password",
                     "is required"});
            }
            break;
        case api::ChannelType::Webhook:
            check_target("url", channel.url);
            if (!secret_given && record.sealed_secret.empty()) {
                problems.push_back({"secret", "is required"});
            }
            break;
    }
    if (problems.empty()) return true;
    SendUnprocessable(res, "invalid_alert_channel", problems);
    return false;
}

void ListChannels(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    std::vector<ChannelRecord> records;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return ListAlertChannels(w, account_id, records, e);
            },
            error)) {
        return ctx.SendInternal(res, "alert channels: " + error);
    }
    std::vector<api::AlertChannel> channels;
    for (const ChannelRecord& record : records) channels.push_back(record.channel);
    SendJson(res, 200, api::AlertChannelsToJson(channels));
}

void CreateChannel(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    api::ChannelRequest request;
    std::vector<api::FieldError> fields;
    if (!api::ChannelRequestFromJson(body, true, request, fields)) {
        return SendFieldErrors(res, fields);
    }
    ChannelRecord record;
    record.channel = request.channel;
    record.channel.id = 0;
    record.channel.account_id = account_id;
    if (!CheckWholeChannel(ctx, res, record, request.has_secret && !request.secret.empty())) {
        return;
    }
    if (request.has_secret && !request.secret.empty()) {
        record.sealed_secret = ctx.secrets->Seal(request.secret);
    }
    std::string error;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return InsertAlertChannel(w, record, caller.user_id, ctx.Now(), e) &&
                       Audit(w, ctx, account_id, caller.user_id, "alert_channel.create",
                             ObjectName("alert-channel", record.channel.id), std::nullopt,
                             api::AlertChannelToJson(record.channel), e);
            },
            error)) {
        return ctx.SendInternal(res, "alert channel: " + error);
    }
    SendJson(res, 201, api::AlertChannelToJson(record.channel));
}

bool FindChannelFor(const ApiContext& ctx, const Request& req, Response& res, Role need,
                    Caller& caller, ChannelRecord& record) {
    if (!ctx.RequireCaller(req, res, caller)) return false;
    Id channel_id = PathId(req, 1);
    bool found = false;
    std::string error;
    if (channel_id != 0 && !ctx.store.Read(
                               [&](Store::Writer& w, std::string& e) {
                                   return FindAlertChannel(w, channel_id, record, found, e);
                               },
                               error)) {
        ctx.SendInternal(res, "alert channel: " + error);
        return false;
    }
    if (!found) {
        SendNotFound(res);
        return false;
    }
    return ctx.CheckAccount(res, caller, record.channel.account_id, need);
}

void PatchChannel(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    ChannelRecord before;
    if (!FindChannelFor(ctx, req, res, Role::Admin, caller, before)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    api::ChannelRequest request;
    std::vector<api::FieldError> fields;
    if (!api::ChannelRequestFromJson(body, false, request, fields)) {
        return SendFieldErrors(res, fields);
    }
    if (body.contains("type") && request.channel.type != before.channel.type) {
        return SendFieldErrors(res, {{"type", "cannot change: make a new channel"}});
    }
    ChannelRecord record = before;
    api::AlertChannel& channel = record.channel;
    const api::AlertChannel& asked = request.channel;
    if (request.has_name) channel.name = asked.name;
    if (request.has_recipients) channel.recipients = asked.recipients;
    if (request.has_account_admins) channel.account_admins = asked.account_admins;
    if (request.has_language) channel.language = asked.language;
    if (request.has_instance_url) channel.instance_url = asked.instance_url;
    if (request.has_auth) {
        channel.auth_type = asked.auth_type;
        channel.username = asked.username;
        channel.client_id = asked.client_id;
    }
    if (request.has_table) channel.table = asked.table;
    if (request.has_assignment_group) channel.assignment_group = asked.assignment_group;
    if (request.has_caller_id) channel.caller_id = asked.caller_id;
    if (request.has_resolve_state) channel.resolve_state = asked.resolve_state;
    if (request.has_close_code) channel.close_code = asked.close_code;
    if (request.has_url) channel.url = asked.url;
    bool new_secret = request.has_secret && !request.secret.empty();
    // Credentials follow their target: a new instance or URL must come with its own secret,
    // or the stored one would be sent to wherever the channel now points.
    bool target_moved = channel.instance_url != before.channel.instance_url ||
                        channel.url != before.channel.url ||
                        channel.auth_type != before.channel.auth_type;
    if (target_moved && !new_secret && channel.type != api::ChannelType::Email) {
        record.sealed_secret.clear();
    }
    if (!CheckWholeChannel(ctx, res, record, new_secret)) return;
    record.sealed_secret = new_secret ? ctx.secrets->Seal(request.secret) : "";
    channel.secret_set = new_secret || before.channel.secret_set;
    std::string error;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return UpdateAlertChannel(w, record, e) &&
                       Audit(w, ctx, channel.account_id, caller.user_id, "alert_channel.update",
                             ObjectName("alert-channel", channel.id),
                             api::AlertChannelToJson(before.channel),
                             api::AlertChannelToJson(channel), e);
            },
            error)) {
        return ctx.SendInternal(res, "alert channel: " + error);
    }
    SendJson(res, 200, api::AlertChannelToJson(channel));
}

void DeleteChannel(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    ChannelRecord record;
    if (!FindChannelFor(ctx, req, res, Role::Admin, caller, record)) return;
    std::string error;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return DeleteAlertChannel(w, record.channel.id, ctx.Now(), e) &&
                       Audit(w, ctx, record.channel.account_id, caller.user_id,
                             "alert_channel.delete", ObjectName("alert-channel", record.channel.id),
                             api::AlertChannelToJson(record.channel), std::nullopt, e);
            },
            error)) {
        return ctx.SendInternal(res, "alert channel: " + error);
    }
    res.status = 204;
}

api::ChannelTestResult TestEmail(const ApiContext& ctx, const ChannelRecord& record,
                                 const std::string& account_name) {
    api::ChannelTestResult result;
    std::vector<AdminAddress> admins;
    std::string error;
    if (record.channel.account_admins && !ctx.store.Read(
                                             [&](Store::Writer& w, std::string& e) {
                                                 return AccountAdminAddresses(
                                                     w, record.channel.account_id, admins, e);
                                             },
                                             error)) {
        result.detail = "cannot read the account's admins";
        return result;
    }
    std::vector<std::string> recipients = record.channel.recipients;
    for (const AdminAddress& admin : admins) recipients.push_back(admin.email);
    if (recipients.empty()) {
        result.detail = "the channel has no recipient";
        return result;
    }
    bool fr = record.channel.language == "fr";
    for (const std::string& recipient : recipients) {
        MailMessage mail;
        mail.kind = "alert_test";
        mail.account_id = record.channel.account_id;
        mail.sender = ctx.config.mail_from;
        mail.recipient = recipient;
        mail.language = fr ? Language::French : Language::English;
        mail.subject = fr ? "Test du canal d'alerte « " + record.channel.name + " »"
                          : "Test of the alert channel \"" + record.channel.name + "\"";
        mail.body =
            fr ? "Ce message de test confirme que les alertes de " + account_name +
                     " vous parviennent.\n"
               : "This test message confirms that alerts of " + account_name + " reach you.\n";
        mail.message_id = "<alerts.test." + NewRandomToken().substr(0, 16) + "@" +
                          MailDomain(ctx.config.mail_from) + ">";
        if (!SendMailNow(ctx.config, mail, ctx.Now(), error)) {
            result.detail = recipient + ": " + error;
            return result;
        }
        result.external_id = mail.message_id;
    }
    result.ok = true;
    result.status = 250;
    result.detail =
        "accepted by the SMTP server for " + std::to_string(recipients.size()) + " recipient(s)";
    return result;
}

void TestChannel(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    ChannelRecord record;
    if (!FindChannelFor(ctx, req, res, Role::Admin, caller, record)) return;
    std::string secret;
    if (!record.sealed_secret.empty() && !ctx.secrets->Unseal(record.sealed_secret, secret)) {
        return ctx.SendInternal(res, "alert channel " + std::to_string(record.channel.id) +
                                         ": the secret cannot be unsealed with this key");
    }
    std::string account_name, error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return AccountNameOf(w, record.channel.account_id, account_name, e);
            },
            error)) {
        return ctx.SendInternal(res, "alert channel: " + error);
    }
    api::ChannelTestResult result;
    const api::AlertChannel& channel = record.channel;
    auto from_outcome = [&](const DeliveryOutcome& outcome) {
        result.ok = outcome.kind == DeliveryOutcome::Kind::Delivered;
        result.status = outcome.http_status;
        result.external_id = outcome.external_id;
        result.detail = result.ok ? "delivered" : outcome.error;
    };
    switch (channel.type) {
        case api::ChannelType::Email:
            result = TestEmail(ctx, record, account_name);
            break;
        case api::ChannelType::ServiceNow: {
            alerts_delivery::ServiceNowSettings settings;
            settings.instance_url = channel.instance_url;
            settings.auth_type = channel.auth_type;
            settings.username = channel.username;
            settings.client_id = channel.client_id;
            (channel.auth_type == "oauth" ? settings.client_secret : settings.password) = secret;
            if (!channel.table.empty()) settings.table = channel.table;
            alerts_delivery::ServiceNowClient client(Policy(ctx));
            from_outcome(client.Test(settings));
            break;
        }
        case api::ChannelType::Webhook: {
            std::string event_id = "test-" + NewRandomToken().substr(0, 16);
            api::Json body = {{"eventId", event_id},
                              {"type", "test"},
                              {"sentAt", telemetry::FormatUtcTime(ctx.Now())},
                              {"account", {{"id", channel.account_id}, {"name", account_name}}}};
            from_outcome(alerts_delivery::PostWebhook(channel.url, secret, body.dump(), event_id,
                                                      Policy(ctx)));
            break;
        }
    }
    SendJson(res, 200, api::ChannelTestResultToJson(result));
}

// RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link, with no session;
// the link's token (a MAC of channel and address) is the authority. A GET (a person clicking
// the link) shows a page with one button that makes the same POST: GET alone changes nothing.
bool CheckUnsubscribeLink(const ApiContext& ctx, const Request& req, Id& channel_id,
                          std::string& recipient) {
    channel_id = PathId(req, 1);
    recipient = req.get_param_value("recipient");
    std::string token = req.get_param_value("token");
    return channel_id != 0 && !recipient.empty() && !token.empty() &&
           CheckUnsubscribeToken(*ctx.secrets, channel_id, recipient, token);
}

std::string HtmlEscape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

void UnsubscribePage(const ApiContext& ctx, const Request& req, Response& res) {
    Id channel_id = 0;
    std::string recipient;
    if (!CheckUnsubscribeLink(ctx, req, channel_id, recipient)) return SendNotFound(res);
    std::string action = "/api/v1/alert-channels/" + std::to_string(channel_id) +
                         "/unsubscribe?recipient=" + HtmlEscape(req.get_param_value("recipient")) +
                         "&amp;token=" + HtmlEscape(req.get_param_value("token"));
    res.set_content(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
        "<title>Unsubscribe</title><main><h1>Stop alert mails</h1><p>" +
            HtmlEscape(recipient) +
            " will no longer receive this alert channel's mails.</p>"
            "<form method=\"post\" action=\"" +
            action +
            "\"><input type=\"hidden\" name=\"List-Unsubscribe\" "
            "value=\"One-Click\"><button type=\"submit\">Unsubscribe</button>"
            "</form></main></html>",
        "text/html; charset=utf-8");
}

void Unsubscribe(const ApiContext& ctx, const Request& req, Response& res) {
    Id channel_id = 0;
    std::string recipient;
    if (!CheckUnsubscribeLink(ctx, req, channel_id, recipient)) return SendNotFound(res);
    std::string key = AddressKey(recipient);
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            ChannelRecord record;
            bool found = false;
            if (!FindAlertChannel(w, channel_id, record, found, e)) return false;
            if (!found) return true;  // deleted since: nothing more will come anyway
            std::vector<std::string> kept;
            for (const std::string& address : record.channel.recipients) {
                if (AddressKey(address) != key) kept.push_back(address);
            }
            std::vector<std::string> unsubscribed = record.unsubscribed;
            if (std::find(unsubscribed.begin(), unsubscribed.end(), key) == unsubscribed.end()) {
                unsubscribed.push_back(key);
            } else if (kept.size() == record.channel.recipients.size()) {
                // Already unsubscribed (mail clients repeat the POST): nothing changes, and the
                // audit log records changes only.
                return true;
            }
            api::Json before = api::AlertChannelToJson(record.channel);
            ChannelRecord after = record;
            after.channel.recipients = kept;
            return SetChannelUnsubscribed(w, channel_id, kept, unsubscribed, e) &&
                   Audit(w, ctx, record.channel.account_id, 0, "alert_channel.unsubscribe",
                         ObjectName("alert-channel", channel_id), before,
                         api::AlertChannelToJson(after.channel), e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "unsubscribe: " + error);
    SendJson(res, 200, {{"unsubscribed", recipient}});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Alerts

void ListAccountAlerts(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    AlertQuery query;
    if (req.has_param("state")) query.state = req.get_param_value("state");
    if (query.state != "firing" && query.state != "acknowledged" && query.state != "resolved" &&
        query.state != "pending" && query.state != "all") {
        return SendFieldErrors(
            res, {{"state", "must be firing, acknowledged, resolved, pending or all"}});
    }
    if (req.has_param("roomId")) {
        const std::string text = req.get_param_value("roomId");
        bool digits =
            !text.empty() && text.size() < 18 &&
            std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || std::stoll(text) <= 0) {
            return SendFieldErrors(res, {{"roomId", "must be a room id"}});
        }
        query.room_id = std::stoll(text);
    }
    api::AlertList list;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return ListAlerts(w, account_id, query, ctx.Now(), list.alerts, e) &&
                       LockedRooms(w, ctx.catalogue, account_id, ctx.Today(), list.locked_rooms, e);
            },
            error)) {
        return ctx.SendInternal(res, "alerts: " + error);
    }
    SendJson(res, 200, api::AlertListToJson(list));
}

bool FindAlertFor(const ApiContext& ctx, const Request& req, Response& res, Role need,
                  Caller& caller, api::Alert& alert) {
    if (!ctx.RequireCaller(req, res, caller)) return false;
    Id alert_id = PathId(req, 1);
    bool found = false;
    std::string error;
    if (alert_id != 0 && !ctx.store.Read(
                             [&](Store::Writer& w, std::string& e) {
                                 return FindAlert(w, alert_id, ctx.Now(), alert, found, e);
                             },
                             error)) {
        ctx.SendInternal(res, "alert: " + error);
        return false;
    }
    if (!found) {
        SendNotFound(res);
        return false;
    }
    return ctx.CheckAccount(res, caller, alert.account_id, need);
}

void GetAlert(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    api::Alert alert;
    if (!FindAlertFor(ctx, req, res, Role::ReadOnly, caller, alert)) return;
    SendJson(res, 200, api::AlertToJson(alert));
}

void AcknowledgeRoute(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    api::Alert alert;
    if (!FindAlertFor(ctx, req, res, Role::Admin, caller, alert)) return;
    bool acknowledged = false;
    std::string error;
    Seconds now = ctx.Now();
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                if (!AcknowledgeAlert(w, alert.id, caller.user_id, now, acknowledged, e)) {
                    return false;
                }
                if (!acknowledged) return true;
                return Audit(w, ctx, alert.account_id, caller.user_id, "alert.acknowledge",
                             ObjectName("alert", alert.id), std::nullopt,
                             api::Json{{"state", "acknowledged"}}, e);
            },
            error)) {
        return ctx.SendInternal(res, "alert: " + error);
    }
    if (!acknowledged) {
        return SendError(res, 409, "not_firing", "Only a firing alert can be acknowledged");
    }
    if (ctx.status) ctx.status->Changed(alert.account_id);
    bool found = false;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return FindAlert(w, alert.id, now, alert, found, e);
            },
            error)) {
        return ctx.SendInternal(res, "alert: " + error);
    }
    SendJson(res, 200, api::AlertToJson(alert));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Silences

void ListSilencesRoute(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    std::vector<api::Silence> silences;
    std::string error;
    // Those in force and to come, and those that ended within the last week.
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return ListSilences(w, account_id, ctx.Now() - 7 * 86400, silences, e);
            },
            error)) {
        return ctx.SendInternal(res, "silences: " + error);
    }
    SendJson(res, 200, api::SilencesToJson(silences));
}

void CreateSilence(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    api::Silence silence;
    std::vector<api::FieldError> fields;
    if (!api::SilenceRequestFromJson(body, silence, fields)) return SendFieldErrors(res, fields);
    Seconds now = ctx.Now();
    if (silence.starts_at == 0) silence.starts_at = now;
    std::vector<api::FieldError> problems;
    if (silence.ends_at <= silence.starts_at) {
        problems.push_back({"endsAt", "must be after startsAt"});
    } else if (silence.ends_at <= now) {
        problems.push_back({"endsAt", "must be in the future"});
    } else if (silence.ends_at - silence.starts_at > kMaxSilenceSeconds) {
        problems.push_back({"endsAt", "a silence lasts at most 90 days"});
    }
    if (silence.comment.size() > kMaxCommentLength) {
        problems.push_back({"comment", "is at most 500 characters"});
    }
    AccountRooms account;
    if (!LoadAccountRooms(ctx, res, account_id, account)) return;
    CheckScope(account, silence.sites, silence.rooms, "", problems);
    if (!problems.empty()) return SendUnprocessable(res, "invalid_silence", problems);
    silence.id = 0;
    silence.account_id = account_id;
    silence.created_by = caller.user_id;
    silence.created_at = now;
    std::string error;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return InsertSilence(w, silence, e) &&
                       Audit(w, ctx, account_id, caller.user_id, "silence.create",
                             ObjectName("silence", silence.id), std::nullopt,
                             api::SilenceToJson(silence), e);
            },
            error)) {
        return ctx.SendInternal(res, "silence: " + error);
    }
    WakeAlerts(ctx);
    if (ctx.status) ctx.status->Changed(account_id);
    SendJson(res, 201, api::SilenceToJson(silence));
}

void DeleteSilenceRoute(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireCaller(req, res, caller)) return;
    Id silence_id = PathId(req, 1);
    api::Silence silence;
    bool found = false;
    std::string error;
    if (silence_id != 0 && !ctx.store.Read(
                               [&](Store::Writer& w, std::string& e) {
                                   return FindSilence(w, silence_id, silence, found, e);
                               },
                               error)) {
        return ctx.SendInternal(res, "silence: " + error);
    }
    if (!found) return SendNotFound(res);
    if (!ctx.CheckAccount(res, caller, silence.account_id, Role::Admin)) return;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return DeleteSilence(w, silence.id, ctx.Now(), e) &&
                       Audit(w, ctx, silence.account_id, caller.user_id, "silence.delete",
                             ObjectName("silence", silence.id), api::SilenceToJson(silence),
                             std::nullopt, e);
            },
            error)) {
        return ctx.SendInternal(res, "silence: " + error);
    }
    WakeAlerts(ctx);
    if (ctx.status) ctx.status->Changed(silence.account_id);
    res.status = 204;
}

}  // namespace

void RegisterAlertRoutes(Server& server, ApiContext& ctx) {
    auto route = [&](const char* method, const char* pattern, ApiHandler handler) {
        AddApiRoute(server, ctx, method, pattern, handler);
    };
    route("GET", "/api/v1/accounts/([0-9]+)/alert-rules", ListRules);
    route("POST", "/api/v1/accounts/([0-9]+)/alert-rules", CreateRule);
    route("PATCH", "/api/v1/alert-rules/([0-9]+)", PatchRule);
    route("DELETE", "/api/v1/alert-rules/([0-9]+)", DeleteRule);
    route("GET", "/api/v1/accounts/([0-9]+)/alert-channels", ListChannels);
    route("POST", "/api/v1/accounts/([0-9]+)/alert-channels", CreateChannel);
    route("PATCH", "/api/v1/alert-channels/([0-9]+)", PatchChannel);
    route("DELETE", "/api/v1/alert-channels/([0-9]+)", DeleteChannel);
    route("POST", "/api/v1/alert-channels/([0-9]+)/test", TestChannel);
    // This exact pattern is exempt from CSRF checks and Idempotency-Key replays (see
    // http_server.cpp): a mail client posts it with no session; the link's token decides.
    route("GET", kUnsubscribePattern, UnsubscribePage);
    route("POST", kUnsubscribePattern, Unsubscribe);
    route("GET", "/api/v1/accounts/([0-9]+)/alerts", ListAccountAlerts);
    route("GET", "/api/v1/alerts/([0-9]+)", GetAlert);
    route("POST", "/api/v1/alerts/([0-9]+)/acknowledge", AcknowledgeRoute);
    route("GET", "/api/v1/accounts/([0-9]+)/silences", ListSilencesRoute);
    route("POST", "/api/v1/accounts/([0-9]+)/silences", CreateSilence);
    route("DELETE", "/api/v1/silences/([0-9]+)", DeleteSilenceRoute);
}

}  // namespace portal::server

// Alerts in SQL (migration 011). Lists (sites, rooms, channels, flips) are stored as the JSON
// arrays the API speaks; the subset queries read a JSON array of ids (IdsIn: SQLite's json_each,
// PostgreSQL's json_array_elements_text).
#include "server/alerts/alerts_store.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/engine.h"
#include "core/telemetry.h"
#include "server/database.h"
#include "server/invitation_store.h"
#include "server/mail.h"
#include "server/sql_helpers.h"

namespace portal::server {

namespace {

using sql::BindIdOrNull;
using sql::BindNullable;
using sql::Nullable;

std::string IdsJson(const std::vector<Id>& ids) {
    return api::Json(ids).dump();
}

// The ids of a JSON array of ids (IdsJson), as the rows of a subquery: `x IN (` IdsIn `)`.
// array: the SQL of the array (a parameter, a column).
std::string IdsIn(const Database& db, const std::string& array) {
    if (db.backend() == Backend::Sqlite) return "SELECT value FROM json_each(" + array + ")";
    return "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(" + array +
           " AS json))";
}

std::string StringsJson(const std::vector<std::string>& items) {
    return api::Json(items).dump();
}

// What this module wrote reads back; anything else reads as empty (and scopes fail closed below).
std::vector<Id> ReadIds(const std::string& text, bool& damaged) {
    std::vector<Id> out;
    api::Json json = api::Json::parse(text, nullptr, false);
    if (!json.is_array()) {
        damaged = true;
        return out;
    }
    for (const api::Json& item : json) {
        if (item.is_number_integer()) {
            out.push_back(item.get<Id>());
        } else {
            damaged = true;
        }
    }
    return out;
}

std::vector<std::string> ReadStrings(const std::string& text, bool& damaged) {
    std::vector<std::string> out;
    api::Json json = api::Json::parse(text, nullptr, false);
    if (!json.is_array()) {
        damaged = true;
        return out;
    }
    for (const api::Json& item : json) {
        if (item.is_string()) {
            out.push_back(item.get<std::string>());
        } else {
            damaged = true;
        }
    }
    return out;
}

// Room 0 never exists: a damaged scope covers no room rather than every room.
constexpr Id kNoRoom = 0;

// ---------------------------------------------------------------------------------------------
// Rules

constexpr const char* kSelectRule =
    "SELECT id, account_id, name, condition, for_seconds, severity, sites, rooms, channels,"
    " enabled, created_at FROM alert_rules";

api::AlertRule ReadRule(const Statement& row) {
    api::AlertRule rule;
    rule.id = row.ColumnInt(0);
    rule.account_id = row.ColumnInt(1);
    rule.name = row.ColumnText(2);
    alerts::ParseCondition(row.ColumnText(3), rule.condition);
    rule.for_seconds = row.ColumnInt(4);
    alerts::ParseSeverity(row.ColumnText(5), rule.severity);
    bool damaged = false;
    rule.sites = ReadStrings(row.ColumnText(6), damaged);
    rule.rooms = ReadIds(row.ColumnText(7), damaged);
    if (damaged) rule.rooms = {kNoRoom};
    bool channels_damaged = false;
    rule.channels = ReadIds(row.ColumnText(8), channels_damaged);
    rule.enabled = row.ColumnInt(9) != 0;
    rule.created_at = row.ColumnInt(10);
    return rule;
}

alerts::Rule CoreRule(const api::AlertRule& rule) {
    alerts::Rule out;
    out.id = rule.id;
    out.account_id = rule.account_id;
    out.name = rule.name;
    out.condition = rule.condition;
    out.for_seconds = rule.for_seconds;
    out.severity = rule.severity;
    out.scope.sites = rule.sites;
    out.scope.rooms = rule.rooms;
    out.channels = rule.channels;
    out.enabled = rule.enabled;
    return out;
}

// ---------------------------------------------------------------------------------------------
// Channels

constexpr const char* kSelectChannel =
    "SELECT id, account_id, type, name, settings, sealed_secret, unsubscribed, last_mail_at,"
    " created_at, deleted_at FROM alert_channels";

ChannelRecord ReadChannel(const Statement& row) {
    ChannelRecord record;
    api::AlertChannel& channel = record.channel;
    channel.id = row.ColumnInt(0);
    channel.account_id = row.ColumnInt(1);
    api::ChannelTypeFrom(row.ColumnText(2), channel.type);
    channel.name = row.ColumnText(3);
    api::Json settings = api::Json::parse(row.ColumnText(4), nullptr, false);
    if (!settings.is_object()) settings = api::Json::object();
    auto text = [&](const char* key, std::string& out) {
        auto it = settings.find(key);
        if (it != settings.end() && it->is_string()) out = it->get<std::string>();
    };
    bool damaged = false;
    if (auto it = settings.find("recipients"); it != settings.end()) {
        channel.recipients = ReadStrings(it->dump(), damaged);
    }
    if (auto it = settings.find("accountAdmins"); it != settings.end() && it->is_boolean()) {
        channel.account_admins = it->get<bool>();
    }
    text("language", channel.language);
    text("instanceUrl", channel.instance_url);
    text("authType", channel.auth_type);
    text("username", channel.username);
    text("clientId", channel.client_id);
    text("table", channel.table);
    text("assignmentGroup", channel.assignment_group);
    text("callerId", channel.caller_id);
    text("resolveState", channel.resolve_state);
    text("closeCode", channel.close_code);
    text("url", channel.url);
    if (!row.ColumnIsNull(5)) record.sealed_secret = row.ColumnText(5);
    channel.secret_set = !record.sealed_secret.empty();
    record.unsubscribed = ReadStrings(row.ColumnText(6), damaged);
    record.last_mail_at = Nullable(row, 7);
    channel.created_at = row.ColumnInt(8);
    record.deleted = !row.ColumnIsNull(9);
    return record;
}

std::string ChannelSettings(const api::AlertChannel& channel) {
    api::Json settings = api::Json::object();
    switch (channel.type) {
        case api::ChannelType::Email:
            settings["recipients"] = channel.recipients;
            settings["accountAdmins"] = channel.account_admins;
            settings["language"] = channel.language;
            break;
        case api::ChannelType::ServiceNow:
            settings["instanceUrl"] = channel.instance_url;
            settings["authType"] = channel.auth_type;
            settings["username"] = channel.username;
            settings["clientId"] = channel.client_id;
            settings["table"] = channel.table;
            settings["assignmentGroup"] = channel.assignment_group;
            settings["callerId"] = channel.caller_id;
            settings["resolveState"] = channel.resolve_state;
            settings["closeCode"] = channel.close_code;
            break;
        case api::ChannelType::Webhook:
            settings["url"] = channel.url;
            break;
    }
    return settings.dump();
}

// ---------------------------------------------------------------------------------------------
// Silences

constexpr const char* kSelectSilence =
    "SELECT id, account_id, sites, rooms, starts_at, ends_at, comment, created_by, created_at"
    " FROM alert_silences";

api::Silence ReadSilence(const Statement& row) {
    api::Silence silence;
    silence.id = row.ColumnInt(0);
    silence.account_id = row.ColumnInt(1);
    bool damaged = false;
    silence.sites = ReadStrings(row.ColumnText(2), damaged);
    silence.rooms = ReadIds(row.ColumnText(3), damaged);
    silence.starts_at = row.ColumnInt(4);
    silence.ends_at = row.ColumnInt(5);
    silence.comment = row.ColumnText(6);
    silence.created_by = sql::IdOrZero(row, 7);
    silence.created_at = row.ColumnInt(8);
    // A silence whose scope cannot be read silences nothing rather than everything.
    if (damaged) silence.rooms = {kNoRoom};
    return silence;
}

alerts::Silence CoreSilence(const api::Silence& silence) {
    alerts::Silence out;
    out.id = silence.id;
    out.scope.sites = silence.sites;
    out.scope.rooms = silence.rooms;
    out.starts_at = silence.starts_at;
    out.ends_at = silence.ends_at;
    return out;
}

// ---------------------------------------------------------------------------------------------
// Alerts

constexpr const char* kSelectAlert =
    "SELECT id, rule_id, room_id, serial, condition, severity, state, pending_since, started_at,"
    " resolved_at, resolved_reason, acknowledged_by, acknowledged_at, condition_true, flips,"
    " flapping, notified, last_notified_at, account_id FROM alerts";

const char* NotifiedName(alerts::Notified notified) {
    switch (notified) {
        case alerts::Notified::Firing:
            return "firing";
        case alerts::Notified::Resolved:
            return "resolved";
        case alerts::Notified::Nothing:
            break;
    }
    return "nothing";
}

alerts::Alert ReadAlert(const Statement& row) {
    alerts::Alert alert;
    alert.id = row.ColumnInt(0);
    alert.rule_id = row.ColumnInt(1);
    alert.room_id = row.ColumnInt(2);
    alert.serial = row.ColumnText(3);
    alerts::ParseCondition(row.ColumnText(4), alert.condition);
    alerts::ParseSeverity(row.ColumnText(5), alert.severity);
    alerts::ParseState(row.ColumnText(6), alert.state);
    alert.pending_since = row.ColumnInt(7);
    alert.started_at = Nullable(row, 8);
    alert.resolved_at = Nullable(row, 9);
    alert.resolved_reason = row.ColumnText(10);
    alert.acknowledged_by = sql::IdOrZero(row, 11);
    alert.acknowledged_at = Nullable(row, 12);
    alert.condition_true = row.ColumnInt(13) != 0;
    bool damaged = false;
    for (Id flip : ReadIds(row.ColumnText(14), damaged)) alert.flips.push_back(flip);
    alert.flapping = row.ColumnInt(15) != 0;
    std::string notified = row.ColumnText(16);
    alert.notified = notified == "firing"     ? alerts::Notified::Firing
                     : notified == "resolved" ? alerts::Notified::Resolved
                                              : alerts::Notified::Nothing;
    alert.last_notified_at = Nullable(row, 17);
    return alert;
}

// Binds every column of an alert row but id: 1..19 in the order of kAlertColumns.
constexpr const char* kAlertColumns =
    "account_id, rule_id, room_id, serial, condition, severity, state, pending_since,"
    " started_at, resolved_at, resolved_reason, acknowledged_by, acknowledged_at,"
    " condition_true, flips, flapping, notified, last_notified_at, final, updated_at";

void BindAlert(Statement& q, Id account_id, const alerts::Alert& alert, Seconds now) {
    q.Bind(1, int64_t{account_id});
    q.Bind(2, int64_t{alert.rule_id});
    q.Bind(3, int64_t{alert.room_id});
    q.Bind(4, alert.serial);
    q.Bind(5, alerts::ConditionName(alert.condition));
    q.Bind(6, alerts::SeverityName(alert.severity));
    q.Bind(7, alerts::StateName(alert.state));
    q.Bind(8, int64_t{alert.pending_since});
    BindNullable(q, 9, alert.started_at);
    BindNullable(q, 10, alert.resolved_at);
    q.Bind(11, alert.resolved_reason);
    BindIdOrNull(q, 12, alert.acknowledged_by);
    BindNullable(q, 13, alert.acknowledged_at);
    q.Bind(14, int64_t{alert.condition_true ? 1 : 0});
    q.Bind(15, api::Json(alert.flips).dump());
    q.Bind(16, int64_t{alert.flapping ? 1 : 0});
    q.Bind(17, NotifiedName(alert.notified));
    BindNullable(q, 18, alert.last_notified_at);
    q.Bind(19, int64_t{alert.Final(now) ? 1 : 0});
    q.Bind(20, int64_t{now});
}

bool SaveAlert(Database& db, Id account_id, alerts::Alert& alert, Seconds now, std::string& error) {
    if (alert.id == 0) {
        std::string sql = std::string("INSERT INTO alerts(") + kAlertColumns +
                          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                          " ?15, ?16, ?17, ?18, ?19, ?20) RETURNING id";
        Statement insert = db.Prepare(sql);
        if (!insert.Valid()) return sql::Failed(db, "cannot store an alert", error);
        BindAlert(insert, account_id, alert, now);
        if (insert.Step() != Statement::StepResult::Row) {
            return sql::Failed(db, "cannot store an alert", error);
        }
        alert.id = insert.ColumnInt(0);
        insert.Step();
        return true;
    }
    return sql::Run(db,
                    "UPDATE alerts SET account_id = ?1, rule_id = ?2, room_id = ?3, serial = ?4,"
                    " condition = ?5, severity = ?6, state = ?7, pending_since = ?8,"
                    " started_at = ?9, resolved_at = ?10, resolved_reason = ?11,"
                    " acknowledged_by = ?12, acknowledged_at = ?13, condition_true = ?14,"
                    " flips = ?15, flapping = ?16, notified = ?17, last_notified_at = ?18,"
                    " final = ?19, updated_at = ?20 WHERE id = ?21",
                    "cannot update an alert", error, [&](Statement& q) {
                        BindAlert(q, account_id, alert, now);
                        q.Bind(21, int64_t{alert.id});
                    });
}

// The rooms' facts the evaluator reads: names, sites, capacity, people, devices and their status,
// the newest event, and whether their licenses give alerts today (R-GATE-2).
bool LoadRoomFacts(Store::Writer& w, const Catalogue& catalogue, Id account_id,
                   const std::vector<Id>* room_ids, Date today, std::vector<alerts::RoomFacts>& out,
                   std::string& error) {
    Database& db = w.db();
    out.clear();
    State state;
    if (room_ids) {
        Store::ActionScope scope;
        scope.rooms = *room_ids;
        if (!w.LoadActionState(account_id, scope, state, error)) return false;
    } else if (!w.LoadAccountOnly(account_id, state, error)) {
        return false;
    }
    std::unordered_map<Id, size_t> index;
    // One pass over the licenses for every room (EntitlementsOf per room would scan them all
    // for each: quadratic on a sweep of 10,000 rooms).
    std::vector<RoomEntitlements> entitlements = EntitlementsOfRooms(state, catalogue, today);
    for (size_t i = 0; i < state.rooms.size(); ++i) {
        const Room& room = state.rooms[i];
        if (room.account_id != account_id) continue;  // a scope names only this account's
        alerts::RoomFacts facts;
        facts.room_id = room.id;
        facts.name = room.name;
        facts.site = room.site;
        facts.capacity = room.capacity;
        facts.alerts_entitled = entitlements[i].alerts;
        index[room.id] = out.size();
        out.push_back(std::move(facts));
    }
    if (out.empty()) return true;
    std::string ids = room_ids ? IdsJson(*room_ids) : "[]";
    std::string room_filter = room_ids ? " AND r.id IN (" + IdsIn(db, "?2") + ")" : "";
    std::string people_sql =
        std::string(
            "SELECT r.id, s.people, s.people_at FROM rooms r JOIN room_status s ON"
            " s.room_id = r.id WHERE r.account_id = ?1") +
        room_filter;
    std::string devices_sql = std::string(
                                  "SELECT d.room_id, d.serial, s.online, s.at FROM devices d"
                                  " JOIN rooms r ON r.id = d.room_id"
                                  " LEFT JOIN device_status s ON s.serial = d.serial"
                                  " WHERE r.account_id = ?1") +
                              room_filter + " ORDER BY d.room_id, d.serial";
    auto bind = [&](Statement& q) {
        q.Bind(1, int64_t{account_id});
        if (room_ids) q.Bind(2, ids);
    };
    auto later = [](std::optional<Seconds>& latest, std::optional<Seconds> at) {
        if (at && (!latest || *at > *latest)) latest = at;
    };
    return sql::Query(db, people_sql.c_str(), "cannot read room status", error, bind,
                      [&](Statement& row) {
                          auto found = index.find(row.ColumnInt(0));
                          if (found == index.end()) return;
                          alerts::RoomFacts& facts = out[found->second];
                          facts.people = static_cast<int>(row.ColumnInt(1));
                          facts.people_at = row.ColumnInt(2);
                          later(facts.last_event_at, facts.people_at);
                      }) &&
           sql::Query(db, devices_sql.c_str(), "cannot read device status", error, bind,
                      [&](Statement& row) {
                          auto found = index.find(row.ColumnInt(0));
                          if (found == index.end()) return;
                          alerts::RoomFacts& facts = out[found->second];
                          alerts::DeviceFacts device;
                          device.serial = row.ColumnText(1);
                          if (!row.ColumnIsNull(2)) device.online = row.ColumnInt(2) != 0;
                          device.at = Nullable(row, 3);
                          later(facts.last_event_at, device.at);
                          facts.devices.push_back(std::move(device));
                      });
}

bool LoadOpenAlerts(Store::Writer& w, Id account_id, const std::vector<Id>* room_ids,
                    std::vector<alerts::Alert>& out, std::string& error) {
    out.clear();
    std::string sql = std::string(kSelectAlert) + " WHERE account_id = ?1 AND final = 0";
    if (room_ids) sql += " AND room_id IN (" + IdsIn(w.db(), "?2") + ")";
    std::string ids = room_ids ? IdsJson(*room_ids) : "";
    return sql::Query(
        w.db(), sql.c_str(), "cannot read open alerts", error,
        [&](Statement& q) {
            q.Bind(1, int64_t{account_id});
            if (room_ids) q.Bind(2, ids);
        },
        [&](Statement& row) { out.push_back(ReadAlert(row)); });
}

bool InsertDelivery(Database& db, Id alert_id, Id account_id, Id channel_id, bool resolved,
                    Seconds now, std::string& error) {
    return sql::Run(db,
                    "INSERT INTO alert_deliveries(alert_id, account_id, channel_id, kind,"
                    " next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    "cannot queue a delivery", error, [&](Statement& q) {
                        q.Bind(1, int64_t{alert_id});
                        q.Bind(2, int64_t{account_id});
                        q.Bind(3, int64_t{channel_id});
                        q.Bind(4, resolved ? "resolved" : "firing");
                        q.Bind(5, int64_t{now});
                        q.Bind(6, int64_t{now});
                    });
}

int SeverityRank(const std::string& severity) {
    alerts::Severity parsed = alerts::Severity::Warning;
    if (!alerts::ParseSeverity(severity, parsed)) return 9;
    return static_cast<int>(parsed);  // Critical first
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Rules

bool ListAlertRules(Store::Writer& w, Id account_id, std::vector<api::AlertRule>& out,
                    std::string& error) {
    out.clear();
    std::string sql =
        std::string(kSelectRule) + " WHERE account_id = ? AND deleted_at IS NULL ORDER BY id";
    return sql::Query(
        w.db(), sql.c_str(), "cannot read alert rules", error,
        [&](Statement& q) { q.Bind(1, int64_t{account_id}); },
        [&](Statement& row) { out.push_back(ReadRule(row)); });
}

bool FindAlertRule(Store::Writer& w, Id rule_id, api::AlertRule& out, bool& found,
                   std::string& error) {
    found = false;
    std::string sql = std::string(kSelectRule) + " WHERE id = ? AND deleted_at IS NULL";
    return sql::Query(
        w.db(), sql.c_str(), "cannot read an alert rule", error,
        [&](Statement& q) { q.Bind(1, int64_t{rule_id}); },
        [&](Statement& row) {
            out = ReadRule(row);
            found = true;
        });
}

bool InsertAlertRule(Store::Writer& w, api::AlertRule& rule, Id created_by, std::string& error) {
    Database& db = w.db();
    Statement insert = db.Prepare(
        "INSERT INTO alert_rules(account_id, name, condition, for_seconds, severity, sites,"
        " rooms, channels, enabled, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!insert.Valid()) return sql::Failed(db, "cannot store the alert rule", error);
    insert.Bind(1, int64_t{rule.account_id});
    insert.Bind(2, rule.name);
    insert.Bind(3, alerts::ConditionName(rule.condition));
    insert.Bind(4, int64_t{rule.for_seconds});
    insert.Bind(5, alerts::SeverityName(rule.severity));
    insert.Bind(6, StringsJson(rule.sites));
    insert.Bind(7, IdsJson(rule.rooms));
    insert.Bind(8, IdsJson(rule.channels));
    insert.Bind(9, int64_t{rule.enabled ? 1 : 0});
    BindIdOrNull(insert, 10, created_by);
    insert.Bind(11, int64_t{rule.created_at});
    if (insert.Step() != Statement::StepResult::Row) {
        return sql::Failed(db, "cannot store the alert rule", error);
    }
    rule.id = insert.ColumnInt(0);
    insert.Step();
    return true;
}

bool UpdateAlertRule(Store::Writer& w, const api::AlertRule& rule, std::string& error) {
    return sql::Run(w.db(),
                    "UPDATE alert_rules SET name = ?, condition = ?, for_seconds = ?,"
                    " severity = ?, sites = ?, rooms = ?, channels = ?, enabled = ?"
                    " WHERE id = ? AND deleted_at IS NULL",
                    "cannot update the alert rule", error, [&](Statement& q) {
                        q.Bind(1, rule.name);
                        q.Bind(2, alerts::ConditionName(rule.condition));
                        q.Bind(3, int64_t{rule.for_seconds});
                        q.Bind(4, alerts::SeverityName(rule.severity));
                        q.Bind(5, StringsJson(rule.sites));
                        q.Bind(6, IdsJson(rule.rooms));
                        q.Bind(7, IdsJson(rule.channels));
                        q.Bind(8, int64_t{rule.enabled ? 1 : 0});
                        q.Bind(9, int64_t{rule.id});
                    });
}

bool DeleteAlertRule(Store::Writer& w, Id rule_id, Seconds now, std::string& error) {
    return sql::Run(w.db(),
                    "UPDATE alert_rules SET deleted_at = ?, enabled = 0 WHERE id = ?"
                    " AND deleted_at IS NULL",
                    "cannot delete the alert rule", error, [&](Statement& q) {
                        q.Bind(1, int64_t{now});
                        q.Bind(2, int64_t{rule_id});
                    });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Channels

bool ListAlertChannels(Store::Writer& w, Id account_id, std::vector<ChannelRecord>& out,
                       std::string& error) {
    out.clear();
    std::string sql =
        std::string(kSelectChannel) + " WHERE account_id = ? AND deleted_at IS NULL ORDER BY id";
    return sql::Query(
        w.db(), sql.c_str(), "cannot read alert channels", error,
        [&](Statement& q) { q.Bind(1, int64_t{account_id}); },
        [&](Statement& row) { out.push_back(ReadChannel(row)); });
}

bool FindAlertChannel(Store::Writer& w, Id channel_id, ChannelRecord& out, bool& found,
                      std::string& error, bool include_deleted) {
    found = false;
    std::string sql = std::string(kSelectChannel) + " WHERE id = ?" +
                      (include_deleted ? "" : " AND deleted_at IS NULL");
    return sql::Query(
        w.db(), sql.c_str(), "cannot read an alert channel", error,
        [&](Statement& q) { q.Bind(1, int64_t{channel_id}); },
        [&](Statement& row) {
            out = ReadChannel(row);
            found = true;
        });
}

bool InsertAlertChannel(Store::Writer& w, ChannelRecord& record, Id created_by, Seconds now,
                        std::string& error) {
    Database& db = w.db();
    Statement insert = db.Prepare(
        "INSERT INTO alert_channels(account_id, type, name, settings, sealed_secret,"
        " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!insert.Valid()) return sql::Failed(db, "cannot store the alert channel", error);
    api::AlertChannel& channel = record.channel;
    insert.Bind(1, int64_t{channel.account_id});
    insert.Bind(2, api::ChannelTypeName(channel.type));
    insert.Bind(3, channel.name);
    insert.Bind(4, ChannelSettings(channel));
    if (record.sealed_secret.empty()) {
        insert.BindNull(5);
    } else {
        insert.Bind(5, record.sealed_secret);
    }
    BindIdOrNull(insert, 6, created_by);
    insert.Bind(7, int64_t{now});
    if (insert.Step() != Statement::StepResult::Row) {
        return sql::Failed(db, "cannot store the alert channel", error);
    }
    channel.id = insert.ColumnInt(0);
    channel.created_at = now;
    channel.secret_set = !record.sealed_secret.empty();
    insert.Step();
    return true;
}

bool UpdateAlertChannel(Store::Writer& w, const ChannelRecord& record, std::string& error) {
    const api::AlertChannel& channel = record.channel;
    return sql::Run(w.db(),
                    "UPDATE alert_channels SET name = ?, settings = ?,"
                    " sealed_secret = COALESCE(?, sealed_secret) WHERE id = ?"
                    " AND deleted_at IS NULL",
                    "cannot update the alert channel", error, [&](Statement& q) {
                        q.Bind(1, channel.name);
                        q.Bind(2, ChannelSettings(channel));
                        if (record.sealed_secret.empty()) {
                            q.BindNull(3);
                        } else {
                            q.Bind(3, record.sealed_secret);
                        }
                        q.Bind(4, int64_t{channel.id});
                    });
}

bool SetChannelUnsubscribed(Store::Writer& w, Id channel_id,
                            const std::vector<std::string>& recipients,
                            const std::vector<std::string>& unsubscribed, std::string& error) {
    ChannelRecord record;
    bool found = false;
    if (!FindAlertChannel(w, channel_id, record, found, error)) return false;
    if (!found) return true;
    record.channel.recipients = recipients;
    return sql::Run(w.db(), "UPDATE alert_channels SET settings = ?, unsubscribed = ? WHERE id = ?",
                    "cannot update the alert channel", error, [&](Statement& q) {
                        q.Bind(1, ChannelSettings(record.channel));
                        q.Bind(2, StringsJson(unsubscribed));
                        q.Bind(3, int64_t{channel_id});
                    });
}

bool SetChannelLastMail(Store::Writer& w, Id channel_id, Seconds at, std::string& error) {
    return sql::Run(w.db(), "UPDATE alert_channels SET last_mail_at = ? WHERE id = ?",
                    "cannot update the alert channel", error, [&](Statement& q) {
                        q.Bind(1, int64_t{at});
                        q.Bind(2, int64_t{channel_id});
                    });
}

bool DeleteAlertChannel(Store::Writer& w, Id channel_id, Seconds now, std::string& error) {
    return sql::Run(w.db(),
                    "UPDATE alert_channels SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                    "cannot delete the alert channel", error,
                    [&](Statement& q) {
                        q.Bind(1, int64_t{now});
                        q.Bind(2, int64_t{channel_id});
                    }) &&
           sql::Run(w.db(),
                    "UPDATE alert_deliveries SET status = 'failed', last_error = 'channel deleted'"
                    " WHERE channel_id = ? AND status = 'pending'",
                    "cannot drop the channel's deliveries", error,
                    [&](Statement& q) { q.Bind(1, int64_t{channel_id}); }) &&
           // The rules that named it stop naming it (a rule naming an unknown channel could not
           // be changed any more: every change checks its channels).
           sql::Run(w.db(),
                    w.db().backend() == Backend::Sqlite
                        ? "UPDATE alert_rules SET channels = (SELECT json_group_array(value) FROM"
                          " json_each(alert_rules.channels) WHERE value <> ?1)"
                          " WHERE EXISTS (SELECT 1 FROM json_each(alert_rules.channels)"
                          " WHERE value = ?1)"
                        // json_agg: NULL for no rows, where json_group_array gives [].
                        : "UPDATE alert_rules SET channels = (SELECT"
                          " CAST(COALESCE(json_agg(CAST(value AS BIGINT)), '[]') AS TEXT) FROM"
                          " json_array_elements_text(CAST(alert_rules.channels AS json))"
                          " WHERE CAST(value AS BIGINT) <> ?1)"
                          " WHERE EXISTS (SELECT 1 FROM"
                          " json_array_elements_text(CAST(alert_rules.channels AS json))"
                          " WHERE CAST(value AS BIGINT) = ?1)",
                    "cannot take the channel out of its rules", error,
                    [&](Statement& q) { q.Bind(1, int64_t{channel_id}); });
}

bool CreateDefaultAlerting(Store::Writer& w, Id account_id, const std::string& country, Seconds now,
                           std::string& error) {
    ChannelRecord channel;
    channel.channel.account_id = account_id;
    channel.channel.type = api::ChannelType::Email;
    channel.channel.name = "Account admins";
    channel.channel.account_admins = true;
    std::string code = country;
    for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    channel.channel.language =
        (code == "FR" || code == "BE" || code == "LU" || code == "MC") ? "fr" : "en";
    if (!InsertAlertChannel(w, channel, 0, now, error)) return false;
    api::AlertRule rule;
    rule.account_id = account_id;
    rule.name = "Device offline for 5 minutes";
    rule.condition = alerts::Condition::DeviceOffline;
    rule.for_seconds = 300;
    rule.severity = alerts::Severity::Major;
    rule.channels = {channel.channel.id};
    rule.enabled = true;
    rule.created_at = now;
    return InsertAlertRule(w, rule, 0, error);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Silences

bool ListSilences(Store::Writer& w, Id account_id, Seconds since, std::vector<api::Silence>& out,
                  std::string& error) {
    out.clear();
    std::string sql = std::string(kSelectSilence) +
                      " WHERE account_id = ? AND deleted_at IS NULL AND ends_at > ?"
                      " ORDER BY starts_at DESC, id DESC";
    return sql::Query(
        w.db(), sql.c_str(), "cannot read silences", error,
        [&](Statement& q) {
            q.Bind(1, int64_t{account_id});
            q.Bind(2, int64_t{since});
        },
        [&](Statement& row) { out.push_back(ReadSilence(row)); });
}

bool FindSilence(Store::Writer& w, Id silence_id, api::Silence& out, bool& found,
                 std::string& error) {
    found = false;
    std::string sql = std::string(kSelectSilence) + " WHERE id = ? AND deleted_at IS NULL";
    return sql::Query(
        w.db(), sql.c_str(), "cannot read a silence", error,
        [&](Statement& q) { q.Bind(1, int64_t{silence_id}); },
        [&](Statement& row) {
            out = ReadSilence(row);
            found = true;
        });
}

bool InsertSilence(Store::Writer& w, api::Silence& silence, std::string& error) {
    Database& db = w.db();
    Statement insert = db.Prepare(
        "INSERT INTO alert_silences(account_id, sites, rooms, starts_at, ends_at, comment,"
        " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!insert.Valid()) return sql::Failed(db, "cannot store the silence", error);
    insert.Bind(1, int64_t{silence.account_id});
    insert.Bind(2, StringsJson(silence.sites));
    insert.Bind(3, IdsJson(silence.rooms));
    insert.Bind(4, int64_t{silence.starts_at});
    insert.Bind(5, int64_t{silence.ends_at});
    insert.Bind(6, silence.comment);
    BindIdOrNull(insert, 7, silence.created_by);
    insert.Bind(8, int64_t{silence.created_at});
    if (insert.Step() != Statement::StepResult::Row) {
        return sql::Failed(db, "cannot store the silence", error);
    }
    silence.id = insert.ColumnInt(0);
    insert.Step();
    return true;
}

bool DeleteSilence(Store::Writer& w, Id silence_id, Seconds now, std::string& error) {
    return sql::Run(w.db(), "UPDATE alert_silences SET deleted_at = ? WHERE id = ?",
                    "cannot delete the silence", error, [&](Statement& q) {
                        q.Bind(1, int64_t{now});
                        q.Bind(2, int64_t{silence_id});
                    });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Evaluation

bool EvaluateAlerts(Store::Writer& w, const Catalogue& catalogue, Id account_id,
                    const std::vector<Id>* room_ids, Seconds now, EvaluationOutcome& outcome,
                    std::string& error) {
    Database& db = w.db();
    std::vector<api::AlertRule> rules;
    if (!ListAlertRules(w, account_id, rules, error)) return false;
    alerts::EvaluationInput input;
    input.now = now;
    for (const api::AlertRule& rule : rules) input.rules.push_back(CoreRule(rule));
    std::vector<alerts::Alert> loaded, open;
    if (!LoadOpenAlerts(w, account_id, room_ids, loaded, error)) return false;
    // Alerts that became Final with time alone (past the re-fire window, nothing owed) are
    // marked so, and no longer loaded: what the evaluator reads stays as small as what is open.
    std::vector<Id> now_final;
    for (alerts::Alert& alert : loaded) {
        if (alert.Final(now)) {
            now_final.push_back(alert.id);
        } else {
            open.push_back(std::move(alert));
        }
    }
    if (!now_final.empty() &&
        !sql::Run(db, ("UPDATE alerts SET final = 1 WHERE id IN (" + IdsIn(db, "?") + ")").c_str(),
                  "cannot close alerts", error,
                  [&](Statement& q) { q.Bind(1, IdsJson(now_final)); })) {
        return false;
    }
    if (input.rules.empty() && open.empty()) return true;  // nothing to watch, nothing to close
    // The engine's day: UTC, as everywhere on the server.
    Date today{static_cast<int>((now >= 0 ? now : now - 86399) / 86400)};
    if (!LoadRoomFacts(w, catalogue, account_id, room_ids, today, input.rooms, error)) {
        return false;
    }
    input.alerts = std::move(open);
    std::vector<api::Silence> silences;
    if (!ListSilences(w, account_id, now, silences, error)) return false;
    for (const api::Silence& silence : silences) input.silences.push_back(CoreSilence(silence));

    alerts::EvaluationResult result = alerts::Evaluate(input);
    if (result.alerts.empty() && result.dropped.empty()) return true;
    for (Id dropped : result.dropped) {
        if (!sql::Run(db, "DELETE FROM alerts WHERE id = ? AND state = 'pending'",
                      "cannot drop a pending alert", error,
                      [&](Statement& q) { q.Bind(1, int64_t{dropped}); })) {
            return false;
        }
    }
    for (alerts::Alert& alert : result.alerts) {
        if (!SaveAlert(db, account_id, alert, now, error)) return false;
    }
    // A channel of the rule that was deleted (or belongs elsewhere) gets nothing.
    std::vector<ChannelRecord> channels;
    if (!result.notifications.empty() && !ListAlertChannels(w, account_id, channels, error)) {
        return false;
    }
    std::set<Id> live_channels;
    for (const ChannelRecord& channel : channels) live_channels.insert(channel.channel.id);
    for (const alerts::Notification& notification : result.notifications) {
        const alerts::Alert& alert = result.alerts[notification.alert_index];
        for (Id channel_id : notification.channels) {
            if (!live_channels.count(channel_id)) continue;
            if (!InsertDelivery(db, alert.id, account_id, channel_id, notification.resolved, now,
                                error)) {
                return false;
            }
            ++outcome.deliveries;
        }
    }
    outcome.changed = true;
    return true;
}

bool AccountsToSweep(Store::Writer& w, std::vector<Id>& out, std::string& error) {
    out.clear();
    return sql::Query(
        w.db(),
        "SELECT account_id FROM alert_rules WHERE enabled = 1 AND deleted_at IS NULL"
        " UNION SELECT account_id FROM alerts WHERE final = 0 ORDER BY 1",
        "cannot list the accounts to evaluate", error, [](Statement&) {},
        [&](Statement& row) { out.push_back(row.ColumnInt(0)); });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Alerts as the API answers them

namespace {

bool FillDeliveries(Database& db, std::vector<api::Alert>& alerts, std::string& error) {
    if (alerts.empty()) return true;
    std::unordered_map<Id, size_t> index;
    std::vector<Id> ids;
    for (size_t i = 0; i < alerts.size(); ++i) {
        index[alerts[i].id] = i;
        ids.push_back(alerts[i].id);
    }
    std::string ids_json = IdsJson(ids);
    struct EmailState {
        size_t alert = 0;
        size_t delivery = 0;
        std::vector<Id> outbox;
    };
    std::vector<EmailState> emails;
    std::string deliveries_sql =
        "SELECT d.alert_id, d.channel_id, c.name, d.kind, d.status, d.attempts, d.last_error,"
        " d.external_id, d.delivered_at, d.outbox_ids, c.type FROM alert_deliveries d"
        " JOIN alert_channels c ON c.id = d.channel_id"
        " WHERE d.alert_id IN (" +
        IdsIn(db, "?") + ") ORDER BY d.id";
    bool ok = sql::Query(
        db, deliveries_sql.c_str(), "cannot read deliveries", error,
        [&](Statement& q) { q.Bind(1, ids_json); },
        [&](Statement& row) {
            auto found = index.find(row.ColumnInt(0));
            if (found == index.end()) return;
            api::AlertDelivery delivery;
            delivery.channel_id = row.ColumnInt(1);
            delivery.channel_name = row.ColumnText(2);
            delivery.kind = row.ColumnText(3);
            delivery.status = row.ColumnText(4);
            delivery.attempts = static_cast<int>(row.ColumnInt(5));
            delivery.last_error = row.ColumnText(6);
            delivery.external_id = row.ColumnText(7);
            delivery.delivered_at = Nullable(row, 8);
            api::Alert& alert = alerts[found->second];
            bool damaged = false;
            std::vector<Id> outbox = ReadIds(row.ColumnText(9), damaged);
            if (row.ColumnText(10) == "email" && !outbox.empty()) {
                emails.push_back({found->second, alert.deliveries.size(), outbox});
            }
            alert.deliveries.push_back(std::move(delivery));
        });
    if (!ok) return false;
    // A mail is delivered once SMTP took it: until then the outbox says how it goes.
    for (const EmailState& email : emails) {
        api::AlertDelivery& delivery = alerts[email.alert].deliveries[email.delivery];
        bool all_sent = true;
        std::optional<Seconds> sent_at;
        int attempts = 0;
        std::string last_error;
        if (!sql::Query(
                db,
                ("SELECT sent_at, attempts, last_error FROM outbox WHERE id IN (" + IdsIn(db, "?") +
                 ")")
                    .c_str(),
                "cannot read the outbox", error,
                [&](Statement& q) { q.Bind(1, IdsJson(email.outbox)); },
                [&](Statement& row) {
                    if (row.ColumnIsNull(0)) {
                        all_sent = false;
                    } else if (!sent_at || row.ColumnInt(0) > *sent_at) {
                        sent_at = row.ColumnInt(0);
                    }
                    attempts = std::max(attempts, static_cast<int>(row.ColumnInt(1)));
                    if (!row.ColumnIsNull(2) && !row.ColumnText(2).empty()) {
                        last_error = row.ColumnText(2);
                    }
                })) {
            return false;
        }
        delivery.attempts = attempts;
        delivery.status = all_sent ? "delivered" : "pending";
        delivery.delivered_at = all_sent ? sent_at : std::nullopt;
        delivery.last_error = all_sent ? "" : last_error;
    }
    return true;
}

// The api::Alert of a row of kSelectAlert joined with its room, rule and acknowledger.
constexpr const char* kSelectApiAlert =
    "SELECT a.id, a.rule_id, a.room_id, a.serial, a.condition, a.severity, a.state,"
    " a.pending_since, a.started_at, a.resolved_at, a.resolved_reason, a.acknowledged_by,"
    " a.acknowledged_at, a.condition_true, a.flips, a.flapping, a.notified,"
    " a.last_notified_at, a.account_id, r.name, r.site, ru.name, u.name"
    " FROM alerts a LEFT JOIN rooms r ON r.id = a.room_id"
    " LEFT JOIN alert_rules ru ON ru.id = a.rule_id LEFT JOIN users u ON u.id = a.acknowledged_by";

api::Alert ReadApiAlert(const Statement& row) {
    alerts::Alert core = ReadAlert(row);
    api::Alert alert;
    alert.id = core.id;
    alert.account_id = row.ColumnInt(18);
    alert.rule_id = core.rule_id;
    alert.rule_name = row.ColumnIsNull(21) ? "" : row.ColumnText(21);
    alert.condition = core.condition;
    alert.severity = core.severity;
    alert.room_id = core.room_id;
    alert.room_name = row.ColumnIsNull(19) ? "" : row.ColumnText(19);
    alert.site = row.ColumnIsNull(20) ? "" : row.ColumnText(20);
    alert.serial = core.serial;
    alert.state = core.state;
    alert.pending_since = core.pending_since;
    alert.started_at = core.started_at;
    alert.resolved_at = core.resolved_at;
    alert.resolved_reason = core.resolved_reason;
    alert.acknowledged_by = core.acknowledged_by;
    alert.acknowledged_by_name = row.ColumnIsNull(22) ? "" : row.ColumnText(22);
    alert.acknowledged_at = core.acknowledged_at;
    alert.flapping = core.flapping;
    return alert;
}

bool MarkSilenced(Store::Writer& w, Id account_id, Seconds now, std::vector<api::Alert>& alerts,
                  std::string& error) {
    std::vector<api::Silence> silences;
    if (!ListSilences(w, account_id, now, silences, error)) return false;
    for (api::Alert& alert : alerts) {
        for (const api::Silence& silence : silences) {
            if (CoreSilence(silence).Covers(alert.room_id, alert.site, now)) alert.silenced = true;
        }
    }
    return true;
}

}  // namespace

bool ListAlerts(Store::Writer& w, Id account_id, const AlertQuery& query, Seconds now,
                std::vector<api::Alert>& out, std::string& error) {
    out.clear();
    // Only the parameters the SQL uses are bound: PostgreSQL cannot type one it never sees.
    std::string sql = std::string(kSelectApiAlert) + " WHERE a.account_id = ?";
    bool by_state =
        query.state == "acknowledged" || query.state == "resolved" || query.state == "pending";
    if (query.state == "firing") {
        sql += " AND a.state IN ('firing', 'acknowledged')";
    } else if (by_state) {
        sql += " AND a.state = ?";
    }
    if (query.room_id != 0) sql += " AND a.room_id = ?";
    sql += " ORDER BY COALESCE(a.started_at, a.pending_since) DESC, a.id DESC LIMIT ?";
    if (!sql::Query(
            w.db(), sql.c_str(), "cannot read alerts", error,
            [&](Statement& q) {
                int k = 1;
                q.Bind(k++, int64_t{account_id});
                if (by_state) q.Bind(k++, query.state);
                if (query.room_id != 0) q.Bind(k++, int64_t{query.room_id});
                q.Bind(k, int64_t{query.limit});
            },
            [&](Statement& row) { out.push_back(ReadApiAlert(row)); })) {
        return false;
    }
    return FillDeliveries(w.db(), out, error) && MarkSilenced(w, account_id, now, out, error);
}

bool FindAlert(Store::Writer& w, Id alert_id, Seconds now, api::Alert& out, bool& found,
               std::string& error) {
    found = false;
    std::vector<api::Alert> alerts;
    std::string sql = std::string(kSelectApiAlert) + " WHERE a.id = ?";
    if (!sql::Query(
            w.db(), sql.c_str(), "cannot read an alert", error,
            [&](Statement& q) { q.Bind(1, int64_t{alert_id}); },
            [&](Statement& row) { alerts.push_back(ReadApiAlert(row)); })) {
        return false;
    }
    if (alerts.empty()) return true;
    if (!FillDeliveries(w.db(), alerts, error) ||
        !MarkSilenced(w, alerts[0].account_id, now, alerts, error)) {
        return false;
    }
    out = std::move(alerts[0]);
    found = true;
    return true;
}

bool AcknowledgeAlert(Store::Writer& w, Id alert_id, Id user_id, Seconds now, bool& acknowledged,
                      std::string& error) {
    acknowledged = false;
    std::vector<std::pair<Id, alerts::Alert>> rows;
    std::string sql = std::string(kSelectAlert) + " WHERE id = ?";
    if (!sql::Query(
            w.db(), sql.c_str(), "cannot read an alert", error,
            [&](Statement& q) { q.Bind(1, int64_t{alert_id}); },
            [&](Statement& row) { rows.emplace_back(row.ColumnInt(18), ReadAlert(row)); })) {
        return false;
    }
    if (rows.empty()) return true;
    alerts::Alert& alert = rows[0].second;
    if (!alerts::Acknowledge(alert, user_id, now)) return true;
    acknowledged = true;
    return SaveAlert(w.db(), rows[0].first, alert, now, error);
}

bool CountFiringAlerts(Store::Writer& w, Id account_id, std::vector<RoomAlertCount>& out,
                       std::string& error) {
    out.clear();
    std::map<Id, RoomAlertCount> counts;
    bool ok = sql::Query(
        w.db(),
        "SELECT room_id, severity FROM alerts WHERE account_id = ? AND final = 0"
        " AND state IN ('firing', 'acknowledged')",
        "cannot count alerts", error, [&](Statement& q) { q.Bind(1, int64_t{account_id}); },
        [&](Statement& row) {
            RoomAlertCount& count = counts[row.ColumnInt(0)];
            count.room_id = row.ColumnInt(0);
            ++count.firing;
            std::string severity = row.ColumnText(1);
            if (count.worst_severity.empty() ||
                SeverityRank(severity) < SeverityRank(count.worst_severity)) {
                count.worst_severity = severity;
            }
        });
    for (auto& [room, count] : counts) out.push_back(count);
    return ok;
}

bool LockedRooms(Store::Writer& w, const Catalogue& catalogue, Id account_id, Date today,
                 std::vector<api::LockedRoom>& out, std::string& error) {
    out.clear();
    State state;
    if (!w.LoadAccountOnly(account_id, state, error)) return false;
    std::vector<RoomEntitlements> entitlements = EntitlementsOfRooms(state, catalogue, today);
    for (size_t i = 0; i < state.rooms.size(); ++i) {
        if (entitlements[i].alerts) continue;
        out.push_back({state.rooms[i].id, state.rooms[i].name, state.rooms[i].site});
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Deliveries

bool DueDeliveries(Store::Writer& w, Seconds now, int limit, std::vector<DeliveryRecord>& out,
                   std::string& error) {
    out.clear();
    return sql::Query(
        w.db(),
        "SELECT id, alert_id, account_id, channel_id, kind, attempts, next_attempt_at,"
        " created_at FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= ?"
        " ORDER BY id LIMIT ?",
        "cannot read due deliveries", error,
        [&](Statement& q) {
            q.Bind(1, int64_t{now});
            q.Bind(2, int64_t{limit});
        },
        [&](Statement& row) {
            DeliveryRecord record;
            record.id = row.ColumnInt(0);
            record.alert_id = row.ColumnInt(1);
            record.account_id = row.ColumnInt(2);
            record.channel_id = row.ColumnInt(3);
            record.kind = row.ColumnText(4);
            record.attempts = static_cast<int>(row.ColumnInt(5));
            record.next_attempt_at = row.ColumnInt(6);
            record.created_at = row.ColumnInt(7);
            out.push_back(std::move(record));
        });
}

bool NextDeliveryDue(Store::Writer& w, std::optional<Seconds>& out, std::string& error) {
    out.reset();
    return sql::Query(
        w.db(), "SELECT MIN(next_attempt_at) FROM alert_deliveries WHERE status = 'pending'",
        "cannot read deliveries", error, [](Statement&) {},
        [&](Statement& row) { out = Nullable(row, 0); });
}

bool MarkDelivered(Store::Writer& w, Id delivery_id, const std::string& external_id,
                   const std::string& mail_subject, const std::vector<Id>& outbox_ids, Seconds now,
                   std::string& error) {
    return sql::Run(w.db(),
                    "UPDATE alert_deliveries SET status = 'delivered', attempts = attempts + 1,"
                    " external_id = ?, mail_subject = ?, outbox_ids = ?, delivered_at = ?,"
                    " last_error = '' WHERE id = ?",
                    "cannot record a delivery", error, [&](Statement& q) {
                        q.Bind(1, external_id);
                        q.Bind(2, mail_subject);
                        q.Bind(3, IdsJson(outbox_ids));
                        q.Bind(4, int64_t{now});
                        q.Bind(5, int64_t{delivery_id});
                    });
}

bool AllStillPending(Store::Writer& w, const std::vector<Id>& delivery_ids, bool& pending,
                     std::string& error) {
    pending = true;
    for (Id delivery_id : delivery_ids) {
        bool found = false;
        if (!sql::Query(
                w.db(), "SELECT 1 FROM alert_deliveries WHERE id = ? AND status = 'pending'",
                "cannot read a delivery", error,
                [&](Statement& q) { q.Bind(1, int64_t{delivery_id}); },
                [&](Statement&) { found = true; })) {
            return false;
        }
        if (!found) pending = false;
    }
    return true;
}

bool ClaimDelivery(Store::Writer& w, Id delivery_id, Seconds now, Seconds until, bool& claimed,
                   std::string& error) {
    claimed = false;
    if (!sql::Run(w.db(),
                  "UPDATE alert_deliveries SET next_attempt_at = ? WHERE id = ?"
                  " AND status = 'pending' AND next_attempt_at <= ?",
                  "cannot claim a delivery", error, [&](Statement& q) {
                      q.Bind(1, int64_t{until});
                      q.Bind(2, int64_t{delivery_id});
                      q.Bind(3, int64_t{now});
                  })) {
        return false;
    }
    claimed = w.db().Changes() > 0;
    return true;
}

bool MarkAttemptFailed(Store::Writer& w, Id delivery_id, const std::string& error_text,
                       std::optional<Seconds> next_at, std::string& error) {
    return sql::Run(
        w.db(),
        "UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?,"
        " status = CASE WHEN CAST(? AS BIGINT) IS NULL THEN 'failed' ELSE 'pending' END,"
        " next_attempt_at = COALESCE(?, next_attempt_at) WHERE id = ?",
        "cannot record a delivery attempt", error, [&](Statement& q) {
            q.Bind(1, error_text);
            BindNullable(q, 2, next_at);
            BindNullable(q, 3, next_at);
            q.Bind(4, int64_t{delivery_id});
        });
}

bool FiringDeliveryOf(Store::Writer& w, Id alert_id, Id channel_id, std::string& external_id,
                      std::string& subject, bool& found, bool& failed, std::string& error) {
    found = false;
    failed = false;
    // The newest firing delivery: a re-fire after a resolve made another one.
    return sql::Query(
        w.db(),
        "SELECT status, external_id, mail_subject FROM alert_deliveries WHERE alert_id = ? AND"
        " channel_id = ? AND kind = 'firing' ORDER BY id DESC LIMIT 1",
        "cannot read deliveries", error,
        [&](Statement& q) {
            q.Bind(1, int64_t{alert_id});
            q.Bind(2, int64_t{channel_id});
        },
        [&](Statement& row) {
            std::string status = row.ColumnText(0);
            failed = status == "failed";
            found = status == "delivered";
            external_id = row.ColumnText(1);
            subject = row.ColumnText(2);
        });
}

bool FirstFiringDeliveryOf(Store::Writer& w, Id alert_id, Id channel_id, std::string& external_id,
                           bool& found, std::string& error) {
    found = false;
    return sql::Query(
        w.db(),
        "SELECT external_id FROM alert_deliveries WHERE alert_id = ? AND channel_id = ? AND"
        " kind = 'firing' AND status = 'delivered' ORDER BY id LIMIT 1",
        "cannot read deliveries", error,
        [&](Statement& q) {
            q.Bind(1, int64_t{alert_id});
            q.Bind(2, int64_t{channel_id});
        },
        [&](Statement& row) {
            external_id = row.ColumnText(0);
            found = true;
        });
}

bool RoomDevices(Store::Writer& w, Id room_id, std::vector<RoomDevice>& out, std::string& error) {
    out.clear();
    return sql::Query(
        w.db(),
        "SELECT d.serial, d.product, s.online, s.at FROM devices d"
        " LEFT JOIN device_status s ON s.serial = d.serial WHERE d.room_id = ? ORDER BY d.serial",
        "cannot read the room's devices", error, [&](Statement& q) { q.Bind(1, int64_t{room_id}); },
        [&](Statement& row) {
            RoomDevice device;
            device.serial = row.ColumnText(0);
            device.product = row.ColumnText(1);
            if (!row.ColumnIsNull(2)) device.online = row.ColumnInt(2) != 0;
            device.at = Nullable(row, 3);
            out.push_back(std::move(device));
        });
}

bool AccountNameOf(Store::Writer& w, Id account_id, std::string& out, std::string& error) {
    AccountName account;
    bool found = false;
    if (!FindAccountName(w, account_id, account, found, error)) return false;
    out = found ? account.name : "";
    return true;
}

bool InstallId(Store::Writer& w, std::string& out, std::string& error) {
    out.clear();
    return sql::Query(
        w.db(), "SELECT value FROM settings WHERE name = 'install_id'", "cannot read settings",
        error, [](Statement&) {}, [&](Statement& row) { out = row.ColumnText(0); });
}

bool AccountAdminAddresses(Store::Writer& w, Id account_id, std::vector<AdminAddress>& out,
                           std::string& error) {
    out.clear();
    const std::string sql =
        "SELECT u.email, " + MailLanguageSql("u", "a.country") +
        " FROM memberships m JOIN users u ON u.id = m.user_id JOIN accounts a ON a.id ="
        " m.account_id WHERE m.account_id = ? AND m.role = 'admin' AND u.disabled = 0"
        " ORDER BY u.id";
    return sql::Query(
        w.db(), sql.c_str(), "cannot read the account's admins", error,
        [&](Statement& q) { q.Bind(1, int64_t{account_id}); },
        [&](Statement& row) {
            out.push_back({row.ColumnText(0), row.ColumnText(1)});
        });
}

}  // namespace portal::server

// A ticket's snapshot of its room, and the facts the one-click proposal reads.
#include "server/support/support_snapshot.h"

#include <algorithm>
#include <cstdio>

#include "core/alerts.h"
#include "core/telemetry.h"
#include "server/alerts/alerts_store.h"

namespace portal::server {

namespace {

bool OpenAlert(const api::Alert& alert) {
    return alert.state == alerts::State::Firing || alert.state == alerts::State::Acknowledged;
}

api::Json TimeOrNull(std::optional<Seconds> at) {
    return api::IsoOrNull(at);
}

// "online" | "offline" | "unknown", as GET /status says it.
const char* DeviceStateOf(const DeviceStatusRow& row) {
    if (!row.online) return "unknown";
    return *row.online ? "online" : "offline";
}

}  // namespace

bool LookAtRoom(Store::Writer& w, const Catalogue& catalogue, Id account_id, Id room_id,
                Seconds now, Date today, RoomLook& out, bool& found, std::string& error) {
    found = false;
    if (!w.LoadAccountOnly(account_id, out.state, error)) return false;
    const Room* room = out.state.FindRoom(room_id);
    if (!room || room->account_id != account_id) return true;
    found = true;
    out.room = *room;
    out.entitlements = EntitlementsOf(out.state, catalogue, room_id, today);

    std::vector<RoomStatusRow> rooms;
    std::vector<DeviceStatusRow> devices;
    if (!LoadStatusRows(w, account_id, now, rooms, devices, error)) return false;
    for (const RoomStatusRow& row : rooms) {
        if (row.room_id == room_id) out.status = row;
    }
    out.status.room_id = room_id;
    std::vector<std::string> serials;
    for (DeviceStatusRow& row : devices) {
        if (row.room_id != room_id) continue;
        serials.push_back(row.serial);
        out.devices.push_back(std::move(row));
    }
    if (!DeviceEventsSince(w, serials, now - kSnapshotEventsSeconds, out.events, error)) {
        return false;
    }
    AlertQuery query;
    query.state = "all";
    query.room_id = room_id;
    query.limit = 200;
    return ListAlerts(w, account_id, query, now, out.alerts, error);
}

api::Json SnapshotJson(const RoomLook& look, const Catalogue& catalogue, Date today, Seconds now) {
    const State& state = look.state;
    const Room& room = look.room;

    api::Json licenses = api::Json::array();
    for (const Assignment& assignment : state.assignments) {
        if (assignment.room_id != room.id || !assignment.held()) continue;
        const Contract* contract = state.FindContract(assignment.contract_id);
        if (!contract) continue;
        licenses.push_back({{"program", contract->program},
                            {"contractId", contract->id},
                            {"poNumber", contract->po_number},
                            {"from", FormatDate(assignment.assigned_on)},
                            {"until", FormatDate(ContractEnd(catalogue, *contract))}});
    }
    api::Json entitlements = api::Json::array();
    const RoomEntitlements& granted = look.entitlements;
    for (auto [on, name] : {std::pair{granted.insights, "insights"},
                            {granted.alerts, "alerts"},
                            {granted.support, "support"},
                            {granted.warranty, "warranty"},
                            {granted.rma, "rma"}}) {
        if (on) entitlements.push_back(name);
    }

    int offline = 0;
    api::Json devices = api::Json::array();
    for (const Device& device : state.devices) {
        if (device.room_id != room.id) continue;
        DeviceStatusRow status;
        for (const DeviceStatusRow& row : look.devices) {
            if (row.serial == device.serial) status = row;
        }
        if (status.online && !*status.online) ++offline;
        const Product* product = catalogue.FindProduct(device.product);
        std::optional<Date> warranty = WarrantyEnd(state, catalogue, device.serial, today);
        devices.push_back(
            {{"serial", device.serial},
             {"product", device.product},
             {"productName", product ? product->name : device.product},
             {"purchaseDate", FormatDate(device.purchase_date)},
             {"warrantyEnd", warranty ? api::Json(FormatDate(*warranty)) : api::Json(nullptr)},
             {"status", DeviceStateOf(status)},
             {"firmware", status.firmware ? api::Json(*status.firmware) : api::Json(nullptr)},
             {"lastSeen", TimeOrNull(status.at)}});
    }

    // R-GATE-1: people and meetings count for the room's state only while it holds Insights,
    // as on GET /status; device status always does (R-GATE-4).
    std::optional<bool> in_meeting;
    std::optional<int> people;
    if (granted.insights) {
        in_meeting = look.status.in_meeting;
        people = look.status.people;
    }
    telemetry::RoomState room_state =
        telemetry::StateOf(granted.insights, offline, in_meeting, people);

    // The last 24 hours: device status events and the room's alerts starting or ending.
    struct Line {
        Seconds at;
        api::Json json;
    };
    std::vector<Line> lines;
    Seconds since = now - kSnapshotEventsSeconds;
    for (const DeviceEventRow& event : look.events) {
        lines.push_back({event.at,
                         {{"at", telemetry::FormatUtcTime(event.at)},
                          {"serial", event.serial},
                          {"kind", event.online ? "device_online" : "device_offline"},
                          {"detail", event.firmware ? "firmware " + *event.firmware : ""}}});
    }
    api::Json alerts = api::Json::array();
    for (const api::Alert& alert : look.alerts) {
        api::Json serial = alert.serial.empty() ? api::Json(nullptr) : api::Json(alert.serial);
        if (alert.started_at && *alert.started_at >= since && *alert.started_at <= now) {
            lines.push_back({*alert.started_at,
                             {{"at", telemetry::FormatUtcTime(*alert.started_at)},
                              {"serial", serial},
                              {"kind", "alert_firing"},
                              {"detail", alert.rule_name}}});
        }
        if (alert.resolved_at && *alert.resolved_at >= since && *alert.resolved_at <= now) {
            lines.push_back({*alert.resolved_at,
                             {{"at", telemetry::FormatUtcTime(*alert.resolved_at)},
                              {"serial", serial},
                              {"kind", "alert_resolved"},
                              {"detail", alert.rule_name}}});
        }
        if (!OpenAlert(alert)) continue;
        alerts.push_back(
            {{"id", alert.id},
             {"condition", std::string(alerts::ConditionName(alert.condition))},
             {"severity", std::string(alerts::SeverityName(alert.severity))},
             {"state", std::string(alerts::StateName(alert.state))},
             {"since", telemetry::FormatUtcTime(alert.started_at.value_or(alert.pending_since))},
             {"serial", serial},
             {"ruleName", alert.rule_name}});
    }
    std::stable_sort(lines.begin(), lines.end(),
                     [](const Line& a, const Line& b) { return a.at < b.at; });
    api::Json events = api::Json::array();
    for (Line& line : lines) events.push_back(std::move(line.json));

    return {{"takenAt", telemetry::FormatUtcTime(now)},
            {"room",
             {{"id", room.id},
              {"name", room.name},
              {"site", room.site},
              {"country", room.country},
              {"capacity", room.capacity},
              {"timeZone", room.time_zone.empty() ? api::Json(nullptr) : api::Json(room.time_zone)},
              {"status", telemetry::RoomStateName(room_state)},
              {"licenses", licenses},
              {"entitlements", entitlements}}},
            {"devices", devices},
            {"events", events},
            {"alerts", alerts}};
}

std::string LocalClock(const insights::TimeZone& zone, Seconds at) {
    Seconds local = at + insights::OffsetAt(zone, at);
    Seconds of_day = ((local % 86400) + 86400) % 86400;
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(of_day / 3600),
                  static_cast<int>(of_day % 3600 / 60));
    return text;
}

support::RoomFacts FactsOf(const RoomLook& look, const insights::TimeZone& zone) {
    support::RoomFacts facts;
    facts.name = look.room.name;
    for (const Device& device : look.state.devices) {
        if (device.room_id != look.room.id) continue;
        ++facts.devices;
        for (const DeviceStatusRow& row : look.devices) {
            if (row.serial != device.serial || !row.online || *row.online) continue;
            ++facts.devices_offline;
            if (row.at && (!facts.offline_since || *row.at < *facts.offline_since)) {
                facts.offline_since = row.at;
            }
        }
    }
    if (facts.offline_since) facts.offline_since_local = LocalClock(zone, *facts.offline_since);
    for (const api::Alert& alert : look.alerts) {
        if (!OpenAlert(alert)) continue;
        ++facts.alerts_firing;
        if (alert.severity == alerts::Severity::Critical) facts.alert_critical = true;
    }
    return facts;
}

}  // namespace portal::server

// Insights routes (R-GATE-1, R-GATE-3): what rooms' telemetry says, for the rooms that hold an
// active Insights license today, and only for the times they held one.
//
//   GET /api/v1/accounts/{id}/insights?rooms=R1,R2&from=T1&to=T2&resolution=hour|day   member
//   GET /api/v1/accounts/{id}/insights/summary?days=7                                  member
//
// (and the vendor's operators, read-only and audited: ApiContext::CheckAccount)
//
// Order of the answers: 401/404 for the account, 400 naming a bad parameter (or `resolution`
// when the answer would hold too many points), 404 for a room not in the account (exactly the
// answer for a missing one), 403 forbidden with R-GATE-1 and details.roomId for a room without
// Insights today.
#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_set>

#include "core/engine.h"
#include "core/insights.h"
#include "core/telemetry.h"
#include "server/api_support.h"
#include "server/engine_actions.h"
#include "server/http_server.h"
#include "server/insights_query.h"
#include "server/time_zones.h"

namespace portal::server {

namespace {

using insights::kDay;
using insights::kHour;
using insights::Seconds;

constexpr Seconds kDefaultSpan = 7 * kDay;
// rooms x buckets: a year of hours for 228 rooms, of days for 5,479 rooms.
constexpr long long kMaxPoints = 2'000'000;
constexpr int kMaxSummaryDays = 31;

// "12,15" as ids, in order, each once; false when an item is not a positive integer.
bool ParseRoomIds(const std::string& text, std::vector<Id>& ids) {
    std::unordered_set<Id> seen;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        size_t end = comma == std::string::npos ? text.size() : comma;
        Id id = 0;
        auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + end, id);
        if (ec != std::errc() || ptr != text.data() + end || id <= 0) return false;
        if (seen.insert(id).second) ids.push_back(id);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return !ids.empty();
}

// The answer for a room that may not show Insights today.
void SendNotLicensed(Response& res, Id room_id) {
    api::ApiError error;
    error.status = 403;
    error.code = "forbidden";
    error.message = "Room " + std::to_string(room_id) +
                    " has no active license with Insights: assign one to see its usage";
    error.rule = "R-GATE-1";
    api::Json body = api::ErrorEnvelope(error);
    body["error"]["details"]["roomId"] = room_id;
    SendJson(res, 403, body);
}

struct InsightsParams {
    std::vector<Id> rooms;
    Seconds from = 0;
    Seconds to = 0;
    InsightsResolution resolution = InsightsResolution::Hour;
};

// The query string; false with a 400 naming each bad parameter written into res.
bool ReadInsightsParams(const Request& req, Response& res, Seconds now, InsightsParams& out) {
    std::vector<api::FieldError> errors;
    out.to = now;
    if (req.has_param("to") && !telemetry::ParseUtcTime(req.get_param_value("to"), out.to)) {
        errors.push_back({"to", "must be a time in ISO 8601, e.g. 2026-11-20T09:00:00Z"});
    }
    out.from = out.to - kDefaultSpan;
    if (req.has_param("from") && !telemetry::ParseUtcTime(req.get_param_value("from"), out.from)) {
        errors.push_back({"from", "must be a time in ISO 8601, e.g. 2026-11-13T09:00:00Z"});
    }
    if (errors.empty() && out.from >= out.to) errors.push_back({"from", "must be before to"});
    std::string resolution =
        req.has_param("resolution") ? req.get_param_value("resolution") : "hour";
    if (resolution == "hour") {
        out.resolution = InsightsResolution::Hour;
    } else if (resolution == "day") {
        out.resolution = InsightsResolution::Day;
    } else {
        errors.push_back({"resolution", "must be hour or day"});
    }
    if (!req.has_param("rooms") || !ParseRoomIds(req.get_param_value("rooms"), out.rooms)) {
        errors.push_back({"rooms", "must list room ids separated by commas, e.g. rooms=12,15"});
    }
    if (!errors.empty()) {
        SendFieldErrors(res, errors);
        return false;
    }
    // Days may be 23 to 25 hours long and the first and last are whole: bound them generously.
    long long buckets = out.resolution == InsightsResolution::Hour ? (out.to - out.from) / kHour + 2
                                                                   : (out.to - out.from) / kDay + 3;
    if (static_cast<long long>(out.rooms.size()) * buckets > kMaxPoints) {
        SendFieldErrors(res, {{"resolution",
                               "asks for more than 2,000,000 points (rooms x buckets): choose "
                               "day, a shorter range or fewer rooms"}});
        return false;
    }
    return true;
}

void GetInsights(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    Seconds now = ctx.Now();
    InsightsParams params;
    if (!ReadInsightsParams(req, res, now, params)) return;
    State state;
    if (!LoadAccount(ctx, res, account_id, state)) return;
    for (Id room_id : params.rooms) {
        const Room* room = state.FindRoom(room_id);
        if (!room || room->account_id != account_id) return SendNotFound(res);
    }
    Date today = ctx.Today();
    InsightsQuery query;
    query.from = params.from;
    query.to = params.to;
    query.resolution = params.resolution;
    query.now = now;
    for (Id room_id : params.rooms) {
        // R-GATE-1: every room named must have Insights today; R-GATE-3: and shows only what
        // was gathered while it held a license.
        if (!EntitlementsOf(state, ctx.catalogue, room_id, today).insights) {
            return SendNotLicensed(res, room_id);
        }
        query.rooms.push_back(
            {room_id, insights::LicensedSpans(state, ctx.catalogue, room_id, today)});
    }
    if (!ctx.time_zones || !ctx.hours) return ctx.SendInternal(res, "insights: not set up");
    std::vector<InsightsRoomSeries> series;
    std::string error;
    if (!QueryInsights(ctx.store, *ctx.time_zones, *ctx.hours, query, series, error)) {
        return ctx.SendInternal(res, "insights: " + error);
    }
    res.status = 200;
    res.set_content(InsightsJson(query, series), kJsonContentType);
}

void GetInsightsSummary(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    int days = 7;
    if (req.has_param("days")) {
        std::string text = req.get_param_value("days");
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
        if (ec != std::errc() || ptr != text.data() + text.size() || days < 1 ||
            days > kMaxSummaryDays) {
            return SendFieldErrors(res, {{"days", "must be a whole number from 1 to 31"}});
        }
    }
    State state;
    if (!LoadAccount(ctx, res, account_id, state)) return;
    Date today = ctx.Today();
    Seconds now = ctx.Now();
    InsightsQuery query;
    // A day more than asked, whatever the zone: the last `days` local days are picked below.
    query.from = now - static_cast<Seconds>(days + 1) * kDay;
    query.to = now;
    query.resolution = InsightsResolution::Day;
    query.now = now;
    std::vector<RoomEntitlements> entitlements = EntitlementsOfRooms(state, ctx.catalogue, today);
    for (size_t i = 0; i < state.rooms.size(); ++i) {
        const Room& room = state.rooms[i];
        if (room.account_id != account_id || !entitlements[i].insights) continue;
        query.rooms.push_back(
            {room.id, insights::LicensedSpans(state, ctx.catalogue, room.id, today)});
    }
    if (!ctx.time_zones || !ctx.hours) {
        return ctx.SendInternal(res, "insights summary: not set up");
    }
    std::vector<InsightsRoomSeries> series;
    std::string error;
    if (!QueryInsights(ctx.store, *ctx.time_zones, *ctx.hours, query, series, error)) {
        return ctx.SendInternal(res, "insights summary: " + error);
    }
    api::Json rooms = api::Json::array();
    for (const InsightsRoomSeries& room : series) {
        const insights::TimeZone& zone = ctx.time_zones->Get(room.time_zone);
        std::vector<Seconds> starts = insights::LocalDayBoundaries(zone, query.from, query.to);
        starts.pop_back();  // the end of today
        if (starts.size() > static_cast<size_t>(days)) {
            starts.erase(starts.begin(), starts.end() - days);
        }
        api::Json daily = api::Json::array();
        auto bucket = room.buckets.begin();
        for (Seconds start : starts) {
            while (bucket != room.buckets.end() && bucket->start < start) ++bucket;
            if (bucket != room.buckets.end() && bucket->start == start && bucket->observed > 0) {
                double occupancy = insights::PointOf(*bucket, room.capacity).occupancy;
                daily.push_back(std::round(occupancy * 10000.0) / 10000.0);
            } else {
                daily.push_back(nullptr);  // no data, or not licensed that day
            }
        }
        rooms.push_back({{"roomId", room.room_id}, {"daily", daily}});
    }
    SendJson(res, 200, {{"rooms", rooms}});
}

}  // namespace

void RegisterInsightsRoutes(Server& server, ApiContext& ctx) {
    AddApiRoute(server, ctx, "GET", R"(/api/v1/accounts/([^/]+)/insights)", GetInsights);
    AddApiRoute(server, ctx, "GET", R"(/api/v1/accounts/([^/]+)/insights/summary)",
                GetInsightsSummary);
}

}  // namespace portal::server

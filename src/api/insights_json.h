// Insights as the REST API speaks them (issue 6): the occupancy series of rooms and the rooms
// table's 7-day summary. Readers for the browser; writers so that tests (and the server, if it
// likes) produce exactly what the readers take. Times are ISO 8601 UTC ("2026-11-20T09:15:00Z",
// telemetry::ParseUtcTime). The live status and agent tokens are in api/telemetry_json.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/json_fields.h"

namespace portal::api {

// ---------------------------------------------------------------------------------------------
// GET /api/v1/accounts/{id}/insights?rooms=&from=&to=&resolution=

struct InsightsPoint {
    long long t = 0;  // bucket start, Unix seconds
    double occupancy = 0;
    double people_mean = 0;
    int people_peak = 0;
    double meeting_minutes = 0;
    double utilisation = 0;
    double device_in_use_minutes = 0;
};

struct InsightsRoom {
    long long room_id = 0;
    std::string time_zone;  // "" for UTC
    int utc_offset_minutes = 0;
    int capacity = 0;
    std::vector<InsightsPoint> points;  // sorted by t
};

struct Insights {
    long long from = 0;
    long long to = 0;
    std::string resolution;  // "hour" | "day"
    std::vector<InsightsRoom> rooms;
};

bool InsightsFromJson(const Json& json, Insights& out, std::vector<FieldError>& errors);
Json InsightsToJson(const Insights& insights);

// GET /api/v1/accounts/{id}/insights/summary?days=N: each licensed room's daily occupancy,
// oldest first, nullopt for a day without data.
struct RoomSummary {
    long long room_id = 0;
    std::vector<std::optional<double>> daily;
};
bool InsightsSummaryFromJson(const Json& json, std::vector<RoomSummary>& out,
                             std::vector<FieldError>& errors);
Json InsightsSummaryToJson(const std::vector<RoomSummary>& rooms);

}  // namespace portal::api

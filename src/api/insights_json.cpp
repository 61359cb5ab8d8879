#include "api/insights_json.h"

#include "core/telemetry.h"

namespace portal::api {

namespace {

// A time member: an ISO string turned into seconds; a wrong shape is named like any field.
bool ReadTime(FieldReader& reader, std::string_view key, long long& out) {
    std::string text;
    if (!reader.String(key, text)) return false;
    telemetry::Seconds seconds = 0;
    if (!telemetry::ParseUtcTime(text, seconds)) {
        reader.Fail(key, "must be a UTC time like 2026-11-20T09:15:00Z");
        return false;
    }
    out = seconds;
    return true;
}

bool ReadPoint(const Json& json, const std::string& path, InsightsPoint& out,
               std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, path, errors);
    ReadTime(reader, "t", out.t);
    reader.Double("occupancy", out.occupancy);
    reader.Double("peopleMean", out.people_mean);
    reader.Int("peoplePeak", out.people_peak);
    reader.Double("meetingMinutes", out.meeting_minutes);
    reader.Double("utilisation", out.utilisation);
    reader.Double("deviceInUseMinutes", out.device_in_use_minutes, /*required=*/false);
    return errors.size() == before;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

bool InsightsFromJson(const Json& json, Insights& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    ReadTime(root, "from", out.from);
    ReadTime(root, "to", out.to);
    if (root.String("resolution", out.resolution) && out.resolution != "hour" &&
        out.resolution != "day") {
        root.Fail("resolution", "must be hour or day");
    }
    out.rooms.clear();
    if (const Json* rooms = root.Array("rooms")) {
        for (size_t i = 0; i < rooms->size(); ++i) {
            std::string path = IndexPath("rooms", i);
            FieldReader item((*rooms)[i], path, errors);
            InsightsRoom& room = out.rooms.emplace_back();
            item.Int64("roomId", room.room_id);
            item.String("timeZone", room.time_zone, /*required=*/false);
            item.Int("utcOffsetMinutes", room.utc_offset_minutes, /*required=*/false);
            item.Int("capacity", room.capacity, /*required=*/false);
            if (const Json* points = item.Array("points")) {
                room.points.reserve(points->size());
                for (size_t p = 0; p < points->size(); ++p) {
                    ReadPoint((*points)[p], IndexPath(path + ".points", p),
                              room.points.emplace_back(), errors);
                }
            }
        }
    }
    return errors.size() == before;
}

Json InsightsToJson(const Insights& insights) {
    Json rooms = Json::array();
    for (const InsightsRoom& room : insights.rooms) {
        Json points = Json::array();
        for (const InsightsPoint& point : room.points) {
            points.push_back({{"t", telemetry::FormatUtcTime(point.t)},
                              {"occupancy", point.occupancy},
                              {"peopleMean", point.people_mean},
                              {"peoplePeak", point.people_peak},
                              {"meetingMinutes", point.meeting_minutes},
                              {"utilisation", point.utilisation},
                              {"deviceInUseMinutes", point.device_in_use_minutes}});
        }
        rooms.push_back(
            {{"roomId", room.room_id},
             {"timeZone", room.time_zone.empty() ? Json(nullptr) : Json(room.time_zone)},
             {"utcOffsetMinutes", room.utc_offset_minutes},
             {"capacity", room.capacity},
             {"points", std::move(points)}});
    }
    return {{"from", telemetry::FormatUtcTime(insights.from)},
            {"to", telemetry::FormatUtcTime(insights.to)},
            {"resolution", insights.resolution},
            {"rooms", std::move(rooms)}};
}

bool InsightsSummaryFromJson(const Json& json, std::vector<RoomSummary>& out,
                             std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    out.clear();
    if (const Json* rooms = root.Array("rooms")) {
        for (size_t i = 0; i < rooms->size(); ++i) {
            std::string path = IndexPath("rooms", i);
            FieldReader item((*rooms)[i], path, errors);
            RoomSummary& room = out.emplace_back();
            item.Int64("roomId", room.room_id);
            if (const Json* daily = item.Array("daily")) {
                for (size_t d = 0; d < daily->size(); ++d) {
                    const Json& value = (*daily)[d];
                    if (value.is_null()) {
                        room.daily.push_back(std::nullopt);
                    } else if (value.is_number()) {
                        room.daily.push_back(value.get<double>());
                    } else {
                        errors.push_back(
                            {IndexPath(path + ".daily", d), "must be a number or null"});
                    }
                }
            }
        }
    }
    return errors.size() == before;
}

Json InsightsSummaryToJson(const std::vector<RoomSummary>& rooms) {
    Json list = Json::array();
    for (const RoomSummary& room : rooms) {
        Json daily = Json::array();
        for (const auto& value : room.daily) daily.push_back(value ? Json(*value) : Json(nullptr));
        list.push_back({{"roomId", room.room_id}, {"daily", std::move(daily)}});
    }
    return {{"rooms", std::move(list)}};
}

}  // namespace portal::api

// Insights JSON: the series and the rooms table's summary read back what the contract says (and
// what the writers produce), and name the field that is wrong.
#include "api/insights_json.h"

#include <gtest/gtest.h>

#include "core/telemetry.h"

namespace portal::api {
namespace {

TEST(InsightsJson, ReadsTheSeriesOfEachRoom) {
    Json json = Json::parse(R"({"from":"2026-11-13T09:00:00Z","to":"2026-11-20T09:00:00Z",
        "resolution":"hour","rooms":[{"roomId":4,"timeZone":"Europe/Paris","utcOffsetMinutes":60,
        "capacity":8,"points":[{"t":"2026-11-20T08:00:00Z","occupancy":0.5,"peopleMean":1.5,
        "peoplePeak":3,"meetingMinutes":30,"utilisation":0.19,"deviceInUseMinutes":30}]}]})");
    Insights insights;
    std::vector<FieldError> errors;
    ASSERT_TRUE(InsightsFromJson(json, insights, errors)) << errors[0].field;
    EXPECT_EQ(insights.resolution, "hour");
    EXPECT_EQ(insights.to - insights.from, 7 * 86400);
    ASSERT_EQ(insights.rooms.size(), 1u);
    const InsightsRoom& room = insights.rooms[0];
    EXPECT_EQ(room.room_id, 4);
    EXPECT_EQ(room.time_zone, "Europe/Paris");
    EXPECT_EQ(room.utc_offset_minutes, 60);
    ASSERT_EQ(room.points.size(), 1u);
    EXPECT_EQ(telemetry::FormatUtcTime(room.points[0].t), "2026-11-20T08:00:00Z");
    EXPECT_DOUBLE_EQ(room.points[0].people_mean, 1.5);
    EXPECT_EQ(room.points[0].people_peak, 3);

    Insights again;
    ASSERT_TRUE(InsightsFromJson(InsightsToJson(insights), again, errors));
    EXPECT_EQ(InsightsToJson(again), InsightsToJson(insights));
}

TEST(InsightsJson, NamesTheWrongField) {
    Json json = Json::parse(R"({"from":"2026-11-13T09:00:00Z","to":"2026-11-20T09:00:00Z",
        "resolution":"week","rooms":[{"roomId":4,"points":[{"t":"yesterday","occupancy":"half",
        "peopleMean":1,"peoplePeak":3,"meetingMinutes":0,"utilisation":0}]}]})");
    Insights insights;
    std::vector<FieldError> errors;
    EXPECT_FALSE(InsightsFromJson(json, insights, errors));
    std::vector<std::string> fields;
    for (const FieldError& error : errors) fields.push_back(error.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"resolution", "rooms[0].points[0].t",
                                                "rooms[0].points[0].occupancy"}));
}

TEST(InsightsSummaryJson, KeepsDaysWithoutDataApart) {
    Json json = Json::parse(R"({"rooms":[{"roomId":2,"daily":[0.31,null,0.4]}]})");
    std::vector<RoomSummary> rooms;
    std::vector<FieldError> errors;
    ASSERT_TRUE(InsightsSummaryFromJson(json, rooms, errors));
    ASSERT_EQ(rooms.size(), 1u);
    ASSERT_EQ(rooms[0].daily.size(), 3u);
    EXPECT_DOUBLE_EQ(*rooms[0].daily[0], 0.31);
    EXPECT_FALSE(rooms[0].daily[1].has_value()) << "no data is not zero";
    EXPECT_EQ(InsightsSummaryToJson(rooms), json);
    EXPECT_FALSE(InsightsSummaryFromJson(Json::parse(R"({"rooms":[{"roomId":2,"daily":["x"]}]})"),
                                         rooms, errors));
    EXPECT_EQ(errors.back().field, "rooms[0].daily[0]");
}

}  // namespace
}  // namespace portal::api

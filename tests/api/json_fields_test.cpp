// FieldReader: every type problem is reported with its path, nothing throws.
#include "api/json_fields.h"

#include <gtest/gtest.h>

namespace portal::api {
namespace {

TEST(JsonFields, MalformedTextIsAnErrorNotAnException) {
    Json json;
    std::string error;
    EXPECT_FALSE(ParseJson("{\"a\":", json, error));
    EXPECT_EQ(error, "malformed JSON");
    EXPECT_FALSE(ParseJson("", json, error));
    EXPECT_EQ(error, "empty body");
    EXPECT_TRUE(ParseJson("{\"a\":1}", json, error));
}

TEST(JsonFields, ReadsEveryTypeAndCollectsAllProblems) {
    Json json = Json::parse(R"({"name":"Opéra","capacity":"twelve","seats":6,"ok":true,
                               "tags":["a",2],"ratio":0.5,"nested":{"x":1}})");
    std::vector<FieldError> errors;
    FieldReader reader(json, "room", errors);
    std::string name;
    int capacity = 0, seats = 0;
    bool ok = false;
    double ratio = 0;
    std::vector<std::string> tags;
    EXPECT_TRUE(reader.String("name", name));
    EXPECT_EQ(name, "Opéra");
    EXPECT_FALSE(reader.Int("capacity", capacity));
    EXPECT_TRUE(reader.Int("seats", seats));
    EXPECT_EQ(seats, 6);
    EXPECT_TRUE(reader.Bool("ok", ok));
    EXPECT_TRUE(reader.Double("ratio", ratio));
    EXPECT_FALSE(reader.StringList("tags", tags));
    EXPECT_NE(reader.Object("nested"), nullptr);
    EXPECT_EQ(reader.Array("nested"), nullptr);
    EXPECT_FALSE(reader.String("site", name));
    std::string optional;
    EXPECT_FALSE(reader.String("floor", optional, /*required=*/false));

    ASSERT_EQ(errors.size(), 4u);
    EXPECT_EQ(errors[0].field, "room.capacity");
    EXPECT_EQ(errors[0].message, "must be a whole number");
    EXPECT_EQ(errors[1].field, "room.tags[1]");
    EXPECT_EQ(errors[2].field, "room.nested");
    EXPECT_EQ(errors[3].field, "room.site");
    EXPECT_EQ(errors[3].message, "is required");
}

TEST(JsonFields, NullCountsAsMissing) {
    Json json = Json::parse(R"({"name":null})");
    std::vector<FieldError> errors;
    FieldReader reader(json, "", errors);
    std::string name;
    EXPECT_FALSE(reader.String("name", name));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "name");
}

TEST(JsonFields, NonObjectIsReportedOnce) {
    Json json = Json::parse("[1,2]");
    std::vector<FieldError> errors;
    FieldReader reader(json, "", errors);
    std::string name;
    EXPECT_FALSE(reader.IsObject());
    EXPECT_FALSE(reader.String("name", name));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "(body)");
}

TEST(JsonFields, IntRejectsOutOfRange) {
    Json json = Json::parse(R"({"n":9999999999})");
    std::vector<FieldError> errors;
    FieldReader reader(json, "", errors);
    int n = 0;
    long long wide = 0;
    EXPECT_FALSE(reader.Int("n", n));
    EXPECT_TRUE(reader.Int64("n", wide));
    EXPECT_EQ(wide, 9999999999LL);
}

// Issue 19: nesting past 64 levels is refused before parsing (nothing walking the value can be
// made to recurse that deep); brackets inside strings do not count.
TEST(JsonFields, NestingDeeperThan64LevelsIsRefused) {
    Json json;
    std::string error;
    EXPECT_FALSE(ParseJson(std::string(100000, '['), json, error));
    EXPECT_EQ(error, "nested deeper than 64 levels");
    std::string sixty_four = std::string(64, '[') + std::string(64, ']');
    EXPECT_TRUE(ParseJson(sixty_four, json, error)) << error;
    EXPECT_FALSE(ParseJson("[" + sixty_four + "]", json, error));
    std::string brackets_in_text = "{\"a\": \"" + std::string(200, '[') + "\\\"{\"}";
    EXPECT_TRUE(ParseJson(brackets_in_text, json, error)) << error;
    EXPECT_EQ(json["a"].get<std::string>().size(), 202u);
}

}  // namespace
}  // namespace portal::api

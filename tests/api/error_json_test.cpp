// The one error envelope: {"error":{"code","message","details":{}}}.
#include "api/error_json.h"

#include <gtest/gtest.h>

namespace portal::api {
namespace {

TEST(ErrorJson, EnvelopeHasCodeMessageAndDetails) {
    ApiError error{
        409, "rule_violation", "This room already holds a Select license.", "R-ROOM-1", {}};
    Json json = ErrorEnvelope(error);
    EXPECT_EQ(json["error"]["code"], "rule_violation");
    EXPECT_EQ(json["error"]["message"], "This room already holds a Select license.");
    EXPECT_EQ(json["error"]["details"]["rule"], "R-ROOM-1");
}

TEST(ErrorJson, EmptyDetailsIsAnObject) {
    Json json = ErrorEnvelope({404, "not_found", "No such room.", "", {}});
    EXPECT_TRUE(json["error"]["details"].is_object());
    EXPECT_TRUE(json["error"]["details"].empty());
}

TEST(ErrorJson, RoundTripsFields) {
    ApiError error{400,
                   "validation_failed",
                   "Some fields are wrong.",
                   "",
                   {{"poNumber", "is required"}, {"lines[0].sku", "unknown SKU"}}};
    ApiError parsed;
    ASSERT_TRUE(ParseErrorEnvelope(ErrorEnvelopeJson(error), parsed));
    EXPECT_EQ(parsed.code, "validation_failed");
    ASSERT_EQ(parsed.fields.size(), 2u);
    EXPECT_EQ(parsed.fields[1].field, "lines[0].sku");
    EXPECT_EQ(parsed.fields[1].message, "unknown SKU");
}

TEST(ErrorJson, RejectsWhatIsNotAnEnvelope) {
    ApiError parsed;
    EXPECT_FALSE(ParseErrorEnvelope("<html>Bad gateway</html>", parsed));
    EXPECT_FALSE(ParseErrorEnvelope(R"({"message":"x"})", parsed));
    EXPECT_FALSE(ParseErrorEnvelope(R"({"error":{"code":3}})", parsed));
}

}  // namespace
}  // namespace portal::api

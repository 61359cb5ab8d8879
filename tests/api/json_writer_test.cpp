// The direct JSON writer gives text that nlohmann::json reads back as the same document.
#include "api/json_writer.h"

#include <gtest/gtest.h>

#include "api/json_fields.h"

namespace portal::api {
namespace {

TEST(JsonWriter, WritesNestedObjectsAndArraysWithTheirCommas) {
    JsonWriter out;
    out.BeginObject().Key("rooms").BeginArray();
    for (int i = 0; i < 3; ++i) {
        out.BeginObject().Key("id").Int(i).Key("licenses").BeginObject();
        if (i == 1) out.Key("select").BeginObject().Key("contractId").Int(7).EndObject();
        out.EndObject().Key("alerts").Bool(i == 2).Key("site").Null().EndObject();
    }
    out.EndArray().Key("empty").BeginArray().EndArray().Key("raw").Raw("{\"a\":[1,2]}");
    out.EndObject();
    std::string text = out.Take();
    Json parsed;
    std::string error;
    ASSERT_TRUE(ParseJson(text, parsed, error)) << error << "\n" << text;
    EXPECT_EQ(parsed, Json::parse(R"({"rooms":[
        {"id":0,"licenses":{},"alerts":false,"site":null},
        {"id":1,"licenses":{"select":{"contractId":7}},"alerts":false,"site":null},
        {"id":2,"licenses":{},"alerts":true,"site":null}],
        "empty":[],"raw":{"a":[1,2]}})"));
}

TEST(JsonWriter, EscapesWhatJsonMustAndKeepsUtf8) {
    std::string nasty = "Salle \"Étoile\" \\ tab\there\nline\x01 — 📺";
    JsonWriter out;
    out.BeginObject().Key("name").String(nasty).Key("n").Int(-42).EndObject();
    std::string text = out.Take();
    Json parsed;
    std::string error;
    ASSERT_TRUE(ParseJson(text, parsed, error)) << error << "\n" << text;
    EXPECT_EQ(parsed["name"], nasty);
    EXPECT_EQ(parsed["n"], -42);
    EXPECT_NE(text.find("\\u0001"), std::string::npos) << text;  // control characters escaped
    EXPECT_NE(text.find("📺"), std::string::npos) << text;        // UTF-8 left as it is
}

}  // namespace
}  // namespace portal::api

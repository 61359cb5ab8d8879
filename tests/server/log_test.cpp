// Log formatting and level filtering.
#include "server/log.h"

#include <gtest/gtest.h>

#include <regex>

namespace portal::server {
namespace {

TEST(LogTest, FormatsUtcTime) {
    EXPECT_EQ(FormatUtc(std::chrono::system_clock::time_point{}), "1970-01-01T00:00:00Z");
    EXPECT_EQ(FormatUtc(std::chrono::system_clock::from_time_t(1795334400)),
              "2026-11-22T08:00:00Z");
}

TEST(LogTest, FormatsAccessLine) {
    EXPECT_EQ(FormatAccess("GET", "/api/v1/health", 200, 0.42, 85),
              "GET /api/v1/health 200 0.4ms 85B");
    EXPECT_EQ(FormatAccess("GET", "/x", 400, -1, 0), "GET /x 400 - 0B");
}

TEST(LogTest, AccessLineCannotBeSplitByTheClient) {
    EXPECT_EQ(FormatAccess("GET", "/a\nfake 200", 404, 1, 0), "GET /a?fake 200 404 1.0ms 0B");
}

TEST(LogTest, ParsesLevels) {
    LogLevel level;
    for (const char* name : {"debug", "info", "warn", "error"}) {
        ASSERT_TRUE(ParseLogLevel(name, level)) << name;
        EXPECT_STREQ(LogLevelName(level), name);
    }
    EXPECT_FALSE(ParseLogLevel("INFO", level));
    EXPECT_FALSE(ParseLogLevel("", level));
}

TEST(LogTest, FiltersBelowLevelAndWritesOneLine) {
    std::vector<std::string> lines;
    Logger logger(LogLevel::Warn, [&](std::string_view line) { lines.emplace_back(line); });
    logger.Info("hidden");
    logger.Warn("shown");
    logger.Error("also shown");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_TRUE(
        std::regex_match(lines[0], std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ warn shown\n)")))
        << lines[0];
    EXPECT_FALSE(logger.Enabled(LogLevel::Info));
}

}  // namespace
}  // namespace portal::server

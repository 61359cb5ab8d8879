#include "core/date.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

TEST(Date, EpochAndKnownDays) {
    EXPECT_EQ(DateFromYmd(1970, 1, 1).days, 0);
    EXPECT_EQ(DateFromYmd(2000, 3, 1).days, 11017);
    EXPECT_EQ(FormatDate(Date{20779}), "2026-11-22");
}

TEST(Date, ParseIsStrict) {
    Date date;
    EXPECT_TRUE(ParseDate("2024-02-29", date));
    EXPECT_EQ(FormatDate(date), "2024-02-29");
    for (const char* bad : {"2023-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "26-01-01",
                            "2026/01/01", "2026-1-01", "", "2026-01-01T00:00", "abcd-ef-gh"}) {
        EXPECT_FALSE(ParseDate(bad, date)) << bad;
    }
}

TEST(Date, RoundTripsEveryDayOfFourHundredYears) {
    for (int days = DateFromYmd(1900, 1, 1).days; days < DateFromYmd(2300, 1, 1).days; ++days) {
        int y, m, d;
        YmdFromDate(Date{days}, y, m, d);
        ASSERT_EQ(DateFromYmd(y, m, d).days, days);
    }
}

TEST(Date, AddYearsKeepsTheDayAndClampsLeapDay) {
    EXPECT_EQ(FormatDate(AddYears(DateFromYmd(2026, 5, 15), 3)), "2029-05-15");
    EXPECT_EQ(FormatDate(AddYears(DateFromYmd(2024, 2, 29), 1)), "2025-02-28");
    EXPECT_EQ(FormatDate(AddYears(DateFromYmd(2024, 2, 29), 4)), "2028-02-29");
}

TEST(Date, Arithmetic) {
    Date a = DateFromYmd(2026, 12, 31);
    EXPECT_EQ(FormatDate(AddDays(a, 1)), "2027-01-01");
    EXPECT_EQ(DaysBetween(DateFromYmd(2026, 1, 1), a), 364);
    EXPECT_TRUE(IsLeapYear(2000));
    EXPECT_FALSE(IsLeapYear(1900));
}

}  // namespace
}  // namespace portal

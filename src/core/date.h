// Calendar dates without a clock: a day count since 1970-01-01 (proleptic Gregorian).
// The engine never reads the time; callers pass "today" in.
#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace portal {

struct Date {
    int days = 0;  // days since 1970-01-01
    auto operator<=>(const Date&) const = default;
};

Date DateFromYmd(int year, int month, int day);
void YmdFromDate(Date date, int& year, int& month, int& day);

// Strict "YYYY-MM-DD" with a real calendar day; false otherwise.
bool ParseDate(std::string_view text, Date& out);
std::string FormatDate(Date date);

inline Date AddDays(Date date, int days) {
    return Date{date.days + days};
}
inline int DaysBetween(Date from, Date to) {
    return to.days - from.days;
}
// Same day `years` later; 29 February becomes 28 February in a common year.
Date AddYears(Date date, int years);

bool IsLeapYear(int year);

}  // namespace portal

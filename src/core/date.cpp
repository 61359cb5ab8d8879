#include "core/date.h"

#include <cstdio>

namespace portal {

// Day-count <-> civil date conversions after the well-known era-based method (400-year cycles
// of 146097 days), valid far beyond any contract date.
Date DateFromYmd(int year, int month, int day) {
    year -= month <= 2 ? 1 : 0;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int year_of_era = year - era * 400;
    const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return Date{era * 146097 + day_of_era - 719468};
}

void YmdFromDate(Date date, int& year, int& month, int& day) {
    const int z = date.days + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int day_of_era = z - era * 146097;
    const int year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const int month_index = (5 * day_of_year + 2) / 153;
    day = day_of_year - (153 * month_index + 2) / 5 + 1;
    month = month_index < 10 ? month_index + 3 : month_index - 9;
    year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
}

bool IsLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

namespace {

int DaysInMonth(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool Digits(std::string_view text, int& out) {
    out = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return !text.empty();
}

}  // namespace

bool ParseDate(std::string_view text, Date& out) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    int year, month, day;
    if (!Digits(text.substr(0, 4), year) || !Digits(text.substr(5, 2), month) ||
        !Digits(text.substr(8, 2), day)) {
        return false;
    }
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
        return false;
    }
    out = DateFromYmd(year, month, day);
    return true;
}

std::string FormatDate(Date date) {
    int year, month, day;
    YmdFromDate(date, year, month, day);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return text;
}

Date AddYears(Date date, int years) {
    int year, month, day;
    YmdFromDate(date, year, month, day);
    year += years;
    if (month == 2 && day == 29 && !IsLeapYear(year)) day = 28;
    return DateFromYmd(year, month, day);
}

}  // namespace portal

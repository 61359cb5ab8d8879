#include "app/i18n.h"

#include <cstdio>

#include "app/views/views.h"

namespace portal::app {

Translator::Translator() {
    for (std::span<const TextPair> table : AllViewTexts()) Add(table);
}

void Translator::Add(std::span<const TextPair> table) {
    for (const TextPair& pair : table) french_[pair.en] = pair.fr;
}

const char* Translator::operator()(const char* english) const {
    if (language_ == Language::English) return english;
    std::string_view text(english);
    auto found = french_.find(text);
    if (found != french_.end()) return found->second;
    missing_.insert(std::string(text));
    return english;
}

std::string Format(std::string_view pattern, std::initializer_list<std::string_view> args) {
    std::string out;
    out.reserve(pattern.size() + 16);
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
            pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
            size_t index = static_cast<size_t>(pattern[i + 1] - '0');
            if (index < args.size()) out += *(args.begin() + index);
            i += 2;
            continue;
        }
        out += pattern[i];
    }
    return out;
}

namespace {

constexpr const char* kMonthsEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kMonthsFr[] = {"janv.", "févr.", "mars",  "avr.", "mai",  "juin",
                                     "juil.", "août",  "sept.", "oct.", "nov.", "déc."};

}  // namespace

std::string FormatDateIn(Language language, Date date) {
    int year = 0, month = 0, day = 0;
    YmdFromDate(date, year, month, day);
    const char* const* months = language == Language::French ? kMonthsFr : kMonthsEn;
    return std::to_string(day) + " " + months[month - 1] + " " + std::to_string(year);
}

std::string FormatHourMinute(long long seconds) {
    long long minute = seconds / 60 - (seconds % 60 < 0 ? 1 : 0);  // rounded down
    long long minutes = (minute % 1440 + 1440) % 1440;
    char text[8];
    std::snprintf(text, sizeof text, "%02lld:%02lld", minutes / 60, minutes % 60);
    return text;
}

std::string FormatUtcMinuteIn(Language language, long long utc_seconds) {
    constexpr long long kDay = 86400;
    long long day = utc_seconds >= 0 ? utc_seconds / kDay : (utc_seconds - kDay + 1) / kDay;
    return FormatDateIn(language, Date{static_cast<int>(day)}) + " " +
           FormatHourMinute(utc_seconds);
}

std::string FormatCount(Language language, long long value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    const char* separator = language == Language::French ? "\u00A0" : ",";
    std::string out;
    int lead = static_cast<int>(digits.size()) % 3;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (static_cast<int>(i) - lead) % 3 == 0) out += separator;
        out += digits[i];
    }
    return value < 0 ? "-" + out : out;
}

const char* LanguageCode(Language language) {
    return language == Language::French ? "fr" : "en";
}

Language LanguageFromCode(std::string_view code) {
    return code.substr(0, 2) == "fr" ? Language::French : Language::English;
}

Language LanguageFromBrowserList(std::string_view list) {
    while (!list.empty()) {
        size_t comma = list.find(',');
        std::string_view tag = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
        std::string primary;
        for (char c : tag.substr(0, tag.find_first_of("-_; "))) {
            primary += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
        if (primary == "fr") return Language::French;
        if (primary == "en") return Language::English;
    }
    return Language::English;
}

}  // namespace portal::app

// The portal speaks English and French. Labels are written in English in the views, passed
// through Translator::operator(), and each view file keeps the French of its own labels in a
// table next to its code (TextPair arrays, registered in i18n.cpp). Dates and numbers are
// formatted for the chosen language here too.
#pragma once

#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/date.h"
#include "core/refusal.h"

namespace portal::app {

struct TextPair {
    const char* en;
    const char* fr;
};

class Translator {
  public:
    Translator();  // registers every view's table

    void Add(std::span<const TextPair> table);
    Language language() const { return language_; }
    void set_language(Language language) { language_ = language; }
    bool french() const { return language_ == Language::French; }

    // The label in the current language; the English text itself when it has no French (and
    // then remembered in missing(), which a test requires to stay empty).
    const char* operator()(const char* english) const;
    std::string operator()(const std::string& english) const { return (*this)(english.c_str()); }

    const std::set<std::string>& missing() const { return missing_; }

  private:
    Language language_ = Language::English;
    std::unordered_map<std::string_view, const char*> french_;
    mutable std::set<std::string> missing_;
};

// "{0} of {1}" with {0}, {1}, ... replaced by the arguments.
std::string Format(std::string_view pattern, std::initializer_list<std::string_view> args);

// 12 Mar 2026 / 12 mars 2026.
std::string FormatDateIn(Language language, Date date);
// "14:05": the time of day of `seconds` (Unix seconds, shifted to local time by the caller).
std::string FormatHourMinute(long long seconds);
// 18 Nov 2026 10:00 / 18 nov. 2026 10:00, in UTC.
std::string FormatUtcMinuteIn(Language language, long long utc_seconds);
// 10,000 / 10 000 (with a no-break space).
std::string FormatCount(Language language, long long value);

// "en" / "fr", and back (anything else is English).
const char* LanguageCode(Language language);
Language LanguageFromCode(std::string_view code);
// The language a browser asks for (issue 16): `list` is navigator.languages joined by commas
// ("de-DE,fr-FR,en"), in the user's order; the first whose primary subtag is "fr" or "en" (any
// case) wins; English when none is.
Language LanguageFromBrowserList(std::string_view list);

}  // namespace portal::app

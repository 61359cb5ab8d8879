// Why the engine says no: a stable code, the rule id from shared/domain.md, and a sentence a user
// understands, in English and French.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace portal {

enum class Language { English, French };

struct Text {
    std::string en;
    std::string fr;
    const std::string& In(Language language) const {
        return language == Language::French ? fr : en;
    }
};

struct Refusal {
    std::string code;  // "no_free_license", "room_already_licensed", ...
    std::string rule;  // "R-ROOM-1"; empty for plain lookups ("room_not_found")
    Text message;
    std::string field;  // the input field at fault, when there is one
};

// A value, or the refusal that stopped it.
template <class T>
struct Outcome {
    std::optional<Refusal> refusal;
    T value{};

    bool ok() const { return !refusal.has_value(); }
    static Outcome Refuse(Refusal why) {
        Outcome outcome;
        outcome.refusal = std::move(why);
        return outcome;
    }
    static Outcome Accept(T value) {
        Outcome outcome;
        outcome.value = std::move(value);
        return outcome;
    }
};

}  // namespace portal

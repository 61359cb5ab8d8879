#include "core/text_checks.h"

#include <cstdint>
#include <cstring>

namespace portal {

namespace {

bool IsAtext(char c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
    return c != '\0' && std::strchr("!#$%&'*+/=?^_`{|}~-", c) != nullptr;
}

bool IsLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool IsLabelChar(char c) {
    return IsLetter(c) || (c >= '0' && c <= '9') || c == '-';
}

bool IsDotAtom(std::string_view local) {
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') {
        return false;
    }
    for (size_t i = 0; i < local.size(); ++i) {
        if (local[i] == '.') {
            if (local[i - 1] == '.') return false;
        } else if (!IsAtext(local[i])) {
            return false;
        }
    }
    return true;
}

bool IsDomain(std::string_view domain) {
    int labels = 0;
    std::string_view last;
    while (true) {
        size_t dot = domain.find('.');
        std::string_view label = domain.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        for (char c : label) {
            if (!IsLabelChar(c)) return false;
        }
        ++labels;
        last = label;
        if (dot == std::string_view::npos) break;
        domain.remove_prefix(dot + 1);
    }
    if (labels < 2 || last.size() < 2) return false;
    for (char c : last) {
        if (!IsLetter(c)) return false;
    }
    return true;
}

// Calls on_code for each code point of valid UTF-8 text; false at the first byte that breaks
// UTF-8's rules (overlong forms, surrogates and code points past Unicode included).
template <class OnCode>
bool ForEachCodePoint(std::string_view text, OnCode on_code) {
    for (size_t i = 0; i < text.size();) {
        auto byte = static_cast<unsigned char>(text[i]);
        size_t length = byte < 0x80           ? 1
                        : (byte >> 5) == 0x6  ? 2
                        : (byte >> 4) == 0xE  ? 3
                        : (byte >> 3) == 0x1E ? 4
                                              : 0;
        if (length == 0 || i + length > text.size()) return false;
        uint32_t code = length == 1 ? byte : byte & (0x7F >> length);
        for (size_t k = 1; k < length; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            code = (code << 6) | (next & 0x3F);
        }
        static constexpr uint32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code < kLeast[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
            return false;
        }
        if (!on_code(code)) return false;
        i += length;
    }
    return true;
}

bool IsControl(uint32_t code) {
    return code < 0x20 || (code >= 0x7F && code <= 0x9F);
}

}  // namespace

bool IsValidEmail(std::string_view email) {
    if (email.empty() || email.size() > 254) return false;
    size_t at = email.rfind('@');
    if (at == std::string_view::npos) return false;
    return IsDotAtom(email.substr(0, at)) && IsDomain(email.substr(at + 1));
}

bool IsUtf8(std::string_view text) {
    return ForEachCodePoint(text, [](uint32_t) { return true; });
}

bool IsOneLineText(std::string_view text) {
    return ForEachCodePoint(
        text, [](uint32_t code) { return !IsControl(code) && code != 0x2028 && code != 0x2029; });
}

bool IsMultiLineText(std::string_view text) {
    return ForEachCodePoint(text, [](uint32_t code) {
        return !IsControl(code) || code == '\t' || code == '\n' || code == '\r';
    });
}

}  // namespace portal

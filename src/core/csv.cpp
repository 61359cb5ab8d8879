#include "core/csv.h"

#include <algorithm>
#include <cstdint>

namespace portal {

namespace {

char SeparatorOf(std::string_view text) {
    std::string_view first = text.substr(0, text.find('\n'));
    auto commas = std::count(first.begin(), first.end(), ',');
    auto semicolons = std::count(first.begin(), first.end(), ';');
    return semicolons > commas ? ';' : ',';
}

// A line of nothing but separators and spaces (what spreadsheets leave below the data).
bool Blank(const CsvRow& row) {
    return std::all_of(row.begin(), row.end(), [](const std::string& field) {
        return field.find_first_not_of(" \t") == std::string::npos;
    });
}

// The line of the first byte that breaks UTF-8's encoding rules, or 0 when there is none.
int FirstNonUtf8Line(std::string_view text) {
    int line = 1;
    for (size_t i = 0; i < text.size();) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') ++line;
        size_t length = byte < 0x80           ? 1
                        : (byte >> 5) == 0x6  ? 2
                        : (byte >> 4) == 0xE  ? 3
                        : (byte >> 3) == 0x1E ? 4
                                              : 0;
        if (length == 0 || i + length > text.size()) return line;
        uint32_t code = length == 1 ? byte : byte & (0x7F >> length);
        for (size_t k = 1; k < length; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return line;
            code = (code << 6) | (next & 0x3F);
        }
        // Overlong forms, surrogates and code points past Unicode are not UTF-8 either.
        static constexpr uint32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code < kLeast[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
            return line;
        }
        i += length;
    }
    return 0;
}

}  // namespace

bool ParseCsv(std::string_view text, std::vector<CsvRow>& rows, std::string& error) {
    rows.clear();
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (int bad = FirstNonUtf8Line(text)) {
        error = "line " + std::to_string(bad) +
                ": the file is not UTF-8 text (save it as \"CSV UTF-8\")";
        return false;
    }
    const char separator = SeparatorOf(text);
    CsvRow row;
    std::string field;
    bool quoted = false;
    int line = 1;
    int quote_line = 0;
    auto end_row = [&] {
        row.push_back(std::move(field));
        field.clear();
        if (!Blank(row)) rows.push_back(std::move(row));
        row.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && field.empty()) {
            quoted = true;
            quote_line = line;
        } else if (c == separator) {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;  // the '\n' ends the row
        } else if (c == '\n') {
            end_row();
            ++line;
        } else {
            field += c;
        }
    }
    if (quoted) {
        error = "line " + std::to_string(quote_line) + ": a quoted field never closes";
        return false;
    }
    if (!field.empty() || !row.empty()) end_row();
    return true;
}

std::string CsvLine(const CsvRow& fields) {
    std::string line;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) line += ',';
        const std::string& field = fields[i];
        if (field.find_first_of(",;\"\r\n") == std::string::npos) {
            line += field;
            continue;
        }
        line += '"';
        for (char c : field) {
            if (c == '"') line += '"';
            line += c;
        }
        line += '"';
    }
    return line + "\r\n";
}

}  // namespace portal

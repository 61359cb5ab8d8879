#include "core/csv.h"

#include <algorithm>

#include "core/text_checks.h"

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

// The line of the first byte that breaks UTF-8's encoding rules, or 0 when there is none. No
// byte of a multi-byte sequence is '\n', so each line can be checked on its own.
int FirstNonUtf8Line(std::string_view text) {
    if (IsUtf8(text)) return 0;
    int line = 1;
    while (true) {
        size_t end = text.find('\n');
        if (!IsUtf8(text.substr(0, end))) return line;
        if (end == std::string_view::npos) return 0;
        text.remove_prefix(end + 1);
        ++line;
    }
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

namespace {

bool StartsAFormula(char c) {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// "-12", "-0.5": digits with at most one '.', after an optional '-'.
bool PlainNumber(std::string_view text) {
    if (!text.empty() && text[0] == '-') text.remove_prefix(1);
    if (text.empty() || text.front() == '.' || text.back() == '.') return false;
    bool dot = false;
    for (char c : text) {
        if (c == '.' && !dot) {
            dot = true;
        } else if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string CsvCell(std::string_view field) {
    if (field.empty() || !StartsAFormula(field[0]) || PlainNumber(field)) {
        return std::string(field);
    }
    return "'" + std::string(field);
}

std::string CsvCellValue(std::string_view cell) {
    if (cell.size() >= 2 && cell[0] == '\'' && StartsAFormula(cell[1])) cell.remove_prefix(1);
    return std::string(cell);
}

std::string CsvLine(const CsvRow& fields) {
    std::string line;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) line += ',';
        const std::string field = CsvCell(fields[i]);
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

// CSV as RFC 4180 writes it: fields separated by commas (or semicolons, as spreadsheets set to
// French write them), quoted when they hold a separator, a quote or a line break, quotes doubled
// inside quotes, CRLF or LF line ends. Used to read room imports and to write exports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portal {

using CsvRow = std::vector<std::string>;

// The rows of text; the separator is ',' unless the first line has more ';' than ','. A
// leading UTF-8 byte-order mark is skipped; blank lines (nothing but separators and spaces)
// are dropped. False, with error naming
// the line, for a quote that never closes and for text that is not UTF-8.
bool ParseCsv(std::string_view text, std::vector<CsvRow>& rows, std::string& error);

// One line (CRLF-terminated), each field neutralised (CsvCell) and quoted when it needs to be.
// Every CSV the portal writes goes through here.
std::string CsvLine(const CsvRow& fields);

// A cell a spreadsheet would run as a formula (CSV injection, OWASP): one that starts with '=',
// '+', '-', '@', a tab or a carriage return gets a leading "'", which spreadsheets show as text.
// A plain number ("-12", "-0.5") is left alone: it cannot be a formula.
std::string CsvCell(std::string_view field);

// What CsvCell wrote, read back: one leading "'" followed by one of those characters is
// dropped, so that an exported file imports unchanged.
std::string CsvCellValue(std::string_view cell);

}  // namespace portal

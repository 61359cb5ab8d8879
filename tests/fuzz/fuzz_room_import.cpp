// Fuzz target: room import, POST /api/v1/accounts/{id}/rooms/import. First byte: 0 reads the rest
// as a CSV export, 1 as JSON; every room read is then checked as the handler checks it. The CSV
// path also writes the rows back (CsvLine, as exports do) and reads them again: what the portal
// exports must import unchanged.
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "core/csv.h"
#include "fuzz_input.h"
#include "server/room_import.h"

namespace {

using portal::CsvRow;

void CheckRooms(std::vector<portal::Room>& rooms, std::vector<portal::api::FieldError>& errors) {
    for (size_t i = 0; i < rooms.size() && errors.size() < 100; ++i) {
        portal::server::CheckRoomFields(rooms[i], "rooms[" + std::to_string(i) + "]", errors);
    }
}

// The rows, written as the portal writes CSV and read back, give the cells it wrote.
void CheckCsvRoundTrip(std::string_view text) {
    std::vector<CsvRow> rows;
    std::string error;
    if (!portal::ParseCsv(text, rows, error) || rows.empty()) return;
    std::string written;
    for (const CsvRow& row : rows) written += portal::CsvLine(row);
    // A first line with more ';' than ',' (inside quotes too) reads as a French export: only a
    // header of the user's own could do that, never one the portal writes.
    std::string_view first = std::string_view(written).substr(0, written.find('\n'));
    if (std::count(first.begin(), first.end(), ';') > std::count(first.begin(), first.end(), ',')) {
        return;
    }
    // A second byte-order mark after the first one would be read as the mark itself.
    if (rows[0][0].rfind("\xEF\xBB\xBF", 0) == 0) return;
    std::vector<CsvRow> again;
    if (!portal::ParseCsv(written, again, error)) __builtin_trap();
    std::vector<CsvRow> expected;
    for (const CsvRow& row : rows) {
        CsvRow cells;
        for (const std::string& field : row) cells.push_back(portal::CsvCell(field));
        expected.push_back(cells);
    }
    if (again != expected) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Imports are capped at 10,000 rooms; 64 KiB of text is plenty to reach every branch.
    if (size > 65536) return 0;
    std::string_view input = portal::fuzz::Text(data, size);
    size_t mode = 0;
    if (!portal::fuzz::Select(input, 2, mode)) return 0;
    std::vector<portal::Room> rooms;
    std::vector<portal::api::FieldError> errors;
    if (mode == 0) {
        if (portal::server::RoomsFromCsv(std::string(input), rooms, errors))
            CheckRooms(rooms, errors);
        CheckCsvRoundTrip(input);
    } else {
        portal::api::Json json;
        std::string parse_error;
        if (!portal::api::ParseJson(input, json, parse_error)) return 0;
        portal::server::RoomsFromJson(json, rooms, errors);
        CheckRooms(rooms, errors);
    }
    return 0;
}

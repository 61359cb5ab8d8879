// Rooms as clients send them: see room_import.h.
#include "server/room_import.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

#include "api/model_json.h"
#include "core/csv.h"
#include "core/text_checks.h"
#include "server/text.h"

namespace portal::server {

void CheckRoomFields(Room& room, const std::string& path, std::vector<api::FieldError>& errors) {
    auto at = [&](const char* field) { return path.empty() ? field : path + "." + field; };
    room.name = text::Trim(room.name);
    room.site = text::Trim(room.site);
    std::string country;
    for (char c : text::Trim(room.country)) {
        country += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    room.country = country;
    if (room.name.empty() || room.name.size() > 120) {
        errors.push_back({at("name"), "is required, at most 120 characters"});
    }
    if (room.site.size() > 120) errors.push_back({at("site"), "is at most 120 characters"});
    // Names reach CSV exports, mail subjects and logs: one line each (issue 16).
    if (!IsOneLineText(room.name)) {
        errors.push_back({at("name"), "must be one line, without control characters"});
    }
    if (!IsOneLineText(room.site)) {
        errors.push_back({at("site"), "must be one line, without control characters"});
    }
    if (room.country.size() != 2 || !std::isalpha(static_cast<unsigned char>(room.country[0])) ||
        !std::isalpha(static_cast<unsigned char>(room.country[1]))) {
        errors.push_back({at("country"), "must be a two-letter country code (ISO 3166-1)"});
    }
    if (room.capacity < 1 || room.capacity > 10000) {
        errors.push_back({at("capacity"), "must be between 1 and 10000"});
    }
}

namespace {

// A device-management export's column names, as people and tools write them.
int ColumnFor(const CsvRow& header, std::initializer_list<const char*> names) {
    for (size_t i = 0; i < header.size(); ++i) {
        std::string cell = text::Lower(text::Trim(header[i]));
        for (const char* name : names) {
            if (cell == name) return static_cast<int>(i);
        }
    }
    return -1;
}

}  // namespace

bool RoomsFromCsv(const std::string& text, std::vector<Room>& rooms,
                  std::vector<api::FieldError>& errors) {
    std::vector<CsvRow> rows;
    std::string error;
    if (!ParseCsv(text, rows, error)) {
        errors.push_back({"csv", error});
        return false;
    }
    if (rows.empty()) {
        errors.push_back({"csv", "is empty: expected a header line and one line per room"});
        return false;
    }
    const CsvRow& header = rows[0];
    int name = ColumnFor(header, {"name", "room", "room name", "nom", "salle"});
    int site = ColumnFor(header, {"site", "location", "group", "building", "site name"});
    int country = ColumnFor(header, {"country", "country code", "pays"});
    int capacity =
        ColumnFor(header, {"capacity", "seats", "seat count", "room capacity", "capacité"});
    int time_zone =
        ColumnFor(header, {"timezone", "time zone", "time_zone", "tz", "fuseau horaire"});
    if (name < 0) errors.push_back({"csv", "has no \"name\" column"});
    if (country < 0) errors.push_back({"csv", "has no \"country\" column"});
    if (capacity < 0) errors.push_back({"csv", "has no \"capacity\" column"});
    if (!errors.empty()) return false;
    for (size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        // The portal's own export neutralises formula-like cells ("'=..."): read them back.
        auto cell = [&](int column) {
            return column >= 0 && static_cast<size_t>(column) < row.size()
                       ? CsvCellValue(row[column])
                       : std::string();
        };
        Room room;
        room.name = cell(name);
        room.site = cell(site);
        room.country = cell(country);
        room.time_zone = cell(time_zone);
        std::string seats = text::Trim(cell(capacity));
        room.capacity = 0;
        if (!seats.empty() && seats.size() < 7 &&
            std::all_of(seats.begin(), seats.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            room.capacity = std::stoi(seats);
        }
        rooms.push_back(room);
    }
    return true;
}

bool RoomsFromJson(const api::Json& json, std::vector<Room>& rooms,
                   std::vector<api::FieldError>& errors) {
    const api::Json* list = &json;
    if (json.is_object() && json.contains("rooms")) list = &json["rooms"];
    if (!list->is_array()) {
        errors.push_back({"rooms", "must be an array of {name, site, country, capacity}"});
        return false;
    }
    for (size_t i = 0; i < list->size(); ++i) {
        Room room;
        std::vector<api::FieldError> row_errors;
        api::RoomFromJson((*list)[i], room, row_errors);
        for (api::FieldError& error : row_errors) {
            error.field = "rooms[" + std::to_string(i) + "]." + error.field;
            errors.push_back(error);
        }
        rooms.push_back(room);
    }
    return errors.empty();
}

}  // namespace portal::server

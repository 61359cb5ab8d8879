// Reading rooms the way clients send them: one room (POST /rooms), or many at once
// (POST /rooms/import, a JSON array or a device-management export's CSV), and the field checks
// every room passes. Pure functions of the text, apart from the time zone (rooms_api.cpp), so
// that tests/fuzz/fuzz_room_import.cpp reaches them without a server.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "core/model.h"

namespace portal::server {

inline constexpr size_t kMaxImportRows = 10000;

// Normalises (trims, upper-cases the country) and checks a room as a client sent it; errors
// are prefixed with path.
void CheckRoomFields(Room& room, const std::string& path, std::vector<api::FieldError>& errors);

// The rooms of a CSV export (a header line naming the columns, in English or French, then one
// line per room); false with errors for text that is not CSV or lacks a required column.
bool RoomsFromCsv(const std::string& text, std::vector<Room>& rooms,
                  std::vector<api::FieldError>& errors);

// The rooms of a JSON array, or of an object's "rooms" array; each bad field named
// ("rooms[2].capacity").
bool RoomsFromJson(const api::Json& json, std::vector<Room>& rooms,
                   std::vector<api::FieldError>& errors);

}  // namespace portal::server

// The rooms table as the portal shows it: one row per room with what it holds, and the filter
// and sort the user chose. Built once per state change and sorted once per click, never per
// frame, so a table of 10,000 rooms scrolls as fast as one of ten.
#pragma once

#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/model.h"

namespace portal {

struct RoomRow {
    Id room_id = 0;
    int room_index = 0;  // into State::rooms
    std::string name;
    std::string site;
    std::string country;
    int capacity = 0;
    int devices = 0;
    std::vector<std::string> programs;  // programs with an active license, catalogue order
    bool insights = false;              // R-GATE-1
    bool alerts = false;                // R-GATE-2
    std::string search_text;            // case-folded name, site, country and device serials
};

std::vector<RoomRow> BuildRoomRows(const State& state, const Catalogue& catalogue, Date today);

enum class RoomColumn { Name, Site, Country, Devices, Licenses, Insights };

struct RoomQuery {
    std::string text;     // matched against name, site, country and serials, any case
    std::string site;     // "": every site
    std::string program;  // "": any; "none": rooms without a license; else a program id
    RoomColumn sort = RoomColumn::Name;
    bool ascending = true;
};

// Indices into rows of the rows the query keeps, in its order (ties by name, then id).
std::vector<int> QueryRooms(const std::vector<RoomRow>& rows, const RoomQuery& query);

// The distinct sites of the rows, sorted, for the site filter.
std::vector<std::string> SitesOf(const std::vector<RoomRow>& rows);

// ASCII lower case; other bytes (UTF-8 accents) unchanged.
std::string LowerAscii(std::string text);

}  // namespace portal

#include "core/room_table.h"

#include <algorithm>
#include <unordered_map>

#include "core/device_table.h"  // FoldCase: one case folding for every search
#include "core/engine.h"

namespace portal {

std::string LowerAscii(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

std::vector<RoomRow> BuildRoomRows(const State& state, const Catalogue& catalogue, Date today) {
    std::vector<RoomEntitlements> entitlements = EntitlementsOfRooms(state, catalogue, today);
    std::unordered_map<Id, int> index_of;
    index_of.reserve(state.rooms.size());
    std::vector<RoomRow> rows(state.rooms.size());
    for (size_t i = 0; i < state.rooms.size(); ++i) {
        const Room& room = state.rooms[i];
        RoomRow& row = rows[i];
        row.room_id = room.id;
        row.room_index = static_cast<int>(i);
        row.name = room.name;
        row.site = room.site;
        row.country = room.country;
        row.capacity = room.capacity;
        row.programs = entitlements[i].programs;
        row.insights = entitlements[i].insights;
        row.alerts = entitlements[i].alerts;
        row.search_text = FoldCase(room.name + "\n" + room.site + "\n" + room.country);
        index_of[room.id] = static_cast<int>(i);
    }
    for (const Device& device : state.devices) {
        auto found = index_of.find(device.room_id);
        if (device.room_id == 0 || found == index_of.end()) continue;
        RoomRow& row = rows[found->second];
        ++row.devices;
        row.search_text += "\n" + FoldCase(device.serial);
    }
    return rows;
}

namespace {

bool Keeps(const RoomRow& row, const RoomQuery& query, const std::string& text) {
    if (!text.empty() && row.search_text.find(text) == std::string::npos) return false;
    if (!query.site.empty() && row.site != query.site) return false;
    if (query.program == "none") return row.programs.empty();
    if (!query.program.empty()) {
        return std::find(row.programs.begin(), row.programs.end(), query.program) !=
               row.programs.end();
    }
    return true;
}

// -1, 0, 1 by the chosen column only.
int CompareBy(RoomColumn column, const RoomRow& a, const RoomRow& b) {
    auto three_way = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
    switch (column) {
        case RoomColumn::Name:
            return 0;  // the tie-break below
        case RoomColumn::Site:
            return three_way(a.site, b.site);
        case RoomColumn::Country:
            return three_way(a.country, b.country);
        case RoomColumn::Devices:
            return three_way(a.devices, b.devices);
        case RoomColumn::Licenses:
            return three_way(a.programs, b.programs);
        case RoomColumn::Insights:
            return three_way(a.insights, b.insights);
    }
    return 0;
}

}  // namespace

std::vector<int> QueryRooms(const std::vector<RoomRow>& rows, const RoomQuery& query) {
    std::string text = FoldCase(query.text);
    std::vector<int> kept;
    kept.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        if (Keeps(rows[i], query, text)) kept.push_back(static_cast<int>(i));
    }
    std::vector<std::string> names(rows.size());
    for (int i : kept) names[i] = FoldCase(rows[i].name);
    // The chosen column in the chosen direction; ties by name (case-insensitive), then by id,
    // always ascending, so equal rows keep a readable, stable order.
    auto by_name = [&](int a, int b) {
        if (names[a] != names[b]) return names[a] < names[b] ? -1 : 1;
        return rows[a].room_id < rows[b].room_id ? -1 : (rows[a].room_id > rows[b].room_id ? 1 : 0);
    };
    std::sort(kept.begin(), kept.end(), [&](int a, int b) {
        if (query.sort == RoomColumn::Name) {
            int order = by_name(a, b);
            return query.ascending ? order < 0 : order > 0;
        }
        int order = CompareBy(query.sort, rows[a], rows[b]);
        if (order != 0) return query.ascending ? order < 0 : order > 0;
        return by_name(a, b) < 0;
    });
    return kept;
}

std::vector<std::string> SitesOf(const std::vector<RoomRow>& rows) {
    std::vector<std::string> sites;
    for (const RoomRow& row : rows) sites.push_back(row.site);
    std::sort(sites.begin(), sites.end());
    sites.erase(std::unique(sites.begin(), sites.end()), sites.end());
    return sites;
}

}  // namespace portal

// The devices table as the portal shows it: one row per device (serial, product, room, purchase
// date, warranty end), and the search and sort the user chose. Built once per state change and
// sorted once per query, never per frame, so that 50,000 devices scroll like fifty.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/model.h"

namespace portal {

struct DeviceRow {
    std::string serial;
    std::string product;       // the catalogue's product id
    std::string product_name;  // its name in the catalogue; the id when the catalogue lacks it
    Id room_id = 0;            // 0: not in a room
    std::string room_name;     // "" when not in a room
    Date purchase_date;
    std::optional<Date> warranty_end;  // R-SKU-3; nullopt: no license of its room extends it
    // Lower case (ASCII and accented Latin capitals) for search and sort.
    std::string search_text;  // serial, product id and name, room name
    std::string product_key;  // product name
    std::string room_key;     // room name
};

// Every device of `state`, in its order. The warranty ends are those of WarrantyEnd(), worked
// out in one pass over the licenses held: 50,000 devices must not be 50,000 scans.
std::vector<DeviceRow> BuildDeviceRows(const State& state, const Catalogue& catalogue, Date today);

enum class DeviceColumn { Serial, Product, Room, Purchased, Warranty };

struct DeviceQuery {
    std::string text;  // matched against serial, product and room name, any case or accent case
    // nullopt: every device; 0: devices not in a room; else the devices of that room.
    std::optional<Id> room;
    DeviceColumn sort = DeviceColumn::Serial;
    bool ascending = true;
};

// Indices into rows of the rows the query keeps, in its order. Ties are broken by serial, which
// is unique (R-ROOM-3), so the order is total and stable from one build to the next. Devices
// not in a room sort before every room, devices without a warranty end before every date.
std::vector<int> QueryDevices(const std::vector<DeviceRow>& rows, const DeviceQuery& query);

// Lower case for search and sort: ASCII, and the accented capitals of Latin-1 and Œ in UTF-8
// ("Étoile" is found by "étoile"); other bytes unchanged.
std::string FoldCase(std::string text);

// "  ab12-x " -> "AB12-X": serials as the server stores them (trimmed, upper case).
std::string NormalizeSerial(const std::string& text);

}  // namespace portal

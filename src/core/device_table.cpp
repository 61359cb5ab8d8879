#include "core/device_table.h"

#include <algorithm>
#include <unordered_map>

#include "core/engine.h"

namespace portal {

std::string FoldCase(std::string text) {
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 'A' && c <= 'Z') {
            text[i] = static_cast<char>(c - 'A' + 'a');
        } else if (i + 1 < text.size()) {
            unsigned char next = static_cast<unsigned char>(text[i + 1]);
            // U+00C0..U+00DE except U+00D7 (×): C3 80..9E -> C3 A0..BE. U+0152 (Œ): C5 92 -> 93.
            if ((c == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) ||
                (c == 0xC5 && next == 0x92)) {
                text[i + 1] = static_cast<char>(next + (c == 0xC3 ? 0x20 : 0x01));
                ++i;
            } else if (c >= 0xC0) {
                ++i;  // the continuation byte of another character
            }
        }
    }
    return text;
}

namespace {

bool GrantsWarranty(const Catalogue& catalogue, const std::string& program) {
    const Program* found = catalogue.FindProgram(program);
    return found && std::find(found->features.begin(), found->features.end(), Feature::Warranty) !=
                        found->features.end();
}

// R-SKU-3, for every room at once: the latest end of the active licenses it holds whose program
// extends the warranty. WarrantyEnd() asks the same of one device.
std::unordered_map<Id, Date> WarrantyEndsByRoom(const State& state, const Catalogue& catalogue,
                                                Date today) {
    std::unordered_map<Id, Date> contract_ends;  // active contracts that extend the warranty
    for (const Contract& contract : state.contracts) {
        if (contract.cancelled || !GrantsWarranty(catalogue, contract.program)) continue;
        Date start = ContractStart(catalogue, contract);
        Date end = ContractEnd(catalogue, contract);
        if (today < start || today > end) continue;
        contract_ends[contract.id] = end;
    }
    std::unordered_map<Id, Date> latest;
    if (contract_ends.empty()) return latest;
    for (const Assignment& assignment : state.assignments) {
        if (!assignment.held() || assignment.room_id == 0) continue;
        auto end = contract_ends.find(assignment.contract_id);
        if (end == contract_ends.end()) continue;
        auto [it, inserted] = latest.emplace(assignment.room_id, end->second);
        if (!inserted && end->second > it->second) it->second = end->second;
    }
    return latest;
}

int Compare(const std::string& a, const std::string& b) {
    int order = a.compare(b);
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

int CompareDates(const std::optional<Date>& a, const std::optional<Date>& b) {
    if (a.has_value() != b.has_value()) return a.has_value() ? 1 : -1;  // none first
    if (!a) return 0;
    return *a < *b ? -1 : (*b < *a ? 1 : 0);
}

// -1, 0, 1 by the chosen column only; the serial breaks ties.
int CompareBy(DeviceColumn column, const DeviceRow& a, const DeviceRow& b) {
    switch (column) {
        case DeviceColumn::Serial:
            return 0;
        case DeviceColumn::Product:
            return Compare(a.product_key, b.product_key);
        case DeviceColumn::Room:
            // "" (not in a room) sorts first; rooms of the same name stay apart by id.
            if (int order = Compare(a.room_key, b.room_key); order != 0) return order;
            return a.room_id < b.room_id ? -1 : (b.room_id < a.room_id ? 1 : 0);
        case DeviceColumn::Purchased:
            return CompareDates(a.purchase_date, b.purchase_date);
        case DeviceColumn::Warranty:
            return CompareDates(a.warranty_end, b.warranty_end);
    }
    return 0;
}

}  // namespace

std::string NormalizeSerial(const std::string& text) {
    size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return "";
    size_t end = text.find_last_not_of(" \t\r\n");
    std::string serial = text.substr(begin, end - begin + 1);
    for (char& c : serial) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return serial;
}

std::vector<DeviceRow> BuildDeviceRows(const State& state, const Catalogue& catalogue, Date today) {
    std::unordered_map<Id, const Room*> rooms;
    rooms.reserve(state.rooms.size());
    for (const Room& room : state.rooms) rooms[room.id] = &room;
    std::unordered_map<std::string, std::string> product_names;
    for (const Product& product : catalogue.products) product_names[product.id] = product.name;
    std::unordered_map<Id, Date> warranty = WarrantyEndsByRoom(state, catalogue, today);
    int cap_years = catalogue.rules.warranty_cap_years;

    std::vector<DeviceRow> rows(state.devices.size());
    for (size_t i = 0; i < state.devices.size(); ++i) {
        const Device& device = state.devices[i];
        DeviceRow& row = rows[i];
        row.serial = device.serial;
        row.product = device.product;
        auto name = product_names.find(device.product);
        row.product_name = name == product_names.end() ? device.product : name->second;
        row.purchase_date = device.purchase_date;
        if (device.room_id != 0) {
            row.room_id = device.room_id;
            auto room = rooms.find(device.room_id);
            if (room != rooms.end()) row.room_name = room->second->name;
            auto end = warranty.find(device.room_id);
            if (end != warranty.end()) {
                // R-SKU-3: never past the cap counted from the device's own purchase date.
                Date cap = AddDays(AddYears(device.purchase_date, cap_years), -1);
                row.warranty_end = std::min(end->second, cap);
            }
        }
        row.product_key = FoldCase(row.product_name);
        row.room_key = FoldCase(row.room_name);
        row.search_text = FoldCase(device.serial) + "\n" + row.product_key + "\n" +
                          FoldCase(device.product) + "\n" + row.room_key;
    }
    return rows;
}

std::vector<int> QueryDevices(const std::vector<DeviceRow>& rows, const DeviceQuery& query) {
    std::string text = FoldCase(query.text);
    // Leading and trailing blanks come with pasted serials; they never mean anything here.
    size_t begin = text.find_first_not_of(" \t\r\n");
    text = begin == std::string::npos
               ? std::string()
               : text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
    std::vector<int> kept;
    kept.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        const DeviceRow& row = rows[i];
        if (query.room && row.room_id != *query.room) continue;
        if (!text.empty() && row.search_text.find(text) == std::string::npos) continue;
        kept.push_back(static_cast<int>(i));
    }
    std::sort(kept.begin(), kept.end(), [&](int a, int b) {
        int order = CompareBy(query.sort, rows[a], rows[b]);
        if (order == 0) order = Compare(rows[a].serial, rows[b].serial);
        if (order == 0) order = a < b ? -1 : (a > b ? 1 : 0);  // a broken state's twin serials
        return query.ascending ? order < 0 : order > 0;
    });
    return kept;
}

}  // namespace portal

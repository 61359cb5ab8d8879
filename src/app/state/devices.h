// The state of Devices: the table as built from the account's state, the user's search and
// sort, and the Add device / Move device dialogs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/remote.h"
#include "core/device_table.h"
#include "core/refusal.h"

namespace portal::app {

enum class DeviceDialog { None, Add, Move };

struct DevicesPageState {
    // Rebuilt when the account's state changes (built_from != AccountData::version).
    std::vector<DeviceRow> rows;
    bool built = false;
    unsigned built_from = 0;
    Date built_on;

    DeviceQuery query;
    char search[128] = {};
    char room_filter[64] = {};  // the text typed in the room filter's list
    std::vector<int> visible;   // indices into rows, filtered and sorted
    bool query_dirty = true;
    // A link's filter (?filter=warranty-ending, issue 16), shown as a removable chip; "" none.
    std::string route_filter;
    // The account's rooms for the room pickers: indices into State::rooms sorted by name, and
    // each one's lower-case name and site to filter by.
    std::vector<int> room_order;
    std::vector<std::string> room_keys;
    // The selected device (the route's detail) as an index into rows, found once per change.
    std::string selected_for;
    int selected_row = -1;

    std::string copied;  // the serial last copied to the clipboard, to say so

    DeviceDialog dialog = DeviceDialog::None;
    // Add device
    char serial[64] = {};
    std::string product;     // a catalogue product id; "" until chosen
    std::optional<Id> room;  // nullopt and 0: not in a room
    char purchase[16] = {};  // YYYY-MM-DD
    // Move device: the device is the selected one (the route's detail)
    std::string move_serial;
    int move_row = -1;              // its index into rows, checked against the serial before use
    std::optional<Id> destination;  // nullopt: not chosen yet; 0: out of any room
    char dialog_room_filter[64] = {};
    // The engine's verdict on what the dialog holds, planned again only when that changes.
    std::string planned_for;
    std::optional<Refusal> refusal;
    Submission submit;

    void CloseDialog() {
        dialog = DeviceDialog::None;
        serial[0] = 0;
        product.clear();
        room.reset();
        purchase[0] = 0;
        move_serial.clear();
        move_row = -1;
        destination.reset();
        dialog_room_filter[0] = 0;
        planned_for.clear();
        refusal.reset();
        submit.Clear();
    }

    // Another account was chosen, or the user signed out: forget what was loaded.
    void ForgetAccount() {
        rows.clear();
        built = false;
        visible.clear();
        room_order.clear();
        room_keys.clear();
        selected_for.clear();
        selected_row = -1;
        query.room.reset();
        query_dirty = true;
        route_filter.clear();
        copied.clear();
        CloseDialog();
    }
};

}  // namespace portal::app

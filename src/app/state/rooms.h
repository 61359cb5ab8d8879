// The Rooms page's own state: the table as built from the account's state, the user's query
// and selection, and the dialogs (assign, bulk assign, move, add, import).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/remote.h"
#include "core/engine.h"
#include "core/room_table.h"

namespace portal::app {

enum class RoomDialog { None, Assign, BulkAssign, Move, Add, Import, Unassign };

struct RoomsPageState {
    // Rebuilt when the account's state changes (built_from != AccountData::version).
    std::vector<RoomRow> rows;
    std::vector<std::string> sites;
    unsigned built_from = 0;

    RoomQuery query;
    char search[128] = {};
    std::vector<int> visible;  // indices into rows, filtered and sorted
    bool query_dirty = true;
    // A link's filter (?filter=unlicensed|licensed|offline|in-meeting, issue 16), shown as a
    // removable chip; "" for none. A live one is applied again when the status changes.
    std::string route_filter;
    std::string filtered_at;  // the live status version it was applied at

    std::set<Id> selected;
    Id anchor = 0;  // the last clicked room, for shift-click ranges

    RoomDialog dialog = RoomDialog::None;
    Id dialog_room = 0;   // the room a single-room dialog acts on
    Id contract_id = 0;   // Assign / BulkAssign: the contract picked
    std::string program;  // Unassign / Move: the license's program
    Id to_room_id = 0;    // Move: the destination
    char to_room_filter[64] = {};
    Submission submit;
    // Bulk assign: one request per room, sent one after another; what each answered.
    std::vector<Id> bulk_queue;
    std::vector<std::pair<Id, std::string>> bulk_results;  // room, "" or the refusal
    int bulk_sent = 0;

    // Add room
    char new_name[128] = {};
    char new_site[128] = {};
    char new_country[8] = {};
    int new_capacity = 6;
    char new_time_zone[64] = {};  // IANA ("Europe/Paris"); empty: UTC. The server checks it.

    // What the engine says of the dialog's action, computed when its inputs change (not per
    // frame): the state version, room, contract, program and destination it was planned for.
    struct Verdict {
        unsigned version = 0;
        Id room = 0, contract = 0, to_room = 0;
        std::string program;
        bool planned = false;
        std::optional<Refusal> refusal;
    } verdict;
    // Bulk assign: the rooms and contract the preview was made for, and what it says.
    std::vector<Id> preview_rooms;
    Id preview_contract = 0;
    unsigned preview_version = 0;
    std::vector<PreviewItem> preview;

    // Import: the file picked and the server's answer.
    std::string import_file_name;
    std::string import_text;
    std::string import_summary;

    // The room detail's history (admins: GET /accounts/{id}/audit?object=room:N).
    struct HistoryEntry {
        std::string at;
        std::string action;
        std::string object;  // "room:12"; a support read: the request ("GET /api/v1/...")
    };
    Remote<std::vector<HistoryEntry>> history{"room history"};
    Id history_room = 0;
    unsigned history_version = 0;  // the account's version it was read at

    // Another account was chosen, or the user signed out: forget what was loaded.
    void ForgetAccount() {
        rows.clear();
        sites.clear();
        visible.clear();
        built_from = 0;
        query_dirty = true;
        route_filter.clear();
        selected.clear();
        anchor = 0;
        dialog = RoomDialog::None;
        submit.Clear();
        bulk_queue.clear();
        bulk_results.clear();
        verdict = {};
        preview.clear();
        preview_rooms.clear();
        history.Reset();
        history_room = 0;
        import_summary.clear();
    }
};

}  // namespace portal::app

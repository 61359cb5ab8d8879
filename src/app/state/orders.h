// The state of Service Orders: the contracts' rows as built from the account's state, what the
// page loads beyond it (each contract's order and cancellation deadline, the spares pools), and
// the cancel confirmation.
#pragma once

#include <string>
#include <vector>

#include "api/contracts_json.h"
#include "app/remote.h"
#include "core/engine.h"

namespace portal::app {

// One contract as the table shows it (R-TERM-3), worked out by the engine from the state.
struct OrderRow {
    Id contract_id = 0;
    Id order_id = 0;
    std::string po_number;
    std::string program;     // the catalogue's program name
    bool assignable = true;  // R-ROOM-6: extended warranty covers devices, not rooms
    std::string sku;
    int quantity = 0;
    Date purchase_date;
    ContractView view;
};

struct OrdersPageState {
    // GET /accounts/{id}/contracts and /spares, asked again each time the state reloads (a
    // cancelled order changes both).
    Remote<std::vector<api::ContractOrder>> orders{"contracts"};
    Remote<api::SparesInfo> spares{"spares"};
    bool fetched = false;
    unsigned fetched_for = 0;  // the AccountData::version they were asked for

    // Rebuilt when the account's state changes, or the day does.
    std::vector<OrderRow> rows;
    bool built = false;
    unsigned built_from = 0;
    Date built_on;

    // The detail's rooms holding the contract's licenses, sorted by name; built once per
    // contract and state.
    struct HoldingRoom {
        Id room_id = 0;
        std::string name;
        Date since;
    };
    std::vector<HoldingRoom> holding;
    Id holding_for = 0;
    unsigned holding_from = 0;

    // A link's filter (?filter=starting-soon|ending-soon|cancellable, issue 16), shown as a
    // removable chip; "" for none.
    std::string route_filter;

    // Cancel order: the confirmation dialog and the request.
    bool confirm_cancel = false;
    Id cancel_order_id = 0;
    Submission cancel;

    // Another account was chosen, or the user signed out: forget what was loaded.
    void ForgetAccount() {
        orders.Reset();
        spares.Reset();
        fetched = false;
        rows.clear();
        built = false;
        holding.clear();
        holding_for = 0;
        route_filter.clear();
        confirm_cancel = false;
        cancel_order_id = 0;
        cancel.Clear();
    }
};

}  // namespace portal::app

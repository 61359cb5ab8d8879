// The Overview's own state (issue 16, the fleet's home): the account's figures and checklist
// (GET /accounts/{id}/home), a partner's customers (GET /home), the operators' queues (GET
// /operator/home) and Hide checklist. Also the few pure rules the page shares, tested without
// drawing: the checklist's next step, the customers' order, and the route filters' names.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "api/home_json.h"
#include "app/remote.h"
#include "app/route.h"
#include "core/model.h"

namespace portal::app {

// The partner table's columns, in their order (ImGui's column user ids).
enum class HomeColumn { Customer, Rooms, Offline, Firing, Breached, FreeLicenses, EndingSoon };

struct HomePageState {
    Remote<api::AccountHome> account{"home"};
    Id account_for = 0;  // the account it was asked for (0: none yet)
    Remote<std::vector<api::HomeRow>> customers{"customers"};
    bool customers_asked = false;
    Remote<api::OperatorHome> operator_home{"operator home"};
    bool operator_asked = false;
    Submission dismiss;       // Hide checklist
    Submission resend;        // an operator resending an invitation
    Id resending = 0;         // the invitation being resent
    Id resent = 0;            // the invitation last resent, to say so
    std::string copied_code;  // the partner code last copied, to say so

    // The partner table's order: indices into customers, the server's (worst first) until a
    // column is clicked; sorted again only when the sort specs or the rows change.
    std::vector<int> order;
    bool order_dirty = true;
    HomeColumn sort = HomeColumn::Customer;
    bool sorted = false;  // false: the server's order
    bool ascending = true;

    // The page is opened again: read what may have changed meanwhile (a room added from the
    // checklist), keeping what is shown until the answers are in.
    void Reopened() {
        account_for = 0;
        customers_asked = false;
        operator_asked = false;
    }
    // Another account was chosen, or the user signed out.
    void ForgetAccount() {
        account.Reset();
        account_for = 0;
        dismiss.Clear();
    }
    // Signed out: the user's customers and queues too.
    void ForgetUser() {
        ForgetAccount();
        customers.Reset();
        customers_asked = false;
        operator_home.Reset();
        operator_asked = false;
        order.clear();
        order_dirty = true;
    }
};

// The checklist's steps done, and the index of the first one not done (-1: all done).
inline int StepsDone(const api::AccountHome& home) {
    return static_cast<int>(std::count_if(home.steps.begin(), home.steps.end(),
                                          [](const api::HomeStep& step) { return step.done; }));
}
inline int NextStep(const api::AccountHome& home) {
    for (size_t i = 0; i < home.steps.size(); ++i) {
        if (!home.steps[i].done) return static_cast<int>(i);
    }
    return -1;
}

// The customers in the table's order: the server's (worst first) when `sorted` is false, else
// by `column` (ties by name, then id, so that the order is total).
inline std::vector<int> OrderHomeRows(const std::vector<api::HomeRow>& rows, bool sorted,
                                      HomeColumn column, bool ascending) {
    std::vector<int> order(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) order[i] = static_cast<int>(i);
    if (!sorted) return order;
    auto key = [column](const api::HomeRow& row) {
        switch (column) {
            case HomeColumn::Customer:
                return 0;
            case HomeColumn::Rooms:
                return row.rooms_total;
            case HomeColumn::Offline:
                return row.rooms_offline;
            case HomeColumn::Firing:
                return row.alerts_firing;
            case HomeColumn::Breached:
                return row.tickets_breached;
            case HomeColumn::FreeLicenses:
                return row.licenses_free;
            case HomeColumn::EndingSoon:
                return row.contracts_ending_soon;
        }
        return 0;
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const api::HomeRow& left = rows[a];
        const api::HomeRow& right = rows[b];
        int by_key = key(left) - key(right);
        if (by_key == 0 && left.name != right.name) by_key = left.name < right.name ? -1 : 1;
        if (by_key == 0) by_key = left.account_id < right.account_id ? -1 : 1;
        return ascending ? by_key < 0 : by_key > 0;
    });
    return order;
}

// [SECTION] Route filters (?filter=<name>): the Overview's figures open a page filtered.

// The English label of a page's filter for its chip ("Filtered: Offline"), or nullptr when the
// page has no such filter.
inline const char* RouteFilterLabel(Page page, std::string_view filter) {
    struct Entry {
        Page page;
        const char* name;
        const char* label;
    };
    static constexpr Entry kFilters[] = {
        {Page::Rooms, "unlicensed", "Without a license"},
        {Page::Rooms, "licensed", "Licensed"},
        {Page::Rooms, "offline", "Offline"},
        {Page::Rooms, "in-meeting", "In a meeting"},
        {Page::Alerts, "firing", "Firing"},
        {Page::Support, "open", "Open tickets"},
        {Page::Support, "breached", "Past their target"},
        {Page::ServiceOrders, "starting-soon", "Starting within 60 days"},
        {Page::ServiceOrders, "ending-soon", "Ending within 60 days"},
        {Page::ServiceOrders, "cancellable", "Still cancellable"},
        {Page::Devices, "warranty-ending", "Warranty ending within 60 days"},
        {Page::Intake, "unmatched", "Unmatched orders"},
        {Page::SupportQueue, "critical", "Critical"},
        {Page::People, "pending", "Pending invitations"},
    };
    for (const Entry& entry : kFilters) {
        if (entry.page == page && entry.name == filter) return entry.label;
    }
    return nullptr;
}

}  // namespace portal::app

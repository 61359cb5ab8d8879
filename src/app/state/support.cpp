// The Support pages' pure rules (state/support.h): no ImGui, tested in tests/app.
#include "app/state/support.h"

#include <algorithm>
#include <tuple>

namespace portal::app {

bool NeedsTicket(const telemetry::RoomStatus* status) {
    if (!status) return false;
    return status->state == telemetry::RoomState::Offline || status->devices_offline > 0 ||
           status->alerts_firing > 0;
}

api::TicketSeconds NextDue(const api::Ticket& ticket) {
    if (!support::IsOpen(ticket.status)) return 0;
    api::TicketSeconds next = 0;
    auto consider = [&next](api::TicketSeconds due) {
        if (due > 0 && (next == 0 || due < next)) next = due;
    };
    if (!ticket.first_responded_at) consider(ticket.first_response_due_at);
    consider(ticket.resolution_due_at);
    return next;
}

void SortMostUrgent(std::vector<api::Ticket>& tickets) {
    std::stable_sort(
        tickets.begin(), tickets.end(), [](const api::Ticket& a, const api::Ticket& b) {
            api::TicketSeconds due_a = NextDue(a), due_b = NextDue(b);
            // No due time running: after every ticket that has one.
            auto key = [](const api::Ticket& t, api::TicketSeconds due) {
                return std::make_tuple(!(t.breached && due != 0), due == 0, due,
                                       static_cast<int>(t.severity), t.created_at, t.number);
            };
            return key(a, due_a) < key(b, due_b);
        });
}

std::vector<support::TicketStatus> StatusMoves(support::TicketStatus from, support::Actor actor) {
    std::vector<support::TicketStatus> moves;
    for (support::TicketStatus to :
         {support::TicketStatus::New, support::TicketStatus::InProgress,
          support::TicketStatus::WaitingOnCustomer, support::TicketStatus::Resolved,
          support::TicketStatus::Closed}) {
        if (support::StatusChangeAllowed(from, to, actor)) moves.push_back(to);
    }
    return moves;
}

}  // namespace portal::app

// Support (issue 14): the Support page's own state (the account's tickets as loaded with their
// filter, the New ticket form with its one-click proposal from a room), the ticket page's (the
// ticket, the reply, the changes in flight, followers and uploads) and the operators' Support
// queue (its filters, the queue, the account search). Forms keep what was typed through a failed
// request. Also the few pure rules the pages share, tested without drawing: which rooms offer
// Open ticket, which due time comes next, the queue's order and the status buttons a caller gets.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/people_json.h"
#include "api/support_json.h"
#include "app/remote.h"
#include "app/state/alerts.h"
#include "core/model.h"
#include "core/support.h"
#include "core/telemetry.h"

namespace portal::app {

// GET .../tickets?status=open|closed|all ("closed": resolved or closed).
enum class TicketFilter { Open, Closed, All };
inline const char* TicketFilterName(TicketFilter filter) {
    switch (filter) {
        case TicketFilter::Open:
            return "open";
        case TicketFilter::Closed:
            return "closed";
        case TicketFilter::All:
            return "all";
    }
    return "open";
}

// Tickets as one list request reads them. Another question (a filter) forgets the last answer;
// the same one asked again (the page opened again, a ticket created) keeps it on screen until
// the new answer is in.
struct TicketListLoad {
    explicit TicketListLoad(const char* name) : list(name) {}
    Remote<std::vector<api::Ticket>> list;
    std::string path;  // the request the list answers; "" never asked
    bool stale = false;

    void Reset() {
        list.Reset();
        path.clear();
        stale = false;
    }
};

// New ticket: opened by the page's button (no room), or by a room's Open ticket (one click:
// prefilled from GET /rooms/{id}/ticket-proposal, sent to POST /rooms/{id}/tickets).
struct TicketForm {
    bool open = false;
    Id room_id = 0;          // 0: no room
    bool from_room = false;  // the one click: the room's route, which proposes what is left out
    char subject[801] = {};  // 200 characters of UTF-8
    std::string description;
    support::Severity severity = support::Severity::Normal;
    bool severity_chosen = false;  // by the user or the proposal; else the room's route proposes
    char meeting_link[2001] = {};
    std::vector<FormProblem> problems;
    Submission send;
    Remote<api::TicketProposal> proposal{"ticket proposal"};
    bool proposal_applied = false;  // put in the form once: what is typed after it stays

    // Empty and closed. The submission is cleared, not replaced: the answer to a request still
    // in flight is dropped.
    void Reset() {
        open = false;
        room_id = 0;
        from_room = false;
        subject[0] = '\0';
        std::string().swap(description);
        severity = support::Severity::Normal;
        severity_chosen = false;
        meeting_link[0] = '\0';
        problems.clear();
        send.Clear();
        proposal.Reset();
        proposal_applied = false;
    }
};

// The ticket page (#/support/<id>): the ticket with everything it holds, and the changes made
// from it.
struct TicketPageState {
    Id id = 0;  // the ticket shown (the route's)
    Remote<api::Ticket> ticket{"ticket"};
    bool stale = false;  // read it again (a change was made, the page opened again)

    // The reply; operators may make it an internal note.
    std::string reply;
    bool internal = false;
    Submission send_reply;

    // PATCH: a status move, the severity, the assignee; `changing` says which control sent it.
    std::string changing;
    Submission change;

    // Followers: follow, unfollow, add or remove a member (admins, operators).
    Id follower_pick = 0;
    Submission follow;
    Remote<std::vector<api::Member>> members{"members"};
    Id members_for = 0;

    // Attachments: the file being sent, or why it was not (too large, too many).
    std::string upload_name;
    std::string upload_refusal;  // English, translated when drawn; {0}: the file's name
    Submission upload;

    void Reset() {
        id = 0;
        ticket.Reset();
        stale = false;
        std::string().swap(reply);
        internal = false;
        send_reply.Clear();
        changing.clear();
        change.Clear();
        follower_pick = 0;
        follow.Clear();
        members.Reset();
        members_for = 0;
        upload_name.clear();
        upload_refusal.clear();
        upload.Clear();
    }
};

struct SupportPageState {
    TicketFilter filter = TicketFilter::Open;
    // A link's filter (?filter=open|breached, issue 16), shown as a removable chip; "" none.
    std::string route_filter;
    TicketListLoad list{"tickets"};
    TicketForm form;
    TicketPageState page;

    // The page is opened again: read what may have changed meanwhile; the filter stays.
    void Reopened() {
        list.stale = true;
        page.stale = true;
    }
    // Another account was chosen, or the user signed out.
    void ForgetAccount() {
        filter = TicketFilter::Open;
        route_filter.clear();
        list.Reset();
        form.Reset();
        page.Reset();
    }
};

// The Support queue's breached filter: breached=true|false, or neither.
enum class BreachedFilter { Any, Breached, OnTime };

struct SupportQueueState {
    TicketFilter status = TicketFilter::Open;
    std::optional<support::Severity> severity;  // none: every severity
    // A link's filter (?filter=critical, issue 16): open critical tickets, with a chip.
    std::string route_filter;
    BreachedFilter breached = BreachedFilter::Any;
    char search[128] = {};       // as typed
    std::string applied_search;  // as asked (Enter, or the Search button)
    TicketListLoad queue{"support queue"};

    // Open an account: GET /support/accounts?q=
    char account_query[128] = {};
    std::string accounts_path;  // the search the results answer
    Remote<std::vector<api::SupportAccount>> accounts{"account search"};

    void Reopened() { queue.stale = true; }
    // Signed out.
    void Forget() {
        status = TicketFilter::Open;
        severity.reset();
        route_filter.clear();
        breached = BreachedFilter::Any;
        search[0] = '\0';
        applied_search.clear();
        queue.Reset();
        account_query[0] = '\0';
        accounts_path.clear();
        accounts.Reset();
    }
};

// [SECTION] Rules the pages share (state/support.cpp)

// A room that is offline (a device of it offline) or with an alert firing: it offers Open
// ticket. nullptr (status not known yet): no.
bool NeedsTicket(const telemetry::RoomStatus* status);

// The due time that comes next: the earliest of the first response's (until answered) and the
// resolution's, while the ticket is open; 0 when none runs.
api::TicketSeconds NextDue(const api::Ticket& ticket);

// The queue's order, most urgent first: breached, then the earliest next due time, then the
// higher severity, then the older ticket; tickets with no due time running last.
void SortMostUrgent(std::vector<api::Ticket>& tickets);

// The moves a caller may make from `from` (core's StatusChangeAllowed), in workflow order.
std::vector<support::TicketStatus> StatusMoves(support::TicketStatus from, support::Actor actor);

}  // namespace portal::app

// Support tickets (issue 14, R-SUP-1..3, R-GATE-4): severities, the ticket's status workflow,
// the service level a ticket gets and its due times, and the subject a room's state proposes.
// Pure: the clock, the catalogue's service levels and the ticket's history come in as values.
// The server stores tickets (server/support/), the app shows them.
//
//   new ──> in_progress <──> waiting_on_customer
//    │          │                   │
//    └──────────┴───────> resolved ─┴──(7 days, or the customer)──> closed
//                            │
//                            └──(a customer's comment, or reopened)──> in_progress
//
// Service levels (catalogue data, CatalogueServiceLevel): a ticket gets `select` when its room
// holds a license of the program the level names (or, without a room, when the account holds
// an active contract of it), else `jumpstart` while a device of its room is within the setup
// program's days from its purchase (R-SUP-3: Select wins), else `standard`.
//
// Due times count business time only: the level's hours in the ticket's time zone (the room's,
// else UTC), and never while the ticket waits on the customer, is resolved or closed (the clock
// pauses). Targets are those of the ticket's current severity, counted from its creation (a
// severity change moves the due times, as Zendesk and Jira do). A paused ticket's due time is
// projected as if the clock ran again from `now`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/date.h"
#include "core/insights.h"
#include "core/model.h"
#include "core/refusal.h"

namespace portal::support {

using Seconds = std::int64_t;

// The due time of a clock that never reaches its target (no target for the severity, hours
// that never open, or beyond 400 days): 9999-12-31T23:59:59Z, never breached. Show it as "—".
inline constexpr Seconds kNeverDue = 253402300799;

// [SECTION] Words of the contract

enum class Severity { Critical, High, Normal, Low };
const char* SeverityId(Severity severity);  // "critical", "high", "normal", "low"
bool SeverityFromId(const std::string& id, Severity& out);

enum class TicketStatus { New, InProgress, WaitingOnCustomer, Resolved, Closed };
const char* StatusId(TicketStatus status);  // "new", "in_progress", "waiting_on_customer", ...
bool StatusFromId(const std::string& id, TicketStatus& out);
// "open" in lists and filters: neither resolved nor closed.
bool IsOpen(TicketStatus status);
// The service-level clock runs (business hours permitting) only in these statuses.
bool ClockRuns(TicketStatus status);

// Who asks for a change of status: the account's team (its admins) or the vendor's support.
enum class Actor { Customer, Support };

// Whether `actor` may move a ticket from `from` to `to` with PATCH. The vendor's support may
// make any move but back to `new` and out of `closed`; the customer may resolve or close an
// open ticket, close a resolved one, and reopen a resolved one (to in_progress). A move to the
// same status is not a move (false).
bool StatusChangeAllowed(TicketStatus from, TicketStatus to, Actor actor);

// The status a public comment leaves a ticket in: a customer's comment reopens a resolved
// ticket and resumes one waiting on them (in_progress); the vendor's first public reply takes
// a new ticket in hand (in_progress). nullopt: unchanged.
std::optional<TicketStatus> StatusAfterComment(TicketStatus status, Actor author);

// [SECTION] Service levels (data in assets/catalogue.json, "serviceLevels")

// The levels' ids, as tickets carry them.
inline constexpr const char* kSelectLevel = "select";
inline constexpr const char* kJumpstartLevel = "jumpstart";
inline constexpr const char* kStandardLevel = "standard";

// The level a ticket gets (R-SUP-3): room_id 0 for a ticket without a room. `today` is the
// engine's day (UTC); a license or contract counts when active that day.
std::string ChooseServiceLevel(const State& state, const Catalogue& catalogue, Id account_id,
                               Id room_id, Date today);

// What a ticket's history says about its clock.
struct StatusChange {
    Seconds at = 0;
    TicketStatus to = TicketStatus::New;
};

struct ClockInput {
    const ServiceLevelSpec* level = nullptr;   // from Catalogue::FindServiceLevel
    Severity severity = Severity::Normal;      // the current one
    const insights::TimeZone* zone = nullptr;  // business hours' zone; null: UTC
    Seconds created_at = 0;
    std::vector<StatusChange> changes;         // after creation (status `new`), in time order
    std::optional<Seconds> first_response_at;  // the vendor's first public reply
    Seconds now = 0;
};

struct DueTimes {
    Seconds first_response_due = 0;
    Seconds resolution_due = 0;
    bool paused = false;                   // the clock does not run in the current status
    bool first_response_breached = false;  // answered after its due time, or not yet and late
    bool resolution_breached = false;      // the resolution due time passed while it ran
    bool breached() const { return first_response_breached || resolution_breached; }
};

// The due times of a ticket. A level without a target for the severity, or hours that never
// open, give due times far in the future (never breached) rather than a loop without end.
DueTimes ComputeDueTimes(const ClockInput& input);

// Business seconds of `level` between two moments (the clock's unit), in `zone`.
Seconds BusinessSecondsBetween(const ServiceLevelSpec& level, const insights::TimeZone& zone,
                               Seconds from, Seconds to);

// [SECTION] One click from a room (R-SUP-2)

// The room's state as the one-click form sees it.
struct RoomFacts {
    std::string name;
    int devices = 0;
    int devices_offline = 0;
    std::optional<Seconds> offline_since;  // the earliest offline device's last change
    std::string offline_since_local;       // "09:12" in the room's zone (the caller formats)
    int alerts_firing = 0;
    bool alert_critical = false;  // a firing alert of severity critical
};

struct Proposal {
    std::string subject;
    Severity severity = Severity::Normal;
};

// "Opéra is offline: 2 of 3 devices offline since 09:12" (critical when every device is
// offline, high when some are or a critical alert fires, normal otherwise), in English or
// French.
Proposal ProposeTicket(const RoomFacts& facts, Language language);

}  // namespace portal::support

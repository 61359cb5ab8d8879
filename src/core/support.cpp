// Support tickets (issue 14): the words of the contract, the status workflow, the service level
// a ticket gets, its business-time due times, and the subject a room's state proposes.
#include "core/support.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "core/engine.h"

namespace portal::support {

namespace {

// [SECTION] Ids

struct SeverityName {
    Severity severity;
    const char* id;
};
constexpr SeverityName kSeverityNames[] = {
    {Severity::Critical, "critical"},
    {Severity::High, "high"},
    {Severity::Normal, "normal"},
    {Severity::Low, "low"},
};

struct StatusName {
    TicketStatus status;
    const char* id;
};
constexpr StatusName kStatusNames[] = {
    {TicketStatus::New, "new"},
    {TicketStatus::InProgress, "in_progress"},
    {TicketStatus::WaitingOnCustomer, "waiting_on_customer"},
    {TicketStatus::Resolved, "resolved"},
    {TicketStatus::Closed, "closed"},
};

// [SECTION] Business hours

constexpr Seconds kMinute = 60;
// The end of a clock that runs on for ever: far enough, and no overflow when added to.
constexpr Seconds kOpenEnd = std::numeric_limits<Seconds>::max() / 4;
// How far past the ticket's latest moment the due-time search looks before it gives up (a
// level whose targets are out of reach): the answer is then kNeverDue.
constexpr Seconds kHorizon = 400 * insights::kDay;

// ISO weekday of a date: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday).
int IsoWeekday(Date date) {
    int index = ((date.days % 7) + 7 + 3) % 7;  // 0 = Monday
    return index + 1;
}

bool OpensOn(const BusinessHours& hours, Date date) {
    return std::find(hours.weekdays.begin(), hours.weekdays.end(), IsoWeekday(date)) !=
           hours.weekdays.end();
}

// The first UTC moment whose local wall-clock time is `local` (seconds since 1970-01-01 local)
// or later: the earlier one where the clocks go back and the same wall time comes twice, the
// moment of the jump where the clocks go forward over it. Assumes at most one change within a
// day either side, as every real zone does.
Seconds LocalToUtc(const insights::TimeZone& zone, Seconds local) {
    int before = insights::OffsetAt(zone, local - insights::kDay);
    int after = insights::OffsetAt(zone, local + insights::kDay);
    Seconds first = local - std::max(before, after);
    Seconds second = local - std::min(before, after);
    bool first_ok = insights::OffsetAt(zone, first) == local - first;
    bool second_ok = insights::OffsetAt(zone, second) == local - second;
    if (first_ok) return first;
    if (second_ok) return second;
    // A gap (clocks go forward): the transition lies in (first, second]; find it.
    int later_offset = after;
    Seconds low = first, high = second;
    while (high - low > 1) {
        Seconds mid = low + (high - low) / 2;
        if (insights::OffsetAt(zone, mid) == later_offset) {
            high = mid;
        } else {
            low = mid;
        }
    }
    return high;
}

struct Window {
    Seconds start = 0;
    Seconds end = 0;
};

// The business window that holds `t`, or the next one after it, as [start, end) with
// start >= t; false when the hours never open (within a week: they never will).
bool NextWindow(const BusinessHours& hours, const insights::TimeZone& zone, Seconds t,
                Window& out) {
    if (hours.always) {
        out = {t, kOpenEnd};
        return true;
    }
    if (hours.weekdays.empty() || hours.start_minute < 0 || hours.end_minute > 24 * 60 ||
        hours.start_minute >= hours.end_minute) {
        return false;
    }
    Date today = insights::LocalDate(zone, t);
    // From yesterday (a window may still be open past a change of offset) to a week ahead.
    for (int k = -1; k <= 8; ++k) {
        Date day = AddDays(today, k);
        if (!OpensOn(hours, day)) continue;
        Seconds midnight = static_cast<Seconds>(day.days) * insights::kDay;
        Seconds start = LocalToUtc(zone, midnight + hours.start_minute * kMinute);
        Seconds end = LocalToUtc(zone, midnight + hours.end_minute * kMinute);
        start = std::max(start, t);
        if (end > start) {
            out = {start, end};
            return true;
        }
    }
    return false;
}

// The moments the clock runs: [start, end) intervals in time order, the last open-ended.
std::vector<Window> RunningIntervals(const ClockInput& input) {
    std::vector<Window> running;
    Seconds at = input.created_at;
    TicketStatus status = TicketStatus::New;
    for (const StatusChange& change : input.changes) {
        Seconds next = std::max(change.at, at);  // a change out of order counts at its place
        if (ClockRuns(status) && next > at) running.push_back({at, next});
        at = next;
        status = change.to;
    }
    // The current status: running on from its start, or projected as if it ran from now.
    Seconds from = ClockRuns(status) ? at : std::max(at, input.now);
    running.push_back({from, kOpenEnd});
    return running;
}

// The moment `target` business seconds have run over `running`, or kNeverDue.
Seconds DueAfter(const BusinessHours& hours, const insights::TimeZone& zone,
                 const std::vector<Window>& running, Seconds target, Seconds horizon) {
    Seconds remaining = target;
    for (const Window& interval : running) {
        Seconds t = interval.start;
        while (t < interval.end) {
            if (t > horizon) return kNeverDue;
            Window window;
            if (!NextWindow(hours, zone, t, window)) return kNeverDue;
            if (window.start >= interval.end) break;
            Seconds end = std::min(window.end, interval.end);
            if (end - window.start >= remaining) return window.start + remaining;
            remaining -= end - window.start;
            t = end;
        }
    }
    return kNeverDue;
}

std::string Count(int n) {
    return std::to_string(n);
}

}  // namespace

// [SECTION] Words of the contract

const char* SeverityId(Severity severity) {
    for (const auto& entry : kSeverityNames) {
        if (entry.severity == severity) return entry.id;
    }
    return "normal";
}

bool SeverityFromId(const std::string& id, Severity& out) {
    for (const auto& entry : kSeverityNames) {
        if (id == entry.id) {
            out = entry.severity;
            return true;
        }
    }
    return false;
}

const char* StatusId(TicketStatus status) {
    for (const auto& entry : kStatusNames) {
        if (entry.status == status) return entry.id;
    }
    return "new";
}

bool StatusFromId(const std::string& id, TicketStatus& out) {
    for (const auto& entry : kStatusNames) {
        if (id == entry.id) {
            out = entry.status;
            return true;
        }
    }
    return false;
}

bool IsOpen(TicketStatus status) {
    return status != TicketStatus::Resolved && status != TicketStatus::Closed;
}

bool ClockRuns(TicketStatus status) {
    return status == TicketStatus::New || status == TicketStatus::InProgress;
}

bool StatusChangeAllowed(TicketStatus from, TicketStatus to, Actor actor) {
    if (from == to) return false;
    if (actor == Actor::Support) {
        return from != TicketStatus::Closed && to != TicketStatus::New;
    }
    if (IsOpen(from)) return to == TicketStatus::Resolved || to == TicketStatus::Closed;
    if (from == TicketStatus::Resolved) {
        return to == TicketStatus::Closed || to == TicketStatus::InProgress;
    }
    return false;
}

std::optional<TicketStatus> StatusAfterComment(TicketStatus status, Actor author) {
    if (author == Actor::Customer) {
        if (status == TicketStatus::Resolved || status == TicketStatus::WaitingOnCustomer) {
            return TicketStatus::InProgress;
        }
        return std::nullopt;
    }
    if (status == TicketStatus::New) return TicketStatus::InProgress;
    return std::nullopt;
}

// [SECTION] Service levels

std::string ChooseServiceLevel(const State& state, const Catalogue& catalogue, Id account_id,
                               Id room_id, Date today) {
    // R-SUP-3: Select wins over the setup program; R-GATE-4: only the level's own program
    // (Select) grants it, whatever else the room holds (Sync Plus gives no faster support).
    const ServiceLevelSpec* select = catalogue.FindServiceLevel(kSelectLevel);
    if (select && !select->program.empty()) {
        if (room_id != 0) {
            if (ActiveLicense(state, catalogue, room_id, select->program, today)) {
                return kSelectLevel;
            }
        } else {
            for (const Contract& contract : state.contracts) {
                if (contract.account_id != account_id || contract.program != select->program) {
                    continue;
                }
                if (ViewContract(state, catalogue, contract, today).status ==
                    ContractStatus::Active) {
                    return kSelectLevel;
                }
            }
        }
    }
    const ServiceLevelSpec* jumpstart = catalogue.FindServiceLevel(kJumpstartLevel);
    if (room_id != 0 && jumpstart && jumpstart->setup_days > 0) {
        for (const Device& device : state.devices) {
            if (device.room_id != room_id) continue;
            if (device.purchase_date <= today &&
                today < AddDays(device.purchase_date, jumpstart->setup_days)) {
                return kJumpstartLevel;
            }
        }
    }
    return kStandardLevel;
}

Seconds BusinessSecondsBetween(const ServiceLevelSpec& level, const insights::TimeZone& zone,
                               Seconds from, Seconds to) {
    Seconds total = 0;
    Seconds t = from;
    while (t < to) {
        Window window;
        if (!NextWindow(level.hours, zone, t, window) || window.start >= to) break;
        Seconds end = std::min(window.end, to);
        total += end - window.start;
        t = end;
    }
    return total;
}

DueTimes ComputeDueTimes(const ClockInput& input) {
    DueTimes due;
    due.first_response_due = kNeverDue;
    due.resolution_due = kNeverDue;
    TicketStatus current = input.changes.empty() ? TicketStatus::New : input.changes.back().to;
    due.paused = !ClockRuns(current);

    const ServiceTarget* target =
        input.level ? input.level->FindTarget(SeverityId(input.severity)) : nullptr;
    if (!target) return due;

    insights::TimeZone utc;
    const insights::TimeZone& zone = input.zone ? *input.zone : (utc = insights::Utc());
    const BusinessHours& hours = input.level->hours;
    std::vector<Window> running = RunningIntervals(input);
    Seconds horizon = std::max(input.created_at, input.now) + kHorizon;

    if (target->first_response_minutes > 0) {
        due.first_response_due =
            DueAfter(hours, zone, running, target->first_response_minutes * kMinute, horizon);
    }
    if (target->resolution_minutes > 0) {
        due.resolution_due =
            DueAfter(hours, zone, running, target->resolution_minutes * kMinute, horizon);
    }

    if (due.first_response_due != kNeverDue) {
        due.first_response_breached = input.first_response_at
                                          ? *input.first_response_at > due.first_response_due
                                          : input.now >= due.first_response_due;
    }
    // The due moment is only reached while the clock runs, so a ticket resolved in time has
    // its due time projected past now; one resolved late keeps the moment it was reached.
    if (due.resolution_due != kNeverDue) {
        due.resolution_breached = due.resolution_due <= input.now;
    }
    return due;
}

// [SECTION] One click from a room (R-SUP-2)

Proposal ProposeTicket(const RoomFacts& facts, Language language) {
    Proposal proposal;
    bool french = language == Language::French;
    const std::string& name = facts.name;
    bool all_offline = facts.devices > 0 && facts.devices_offline >= facts.devices;

    if (facts.devices_offline > 0) {
        std::string detail;
        if (all_offline && facts.devices == 1) {
            detail = french ? "son appareil hors ligne" : "its device offline";
        } else if (all_offline) {
            detail = french ? "les " + Count(facts.devices) + " appareils hors ligne"
                            : "all " + Count(facts.devices) + " devices offline";
        } else {
            detail = french ? Count(facts.devices_offline) +
                                  (facts.devices_offline == 1 ? " appareil" : " appareils") +
                                  " sur " + Count(facts.devices) + " hors ligne"
                            : Count(facts.devices_offline) + " of " + Count(facts.devices) +
                                  " devices offline";
        }
        if (!facts.offline_since_local.empty()) {
            detail += (french ? " depuis " : " since ") + facts.offline_since_local;
        }
        proposal.subject =
            french ? name + " est hors ligne : " + detail : name + " is offline: " + detail;
    } else if (facts.alerts_firing > 0) {
        std::string n = Count(facts.alerts_firing);
        bool one = facts.alerts_firing == 1;
        proposal.subject =
            french ? name + " demande votre attention : " + n +
                         (one ? " alerte en cours" : " alertes en cours")
                   : name + " needs attention: " + n + (one ? " alert firing" : " alerts firing");
    } else {
        proposal.subject = french ? "Assistance pour " + name : "Support for " + name;
    }

    if (all_offline) {
        proposal.severity = Severity::Critical;
    } else if (facts.devices_offline > 0 || facts.alert_critical) {
        proposal.severity = Severity::High;
    } else {
        proposal.severity = Severity::Normal;
    }
    return proposal;
}

}  // namespace portal::support

// Alerts (issue 13, R-GATE-2): the rules an account sets, the conditions they watch on room and
// device status, and the evaluator's state machine that turns what telemetry says into alerts
// and the notifications to send. Pure: the clock, the rules, the rooms' facts and the alerts
// open so far come in as values; what changed comes out. The server stores it (alerts/ folder).
//
//   EvaluationInput input{now, rules, rooms, alerts, silences};
//   EvaluationResult result = Evaluate(input);
//   ... store result.alerts (changed or new), delete result.dropped, queue result.notifications
//
// An alert is keyed by (rule, room, serial): serial only for device_offline, "" otherwise.
//
//   pending ──(condition held forSeconds)──> firing ──(condition clears)──> resolved
//      │                                      │  ^                             │
//      └─(condition clears: dropped)          └─acknowledged (beside firing)   │
//                                                                              │
//   resolved ──(condition true again within kRefireWindowSeconds)──> pending/firing, same alert
//
// Flapping: a condition that flips (true <-> false) more than kFlappingFlips times within
// kFlappingWindowSeconds keeps its alert firing (flapping = true) until it has flipped at most
// kFlappingFlips times in the window and is false; it notifies at most once per window.
//
// Notifications are damped so that the receivers' view settles: a "resolved" notification is
// sent only once the alert has stayed resolved for kResolveSettleSeconds (a re-fire before then
// sends nothing: for the receivers it never stopped firing), and only when a "firing" one was
// sent. A firing alert notifies "firing" when the receivers were not told so yet, at most once
// per kFlappingWindowSeconds while it flaps. While a silence covers its room, an alert is
// recorded and changes state, but nothing is sent (the notification is due again once the
// silence ends, if it still applies). A room whose license no longer gives alerts (R-GATE-2)
// has its open alerts closed with reason "license_ended" and nothing more is sent for them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace portal::alerts {

using Seconds = std::int64_t;

// [SECTION] Parameters of the contract (issue 13)

inline constexpr Seconds kMaxForSeconds = 86400;
// no_telemetry needs some silence to mean anything: a rule asking less is refused (forSeconds).
inline constexpr Seconds kMinNoTelemetrySeconds = 60;
inline constexpr Seconds kRefireWindowSeconds = 15 * 60;
inline constexpr Seconds kFlappingWindowSeconds = 30 * 60;
inline constexpr int kFlappingFlips = 4;
inline constexpr Seconds kResolveSettleSeconds = 120;
inline constexpr std::size_t kMaxRuleNameLength = 200;
inline constexpr std::size_t kMaxScopeItems = 1000;

// [SECTION] Rules

enum class Condition { DeviceOffline, RoomOffline, NoTelemetry, OverCapacity };
enum class Severity { Critical, Major, Minor, Warning };

// "device_offline", "room_offline", "no_telemetry", "over_capacity"
std::string_view ConditionName(Condition condition);
bool ParseCondition(std::string_view text, Condition& out);
// "critical", "major", "minor", "warning"
std::string_view SeverityName(Severity severity);
bool ParseSeverity(std::string_view text, Severity& out);

struct Scope {
    std::vector<std::string> sites;  // site names of the account
    std::vector<Id> rooms;           // room ids of the account
    // Both empty: every room of the account. Otherwise a room is in scope when its site is
    // listed or it is listed itself.
    bool Covers(Id room_id, const std::string& site) const;
};

struct Rule {
    Id id = 0;
    Id account_id = 0;
    std::string name;
    Condition condition = Condition::DeviceOffline;
    Seconds for_seconds = 0;
    Severity severity = Severity::Major;
    Scope scope;
    std::vector<Id> channels;
    bool enabled = true;
};

struct RuleProblem {
    std::string field;    // "name", "forSeconds", "scope.rooms[2]", "channels[0]"
    std::string message;  // English; the API's 400/422 sentence
};
// The rule's own limits: name 1..kMaxRuleNameLength characters, forSeconds 0..kMaxForSeconds
// (at least kMinNoTelemetrySeconds for no_telemetry), at most kMaxScopeItems sites and rooms, no
// duplicate in the scope or the channels. Whether scope's rooms, sites and channels exist in the
// account is the server's to check (answered like missing ones when foreign).
std::vector<RuleProblem> CheckRule(const Rule& rule);

// [SECTION] What the evaluator reads

struct DeviceFacts {
    std::string serial;
    std::optional<bool> online;  // nullopt: never reported
    std::optional<Seconds> at;   // when the latest status was reported (event time)
};

struct RoomFacts {
    Id room_id = 0;
    std::string name;
    std::string site;
    int capacity = 0;
    bool alerts_entitled = false;          // R-GATE-2: an active Sync Plus or Select license
    std::optional<int> people;             // latest occupancy
    std::optional<Seconds> people_at;      // since when
    std::optional<Seconds> last_event_at;  // the newest event of any kind from the room
    std::vector<DeviceFacts> devices;      // the devices in the room now
};

struct Silence {
    Id id = 0;
    Scope scope;  // both empty: the whole account
    Seconds starts_at = 0;
    Seconds ends_at = 0;  // silenced while starts_at <= now < ends_at
    bool Covers(Id room_id, const std::string& site, Seconds now) const;
};

// [SECTION] Alerts

enum class State { Pending, Firing, Acknowledged, Resolved };
// "pending", "firing", "acknowledged", "resolved"
std::string_view StateName(State state);
bool ParseState(std::string_view text, State& out);

enum class Notified { Nothing, Firing, Resolved };  // what the receivers were told last

struct Alert {
    Id id = 0;  // 0 for an alert the evaluator made now (the store gives the id)
    Id rule_id = 0;
    Id room_id = 0;
    std::string serial;  // device_offline only
    Condition condition = Condition::DeviceOffline;
    Severity severity = Severity::Major;
    State state = State::Pending;
    Seconds pending_since = 0;           // when the condition became true (event time)
    std::optional<Seconds> started_at;   // first fired
    std::optional<Seconds> resolved_at;  // set while resolved
    std::string resolved_reason;         // "cleared", "license_ended", "rule_disabled"
    Id acknowledged_by = 0;
    std::optional<Seconds> acknowledged_at;
    bool condition_true = false;  // as last evaluated
    std::vector<Seconds> flips;   // times the condition flipped, within the flapping window
    bool flapping = false;
    Notified notified = Notified::Nothing;
    std::optional<Seconds> last_notified_at;  // last notification queued (firing or resolved)
    // True once the alert can never change again: resolved and past the re-fire window, or
    // closed for a reason other than "cleared". The store may stop loading it.
    bool Final(Seconds now) const;
};

// [SECTION] Evaluation

struct Notification {
    std::size_t alert_index = 0;  // into EvaluationResult::alerts
    bool resolved = false;        // false: "firing"; true: "resolved"
    std::vector<Id> channels;     // the rule's channels
};

struct EvaluationInput {
    Seconds now = 0;
    std::vector<Rule> rules;       // the account's rules (disabled ones included)
    std::vector<RoomFacts> rooms;  // the rooms to evaluate: only these are looked at
    // Every alert of those rooms that is not Final (pending, firing, acknowledged, and resolved
    // within the re-fire window or still to notify).
    std::vector<Alert> alerts;
    std::vector<Silence> silences;  // the account's, any time (the evaluator checks `now`)
};

struct EvaluationResult {
    std::vector<Alert> alerts;  // new (id 0) or changed alerts, each once
    std::vector<Id> dropped;    // pending alerts whose condition cleared before firing
    std::vector<Notification> notifications;  // to queue, in the transaction that stores alerts
};

// Evaluates every enabled rule on each room of input.rooms that it covers: one alert per (rule,
// room, serial) at most. Alerts of input.alerts whose rule is disabled or gone, or whose room
// or device is no longer evaluated under it, are left alone unless their room is in
// input.rooms: then a disabled or missing rule resolves them ("rule_disabled", nothing sent),
// and a device that left the room clears its alert.
EvaluationResult Evaluate(const EvaluationInput& input);

// Whether the condition holds for a room (and a device of it, for device_offline), and since
// when (event time; for no_telemetry the last event, so the rule fires forSeconds after it).
struct ConditionValue {
    bool holds = false;
    Seconds since = 0;
};
ConditionValue ConditionFor(const Rule& rule, const RoomFacts& room, const DeviceFacts* device,
                            Seconds now);

// Acknowledging a firing alert: Acknowledged, with who and when. False (nothing changed) for an
// alert that is not firing.
bool Acknowledge(Alert& alert, Id user_id, Seconds now);

}  // namespace portal::alerts

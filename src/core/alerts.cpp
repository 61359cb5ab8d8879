// The alert evaluator (issue 13, R-GATE-2): conditions, the per-alert state machine, the
// notification damping and the rule's own checks. See alerts.h for the contract.
//
// Evaluate runs after every telemetry batch and on a one-second timer over all the rooms of an
// account (10,000 rooms, ~5 rules, within a few milliseconds): it is linear in rooms * rules *
// devices + alerts. Alerts are found by (rule, room, serial) in one open-addressing table, rule
// and silence scopes are hashed once per call, and a room without alerts skips every lookup.
#include "core/alerts.h"

#include <algorithm>
#include <limits>

#include "core/flat_index.h"

namespace portal::alerts {

namespace {

constexpr std::string_view kCleared = "cleared";
constexpr std::string_view kLicenseEnded = "license_ended";
constexpr std::string_view kRuleDisabled = "rule_disabled";

}  // namespace

// [SECTION] Names

std::string_view ConditionName(Condition condition) {
    switch (condition) {
        case Condition::DeviceOffline:
            return "device_offline";
        case Condition::RoomOffline:
            return "room_offline";
        case Condition::NoTelemetry:
            return "no_telemetry";
        case Condition::OverCapacity:
            return "over_capacity";
    }
    return "device_offline";
}

bool ParseCondition(std::string_view text, Condition& out) {
    for (Condition condition : {Condition::DeviceOffline, Condition::RoomOffline,
                                Condition::NoTelemetry, Condition::OverCapacity}) {
        if (text == ConditionName(condition)) {
            out = condition;
            return true;
        }
    }
    return false;
}

std::string_view SeverityName(Severity severity) {
    switch (severity) {
        case Severity::Critical:
            return "critical";
        case Severity::Major:
            return "major";
        case Severity::Minor:
            return "minor";
        case Severity::Warning:
            return "warning";
    }
    return "major";
}

bool ParseSeverity(std::string_view text, Severity& out) {
    for (Severity severity :
         {Severity::Critical, Severity::Major, Severity::Minor, Severity::Warning}) {
        if (text == SeverityName(severity)) {
            out = severity;
            return true;
        }
    }
    return false;
}

std::string_view StateName(State state) {
    switch (state) {
        case State::Pending:
            return "pending";
        case State::Firing:
            return "firing";
        case State::Acknowledged:
            return "acknowledged";
        case State::Resolved:
            return "resolved";
    }
    return "pending";
}

bool ParseState(std::string_view text, State& out) {
    for (State state : {State::Pending, State::Firing, State::Acknowledged, State::Resolved}) {
        if (text == StateName(state)) {
            out = state;
            return true;
        }
    }
    return false;
}

// [SECTION] Scopes, silences, alerts

bool Scope::Covers(Id room_id, const std::string& site) const {
    if (sites.empty() && rooms.empty()) return true;
    return std::find(rooms.begin(), rooms.end(), room_id) != rooms.end() ||
           std::find(sites.begin(), sites.end(), site) != sites.end();
}

bool Silence::Covers(Id room_id, const std::string& site, Seconds now) const {
    return starts_at <= now && now < ends_at && scope.Covers(room_id, site);
}

bool Alert::Final(Seconds now) const {
    if (state != State::Resolved) return false;
    if (resolved_reason != kCleared) return true;
    // An alert resolved without a time cannot re-fire: treat it as past the window.
    const bool past_refire = !resolved_at || now - *resolved_at >= kRefireWindowSeconds;
    return past_refire && notified != Notified::Firing;
}

bool Acknowledge(Alert& alert, Id user_id, Seconds now) {
    if (alert.state != State::Firing) return false;
    alert.state = State::Acknowledged;
    alert.acknowledged_by = user_id;
    alert.acknowledged_at = now;
    return true;
}

// [SECTION] Rule checks

namespace {

// Characters as a person counts them: UTF-8 code points, not bytes.
std::size_t CountCharacters(std::string_view text) {
    std::size_t count = 0;
    for (char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    }
    return count;
}

bool IsBlank(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    });
}

std::string Indexed(std::string_view field, std::size_t index) {
    return std::string(field) + "[" + std::to_string(index) + "]";
}

// Ids must be positive (0 means none); repeats are named at the later position.
void CheckIds(const std::vector<Id>& ids, std::string_view field, std::string_view what,
              std::vector<RuleProblem>& problems) {
    FlatIdMap<std::int32_t> seen(ids.size(), -1);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids[i] <= 0) {
            problems.push_back(
                {Indexed(field, i), "must be a " + std::string(what) + " id (a positive number)"});
            continue;
        }
        if (!seen.Insert(ids[i], static_cast<std::int32_t>(i))) {
            problems.push_back(
                {Indexed(field, i),
                 "repeats " + Indexed(field, static_cast<std::size_t>(seen.Find(ids[i])))});
        }
    }
}

}  // namespace

std::vector<RuleProblem> CheckRule(const Rule& rule) {
    std::vector<RuleProblem> problems;
    const std::string max_name = std::to_string(kMaxRuleNameLength);
    if (rule.name.empty() || IsBlank(rule.name)) {
        problems.push_back({"name", "must not be empty (1 to " + max_name + " characters)"});
    } else if (CountCharacters(rule.name) > kMaxRuleNameLength) {
        problems.push_back({"name", "must be at most " + max_name + " characters"});
    }

    if (rule.for_seconds < 0 || rule.for_seconds > kMaxForSeconds) {
        problems.push_back(
            {"forSeconds", "must be between 0 and " + std::to_string(kMaxForSeconds) + " seconds"});
    } else if (rule.condition == Condition::NoTelemetry &&
               rule.for_seconds < kMinNoTelemetrySeconds) {
        problems.push_back({"forSeconds", "must be at least " +
                                              std::to_string(kMinNoTelemetrySeconds) +
                                              " seconds for no_telemetry"});
    }

    const std::string max_items = std::to_string(kMaxScopeItems);
    if (rule.scope.sites.size() > kMaxScopeItems) {
        problems.push_back({"scope.sites", "must hold at most " + max_items + " sites"});
    } else {
        FlatTextSet seen(rule.scope.sites.size());
        for (std::size_t i = 0; i < rule.scope.sites.size(); ++i) {
            const std::string& site = rule.scope.sites[i];
            if (site.empty()) {
                problems.push_back({Indexed("scope.sites", i), "must not be empty"});
            } else if (!seen.Insert(site)) {
                problems.push_back({Indexed("scope.sites", i), "repeats an earlier site"});
            }
        }
    }
    if (rule.scope.rooms.size() > kMaxScopeItems) {
        problems.push_back({"scope.rooms", "must hold at most " + max_items + " rooms"});
    } else {
        CheckIds(rule.scope.rooms, "scope.rooms", "room", problems);
    }
    CheckIds(rule.channels, "channels", "channel", problems);
    return problems;
}

// [SECTION] Conditions

ConditionValue ConditionFor(const Rule& rule, const RoomFacts& room, const DeviceFacts* device,
                            Seconds now) {
    ConditionValue value;
    switch (rule.condition) {
        case Condition::DeviceOffline:
            if (device != nullptr && device->online.has_value() && !*device->online) {
                value = {true, device->at.value_or(now)};
            }
            break;
        case Condition::RoomOffline: {
            if (room.devices.empty()) break;
            std::optional<Seconds> latest;
            for (const DeviceFacts& each : room.devices) {
                if (!each.online.has_value() || *each.online) return value;
                if (each.at && (!latest || *each.at > *latest)) latest = each.at;
            }
            value = {true, latest.value_or(now)};
            break;
        }
        case Condition::NoTelemetry:
            // A room that never reported has nothing to go silent: it never fires.
            if (room.last_event_at && now - *room.last_event_at >= rule.for_seconds) {
                value = {true, *room.last_event_at};
            }
            break;
        case Condition::OverCapacity:
            if (room.people && room.capacity > 0 && *room.people > room.capacity) {
                value = {true, room.people_at.value_or(now)};
            }
            break;
    }
    // Event times come from devices' clocks: one ahead of ours must not hold an alert back.
    value.since = std::min(value.since, now);
    return value;
}

// [SECTION] Evaluation

namespace {

// A scope hashed once per evaluation: Scope::Covers scans lists of up to kMaxScopeItems, which
// 10,000 rooms * 5 rules cannot afford.
class ScopeIndex {
  public:
    explicit ScopeIndex(const Scope& scope)
        : everything_(scope.sites.empty() && scope.rooms.empty()),
          rooms_(scope.rooms.size(), 0),
          sites_(scope.sites.size()) {
        for (Id room : scope.rooms) {
            // The one key the table cannot hold; no room has it.
            if (room != std::numeric_limits<Id>::min()) rooms_.Insert(room, 1);
        }
        for (const std::string& site : scope.sites) sites_.Insert(site);
    }

    bool Covers(Id room_id, std::string_view site) const {
        if (everything_) return true;
        return (room_id != std::numeric_limits<Id>::min() && rooms_.Find(room_id) != 0) ||
               sites_.Contains(site);
    }

  private:
    bool everything_;
    FlatIdMap<char> rooms_;
    FlatTextSet sites_;
};

std::uint64_t KeyHash(Id rule_id, Id room_id, std::string_view serial) {
    const std::uint64_t ids = MixBits(static_cast<std::uint64_t>(rule_id) * 0x9E3779B97F4A7C15ull ^
                                      MixBits(static_cast<std::uint64_t>(room_id)));
    return serial.empty() ? ids : ids ^ HashText(serial);
}

bool WithinRefireWindow(const Alert& alert, Seconds now) {
    return alert.state == State::Resolved && alert.resolved_reason == kCleared &&
           alert.resolved_at && now - *alert.resolved_at < kRefireWindowSeconds;
}

// Which of two alerts with one key the rules act on: the open one, else the one that can still
// re-fire; a resolved one past the window only waits for its "resolved" notification.
int Rank(const Alert& alert, Seconds now) {
    if (alert.state != State::Resolved) return 3;
    return WithinRefireWindow(alert, now) ? 2 : 1;
}

// (rule, room, serial) -> index into the input's alerts.
class AlertIndex {
  public:
    AlertIndex(const std::vector<Alert>& alerts, std::size_t expected, Seconds now)
        : alerts_(alerts),
          slots_(TableCapacity(expected), Slot{0, -1}),
          mask_(slots_.size() - 1),
          now_(now) {}

    void Insert(std::int32_t index) {
        const Alert& alert = alerts_[static_cast<std::size_t>(index)];
        const std::uint64_t hash = KeyHash(alert.rule_id, alert.room_id, alert.serial);
        for (std::size_t i = MixBits(hash) & mask_;; i = (i + 1) & mask_) {
            Slot& slot = slots_[i];
            if (slot.index < 0) {
                slot = {hash, index};
                return;
            }
            if (slot.hash == hash &&
                SameKey(slot.index, alert.rule_id, alert.room_id, alert.serial)) {
                if (Rank(alert, now_) > Rank(alerts_[static_cast<std::size_t>(slot.index)], now_)) {
                    slot.index = index;
                }
                return;
            }
        }
    }

    std::int32_t Find(Id rule_id, Id room_id, std::string_view serial) const {
        const std::uint64_t hash = KeyHash(rule_id, room_id, serial);
        for (std::size_t i = MixBits(hash) & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.index < 0) return -1;
            if (slot.hash == hash && SameKey(slot.index, rule_id, room_id, serial)) {
                return slot.index;
            }
        }
    }

  private:
    struct Slot {
        std::uint64_t hash;
        std::int32_t index;  // -1: free
    };
    bool SameKey(std::int32_t index, Id rule_id, Id room_id, std::string_view serial) const {
        const Alert& alert = alerts_[static_cast<std::size_t>(index)];
        return alert.rule_id == rule_id && alert.room_id == room_id && alert.serial == serial;
    }
    const std::vector<Alert>& alerts_;
    std::vector<Slot> slots_;
    std::size_t mask_;
    Seconds now_;
};

bool SameAlert(const Alert& a, const Alert& b) {
    return a.id == b.id && a.rule_id == b.rule_id && a.room_id == b.room_id &&
           a.serial == b.serial && a.condition == b.condition && a.severity == b.severity &&
           a.state == b.state && a.pending_since == b.pending_since &&
           a.started_at == b.started_at && a.resolved_at == b.resolved_at &&
           a.resolved_reason == b.resolved_reason && a.acknowledged_by == b.acknowledged_by &&
           a.acknowledged_at == b.acknowledged_at && a.condition_true == b.condition_true &&
           a.flips == b.flips && a.flapping == b.flapping && a.notified == b.notified &&
           a.last_notified_at == b.last_notified_at;
}

bool IsFiring(State state) {
    return state == State::Firing || state == State::Acknowledged;
}

// Keeps the flips of the window (now - kFlappingWindowSeconds, now], records a change of the
// condition (becoming true for the first time counts) and whether it flaps.
void RecordCondition(Alert& alert, bool holds, Seconds now) {
    alert.flips.erase(std::remove_if(alert.flips.begin(), alert.flips.end(),
                                     [now](Seconds at) {
                                         return at <= now - kFlappingWindowSeconds || at > now;
                                     }),
                      alert.flips.end());
    if (holds != alert.condition_true) {
        alert.flips.push_back(now);
        alert.condition_true = holds;
    }
    alert.flapping = alert.flips.size() > static_cast<std::size_t>(kFlappingFlips);
}

// no_telemetry's wait is the condition itself (it holds forSeconds after the last event).
void FireIfDue(Alert& alert, const Rule& rule, Seconds now) {
    if (rule.condition == Condition::NoTelemetry || now - alert.pending_since >= rule.for_seconds) {
        alert.state = State::Firing;
        if (!alert.started_at) alert.started_at = now;
    }
}

void Resolve(Alert& alert, std::string_view reason, Seconds now) {
    alert.state = State::Resolved;
    alert.resolved_at = now;
    alert.resolved_reason = std::string(reason);
}

enum class Outcome { Keep, Drop };

// One evaluation of an alert that is not Final under its rule. The caller never passes a
// condition that holds for a resolved alert past the re-fire window (that makes a new alert).
Outcome Advance(Alert& alert, const Rule& rule, ConditionValue value, Seconds now) {
    RecordCondition(alert, value.holds, now);
    switch (alert.state) {
        case State::Pending:
            if (value.holds) {
                FireIfDue(alert, rule, now);
            } else if (alert.started_at) {
                // Re-opened after firing: it keeps its history (and the "resolved" it may owe).
                Resolve(alert, kCleared, now);
            } else {
                return Outcome::Drop;
            }
            break;
        case State::Firing:
        case State::Acknowledged:
            if (!value.holds && !alert.flapping) Resolve(alert, kCleared, now);
            break;
        case State::Resolved:
            if (value.holds && WithinRefireWindow(alert, now)) {
                alert.state = State::Pending;
                alert.pending_since = value.since;
                alert.resolved_at.reset();
                alert.resolved_reason.clear();
                alert.acknowledged_by = 0;
                alert.acknowledged_at.reset();
                FireIfDue(alert, rule, now);
            }
            break;
    }
    return Outcome::Keep;
}

// Closes an alert for a reason other than its condition: nothing is ever sent for it again.
Outcome Close(Alert& alert, std::string_view reason, Seconds now) {
    alert.flapping = false;
    switch (alert.state) {
        case State::Pending:
            if (!alert.started_at) return Outcome::Drop;
            Resolve(alert, reason, now);
            break;
        case State::Firing:
        case State::Acknowledged:
            Resolve(alert, reason, now);
            break;
        case State::Resolved:
            // Still able to re-fire or owing a "resolved": closing it makes it Final.
            alert.resolved_reason = std::string(reason);
            if (!alert.resolved_at) alert.resolved_at = now;
            break;
    }
    return Outcome::Keep;
}

enum class Due { Nothing, Firing, Resolved };

Due TakeNotification(Alert& alert, bool silenced, Seconds now) {
    if (silenced) return Due::Nothing;
    if (IsFiring(alert.state) && alert.notified != Notified::Firing &&
        (!alert.flapping || !alert.last_notified_at ||
         now - *alert.last_notified_at >= kFlappingWindowSeconds)) {
        alert.notified = Notified::Firing;
        alert.last_notified_at = now;
        return Due::Firing;
    }
    if (alert.state == State::Resolved && alert.resolved_reason == kCleared &&
        alert.notified == Notified::Firing && alert.resolved_at &&
        now - *alert.resolved_at >= kResolveSettleSeconds) {
        alert.notified = Notified::Resolved;
        alert.last_notified_at = now;
        return Due::Resolved;
    }
    return Due::Nothing;
}

class Evaluator {
  public:
    explicit Evaluator(const EvaluationInput& input)
        : input_(input),
          now_(input.now),
          rule_positions_(PositionsById(input.rules)),
          room_positions_(input.rooms.size(), -1),
          alerts_by_key_(input.alerts, input.alerts.size(), input.now),
          visited_(input.alerts.size(), 0) {
        rule_scopes_.reserve(input.rules.size());
        for (const Rule& rule : input.rules) rule_scopes_.emplace_back(rule.scope);
        for (const Silence& silence : input.silences) {
            if (silence.starts_at <= now_ && now_ < silence.ends_at) {
                active_silences_.emplace_back(silence.scope);
            }
        }
        IndexAlertsByRoom();
    }

    EvaluationResult Run() {
        for (std::size_t position = 0; position < input_.rooms.size(); ++position) {
            const RoomFacts& room = input_.rooms[position];
            // A room listed twice is evaluated once.
            if (room_positions_.Find(room.room_id) != static_cast<std::int32_t>(position)) {
                continue;
            }
            if (room.alerts_entitled) {
                EvaluateRoom(position);
            } else {
                CloseRoom(position, kLicenseEnded);  // R-GATE-2, R-GATE-3
            }
        }
        return std::move(result_);
    }

  private:
    // Buckets the alerts that can still change by the position of their room in input.rooms
    // (a counting sort) and enters them in the key table; alerts of other rooms are left alone.
    void IndexAlertsByRoom() {
        for (std::size_t i = 0; i < input_.rooms.size(); ++i) {
            room_positions_.Insert(input_.rooms[i].room_id, static_cast<std::int32_t>(i));
        }
        room_starts_.assign(input_.rooms.size() + 1, 0);
        std::vector<std::int32_t> room_of(input_.alerts.size(), -1);
        for (std::size_t i = 0; i < input_.alerts.size(); ++i) {
            const Alert& alert = input_.alerts[i];
            if (alert.Final(now_) || alert.room_id == std::numeric_limits<Id>::min()) continue;
            const std::int32_t position = room_positions_.Find(alert.room_id);
            if (position < 0) continue;
            room_of[i] = position;
            ++room_starts_[static_cast<std::size_t>(position) + 1];
        }
        for (std::size_t i = 1; i < room_starts_.size(); ++i)
            room_starts_[i] += room_starts_[i - 1];
        room_alerts_.resize(room_starts_.back());
        std::vector<std::size_t> next(room_starts_.begin(), room_starts_.end() - 1);
        for (std::size_t i = 0; i < input_.alerts.size(); ++i) {
            if (room_of[i] < 0) continue;
            room_alerts_[next[static_cast<std::size_t>(room_of[i])]++] =
                static_cast<std::int32_t>(i);
            alerts_by_key_.Insert(static_cast<std::int32_t>(i));
        }
    }

    bool Silenced(const RoomFacts& room) const {
        return std::any_of(
            active_silences_.begin(), active_silences_.end(),
            [&room](const ScopeIndex& scope) { return scope.Covers(room.room_id, room.site); });
    }

    void EvaluateRoom(std::size_t position) {
        const RoomFacts& room = input_.rooms[position];
        const bool has_alerts = room_starts_[position] != room_starts_[position + 1];
        silenced_ = Silenced(room);
        for (std::size_t r = 0; r < input_.rules.size(); ++r) {
            const Rule& rule = input_.rules[r];
            // A repeated rule id is evaluated once.
            if (!rule.enabled || rule_positions_.Find(rule.id) != static_cast<std::int32_t>(r)) {
                continue;
            }
            if (!rule_scopes_[r].Covers(room.room_id, room.site)) continue;
            if (rule.condition == Condition::DeviceOffline) {
                for (const DeviceFacts& device : room.devices) {
                    Subject(rule, room, device.serial, ConditionFor(rule, room, &device, now_),
                            has_alerts);
                }
            } else {
                Subject(rule, room, std::string(), ConditionFor(rule, room, nullptr, now_),
                        has_alerts);
            }
        }
        if (!has_alerts) return;
        // What no subject claimed: a rule that is off or no longer covers the room, a device
        // that left it, or a resolved alert past the window waiting to say "resolved".
        for (std::size_t k = room_starts_[position]; k < room_starts_[position + 1]; ++k) {
            const auto index = static_cast<std::size_t>(room_alerts_[k]);
            if (visited_[index]) continue;
            const Alert& existing = input_.alerts[index];
            const std::int32_t r = rule_positions_.Find(existing.rule_id);
            const Rule* rule = r < 0 ? nullptr : &input_.rules[static_cast<std::size_t>(r)];
            if (rule == nullptr || !rule->enabled ||
                !rule_scopes_[static_cast<std::size_t>(r)].Covers(room.room_id, room.site)) {
                Alert alert = existing;
                Store(existing, alert, Close(alert, kRuleDisabled, now_), nullptr, Due::Nothing);
                continue;
            }
            Step(existing, *rule, ConditionValue{false, now_}, /*claimed=*/false);
        }
    }

    void CloseRoom(std::size_t position, std::string_view reason) {
        for (std::size_t k = room_starts_[position]; k < room_starts_[position + 1]; ++k) {
            const Alert& existing = input_.alerts[static_cast<std::size_t>(room_alerts_[k])];
            Alert alert = existing;
            Store(existing, alert, Close(alert, reason, now_), nullptr, Due::Nothing);
        }
    }

    void Subject(const Rule& rule, const RoomFacts& room, const std::string& serial,
                 ConditionValue value, bool has_alerts) {
        const std::int32_t found =
            has_alerts ? alerts_by_key_.Find(rule.id, room.room_id, serial) : -1;
        if (found >= 0) {
            const auto index = static_cast<std::size_t>(found);
            if (visited_[index]) return;  // a serial listed twice in the room
            const Alert& existing = input_.alerts[index];
            // Past the re-fire window a resolved alert cannot come back: a new one starts, and
            // the old one is left to the sweep (it may still owe its "resolved").
            if (!value.holds || existing.state != State::Resolved ||
                WithinRefireWindow(existing, now_)) {
                visited_[index] = 1;
                Step(existing, rule, value, /*claimed=*/true);
                return;
            }
        }
        if (!value.holds) return;
        Alert alert;
        alert.rule_id = rule.id;
        alert.room_id = room.room_id;
        alert.serial = serial;
        alert.condition = rule.condition;
        alert.severity = rule.severity;
        alert.state = State::Pending;
        alert.pending_since = value.since;
        RecordCondition(alert, true, now_);
        FireIfDue(alert, rule, now_);
        const Due due = TakeNotification(alert, silenced_, now_);
        Emit(std::move(alert), &rule, due);
    }

    // claimed: the rule evaluated the alert's own subject, so an open alert follows an edit of
    // the rule's severity or condition.
    void Step(const Alert& existing, const Rule& rule, ConditionValue value, bool claimed) {
        Alert alert = existing;
        if (claimed && alert.state != State::Resolved) {
            alert.severity = rule.severity;
            alert.condition = rule.condition;
        }
        const Outcome outcome = Advance(alert, rule, value, now_);
        const Due due =
            outcome == Outcome::Keep ? TakeNotification(alert, silenced_, now_) : Due::Nothing;
        Store(existing, alert, outcome, &rule, due);
    }

    void Store(const Alert& existing, Alert& alert, Outcome outcome, const Rule* rule, Due due) {
        if (outcome == Outcome::Drop) {
            if (existing.id != 0) result_.dropped.push_back(existing.id);
            return;
        }
        if (due == Due::Nothing && SameAlert(existing, alert)) return;
        Emit(std::move(alert), rule, due);
    }

    // With no channel the alert still counts as told, so that nothing stays due forever.
    void Emit(Alert&& alert, const Rule* rule, Due due) {
        result_.alerts.push_back(std::move(alert));
        if (due == Due::Nothing || rule == nullptr || rule->channels.empty()) return;
        result_.notifications.push_back(
            {result_.alerts.size() - 1, due == Due::Resolved, rule->channels});
    }

    const EvaluationInput& input_;
    Seconds now_;
    FlatIdMap<std::int32_t> rule_positions_;
    std::vector<ScopeIndex> rule_scopes_;
    std::vector<ScopeIndex> active_silences_;
    FlatIdMap<std::int32_t> room_positions_;
    AlertIndex alerts_by_key_;
    std::vector<std::size_t> room_starts_;   // room position -> first of its alerts
    std::vector<std::int32_t> room_alerts_;  // indices into input.alerts, grouped by room
    std::vector<char> visited_;              // per input alert: claimed by a subject
    bool silenced_ = false;                  // the room being evaluated
    EvaluationResult result_;
};

}  // namespace

EvaluationResult Evaluate(const EvaluationInput& input) {
    return Evaluator(input).Run();
}

}  // namespace portal::alerts

// The alert evaluator (issue 13, R-GATE-2): conditions, the state machine, flapping, the damping
// of notifications, silences, license gating and the rules' own checks. Time is a number the
// tests move by hand; Simulation feeds each evaluation's output back as the server's store does.
#include "core/alerts.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace portal::alerts {
namespace {

constexpr Seconds kStart = 1'800'000'000;  // 2027-01-15T08:00:00Z
constexpr Id kChannel = 7;

Rule MakeRule(Id id, Condition condition, Seconds for_seconds) {
    Rule rule;
    rule.id = id;
    rule.account_id = 1;
    rule.name = "Rule " + std::to_string(id);
    rule.condition = condition;
    rule.for_seconds = for_seconds;
    rule.channels = {kChannel};
    return rule;
}

// An entitled room of capacity 8 with two devices online, all reported at `now`.
RoomFacts MakeRoom(Id id, const std::string& site, Seconds now) {
    RoomFacts room;
    room.room_id = id;
    room.name = "Room " + std::to_string(id);
    room.site = site;
    room.capacity = 8;
    room.alerts_entitled = true;
    room.people = 2;
    room.people_at = now;
    room.last_event_at = now;
    room.devices = {{"SN" + std::to_string(id) + "A", true, now},
                    {"SN" + std::to_string(id) + "B", true, now}};
    return room;
}

struct Sent {
    Id alert_id = 0;
    bool resolved = false;
    Seconds at = 0;
    std::vector<Id> channels;
};

// The server around Evaluate: a store of alerts by id that gives ids to new ones, deletes
// dropped ones and loads only those not Final; and an outbox of the notifications queued.
struct Simulation {
    Seconds now = kStart;
    std::vector<Rule> rules;
    std::vector<RoomFacts> rooms;
    std::vector<Silence> silences;
    std::map<Id, Alert> store;
    std::vector<Sent> sent;
    EvaluationResult last;
    Id next_id = 1;

    const EvaluationResult& Run() {
        EvaluationInput input{now, rules, rooms, {}, silences};
        for (const auto& [id, alert] : store) {
            if (!alert.Final(now)) input.alerts.push_back(alert);
        }
        last = Evaluate(input);
        std::vector<Id> ids;
        for (Alert alert : last.alerts) {
            if (alert.id == 0) alert.id = next_id++;
            ids.push_back(alert.id);
            store[alert.id] = alert;
        }
        for (Id id : last.dropped) store.erase(id);
        for (const Notification& each : last.notifications) {
            EXPECT_LT(each.alert_index, ids.size());
            if (each.alert_index >= ids.size()) continue;
            sent.push_back({ids[each.alert_index], each.resolved, now, each.channels});
        }
        return last;
    }

    // The server's timer: one evaluation a second.
    void RunFor(Seconds seconds) {
        for (Seconds i = 0; i < seconds; ++i) {
            ++now;
            Run();
        }
    }

    void SetOnline(std::size_t room, std::size_t device, bool online) {
        DeviceFacts& facts = rooms[room].devices[device];
        facts.online = online;
        facts.at = now;
        rooms[room].last_event_at = now;
    }

    // Device A of the first room offline now, then the other way every period seconds, toggles
    // times (online after an odd number), the timer running in between.
    void Flap(Seconds period, int toggles) {
        SetOnline(0, 0, false);
        Run();
        for (int toggle = 1; toggle <= toggles; ++toggle) {
            RunFor(period - 1);
            ++now;
            SetOnline(0, 0, toggle % 2 == 1);
            Run();
        }
    }

    // The alerts of a rule, oldest first.
    std::vector<Alert> AlertsOf(Id rule_id) const {
        std::vector<Alert> found;
        for (const auto& [id, alert] : store) {
            if (alert.rule_id == rule_id) found.push_back(alert);
        }
        return found;
    }

    const Alert& Only() const {
        EXPECT_EQ(store.size(), 1u);
        return store.begin()->second;
    }

    int Count(bool resolved) const {
        int count = 0;
        for (const Sent& each : sent) count += each.resolved == resolved ? 1 : 0;
        return count;
    }
};

bool Empty(const EvaluationResult& result) {
    return result.alerts.empty() && result.dropped.empty() && result.notifications.empty();
}

// [SECTION] Names, scopes, conditions

TEST(AlertNames, RoundTrip) {
    for (Condition condition : {Condition::DeviceOffline, Condition::RoomOffline,
                                Condition::NoTelemetry, Condition::OverCapacity}) {
        Condition parsed = Condition::DeviceOffline;
        EXPECT_TRUE(ParseCondition(ConditionName(condition), parsed));
        EXPECT_EQ(parsed, condition);
    }
    for (Severity severity :
         {Severity::Critical, Severity::Major, Severity::Minor, Severity::Warning}) {
        Severity parsed = Severity::Major;
        EXPECT_TRUE(ParseSeverity(SeverityName(severity), parsed));
        EXPECT_EQ(parsed, severity);
    }
    for (State state : {State::Pending, State::Firing, State::Acknowledged, State::Resolved}) {
        State parsed = State::Pending;
        EXPECT_TRUE(ParseState(StateName(state), parsed));
        EXPECT_EQ(parsed, state);
    }
    EXPECT_EQ(ConditionName(Condition::NoTelemetry), "no_telemetry");
    EXPECT_EQ(ConditionName(Condition::OverCapacity), "over_capacity");
    EXPECT_EQ(SeverityName(Severity::Warning), "warning");
    EXPECT_EQ(StateName(State::Acknowledged), "acknowledged");
}

TEST(AlertNames, RefusesUnknownAndMiscasedNames) {
    Condition condition = Condition::RoomOffline;
    Severity severity = Severity::Minor;
    State state = State::Firing;
    EXPECT_FALSE(ParseCondition("Device_Offline", condition));
    EXPECT_FALSE(ParseCondition("", condition));
    EXPECT_FALSE(ParseSeverity("fatal", severity));
    EXPECT_FALSE(ParseState("open", state));
    EXPECT_EQ(condition, Condition::RoomOffline);  // untouched on failure
    EXPECT_EQ(severity, Severity::Minor);
    EXPECT_EQ(state, State::Firing);
}

TEST(AlertScope, EmptyCoversEverythingElseSiteOrRoom) {
    Scope everything;
    EXPECT_TRUE(everything.Covers(5, "Paris"));
    Scope scope{{"Paris"}, {12}};
    EXPECT_TRUE(scope.Covers(5, "Paris"));
    EXPECT_TRUE(scope.Covers(12, "Lyon"));
    EXPECT_FALSE(scope.Covers(13, "Lyon"));
}

TEST(AlertScope, SilenceCoversFromStartUntilEnd) {
    Silence silence{1, Scope{{"Paris"}, {}}, kStart, kStart + 600};
    EXPECT_FALSE(silence.Covers(5, "Paris", kStart - 1));
    EXPECT_TRUE(silence.Covers(5, "Paris", kStart));
    EXPECT_TRUE(silence.Covers(5, "Paris", kStart + 599));
    EXPECT_FALSE(silence.Covers(5, "Paris", kStart + 600));
    EXPECT_FALSE(silence.Covers(5, "Lyon", kStart + 1));
}

TEST(AlertCondition, DeviceOfflineWhenItsStatusIsKnownAndOffline) {
    Rule rule = MakeRule(1, Condition::DeviceOffline, 0);
    RoomFacts room = MakeRoom(10, "Paris", kStart);
    const Seconds now = kStart + 100;
    DeviceFacts device{"SN1", std::nullopt, std::nullopt};
    EXPECT_FALSE(ConditionFor(rule, room, &device, now).holds);  // never reported
    device.online = true;
    EXPECT_FALSE(ConditionFor(rule, room, &device, now).holds);
    device.online = false;
    device.at = kStart + 40;
    ConditionValue value = ConditionFor(rule, room, &device, now);
    EXPECT_TRUE(value.holds);
    EXPECT_EQ(value.since, kStart + 40);
    device.at.reset();
    EXPECT_EQ(ConditionFor(rule, room, &device, now).since, now);
    EXPECT_FALSE(ConditionFor(rule, room, nullptr, now).holds);
}

TEST(AlertCondition, RoomOfflineWhenEveryDeviceIsKnownOffline) {
    Rule rule = MakeRule(1, Condition::RoomOffline, 0);
    RoomFacts room = MakeRoom(10, "Paris", kStart);
    const Seconds now = kStart + 100;
    room.devices[0] = {"A", false, kStart + 10};
    EXPECT_FALSE(ConditionFor(rule, room, nullptr, now).holds);  // B is online
    room.devices[1] = {"B", std::nullopt, std::nullopt};
    EXPECT_FALSE(ConditionFor(rule, room, nullptr, now).holds);  // B never reported
    room.devices[1] = {"B", false, kStart + 30};
    ConditionValue value = ConditionFor(rule, room, nullptr, now);
    EXPECT_TRUE(value.holds);
    EXPECT_EQ(value.since, kStart + 30);  // the latest of them
    room.devices.clear();
    EXPECT_FALSE(ConditionFor(rule, room, nullptr, now).holds);  // an empty room is not down
}

TEST(AlertCondition, NoTelemetryForSecondsAfterTheLastEvent) {
    Rule rule = MakeRule(1, Condition::NoTelemetry, 300);
    RoomFacts room = MakeRoom(10, "Paris", kStart);
    EXPECT_FALSE(ConditionFor(rule, room, nullptr, kStart + 299).holds);
    ConditionValue value = ConditionFor(rule, room, nullptr, kStart + 300);
    EXPECT_TRUE(value.holds);
    EXPECT_EQ(value.since, kStart);
    room.last_event_at.reset();
    EXPECT_FALSE(ConditionFor(rule, room, nullptr, kStart + 86400 * 30).holds);
}

TEST(AlertCondition, OverCapacityWhenMorePeopleThanSeats) {
    Rule rule = MakeRule(1, Condition::OverCapacity, 0);
    RoomFacts room = MakeRoom(10, "Paris", kStart);
    room.people = 8;
    EXPECT_FALSE(ConditionFor(rule, room, nullptr, kStart + 5).holds);
    room.people = 9;
    room.people_at = kStart + 3;
    ConditionValue value = ConditionFor(rule, room, nullptr, kStart + 5);
    EXPECT_TRUE(value.holds);
    EXPECT_EQ(value.since, kStart + 3);
    room.people_at.reset();
    EXPECT_EQ(ConditionFor(rule, room, nullptr, kStart + 5).since, kStart + 5);
    room.capacity = 0;  // capacity unknown
    EXPECT_FALSE(ConditionFor(rule, room, nullptr, kStart + 5).holds);
    room.capacity = 8;
    room.people.reset();
    EXPECT_FALSE(ConditionFor(rule, room, nullptr, kStart + 5).holds);
}

// [SECTION] The state machine

struct AlertEvaluation : ::testing::Test {
    Simulation sim;
    void SetUp() override { sim.rooms.push_back(MakeRoom(10, "Paris", sim.now)); }
    const std::string& SerialA() const { return sim.rooms[0].devices[0].serial; }
};

TEST_F(AlertEvaluation, PendingThenFiringAfterForSeconds) {  // R-GATE-2
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 300)};
    EXPECT_TRUE(Empty(sim.Run()));
    sim.SetOnline(0, 0, false);
    sim.Run();
    ASSERT_EQ(sim.last.alerts.size(), 1u);
    const Alert& pending = sim.Only();
    EXPECT_EQ(pending.state, State::Pending);
    EXPECT_EQ(pending.serial, SerialA());
    EXPECT_EQ(pending.room_id, 10);
    EXPECT_EQ(pending.pending_since, kStart);
    EXPECT_TRUE(pending.condition_true);
    EXPECT_EQ(pending.flips, std::vector<Seconds>{kStart});
    EXPECT_FALSE(pending.started_at.has_value());
    EXPECT_TRUE(sim.sent.empty());

    sim.RunFor(299);
    EXPECT_EQ(sim.Only().state, State::Pending);
    EXPECT_TRUE(sim.sent.empty());
    sim.RunFor(1);
    const Alert& firing = sim.Only();
    EXPECT_EQ(firing.state, State::Firing);
    EXPECT_EQ(firing.started_at, kStart + 300);
    EXPECT_EQ(firing.notified, Notified::Firing);
    ASSERT_EQ(sim.sent.size(), 1u);
    EXPECT_FALSE(sim.sent[0].resolved);
    EXPECT_EQ(sim.sent[0].at, kStart + 300);
    EXPECT_EQ(sim.sent[0].channels, std::vector<Id>{kChannel});
}

TEST_F(AlertEvaluation, ZeroForSecondsFiresAtOnce) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    EXPECT_EQ(sim.Only().state, State::Firing);
    EXPECT_EQ(sim.Only().started_at, kStart);
    EXPECT_EQ(sim.Count(false), 1);
}

TEST_F(AlertEvaluation, ConditionThatHeldLongEnoughBeforeTheFirstEvaluationFiresAtOnce) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 300)};
    sim.rooms[0].devices[0] = {SerialA(), false, kStart - 600};  // reported late
    sim.Run();
    EXPECT_EQ(sim.Only().state, State::Firing);
    EXPECT_EQ(sim.Only().pending_since, kStart - 600);
    EXPECT_EQ(sim.Count(false), 1);
}

TEST_F(AlertEvaluation, ClearingWhilePendingDropsIt) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 300)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    const Id id = sim.Only().id;
    sim.now += 100;
    sim.SetOnline(0, 0, true);
    sim.Run();
    EXPECT_EQ(sim.last.dropped, std::vector<Id>{id});
    EXPECT_TRUE(sim.last.alerts.empty());
    EXPECT_TRUE(sim.store.empty());
    EXPECT_TRUE(sim.sent.empty());
}

TEST_F(AlertEvaluation, ClearingResolvesAFiringAlert) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    sim.now += 60;
    sim.SetOnline(0, 0, true);
    sim.Run();
    const Alert& resolved = sim.Only();
    EXPECT_EQ(resolved.state, State::Resolved);
    EXPECT_EQ(resolved.resolved_reason, "cleared");
    EXPECT_EQ(resolved.resolved_at, kStart + 60);
    EXPECT_FALSE(resolved.condition_true);
    EXPECT_EQ(resolved.flips, (std::vector<Seconds>{kStart, kStart + 60}));
    EXPECT_FALSE(resolved.Final(sim.now));
}

TEST_F(AlertEvaluation, ResolvedIsSentOnlyAfterTheSettleTime) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    sim.now += 60;
    sim.SetOnline(0, 0, true);
    sim.Run();
    sim.RunFor(kResolveSettleSeconds - 1);
    EXPECT_EQ(sim.Count(true), 0);
    sim.RunFor(1);
    ASSERT_EQ(sim.Count(true), 1);
    EXPECT_EQ(sim.sent.back().at, kStart + 60 + kResolveSettleSeconds);
    EXPECT_EQ(sim.Only().notified, Notified::Resolved);
    sim.RunFor(kRefireWindowSeconds);
    EXPECT_EQ(sim.sent.size(), 2u);
    EXPECT_TRUE(sim.Only().Final(sim.now));
}

TEST_F(AlertEvaluation, RefireBeforeTheSettleTimeSendsNothing) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    const Alert first = sim.Only();
    sim.now += 60;
    sim.SetOnline(0, 0, true);
    sim.Run();
    sim.RunFor(60);
    sim.SetOnline(0, 0, false);
    sim.Run();
    const Alert& again = sim.Only();
    EXPECT_EQ(again.id, first.id);
    EXPECT_EQ(again.state, State::Firing);
    EXPECT_EQ(again.started_at, first.started_at);
    sim.RunFor(600);
    ASSERT_EQ(sim.sent.size(), 1u);  // for the receivers it never stopped firing
    EXPECT_FALSE(sim.sent[0].resolved);
}

TEST_F(AlertEvaluation, RefireWithinFifteenMinutesIsTheSameAlert) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    const Alert first = sim.Only();
    sim.now += 60;
    sim.SetOnline(0, 0, true);
    sim.Run();
    sim.RunFor(kRefireWindowSeconds - 1);  // resolved is sent after the settle time
    sim.SetOnline(0, 0, false);
    sim.Run();
    const Alert& again = sim.Only();
    EXPECT_EQ(again.id, first.id);
    EXPECT_EQ(again.state, State::Firing);
    EXPECT_EQ(again.started_at, kStart);
    EXPECT_FALSE(again.resolved_at.has_value());
    EXPECT_EQ(again.resolved_reason, "");
    ASSERT_EQ(sim.sent.size(), 3u);  // firing, resolved, firing
    EXPECT_TRUE(sim.sent[1].resolved);
    EXPECT_FALSE(sim.sent[2].resolved);
    EXPECT_EQ(sim.sent[2].alert_id, first.id);
}

TEST_F(AlertEvaluation, RefireWaitsForSecondsAgainFromTheNewCondition) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 120)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    sim.RunFor(120);
    const Alert first = sim.Only();
    ASSERT_EQ(first.state, State::Firing);
    sim.SetOnline(0, 0, true);
    sim.Run();
    sim.RunFor(200);
    sim.SetOnline(0, 0, false);
    sim.Run();
    EXPECT_EQ(sim.Only().id, first.id);
    EXPECT_EQ(sim.Only().state, State::Pending);
    EXPECT_EQ(sim.Only().pending_since, sim.now);
    sim.RunFor(120);
    EXPECT_EQ(sim.Only().state, State::Firing);
    EXPECT_EQ(sim.Only().started_at, first.started_at);
}

TEST_F(AlertEvaluation, ReopenedAlertThatClearsWhilePendingGoesBackToResolved) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 120)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    sim.RunFor(120);
    sim.SetOnline(0, 0, true);
    sim.Run();
    sim.RunFor(30);
    sim.SetOnline(0, 0, false);
    sim.Run();
    ASSERT_EQ(sim.Only().state, State::Pending);
    sim.RunFor(30);
    sim.SetOnline(0, 0, true);
    sim.Run();
    EXPECT_TRUE(sim.last.dropped.empty());
    EXPECT_EQ(sim.Only().state, State::Resolved);
    EXPECT_EQ(sim.Only().resolved_at, sim.now);
    sim.RunFor(kResolveSettleSeconds);
    EXPECT_EQ(sim.Count(true), 1);  // the receivers were told it fired: they hear it stopped
}

TEST_F(AlertEvaluation, RefireAfterFifteenMinutesIsANewAlert) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    const Id first = sim.Only().id;
    sim.now += 60;
    sim.SetOnline(0, 0, true);
    sim.Run();
    sim.RunFor(kRefireWindowSeconds);
    sim.SetOnline(0, 0, false);
    sim.Run();
    std::vector<Alert> alerts = sim.AlertsOf(1);
    ASSERT_EQ(alerts.size(), 2u);
    EXPECT_EQ(alerts[0].id, first);
    EXPECT_EQ(alerts[0].state, State::Resolved);
    EXPECT_NE(alerts[1].id, first);
    EXPECT_EQ(alerts[1].state, State::Firing);
    EXPECT_EQ(alerts[1].started_at, sim.now);
    EXPECT_EQ(sim.Count(false), 2);
    EXPECT_EQ(sim.Count(true), 1);
}

TEST_F(AlertEvaluation, AcknowledgedCountsAsFiringAndARefireClearsIt) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    Alert& stored = sim.store.begin()->second;
    EXPECT_TRUE(Acknowledge(stored, 42, sim.now + 5));
    EXPECT_EQ(stored.state, State::Acknowledged);
    EXPECT_EQ(stored.acknowledged_by, 42);
    EXPECT_EQ(stored.acknowledged_at, sim.now + 5);
    EXPECT_FALSE(Acknowledge(stored, 43, sim.now + 6));  // not firing any more
    EXPECT_EQ(stored.acknowledged_by, 42);

    sim.RunFor(30);
    EXPECT_TRUE(sim.last.alerts.empty());
    EXPECT_EQ(sim.Only().state, State::Acknowledged);
    EXPECT_EQ(sim.sent.size(), 1u);

    sim.SetOnline(0, 0, true);
    sim.Run();
    EXPECT_EQ(sim.Only().state, State::Resolved);
    sim.RunFor(10);
    sim.SetOnline(0, 0, false);
    sim.Run();
    EXPECT_EQ(sim.Only().state, State::Firing);
    EXPECT_EQ(sim.Only().acknowledged_by, 0);
    EXPECT_FALSE(sim.Only().acknowledged_at.has_value());
}

TEST(AlertAcknowledge, OnlyAFiringAlert) {
    Alert alert;
    alert.state = State::Pending;
    EXPECT_FALSE(Acknowledge(alert, 1, kStart));
    alert.state = State::Resolved;
    EXPECT_FALSE(Acknowledge(alert, 1, kStart));
    EXPECT_EQ(alert.acknowledged_by, 0);
    alert.state = State::Firing;
    EXPECT_TRUE(Acknowledge(alert, 1, kStart));
}

TEST_F(AlertEvaluation, NothingChangedEmitsNothing) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0), MakeRule(2, Condition::RoomOffline, 60),
                 MakeRule(3, Condition::NoTelemetry, 600),
                 MakeRule(4, Condition::OverCapacity, 300)};
    sim.rooms[0].people = 12;
    sim.SetOnline(0, 0, false);
    sim.Run();
    EXPECT_EQ(sim.last.alerts.size(), 2u);  // device A firing, over capacity pending
    for (int i = 0; i < 5; ++i) {
        sim.Run();
        EXPECT_TRUE(Empty(sim.last));
        ++sim.now;
    }
}

TEST_F(AlertEvaluation, NoChannelStillCountsAsTold) {
    Rule rule = MakeRule(1, Condition::DeviceOffline, 0);
    rule.channels.clear();
    sim.rules = {rule};
    sim.SetOnline(0, 0, false);
    sim.Run();
    EXPECT_TRUE(sim.last.notifications.empty());
    EXPECT_EQ(sim.Only().notified, Notified::Firing);
    EXPECT_EQ(sim.Only().last_notified_at, kStart);
    sim.RunFor(5);
    EXPECT_TRUE(Empty(sim.last));
}

TEST_F(AlertEvaluation, EachDeviceHasItsOwnAlert) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0)};
    sim.SetOnline(0, 0, false);
    sim.SetOnline(0, 1, false);
    sim.Run();
    std::vector<Alert> alerts = sim.AlertsOf(1);
    ASSERT_EQ(alerts.size(), 2u);
    EXPECT_NE(alerts[0].serial, alerts[1].serial);
    EXPECT_EQ(sim.Count(false), 2);
    sim.SetOnline(0, 1, true);
    sim.Run();
    ASSERT_EQ(sim.last.alerts.size(), 1u);
    EXPECT_EQ(sim.last.alerts[0].serial, sim.rooms[0].devices[1].serial);
    EXPECT_EQ(sim.last.alerts[0].state, State::Resolved);
}

TEST_F(AlertEvaluation, DeviceThatLeftTheRoomClearsItsAlert) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    sim.now += 10;
    sim.rooms[0].devices.erase(sim.rooms[0].devices.begin());
    sim.Run();
    EXPECT_EQ(sim.Only().state, State::Resolved);
    EXPECT_EQ(sim.Only().resolved_reason, "cleared");
    sim.RunFor(kResolveSettleSeconds);
    EXPECT_EQ(sim.Count(true), 1);
}

TEST_F(AlertEvaluation, RoomOfflineFiresWhenEveryDeviceIsOffline) {
    sim.rules = {MakeRule(1, Condition::RoomOffline, 60)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    EXPECT_TRUE(sim.store.empty());
    sim.now += 5;
    sim.SetOnline(0, 1, false);
    sim.Run();
    EXPECT_EQ(sim.Only().state, State::Pending);
    EXPECT_EQ(sim.Only().serial, "");
    EXPECT_EQ(sim.Only().pending_since, kStart + 5);
    sim.RunFor(60);
    EXPECT_EQ(sim.Only().state, State::Firing);
    EXPECT_EQ(sim.Only().condition, Condition::RoomOffline);
    EXPECT_EQ(sim.Count(false), 1);
}

TEST_F(AlertEvaluation, NoTelemetryFiresForSecondsAfterTheLastEvent) {
    sim.rules = {MakeRule(1, Condition::NoTelemetry, 300)};
    sim.RunFor(299);
    EXPECT_TRUE(sim.store.empty());
    sim.RunFor(1);
    // No pending phase: the wait is the condition itself.
    EXPECT_EQ(sim.Only().state, State::Firing);
    EXPECT_EQ(sim.Only().pending_since, kStart);
    EXPECT_EQ(sim.Only().started_at, kStart + 300);
    EXPECT_EQ(sim.Count(false), 1);
    sim.RunFor(10);
    sim.rooms[0].last_event_at = sim.now;  // the room speaks again
    sim.Run();
    EXPECT_EQ(sim.Only().state, State::Resolved);
}

TEST_F(AlertEvaluation, NoTelemetryNeverFiresForARoomThatNeverReported) {
    sim.rules = {MakeRule(1, Condition::NoTelemetry, 60)};
    sim.rooms[0].last_event_at.reset();
    sim.RunFor(600);
    sim.now += 30 * 86400;
    sim.Run();
    EXPECT_TRUE(sim.store.empty());
    EXPECT_TRUE(sim.sent.empty());
}

TEST_F(AlertEvaluation, OverCapacity) {
    sim.rules = {MakeRule(1, Condition::OverCapacity, 120)};
    sim.rooms[0].people = 9;
    sim.rooms[0].people_at = kStart;
    sim.Run();
    EXPECT_EQ(sim.Only().state, State::Pending);
    sim.RunFor(120);
    EXPECT_EQ(sim.Only().state, State::Firing);
    sim.rooms[0].people = 8;
    sim.rooms[0].people_at = sim.now;
    sim.Run();
    EXPECT_EQ(sim.Only().state, State::Resolved);
}

TEST_F(AlertEvaluation, ScopeBySiteAndByRoom) {
    sim.rooms = {MakeRoom(10, "Paris", sim.now), MakeRoom(11, "Lyon", sim.now),
                 MakeRoom(12, "Lyon", sim.now)};
    Rule rule = MakeRule(1, Condition::OverCapacity, 0);
    rule.scope = Scope{{"Paris"}, {12}};
    sim.rules = {rule};
    for (RoomFacts& room : sim.rooms) room.people = 20;
    sim.Run();
    std::set<Id> rooms;
    for (const auto& [id, alert] : sim.store) rooms.insert(alert.room_id);
    EXPECT_EQ(rooms, (std::set<Id>{10, 12}));
}

TEST_F(AlertEvaluation, DisabledDeletedOrNarrowedRuleResolvesWithRuleDisabled) {
    sim.rooms = {MakeRoom(10, "Paris", sim.now), MakeRoom(11, "Lyon", sim.now)};
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0), MakeRule(2, Condition::OverCapacity, 0),
                 MakeRule(3, Condition::OverCapacity, 0)};
    sim.rules[2].scope.rooms = {10, 11};
    sim.rooms[0].people = 20;
    sim.SetOnline(0, 0, false);
    sim.Run();
    ASSERT_EQ(sim.store.size(), 3u);
    ASSERT_EQ(sim.sent.size(), 3u);

    sim.now += 10;
    sim.rules[0].enabled = false;
    sim.rules[2].scope.rooms = {11};  // no longer watches room 10
    sim.rules.erase(sim.rules.begin() + 1);
    sim.Run();
    EXPECT_EQ(sim.last.alerts.size(), 3u);
    for (const auto& [id, alert] : sim.store) {
        EXPECT_EQ(alert.state, State::Resolved);
        EXPECT_EQ(alert.resolved_reason, "rule_disabled");
        EXPECT_EQ(alert.resolved_at, sim.now);
        EXPECT_TRUE(alert.Final(sim.now));
    }
    EXPECT_TRUE(sim.last.notifications.empty());
    sim.RunFor(kRefireWindowSeconds);
    EXPECT_EQ(sim.sent.size(), 3u);
}

TEST_F(AlertEvaluation, PendingAlertOfADisabledRuleIsDropped) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 300)};
    sim.SetOnline(0, 0, false);
    sim.Run();
    const Id id = sim.Only().id;
    sim.rules[0].enabled = false;
    sim.Run();
    EXPECT_EQ(sim.last.dropped, std::vector<Id>{id});
}

TEST(AlertEvaluate, AlertsOfRoomsNotEvaluatedAreLeftAlone) {
    Alert alert;
    alert.id = 5;
    alert.rule_id = 1;
    alert.room_id = 99;
    alert.state = State::Firing;
    alert.condition_true = true;
    alert.flips = {kStart};
    alert.started_at = kStart;
    EvaluationInput input;
    input.now = kStart + 10;
    input.rooms = {MakeRoom(10, "Paris", kStart)};
    input.alerts = {alert};  // its rule is gone, but room 99 is not evaluated
    EXPECT_TRUE(Empty(Evaluate(input)));
}

// [SECTION] Flapping

TEST_F(AlertEvaluation, FlappingDeviceNotifiesAtMostTwiceWithOneAlertThenSettles) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0)};
    // Offline at 0, then the other way every 30 s: online at 30, offline at 60, ... for ten
    // minutes, ending online at 570; the timer evaluates every second.
    sim.Flap(30, 19);
    sim.RunFor(600 - 570);
    EXPECT_LE(sim.sent.size(), 2u);
    std::set<Id> ids;
    for (const auto& [id, alert] : sim.store) ids.insert(id);
    for (const Sent& each : sim.sent) ids.insert(each.alert_id);
    EXPECT_EQ(ids.size(), 1u);
    const Alert& flapping = sim.Only();
    EXPECT_TRUE(flapping.flapping);
    EXPECT_EQ(flapping.state, State::Firing);  // it stays firing while it flaps
    EXPECT_FALSE(flapping.condition_true);

    // It stays online: once at most kFlappingFlips flips are left in the window, it resolves,
    // and the resolved notification follows after the settle time.
    while (sim.Only().state != State::Resolved && sim.now < kStart + 2 * kFlappingWindowSeconds) {
        sim.RunFor(1);
    }
    const Alert resolved = sim.Only();
    ASSERT_EQ(resolved.state, State::Resolved);
    EXPECT_EQ(resolved.resolved_reason, "cleared");
    EXPECT_FALSE(resolved.flapping);
    EXPECT_LE(resolved.flips.size(), static_cast<std::size_t>(kFlappingFlips));
    EXPECT_GE(sim.now, kStart + 570);
    sim.RunFor(kResolveSettleSeconds + 600);
    EXPECT_EQ(sim.Count(true), 1);
    EXPECT_EQ(sim.sent.back().at, *resolved.resolved_at + kResolveSettleSeconds);
    EXPECT_EQ(sim.Count(false), 1);
}

TEST_F(AlertEvaluation, FlappingRefireIsNotNotifiedWithinTheWindow) {
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0)};
    // Three minutes each way: long enough for each "resolved" to be sent.
    sim.Flap(180, 4);
    // Flips at 0, 180, 360, 540, 720: firing, resolved, firing, resolved sent; the fifth flip
    // makes it flap, and it was told something 60 s ago.
    EXPECT_EQ(sim.sent.size(), 4u);
    EXPECT_TRUE(sim.Only().flapping);
    EXPECT_EQ(sim.Only().state, State::Firing);
    EXPECT_NE(sim.Only().notified, Notified::Firing);
    // Once the first flip leaves the window it no longer flaps, and is still firing: now the
    // receivers are told.
    sim.RunFor(kFlappingWindowSeconds - 720 - 1);
    EXPECT_EQ(sim.sent.size(), 4u);
    EXPECT_TRUE(sim.Only().flapping);
    sim.RunFor(1);
    ASSERT_EQ(sim.sent.size(), 5u);
    EXPECT_FALSE(sim.sent.back().resolved);
    EXPECT_FALSE(sim.Only().flapping);
}

// [SECTION] Silences

struct AlertSilence : AlertEvaluation {
    void SetUp() override {
        AlertEvaluation::SetUp();
        sim.rules = {MakeRule(1, Condition::DeviceOffline, 0)};
    }
};

TEST_F(AlertSilence, RecordedNotSentThenFiringWhenItEnds) {
    sim.silences = {{1, Scope{{"Paris"}, {}}, kStart, kStart + 600}};
    sim.SetOnline(0, 0, false);
    sim.Run();
    EXPECT_EQ(sim.Only().state, State::Firing);
    EXPECT_EQ(sim.Only().notified, Notified::Nothing);
    sim.RunFor(599);
    EXPECT_TRUE(sim.sent.empty());
    sim.RunFor(1);
    ASSERT_EQ(sim.sent.size(), 1u);
    EXPECT_FALSE(sim.sent[0].resolved);
    EXPECT_EQ(sim.sent[0].at, kStart + 600);
}

TEST_F(AlertSilence, OtherSitesAndPastSilencesDoNotMatter) {
    sim.silences = {{1, Scope{{"Lyon"}, {}}, kStart - 10, kStart + 600},
                    {2, Scope{}, kStart - 600, kStart}};
    sim.SetOnline(0, 0, false);
    sim.Run();
    EXPECT_EQ(sim.sent.size(), 1u);
}

TEST_F(AlertSilence, ResolvedIsSentOnceTheSilenceEndsEvenPastTheRefireWindow) {
    sim.SetOnline(0, 0, false);
    sim.Run();
    sim.silences = {{1, Scope{}, kStart + 10, kStart + 1000}};  // the whole account
    sim.RunFor(20);
    sim.SetOnline(0, 0, true);
    sim.Run();
    sim.RunFor(1000 - 20 - 1);
    EXPECT_EQ(sim.Count(true), 0);
    EXPECT_FALSE(sim.Only().Final(sim.now));  // still owes its "resolved"
    sim.RunFor(1);
    EXPECT_EQ(sim.Count(true), 1);
    EXPECT_TRUE(sim.Only().Final(sim.now));
}

TEST_F(AlertSilence, AlertThatClearsDuringTheSilenceIsNeverSent) {
    sim.silences = {{1, Scope{{}, {10}}, kStart, kStart + 600}};
    sim.SetOnline(0, 0, false);
    sim.Run();
    sim.RunFor(100);
    sim.SetOnline(0, 0, true);
    sim.Run();
    sim.RunFor(kRefireWindowSeconds);
    EXPECT_TRUE(sim.sent.empty());
    EXPECT_TRUE(sim.Only().Final(sim.now));
}

// [SECTION] License gating

struct AlertGating : AlertEvaluation {};

TEST_F(AlertGating, RoomWithoutAlertsLicenseGetsNoAlert) {  // R-GATE-2
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0), MakeRule(2, Condition::RoomOffline, 0),
                 MakeRule(3, Condition::NoTelemetry, 60), MakeRule(4, Condition::OverCapacity, 0)};
    sim.rooms[0].alerts_entitled = false;
    sim.rooms[0].people = 50;
    sim.SetOnline(0, 0, false);
    sim.SetOnline(0, 1, false);
    sim.RunFor(600);
    EXPECT_TRUE(sim.store.empty());
    EXPECT_TRUE(sim.sent.empty());
}

TEST_F(AlertGating, LicenseLeavingClosesOpenAlertsAndNothingIsSentAfter) {  // R-GATE-2, R-GATE-3
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0),
                 MakeRule(2, Condition::OverCapacity, 300)};
    sim.SetOnline(0, 0, false);  // A: firing
    sim.SetOnline(0, 1, false);  // B: firing, then resolved below
    sim.Run();
    sim.RunFor(10);
    sim.SetOnline(0, 1, true);
    sim.rooms[0].people = 30;  // over capacity: pending
    sim.rooms[0].people_at = sim.now;
    sim.Run();
    ASSERT_EQ(sim.store.size(), 3u);
    ASSERT_EQ(sim.sent.size(), 2u);
    Id pending = 0;
    for (const auto& [id, alert] : sim.store) {
        if (alert.state == State::Pending) pending = id;
    }
    ASSERT_NE(pending, 0);

    sim.RunFor(5);
    sim.rooms[0].alerts_entitled = false;
    sim.Run();
    EXPECT_EQ(sim.last.dropped, std::vector<Id>{pending});
    EXPECT_TRUE(sim.last.notifications.empty());
    ASSERT_EQ(sim.store.size(), 2u);
    for (const auto& [id, alert] : sim.store) {
        EXPECT_EQ(alert.state, State::Resolved);
        EXPECT_EQ(alert.resolved_reason, "license_ended");
        EXPECT_TRUE(alert.Final(sim.now));
    }

    // The conditions change every way; nothing is sent, nothing is made.
    sim.RunFor(30);
    sim.SetOnline(0, 0, true);
    sim.SetOnline(0, 1, false);
    sim.rooms[0].people = 2;
    sim.RunFor(kRefireWindowSeconds);
    sim.SetOnline(0, 0, false);
    sim.rooms[0].people = 30;
    sim.rooms[0].people_at = sim.now;
    sim.RunFor(100);
    EXPECT_EQ(sim.store.size(), 2u);
    EXPECT_EQ(sim.sent.size(), 2u);

    // A license again: alerts again, as new ones.
    sim.rooms[0].alerts_entitled = true;
    sim.Run();
    EXPECT_EQ(sim.store.size(), 5u);
    EXPECT_EQ(sim.sent.size(), 4u);  // A and B firing; over capacity pending
}

// [SECTION] Rule checks

TEST(AlertRuleCheck, ValidRuleHasNoProblem) {
    Rule rule = MakeRule(1, Condition::NoTelemetry, kMinNoTelemetrySeconds);
    rule.scope = Scope{{"Paris", "Lyon"}, {10, 11}};
    rule.channels = {1, 2};
    EXPECT_TRUE(CheckRule(rule).empty());
    rule.condition = Condition::DeviceOffline;
    rule.for_seconds = 0;
    EXPECT_TRUE(CheckRule(rule).empty());
    rule.for_seconds = kMaxForSeconds;
    EXPECT_TRUE(CheckRule(rule).empty());
    rule.name.clear();
    for (std::size_t i = 0; i < kMaxRuleNameLength; ++i) rule.name += "é";  // characters
    EXPECT_TRUE(CheckRule(rule).empty());
}

TEST(AlertRuleCheck, NameLength) {
    Rule rule = MakeRule(1, Condition::DeviceOffline, 0);
    rule.name = "";
    std::vector<RuleProblem> problems = CheckRule(rule);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "name");
    rule.name = "   ";
    EXPECT_EQ(CheckRule(rule).size(), 1u);
    rule.name = std::string(kMaxRuleNameLength + 1, 'x');
    problems = CheckRule(rule);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "name");
    EXPECT_EQ(problems[0].message, "must be at most 200 characters");
}

TEST(AlertRuleCheck, ForSecondsLimits) {
    Rule rule = MakeRule(1, Condition::DeviceOffline, -1);
    std::vector<RuleProblem> problems = CheckRule(rule);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "forSeconds");
    EXPECT_EQ(problems[0].message, "must be between 0 and 86400 seconds");
    rule.for_seconds = kMaxForSeconds + 1;
    EXPECT_EQ(CheckRule(rule).size(), 1u);
    rule.condition = Condition::NoTelemetry;
    rule.for_seconds = kMinNoTelemetrySeconds - 1;
    problems = CheckRule(rule);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "forSeconds");
    EXPECT_EQ(problems[0].message, "must be at least 60 seconds for no_telemetry");
}

TEST(AlertRuleCheck, ScopeAndChannels) {
    Rule rule = MakeRule(1, Condition::DeviceOffline, 0);
    rule.scope = Scope{{"Paris", "", "Paris"}, {10, 0, 10}};
    rule.channels = {3, 3};
    std::vector<RuleProblem> problems = CheckRule(rule);
    std::vector<std::string> fields;
    for (const RuleProblem& problem : problems) {
        fields.push_back(problem.field);
        EXPECT_FALSE(problem.message.empty());
    }
    EXPECT_EQ(fields,
              (std::vector<std::string>{"scope.sites[1]", "scope.sites[2]", "scope.rooms[1]",
                                        "scope.rooms[2]", "channels[1]"}));
    EXPECT_EQ(problems.back().message, "repeats channels[0]");

    rule = MakeRule(1, Condition::DeviceOffline, 0);
    for (Id room = 1; room <= static_cast<Id>(kMaxScopeItems) + 1; ++room) {
        rule.scope.rooms.push_back(room);
    }
    problems = CheckRule(rule);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "scope.rooms");
    EXPECT_EQ(problems[0].message, "must hold at most 1000 rooms");
    rule.scope.rooms.pop_back();
    EXPECT_TRUE(CheckRule(rule).empty());
}

// [SECTION] Scale

// An account of 10,000 rooms and five rules: the counts only (timing is the benchmarks' job).
TEST(AlertScale, TenThousandRoomsFiveRules) {
    Simulation sim;
    sim.rules = {MakeRule(1, Condition::DeviceOffline, 0), MakeRule(2, Condition::RoomOffline, 0),
                 MakeRule(3, Condition::NoTelemetry, 300), MakeRule(4, Condition::OverCapacity, 0),
                 MakeRule(5, Condition::DeviceOffline, 0)};
    sim.rules[4].scope.sites = {"Site 4"};
    for (Id i = 0; i < 10000; ++i) {
        RoomFacts room = MakeRoom(i + 1, "Site " + std::to_string(i % 10), sim.now - 10);
        if (i % 2 == 0) room.devices[0].online = false;
        if (i % 4 == 0) room.devices[1].online = false;
        if (i % 5 == 0) room.last_event_at = sim.now - 600;
        if (i % 10 == 0) room.people = 9;
        sim.rooms.push_back(std::move(room));
    }
    sim.Run();
    std::map<Id, int> per_rule;
    for (const auto& [id, alert] : sim.store) {
        EXPECT_EQ(alert.state, State::Firing);
        ++per_rule[alert.rule_id];
    }
    // Device A offline in even rooms, B in every fourth; rule 5 watches rooms i % 10 == 4.
    EXPECT_EQ(per_rule[1], 5000 + 2500);
    EXPECT_EQ(per_rule[2], 2500);
    EXPECT_EQ(per_rule[3], 2000);
    EXPECT_EQ(per_rule[4], 1000);
    EXPECT_EQ(per_rule[5], 1000 + 500);
    EXPECT_EQ(sim.sent.size(), 14500u);

    sim.RunFor(1);
    EXPECT_TRUE(Empty(sim.last));

    for (RoomFacts& room : sim.rooms) room.alerts_entitled = false;
    sim.RunFor(1);
    EXPECT_EQ(sim.last.alerts.size(), 14500u);
    EXPECT_TRUE(sim.last.notifications.empty());
    sim.RunFor(1);
    EXPECT_TRUE(Empty(sim.last));
}

}  // namespace
}  // namespace portal::alerts

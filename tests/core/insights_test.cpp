// Insights: roll-ups, time zones and licensed spans (R-GATE-1, R-GATE-3). Every expected value
// is worked out by hand in the comments next to it. Zones come from the machine's tzdata,
// embedded at configure time (tzif_fixtures.h, see tests/core/CMakeLists.txt), so that the
// wasm suite runs the same checks without a file system.
#include "core/insights.h"

#include <limits>

#include "tzif_fixtures.h"
#include "world.h"

namespace portal::testing {
namespace {

using namespace portal::insights;

TimeZone Zone(std::string_view bytes, const char* name) {
    TimeZone zone;
    zone.name = name;
    std::string error;
    EXPECT_TRUE(ParseTzif(bytes, zone, error)) << name << ": " << error;
    return zone;
}

TimeZone Paris() {
    return Zone(tzif::Europe_Paris(), "Europe/Paris");
}
TimeZone NewYork() {
    return Zone(tzif::America_New_York(), "America/New_York");
}

// A zone known by its POSIX rule alone, as a "slim" TZif file after its last transition.
TimeZone RuleOnly(const char* rule) {
    TimeZone zone;
    zone.name = rule;
    zone.rule = rule;
    return zone;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Roll-ups

TEST(InsightsRollUp, HourBoundariesCoverTheSpanToWholeHours) {
    EXPECT_EQ(HourBoundaries(At("2026-11-20T09:15:00Z"), At("2026-11-20T11:00:00Z")),
              (std::vector<Seconds>{At("2026-11-20T09:00:00Z"), At("2026-11-20T10:00:00Z"),
                                    At("2026-11-20T11:00:00Z")}));
    EXPECT_EQ(HourBoundaries(At("2026-11-20T09:00:00Z"), At("2026-11-20T09:00:01Z")),
              (std::vector<Seconds>{At("2026-11-20T09:00:00Z"), At("2026-11-20T10:00:00Z")}));
    EXPECT_TRUE(HourBoundaries(At("2026-11-20T09:00:00Z"), At("2026-11-20T09:00:00Z")).empty());
    // Before 1970 the floor still goes down: -1 s lies in the hour starting at -3600.
    EXPECT_EQ(HourBoundaries(-1, 1), (std::vector<Seconds>{-3600, 0, 3600}));
}

TEST(InsightsRollUp, EventsMidHourSplitAcrossBuckets) {
    RoomHistory history;
    history.occupancy = {{At("2026-11-20T09:15:00Z"), 2},
                         {At("2026-11-20T09:45:00Z"), 0},
                         {At("2026-11-20T10:30:00Z"), 3}};
    std::vector<Bucket> hours =
        RollUp(history, HourBoundaries(At("2026-11-20T09:00:00Z"), At("2026-11-20T11:00:00Z")),
               At("2026-11-20T11:00:00Z"));
    ASSERT_EQ(hours.size(), 2u);
    // 09:00-10:00: nothing known before 09:15; 2 people 09:15-09:45, then nobody.
    EXPECT_EQ(hours[0].start, At("2026-11-20T09:00:00Z"));
    EXPECT_EQ(hours[0].end, At("2026-11-20T10:00:00Z"));
    EXPECT_EQ(hours[0].observed, 45 * 60);
    EXPECT_EQ(hours[0].occupied, 30 * 60);
    EXPECT_DOUBLE_EQ(hours[0].person_seconds, 2.0 * 30 * 60);
    EXPECT_EQ(hours[0].people_peak, 2);
    // 10:00-11:00: nobody (carried from 09:45) until 10:30, then 3 people.
    EXPECT_EQ(hours[1].observed, 3600);
    EXPECT_EQ(hours[1].occupied, 30 * 60);
    EXPECT_DOUBLE_EQ(hours[1].person_seconds, 3.0 * 30 * 60);
    EXPECT_EQ(hours[1].people_peak, 3);

    Point point = PointOf(hours[0], 8);
    EXPECT_EQ(point.t, At("2026-11-20T09:00:00Z"));
    EXPECT_DOUBLE_EQ(point.occupancy, 1800.0 / 2700.0);    // 30 of the 45 observed minutes
    EXPECT_DOUBLE_EQ(point.people_mean, 3600.0 / 2700.0);  // 2 people x 30 min / 45 min
    EXPECT_DOUBLE_EQ(point.utilisation, 3600.0 / 2700.0 / 8);
    EXPECT_EQ(point.people_peak, 2);
    EXPECT_DOUBLE_EQ(PointOf(hours[0], 0).utilisation, 0.0);  // capacity unknown
}

TEST(InsightsRollUp, StateCarriesInFromBeforeTheSpan) {
    RoomHistory history;
    // The last event before the span: 4 people since the evening before.
    history.occupancy = {{At("2026-11-19T20:00:00Z"), 4}, {At("2026-11-20T10:15:00Z"), 0}};
    std::vector<Bucket> hours =
        RollUp(history, HourBoundaries(At("2026-11-20T09:00:00Z"), At("2026-11-20T11:00:00Z")),
               At("2026-11-20T12:00:00Z"));
    ASSERT_EQ(hours.size(), 2u);
    EXPECT_EQ(hours[0].observed, 3600);
    EXPECT_EQ(hours[0].occupied, 3600);
    EXPECT_DOUBLE_EQ(hours[0].person_seconds, 4.0 * 3600);
    EXPECT_EQ(hours[0].people_peak, 4);
    EXPECT_EQ(hours[1].observed, 3600);
    EXPECT_EQ(hours[1].occupied, 15 * 60);
    EXPECT_DOUBLE_EQ(hours[1].person_seconds, 4.0 * 15 * 60);
    EXPECT_EQ(hours[1].people_peak, 4);  // 4 people until 10:15
}

TEST(InsightsRollUp, NothingIsKnownBeforeTheFirstEvent) {
    RoomHistory history;
    history.occupancy = {{At("2026-11-20T09:40:00Z"), 0}};
    std::vector<Bucket> hours =
        RollUp(history, HourBoundaries(At("2026-11-20T08:00:00Z"), At("2026-11-20T10:00:00Z")),
               At("2026-11-20T12:00:00Z"));
    ASSERT_EQ(hours.size(), 2u);
    EXPECT_TRUE(hours[0].empty());
    EXPECT_EQ(hours[1].observed, 20 * 60);
    EXPECT_EQ(hours[1].occupied, 0);
    EXPECT_FALSE(hours[1].empty());  // observed: a room known to be empty is data
    EXPECT_DOUBLE_EQ(PointOf(hours[0], 8).occupancy, 0.0);
}

TEST(InsightsRollUp, NowCutsTheRunningBucket) {
    RoomHistory history;
    history.occupancy = {{At("2026-11-20T09:00:00Z"), 2}, {At("2026-11-20T10:40:00Z"), 5}};
    history.meetings = {{At("2026-11-20T10:00:00Z"), At("2026-11-20T11:00:00Z")}};
    history.devices = {{"RB-1", At("2026-11-20T08:00:00Z"), true}};
    Seconds now = At("2026-11-20T10:20:00Z");
    std::vector<Bucket> hours = RollUp(
        history, HourBoundaries(At("2026-11-20T09:00:00Z"), At("2026-11-20T12:00:00Z")), now);
    ASSERT_EQ(hours.size(), 3u);
    EXPECT_EQ(hours[0].observed, 3600);
    // 10:00-10:20 only; the 5 people announced for 10:40 lie after now.
    EXPECT_EQ(hours[1].observed, 20 * 60);
    EXPECT_DOUBLE_EQ(hours[1].person_seconds, 2.0 * 20 * 60);
    EXPECT_EQ(hours[1].people_peak, 2);
    EXPECT_EQ(hours[1].meeting, 20 * 60);
    EXPECT_EQ(hours[1].device_in_use, 20 * 60);
    EXPECT_TRUE(hours[2].empty());
}

TEST(InsightsRollUp, OccupancyAcrossMidnightSplitsIntoBothDays) {
    RoomHistory history;
    history.occupancy = {{At("2026-11-20T23:30:00Z"), 1}, {At("2026-11-21T00:30:00Z"), 0}};
    Seconds from = At("2026-11-20T22:00:00Z");
    Seconds now = At("2026-11-21T02:00:00Z");
    std::vector<Bucket> hours = RollUp(history, HourBoundaries(from, now), now);
    ASSERT_EQ(hours.size(), 4u);  // 22h, 23h, 00h, 01h
    EXPECT_EQ(hours[1].occupied, 1800);
    EXPECT_EQ(hours[2].occupied, 1800);

    std::vector<Bucket> days = MergeBuckets(hours, LocalDayBoundaries(Utc(), from, now));
    ASSERT_EQ(days.size(), 2u);
    EXPECT_EQ(days[0].start, At("2026-11-20T00:00:00Z"));
    EXPECT_EQ(days[0].observed, 1800);  // from the first event at 23:30
    EXPECT_EQ(days[0].occupied, 1800);
    EXPECT_EQ(days[1].start, At("2026-11-21T00:00:00Z"));
    EXPECT_EQ(days[1].observed, 2 * 3600);  // up to now, 02:00
    EXPECT_EQ(days[1].occupied, 1800);
    EXPECT_DOUBLE_EQ(PointOf(days[1], 8).occupancy, 0.25);

    // In Paris (UTC+1 in November) the same hour is 00:30-01:30 local, all on the 21st; an
    // hour earlier (22:30-23:30 UTC) it is 23:30-00:30 local and splits across the local days.
    RoomHistory paris_history;
    paris_history.occupancy = {{At("2026-11-20T22:30:00Z"), 1}, {At("2026-11-20T23:30:00Z"), 0}};
    hours = RollUp(paris_history, HourBoundaries(from, now), now);
    std::vector<Bucket> paris_days = MergeBuckets(hours, LocalDayBoundaries(Paris(), from, now));
    ASSERT_EQ(paris_days.size(), 2u);
    EXPECT_EQ(paris_days[0].start, At("2026-11-19T23:00:00Z"));  // 20 Nov, 00:00 local
    EXPECT_EQ(paris_days[0].occupied, 1800);
    EXPECT_EQ(paris_days[1].start, At("2026-11-20T23:00:00Z"));  // 21 Nov, 00:00 local
    EXPECT_EQ(paris_days[1].occupied, 1800);
}

TEST(InsightsRollUp, OverlappingMeetingsCountOnce) {
    RoomHistory history;
    // Unsorted and overlapping: the union is 09:10-10:10, 10:30-10:45 and 11:00-11:30 (two
    // meetings that touch).
    history.meetings = {{At("2026-11-20T09:30:00Z"), At("2026-11-20T10:10:00Z")},
                        {At("2026-11-20T10:30:00Z"), At("2026-11-20T10:45:00Z")},
                        {At("2026-11-20T09:10:00Z"), At("2026-11-20T09:40:00Z")},
                        {At("2026-11-20T09:50:00Z"), At("2026-11-20T09:55:00Z")},
                        {At("2026-11-20T11:15:00Z"), At("2026-11-20T11:30:00Z")},
                        {At("2026-11-20T11:00:00Z"), At("2026-11-20T11:15:00Z")}};
    std::vector<Bucket> hours =
        RollUp(history, HourBoundaries(At("2026-11-20T09:00:00Z"), At("2026-11-20T12:00:00Z")),
               At("2026-11-20T13:00:00Z"));
    ASSERT_EQ(hours.size(), 3u);
    EXPECT_EQ(hours[0].meeting, 50 * 60);
    EXPECT_EQ(hours[1].meeting, (10 + 15) * 60);
    EXPECT_EQ(hours[2].meeting, 30 * 60);
    EXPECT_EQ(hours[0].observed, 0);  // no occupancy known: meetings alone are data
    EXPECT_FALSE(hours[0].empty());
    EXPECT_DOUBLE_EQ(PointOf(hours[1], 8).meeting_minutes, 25.0);
}

TEST(InsightsRollUp, DeviceInUseIsOnlineTimeDuringMeetingsSummedOverDevices) {
    RoomHistory history;
    history.meetings = {{At("2026-11-20T09:00:00Z"), At("2026-11-20T09:30:00Z")},
                        {At("2026-11-20T09:20:00Z"), At("2026-11-20T10:00:00Z")}};
    history.devices = {
        {"RB-1", At("2026-11-20T08:00:00Z"), true},   // online 08:00-09:30: 30 min in meetings
        {"TAP-2", At("2026-11-20T09:15:00Z"), true},  // online 09:15-09:45 ...
        {"TAP-2", At("2026-11-20T09:20:00Z"), true},  // (a repeat changes nothing)
        {"RB-1", At("2026-11-20T09:30:00Z"), false},  {"TAP-2", At("2026-11-20T09:45:00Z"), false},
        {"TAP-2", At("2026-11-20T09:50:00Z"), true},  // ... and 09:50 on: 10 min in meetings
        {"CAM-3", At("2026-11-20T07:00:00Z"), false},
    };
    std::vector<Bucket> hours =
        RollUp(history, HourBoundaries(At("2026-11-20T09:00:00Z"), At("2026-11-20T11:00:00Z")),
               At("2026-11-20T12:00:00Z"));
    ASSERT_EQ(hours.size(), 2u);
    EXPECT_EQ(hours[0].meeting, 3600);
    EXPECT_EQ(hours[0].device_in_use, (30 + 30 + 10) * 60);
    EXPECT_DOUBLE_EQ(PointOf(hours[0], 8).device_in_use_minutes, 70.0);
    EXPECT_EQ(hours[1].device_in_use, 0);  // TAP-2 still online, but no meeting
}

// A year of hours with dense events: the hour buckets add up to what one bucket over the whole
// year says, which the sweeps compute independently of the hour marks.
TEST(InsightsRollUp, AYearOfHoursAddsUpToTheWholeYear) {
    Seconds from = At("2026-01-01T00:00:00Z");
    Seconds to = At("2027-01-01T00:00:00Z");
    RoomHistory history;
    std::uint32_t random = 12345;
    auto next = [&random](std::uint32_t range) {
        random = random * 1103515245u + 12345u;
        return (random >> 8) % range;
    };
    for (Seconds at = from - 1234; at < to; at += 60 + next(1800)) {
        history.occupancy.push_back({at, static_cast<int>(next(4) == 0 ? 0 : next(9))});
    }
    for (Seconds at = from; at < to; at += 1800 + next(6 * 3600)) {
        history.meetings.push_back({at, at + 60 + next(7200)});
    }
    for (const char* serial : {"RB-1", "TAP-2"}) {
        for (Seconds at = from; at < to; at += 600 + next(3 * 86400)) {
            history.devices.push_back({serial, at, next(3) != 0});
        }
    }
    std::sort(history.devices.begin(), history.devices.end(),
              [](const DeviceStatusEvent& a, const DeviceStatusEvent& b) { return a.at < b.at; });
    Seconds now = to - 5000;  // the last hours are cut or after now

    std::vector<Bucket> hours = RollUp(history, HourBoundaries(from, to), now);
    ASSERT_EQ(hours.size(), 365u * 24);
    std::vector<Bucket> whole = RollUp(history, {from, to}, now);
    ASSERT_EQ(whole.size(), 1u);
    Bucket sum;
    for (const Bucket& hour : hours) {
        sum.observed += hour.observed;
        sum.occupied += hour.occupied;
        sum.person_seconds += hour.person_seconds;
        sum.people_peak = std::max(sum.people_peak, hour.people_peak);
        sum.meeting += hour.meeting;
        sum.device_in_use += hour.device_in_use;
        ASSERT_LE(hour.observed, 3600);
        ASSERT_LE(hour.occupied, hour.observed);
        ASSERT_LE(hour.meeting, 3600);
        ASSERT_LE(hour.device_in_use, 2 * hour.meeting);  // two devices at most
    }
    EXPECT_EQ(sum.observed, now - from);
    EXPECT_EQ(sum.observed, whole[0].observed);
    EXPECT_EQ(sum.occupied, whole[0].occupied);
    EXPECT_DOUBLE_EQ(sum.person_seconds, whole[0].person_seconds);
    EXPECT_EQ(sum.people_peak, whole[0].people_peak);
    EXPECT_EQ(sum.meeting, whole[0].meeting);
    EXPECT_EQ(sum.device_in_use, whole[0].device_in_use);
    EXPECT_GT(sum.device_in_use, 0);
    EXPECT_TRUE(hours.back().empty());  // after now

    // Days of the year merged from the hours add up the same way.
    std::vector<Bucket> days = MergeBuckets(hours, LocalDayBoundaries(Paris(), from, to));
    Seconds merged = 0;
    for (const Bucket& day : days) merged += day.observed;
    // Paris days start at 23:00 UTC: the hour 2026-01-01T00:00Z belongs to 1 January and the
    // merge keeps every hour whose start lies in a local day touched by [from, to).
    EXPECT_EQ(merged, sum.observed);
}

TEST(InsightsRollUp, MergeBucketsAddsSumsAndTakesPeaks) {
    std::vector<Bucket> hours(3);
    for (int i = 0; i < 3; ++i) {
        hours[i].start = i * kHour;
        hours[i].end = (i + 1) * kHour;
        hours[i].observed = 100 * (i + 1);
        hours[i].occupied = 10 * (i + 1);
        hours[i].person_seconds = 1.5 * (i + 1);
        hours[i].people_peak = 3 - i;
        hours[i].meeting = i;
        hours[i].device_in_use = 2 * i;
    }
    std::vector<Bucket> merged = MergeBuckets(hours, {0, 2 * kHour, 4 * kHour});
    ASSERT_EQ(merged.size(), 2u);
    EXPECT_EQ(merged[0].start, 0);
    EXPECT_EQ(merged[0].end, 2 * kHour);
    EXPECT_EQ(merged[0].observed, 300);
    EXPECT_EQ(merged[0].occupied, 30);
    EXPECT_DOUBLE_EQ(merged[0].person_seconds, 4.5);
    EXPECT_EQ(merged[0].people_peak, 3);
    EXPECT_EQ(merged[0].meeting, 1);
    EXPECT_EQ(merged[0].device_in_use, 2);
    EXPECT_EQ(merged[1].observed, 300);
    EXPECT_EQ(merged[1].people_peak, 1);
    EXPECT_TRUE(MergeBuckets(hours, {}).empty());
}

// The merger remembers where the last bucket went: buckets out of order, before, between and
// after the boundaries must still land where MergeBuckets' rule puts them.
TEST(InsightsRollUp, BucketMergerInAnyOrderEqualsTheRule) {
    std::vector<Seconds> days = {0, kDay, 2 * kDay, 3 * kDay};
    std::vector<Seconds> starts = {2 * kDay + kHour, 5,     -kHour,       kDay - 1, kDay,
                                   3 * kDay,         kHour, 2 * kDay - 1, 0,        3 * kDay - 1};
    BucketMerger merger(days);
    std::vector<Seconds> expected(3, 0);
    for (size_t i = 0; i < starts.size(); ++i) {
        Bucket bucket;
        bucket.start = starts[i];
        bucket.observed = static_cast<Seconds>(1) << i;  // tells which buckets were added
        merger.Add(bucket);
        if (starts[i] >= 0 && starts[i] < 3 * kDay) expected[starts[i] / kDay] += bucket.observed;
    }
    std::vector<Bucket> merged = merger.Take();
    ASSERT_EQ(merged.size(), 3u);
    for (size_t d = 0; d < 3; ++d) {
        EXPECT_EQ(merged[d].start, days[d]);
        EXPECT_EQ(merged[d].observed, expected[d]) << "day " << d;
    }
    std::vector<Seconds> one_mark = {0};
    BucketMerger none(one_mark);
    none.Add(Bucket{});
    EXPECT_TRUE(none.Take().empty());
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Time zones

TEST(InsightsTimeZone, ParsesTheMachinesParisAndNewYork) {
    TimeZone paris = Paris();
    EXPECT_EQ(paris.name, "Europe/Paris");
    EXPECT_EQ(paris.rule, "CET-1CEST,M3.5.0,M10.5.0/3");
    EXPECT_EQ(paris.transitions.size(), paris.offsets.size());
    // Spring 2026: 02:00 CET (01:00 UTC) on 29 March becomes 03:00 CEST.
    EXPECT_EQ(OffsetAt(paris, At("2026-03-29T00:59:59Z")), 3600);
    EXPECT_EQ(OffsetAt(paris, At("2026-03-29T01:00:00Z")), 7200);
    // Autumn 2026: 03:00 CEST (01:00 UTC) on 25 October becomes 02:00 CET.
    EXPECT_EQ(OffsetAt(paris, At("2026-10-25T00:59:59Z")), 7200);
    EXPECT_EQ(OffsetAt(paris, At("2026-10-25T01:00:00Z")), 3600);
    // Before the first transition (1891): local mean time, +0:09:21; -3e9 s is in 1874.
    EXPECT_LT(-3000000000LL, paris.transitions.front());
    EXPECT_EQ(OffsetAt(paris, -3000000000LL), 561);
    // Past the file's table the footer rule decides: 25 March and 29 October 2045.
    EXPECT_EQ(OffsetAt(paris, At("2045-03-26T00:59:59Z")), 3600);
    EXPECT_EQ(OffsetAt(paris, At("2045-03-26T01:00:00Z")), 7200);
    EXPECT_EQ(OffsetAt(paris, At("2045-10-29T00:59:59Z")), 7200);
    EXPECT_EQ(OffsetAt(paris, At("2045-10-29T01:00:00Z")), 3600);

    TimeZone new_york = NewYork();
    EXPECT_EQ(new_york.rule, "EST5EDT,M3.2.0,M11.1.0");
    // 8 March 2026, 02:00 EST (07:00 UTC); 1 November 2026, 02:00 EDT (06:00 UTC).
    EXPECT_EQ(OffsetAt(new_york, At("2026-03-08T06:59:59Z")), -5 * 3600);
    EXPECT_EQ(OffsetAt(new_york, At("2026-03-08T07:00:00Z")), -4 * 3600);
    EXPECT_EQ(OffsetAt(new_york, At("2026-11-01T05:59:59Z")), -4 * 3600);
    EXPECT_EQ(OffsetAt(new_york, At("2026-11-01T06:00:00Z")), -5 * 3600);

    EXPECT_EQ(LocalDate(paris, At("2026-11-20T23:30:00Z")), D("2026-11-21"));
    EXPECT_EQ(LocalDate(new_york, At("2026-11-21T04:59:59Z")), D("2026-11-20"));
    EXPECT_EQ(LocalDate(Utc(), At("2026-11-20T23:30:00Z")), D("2026-11-20"));
    EXPECT_EQ(OffsetAt(Utc(), At("2026-07-01T12:00:00Z")), 0);
}

// A constant crowd of one across the clock changes: each local day counts exactly its hours.
std::vector<Seconds> DayLengths(const TimeZone& zone, Seconds from, Seconds to) {
    RoomHistory history;
    history.occupancy = {{from - 3 * kDay, 1}};
    std::vector<Seconds> days = LocalDayBoundaries(zone, from, to);
    std::vector<Bucket> hours =
        RollUp(history, HourBoundaries(days.front(), days.back()), days.back());
    std::vector<Seconds> lengths;
    for (const Bucket& day : MergeBuckets(hours, days)) {
        EXPECT_EQ(day.observed, day.end - day.start);
        EXPECT_EQ(day.occupied, day.observed);
        lengths.push_back(day.observed / kHour);
    }
    return lengths;
}

TEST(InsightsTimeZone, ParisHasDaysOf23And25Hours) {
    TimeZone paris = Paris();
    EXPECT_EQ(LocalDayBoundaries(paris, At("2026-03-28T12:00:00Z"), At("2026-03-30T12:00:00Z")),
              (std::vector<Seconds>{At("2026-03-27T23:00:00Z"),     // 28 March, CET
                                    At("2026-03-28T23:00:00Z"),     // 29 March, CET
                                    At("2026-03-29T22:00:00Z"),     // 30 March, CEST
                                    At("2026-03-30T22:00:00Z")}));  // 31 March
    EXPECT_EQ(DayLengths(paris, At("2026-03-28T12:00:00Z"), At("2026-03-30T12:00:00Z")),
              (std::vector<Seconds>{24, 23, 24}));
    EXPECT_EQ(LocalDayBoundaries(paris, At("2026-10-25T12:00:00Z"), At("2026-10-25T13:00:00Z")),
              (std::vector<Seconds>{At("2026-10-24T22:00:00Z"), At("2026-10-25T23:00:00Z")}));
    EXPECT_EQ(DayLengths(paris, At("2026-10-24T12:00:00Z"), At("2026-10-26T12:00:00Z")),
              (std::vector<Seconds>{24, 25, 24}));
    // [from, to) touches the local days of from and of the last second before to.
    EXPECT_EQ(
        LocalDayBoundaries(paris, At("2026-10-24T22:00:00Z"), At("2026-10-25T23:00:00Z")).size(),
        2u);
    EXPECT_TRUE(LocalDayBoundaries(paris, 5, 5).empty());
}

TEST(InsightsTimeZone, NewYorkHasDaysOf23And25Hours) {
    TimeZone new_york = NewYork();
    EXPECT_EQ(LocalDayBoundaries(new_york, At("2026-03-08T12:00:00Z"), At("2026-03-08T13:00:00Z")),
              (std::vector<Seconds>{At("2026-03-08T05:00:00Z"), At("2026-03-09T04:00:00Z")}));
    EXPECT_EQ(DayLengths(new_york, At("2026-03-07T12:00:00Z"), At("2026-03-09T12:00:00Z")),
              (std::vector<Seconds>{24, 23, 24}));
    EXPECT_EQ(LocalDayBoundaries(new_york, At("2026-11-01T12:00:00Z"), At("2026-11-01T13:00:00Z")),
              (std::vector<Seconds>{At("2026-11-01T04:00:00Z"), At("2026-11-02T05:00:00Z")}));
    EXPECT_EQ(DayLengths(new_york, At("2026-10-31T12:00:00Z"), At("2026-11-02T12:00:00Z")),
              (std::vector<Seconds>{24, 25, 24}));
}

// Debian may ship "slim" files: few transitions, the footer rule does the rest. Cutting the
// table at 2008 (New York's rule dates from 2007) must change nothing the full table says.
TEST(InsightsTimeZone, ASlimFileFollowsItsFooterRule) {
    for (TimeZone fat : {Paris(), NewYork()}) {
        TimeZone slim = fat;
        Seconds cut = At("2008-01-01T00:00:00Z");
        size_t kept = static_cast<size_t>(
            std::lower_bound(slim.transitions.begin(), slim.transitions.end(), cut) -
            slim.transitions.begin());
        ASSERT_LT(kept, slim.transitions.size());
        slim.transitions.resize(kept);
        slim.offsets.resize(kept);
        int checked = 0;
        for (Seconds transition : fat.transitions) {
            if (transition < cut) continue;
            ASSERT_EQ(OffsetAt(slim, transition - 1), OffsetAt(fat, transition - 1)) << transition;
            ASSERT_EQ(OffsetAt(slim, transition), OffsetAt(fat, transition)) << transition;
            ++checked;
        }
        EXPECT_GE(checked, 60) << fat.name;  // two a year until 2037
        Seconds from = At("2030-01-01T00:00:00Z");
        Seconds to = At("2031-01-01T00:00:00Z");
        EXPECT_EQ(LocalDayBoundaries(slim, from, to), LocalDayBoundaries(fat, from, to));
    }
}

TEST(InsightsTimeZone, RuleTimesMayBeNegativeOrBeyond24Hours) {
    // Nuuk: DST from the last Sunday of March at -1:00 (Saturday 23:00 local, 01:00 UTC) to
    // the last Sunday of October at 0:00 DST (01:00 UTC).
    TimeZone nuuk = RuleOnly("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
    EXPECT_EQ(OffsetAt(nuuk, At("2030-03-31T00:59:59Z")), -2 * 3600);
    EXPECT_EQ(OffsetAt(nuuk, At("2030-03-31T01:00:00Z")), -1 * 3600);
    EXPECT_EQ(OffsetAt(nuuk, At("2030-10-27T00:59:59Z")), -1 * 3600);
    EXPECT_EQ(OffsetAt(nuuk, At("2030-10-27T01:00:00Z")), -2 * 3600);
    // Jerusalem: DST from the 4th Thursday of March at 26:00 (Friday 29 March 2030, 02:00 IST,
    // 00:00 UTC) to the last Sunday of October at 02:00 IDT.
    TimeZone jerusalem = RuleOnly("IST-2IDT,M3.4.4/26,M10.5.0");
    EXPECT_EQ(OffsetAt(jerusalem, At("2030-03-28T23:59:59Z")), 2 * 3600);
    EXPECT_EQ(OffsetAt(jerusalem, At("2030-03-29T00:00:00Z")), 3 * 3600);
    EXPECT_EQ(OffsetAt(jerusalem, At("2030-10-26T22:59:59Z")), 3 * 3600);
    EXPECT_EQ(OffsetAt(jerusalem, At("2030-10-26T23:00:00Z")), 2 * 3600);
    // Sydney, southern hemisphere: DST across the new year, ends 7 April 2030 at 03:00 AEDT
    // (16:00 UTC the day before), starts 6 October at 02:00 AEST (16:00 UTC the day before).
    TimeZone sydney = RuleOnly("AEST-10AEDT,M10.1.0,M4.1.0/3");
    EXPECT_EQ(OffsetAt(sydney, At("2030-01-15T00:00:00Z")), 11 * 3600);
    EXPECT_EQ(OffsetAt(sydney, At("2030-04-06T15:59:59Z")), 11 * 3600);
    EXPECT_EQ(OffsetAt(sydney, At("2030-04-06T16:00:00Z")), 10 * 3600);
    EXPECT_EQ(OffsetAt(sydney, At("2030-10-05T15:59:59Z")), 10 * 3600);
    EXPECT_EQ(OffsetAt(sydney, At("2030-10-05T16:00:00Z")), 11 * 3600);
    EXPECT_EQ(OffsetAt(sydney, At("2030-12-31T23:00:00Z")), 11 * 3600);
    // Fixed offsets, quoted names, minutes; Jn never counts 29 February, n does.
    EXPECT_EQ(OffsetAt(RuleOnly("<+0530>-5:30"), 0), 5 * 3600 + 1800);
    EXPECT_EQ(OffsetAt(RuleOnly("IST-5:30"), 0), 5 * 3600 + 1800);
    TimeZone julian = RuleOnly("AAA0BBB,J60/0,J61/0");  // DST on 1 March only
    EXPECT_EQ(OffsetAt(julian, At("2028-02-29T12:00:00Z")), 0);
    EXPECT_EQ(OffsetAt(julian, At("2028-03-01T12:00:00Z")), 3600);
    TimeZone zero_based = RuleOnly("AAA0BBB,59/0,60/0");  // DST on the 60th day of the year
    EXPECT_EQ(OffsetAt(zero_based, At("2028-02-29T12:00:00Z")), 3600);
    EXPECT_EQ(OffsetAt(zero_based, At("2027-03-01T12:00:00Z")), 3600);
    // DST all year (a start and an end on the same moment).
    TimeZone always = RuleOnly("EST5EDT,0/0,J365/25");
    EXPECT_EQ(OffsetAt(always, At("2030-01-01T04:59:59Z")), -4 * 3600);
    EXPECT_EQ(OffsetAt(always, At("2030-07-01T00:00:00Z")), -4 * 3600);
    EXPECT_EQ(OffsetAt(always, At("2030-12-31T23:59:59Z")), -4 * 3600);
}

TEST(InsightsTimeZone, ADayWithoutMidnightStartsAtItsFirstInstant) {
    // The clocks go from 23:30 on 9 May (UTC-1) straight to 00:30 on 10 May (UTC): local
    // midnight never happens, so 10 May starts at the jump, 00:30 UTC.
    TimeZone zone;
    zone.initial_offset = -3600;
    zone.transitions = {At("2026-05-10T00:30:00Z")};
    zone.offsets = {0};
    EXPECT_EQ(LocalDayBoundaries(zone, At("2026-05-09T12:00:00Z"), At("2026-05-10T12:00:00Z")),
              (std::vector<Seconds>{At("2026-05-09T01:00:00Z"), At("2026-05-10T00:30:00Z"),
                                    At("2026-05-11T00:00:00Z")}));
}

// TZif bytes written by hand (RFC 8536): a 32-bit part and, from version 2, a 64-bit part and a
// footer. `v1_times` lets the 32-bit part differ from the 64-bit one.
void Put(std::string& out, std::int64_t value, int width) {
    for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
        out.push_back(static_cast<char>((static_cast<std::uint64_t>(value) >> shift) & 0xff));
    }
}
void PutBlock(std::string& out, char version, const std::vector<std::int64_t>& times,
              const std::vector<int>& offsets, int width) {
    out += "TZif";
    out.push_back(version);
    out.append(15, '\0');
    for (std::int64_t count :
         {0, 0, 0, static_cast<int>(times.size()), static_cast<int>(offsets.size()), 4}) {
        Put(out, count, 4);
    }
    for (std::int64_t time : times) Put(out, time, width);
    for (size_t i = 0; i < times.size(); ++i) out.push_back(static_cast<char>(i % offsets.size()));
    for (int offset : offsets) {
        Put(out, offset, 4);
        out.push_back('\0');
        out.push_back('\0');
    }
    out.append("ABC", 4);
}

TEST(InsightsTimeZone, ReadsVersionOneAndPrefersThe64BitPart) {
    std::string v1;
    PutBlock(v1, '\0', {1000, 2000}, {3600, 7200}, 4);
    TimeZone zone;
    std::string error;
    ASSERT_TRUE(ParseTzif(v1, zone, error)) << error;
    EXPECT_EQ(zone.transitions, (std::vector<Seconds>{1000, 2000}));
    EXPECT_EQ(zone.offsets, (std::vector<int>{3600, 7200}));
    EXPECT_EQ(zone.initial_offset, 3600);
    EXPECT_TRUE(zone.rule.empty());
    EXPECT_EQ(OffsetAt(zone, 999), 3600);
    EXPECT_EQ(OffsetAt(zone, 2000), 7200);
    EXPECT_EQ(OffsetAt(zone, 1LL << 40), 7200);  // no rule: the last offset holds

    // Version 2: a transition beyond 32 bits, present only in the 64-bit part.
    std::string v2;
    PutBlock(v2, '2', {}, {0}, 4);
    PutBlock(v2, '2', {-(1LL << 33), 1LL << 33}, {-18000, -14400}, 8);
    v2 += "\n<-05>5\n";
    ASSERT_TRUE(ParseTzif(v2, zone, error)) << error;
    EXPECT_EQ(zone.transitions, (std::vector<Seconds>{-(1LL << 33), 1LL << 33}));
    EXPECT_EQ(zone.rule, "<-05>5");
    EXPECT_EQ(OffsetAt(zone, 0), -18000);
    EXPECT_EQ(OffsetAt(zone, (1LL << 33) - 1), -18000);
    EXPECT_EQ(OffsetAt(zone, (1LL << 33) + 1), -18000);  // the footer rule, after the table

    // A version 4 file with no transitions at all: the rule is everything.
    std::string v4;
    PutBlock(v4, '4', {}, {19800}, 4);
    PutBlock(v4, '4', {}, {19800}, 8);
    v4 += "\nIST-5:30\n";
    ASSERT_TRUE(ParseTzif(v4, zone, error)) << error;
    EXPECT_EQ(OffsetAt(zone, At("2026-11-20T00:00:00Z")), 19800);
}

// A transition near the end of int64's range overflowed the search for a day's start before it
// (reproduced with fuzz_time_zones: tests/fuzz/regressions/time_zones/). Days before it are those
// of the offset in force.
TEST(InsightsTimeZone, ATransitionAtTheEndOfTimeOverflowsNothing) {
    TimeZone far;
    far.transitions = {0, std::numeric_limits<Seconds>::max() - 255};
    far.offsets = {3600, 0};
    TimeZone plain;
    plain.transitions = {0};
    plain.offsets = {3600};
    Seconds from = At("2026-11-20T00:00:00Z");
    Seconds to = At("2026-11-23T00:00:00Z");
    EXPECT_EQ(LocalDayBoundaries(far, from, to), LocalDayBoundaries(plain, from, to));
    EXPECT_EQ(LocalDayBoundaries(far, from, to).front(), from - 3600);
}

TEST(InsightsTimeZone, RejectsWhatIsNotTzif) {
    TimeZone zone = Paris();
    std::string error;
    EXPECT_FALSE(ParseTzif("", zone, error));
    EXPECT_FALSE(error.empty());
    EXPECT_FALSE(ParseTzif("TZif2 not really a zone file at all, just text", zone, error));
    std::string_view paris = tzif::Europe_Paris();
    for (size_t size : {size_t{44}, size_t{200}, paris.size() - 40, paris.size() - 1}) {
        error.clear();
        EXPECT_FALSE(ParseTzif(paris.substr(0, size), zone, error)) << size;
        EXPECT_FALSE(error.empty()) << size;
    }
    std::string bad_rule;
    PutBlock(bad_rule, '2', {}, {0}, 4);
    PutBlock(bad_rule, '2', {}, {0}, 8);
    bad_rule += "\nCET-1CEST,M13.5.0,M10.5.0/3\n";
    EXPECT_FALSE(ParseTzif(bad_rule, zone, error));
    EXPECT_EQ(zone.name, "Europe/Paris");  // untouched on failure
    EXPECT_FALSE(zone.transitions.empty());
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Licensed spans (R-GATE-1, R-GATE-3)

struct InsightsGating : ::testing::Test {
    World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id paris = world.Room(account, "Salle Étoile");
    Id lyon = world.Room(account, "Confluence");

    std::vector<DateSpan> Spans(Id room, const char* today) {
        return LicensedSpans(world.state, world.catalogue, room, D(today));
    }
};

void ExpectSpans(const std::vector<DateSpan>& spans,
                 const std::vector<std::pair<const char*, const char*>>& expected) {
    ASSERT_EQ(spans.size(), expected.size());
    for (size_t i = 0; i < spans.size(); ++i) {
        EXPECT_EQ(FormatDate(spans[i].from), expected[i].first) << i;
        EXPECT_EQ(FormatDate(spans[i].until), expected[i].second) << i;
    }
}

TEST_F(InsightsGating, NoInsightsWithoutALicense_R_GATE_1) {
    EXPECT_TRUE(Spans(paris, "2026-03-10").empty());
    EXPECT_FALSE(Covers({}, At("2026-03-10T12:00:00Z")));
}

TEST_F(InsightsGating, AnAssignmentOpensASpanUpToToday_R_GATE_1) {
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 1, D("2026-01-01"));
    ASSERT_TRUE(world.Do(Action::Assign(paris, sync), D("2026-02-01")).ok());
    std::vector<DateSpan> spans = Spans(paris, "2026-03-10");
    ExpectSpans(spans, {{"2026-02-01", "2026-03-11"}});
    EXPECT_FALSE(Covers(spans, At("2026-01-31T23:59:59Z")));
    EXPECT_TRUE(Covers(spans, At("2026-02-01T00:00:00Z")));
    EXPECT_TRUE(Covers(spans, At("2026-03-10T23:00:00Z")));
    EXPECT_FALSE(Covers(spans, At("2026-03-11T00:00:00Z")));  // tomorrow is not licensed yet
    // Select grants Insights as well (R-SKU-1).
    Id select = world.Contract(account, "SELECT-1Y", 1, D("2026-01-01"));
    ASSERT_TRUE(world.Do(Action::Assign(lyon, select), D("2026-02-15")).ok());
    ExpectSpans(Spans(lyon, "2026-03-10"), {{"2026-02-15", "2026-03-11"}});
}

TEST_F(InsightsGating, ATransferEndsTheSpanOfTheOldRoom_R_GATE_3) {
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 1, D("2026-01-01"));
    ASSERT_TRUE(world.Do(Action::Assign(paris, sync), D("2026-02-01")).ok());
    ASSERT_TRUE(world.Do(Action::MoveLicense(paris, "syncplus", lyon), D("2026-03-01")).ok());
    // The day of the move belongs to the new room, as EntitlementsOf says that day.
    ExpectSpans(Spans(paris, "2026-03-10"), {{"2026-02-01", "2026-03-01"}});
    ExpectSpans(Spans(lyon, "2026-03-10"), {{"2026-03-01", "2026-03-11"}});
    EXPECT_FALSE(EntitlementsOf(world.state, world.catalogue, paris, D("2026-03-01")).insights);
    EXPECT_TRUE(EntitlementsOf(world.state, world.catalogue, lyon, D("2026-03-01")).insights);
    // History gathered while licensed stays licensed (R-GATE-3: shown again with a license).
    EXPECT_TRUE(Covers(Spans(paris, "2026-03-10"), At("2026-02-20T09:00:00Z")));
}

TEST_F(InsightsGating, ExpiryEndsTheSpanAfterTheLastDayOfService_R_GATE_3) {
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 1, D("2026-01-01"));
    ASSERT_TRUE(world.Do(Action::Assign(paris, sync), D("2026-02-01")).ok());
    // The term starts on the first assignment; 2027-01-31 is its last day of service.
    ExpectSpans(Spans(paris, "2027-03-01"), {{"2026-02-01", "2027-02-01"}});
    EXPECT_TRUE(EntitlementsOf(world.state, world.catalogue, paris, D("2027-01-31")).insights);
    EXPECT_FALSE(EntitlementsOf(world.state, world.catalogue, paris, D("2027-02-01")).insights);
}

TEST_F(InsightsGating, AReassignmentLaterLeavesTheUnlicensedGapOut_R_GATE_3) {
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 1, D("2026-01-01"));
    ASSERT_TRUE(world.Do(Action::Assign(paris, sync), D("2026-02-01")).ok());
    Id renewal = world.Contract(account, "SYNCPLUS-1Y", 1, D("2027-02-01"));
    ASSERT_TRUE(world.Do(Action::Assign(paris, renewal), D("2027-03-01")).ok());
    std::vector<DateSpan> spans = Spans(paris, "2027-03-05");
    ExpectSpans(spans, {{"2026-02-01", "2027-02-01"}, {"2027-03-01", "2027-03-06"}});
    EXPECT_TRUE(Covers(spans, At("2027-01-31T23:00:00Z")));
    EXPECT_FALSE(Covers(spans, At("2027-02-15T12:00:00Z")));  // never paid for
    EXPECT_TRUE(Covers(spans, At("2027-03-01T00:00:00Z")));
    // Asked on a day inside the gap, the later assignment does not exist yet.
    ExpectSpans(Spans(paris, "2027-02-10"), {{"2026-02-01", "2027-02-01"}});
}

TEST_F(InsightsGating, UnassignAndReassignTheSameDayMakeOneSpan_R_GATE_3) {
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 1, D("2026-01-01"));
    ASSERT_TRUE(world.Do(Action::Assign(paris, sync), D("2026-02-01")).ok());
    ASSERT_TRUE(world.Do(Action::Unassign(paris, "syncplus"), D("2026-03-01")).ok());
    ExpectSpans(Spans(paris, "2026-03-01"), {{"2026-02-01", "2026-03-01"}});
    ASSERT_TRUE(world.Do(Action::Assign(paris, sync), D("2026-03-01")).ok());
    ExpectSpans(Spans(paris, "2026-03-10"), {{"2026-02-01", "2026-03-11"}});
}

TEST_F(InsightsGating, ACancelledContractNeverCounts_R_GATE_1) {
    Id sync = world.Contract(account, "SYNCPLUS-1Y", 1, D("2026-01-01"));
    ASSERT_TRUE(world.Do(Action::Assign(paris, sync), D("2026-01-05")).ok());
    Outcome<Change> cancel = PlanCancelOrder(world.state, world.catalogue,
                                             world.contract(sync).order_id, D("2026-01-20"));
    ASSERT_TRUE(cancel.ok());
    Apply(world.state, cancel.value);
    // Refunded: even the days it was held are not paid for.
    EXPECT_TRUE(Spans(paris, "2026-03-10").empty());
}

}  // namespace
}  // namespace portal::testing

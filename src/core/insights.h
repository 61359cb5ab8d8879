// Insights (R-GATE-1, R-GATE-3): what a room's telemetry says about its use, rolled up into
// buckets of time, and when a room may show it. Pure: events, time zones and the clock come in
// as values (times are Unix seconds, UTC).
//
//   occupancy events ──┐
//   meetings ──────────┼─ RollUp(history, HourBoundaries(from, to), now) ─> hour buckets (stored)
//   device statuses ───┘        MergeBuckets(hours, LocalDayBoundaries(zone, ...)) ─> days
//
// An occupancy event says "from `at` the room holds `people` until the next occupancy event";
// a device status event says the same of one device. Nothing is known of a room before its first
// occupancy event, so a bucket counts only its `observed` seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/model.h"

namespace portal {
struct Catalogue;
}

namespace portal::insights {

using Seconds = std::int64_t;  // Unix time, UTC

constexpr Seconds kHour = 3600;
constexpr Seconds kDay = 86400;

// ---------------------------------------------------------------------------------------------
// Events

struct OccupancyEvent {
    Seconds at = 0;
    int people = 0;
};

struct Meeting {
    Seconds start = 0;
    Seconds end = 0;  // > start
};

struct DeviceStatusEvent {
    std::string serial;
    Seconds at = 0;
    bool online = false;
};

// What RollUp needs of one room for a span of time. Each list is sorted by time; `occupancy` and
// `devices` start with the last event before the span (if any), which carries its state into it.
struct RoomHistory {
    std::vector<OccupancyEvent> occupancy;
    std::vector<Meeting> meetings;  // any order of overlap; overlapping meetings count once
    std::vector<DeviceStatusEvent> devices;
};

// ---------------------------------------------------------------------------------------------
// Buckets

// One bucket [start, end): sums, so that buckets add up (MergeBuckets) and points divide them.
struct Bucket {
    Seconds start = 0;
    Seconds end = 0;
    Seconds observed = 0;  // seconds with a known occupancy (after the first event, before now)
    Seconds occupied = 0;  // of those, seconds with at least one person
    double person_seconds = 0;  // integral of people over the observed seconds
    int people_peak = 0;        // most people at any moment of the bucket
    Seconds meeting = 0;        // seconds inside at least one meeting
    Seconds device_in_use = 0;  // per device, seconds online during a meeting, summed

    bool empty() const { return observed == 0 && meeting == 0 && device_in_use == 0; }
};

// The UTC hour marks covering [from, to): floor(from) .. ceil(to) to the hour; at least two
// marks when from < to, none otherwise.
std::vector<Seconds> HourBoundaries(Seconds from, Seconds to);

// Rolls a room's history up into the buckets between consecutive `boundaries` (sorted, so
// boundaries.size() - 1 buckets). Nothing at or after `now` is counted: a bucket that is still
// running counts up to now.
std::vector<Bucket> RollUp(const RoomHistory& history, const std::vector<Seconds>& boundaries,
                           Seconds now);

// Adds consecutive buckets (hours) into the larger ones between `boundaries` (days): a bucket
// belongs to the larger one its start falls in. Sums add, peaks take the maximum. Exact when
// every boundary is also a start of a bucket (local midnights of a zone with whole-hour offsets).
std::vector<Bucket> MergeBuckets(const std::vector<Bucket>& buckets,
                                 const std::vector<Seconds>& boundaries);

// MergeBuckets one bucket at a time, for callers that hold the smaller buckets in another form
// (the server's packed hours, 8.76 M for a year of 1,000 rooms): buckets added in time order
// find their larger one without a search. `boundaries` must outlive the merger.
class BucketMerger {
  public:
    explicit BucketMerger(const std::vector<Seconds>& boundaries);
    // Inline: called once per hour, it costs a few additions once the bucket is known.
    void Add(const Bucket& bucket) {
        bool same = !merged_.empty() && merged_[current_].start <= bucket.start &&
                    bucket.start < merged_[current_].end;
        if (!same && !Find(bucket.start)) return;
        Bucket& into = merged_[current_];
        into.observed += bucket.observed;
        into.occupied += bucket.occupied;
        into.person_seconds += bucket.person_seconds;
        into.people_peak =
            into.people_peak < bucket.people_peak ? bucket.people_peak : into.people_peak;
        into.meeting += bucket.meeting;
        into.device_in_use += bucket.device_in_use;
    }
    std::vector<Bucket> Take() { return std::move(merged_); }

  private:
    // Points current_ at the larger bucket `start` falls in; false when none.
    bool Find(Seconds start);

    const std::vector<Seconds>& boundaries_;
    std::vector<Bucket> merged_;
    size_t current_ = 0;  // where the last bucket went
};

// What the API shows of a bucket (see the insights route): shares of the observed time.
struct Point {
    Seconds t = 0;           // bucket start
    double occupancy = 0;    // share of the observed time with at least one person
    double people_mean = 0;  // time-weighted mean people
    int people_peak = 0;
    double meeting_minutes = 0;
    double utilisation = 0;  // people_mean / capacity; 0 when the capacity is unknown
    double device_in_use_minutes = 0;
};
Point PointOf(const Bucket& bucket, int capacity);

// ---------------------------------------------------------------------------------------------
// Time zones (IANA, from TZif files the caller reads)

struct TimeZone {
    std::string name;  // "Europe/Paris"
    // UTC offsets (seconds east of UTC) in force from each transition on; before the first
    // transition `initial_offset` holds.
    std::vector<Seconds> transitions;
    std::vector<int> offsets;
    int initial_offset = 0;
    // The POSIX TZ rule of the file's footer ("CET-1CEST,M3.5.0,M10.5.0/3") for the times after
    // the last transition; empty when there is none.
    std::string rule;
};

// The UTC zone, for rooms without a time zone.
TimeZone Utc();

// Parses the bytes of a TZif file (versions 1 to 4; the 64-bit part when there is one) into
// `zone` (name set by the caller); false with a reason otherwise.
bool ParseTzif(std::string_view bytes, TimeZone& zone, std::string& error);

// Seconds east of UTC in force at a moment.
int OffsetAt(const TimeZone& zone, Seconds utc);

// The local calendar date of a moment.
Date LocalDate(const TimeZone& zone, Seconds utc);

// The UTC moments at which each local day starts, for the days that [from, to) touches, and the
// end of the last one: days of 23 or 25 hours where the clocks change.
std::vector<Seconds> LocalDayBoundaries(const TimeZone& zone, Seconds from, Seconds to);

// ---------------------------------------------------------------------------------------------
// Gating (R-GATE-1, R-GATE-3)

// Half-open ranges of calendar dates (UTC) during which a room held an active license of a
// program with the "insights" feature, from its assignments (held and released) and the
// contracts' terms, up to and including `today`; merged and sorted.
struct DateSpan {
    Date from;
    Date until;  // exclusive
};
std::vector<DateSpan> LicensedSpans(const State& state, const Catalogue& catalogue, Id room_id,
                                    Date today);

// Whether a moment falls in one of the spans (its UTC date).
bool Covers(const std::vector<DateSpan>& spans, Seconds utc);

}  // namespace portal::insights

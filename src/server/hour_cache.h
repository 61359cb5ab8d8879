// The stored hourly roll-ups (room_hours) of the rooms read lately, packed in memory: SQLite
// steps a row in about 0.3 µs, so a year of 1,000 rooms (8.76 M rows) cannot be read from it in
// a query's budget (100 ms), but the same hours held here are sliced without a copy.
//
// Consistency comes from the database, not from callers remembering to invalidate: ingestion
// gives every room whose hours it rewrites a new room_hours_state.revision (from one counter
// that never goes back, migration 009), and a reader uses the cached hours only when their
// revision is the one its own snapshot reads.
//
//   std::shared_ptr<const RoomHours> hours = cache.Find(room_id, revision);
//   if (!hours) { ... read room_hours ...; cache.Put(room_id, hours); }
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "core/insights.h"
#include "core/model.h"

namespace portal::server {

// One row of room_hours in 24 bytes (insights::Bucket is 64): the ranges are those ingestion
// can produce (an hour has 3,600 seconds, a room at most 10,000 people).
struct PackedHour {
    int64_t start = 0;            // the UTC hour's start
    uint16_t observed = 0;        // seconds, <= 3,600
    uint16_t occupied = 0;        // seconds, <= observed
    uint16_t meeting = 0;         // seconds, <= 3,600
    uint16_t people_peak = 0;     // <= 10,000
    uint32_t person_seconds = 0;  // <= 10,000 x 3,600
    uint32_t device_in_use = 0;   // summed over the room's devices

    // Inline: a year of 1,000 rooms unpacks 8.76 M of them per query.
    insights::Bucket ToBucket() const {
        insights::Bucket bucket;
        bucket.start = start;
        bucket.end = start + insights::kHour;
        bucket.observed = observed;
        bucket.occupied = occupied;
        bucket.person_seconds = person_seconds;
        bucket.people_peak = people_peak;
        bucket.meeting = meeting;
        bucket.device_in_use = device_in_use;
        return bucket;
    }
    // False when the bucket does not fit (never for what RollUp makes of checked telemetry).
    static bool FromBucket(const insights::Bucket& bucket, PackedHour& out);
};

// A room's stored hours, in time order, as of one revision. Shared read-only once made.
struct RoomHours {
    int64_t revision = 0;
    std::vector<PackedHour> hours;

    size_t Bytes() const { return sizeof(RoomHours) + hours.capacity() * sizeof(PackedHour); }
};

// Thread-safe; least recently used rooms leave first when the budget is exceeded (a room in
// use by a query stays alive through its shared_ptr).
class HourCache {
  public:
    explicit HourCache(size_t budget_bytes) : budget_bytes_(budget_bytes) {}

    // The room's hours when they are cached at that revision; null otherwise.
    std::shared_ptr<const RoomHours> Find(Id room_id, int64_t revision);
    // Keeps the room's hours (replacing another revision), unless they exceed the budget alone.
    void Put(Id room_id, std::shared_ptr<const RoomHours> hours);

    size_t Bytes();
    size_t Rooms();

  private:
    struct Entry {
        std::shared_ptr<const RoomHours> hours;
        std::list<Id>::iterator recent;  // its place in recent_
    };
    void Evict(Id room_id);

    std::mutex mutex_;
    size_t budget_bytes_;
    size_t bytes_ = 0;
    std::map<Id, Entry> rooms_;
    std::list<Id> recent_;  // most recently used first
};

}  // namespace portal::server

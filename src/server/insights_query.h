// Reading rooms' Insights (R-GATE-1, R-GATE-3) from storage: the hourly roll-ups ingestion keeps
// (room_hours, held in memory by the HourCache), completed by the open tail computed live, merged
// into the room's local days when asked, and masked to the room's licensed spans. Storage layer:
// SQL lives here, HTTP does not (insights_api.cpp parses, gates and answers).
//
//   InsightsQuery query{rooms, from, to, InsightsResolution::Day, now};
//   std::vector<InsightsRoomSeries> series;
//   if (!QueryInsights(store, zones, cache, query, series, error)) ...
//   std::string body = InsightsJson(query, series);
//
// The open tail: ingestion keeps room_hours exact up to room_hours_state.computed_to (the room's
// latest observation when it was stored). The hours from that moment's hour to now are rolled up
// here, from the raw events with the state they carry (people, meetings under way, devices
// online), and replace whatever room_hours holds for them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/insights.h"
#include "core/model.h"
#include "server/database.h"
#include "server/hour_cache.h"
#include "server/store.h"
#include "server/time_zones.h"

namespace portal::server {

enum class InsightsResolution { Hour, Day };

struct InsightsRoomQuery {
    Id room_id = 0;
    // core LicensedSpans: a bucket is shown only when it starts inside one (R-GATE-3).
    std::vector<insights::DateSpan> licensed;
};

struct InsightsQuery {
    std::vector<InsightsRoomQuery> rooms;
    insights::Seconds from = 0;  // [from, to): hours that touch it, or whole local days
    insights::Seconds to = 0;
    InsightsResolution resolution = InsightsResolution::Hour;
    insights::Seconds now = 0;  // nothing at or after now is counted
};

// Stored hours [begin, end) of a room's cached RoomHours, shared rather than copied: a year of
// 1,000 rooms is 8.76 M hours, 560 MB as insights::Bucket.
struct StoredHours {
    std::shared_ptr<const RoomHours> room;
    size_t begin = 0;
    size_t end = 0;
};

// One room's answer: its buckets with data, licensed, in time order. Hour buckets are the UTC
// hours touching [from, to): the stored ones (`stored`, one slice per licensed span) and then
// the open tail (`buckets`). Day buckets are the room's local days touching it, all in
// `buckets` (a day counts only its licensed hours).
struct InsightsRoomSeries {
    Id room_id = 0;
    int capacity = 0;
    std::string time_zone;       // the room's IANA zone; "" for UTC
    int utc_offset_minutes = 0;  // the zone's offset at `to`
    std::vector<StoredHours> stored;
    std::vector<insights::Bucket> buckets;

    size_t BucketCount() const;
    // Calls visit(const insights::Bucket&) for every bucket, in time order.
    template <class Visit>
    void ForEachBucket(Visit&& visit) const {
        for (const StoredHours& slice : stored) {
            const PackedHour* hours = slice.room->hours.data();
            for (size_t i = slice.begin; i < slice.end; ++i) visit(hours[i].ToBucket());
        }
        for (const insights::Bucket& bucket : buckets) visit(bucket);
    }
};

// The series of every room of query.rooms, in that order (a room that does not exist has no
// buckets), read on one snapshot of the database; the stored hours come from `cache` when it
// holds the room at the snapshot's revision, and are put there otherwise.
bool QueryInsights(Store& store, TimeZones& zones, HourCache& cache, const InsightsQuery& query,
                   std::vector<InsightsRoomSeries>& out, std::string& error);

// One room's hour buckets with data in [from, to) (hour marks): the stored roll-ups, then the
// open tail rolled up live up to now. QueryInsights does this for many rooms on one snapshot.
bool ReadRoomHours(Database& db, Id room_id, insights::Seconds from, insights::Seconds to,
                   insights::Seconds now, std::vector<insights::Bucket>& hours, std::string& error);

// The answer of GET /accounts/{id}/insights:
//   {"from","to","resolution","rooms":[{"roomId","timeZone" (null:
//   UTC),"utcOffsetMinutes","capacity",
//    "points":[{"t","occupancy","peopleMean","peoplePeak","meetingMinutes","utilisation",
//    "deviceInUseMinutes"}]}]}
// Shares and means are rounded to 4 decimals.
std::string InsightsJson(const InsightsQuery& query, const std::vector<InsightsRoomSeries>& rooms);

}  // namespace portal::server

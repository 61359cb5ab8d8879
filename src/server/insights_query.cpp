// QueryInsights: room_hours (through the HourCache) plus the open tail, per room, on one read
// snapshot; and the answer's JSON, written straight as text (a year of hours for 50 rooms is
// 438,000 points).
#include "server/insights_query.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "api/json_writer.h"
#include "core/telemetry.h"
#include "server/database.h"
#include "server/sql_helpers.h"
#include "server/telemetry_store.h"

namespace portal::server {

namespace {

using insights::Bucket;
using insights::kDay;
using insights::kHour;
using insights::Seconds;

Seconds FloorHour(Seconds t) {
    Seconds r = t % kHour;
    return r < 0 ? t - r - kHour : t - r;
}

Seconds CeilHour(Seconds t) {
    Seconds floor = FloorHour(t);
    return floor == t ? t : floor + kHour;
}

// The statements of one query, prepared once and run for each room.
struct RoomReader {
    RoomReader(Database& db, HourCache* cache)
        : db(db),
          cache(cache),
          room(db.Prepare("SELECT capacity, coalesce(time_zone, '') FROM rooms WHERE id = ?1")),
          hours(db.Prepare("SELECT hour, observed, occupied, person_seconds, "
                           "people_peak, meeting, device_in_use FROM room_hours "
                           "WHERE room_id = ?1 ORDER BY hour")),
          // How far the stored hours are exact (ingestion's mark, migration 008), and which
          // version of them they are (migration 009).
          state(
              db.Prepare("SELECT computed_to, revision FROM room_hours_state WHERE room_id = ?1")) {
    }

    bool Valid() const { return room.Valid() && hours.Valid() && state.Valid(); }

    Database& db;
    HourCache* cache;  // null: read room_hours every time
    Statement room, hours, state;
};

// Runs a bound statement to its end, reading each row; false with error on a failure.
template <class ReadRow>
bool Rows(RoomReader& reader, Statement& statement, const char* what, std::string& error,
          ReadRow read) {
    while (true) {
        switch (statement.Step()) {
            case Statement::StepResult::Row:
                read(statement);
                break;
            case Statement::StepResult::Done:
                statement.Reset();
                return true;
            case Statement::StepResult::Error:
                error = std::string(what) + ": " + reader.db.LastMessage();
                statement.Reset();
                return false;
        }
    }
}

// A room's stored hours as this snapshot sees them (null: no telemetry yet, so none), from the
// cache when it holds this revision of them; and how far they are exact (-1: no telemetry).
bool StoredHoursOf(RoomReader& reader, Id room_id, std::shared_ptr<const RoomHours>& out,
                   Seconds& computed_to, std::string& error) {
    out = nullptr;
    computed_to = -1;
    int64_t revision = 0;
    Statement& state = reader.state;
    state.Bind(1, room_id);
    if (!Rows(reader, state, "room_hours_state", error, [&](const Statement& row) {
            computed_to = row.ColumnInt(0);
            revision = row.ColumnInt(1);
        })) {
        return false;
    }
    if (computed_to < 0) return true;  // ingestion writes hours and their state together
    if (reader.cache) {
        out = reader.cache->Find(room_id, revision);
        if (out) return true;
    }
    auto room = std::make_shared<RoomHours>();
    room->revision = revision;
    bool fits = true;
    Statement& s = reader.hours;
    s.Bind(1, room_id);
    if (!Rows(reader, s, "room_hours", error, [&](const Statement& row) {
            Bucket bucket;
            bucket.start = row.ColumnInt(0);
            bucket.observed = row.ColumnInt(1);
            bucket.occupied = row.ColumnInt(2);
            bucket.person_seconds = static_cast<double>(row.ColumnInt(3));
            bucket.people_peak = static_cast<int>(row.ColumnInt(4));
            bucket.meeting = row.ColumnInt(5);
            bucket.device_in_use = row.ColumnInt(6);
            fits = PackedHour::FromBucket(bucket, room->hours.emplace_back()) && fits;
        })) {
        return false;
    }
    if (!fits) {
        error = "room_hours of room " + std::to_string(room_id) + ": a value out of range";
        return false;
    }
    room->hours.shrink_to_fit();
    if (reader.cache) reader.cache->Put(room_id, room);
    out = std::move(room);
    return true;
}

size_t LowerBound(const std::vector<PackedHour>& hours, Seconds t) {
    return static_cast<size_t>(
        std::lower_bound(hours.begin(), hours.end(), t,
                         [](const PackedHour& h, Seconds value) { return h.start < value; }) -
        hours.begin());
}

// The hours of [from, to) (hour marks) for one room: stored ones, one slice per licensed span
// (R-GATE-3: an hour shows when its UTC date is licensed, as insights::Covers says), and from the
// hour the stored ones are exact to (room_hours_state.computed_to) on, the tail rolled up live
// up to now and masked alike.
bool ReadHours(RoomReader& reader, Id room_id, Seconds from, Seconds to, Seconds now,
               const std::vector<insights::DateSpan>& licensed, std::vector<StoredHours>& stored,
               std::vector<Bucket>& tail, std::string& error) {
    std::shared_ptr<const RoomHours> room;
    Seconds computed_to = -1;
    if (!StoredHoursOf(reader, room_id, room, computed_to, error)) return false;
    if (!room) return true;  // no telemetry yet: nothing stored, nothing to carry
    // The stored hour computed_to falls in is partial: it is rolled up again, whole.
    Seconds tail_start = std::max(FloorHour(computed_to), from);
    Seconds tail_end = std::min(now, to);
    Seconds stored_to = tail_start < tail_end ? tail_start : to;
    for (const insights::DateSpan& span : licensed) {
        Seconds lo = std::max(from, Seconds{span.from.days} * kDay);
        Seconds hi = std::min(stored_to, Seconds{span.until.days} * kDay);
        if (lo >= hi) continue;
        StoredHours slice{room, LowerBound(room->hours, lo), LowerBound(room->hours, hi)};
        if (slice.begin < slice.end) stored.push_back(std::move(slice));
    }
    if (tail_start >= tail_end) return true;
    insights::RoomHistory history;
    if (!LoadRoomHistory(reader.db, room_id, tail_start, tail_end, history, error)) return false;
    for (const Bucket& bucket :
         insights::RollUp(history, insights::HourBoundaries(tail_start, tail_end), now)) {
        if (!bucket.empty() && insights::Covers(licensed, bucket.start)) tail.push_back(bucket);
    }
    return true;
}

bool QueryRoom(RoomReader& reader, TimeZones& zones, const InsightsQuery& query,
               const InsightsRoomQuery& room, InsightsRoomSeries& out, std::string& error) {
    out.room_id = room.room_id;
    bool found = false;
    Statement& s = reader.room;
    s.Bind(1, room.room_id);
    if (!Rows(reader, s, "room", error, [&](const Statement& row) {
            found = true;
            out.capacity = static_cast<int>(row.ColumnInt(0));
            out.time_zone = row.ColumnText(1);
        })) {
        return false;
    }
    if (!found) return true;
    // A name this machine does not know shows as the UTC it is treated as.
    if (!out.time_zone.empty() && !zones.Known(out.time_zone)) out.time_zone.clear();
    const insights::TimeZone& zone = zones.Get(out.time_zone);
    out.utc_offset_minutes = insights::OffsetAt(zone, query.to) / 60;

    if (query.resolution == InsightsResolution::Hour) {
        std::vector<Seconds> marks = insights::HourBoundaries(query.from, query.to);
        if (marks.size() < 2) return true;
        return ReadHours(reader, room.room_id, marks.front(), marks.back(), query.now,
                         room.licensed, out.stored, out.buckets, error);
    }
    std::vector<Seconds> days = insights::LocalDayBoundaries(zone, query.from, query.to);
    if (days.size() < 2) return true;
    // Licensed hours first: a day shows only what was gathered while licensed (R-GATE-3). A
    // day is not masked by its own start: a Paris day starts at 23:00 UTC the day before, so
    // the first day of a license would be lost whole.
    InsightsRoomSeries hours;
    if (!ReadHours(reader, room.room_id, FloorHour(days.front()), CeilHour(days.back()), query.now,
                   room.licensed, hours.stored, hours.buckets, error)) {
        return false;
    }
    insights::BucketMerger merger(days);
    hours.ForEachBucket([&](const Bucket& bucket) { merger.Add(bucket); });
    out.buckets = merger.Take();
    out.buckets.erase(std::remove_if(out.buckets.begin(), out.buckets.end(),
                                     [](const Bucket& b) { return b.empty(); }),
                      out.buckets.end());
    return true;
}

void AppendInteger(std::string& text, int64_t value) {
    char digits[24];
    auto result = std::to_chars(digits, digits + sizeof digits, value);
    text.append(digits, result.ptr);
}

// A value rounded to 4 decimals, without trailing zeros ("0.1875", "30", "1.5"): in integers,
// several times faster than formatting the double (2,000,000 points have 10 million of them).
void AppendNumber(std::string& text, double value) {
    double scaled = std::round(value * 10000.0);
    if (!(std::fabs(scaled) < 1e15)) {  // not a share, minutes or people: never in practice
        char digits[32];
        auto result = std::to_chars(digits, digits + sizeof digits, value);
        text.append(digits, result.ptr);
        return;
    }
    auto units = static_cast<int64_t>(scaled);
    if (units < 0) {
        text += '-';
        units = -units;
    }
    AppendInteger(text, units / 10000);
    int fraction = static_cast<int>(units % 10000);
    if (fraction == 0) return;
    char digits[5] = {
        '.', static_cast<char>('0' + fraction / 1000), static_cast<char>('0' + fraction / 100 % 10),
        static_cast<char>('0' + fraction / 10 % 10), static_cast<char>('0' + fraction % 10)};
    size_t length = 5;
    while (digits[length - 1] == '0') --length;
    text.append(digits, length);
}

// "YYYY-MM-DDTHH:MM:SSZ" into 20 characters at out.
void WriteInstant(char* out, Seconds utc) {
    Seconds days = utc / kDay;
    Seconds rest = utc % kDay;
    if (rest < 0) {
        rest += kDay;
        --days;
    }
    int year = 0, month = 0, day = 0;
    YmdFromDate(Date{static_cast<int>(days)}, year, month, day);
    auto two = [](char* at, int value) {
        at[0] = static_cast<char>('0' + value / 10 % 10);
        at[1] = static_cast<char>('0' + value % 10);
    };
    two(out, year / 100);
    two(out + 2, year % 100);
    out[4] = '-';
    two(out + 5, month);
    out[7] = '-';
    two(out + 8, day);
    out[10] = 'T';
    two(out + 11, static_cast<int>(rest / kHour));
    out[13] = ':';
    two(out + 14, static_cast<int>(rest % kHour / 60));
    out[16] = ':';
    two(out + 17, static_cast<int>(rest % 60));
    out[19] = 'Z';
}

// One point as JSON text: the answer holds up to 2,000,000 of them, so each is written in one
// go rather than key by key.
void AppendPoint(std::string& text, const insights::Point& point) {
    char t[20];
    WriteInstant(t, point.t);
    text += "{\"t\":\"";
    text.append(t, sizeof t);
    text += "\",\"occupancy\":";
    AppendNumber(text, point.occupancy);
    text += ",\"peopleMean\":";
    AppendNumber(text, point.people_mean);
    text += ",\"peoplePeak\":";
    AppendInteger(text, point.people_peak);
    text += ",\"meetingMinutes\":";
    AppendNumber(text, point.meeting_minutes);
    text += ",\"utilisation\":";
    AppendNumber(text, point.utilisation);
    text += ",\"deviceInUseMinutes\":";
    AppendNumber(text, point.device_in_use_minutes);
    text += '}';
}

}  // namespace

size_t InsightsRoomSeries::BucketCount() const {
    size_t count = buckets.size();
    for (const StoredHours& slice : stored) count += slice.end - slice.begin;
    return count;
}

bool ReadRoomHours(Database& db, Id room_id, Seconds from, Seconds to, Seconds now,
                   std::vector<Bucket>& hours, std::string& error) {
    RoomReader reader(db, nullptr);
    if (!reader.Valid()) {
        error = "cannot read roll-ups: " + db.LastMessage();
        return false;
    }
    // Every UTC date counts as licensed here: the hours as they are stored.
    const std::vector<insights::DateSpan> always = {
        {Date{static_cast<int>(FloorHour(from) / kDay - 1)},
         Date{static_cast<int>(to / kDay + 2)}}};
    InsightsRoomSeries series;
    if (!ReadHours(reader, room_id, from, to, now, always, series.stored, series.buckets, error)) {
        return false;
    }
    series.ForEachBucket([&](const Bucket& bucket) { hours.push_back(bucket); });
    return true;
}

bool QueryInsights(Store& store, TimeZones& zones, HourCache& cache, const InsightsQuery& query,
                   std::vector<InsightsRoomSeries>& out, std::string& error) {
    out.clear();
    out.resize(query.rooms.size());
    return store.Read(
        [&](Store::Writer& w, std::string& e) {
            RoomReader reader(w.db(), &cache);
            if (!reader.Valid()) return sql::Failed(w.db(), "insights statements", e);
            for (size_t i = 0; i < query.rooms.size(); ++i) {
                if (!QueryRoom(reader, zones, query, query.rooms[i], out[i], e)) return false;
            }
            return true;
        },
        error);
}

std::string InsightsJson(const InsightsQuery& query, const std::vector<InsightsRoomSeries>& rooms) {
    size_t points = 0;
    for (const InsightsRoomSeries& room : rooms) points += room.BucketCount();
    api::JsonWriter out;
    out.Reserve(128 + rooms.size() * 128 + points * 150);
    std::string point;
    out.BeginObject()
        .Key("from")
        .String(telemetry::FormatUtcTime(query.from))
        .Key("to")
        .String(telemetry::FormatUtcTime(query.to))
        .Key("resolution")
        .String(query.resolution == InsightsResolution::Hour ? "hour" : "day")
        .Key("rooms")
        .BeginArray();
    for (const InsightsRoomSeries& room : rooms) {
        out.BeginObject().Key("roomId").Int(room.room_id).Key("timeZone");
        if (room.time_zone.empty()) {
            out.Null();  // UTC, as a room without a zone says it
        } else {
            out.String(room.time_zone);
        }
        out.Key("utcOffsetMinutes")
            .Int(room.utc_offset_minutes)
            .Key("capacity")
            .Int(room.capacity)
            .Key("points")
            .BeginArray();
        room.ForEachBucket([&](const Bucket& bucket) {
            point.clear();
            AppendPoint(point, insights::PointOf(bucket, room.capacity));
            out.Raw(point);
        });
        out.EndArray().EndObject();
    }
    out.EndArray().EndObject();
    return out.Take();
}

}  // namespace portal::server

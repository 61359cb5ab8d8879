// QueryInsights: room_hours plus the open tail, per room, on one read snapshot; and the answer's
// JSON, written straight as text (a year of hours for 50 rooms is 438,000 points).
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
    explicit RoomReader(Database& db)
        : db(db),
          room(db.Prepare("SELECT capacity, coalesce(time_zone, '') FROM rooms WHERE id = ?1")),
          hours(db.Prepare("SELECT hour, observed, occupied, person_seconds, "
                           "people_peak, meeting, device_in_use FROM room_hours "
                           "WHERE room_id = ?1 AND hour >= ?2 AND hour < ?3 ORDER BY hour")),
          // How far the stored hours are exact (ingestion's mark, migration 008).
          computed_to(db.Prepare("SELECT computed_to FROM room_hours_state WHERE room_id = ?1")) {}

    bool Valid() const { return room.Valid() && hours.Valid() && computed_to.Valid(); }

    Database& db;
    Statement room, hours, computed_to;
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
                error = std::string(what) + ": " + reader.db.SqliteMessage();
                statement.Reset();
                return false;
        }
    }
}

bool ReadStoredHours(RoomReader& reader, Id room_id, Seconds from, Seconds to,
                     std::vector<Bucket>& hours, std::string& error) {
    Statement& s = reader.hours;
    s.Bind(1, room_id);
    s.Bind(2, from);
    s.Bind(3, to);
    return Rows(reader, s, "room_hours", error, [&](const Statement& row) {
        Bucket& bucket = hours.emplace_back();
        bucket.start = row.ColumnInt(0);
        bucket.end = bucket.start + kHour;
        bucket.observed = row.ColumnInt(1);
        bucket.occupied = row.ColumnInt(2);
        bucket.person_seconds = static_cast<double>(row.ColumnInt(3));  // whole (migration 008)
        bucket.people_peak = static_cast<int>(row.ColumnInt(4));
        bucket.meeting = row.ColumnInt(5);
        bucket.device_in_use = row.ColumnInt(6);
    });
}

// The hours of [from, to) for one room: stored ones, and from the hour the stored ones are exact
// to (room_hours_state.computed_to) on, rolled up live up to now.
bool ReadHours(RoomReader& reader, Id room_id, Seconds from, Seconds to, Seconds now,
               std::vector<Bucket>& hours, std::string& error) {
    if (!ReadStoredHours(reader, room_id, from, to, hours, error)) return false;
    Seconds computed_to = -1;
    Statement& s = reader.computed_to;
    s.Bind(1, room_id);
    if (!Rows(reader, s, "room_hours_state", error,
              [&](const Statement& row) { computed_to = row.ColumnInt(0); })) {
        return false;
    }
    if (computed_to < 0) return true;  // no telemetry yet: nothing to carry
    // The stored hour computed_to falls in is partial: it is rolled up again, whole.
    Seconds tail_start = std::max(FloorHour(computed_to), from);
    Seconds tail_end = std::min(now, to);
    if (tail_start >= tail_end) return true;
    insights::RoomHistory history;
    if (!LoadRoomHistory(reader.db, room_id, tail_start, tail_end, history, error)) return false;
    std::vector<Bucket> tail =
        insights::RollUp(history, insights::HourBoundaries(tail_start, tail_end), now);
    hours.erase(std::lower_bound(hours.begin(), hours.end(), tail_start,
                                 [](const Bucket& b, Seconds t) { return b.start < t; }),
                hours.end());
    for (const Bucket& bucket : tail) {
        if (!bucket.empty()) hours.push_back(bucket);
    }
    return true;
}

void KeepLicensed(std::vector<Bucket>& buckets, const std::vector<insights::DateSpan>& spans) {
    buckets.erase(std::remove_if(buckets.begin(), buckets.end(),
                                 [&](const Bucket& b) {
                                     return b.empty() || !insights::Covers(spans, b.start);
                                 }),
                  buckets.end());
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
        out.buckets.reserve(static_cast<size_t>((marks.back() - marks.front()) / kHour));
        if (!ReadHours(reader, room.room_id, marks.front(), marks.back(), query.now, out.buckets,
                       error)) {
            return false;
        }
        KeepLicensed(out.buckets, room.licensed);
        return true;
    }
    std::vector<Seconds> days = insights::LocalDayBoundaries(zone, query.from, query.to);
    if (days.size() < 2) return true;
    std::vector<Bucket> hours;
    hours.reserve(static_cast<size_t>((days.back() - days.front()) / kHour + 2));
    if (!ReadHours(reader, room.room_id, FloorHour(days.front()), CeilHour(days.back()), query.now,
                   hours, error)) {
        return false;
    }
    // Hours first: a day shows only what was gathered while licensed (R-GATE-3). A day is not
    // masked by its own start: a Paris day starts at 23:00 UTC the day before, so the first day
    // of a license would be lost whole.
    KeepLicensed(hours, room.licensed);
    out.buckets = insights::MergeBuckets(hours, days);
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

bool ReadRoomHours(Database& db, Id room_id, Seconds from, Seconds to, Seconds now,
                   std::vector<Bucket>& hours, std::string& error) {
    RoomReader reader(db);
    if (!reader.Valid()) {
        error = "cannot read roll-ups: " + db.SqliteMessage();
        return false;
    }
    return ReadHours(reader, room_id, from, to, now, hours, error);
}

bool QueryInsights(Store& store, TimeZones& zones, const InsightsQuery& query,
                   std::vector<InsightsRoomSeries>& out, std::string& error) {
    out.clear();
    out.resize(query.rooms.size());
    return store.Read(
        [&](Store::Writer& w, std::string& e) {
            RoomReader reader(w.db());
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
    for (const InsightsRoomSeries& room : rooms) points += room.buckets.size();
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
        for (const Bucket& bucket : room.buckets) {
            point.clear();
            AppendPoint(point, insights::PointOf(bucket, room.capacity));
            out.Raw(point);
        }
        out.EndArray().EndObject();
    }
    out.EndArray().EndObject();
    return out.Take();
}

}  // namespace portal::server

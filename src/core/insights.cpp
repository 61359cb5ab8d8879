// Insights: roll-ups of a room's telemetry into buckets, IANA time zones (TZif and the POSIX TZ
// rule of its footer), and the licensed spans that gate what is shown (R-GATE-1, R-GATE-3).
#include "core/insights.h"

#include <algorithm>
#include <limits>
#include <map>

#include "core/engine.h"

namespace portal::insights {

namespace {

constexpr Seconds kNever = std::numeric_limits<Seconds>::max();

Seconds FloorDiv(Seconds value, Seconds divisor) {
    Seconds quotient = value / divisor;
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

Seconds FloorMod(Seconds value, Seconds divisor) {
    return value - FloorDiv(value, divisor) * divisor;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Buckets

std::vector<Seconds> HourBoundaries(Seconds from, Seconds to) {
    std::vector<Seconds> marks;
    if (from >= to) return marks;
    Seconds first = FloorDiv(from, kHour) * kHour;
    Seconds last = -FloorDiv(-to, kHour) * kHour;  // ceil
    marks.reserve(static_cast<size_t>((last - first) / kHour + 1));
    for (Seconds mark = first; mark <= last; mark += kHour) marks.push_back(mark);
    return marks;
}

namespace {

struct Span {
    Seconds start = 0;
    Seconds end = 0;
};

// Calls add(bucket index, overlapping seconds) for every bucket that [start, end) overlaps.
// Buckets are found by binary search, then walked: the cost is the buckets touched.
template <typename Add>
void ForEachOverlap(const std::vector<Seconds>& boundaries, Seconds start, Seconds end, Add add) {
    if (boundaries.size() < 2 || start >= end) return;
    start = std::max(start, boundaries.front());
    end = std::min(end, boundaries.back());
    if (start >= end) return;
    // The bucket holding `start`: the last boundary at or before it.
    size_t index = static_cast<size_t>(
        std::upper_bound(boundaries.begin(), boundaries.end(), start) - boundaries.begin() - 1);
    for (; index + 1 < boundaries.size() && boundaries[index] < end; ++index) {
        Seconds from = std::max(start, boundaries[index]);
        Seconds to = std::min(end, boundaries[index + 1]);
        if (from < to) add(index, to - from);
    }
}

// The union of meetings, cut at `now`: sorted, disjoint, non-empty spans.
std::vector<Span> MeetingUnion(std::vector<Meeting> meetings, Seconds now) {
    std::sort(meetings.begin(), meetings.end(),
              [](const Meeting& a, const Meeting& b) { return a.start < b.start; });
    std::vector<Span> merged;
    for (const Meeting& meeting : meetings) {
        Seconds end = std::min(meeting.end, now);
        if (meeting.start >= end) continue;
        if (!merged.empty() && meeting.start <= merged.back().end) {
            merged.back().end = std::max(merged.back().end, end);
        } else {
            merged.push_back({meeting.start, end});
        }
    }
    return merged;
}

// The spans during which each device was online (from an online event until that device's next
// event, or now), device by device; each device's list sorted and disjoint.
std::vector<std::vector<Span>> OnlineSpans(const std::vector<DeviceStatusEvent>& events,
                                           Seconds now) {
    std::map<std::string, std::vector<const DeviceStatusEvent*>> by_device;
    for (const DeviceStatusEvent& event : events) by_device[event.serial].push_back(&event);
    std::vector<std::vector<Span>> result;
    result.reserve(by_device.size());
    for (auto& [serial, list] : by_device) {
        std::stable_sort(
            list.begin(), list.end(),
            [](const DeviceStatusEvent* a, const DeviceStatusEvent* b) { return a->at < b->at; });
        std::vector<Span> online;
        for (size_t i = 0; i < list.size(); ++i) {
            if (!list[i]->online) continue;
            Seconds end = i + 1 < list.size() ? std::min(list[i + 1]->at, now) : now;
            if (list[i]->at >= end) continue;
            if (!online.empty() && list[i]->at <= online.back().end) {
                online.back().end = std::max(online.back().end, end);
            } else {
                online.push_back({list[i]->at, end});
            }
        }
        result.push_back(std::move(online));
    }
    return result;
}

// Two sorted lists of disjoint spans: calls add(start, end) for each piece of their overlap.
template <typename Add>
void ForEachIntersection(const std::vector<Span>& a, const std::vector<Span>& b, Add add) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        Seconds start = std::max(a[i].start, b[j].start);
        Seconds end = std::min(a[i].end, b[j].end);
        if (start < end) add(start, end);
        if (a[i].end < b[j].end) {
            ++i;
        } else {
            ++j;
        }
    }
}

}  // namespace

std::vector<Bucket> RollUp(const RoomHistory& history, const std::vector<Seconds>& boundaries,
                           Seconds now) {
    std::vector<Bucket> buckets;
    if (boundaries.size() < 2) return buckets;
    buckets.resize(boundaries.size() - 1);
    for (size_t i = 0; i + 1 < boundaries.size(); ++i) {
        buckets[i].start = boundaries[i];
        buckets[i].end = boundaries[i + 1];
    }

    // Occupancy: each event holds until the next one (or now). Callers give them sorted; a
    // stable sort keeps the order of events at the same second (the last one wins).
    const std::vector<OccupancyEvent>* occupancy = &history.occupancy;
    std::vector<OccupancyEvent> sorted;
    auto by_time = [](const OccupancyEvent& a, const OccupancyEvent& b) { return a.at < b.at; };
    if (!std::is_sorted(occupancy->begin(), occupancy->end(), by_time)) {
        sorted = *occupancy;
        std::stable_sort(sorted.begin(), sorted.end(), by_time);
        occupancy = &sorted;
    }
    for (size_t i = 0; i < occupancy->size(); ++i) {
        const OccupancyEvent& event = (*occupancy)[i];
        Seconds end = i + 1 < occupancy->size() ? (*occupancy)[i + 1].at : now;
        end = std::min(end, now);
        int people = std::max(0, event.people);
        ForEachOverlap(boundaries, event.at, end, [&](size_t index, Seconds seconds) {
            Bucket& bucket = buckets[index];
            bucket.observed += seconds;
            if (people > 0) bucket.occupied += seconds;
            bucket.person_seconds += static_cast<double>(people) * static_cast<double>(seconds);
            bucket.people_peak = std::max(bucket.people_peak, people);
        });
    }

    std::vector<Span> meetings = MeetingUnion(history.meetings, now);
    for (const Span& meeting : meetings) {
        ForEachOverlap(boundaries, meeting.start, meeting.end,
                       [&](size_t index, Seconds seconds) { buckets[index].meeting += seconds; });
    }

    for (const std::vector<Span>& online : OnlineSpans(history.devices, now)) {
        ForEachIntersection(online, meetings, [&](Seconds start, Seconds end) {
            ForEachOverlap(boundaries, start, end, [&](size_t index, Seconds seconds) {
                buckets[index].device_in_use += seconds;
            });
        });
    }
    return buckets;
}

std::vector<Bucket> MergeBuckets(const std::vector<Bucket>& buckets,
                                 const std::vector<Seconds>& boundaries) {
    BucketMerger merger(boundaries);
    for (const Bucket& bucket : buckets) merger.Add(bucket);
    return merger.Take();
}

BucketMerger::BucketMerger(const std::vector<Seconds>& boundaries) : boundaries_(boundaries) {
    if (boundaries.size() < 2) return;
    merged_.resize(boundaries.size() - 1);
    for (size_t i = 0; i + 1 < boundaries.size(); ++i) {
        merged_[i].start = boundaries[i];
        merged_[i].end = boundaries[i + 1];
    }
}

bool BucketMerger::Find(Seconds start) {
    if (merged_.empty() || start < boundaries_.front() || start >= boundaries_.back()) {
        return false;
    }
    current_ = static_cast<size_t>(std::upper_bound(boundaries_.begin(), boundaries_.end(), start) -
                                   boundaries_.begin() - 1);
    return true;
}

Point PointOf(const Bucket& bucket, int capacity) {
    Point point;
    point.t = bucket.start;
    if (bucket.observed > 0) {
        double observed = static_cast<double>(bucket.observed);
        point.occupancy = static_cast<double>(bucket.occupied) / observed;
        point.people_mean = bucket.person_seconds / observed;
    }
    point.people_peak = bucket.people_peak;
    point.meeting_minutes = static_cast<double>(bucket.meeting) / 60.0;
    point.utilisation = capacity > 0 ? point.people_mean / capacity : 0.0;
    point.device_in_use_minutes = static_cast<double>(bucket.device_in_use) / 60.0;
    return point;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] POSIX TZ rules (the footer of TZif files, RFC 8536 section 3.3)

namespace {

// When in a year a rule's change happens: Jn (1..365, 29 February never counted), n (0..365)
// or Mm.w.d (day d of week w of month m, 5 = the last), at `time` seconds of local time (may be
// negative or beyond 24 h).
struct RuleDate {
    enum class Kind { Julian, ZeroBased, MonthWeekDay };
    Kind kind = Kind::MonthWeekDay;
    int day = 0;  // Julian, ZeroBased: the day number; MonthWeekDay: the weekday (0 = Sunday)
    int month = 0;
    int week = 0;
    Seconds time = 2 * kHour;
};

struct PosixRule {
    int std_offset = 0;  // seconds east of UTC (the string says west)
    bool has_dst = false;
    int dst_offset = 0;
    RuleDate start;  // DST starts (in standard time)
    RuleDate end;    // DST ends (in daylight time)
};

class RuleParser {
  public:
    explicit RuleParser(std::string_view text) : text_(text) {}

    bool Parse(PosixRule& rule) {
        if (!Name()) return false;
        Seconds west = 0;
        if (!Offset(west, 24)) return false;
        rule.std_offset = static_cast<int>(-west);
        if (AtEnd()) return true;
        if (!Name()) return false;
        rule.has_dst = true;
        rule.dst_offset = rule.std_offset + static_cast<int>(kHour);
        if (!AtEnd() && Peek() != ',') {
            if (!Offset(west, 24)) return false;
            rule.dst_offset = static_cast<int>(-west);
        }
        if (AtEnd()) {
            // POSIX leaves the default open; tzcode uses the US rules.
            rule.start = {RuleDate::Kind::MonthWeekDay, 0, 3, 2, 2 * kHour};
            rule.end = {RuleDate::Kind::MonthWeekDay, 0, 11, 1, 2 * kHour};
            return true;
        }
        if (!Take(',') || !RuleDateField(rule.start) || !Take(',') || !RuleDateField(rule.end))
            return false;
        return AtEnd();
    }

  private:
    bool AtEnd() const { return pos_ >= text_.size(); }
    char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
    bool Take(char c) {
        if (Peek() != c) return false;
        ++pos_;
        return true;
    }
    bool Number(int& out, int max) {
        size_t begin = pos_;
        out = 0;
        while (!AtEnd() && Peek() >= '0' && Peek() <= '9') {
            out = out * 10 + (text_[pos_++] - '0');
            if (out > max) return false;
        }
        return pos_ > begin;
    }
    // "CET" (three or more letters) or "<+0330>" (quoted: letters, digits, + and -).
    bool Name() {
        size_t begin = pos_;
        if (Take('<')) {
            while (!AtEnd() && Peek() != '>') {
                char c = Peek();
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '+' || c == '-';
                if (!ok) return false;
                ++pos_;
            }
            if (pos_ - begin - 1 < 3) return false;
            return Take('>');
        }
        while (!AtEnd() && ((Peek() >= 'A' && Peek() <= 'Z') || (Peek() >= 'a' && Peek() <= 'z'))) {
            ++pos_;
        }
        return pos_ - begin >= 3;
    }
    // [+-]hh[:mm[:ss]], hours up to `max_hours` (24 for offsets, 167 for rule times).
    bool Offset(Seconds& out, int max_hours) {
        bool negative = false;
        if (Take('-')) {
            negative = true;
        } else {
            Take('+');
        }
        int hours = 0, minutes = 0, seconds = 0;
        if (!Number(hours, max_hours)) return false;
        if (Take(':')) {
            if (!Number(minutes, 59)) return false;
            if (Take(':') && !Number(seconds, 59)) return false;
        }
        out = hours * kHour + minutes * 60 + seconds;
        if (negative) out = -out;
        return true;
    }
    bool RuleDateField(RuleDate& date) {
        if (Take('J')) {
            date.kind = RuleDate::Kind::Julian;
            if (!Number(date.day, 365) || date.day < 1) return false;
        } else if (Take('M')) {
            date.kind = RuleDate::Kind::MonthWeekDay;
            if (!Number(date.month, 12) || date.month < 1 || !Take('.') || !Number(date.week, 5) ||
                date.week < 1 || !Take('.') || !Number(date.day, 6)) {
                return false;
            }
        } else {
            date.kind = RuleDate::Kind::ZeroBased;
            if (!Number(date.day, 365)) return false;
        }
        date.time = 2 * kHour;
        if (Take('/')) return Offset(date.time, 167);
        return true;
    }

    std::string_view text_;
    size_t pos_ = 0;
};

bool ParseRule(std::string_view text, PosixRule& rule) {
    rule = PosixRule{};
    return !text.empty() && RuleParser(text).Parse(rule);
}

// The local day (days since 1970-01-01) a rule date falls on in `year`.
int RuleDay(const RuleDate& date, int year) {
    switch (date.kind) {
        case RuleDate::Kind::Julian: {
            // Day 60 is always 1 March: 29 February is skipped.
            int day = date.day - 1;
            if (IsLeapYear(year) && date.day >= 60) ++day;
            return DateFromYmd(year, 1, 1).days + day;
        }
        case RuleDate::Kind::ZeroBased:
            return DateFromYmd(year, 1, 1).days + date.day;
        case RuleDate::Kind::MonthWeekDay: {
            int first = DateFromYmd(year, date.month, 1).days;
            int weekday_of_first = static_cast<int>(FloorMod(first + 4, 7));  // 1970-01-01: Thu
            int day = first + (date.day - weekday_of_first + 7) % 7 + (date.week - 1) * 7;
            int next_month = date.month == 12 ? DateFromYmd(year + 1, 1, 1).days
                                              : DateFromYmd(year, date.month + 1, 1).days;
            while (day >= next_month) day -= 7;  // week 5: the last one
            return day;
        }
    }
    return 0;
}

struct RuleChange {
    Seconds at = 0;  // UTC
    bool to_dst = false;
};

// The rule's changes of the years around `year`, sorted; when a start and an end fall on the
// same second (DST all year), the end comes first so that DST holds.
std::vector<RuleChange> RuleChanges(const PosixRule& rule, int year) {
    std::vector<RuleChange> changes;
    for (int y = year - 1; y <= year + 1; ++y) {
        changes.push_back(
            {RuleDay(rule.start, y) * kDay + rule.start.time - rule.std_offset, true});
        changes.push_back({RuleDay(rule.end, y) * kDay + rule.end.time - rule.dst_offset, false});
    }
    std::stable_sort(changes.begin(), changes.end(), [](const RuleChange& a, const RuleChange& b) {
        return a.at != b.at ? a.at < b.at : (!a.to_dst && b.to_dst);
    });
    return changes;
}

int YearOf(Seconds utc) {
    int year, month, day;
    YmdFromDate(portal::Date{static_cast<int>(FloorDiv(utc, kDay))}, year, month, day);
    return year;
}

int RuleOffsetAt(const PosixRule& rule, Seconds utc) {
    if (!rule.has_dst) return rule.std_offset;
    std::vector<RuleChange> changes = RuleChanges(rule, YearOf(utc));
    bool dst = false;
    for (const RuleChange& change : changes) {
        if (change.at > utc) break;
        dst = change.to_dst;
    }
    return dst ? rule.dst_offset : rule.std_offset;
}

// The first moment after `utc` at which the rule's offset may change; kNever without DST.
Seconds RuleNextChange(const PosixRule& rule, Seconds utc) {
    if (!rule.has_dst) return kNever;
    for (int year = YearOf(utc);; ++year) {
        for (const RuleChange& change : RuleChanges(rule, year)) {
            if (change.at > utc) return change.at;
        }
    }
}

// Whether the footer rule decides at `utc` (after the last transition, or with none).
bool RuleApplies(const TimeZone& zone, Seconds utc, PosixRule& rule) {
    if (zone.rule.empty()) return false;
    if (!zone.transitions.empty() && utc < zone.transitions.back()) return false;
    return ParseRule(zone.rule, rule);
}

// The first moment after `utc` at which the zone's offset may change; kNever if none.
Seconds NextChange(const TimeZone& zone, Seconds utc) {
    auto next = std::upper_bound(zone.transitions.begin(), zone.transitions.end(), utc);
    if (next != zone.transitions.end()) return *next;
    PosixRule rule;
    if (RuleApplies(zone, utc, rule)) return RuleNextChange(rule, utc);
    return kNever;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Time zones

TimeZone Utc() {
    TimeZone zone;
    zone.name = "UTC";
    return zone;
}

namespace {

class ByteReader {
  public:
    explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

    bool Has(std::uint64_t count) const { return bytes_.size() - pos_ >= count; }
    void Skip(std::uint64_t count) { pos_ += static_cast<size_t>(count); }
    std::string_view Rest() const { return bytes_.substr(pos_); }
    std::uint8_t U8() { return static_cast<std::uint8_t>(bytes_[pos_++]); }
    std::uint32_t U32() {
        std::uint32_t value = 0;
        for (int i = 0; i < 4; ++i) value = (value << 8) | U8();
        return value;
    }
    std::int64_t Signed(size_t width) {  // big-endian two's complement, 4 or 8 bytes
        std::uint64_t value = 0;
        for (size_t i = 0; i < width; ++i) value = (value << 8) | U8();
        if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
        return static_cast<std::int64_t>(value);
    }

  private:
    std::string_view bytes_;
    size_t pos_ = 0;
};

struct TzifHeader {
    char version = 0;
    std::uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

bool ReadHeader(ByteReader& reader, TzifHeader& header, std::string& error) {
    if (!reader.Has(44) || reader.Rest().substr(0, 4) != "TZif") {
        error = "not a TZif file";
        return false;
    }
    reader.Skip(4);
    header.version = static_cast<char>(reader.U8());
    if (header.version != 0 && header.version < '2') {
        error = "unknown TZif version";
        return false;
    }
    reader.Skip(15);
    std::uint32_t* counts[] = {&header.isutcnt, &header.isstdcnt, &header.leapcnt,
                               &header.timecnt, &header.typecnt,  &header.charcnt};
    for (std::uint32_t* count : counts) *count = reader.U32();
    if (header.typecnt == 0 || header.typecnt > 256 ||
        (header.isutcnt != 0 && header.isutcnt != header.typecnt) ||
        (header.isstdcnt != 0 && header.isstdcnt != header.typecnt)) {
        error = "inconsistent TZif header";
        return false;
    }
    return true;
}

// In 64 bits: counts come from the file and size_t is 32 bits in wasm.
std::uint64_t DataSize(const TzifHeader& header, std::uint64_t time_size) {
    return std::uint64_t{header.timecnt} * (time_size + 1) + std::uint64_t{header.typecnt} * 6 +
           header.charcnt + std::uint64_t{header.leapcnt} * (time_size + 4) + header.isstdcnt +
           header.isutcnt;
}

bool ReadData(ByteReader& reader, const TzifHeader& header, size_t time_size, TimeZone& zone,
              std::string& error) {
    if (!reader.Has(DataSize(header, time_size))) {
        error = "truncated TZif file";
        return false;
    }
    std::vector<Seconds> times(header.timecnt);
    for (Seconds& time : times) time = reader.Signed(time_size);
    std::vector<std::uint8_t> indices(header.timecnt);
    for (std::uint8_t& index : indices) index = reader.U8();
    std::vector<int> type_offsets(header.typecnt);
    for (int& offset : type_offsets) {
        offset = static_cast<int>(reader.Signed(4));
        reader.Skip(2);  // isdst, abbreviation index: not needed
    }
    // Abbreviations, leap seconds (Debian's default zones have none), standard/wall and UT
    // indicators (only for POSIX rules without a footer): skipped.
    reader.Skip(std::uint64_t{header.charcnt} + std::uint64_t{header.leapcnt} * (time_size + 4) +
                header.isstdcnt + header.isutcnt);
    for (size_t i = 0; i < times.size(); ++i) {
        if (indices[i] >= header.typecnt || (i > 0 && times[i] <= times[i - 1])) {
            error = "invalid TZif transitions";
            return false;
        }
    }
    zone.transitions = std::move(times);
    zone.offsets.clear();
    for (std::uint8_t index : indices) zone.offsets.push_back(type_offsets[index]);
    // RFC 8536: times before the first transition use the first time type.
    zone.initial_offset = type_offsets[0];
    return true;
}

}  // namespace

bool ParseTzif(std::string_view bytes, TimeZone& zone, std::string& error) {
    ByteReader reader(bytes);
    TzifHeader header;
    if (!ReadHeader(reader, header, error)) return false;
    TimeZone parsed;
    parsed.name = zone.name;
    if (header.version == 0) {
        if (!ReadData(reader, header, 4, parsed, error)) return false;
        zone = std::move(parsed);
        return true;
    }
    // Version 2 and later: skip the 32-bit part, read the 64-bit one and the footer.
    if (!reader.Has(DataSize(header, 4))) {
        error = "truncated TZif file";
        return false;
    }
    reader.Skip(DataSize(header, 4));
    if (!ReadHeader(reader, header, error) || !ReadData(reader, header, 8, parsed, error)) {
        return false;
    }
    std::string_view footer = reader.Rest();
    if (footer.size() < 2 || footer[0] != '\n') {
        error = "TZif footer missing";
        return false;
    }
    size_t newline = footer.find('\n', 1);
    if (newline == std::string_view::npos) {
        error = "TZif footer not terminated";
        return false;
    }
    parsed.rule = std::string(footer.substr(1, newline - 1));
    PosixRule rule;
    if (!parsed.rule.empty() && !ParseRule(parsed.rule, rule)) {
        error = "unsupported TZ rule \"" + parsed.rule + "\"";
        return false;
    }
    zone = std::move(parsed);
    return true;
}

int OffsetAt(const TimeZone& zone, Seconds utc) {
    PosixRule rule;
    if (RuleApplies(zone, utc, rule)) return RuleOffsetAt(rule, utc);
    if (zone.transitions.empty() || utc < zone.transitions.front()) return zone.initial_offset;
    size_t index = static_cast<size_t>(
        std::upper_bound(zone.transitions.begin(), zone.transitions.end(), utc) -
        zone.transitions.begin() - 1);
    return index < zone.offsets.size() ? zone.offsets[index] : zone.initial_offset;
}

Date LocalDate(const TimeZone& zone, Seconds utc) {
    return Date{static_cast<int>(FloorDiv(utc + OffsetAt(zone, utc), kDay))};
}

namespace {

// The first UTC moment whose local date is `date` or later: local midnight, or the moment the
// clocks jump over it. Walks the spans of constant offset around it (offsets stay within a day).
Seconds StartOfLocalDay(const TimeZone& zone, Date date) {
    Seconds midnight = static_cast<Seconds>(date.days) * kDay;
    Seconds piece = midnight - 2 * kDay;
    while (piece < midnight + 2 * kDay) {
        int offset = OffsetAt(zone, piece);
        Seconds next = NextChange(zone, piece);
        // Local time in this piece runs over [piece + offset, next + offset). Compared as
        // next > midnight - offset: a transition near the end of int64 overflowed next + offset
        // (seen reviewing fuzz_time_zones, reproduced with it).
        if (next == kNever || next > midnight - offset) return std::max(piece, midnight - offset);
        piece = next;
    }
    return midnight - OffsetAt(zone, midnight);
}

}  // namespace

std::vector<Seconds> LocalDayBoundaries(const TimeZone& zone, Seconds from, Seconds to) {
    std::vector<Seconds> marks;
    if (from >= to) return marks;
    Date first = LocalDate(zone, from);
    Date last = LocalDate(zone, to - 1);
    if (last < first) last = first;
    marks.reserve(static_cast<size_t>(last.days - first.days) + 2);
    for (Date day = first; day <= AddDays(last, 1); day = AddDays(day, 1)) {
        marks.push_back(StartOfLocalDay(zone, day));
    }
    return marks;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Gating (R-GATE-1, R-GATE-3)

namespace {

bool GrantsInsights(const Catalogue& catalogue, const std::string& program) {
    const Program* found = catalogue.FindProgram(program);
    return found && std::find(found->features.begin(), found->features.end(), Feature::Insights) !=
                        found->features.end();
}

}  // namespace

std::vector<DateSpan> LicensedSpans(const State& state, const Catalogue& catalogue, Id room_id,
                                    Date today) {
    std::vector<DateSpan> spans;
    Date tomorrow = AddDays(today, 1);
    for (const Assignment& assignment : state.assignments) {
        if (assignment.room_id != room_id) continue;
        const Contract* contract = state.FindContract(assignment.contract_id);
        // A cancelled contract never counts, as in EntitlementsOf (R-ORD-7: not paid for).
        if (!contract || contract->cancelled || !GrantsInsights(catalogue, contract->program)) {
            continue;
        }
        // Held from assigned_on up to (not including) released_on; the term's end is its last
        // day of service (R-TERM-2).
        Date from = std::max(assignment.assigned_on, ContractStart(catalogue, *contract));
        Date until = std::min(assignment.released_on.value_or(tomorrow),
                              AddDays(ContractEnd(catalogue, *contract), 1));
        until = std::min(until, tomorrow);
        if (from < until) spans.push_back({from, until});
    }
    std::sort(spans.begin(), spans.end(),
              [](const DateSpan& a, const DateSpan& b) { return a.from < b.from; });
    std::vector<DateSpan> merged;
    for (const DateSpan& span : spans) {
        if (!merged.empty() && span.from <= merged.back().until) {
            merged.back().until = std::max(merged.back().until, span.until);
        } else {
            merged.push_back(span);
        }
    }
    return merged;
}

bool Covers(const std::vector<DateSpan>& spans, Seconds utc) {
    Date date{static_cast<int>(FloorDiv(utc, kDay))};
    auto after = std::upper_bound(spans.begin(), spans.end(), date,
                                  [](Date d, const DateSpan& span) { return d < span.from; });
    if (after == spans.begin()) return false;
    return date < std::prev(after)->until;
}

}  // namespace portal::insights

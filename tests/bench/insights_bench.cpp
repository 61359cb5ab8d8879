// The Insights query (server/insights_query.h) over a year of hourly roll-ups: a temporary SQLite
// database with 1,000 rooms x 8,760 room_hours rows (one UTC year, every hour observed), each
// room with its last occupancy event half an hour before now (room_hours_state.computed_to), so
// that every query also rolls up its open tail from the raw events. Goal: a 12-month query for
// 1,000 rooms within 100 ms.
//
//   BM_QueryYear/rooms/day          QueryInsights as the server runs it, the rooms' stored hours
//                                   in its HourCache (day 0: by the hour, 1: by local day)
//   BM_QueryYearReadEveryPoint/...  the same, and every point of the answer computed and read
//   BM_QueryYearCold/rooms/day      the first query after a start: the hours read from SQLite
//   BM_StepRowsOnly/rooms           the floor under a cold query: SQLite stepping the rows
//   BM_EncodeYear/rooms/day         InsightsJson alone, on the query's result
//
// The API caps an answer at 2,000,000 points (rooms x buckets): 1,000 rooms by the hour for a
// year (8.76 million points) is refused there with 400 `resolution`, since its JSON alone would
// be 1.2 GB; the query is timed here anyway. Build and run (Release):
//   cmake --build build/bench-native --target insights_bench &&
//   build/bench-native/tests/bench/insights_bench
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/insights.h"
#include "server/database.h"
#include "server/insights_query.h"
#include "server/store.h"
#include "server/time_zones.h"

namespace portal::server {
namespace {

using insights::kDay;
using insights::kHour;
using insights::Seconds;

constexpr int kRooms = 1000;
constexpr int kHoursPerYear = 8760;

[[noreturn]] void Fail(const std::string& what) {
    std::fprintf(stderr, "insights_bench: %s\n", what.c_str());
    std::abort();
}

// The database, filled once for every benchmark of the run and removed at exit.
struct YearOfHours {
    std::filesystem::path dir;
    std::unique_ptr<Store> store;
    TimeZones zones;
    std::vector<Id> rooms;
    Seconds now = 0;
    Seconds year_start = 0;

    YearOfHours() {
        dir = std::filesystem::temp_directory_path() /
              ("insights-bench-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        std::string error;
        store = Store::Open((dir / "bench.db").string(), error);
        if (!store) Fail("open: " + error);
        now = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
        Seconds hour_now = now - now % kHour;
        year_start = hour_now - static_cast<Seconds>(kHoursPerYear) * kHour;
        auto started = std::chrono::steady_clock::now();
        // One transaction, one prepared statement per table: the fastest SQLite takes rows.
        bool ok = store->Write(
            [&](Store::Writer& w, std::string& e) {
                ParentEntity parent{0, "Bench"};
                if (!w.InsertParentEntity(parent, e)) return false;
                Account account{0,    parent.id, "Bench HQ", AccountKind::Headquarters,
                                "FR", "Paris",   "75001"};
                if (!w.InsertAccount(account, e)) return false;
                for (int i = 0; i < kRooms; ++i) {
                    Room room;
                    room.account_id = account.id;
                    room.name = "Room " + std::to_string(i);
                    room.site = "Site " + std::to_string(i / 50);
                    room.country = "FR";
                    room.capacity = 4 + i % 12;
                    if (!w.InsertRoom(room, e)) return false;
                    rooms.push_back(room.id);
                }
                Database& db = w.db();
                if (!db.Exec("UPDATE rooms SET time_zone = 'Europe/Paris'")) {
                    e = db.LastMessage();
                    return false;
                }
                Statement hour = db.Prepare(
                    "INSERT INTO room_hours (room_id, hour, observed, occupied, person_seconds, "
                    "people_peak, meeting, device_in_use) VALUES (?1, ?2, 3600, ?3, ?4, ?5, ?6, "
                    "0)");
                Statement event = db.Prepare(
                    "INSERT INTO occupancy_events (room_id, at, people) VALUES (?1, ?2, ?3)");
                Statement state = db.Prepare(
                    "INSERT INTO room_hours_state (room_id, computed_to) VALUES (?1, ?2)");
                if (!hour.Valid() || !event.Valid() || !state.Valid()) {
                    e = db.LastMessage();
                    return false;
                }
                for (Id room : rooms) {
                    for (int h = 0; h < kHoursPerYear; ++h) {
                        Seconds start = year_start + static_cast<Seconds>(h) * kHour;
                        int local_hour = static_cast<int>((start / kHour + 1) % 24);
                        bool office = local_hour >= 8 && local_hour < 19;
                        int people = office ? static_cast<int>((room + h) % 6) : 0;
                        hour.Reset();
                        hour.Bind(1, room);
                        hour.Bind(2, start);
                        hour.Bind(3, static_cast<int64_t>(people > 0 ? 2400 : 0));
                        hour.Bind(4, static_cast<int64_t>(people * 2400));
                        hour.Bind(5, static_cast<int64_t>(people));
                        hour.Bind(6, static_cast<int64_t>(office && h % 3 == 0 ? 1800 : 0));
                        if (!hour.Run()) {
                            e = db.LastMessage();
                            return false;
                        }
                    }
                    // The last event, half an hour ago: the query rolls up the tail from it.
                    event.Reset();
                    event.Bind(1, room);
                    event.Bind(2, now - 1800);
                    event.Bind(3, static_cast<int64_t>(room % 3));
                    if (!event.Run()) {
                        e = db.LastMessage();
                        return false;
                    }
                    // ... and the stored hours exact up to it (ingestion's mark).
                    state.Reset();
                    state.Bind(1, room);
                    state.Bind(2, now - 1800);
                    if (!state.Run()) {
                        e = db.LastMessage();
                        return false;
                    }
                }
                return true;
            },
            error);
        if (!ok) Fail("fill: " + error);
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::fprintf(stderr, "insights_bench: %d rooms x %d room_hours rows written in %.1f s\n",
                     kRooms, kHoursPerYear, seconds);
    }
    ~YearOfHours() {
        store.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }

    // The first `count` rooms, licensed for the whole year.
    InsightsQuery Query(int count, InsightsResolution resolution) const {
        InsightsQuery query;
        query.from = now - 365 * kDay;
        query.to = now;
        query.now = now;
        query.resolution = resolution;
        Date first{static_cast<int>(query.from / kDay) - 1};
        Date after{static_cast<int>(now / kDay) + 1};
        for (int i = 0; i < count; ++i) query.rooms.push_back({rooms[i], {{first, after}}});
        return query;
    }
};

YearOfHours& Data() {
    static YearOfHours data;
    return data;
}

InsightsResolution ResolutionOf(const benchmark::State& state) {
    return state.range(1) == 0 ? InsightsResolution::Hour : InsightsResolution::Day;
}

// The cache a server would hold, big enough for every room of the run (1,000 rooms' years are
// 210 MB).
HourCache& WarmCache() {
    static HourCache cache(size_t{1} << 30);
    return cache;
}

// Calls `read` on every point of the answer, as InsightsJson or a chart would.
template <class Read>
void ReadEveryPoint(const std::vector<InsightsRoomSeries>& series, Read read) {
    for (const InsightsRoomSeries& room : series) {
        room.ForEachBucket([&](const insights::Bucket& bucket) {
            read(insights::PointOf(bucket, room.capacity));
        });
    }
}

void CountPoints(benchmark::State& state, const std::vector<InsightsRoomSeries>& series) {
    size_t points = 0;
    for (const InsightsRoomSeries& room : series) points += room.BucketCount();
    state.counters["points"] = static_cast<double>(points);
    state.counters["hours/s"] =
        benchmark::Counter(static_cast<double>(state.range(0)) * kHoursPerYear,
                           benchmark::Counter::kIsIterationInvariantRate);
}

// The query as the server runs it, the rooms' hours in its cache (after a first query); with
// read_every_point, every point of the answer computed (occupancy, means, utilisation...) and
// read too: what the query costs a caller that uses all of it.
void QueryYearWarm(benchmark::State& state, bool read_every_point) {
    YearOfHours& data = Data();
    InsightsQuery query = data.Query(static_cast<int>(state.range(0)), ResolutionOf(state));
    std::vector<InsightsRoomSeries> series;
    std::string error;
    if (!QueryInsights(*data.store, data.zones, WarmCache(), query, series, error)) Fail(error);
    for (auto _ : state) {
        series.clear();
        if (!QueryInsights(*data.store, data.zones, WarmCache(), query, series, error)) {
            Fail(error);
        }
        benchmark::DoNotOptimize(series);
        if (!read_every_point) continue;
        double sum = 0;
        ReadEveryPoint(series, [&](const insights::Point& point) {
            sum += point.occupancy + point.utilisation + point.people_peak;
        });
        benchmark::DoNotOptimize(sum);
    }
    CountPoints(state, series);
}
void BM_QueryYear(benchmark::State& state) {
    QueryYearWarm(state, false);
}
void BM_QueryYearReadEveryPoint(benchmark::State& state) {
    QueryYearWarm(state, true);
}
BENCHMARK(BM_QueryYear)
    ->ArgsProduct({{50, 1000}, {0, 1}})
    ->ArgNames({"rooms", "day"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QueryYearReadEveryPoint)
    ->ArgsProduct({{50, 1000}, {0, 1}})
    ->ArgNames({"rooms", "day"})
    ->Unit(benchmark::kMillisecond);

// The first query after a start (or after the rooms left the cache): every room's hours read
// from SQLite.
void BM_QueryYearCold(benchmark::State& state) {
    YearOfHours& data = Data();
    InsightsQuery query = data.Query(static_cast<int>(state.range(0)), ResolutionOf(state));
    std::vector<InsightsRoomSeries> series;
    for (auto _ : state) {
        HourCache cold(size_t{1} << 30);
        series.clear();
        std::string error;
        if (!QueryInsights(*data.store, data.zones, cold, query, series, error)) Fail(error);
        benchmark::DoNotOptimize(series);
    }
    CountPoints(state, series);
}
BENCHMARK(BM_QueryYearCold)
    ->ArgsProduct({{50, 1000}, {0}})
    ->ArgNames({"rooms", "day"})
    ->Unit(benchmark::kMillisecond);

// The floor under BM_QueryYear: SQLite stepping the same rows and reading their columns, with
// nothing made of them.
void BM_StepRowsOnly(benchmark::State& state) {
    YearOfHours& data = Data();
    int count = static_cast<int>(state.range(0));
    for (auto _ : state) {
        int64_t sum = 0;
        std::string error;
        bool ok = data.store->Read(
            [&](Store::Writer& w, std::string& e) {
                Statement rows = w.db().Prepare(
                    "SELECT hour, observed, occupied, person_seconds, people_peak, meeting, "
                    "device_in_use FROM room_hours WHERE room_id = ?1 AND hour >= ?2 AND hour < "
                    "?3 ORDER BY hour");
                for (int i = 0; i < count; ++i) {
                    rows.Reset();
                    rows.Bind(1, data.rooms[i]);
                    rows.Bind(2, data.now - 366 * kDay);
                    rows.Bind(3, data.now + kHour);
                    while (rows.Step() == Statement::StepResult::Row) {
                        for (int c = 0; c < 7; ++c) sum += rows.ColumnInt(c);
                    }
                }
                if (sum == 0) e = "no rows";
                return sum != 0;
            },
            error);
        if (!ok) Fail(error);
        benchmark::DoNotOptimize(sum);
    }
    state.counters["rows/s"] = benchmark::Counter(static_cast<double>(count) * kHoursPerYear,
                                                  benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_StepRowsOnly)->Arg(50)->Arg(1000)->ArgNames({"rooms"})->Unit(benchmark::kMillisecond);

void BM_EncodeYear(benchmark::State& state) {
    YearOfHours& data = Data();
    InsightsQuery query = data.Query(static_cast<int>(state.range(0)), ResolutionOf(state));
    std::vector<InsightsRoomSeries> series;
    std::string error;
    if (!QueryInsights(*data.store, data.zones, WarmCache(), query, series, error)) Fail(error);
    size_t bytes = 0;
    for (auto _ : state) {
        std::string json = InsightsJson(query, series);
        bytes = json.size();
        benchmark::DoNotOptimize(json);
    }
    state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_EncodeYear)
    ->ArgsProduct({{50, 1000}, {0, 1}})
    ->ArgNames({"rooms", "day"})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace portal::server

BENCHMARK_MAIN();

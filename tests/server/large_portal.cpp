// large_portal: writes a large portal database (SQLite), for the migration check on a customer
// that grew out of the default (tests/server/migrate_large.sh): the demo (its people sign in
// as usual), then Contoso with 10,000 more rooms, each licensed (Select) with two devices, as
// alerts_bench fills its evaluator's account, and a year of telemetry for 100 of them, as
// insights_bench fills its rooms: hourly roll-ups, occupancy events, meetings, device events.
//
// Usage: large_portal [--rooms N] [--telemetry-rooms N] [--days N] OUT.db
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/date.h"
#include "core/engine.h"
#include "server/catalogue_file.h"
#include "server/config.h"
#include "server/database.h"
#include "server/demo_data.h"
#include "server/log.h"
#include "server/store.h"

namespace portal::server {
namespace {

using Seconds = int64_t;
constexpr Seconds kHour = 3600;
constexpr Seconds kDay = 24 * kHour;

[[noreturn]] void Fail(const std::string& what) {
    std::fprintf(stderr, "large_portal: %s\n", what.c_str());
    std::exit(1);
}

bool Run(Database& db, Statement& statement, std::string& error) {
    if (statement.Run()) {
        statement.Reset();
        return true;
    }
    error = db.LastMessage();
    return false;
}

// 10,000 rooms (by default) of Contoso, one Select license and two devices each.
bool AddRooms(Store::Writer& w, const Catalogue& catalogue, Id account, int count, Date bought,
              std::vector<Id>& rooms, std::vector<std::string>& serials, std::string& e) {
    for (int i = 0; i < count; ++i) {
        Room room;
        room.account_id = account;
        char name[32];
        std::snprintf(name, sizeof name, "Room %05d", i);
        room.name = name;
        room.site = "Site " + std::to_string(i / 100);
        room.country = i % 3 ? "GB" : "IE";
        room.capacity = 4 + i % 12;
        room.time_zone = i % 3 ? "Europe/London" : "Europe/Dublin";
        if (!w.InsertRoom(room, e)) return false;
        rooms.push_back(room.id);
    }
    Order order;
    order.po_number = "LARGE-1";
    order.purchase_date = bought;
    order.lines = {{"SELECT-3Y", count}};
    Address address{"1 Thames Street", "London", "EC4V 3BJ", "GB", AccountKind::Headquarters};
    order.end_customer = {"Large Admin", "admin@large.example", "Contoso Ltd", address};
    order.reseller = {"Reseller", "sales@reseller.example", "", address};
    order.distributor = {"Distributor", "orders@distributor.example", "", address};
    order.account_id = account;
    order.status = OrderStatus::Processed;
    std::vector<Contract> contracts;
    if (!w.InsertOrder(catalogue, order, contracts, e)) return false;
    if (contracts.size() != 1) {
        e = "the order made " + std::to_string(contracts.size()) + " contracts";
        return false;
    }
    Change change;
    change.on = bought;
    change.contracts_started = {contracts[0].id};
    static const char* kProducts[] = {"rally-bar", "tap"};
    for (int i = 0; i < count; ++i) {
        Assignment assignment;
        assignment.contract_id = contracts[0].id;
        assignment.slot = i;
        assignment.room_id = rooms[static_cast<size_t>(i)];
        assignment.assigned_on = bought;
        change.new_assignments.push_back(assignment);
        for (int k = 0; k < 2; ++k) {
            char serial[32];
            std::snprintf(serial, sizeof serial, "LARGE%05dD%d", i, k);
            serials.push_back(serial);
            change.new_devices.push_back(
                {serial, account, kProducts[k], assignment.room_id, bought});
        }
    }
    std::vector<Id> ids;
    return w.ApplyChange(change, ids, e);
}

// A year (days) of what room agents report, for the first `count` rooms: people in office
// hours, a meeting a day, each device's status once a day, and the hourly roll-ups.
bool AddTelemetry(Database& db, Id account, const std::vector<Id>& rooms,
                  const std::vector<std::string>& serials, int count, int days, Seconds now,
                  std::string& e) {
    Statement hour = db.Prepare(
        "INSERT INTO room_hours (room_id, hour, observed, occupied, person_seconds, people_peak,"
        " meeting, device_in_use) VALUES (?1, ?2, 3600, ?3, ?4, ?5, ?6, ?7)");
    Statement event =
        db.Prepare("INSERT INTO occupancy_events (room_id, at, people) VALUES (?1, ?2, ?3)");
    Statement meeting =
        db.Prepare("INSERT INTO meetings (room_id, start, \"end\") VALUES (?1, ?2, ?3)");
    Statement device = db.Prepare(
        "INSERT INTO device_events (serial, account_id, at, online, firmware) VALUES (?1, ?2, ?3, "
        "?4,"
        " ?5)");
    Statement state = db.Prepare(
        "INSERT INTO room_hours_state (room_id, computed_to, revision) VALUES (?1, ?2, 1)");
    Statement status = db.Prepare(
        "INSERT INTO device_status (serial, account_id, online, at, firmware) VALUES (?1, ?2, 1, "
        "?3,"
        " '1.12.4')");
    if (!hour.Valid() || !event.Valid() || !meeting.Valid() || !device.Valid() || !state.Valid() ||
        !status.Valid()) {
        e = db.LastMessage();
        return false;
    }
    if (!db.Exec("UPDATE room_hours_revision SET value = 1")) {
        e = db.LastMessage();
        return false;
    }
    Seconds today = now - now % kDay;
    Seconds first = today - static_cast<Seconds>(days) * kDay;
    Seconds last_event = today - kDay + 18 * kHour;
    for (int r = 0; r < count; ++r) {
        Id room = rooms[static_cast<size_t>(r)];
        for (Seconds day = first; day < today; day += kDay) {
            int people = 1 + static_cast<int>((room + day / kDay) % 5);
            for (int h = 0; h < 24; ++h) {
                bool office = h >= 8 && h < 18;
                bool in_meeting = h == 10;
                hour.Bind(1, room);
                hour.Bind(2, day + h * kHour);
                hour.Bind(3, int64_t{office ? 3600 : 0});
                hour.Bind(4, int64_t{office ? people * 3600 : 0});
                hour.Bind(5, int64_t{office ? people : 0});
                hour.Bind(6, int64_t{in_meeting ? 3000 : 0});
                hour.Bind(7, int64_t{office ? 3600 : 0});
                if (!Run(db, hour, e)) return false;
            }
            const std::pair<Seconds, int> arrivals[] = {{day + 8 * kHour, people},
                                                        {day + 18 * kHour, 0}};
            for (auto [at, n] : arrivals) {
                event.Bind(1, room);
                event.Bind(2, at);
                event.Bind(3, int64_t{n});
                if (!Run(db, event, e)) return false;
            }
            meeting.Bind(1, room);
            meeting.Bind(2, day + 10 * kHour);
            meeting.Bind(3, day + 10 * kHour + 3000);
            if (!Run(db, meeting, e)) return false;
            for (int k = 0; k < 2; ++k) {
                device.Bind(1, serials[static_cast<size_t>(2 * r + k)]);
                device.Bind(2, account);
                device.Bind(3, day + 7 * kHour + k);
                device.Bind(4, int64_t{(day / kDay + k) % 29 != 0});
                device.Bind(5, std::string("1.12.") + std::to_string(day / kDay % 4));
                if (!Run(db, device, e)) return false;
            }
        }
        state.Bind(1, room);
        state.Bind(2, last_event);
        if (!Run(db, state, e)) return false;
        for (int k = 0; k < 2; ++k) {
            status.Bind(1, serials[static_cast<size_t>(2 * r + k)]);
            status.Bind(2, account);
            status.Bind(3, today - kDay + 7 * kHour + k);
            if (!Run(db, status, e)) return false;
        }
    }
    return true;
}

int Main(int argc, char** argv) {
    int rooms = 10000;
    int telemetry_rooms = 100;
    int days = 365;
    std::string out;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--rooms" && i + 1 < argc) {
            rooms = std::atoi(argv[++i]);
        } else if (arg == "--telemetry-rooms" && i + 1 < argc) {
            telemetry_rooms = std::atoi(argv[++i]);
        } else if (arg == "--days" && i + 1 < argc) {
            days = std::atoi(argv[++i]);
        } else if (!arg.starts_with("-") && out.empty()) {
            out = arg;
        } else {
            Fail("usage: large_portal [--rooms N] [--telemetry-rooms N] [--days N] OUT.db");
        }
    }
    if (out.empty() || telemetry_rooms > rooms) Fail("usage: large_portal [--rooms N] OUT.db");
    if (std::filesystem::exists(out)) Fail(out + " exists");
    auto started = std::chrono::steady_clock::now();
    std::string error;
    Config config;  // for the assets' place
    Catalogue catalogue;
    if (!LoadCatalogueFile(config.assets_dir + "/catalogue.json", catalogue, error)) Fail(error);
    std::unique_ptr<Store> store = Store::Open(out, error);
    if (!store) Fail(error);
    auto now = std::chrono::system_clock::now();
    Seconds now_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    Date today{static_cast<int>(now_seconds / kDay)};
    Logger logger(LogLevel::Warn);
    if (!SeedDemoIfEmpty(*store, catalogue, config.assets_dir, PasswordCost::TestOnlyMinimum(),
                         today, logger, error)) {
        Fail("demo: " + error);
    }
    std::vector<Id> room_ids;
    std::vector<std::string> serials;
    bool ok = store->Write(
        [&](Store::Writer& w, std::string& e) {
            Database& db = w.db();
            Statement contoso = db.Prepare("SELECT id FROM accounts WHERE name = 'Contoso Ltd'");
            if (contoso.Step() != StepResult::Row) {
                e = "no Contoso Ltd in the demo";
                return false;
            }
            Id account = contoso.ColumnInt(0);
            return AddRooms(w, catalogue, account, rooms, AddDays(today, -400), room_ids, serials,
                            e) &&
                   AddTelemetry(db, account, room_ids, serials, telemetry_rooms, days, now_seconds,
                                e);
        },
        error);
    if (!ok) Fail(error);
    std::printf(
        "large_portal: %s: the demo, %d rooms more, %d days of telemetry for %d rooms, "
        "written in %.1f s\n",
        out.c_str(), rooms, days, telemetry_rooms,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return 0;
}

}  // namespace
}  // namespace portal::server

int main(int argc, char** argv) {
    return portal::server::Main(argc, argv);
}

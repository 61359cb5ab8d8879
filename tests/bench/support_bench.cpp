// Support benchmark (issue 14), run by scripts/bench-support. Three parts:
//
//   room     Opening a ticket from a room in one click: POST /api/v1/rooms/{id}/tickets (the
//            room looked at, its snapshot built and frozen, the service level chosen, the
//            requester made a follower, the event, the audit entry and the mails, all in one
//            durable transaction; then the ticket read back for the answer), one ticket at a
//            time, --tickets of them, each on a room of its own while rooms last; beside it the
//            form's GET /rooms/{id}/ticket-proposal (the first click) and GET /tickets/{id} (the
//            ticket page). The real Server runs in-process on a free port (fresh SQLite file,
//            demo data, log level warn, no SMTP: mails stay in the outbox). Set-up through the
//            API as people would do it: the demo operator registers one Select order per new
//            customer (--accounts), whose IT admin accepts the invitations from the outbox,
//            imports --rooms-per-account rooms in each (five time zones), licenses every other
//            room (Select: 24/7 support), places two devices in each (the unlicensed rooms' bought
//            30 days ago, jumpstart, or 400 days ago, standard), makes an agent token and posts
//            24 hours of telemetry in time order (device status every 4 hours with blips,
//            occupancy), leaving one room in five wholly offline and one in five half offline
//            (the default "Device offline for 5 minutes" rule fires in the licensed ones).
//   queue    The operators' queue: --queue open tickets opened through the API by 8 clients at
//            once over the same kind of fleet (90% from a room, 10% without), their creation
//            spread over the --queue-days before now (the server's clock moves as they are
//            opened), one in four taken in hand by an operator's public reply, one in twenty then
//            waiting on the customer; then GET /api/v1/support/tickets (no filter, q= an account's
//            name, q=#number, breached=true) as the operator and GET
//            /api/v1/accounts/{id}/tickets?status=all as the account's admin, --reads times each.
//   core     support::ComputeDueTimes alone per ticket: the Select level (24/7) and the standard
//            level (Mon-Fri 09:00-17:00 in the ticket's zone), tickets of every severity created
//            over the last 14 days in five zones, a third of them with pauses (waiting on the
//            customer), half with a first response.
//
// Usage: support_bench [--out FILE.json] [--tickets 500] [--queue 10000] [--accounts 10]
//                      [--rooms-per-account 50] [--queue-days 5] [--reads 30]
//                      [--core-tickets 10000] [--passes 20] [--clients 8]
//                      [--part all|room|queue|core]
// Prints a table; --out writes the figures as JSON.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench_support.h"
#include "core/catalogue.h"
#include "core/date.h"
#include "core/support.h"
#include "core/telemetry.h"
#include "server/catalogue_file.h"
#include "server/config.h"
#include "server/http_server.h"
#include "server/net/outbound.h"
#include "server/time_zones.h"

namespace portal::server::bench {
namespace {

using support::Seconds;

// The queue's and the rooms' tables: p99 beside p95, and what the answers held.
constexpr Table kTable{62, true, "answers"};

// ---------------------------------------------------------------------------------------------
// [SECTION] The server in-process, its clock movable

constexpr const char* kOperatorEmail = "olivia.ops@portal.example";  // assets/demo/demo.json
constexpr const char* kOperatorPassword = "portal-operator";
constexpr const char* kAdminPassword = "support-bench-admin";

class BenchServer {
  public:
    // The server's clock: the wall clock moved by offset() seconds (the queue's tickets are
    // opened over the days before now).
    explicit BenchServer(const char* prefix, Seconds offset = 0) : dir_(prefix), offset_(offset) {
        Config config = BenchConfig(dir_.path());
        // The clock moves by days during the queue's fill: sessions must outlive it.
        config.session_idle_seconds = 60 * 86400;
        config.session_lifetime_seconds = 60 * 86400;
        server_ = std::make_unique<ServerThread>(config, [this](Server& server) {
            server.SetClock([this] {
                return std::chrono::system_clock::now() + std::chrono::seconds(offset_.load());
            });
        });
        std::fprintf(stderr, "support_bench: server on port %d (started in %.0f ms)\n", Port(),
                     server_->start_ms());
    }

    int Port() const { return server_->Port(); }
    Seconds Now() const { return UnixNow() + offset_.load(); }
    std::string Today() const {
        return FormatDate(
            UtcDate(std::chrono::system_clock::now() + std::chrono::seconds(offset_.load())));
    }
    Seconds offset() const { return offset_.load(); }
    // Only forward.
    void MoveClockTo(Seconds offset) {
        Seconds current = offset_.load();
        while (offset > current && !offset_.compare_exchange_weak(current, offset)) {
        }
    }

  private:
    TempDir dir_;
    std::atomic<Seconds> offset_;
    std::unique_ptr<ServerThread> server_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] The fleet, set up through the API

struct BenchRoom {
    Id id = 0;
    Id account = 0;
    std::string name;
    std::string serials[2];
    bool licensed = false;
};

struct BenchAccount {
    Id id = 0;
    std::string name;
    Id contract = 0;
    std::vector<size_t> rooms;  // indexes into Fleet::rooms
};

struct Fleet {
    std::string admin_email;
    std::string admin_cookie;
    std::string operator_cookie;
    std::vector<BenchAccount> accounts;
    std::vector<BenchRoom> rooms;
    size_t telemetry_events = 0;
    int telemetry_batches = 0;
    double seconds = 0;
};

struct Place {
    const char* country;
    const char* time_zone;
    const char* city;
    const char* postal_code;
};
constexpr Place kPlaces[] = {{"US", "America/New_York", "New York", "10001"},
                             {"GB", "Europe/London", "London", "EC1A 1BB"},
                             {"FR", "Europe/Paris", "Paris", "75002"},
                             {"DE", "Europe/Berlin", "Berlin", "10117"},
                             {"CA", "America/Toronto", "Toronto", "M5H 2N2"}};

// Room i of an account: every other room licensed (Select, 24/7); the others' devices bought
// 30 days ago (jumpstart) or 400 days ago (standard).
bool Licensed(size_t i) {
    return i % 2 == 0;
}
int DeviceAgeDays(size_t i) {
    return Licensed(i) || i % 4 == 1 ? 30 : 400;
}

Fleet SetUpFleet(BenchServer& server, int account_count, int rooms_per_account) {
    auto started = SteadyClock::now();
    Fleet fleet;
    std::string stamp = std::to_string(UnixNow());
    fleet.admin_email = "support.bench." + stamp + "@bench.example";

    // --- One order of a new customer per account, registered by the demo operator.
    ApiClient operator_client(server.Port());
    operator_client.SignIn(kOperatorEmail, kOperatorPassword);
    fleet.operator_cookie = operator_client.cookie();
    std::string today = server.Today();
    int licensed_per_account = (rooms_per_account + 1) / 2;
    for (int a = 0; a < account_count; ++a) {
        const Place& place = kPlaces[static_cast<size_t>(a) % std::size(kPlaces)];
        char company[64];
        std::snprintf(company, sizeof company, "Support Bench Customer %02d", a + 1);
        Json address = {{"line1", std::to_string(a + 1) + " Bench Street"},
                        {"city", place.city},
                        {"postalCode", place.postal_code},
                        {"country", place.country}};
        Json order = SelectOrder("SUPPORT-BENCH-" + stamp + "-" + std::to_string(a + 1), today,
                                 licensed_per_account,
                                 {{"name", "Bench Admin"},
                                  {"email", fleet.admin_email},
                                  {"company", company},
                                  {"address", address}},
                                 address);
        Json placed = operator_client.Call("POST", "/api/v1/orders", order).json["order"];
        if (!placed.contains("accountId") || !placed["accountId"].is_number_integer()) {
            Fail("the order of " + std::string(company) +
                 " made no account: " + placed.dump().substr(0, 400));
        }
        BenchAccount account;
        account.id = placed["accountId"].get<Id>();
        account.name = company;
        account.contract = placed["contracts"][0]["id"].get<Id>();
        fleet.accounts.push_back(account);
    }

    // --- The customers' admin accepts the invitations from the outbox (one person, admin of
    // every bench account).
    std::vector<std::string> tokens;
    Json mails = operator_client.Call("GET", "/api/v1/outbox?status=all&limit=1000").json["mails"];
    for (const auto& mail : mails) {
        if (mail.value("kind", "") != "invitation" || mail.value("to", "") != fleet.admin_email) {
            continue;
        }
        std::string body = mail.value("body", "");
        size_t at = body.find("/#/invite/");
        if (at == std::string::npos) continue;
        at += std::strlen("/#/invite/");
        tokens.push_back(body.substr(at, body.find_first_of(" \r\n", at) - at));
    }
    if (static_cast<int>(tokens.size()) != account_count) {
        Fail("expected " + std::to_string(account_count) + " invitations in the outbox, found " +
             std::to_string(tokens.size()));
    }
    ApiClient admin(server.Port());
    for (size_t t = 0; t < tokens.size(); ++t) {
        Json accept = {{"token", tokens[t]}, {"password", kAdminPassword}};
        if (t == 0) accept["name"] = "Bench Admin";
        admin.Call("POST", "/api/v1/invitations/accept", accept, {200});
    }
    fleet.admin_cookie = admin.cookie();

    // --- Rooms, licenses, devices and an agent token per account.
    std::vector<std::string> agent_tokens;
    for (size_t a = 0; a < fleet.accounts.size(); ++a) {
        BenchAccount& account = fleet.accounts[a];
        const Place& place = kPlaces[a % std::size(kPlaces)];
        std::string acc = "/api/v1/accounts/" + std::to_string(account.id);
        Json rows = Json::array();
        for (int i = 0; i < rooms_per_account; ++i) {
            char name[64];
            std::snprintf(name, sizeof name, "Room %02zu-%03d", a + 1, i + 1);
            rows.push_back({{"name", name},
                            {"site", std::string(place.city) + " office"},
                            {"country", place.country},
                            {"capacity", 4 + i % 12},
                            {"timeZone", place.time_zone}});
        }
        Json created = admin.Call("POST", acc + "/rooms/import", rows).json["created"];
        if (static_cast<int>(created.size()) != rooms_per_account) {
            Fail("imported " + std::to_string(created.size()) + " rooms");
        }
        for (size_t i = 0; i < created.size(); ++i) {
            BenchRoom room;
            room.id = created[i]["id"].get<Id>();
            room.account = account.id;
            room.name = created[i]["name"].get<std::string>();
            room.licensed = Licensed(i);
            if (room.licensed) {
                admin.Call("POST", "/api/v1/rooms/" + std::to_string(room.id) + "/licenses",
                           {{"contractId", account.contract}});
            }
            static const char* kProducts[] = {"rally-bar", "tap"};
            std::string bought = FormatDate(AddDays(
                UtcDate(std::chrono::system_clock::now() + std::chrono::seconds(server.offset())),
                -DeviceAgeDays(i)));
            for (int k = 0; k < 2; ++k) {
                char digits[16];
                std::snprintf(digits, sizeof digits, "%02d%03d", static_cast<int>(a + 1) % 100,
                              static_cast<int>(i + 1) % 1000);
                room.serials[k] = "SUPB" + stamp.substr(4) + digits + "D" + std::to_string(k);
                admin.Call("POST", acc + "/devices",
                           {{"serial", room.serials[k]},
                            {"product", kProducts[k]},
                            {"roomId", room.id},
                            {"purchaseDate", bought}});
            }
            account.rooms.push_back(fleet.rooms.size());
            fleet.rooms.push_back(std::move(room));
        }
        agent_tokens.push_back(
            admin.Call("POST", acc + "/agent-tokens", {{"name", "Support bench"}})
                .json["token"]
                .get<std::string>());
    }

    // --- 24 hours of telemetry, in time order, a batch per account and moment: every device's
    // status (online, firmware) and the room's people every 4 hours, a blip offline in one room
    // in three; then one room in five goes wholly offline 40 minutes ago and one in five half
    // offline 25 minutes ago.
    Seconds now = server.Now();
    std::vector<Seconds> moments;
    for (Seconds at = now - 23 * 3600; at <= now - 3 * 3600; at += 4 * 3600) moments.push_back(at);
    moments.push_back(now - 40 * 60);
    moments.push_back(now - 25 * 60);
    ApiClient agent(server.Port());
    for (size_t m = 0; m < moments.size(); ++m) {
        Seconds at = moments[m];
        bool last_two = m + 2 >= moments.size();
        for (size_t a = 0; a < fleet.accounts.size(); ++a) {
            const BenchAccount& account = fleet.accounts[a];
            Json events = Json::array();
            std::string when = telemetry::FormatUtcTime(at);
            for (size_t r = 0; r < account.rooms.size(); ++r) {
                const BenchRoom& room = fleet.rooms[account.rooms[r]];
                if (!last_two) {
                    bool blip = r % 3 == 0 && m == 2;
                    for (int k = 0; k < 2; ++k) {
                        events.push_back({{"type", "device"},
                                          {"serial", room.serials[k]},
                                          {"at", when},
                                          {"status", blip && k == 0 ? "offline" : "online"},
                                          {"firmware", k == 0 ? "1.4.2" : "2.0.1"}});
                    }
                    events.push_back({{"type", "occupancy"},
                                      {"roomId", room.id},
                                      {"at", when},
                                      {"people", static_cast<int>((r + m) % 5)}});
                } else if (m + 2 == moments.size() && r % 5 == 0) {
                    for (int k = 0; k < 2; ++k) {
                        events.push_back({{"type", "device"},
                                          {"serial", room.serials[k]},
                                          {"at", when},
                                          {"status", "offline"}});
                    }
                } else if (m + 1 == moments.size() && r % 5 == 1) {
                    events.push_back({{"type", "device"},
                                      {"serial", room.serials[0]},
                                      {"at", when},
                                      {"status", "offline"}});
                }
            }
            if (events.empty()) continue;
            agent.SetBearer(agent_tokens[a]);
            agent.Call("POST", "/api/v1/telemetry",
                       {{"batchId", "support-bench-" + std::to_string(a) + "-" + std::to_string(m)},
                        {"events", events}},
                       {200, 201, 202});
            fleet.telemetry_events += events.size();
            ++fleet.telemetry_batches;
        }
    }
    fleet.seconds = MsBetween(started, SteadyClock::now()) / 1000;
    std::fprintf(stderr,
                 "support_bench: set up %zu accounts, %zu rooms (half licensed), %zu devices, %zu "
                 "telemetry events in %d batches in %.1f s\n",
                 fleet.accounts.size(), fleet.rooms.size(), fleet.rooms.size() * 2,
                 fleet.telemetry_events, fleet.telemetry_batches, fleet.seconds);
    return fleet;
}

Json FleetJson(const Fleet& fleet) {
    return {
        {"accounts", fleet.accounts.size()},           {"rooms", fleet.rooms.size()},
        {"devices", fleet.rooms.size() * 2},           {"telemetryEvents", fleet.telemetry_events},
        {"telemetryBatches", fleet.telemetry_batches}, {"setupSeconds", Round(fleet.seconds, 1)}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Part 1: a ticket from a room in one click

Json RoomTickets(int ticket_count, int account_count, int rooms_per_account) {
    BenchServer server("portal-bench-support-room-");
    Fleet fleet = SetUpFleet(server, account_count, rooms_per_account);
    ApiClient admin(server.Port());
    admin.SetCookie(fleet.admin_cookie);
    // Let what the set-up queued settle (alert sweeps, order mails) before measuring.
    std::this_thread::sleep_for(std::chrono::seconds(2));

    std::vector<double> proposal_ms, open_ms, get_ms;
    std::map<std::string, int> levels, severities;
    size_t snapshot_bytes = 0, ticket_bytes = 0, snapshot_events = 0, snapshot_alerts = 0;
    for (int i = 0; i < ticket_count; ++i) {
        // Round the accounts, then their rooms: each ticket on a room of its own while they last.
        size_t account = static_cast<size_t>(i) % fleet.accounts.size();
        size_t slot =
            (static_cast<size_t>(i) / fleet.accounts.size()) % fleet.accounts[account].rooms.size();
        const BenchRoom& room = fleet.rooms[fleet.accounts[account].rooms[slot]];
        std::string path = "/api/v1/rooms/" + std::to_string(room.id);

        // The first click: the form, prefilled.
        auto t0 = SteadyClock::now();
        Answer proposal = admin.Call("GET", path + "/ticket-proposal");
        proposal_ms.push_back(MsBetween(t0, SteadyClock::now()));

        // The second: what the portal's form sends (the proposed subject; no severity chosen,
        // so the server proposes it from the room's state again).
        Json body = {{"subject", proposal.json["subject"]},
                     {"description", "Opened from the Rooms table by the support benchmark."},
                     {"meetingLink", ""}};
        auto t1 = SteadyClock::now();
        Answer opened = admin.Call("POST", path + "/tickets", body, {201}, false);
        open_ms.push_back(MsBetween(t1, SteadyClock::now()));
        Json ticket = Json::parse(opened.body)["ticket"];
        Id id = ticket["id"].get<Id>();

        // The ticket page.
        auto t2 = SteadyClock::now();
        Answer read =
            admin.Call("GET", "/api/v1/tickets/" + std::to_string(id), nullptr, {200}, false);
        get_ms.push_back(MsBetween(t2, SteadyClock::now()));
        ticket_bytes += read.body.size();

        const Json& snapshot = ticket["snapshot"];
        if (!snapshot.is_object() || snapshot["devices"].size() != 2) {
            Fail("ticket " + std::to_string(id) +
                 " has no snapshot of two devices: " + snapshot.dump().substr(0, 400));
        }
        snapshot_bytes += snapshot.dump().size();
        snapshot_events += snapshot["events"].size();
        snapshot_alerts += snapshot["alerts"].size();
        ++levels[ticket["serviceLevel"].get<std::string>()];
        ++severities[ticket["severity"].get<std::string>()];
        if ((i + 1) % 100 == 0) {
            std::fprintf(stderr, "support_bench: %d/%d room tickets\n", i + 1, ticket_count);
        }
    }

    auto n = static_cast<double>(std::max(ticket_count, 1));
    Summary proposal = Summarise(proposal_ms), open = Summarise(open_ms), get = Summarise(get_ms);
    std::printf(
        "\nOne click from a room: %d tickets, one at a time, on %zu rooms of %zu accounts "
        "(2 devices each, 24 h of telemetry)\n",
        ticket_count, fleet.rooms.size(), fleet.accounts.size());
    kTable.PrintHeader("ms");
    kTable.PrintRow("GET /rooms/{id}/ticket-proposal (the form, first click)", proposal, 2, "");
    kTable.PrintRow("POST /rooms/{id}/tickets (snapshot, durable commit, read back)", open, 2, "");
    kTable.PrintRow(
        "GET /tickets/{id} (the ticket page, customer's view)", get, 2,
        std::to_string(static_cast<long>(static_cast<double>(ticket_bytes) / n)) + " bytes");
    std::string level_text, severity_text;
    for (const auto& [level, count] : levels)
        level_text += level + " " + std::to_string(count) + " ";
    for (const auto& [severity, count] : severities) {
        severity_text += severity + " " + std::to_string(count) + " ";
    }
    std::printf(
        "  snapshots: %.0f bytes, %.1f status events, %.2f alerts on average; levels: %s; "
        "severities: %s\n",
        static_cast<double>(snapshot_bytes) / n, static_cast<double>(snapshot_events) / n,
        static_cast<double>(snapshot_alerts) / n, level_text.c_str(), severity_text.c_str());

    return {{"tickets", ticket_count},
            {"fleet", FleetJson(fleet)},
            {"proposalMs", SummaryJson(proposal, 3)},
            {"openMs", SummaryJson(open, 3)},
            {"getMs", SummaryJson(get, 3)},
            {"ticketAnswerBytesMean", Round(static_cast<double>(ticket_bytes) / n, 0)},
            {"snapshotBytesMean", Round(static_cast<double>(snapshot_bytes) / n, 0)},
            {"snapshotEventsMean", Round(static_cast<double>(snapshot_events) / n, 2)},
            {"snapshotAlertsMean", Round(static_cast<double>(snapshot_alerts) / n, 2)},
            {"serviceLevels", levels},
            {"severities", severities}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Part 2: the operators' queue

struct Fill {
    std::atomic<int> next{0};
    std::atomic<int> replies{0};
    std::atomic<int> waiting{0};
    std::atomic<int> without_room{0};
    std::mutex mutex;
    std::string failure;
    std::vector<Id> numbers;  // a few tickets' numbers, for q=#number
};

// Ticket k's draw (severity, room or not, reply, wait), independent of its account (k modulo
// the accounts).
uint32_t Mix(int k) {
    uint32_t x = static_cast<uint32_t>(k) * 2654435761u;
    x ^= x >> 15;
    x *= 2246822519u;
    return x ^ (x >> 13);
}

// 5% critical, 20% high, 55% normal, 20% low.
const char* SeverityOf(uint32_t draw) {
    uint32_t r = draw % 20;
    return r == 0 ? "critical" : r <= 4 ? "high" : r <= 15 ? "normal" : "low";
}

void FillWorker(BenchServer& server, const Fleet& fleet, Fill& fill, int total, Seconds spread) {
    try {
        ApiClient admin(server.Port());
        admin.SetCookie(fleet.admin_cookie);
        ApiClient operator_client(server.Port());
        operator_client.SetCookie(fleet.operator_cookie);
        for (int k = fill.next.fetch_add(1); k < total; k = fill.next.fetch_add(1)) {
            // The clock: ticket k of total is opened at (k / total) of the spread.
            server.MoveClockTo(-spread + spread * k / total);
            size_t account_index = static_cast<size_t>(k) % fleet.accounts.size();
            const BenchAccount& account = fleet.accounts[account_index];
            size_t slot = (static_cast<size_t>(k) / fleet.accounts.size()) % account.rooms.size();
            const BenchRoom& room = fleet.rooms[account.rooms[slot]];
            // No digits in the subject: q=#number finds the number only.
            static const char* kSubjects[] = {"The display does not wake up",
                                              "No audio in Teams calls",
                                              "The camera shows a black picture",
                                              "Tap is stuck on the update screen",
                                              "Echo on the far end",
                                              "The room booking panel is blank"};
            Json body = {{"subject", kSubjects[Mix(k) / 4000 % std::size(kSubjects)]},
                         {"description", "Seen in the morning meeting; rebooting did not help."},
                         {"severity", SeverityOf(Mix(k))}};
            bool without_room = Mix(k) / 20 % 10 == 0;
            bool reply = Mix(k) / 200 % 4 == 0;
            bool wait = reply && Mix(k) / 800 % 5 == 0;
            Answer opened;
            if (without_room) {
                ++fill.without_room;
                opened = admin.Call("POST",
                                    "/api/v1/accounts/" + std::to_string(account.id) + "/tickets",
                                    body, {201});
            } else {
                opened = admin.Call("POST", "/api/v1/rooms/" + std::to_string(room.id) + "/tickets",
                                    body, {201});
            }
            Id id = opened.json["ticket"]["id"].get<Id>();
            if (k % 997 == 0) {
                std::lock_guard lock(fill.mutex);
                fill.numbers.push_back(opened.json["ticket"]["number"].get<Id>());
            }
            std::string path = "/api/v1/tickets/" + std::to_string(id);
            if (reply) {
                operator_client.Call(
                    "POST", path + "/comments",
                    {{"body", "Thanks, we are looking into it."}, {"internal", false}});
                ++fill.replies;
                if (wait) {
                    operator_client.Call("PATCH", path, {{"status", "waiting_on_customer"}});
                    ++fill.waiting;
                }
            }
            if ((k + 1) % 1000 == 0) {
                std::fprintf(stderr, "support_bench: %d/%d queue tickets\n", k + 1, total);
            }
        }
    } catch (const std::exception& failure) {
        std::lock_guard lock(fill.mutex);
        if (fill.failure.empty()) fill.failure = failure.what();
        fill.next = total;  // the others stop too
    }
}

struct Read {
    std::string label;
    std::string path;
    bool as_operator = true;
    std::vector<double> ms;
    size_t tickets = 0;  // in the last answer
    size_t bytes = 0;
    size_t breached = 0;
};

Json Queue(int queue_count, int account_count, int rooms_per_account, int queue_days, int reads,
           int threads) {
    Seconds spread = static_cast<Seconds>(queue_days) * 86400;
    BenchServer server("portal-bench-support-queue-", -spread);
    Fleet fleet = SetUpFleet(server, account_count, rooms_per_account);

    // --- The fill, through the API: 8 clients at once (writes share commits).
    Fill fill;
    auto started = SteadyClock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] { FillWorker(server, fleet, fill, queue_count, spread); });
    }
    for (std::thread& worker : workers) worker.join();
    if (!fill.failure.empty()) Fail("queue fill: " + fill.failure);
    double fill_seconds = MsBetween(started, SteadyClock::now()) / 1000;
    server.MoveClockTo(0);
    std::fprintf(stderr,
                 "support_bench: opened %d tickets (%d replies, %d waiting on the customer) "
                 "through the API in %.1f s (%.0f tickets/s with their replies)\n",
                 queue_count, fill.replies.load(), fill.waiting.load(), fill_seconds,
                 queue_count / fill_seconds);
    std::this_thread::sleep_for(std::chrono::seconds(2));

    // --- The reads.
    ApiClient operator_client(server.Port());
    operator_client.SetCookie(fleet.operator_cookie);
    ApiClient admin(server.Port());
    admin.SetCookie(fleet.admin_cookie);
    const BenchAccount& searched = fleet.accounts[fleet.accounts.size() > 2 ? 2 : 0];
    std::string account_word = searched.name.substr(searched.name.find("Customer"));
    Id number = fill.numbers.empty() ? 1001 : fill.numbers[fill.numbers.size() / 2];
    std::vector<Read> plan;
    auto plan_read = [&](std::string label, std::string path, bool as_operator = true) {
        Read read;
        read.label = std::move(label);
        read.path = std::move(path);
        read.as_operator = as_operator;
        plan.push_back(std::move(read));
    };
    plan_read("GET /support/tickets (open, no filter)", "/api/v1/support/tickets");
    plan_read("GET /support/tickets?q=" + account_word + " (an account's name)",
              "/api/v1/support/tickets?q=" + net::PercentEncode(account_word));
    plan_read("GET /support/tickets?q=#" + std::to_string(number) + " (a ticket's number)",
              "/api/v1/support/tickets?q=" + net::PercentEncode("#" + std::to_string(number)));
    plan_read("GET /support/tickets?breached=true", "/api/v1/support/tickets?breached=true");
    plan_read("GET /accounts/{id}/tickets?status=all (the account's admin)",
              "/api/v1/accounts/" + std::to_string(searched.id) + "/tickets?status=all", false);
    for (int r = 0; r < reads; ++r) {
        for (Read& read : plan) {
            ApiClient& client = read.as_operator ? operator_client : admin;
            auto t0 = SteadyClock::now();
            Answer answer = client.Call("GET", read.path, nullptr, {200}, false);
            read.ms.push_back(MsBetween(t0, SteadyClock::now()));
            if (r == 0) {
                Json json = Json::parse(answer.body);
                read.tickets = json["tickets"].size();
                read.bytes = answer.body.size();
                for (const auto& ticket : json["tickets"]) {
                    if (ticket.value("breached", false)) ++read.breached;
                }
            }
        }
    }

    // How many of the open tickets are breached in all: every account's own list (the queue
    // answers its first rows only when it caps them).
    size_t listed = 0, listed_breached = 0;
    for (const BenchAccount& account : fleet.accounts) {
        Json json = admin
                        .Call("GET", "/api/v1/accounts/" + std::to_string(account.id) +
                                         "/tickets?status=open")
                        .json;
        listed += json["tickets"].size();
        for (const auto& ticket : json["tickets"]) {
            if (ticket.value("breached", false)) ++listed_breached;
        }
    }

    std::printf(
        "\nThe operators' queue: %d open tickets over %zu accounts and %zu rooms, opened "
        "through the API over %d days (%.0f /s with %d replies and %d waiting)\n",
        queue_count, fleet.accounts.size(), fleet.rooms.size(), queue_days,
        queue_count / fill_seconds, fill.replies.load(), fill.waiting.load());
    kTable.PrintHeader("ms");
    Json queries = Json::array();
    for (const Read& read : plan) {
        Summary s = Summarise(read.ms);
        char note[96];
        std::snprintf(note, sizeof note, "%zu tickets (%zu breached), %.0f KB", read.tickets,
                      read.breached, static_cast<double>(read.bytes) / 1024);
        kTable.PrintRow(read.label, s, 1, note);
        queries.push_back({{"label", read.label},
                           {"path", read.path},
                           {"caller", read.as_operator ? "operator" : "admin"},
                           {"ms", SummaryJson(s, 2)},
                           {"ticketsAnswered", read.tickets},
                           {"breachedAnswered", read.breached},
                           {"answerBytes", read.bytes}});
    }

    std::printf("  every account's own list (?status=open): %zu tickets, %zu of them breached\n",
                listed, listed_breached);
    return {{"openTickets", queue_count},
            {"fleet", FleetJson(fleet)},
            {"accountListsOpen", {{"tickets", listed}, {"breached", listed_breached}}},
            {"fill",
             {{"via", "api"},
              {"clients", threads},
              {"days", queue_days},
              {"seconds", Round(fill_seconds, 1)},
              {"ticketsPerSecond", Round(queue_count / fill_seconds, 0)},
              {"withoutRoom", fill.without_room.load()},
              {"operatorReplies", fill.replies.load()},
              {"waitingOnCustomer", fill.waiting.load()}}},
            {"reads", reads},
            {"queries", queries}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Part 3: support::ComputeDueTimes alone

std::vector<support::ClockInput> DueInputs(const ServiceLevelSpec* level, TimeZones& zones,
                                           int count, Seconds now) {
    static const support::Severity kSeverities[] = {
        support::Severity::Critical, support::Severity::High, support::Severity::Normal,
        support::Severity::Low};
    std::vector<support::ClockInput> inputs;
    inputs.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        support::ClockInput input;
        input.level = level;
        input.severity = kSeverities[i % 4];
        input.zone = &zones.Get(kPlaces[static_cast<size_t>(i) % std::size(kPlaces)].time_zone);
        // Created over the last 14 days (a prime stride spreads them over every hour).
        input.created_at = now - (static_cast<Seconds>(i) * 7919) % (14 * 86400) - 60;
        input.now = now;
        auto change = [&](Seconds after, support::TicketStatus to) {
            Seconds at = input.created_at + after;
            if (at < now) input.changes.push_back({at, to});
        };
        if (i % 2 == 0) {
            change(1800, support::TicketStatus::InProgress);
            input.first_response_at = input.created_at + 1800;
        }
        if (i % 6 == 0) {  // a pause of a day waiting on the customer
            change(3 * 3600, support::TicketStatus::WaitingOnCustomer);
            change(27 * 3600, support::TicketStatus::InProgress);
        }
        if (i % 12 == 0) {  // and another, still going on
            change(2 * 86400, support::TicketStatus::WaitingOnCustomer);
        }
        inputs.push_back(std::move(input));
    }
    return inputs;
}

struct CoreFigures {
    Summary ns_per_ticket;
    size_t breached = 0;
    size_t paused = 0;
};

CoreFigures TimeDueTimes(const std::vector<support::ClockInput>& inputs, int passes) {
    CoreFigures figures;
    std::vector<double> per_ticket;
    Seconds sink = 0;
    for (int p = 0; p <= passes; ++p) {  // pass 0 warms up
        size_t breached = 0, paused = 0;
        auto started = SteadyClock::now();
        for (const support::ClockInput& input : inputs) {
            support::DueTimes due = support::ComputeDueTimes(input);
            sink ^= due.first_response_due ^ due.resolution_due;
            breached += due.breached() ? 1 : 0;
            paused += due.paused ? 1 : 0;
        }
        double ns = std::chrono::duration<double, std::nano>(SteadyClock::now() - started).count();
        if (p > 0) per_ticket.push_back(ns / static_cast<double>(inputs.size()));
        figures.breached = breached;
        figures.paused = paused;
    }
    if (sink == 42) std::fprintf(stderr, " ");  // keeps the calls
    figures.ns_per_ticket = Summarise(per_ticket);
    return figures;
}

Json Core(int count, int passes) {
    Catalogue catalogue;
    std::string error;
    if (!LoadCatalogueFile(std::string(PORTAL_BENCH_ASSETS_DIR) + "/catalogue.json", catalogue,
                           error)) {
        Fail("catalogue: " + error);
    }
    TimeZones zones;
    Seconds now = UnixNow();
    std::printf(
        "\nCore support::ComputeDueTimes: %d tickets of every severity created over 14 "
        "days in 5 zones, a third with pauses, half answered; %d passes\n",
        count, passes);
    kTable.PrintHeader("ns");
    Json levels = Json::object();
    for (const char* id : {support::kSelectLevel, support::kStandardLevel}) {
        const ServiceLevelSpec* level = catalogue.FindServiceLevel(id);
        if (!level) Fail(std::string("no service level ") + id + " in the catalogue");
        std::vector<support::ClockInput> inputs = DueInputs(level, zones, count, now);
        CoreFigures figures = TimeDueTimes(inputs, passes);
        std::string label =
            std::string("per ticket, ") + (std::string(id) == support::kSelectLevel
                                               ? "select (24/7)"
                                               : "standard (Mon-Fri 09:00-17:00, local)");
        char note[64];
        std::snprintf(note, sizeof note, "%zu breached, %zu paused", figures.breached,
                      figures.paused);
        kTable.PrintRow(label, figures.ns_per_ticket, 0, note);
        levels[id] = {{"nsPerTicket", SummaryJson(figures.ns_per_ticket, 1)},
                      {"breached", figures.breached},
                      {"paused", figures.paused}};
    }
    return {{"tickets", count}, {"passes", passes}, {"levels", levels}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] main

int Main(int argc, char** argv) {
    std::string out;
    std::string part = "all";
    int tickets = 500, queue = 10000, accounts = 10, rooms_per_account = 50, queue_days = 5,
        reads = 30, core_tickets = 10000, passes = 20, threads = 8;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) Fail(arg + " needs a value");
            return argv[++i];
        };
        auto number = [&]() { return std::stoi(value()); };
        if (arg == "--out") {
            out = value();
        } else if (arg == "--tickets") {
            tickets = number();
        } else if (arg == "--queue") {
            queue = number();
        } else if (arg == "--accounts") {
            accounts = number();
        } else if (arg == "--rooms-per-account") {
            rooms_per_account = number();
        } else if (arg == "--queue-days") {
            queue_days = number();
        } else if (arg == "--reads") {
            reads = number();
        } else if (arg == "--core-tickets") {
            core_tickets = number();
        } else if (arg == "--passes") {
            passes = number();
        } else if (arg == "--clients") {
            threads = number();
        } else if (arg == "--part") {
            part = value();
        } else {
            Fail("unknown argument " + arg +
                 " (--out FILE --tickets N --queue N --accounts N --rooms-per-account N "
                 "--queue-days N --reads N --core-tickets N --passes N --clients N "
                 "--part all|room|queue|core)");
        }
    }
    if (part != "all" && part != "room" && part != "queue" && part != "core") {
        Fail("--part all|room|queue|core");
    }
    if (tickets < 1 || queue < 1 || accounts < 1 || accounts > 99 || rooms_per_account < 5 ||
        rooms_per_account > 999 || queue_days < 1 || reads < 1 || core_tickets < 1 || passes < 1 ||
        threads < 1) {
        Fail("sizes out of range");
    }
    signal(SIGPIPE, SIG_IGN);

    Json result = ResultHead("support");
    if (part == "all" || part == "room") {
        result["roomTicket"] = RoomTickets(tickets, accounts, rooms_per_account);
    }
    if (part == "all" || part == "queue") {
        result["queue"] = Queue(queue, accounts, rooms_per_account, queue_days, reads, threads);
    }
    if (part == "all" || part == "core") result["core"] = Core(core_tickets, passes);
    FinishResult(result, out);
    return 0;
}

}  // namespace
}  // namespace portal::server::bench

int main(int argc, char** argv) {
    return portal::server::bench::RunMain("support_bench", portal::server::bench::Main, argc, argv);
}

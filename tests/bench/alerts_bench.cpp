// Alerts benchmark (issue 13), run by scripts/bench-alerts. Two parts:
//
//   e2e        From the telemetry batch that makes a device offline (a device_offline rule with
//              forSeconds 0) to the mail accepted by a real SMTP server and to the incident
//              created on the ServiceNow fake, one alert at a time (goal: p95 <= 2 s on
//              loopback). The real Server runs in-process on a free port (fresh SQLite file, demo
//              data, alert worker tick 200 ms); tests/server/smtp_sink.py (aiosmtpd) is a child
//              process whose files are watched with inotify (the time a mail's file is renamed
//              into place: just before SMTP answers 250); the fake records when it stored each
//              incident. Everything is set up through the HTTP API as Contoso's admin would: rooms,
//              licenses (an order registered by the demo operator), a device per room, an agent
//              token, a ServiceNow channel, and per room an email channel and a rule (an email
//              channel sends at most one mail per 30 s: one channel per room keeps every alert's
//              mail its own); the account's other rules are disabled.
//   evaluator  EvaluateAlerts (server/alerts/alerts_store.h) inside Store::Write on an account of
//              10,000 rooms with 2 devices each, every room licensed (Select), 5 rules (the default
//              "Device offline for 5 minutes" and one per condition), status rows for every
//              device and room: batches touching 1 room and 10 rooms (both devices of each room
//              flip offline, then online: alerts fire, resolve, pending ones drop), the worker's
//              sweep (every room), and core alerts::Evaluate alone on 10,000 rooms (goal: <= 5 ms
//              per batch). The simulated clock moves 1 s per batch.
//
// Usage: alerts_bench [--out FILE.json] [--alerts 200] [--rooms 10000] [--batches 1000]
//                     [--sweeps 20] [--part all|e2e|evaluator]
// Prints a table; --out writes the figures as JSON.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "core/alerts.h"
#include "core/catalogue.h"
#include "core/date.h"
#include "core/telemetry.h"
#include "server/alerts/alerts_store.h"
#include "server/catalogue_file.h"
#include "server/config.h"
#include "server/database.h"
#include "server/http_server.h"
#include "server/store.h"
#include "servicenow_fake.h"

namespace portal::server::bench {
namespace {

// Its tables: a goal beside p50, p95 and max.
constexpr Table kTable{58, false, "goal"};
// Its API calls' read timeout (support_bench's long lists want more).
constexpr int kReadTimeoutSeconds = 120;

// ---------------------------------------------------------------------------------------------
// [SECTION] The SMTP sink (tests/server/smtp_sink.py) and the mails it writes

class SmtpSinkProcess {
  public:
    SmtpSinkProcess(const std::filesystem::path& out_dir) {
        int out[2];
        if (pipe(out) != 0) Fail("pipe failed");
        pid_ = fork();
        if (pid_ < 0) Fail("fork failed");
        if (pid_ == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM);  // gone with us, however we end
            dup2(out[1], STDOUT_FILENO);
            close(out[0]);
            close(out[1]);
            execl(PORTAL_BENCH_PYTHON3, PORTAL_BENCH_PYTHON3, PORTAL_BENCH_SMTP_SINK,
                  out_dir.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        close(out[1]);
        // Its first line is the port it bound.
        std::string line;
        auto deadline = SteadyClock::now() + std::chrono::seconds(20);
        while (line.find('\n') == std::string::npos) {
            pollfd fd{out[0], POLLIN, 0};
            int left = static_cast<int>(
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now())
                    .count());
            if (left <= 0 || poll(&fd, 1, left) <= 0) Fail("smtp_sink.py did not say its port");
            char buffer[64];
            ssize_t n = read(out[0], buffer, sizeof buffer);
            if (n <= 0) Fail("smtp_sink.py exited (is python3-aiosmtpd installed?)");
            line.append(buffer, static_cast<size_t>(n));
        }
        stdout_ = out[0];
        port_ = std::atoi(line.c_str());
        if (port_ <= 0) Fail("smtp_sink.py printed no port: " + line);
    }
    ~SmtpSinkProcess() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            int status = 0;
            waitpid(pid_, &status, 0);
        }
        if (stdout_ >= 0) close(stdout_);
    }
    SmtpSinkProcess(const SmtpSinkProcess&) = delete;
    SmtpSinkProcess& operator=(const SmtpSinkProcess&) = delete;
    int port() const { return port_; }

  private:
    pid_t pid_ = -1;
    int stdout_ = -1;
    int port_ = 0;
};

// Watches the sink's directory with inotify: each NNNN.json renamed into place is stamped with
// the time it appeared, then read, and remembered per recipient (the first mail to each).
class MailWatcher {
  public:
    struct Mail {
        SteadyClock::time_point at;
        std::string subject;
        std::string body;
    };

    explicit MailWatcher(std::filesystem::path dir) : dir_(std::move(dir)) {
        inotify_ = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
        stop_ = eventfd(0, EFD_CLOEXEC);
        if (inotify_ < 0 || stop_ < 0) Fail("inotify/eventfd failed");
        if (inotify_add_watch(inotify_, dir_.c_str(), IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
            Fail("inotify_add_watch failed on " + dir_.string());
        }
        thread_ = std::thread([this] { Loop(); });
    }
    ~MailWatcher() {
        uint64_t one = 1;
        if (write(stop_, &one, sizeof one) < 0) std::perror("eventfd write");
        thread_.join();
        close(inotify_);
        close(stop_);
    }
    MailWatcher(const MailWatcher&) = delete;
    MailWatcher& operator=(const MailWatcher&) = delete;

    std::optional<Mail> Find(const std::string& recipient) const {
        std::lock_guard lock(mutex_);
        auto found = by_recipient_.find(recipient);
        if (found == by_recipient_.end()) return std::nullopt;
        return found->second;
    }
    size_t MailCount() const {
        std::lock_guard lock(mutex_);
        return files_;
    }
    size_t MailsTo(const std::string& recipient) const {
        std::lock_guard lock(mutex_);
        auto found = counts_.find(recipient);
        return found == counts_.end() ? 0 : found->second;
    }

  private:
    void Loop() {
        alignas(inotify_event) char buffer[16384];
        for (;;) {
            pollfd fds[2] = {{inotify_, POLLIN, 0}, {stop_, POLLIN, 0}};
            if (poll(fds, 2, -1) < 0) continue;
            if (fds[1].revents) return;
            ssize_t n = read(inotify_, buffer, sizeof buffer);
            if (n <= 0) continue;
            auto at = SteadyClock::now();
            for (ssize_t offset = 0; offset < n;) {
                const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
                offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
                if (!(event->mask & IN_MOVED_TO) || event->len == 0) continue;
                std::string name = event->name;
                if (name.size() < 5 || name.compare(name.size() - 5, 5, ".json") != 0) continue;
                Read(dir_ / name, at);
            }
        }
    }
    void Read(const std::filesystem::path& path, SteadyClock::time_point at) {
        std::ifstream in(path);
        Json mail = Json::parse(in, nullptr, false);
        std::lock_guard lock(mutex_);
        ++files_;
        if (mail.is_discarded() || !mail.contains("rcpt_tos")) return;
        Mail record{at, "", mail.value("body", "")};
        if (mail.contains("headers") && mail["headers"].is_object()) {
            record.subject = mail["headers"].value("subject", "");
        }
        for (const auto& to : mail["rcpt_tos"]) {
            if (!to.is_string()) continue;
            std::string address = to.get<std::string>();
            ++counts_[address];
            by_recipient_.emplace(address, record);
        }
    }

    std::filesystem::path dir_;
    int inotify_ = -1;
    int stop_ = -1;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::map<std::string, Mail> by_recipient_;
    std::map<std::string, size_t> counts_;
    size_t files_ = 0;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Part 1: end-to-end latency

constexpr const char* kAdminEmail = "dana.lee@contoso.example";  // assets/demo/demo.json
constexpr const char* kAdminPassword = "contoso-admin";
constexpr const char* kOperatorEmail = "olivia.ops@portal.example";
constexpr const char* kOperatorPassword = "portal-operator";

struct BenchRoom {
    Id id = 0;
    std::string name;
    std::string serial;
    std::string recipient;
    Id email_channel = 0;
    Id rule = 0;
};

Json EndToEnd(int alert_count) {
    TempDir dir("portal-bench-alerts-");
    std::filesystem::path mail_dir = dir.path() / "mail";
    std::filesystem::create_directories(mail_dir);
    MailWatcher mails(mail_dir);
    SmtpSinkProcess sink(mail_dir);
    testing::ServiceNowFake fake;

    Config config = BenchConfig(dir.path());
    config.smtp_url = "smtp://127.0.0.1:" + std::to_string(sink.port());
    config.outbound_allow_private = true;
    config.alerts_tick_ms = 200;
    ServerThread server(config);
    std::fprintf(stderr,
                 "alerts_bench: server on port %d (started in %.0f ms), SMTP sink on %d, "
                 "ServiceNow fake at %s\n",
                 server.Port(), server.start_ms(), sink.port(), fake.Url().c_str());

    // --- Set-up through the API.
    auto setup_started = SteadyClock::now();
    ApiClient admin(server.Port(), kReadTimeoutSeconds);
    admin.SignIn(kAdminEmail, kAdminPassword);
    Id account = 0;
    Answer accounts = admin.Call("GET", "/api/v1/accounts");
    for (const auto& a : accounts.json["accounts"]) {
        if (a.value("role", "") == "admin") {
            if (account != 0) Fail(std::string(kAdminEmail) + " administers several accounts");
            account = a["id"].get<Id>();
        }
    }
    if (account == 0) Fail(std::string(kAdminEmail) + " administers no account");
    std::string acc = "/api/v1/accounts/" + std::to_string(account);
    std::string today = FormatDate(UtcDate(std::chrono::system_clock::now()));

    // Licenses: the operator registers a Select order of Contoso's (matched to its headquarters
    // by company and address, R-ORD-3).
    ApiClient operator_client(server.Port(), kReadTimeoutSeconds);
    operator_client.SignIn(kOperatorEmail, kOperatorPassword);
    Json party_address = {
        {"line1", "1 Bench Road"}, {"city", "Berlin"}, {"postalCode", "10115"}, {"country", "DE"}};
    Json contoso = {{"name", "Dana Lee"},
                    {"email", kAdminEmail},
                    {"company", "Contoso Ltd"},
                    {"address",
                     {{"line1", "Friedrichstraße 68"},
                      {"city", "Berlin"},
                      {"postalCode", "10117"},
                      {"country", "DE"}}}};
    Json order = SelectOrder("ALERTS-BENCH-" + std::to_string(UnixNow()), today, alert_count,
                             contoso, party_address);
    Json placed = operator_client.Call("POST", "/api/v1/orders", order).json;
    if (placed["order"].value("accountId", Json(nullptr)) != Json(account)) {
        Fail("the order was not matched to Contoso's account: " + placed.dump().substr(0, 400));
    }
    Id contract = placed["order"]["contracts"][0]["id"].get<Id>();

    // Rooms, a license and a device each.
    Json rows = Json::array();
    for (int i = 0; i < alert_count; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "Alerts bench %04d", i);
        rows.push_back({{"name", name},
                        {"site", "Alerts bench"},
                        {"country", "DE"},
                        {"capacity", 8},
                        {"timeZone", "Europe/Berlin"}});
    }
    Json created = admin.Call("POST", acc + "/rooms/import", rows).json["created"];
    if (static_cast<int>(created.size()) != alert_count) {
        Fail("imported " + std::to_string(created.size()) + " rooms");
    }
    std::vector<BenchRoom> rooms;
    for (int i = 0; i < alert_count; ++i) {
        BenchRoom room;
        room.id = created[static_cast<size_t>(i)]["id"].get<Id>();
        room.name = created[static_cast<size_t>(i)]["name"].get<std::string>();
        char serial[32];
        std::snprintf(serial, sizeof serial, "ALERTBENCH%04d", i);
        room.serial = serial;
        char recipient[64];
        std::snprintf(recipient, sizeof recipient, "room-%04d@alerts-bench.example", i);
        room.recipient = recipient;
        admin.Call("POST", "/api/v1/rooms/" + std::to_string(room.id) + "/licenses",
                   {{"contractId", contract}});
        admin.Call("POST", acc + "/devices",
                   {{"serial", room.serial},
                    {"product", "rally-bar"},
                    {"roomId", room.id},
                    {"purchaseDate", today}});
        rooms.push_back(room);
    }

    // An agent token; every bench device reports online a minute ago (status rows exist).
    std::string token =
        admin.Call("POST", acc + "/agent-tokens", {{"name", "Alerts bench"}}).json["token"];
    ApiClient agent(server.Port(), kReadTimeoutSeconds);
    agent.SetBearer(token);
    {
        Json events = Json::array();
        for (const BenchRoom& room : rooms) {
            events.push_back({{"type", "device"},
                              {"serial", room.serial},
                              {"at", telemetry::FormatUtcTime(UnixNow() - 60)},
                              {"status", "online"}});
        }
        agent.Call("POST", "/api/v1/telemetry",
                   {{"batchId", "alerts-bench-online"}, {"events", events}});
    }

    // Channels and rules.
    Id servicenow = admin
                        .Call("POST", acc + "/alert-channels",
                              {{"type", "servicenow"},
                               {"name", "ServiceNow (bench fake)"},
                               {"instanceUrl", fake.Url()},
                               {"auth",
                                {{"type", "basic"},
                                 {"username", fake.options().user},
                                 {"password", fake.options().password}}}})
                        .json["id"]
                        .get<Id>();
    std::vector<Id> ours;
    for (BenchRoom& room : rooms) {
        room.email_channel = admin
                                 .Call("POST", acc + "/alert-channels",
                                       {{"type", "email"},
                                        {"name", room.name},
                                        {"recipients", Json::array({room.recipient})},
                                        {"language", "en"}})
                                 .json["id"]
                                 .get<Id>();
        room.rule = admin
                        .Call("POST", acc + "/alert-rules",
                              {{"name", room.name + " device offline"},
                               {"condition", "device_offline"},
                               {"forSeconds", 0},
                               {"severity", "major"},
                               {"scope", {{"rooms", Json::array({room.id})}}},
                               {"channels", Json::array({room.email_channel, servicenow})}})
                        .json["id"]
                        .get<Id>();
        ours.push_back(room.rule);
    }
    int disabled = 0;
    Answer rules = admin.Call("GET", acc + "/alert-rules");
    for (const auto& rule : rules.json["alertRules"]) {
        Id id = rule["id"].get<Id>();
        if (std::find(ours.begin(), ours.end(), id) != ours.end() ||
            !rule.value("enabled", false)) {
            continue;
        }
        admin.Call("PATCH", "/api/v1/alert-rules/" + std::to_string(id), {{"enabled", false}});
        ++disabled;
    }
    double setup_ms = MsBetween(setup_started, SteadyClock::now());
    std::fprintf(stderr,
                 "alerts_bench: set up %d rooms, licenses, devices, channels and rules in %.1f s "
                 "(%d other rule(s) disabled)\n",
                 alert_count, setup_ms / 1000, disabled);
    // Let what the set-up queued (order mails...) drain before measuring.
    std::this_thread::sleep_for(std::chrono::seconds(2));

    // --- One alert at a time.
    std::vector<double> answer_ms, mail_ms, incident_ms, both_ms;
    std::string correlation_prefix;  // "portal:<install id>:alert:", from the first incident
    for (int i = 0; i < alert_count; ++i) {
        const BenchRoom& room = rooms[static_cast<size_t>(i)];
        Json batch = {{"batchId", "alerts-bench-offline-" + std::to_string(i)},
                      {"events", Json::array({{{"type", "device"},
                                               {"serial", room.serial},
                                               {"at", telemetry::FormatUtcTime(UnixNow())},
                                               {"status", "offline"}}})}};
        auto t0 = SteadyClock::now();
        agent.Call("POST", "/api/v1/telemetry", batch, {200, 201, 202});
        auto answered = SteadyClock::now();
        answer_ms.push_back(MsBetween(t0, answered));

        // The alert the batch raised (committed with the batch).
        Id alert_id = 0;
        Json listed =
            admin.Call("GET", acc + "/alerts?state=firing&roomId=" + std::to_string(room.id))
                .json["alerts"];
        for (const auto& alert : listed) {
            if (alert.value("serial", Json(nullptr)) == Json(room.serial)) alert_id = alert["id"];
        }
        if (alert_id == 0)
            Fail("no firing alert for " + room.serial +
                 " after its batch: " + listed.dump().substr(0, 400));
        std::string suffix = ":alert:" + std::to_string(alert_id);

        std::optional<MailWatcher::Mail> mail;
        std::optional<testing::ServiceNowFake::Created> incident;
        auto deadline = t0 + std::chrono::seconds(60);
        while (!mail || !incident) {
            if (!mail) mail = mails.Find(room.recipient);
            if (!incident) {
                if (!correlation_prefix.empty()) {
                    incident = fake.FindCreated("correlation_id",
                                                correlation_prefix + std::to_string(alert_id));
                } else {
                    for (const auto& found : fake.Incidents()) {
                        auto it = found.find("correlation_id");
                        if (it == found.end() || it->second.size() < suffix.size() ||
                            it->second.compare(it->second.size() - suffix.size(), suffix.size(),
                                               suffix) != 0) {
                            continue;
                        }
                        correlation_prefix =
                            it->second.substr(0, it->second.size() - suffix.size()) + ":alert:";
                        incident = fake.FindCreated("correlation_id", it->second);
                    }
                }
            }
            if (mail && incident) break;
            if (SteadyClock::now() > deadline) {
                Json alert = admin.Call("GET", "/api/v1/alerts/" + std::to_string(alert_id)).json;
                Fail("alert " + std::to_string(alert_id) + " (" + room.serial +
                     "): " + (mail ? "" : "no mail ") + (incident ? "" : "no incident ") +
                     "within 60 s; deliveries: " + alert["deliveries"].dump());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        std::string link = "/#/alerts/" + std::to_string(alert_id) + "?account=";
        if (mail->body.find(link) == std::string::npos) {
            Fail("the mail to " + room.recipient + " does not link alert " +
                 std::to_string(alert_id) + ": " + mail->subject);
        }
        mail_ms.push_back(MsBetween(t0, mail->at));
        incident_ms.push_back(MsBetween(t0, incident->at));
        both_ms.push_back(MsBetween(t0, std::max(mail->at, incident->at)));
        if ((i + 1) % 50 == 0) {
            std::fprintf(stderr, "alerts_bench: %d/%d alerts delivered\n", i + 1, alert_count);
        }
    }

    // Exactly one incident per alert, one mail per room.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    size_t incidents = fake.Incidents().size();
    size_t room_mails = 0;
    for (const BenchRoom& room : rooms) room_mails += mails.MailsTo(room.recipient);
    int posts = fake.RequestCount("POST");
    int gets = fake.RequestCount("GET");
    if (incidents != static_cast<size_t>(alert_count)) {
        Fail("the fake holds " + std::to_string(incidents) + " incidents for " +
             std::to_string(alert_count) + " alerts");
    }

    Summary answer = Summarise(answer_ms), to_mail = Summarise(mail_ms),
            to_incident = Summarise(incident_ms), to_both = Summarise(both_ms);
    std::printf("\nEnd to end: %d alerts, one at a time (loopback; alert worker tick %d ms)\n",
                alert_count, config.alerts_tick_ms);
    kTable.PrintHeader("ms");
    kTable.PrintRow("POST /telemetry answered (batch committed, alert stored)", answer, 1, "");
    kTable.PrintRow("batch -> mail accepted by SMTP", to_mail, 1, "p95 <= 2000");
    kTable.PrintRow("batch -> incident created on the ServiceNow fake", to_incident, 1,
                    "p95 <= 2000");
    kTable.PrintRow("batch -> both", to_both, 1, "p95 <= 2000");
    std::printf(
        "  checks: %zu incidents for %d alerts (%d POST, %d GET on the fake); %zu mails to "
        "the bench rooms' channels (%zu files in the sink)\n",
        incidents, alert_count, posts, gets, room_mails, mails.MailCount());

    return {{"alerts", alert_count},
            {"alertsTickMs", config.alerts_tick_ms},
            {"setupSeconds", Round(setup_ms / 1000, 1)},
            {"postAnsweredMs", SummaryJson(answer, 2)},
            {"batchToMailMs", SummaryJson(to_mail, 2)},
            {"batchToIncidentMs", SummaryJson(to_incident, 2)},
            {"batchToBothMs", SummaryJson(to_both, 2)},
            {"goalP95Ms", 2000},
            {"incidents", incidents},
            {"mailsToBenchChannels", room_mails},
            {"servicenowPosts", posts},
            {"servicenowGets", gets}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Part 2: the evaluator on 10,000 rooms

struct EvaluatorData {
    TempDir dir{"portal-bench-evaluator-"};
    std::unique_ptr<Store> store;
    Catalogue catalogue;
    Id account = 0;
    std::vector<Id> rooms;
    std::vector<std::string> serials;  // 2 per room, room i's at 2i, 2i+1
    Seconds start = 0;                 // the simulated clock at the end of the fill
};

void Check(bool ok, const std::string& what, const std::string& error) {
    if (!ok) Fail(what + ": " + error);
}

bool SqlRun(Database& db, Statement& statement, std::string& error) {
    if (statement.Run()) return true;
    error = db.LastMessage();
    return false;
}

void Fill(EvaluatorData& data, int room_count) {
    std::string error;
    Check(LoadCatalogueFile(std::string(PORTAL_BENCH_ASSETS_DIR) + "/catalogue.json",
                            data.catalogue, error),
          "catalogue", error);
    data.store = Store::Open((data.dir.path() / "bench.db").string(), error);
    if (!data.store) Fail("open: " + error);
    Seconds now = UnixNow();
    data.start = now;
    Date today = UtcDate(std::chrono::system_clock::now());
    Date bought = AddDays(today, -30);
    auto started = SteadyClock::now();
    bool ok = data.store->Write(
        [&](Store::Writer& w, std::string& e) {
            ParentEntity parent{0, "Bench Alerts"};
            if (!w.InsertParentEntity(parent, e)) return false;
            Account account{0,        parent.id, "Bench Alerts HQ", AccountKind::Headquarters, "DE",
                            "Berlin", "10117"};
            if (!w.InsertAccount(account, e)) return false;
            data.account = account.id;
            // The default alerting of every new account: "Account admins" and its rule.
            if (!CreateDefaultAlerting(w, account.id, account.country, now, e)) return false;
            for (int i = 0; i < room_count; ++i) {
                Room room;
                room.account_id = account.id;
                room.name = "Room " + std::to_string(i);
                room.site = "Site " + std::to_string(i / 200);
                room.country = "DE";
                room.capacity = 4 + i % 12;
                if (!w.InsertRoom(room, e)) return false;
                data.rooms.push_back(room.id);
            }
            Order order;
            order.po_number = "BENCH-ALERTS-1";
            order.purchase_date = bought;
            order.lines = {{"SELECT-3Y", room_count}};
            Address address{"Friedrichstraße 68", "Berlin", "10117", "DE",
                            AccountKind::Headquarters};
            order.end_customer = {"Bench Admin", "admin@bench.example", "Bench Alerts", address};
            order.reseller = {"Reseller", "sales@reseller.example", "", address};
            order.distributor = {"Distributor", "orders@distributor.example", "", address};
            order.account_id = account.id;
            order.status = OrderStatus::Processed;
            std::vector<Contract> contracts;
            if (!w.InsertOrder(data.catalogue, order, contracts, e)) return false;
            if (contracts.size() != 1) {
                e = "the order made " + std::to_string(contracts.size()) + " contracts";
                return false;
            }
            // Every room licensed since the order, two devices in each.
            Change change;
            change.on = bought;
            change.contracts_started = {contracts[0].id};
            static const char* kProducts[] = {"rally-bar", "tap"};
            for (int i = 0; i < room_count; ++i) {
                Assignment assignment;
                assignment.contract_id = contracts[0].id;
                assignment.slot = i;
                assignment.room_id = data.rooms[static_cast<size_t>(i)];
                assignment.assigned_on = bought;
                change.new_assignments.push_back(assignment);
                for (int k = 0; k < 2; ++k) {
                    char serial[32];
                    std::snprintf(serial, sizeof serial, "BENCH%05dD%d", i, k);
                    data.serials.push_back(serial);
                    change.new_devices.push_back(
                        {serial, account.id, kProducts[k], assignment.room_id, bought});
                }
            }
            std::vector<Id> ids;
            if (!w.ApplyChange(change, ids, e)) return false;

            // One rule per condition besides the default, to the default channel.
            std::vector<ChannelRecord> channels;
            if (!ListAlertChannels(w, account.id, channels, e)) return false;
            if (channels.empty()) {
                e = "no default channel";
                return false;
            }
            struct {
                const char* name;
                alerts::Condition condition;
                Seconds for_seconds;
                alerts::Severity severity;
            } rules[] = {
                {"Device offline", alerts::Condition::DeviceOffline, 0, alerts::Severity::Major},
                {"Room offline", alerts::Condition::RoomOffline, 0, alerts::Severity::Critical},
                // Longer than the whole run's simulated time: no room goes quiet that long.
                {"No telemetry for 2 hours", alerts::Condition::NoTelemetry, 7200,
                 alerts::Severity::Minor},
                {"Over capacity", alerts::Condition::OverCapacity, 0, alerts::Severity::Warning},
            };
            for (const auto& r : rules) {
                api::AlertRule rule;
                rule.account_id = account.id;
                rule.name = r.name;
                rule.condition = r.condition;
                rule.for_seconds = r.for_seconds;
                rule.severity = r.severity;
                rule.channels = {channels[0].channel.id};
                rule.created_at = now;
                if (!InsertAlertRule(w, rule, 0, e)) return false;
            }

            // Status rows, as telemetry leaves them: every device online, people in every room.
            Database& db = w.db();
            Statement device = db.Prepare(
                "INSERT INTO device_status (serial, account_id, online, at) VALUES (?1, ?2, 1, "
                "?3)");
            Statement room = db.Prepare(
                "INSERT INTO room_status (room_id, people, people_at) VALUES (?1, ?2, ?3)");
            if (!device.Valid() || !room.Valid()) {
                e = db.LastMessage();
                return false;
            }
            for (const std::string& serial : data.serials) {
                device.Reset();
                device.Bind(1, serial);
                device.Bind(2, int64_t{account.id});
                device.Bind(3, int64_t{now - 60});
                if (!SqlRun(db, device, e)) return false;
            }
            for (size_t i = 0; i < data.rooms.size(); ++i) {
                room.Reset();
                room.Bind(1, int64_t{data.rooms[i]});
                room.Bind(2, static_cast<int64_t>(i % 4));
                room.Bind(3, int64_t{now - 60});
                if (!SqlRun(db, room, e)) return false;
            }
            return true;
        },
        error);
    Check(ok, "fill", error);
    std::fprintf(stderr,
                 "alerts_bench: evaluator data: %d rooms, %zu devices, licenses, 5 rules, status "
                 "rows written in %.1f s\n",
                 room_count, data.serials.size(), MsBetween(started, SteadyClock::now()) / 1000);
}

struct BatchRun {
    std::vector<double> evaluate_ms;  // EvaluateAlerts alone
    std::vector<double> write_ms;     // the whole Store::Write: status update, evaluation, commit
    int deliveries = 0;
    int changed = 0;
};

// `batches` batches of `per_batch` rooms from room `first` on: batch 2g sets both devices of its
// rooms offline, batch 2g+1 back online. The clock moves 1 s per batch.
BatchRun RunBatches(EvaluatorData& data, Seconds& clock, int first, int per_batch, int batches) {
    BatchRun run;
    std::string error;
    for (int b = 0; b < batches; ++b) {
        clock += 1;
        int group = b / 2;
        bool online = b % 2 == 1;
        std::vector<Id> ids;
        std::vector<std::string> serials;
        for (int k = 0; k < per_batch; ++k) {
            size_t index = static_cast<size_t>(first + group * per_batch + k) % data.rooms.size();
            ids.push_back(data.rooms[index]);
            serials.push_back(data.serials[2 * index]);
            serials.push_back(data.serials[2 * index + 1]);
        }
        EvaluationOutcome outcome;
        auto started = SteadyClock::now();
        bool ok = data.store->Write(
            [&](Store::Writer& w, std::string& e) {
                Database& db = w.db();
                Statement update =
                    db.Prepare("UPDATE device_status SET online = ?1, at = ?2 WHERE serial = ?3");
                if (!update.Valid()) {
                    e = db.LastMessage();
                    return false;
                }
                for (const std::string& serial : serials) {
                    update.Reset();
                    update.Bind(1, int64_t{online ? 1 : 0});
                    update.Bind(2, int64_t{clock});
                    update.Bind(3, serial);
                    if (!SqlRun(db, update, e)) return false;
                }
                auto evaluated = SteadyClock::now();
                bool result =
                    EvaluateAlerts(w, data.catalogue, data.account, &ids, clock, outcome, e);
                run.evaluate_ms.push_back(MsBetween(evaluated, SteadyClock::now()));
                return result;
            },
            error);
        Check(ok, "batch", error);
        run.write_ms.push_back(MsBetween(started, SteadyClock::now()));
        run.deliveries += outcome.deliveries;
        run.changed += outcome.changed ? 1 : 0;
    }
    return run;
}

// The core evaluator alone: 10,000 rooms with 2 devices each, the same 5 rules.
struct CoreRun {
    std::vector<double> all_well_ms;
    std::vector<double> some_offline_ms;
    size_t open_alerts = 0;
};

CoreRun RunCore(int room_count, int iterations) {
    alerts::EvaluationInput input;
    Seconds now = UnixNow();
    input.now = now;
    struct {
        alerts::Condition condition;
        Seconds for_seconds;
    } rules[] = {{alerts::Condition::DeviceOffline, 300},
                 {alerts::Condition::DeviceOffline, 0},
                 {alerts::Condition::RoomOffline, 0},
                 {alerts::Condition::NoTelemetry, 7200},
                 {alerts::Condition::OverCapacity, 0}};
    Id next_id = 1;
    for (const auto& r : rules) {
        alerts::Rule rule;
        rule.id = next_id++;
        rule.account_id = 1;
        rule.name = std::string(alerts::ConditionName(r.condition));
        rule.condition = r.condition;
        rule.for_seconds = r.for_seconds;
        rule.channels = {1};
        input.rules.push_back(rule);
    }
    for (int i = 0; i < room_count; ++i) {
        alerts::RoomFacts room;
        room.room_id = 1000 + i;
        room.name = "Room " + std::to_string(i);
        room.site = "Site " + std::to_string(i / 200);
        room.capacity = 4 + i % 12;
        room.alerts_entitled = true;
        room.people = i % 4;
        room.people_at = now - 60;
        room.last_event_at = now - 60;
        for (int k = 0; k < 2; ++k) {
            room.devices.push_back(
                {"BENCH" + std::to_string(i) + "D" + std::to_string(k), true, now - 60});
        }
        input.rooms.push_back(std::move(room));
    }
    CoreRun run;
    auto time = [&](std::vector<double>& out) {
        for (int i = 0; i < iterations; ++i) {
            auto started = SteadyClock::now();
            alerts::EvaluationResult result = alerts::Evaluate(input);
            out.push_back(MsBetween(started, SteadyClock::now()));
            if (result.alerts.size() > 1000000) Fail("impossible");  // keeps the call
        }
    };
    time(run.all_well_ms);
    // 1% of the rooms offline for 10 minutes, their alerts open (as stored after a first pass).
    for (size_t i = 0; i < input.rooms.size(); i += 100) {
        for (alerts::DeviceFacts& device : input.rooms[i].devices) {
            device.online = false;
            device.at = now - 600;
        }
    }
    alerts::EvaluationResult first = alerts::Evaluate(input);
    for (alerts::Alert& alert : first.alerts) {
        alert.id = next_id++;
        input.alerts.push_back(alert);
    }
    run.open_alerts = input.alerts.size();
    time(run.some_offline_ms);
    return run;
}

Json Evaluator(int room_count, int batches, int sweeps) {
    EvaluatorData data;
    Fill(data, room_count);
    Seconds clock = data.start;

    // A first evaluation of every room (nothing fires: all online, people within capacity).
    std::string error;
    EvaluationOutcome warm;
    Check(data.store->Write(
              [&](Store::Writer& w, std::string& e) {
                  return EvaluateAlerts(w, data.catalogue, data.account, nullptr, clock, warm, e);
              },
              error),
          "warm-up sweep", error);

    int ten = std::min(10, room_count);
    BatchRun one = RunBatches(data, clock, 0, 1, batches);
    BatchRun many = RunBatches(data, clock, batches / 2 + 1, ten, batches);

    // The worker's sweep: every room of the account. The first catches up (resolved
    // notifications owed since the batches, alerts past the re-fire window made final).
    std::vector<double> sweep_ms;
    double first_sweep_ms = 0;
    int sweep_deliveries = 0;
    for (int s = 0; s <= sweeps; ++s) {
        clock += 1;
        EvaluationOutcome outcome;
        double evaluate_ms = 0;
        Check(data.store->Write(
                  [&](Store::Writer& w, std::string& e) {
                      auto started = SteadyClock::now();
                      bool ok = EvaluateAlerts(w, data.catalogue, data.account, nullptr, clock,
                                               outcome, e);
                      evaluate_ms = MsBetween(started, SteadyClock::now());
                      return ok;
                  },
                  error),
              "sweep", error);
        if (s == 0) {
            first_sweep_ms = evaluate_ms;
            sweep_deliveries = outcome.deliveries;
        } else {
            sweep_ms.push_back(evaluate_ms);
        }
    }
    CoreRun core = RunCore(room_count, std::max(20, sweeps * 5));

    Summary one_eval = Summarise(one.evaluate_ms), one_write = Summarise(one.write_ms),
            many_eval = Summarise(many.evaluate_ms), many_write = Summarise(many.write_ms),
            sweep = Summarise(sweep_ms), core_well = Summarise(core.all_well_ms),
            core_offline = Summarise(core.some_offline_ms);
    std::printf(
        "\nEvaluator: %d rooms, %zu devices, 5 rules (default + one per condition), every "
        "room licensed\n",
        room_count, data.serials.size());
    kTable.PrintHeader("ms");
    kTable.PrintRow("EvaluateAlerts, batch of 1 room (offline/online)", one_eval, 3, "<= 5");
    kTable.PrintRow("  its Store::Write (status update + evaluation + commit)", one_write, 3, "");
    kTable.PrintRow("EvaluateAlerts, batch of " + std::to_string(ten) + " rooms", many_eval, 3,
                    "<= 5");
    kTable.PrintRow("  its Store::Write", many_write, 3, "");
    kTable.PrintRow("EvaluateAlerts, sweep of every room (room_ids null)", sweep, 3, "");
    std::printf("  %-58s %6d %9.3f  (catch-up: %d deliveries queued)\n",
                "  first sweep after the batches", 1, first_sweep_ms, sweep_deliveries);
    kTable.PrintRow("core alerts::Evaluate, every room, all well", core_well, 3, "");
    kTable.PrintRow("core alerts::Evaluate, 1% of rooms offline (" +
                        std::to_string(core.open_alerts) + " alerts open)",
                    core_offline, 3, "");
    std::printf("  batches queued %d + %d deliveries\n", one.deliveries, many.deliveries);

    return {{"rooms", room_count},
            {"devices", data.serials.size()},
            {"rules", 5},
            {"batches", batches},
            {"batch1Room",
             {{"evaluateMs", SummaryJson(one_eval, 3)},
              {"writeMs", SummaryJson(one_write, 3)},
              {"deliveriesQueued", one.deliveries}}},
            {"batch10Rooms",
             {{"rooms", ten},
              {"evaluateMs", SummaryJson(many_eval, 3)},
              {"writeMs", SummaryJson(many_write, 3)},
              {"deliveriesQueued", many.deliveries}}},
            {"sweep",
             {{"firstMs", Round(first_sweep_ms, 3)},
              {"firstDeliveriesQueued", sweep_deliveries},
              {"steadyMs", SummaryJson(sweep, 3)}}},
            {"coreEvaluate",
             {{"allWellMs", SummaryJson(core_well, 3)},
              {"onePercentOfflineMs", SummaryJson(core_offline, 3)},
              {"openAlerts", core.open_alerts}}},
            {"goalMsPerBatch", 5}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] main

int Main(int argc, char** argv) {
    std::string out;
    std::string part = "all";
    int alerts = 200, rooms = 10000, batches = 1000, sweeps = 20;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) Fail(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--out") {
            out = value();
        } else if (arg == "--alerts") {
            alerts = std::stoi(value());
        } else if (arg == "--rooms") {
            rooms = std::stoi(value());
        } else if (arg == "--batches") {
            batches = std::stoi(value());
        } else if (arg == "--sweeps") {
            sweeps = std::stoi(value());
        } else if (arg == "--part") {
            part = value();
        } else {
            Fail("unknown argument " + arg +
                 " (--out FILE --alerts N --rooms N --batches N --sweeps N --part "
                 "all|e2e|evaluator)");
        }
    }
    if (part != "all" && part != "e2e" && part != "evaluator") Fail("--part all|e2e|evaluator");
    if (alerts < 1 || rooms < 10 || batches < 2 || sweeps < 1) Fail("sizes too small");
    signal(SIGPIPE, SIG_IGN);

    Json result = ResultHead("alerts");
    if (part != "evaluator") result["endToEnd"] = EndToEnd(alerts);
    if (part != "e2e") result["evaluator"] = Evaluator(rooms, batches, sweeps);
    FinishResult(result, out);
    return 0;
}

}  // namespace
}  // namespace portal::server::bench

int main(int argc, char** argv) {
    return portal::server::bench::RunMain("alerts_bench", portal::server::bench::Main, argc, argv);
}

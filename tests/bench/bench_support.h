// What the plain benchmark programs of tests/bench (alerts_bench, support_bench: not Google
// Benchmark) share: failures, clocks, nearest-rank figures and their table and JSON, a temporary
// directory, the real Server in-process on a thread of its own, the API as a person (or an
// agent) calls it, and the JSON result's head and tail. Header-only; the including target
// defines PORTAL_BENCH_ASSETS_DIR (tests/bench/CMakeLists.txt).
#pragma once

#include <httplib.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "core/telemetry.h"
#include "server/config.h"
#include "server/http_server.h"
#include "server/log.h"

#ifndef PORTAL_BENCH_ASSETS_DIR
#error "bench_support.h wants PORTAL_BENCH_ASSETS_DIR (the assets folder) defined by the target"
#endif

namespace portal::server::bench {

using Json = nlohmann::ordered_json;
using SteadyClock = std::chrono::steady_clock;

// Thrown, so that what the run started (the server, children, temporary files) is stopped and
// removed on the way out; RunMain prints it.
[[noreturn]] inline void Fail(const std::string& what) {
    throw std::runtime_error(what);
}

inline double MsBetween(SteadyClock::time_point from, SteadyClock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

inline telemetry::Seconds UnixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

inline std::string LoadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Figures

struct Summary {
    size_t count = 0;
    double p50 = 0, p95 = 0, p99 = 0, max = 0, mean = 0;
};

// Nearest-rank percentiles.
inline Summary Summarise(std::vector<double> values) {
    Summary s;
    s.count = values.size();
    if (values.empty()) return s;
    std::sort(values.begin(), values.end());
    auto rank = [&](double p) {
        size_t index = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
        return values[std::min(values.size(), std::max<size_t>(index, 1)) - 1];
    };
    s.p50 = rank(0.50);
    s.p95 = rank(0.95);
    s.p99 = rank(0.99);
    s.max = values.back();
    double sum = 0;
    for (double v : values) sum += v;
    s.mean = sum / static_cast<double>(values.size());
    return s;
}

inline double Round(double value, int digits) {
    double scale = std::pow(10.0, digits);
    return std::round(value * scale) / scale;
}

inline Json SummaryJson(const Summary& s, int digits) {
    return {{"count", s.count},
            {"p50", Round(s.p50, digits)},
            {"p95", Round(s.p95, digits)},
            {"p99", Round(s.p99, digits)},
            {"max", Round(s.max, digits)},
            {"mean", Round(s.mean, digits)}};
}

// A printed table of Summaries, a row each: the label, n, p50, p95, p99 (unless left out), max
// and a note (a goal, what the answers held...) under note_head.
struct Table {
    int label_width = 58;
    bool p99 = true;
    const char* note_head = "";

    void PrintHeader(const char* unit) const {
        auto head = [&](const char* what) { return std::string(what) + " " + unit; };
        std::printf("  %-*s %6s %9s %9s", label_width, "", "n", head("p50").c_str(),
                    head("p95").c_str());
        if (p99) std::printf(" %9s", head("p99").c_str());
        std::printf(" %9s  %s\n", head("max").c_str(), note_head);
    }

    void PrintRow(const std::string& label, const Summary& s, int digits,
                  const std::string& note) const {
        std::printf("  %-*s %6zu %9.*f %9.*f", label_width, label.c_str(), s.count, digits, s.p50,
                    digits, s.p95);
        if (p99) std::printf(" %9.*f", digits, s.p99);
        std::printf(" %9.*f  %s\n", digits, s.max, note.c_str());
    }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] A temporary directory

class TempDir {
  public:
    explicit TempDir(const char* prefix) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / (std::string(prefix) + "XXXXXX")).string();
        if (!mkdtemp(pattern.data())) Fail("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] The server in-process

// What every bench's server starts from: a fresh SQLite file in dir, the demo data, a free port
// on loopback, log level warn.
inline Config BenchConfig(const std::filesystem::path& dir) {
    Config config;
    config.port = 0;
    config.bind = "127.0.0.1";
    config.db_path = (dir / "portal.db").string();
    config.demo = true;
    config.assets_dir = PORTAL_BENCH_ASSETS_DIR;
    config.log_level = "warn";
    return config;
}

// The real Server, started and serving on a thread of its own, its log lines (warn and worse)
// on stderr; stopped and joined when destroyed.
class ServerThread {
  public:
    // prepare, when given, runs on the server before Start (Server::SetClock...).
    explicit ServerThread(Config config, const std::function<void(Server&)>& prepare = nullptr)
        : logger_(LogLevel::Warn,
                  [](std::string_view line) {
                      std::fprintf(stderr, "server: %.*s", static_cast<int>(line.size()),
                                   line.data());
                  }),
          server_(std::move(config), logger_) {
        if (prepare) prepare(server_);
        std::string error;
        auto started = SteadyClock::now();
        if (!server_.Start(error)) Fail("server start: " + error);
        start_ms_ = MsBetween(started, SteadyClock::now());
        running_ = std::thread([this] { server_.Run(); });
    }
    ~ServerThread() {
        server_.Stop();
        if (running_.joinable()) running_.join();
    }
    ServerThread(const ServerThread&) = delete;
    ServerThread& operator=(const ServerThread&) = delete;

    int Port() const { return server_.Port(); }
    // How long Start took (database, demo data, binding).
    double start_ms() const { return start_ms_; }

  private:
    Logger logger_;
    Server server_;
    std::thread running_;
    double start_ms_ = 0;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] The API as a person (or an agent) calls it

struct Answer {
    int status = 0;
    std::string body;
    Json json;
};

class ApiClient {
  public:
    // read_timeout_seconds: how long an answer may take (a queue of thousands of tickets...).
    explicit ApiClient(int port, int read_timeout_seconds = 300) : client_("127.0.0.1", port) {
        client_.set_connection_timeout(10);
        client_.set_read_timeout(read_timeout_seconds);
        client_.set_write_timeout(60);
        client_.set_keep_alive(true);
        // A POST goes out as two writes (headers, body): without this the body waits ~40 ms on
        // Nagle's algorithm and the server's delayed ACK (shared/toolchain.md).
        client_.set_tcp_nodelay(true);
    }

    void SignIn(const std::string& email, const std::string& password) {
        cookie_.clear();
        Call("POST", "/api/v1/auth/login", Json{{"email", email}, {"password", password}}, {200});
        if (cookie_.empty()) Fail("sign-in of " + email + " gave no session cookie");
    }
    void SetBearer(const std::string& token) { bearer_ = token; }
    const std::string& cookie() const { return cookie_; }
    void SetCookie(const std::string& cookie) { cookie_ = cookie; }

    // method path [body]; fails the run unless the status is one of `expect`. parse false
    // leaves answer.json null (for timed reads that parse nothing).
    Answer Call(const std::string& method, const std::string& path, const Json& body = nullptr,
                std::initializer_list<int> expect = {200, 201}, bool parse = true) {
        httplib::Headers headers;
        if (!bearer_.empty()) {
            headers.emplace("Authorization", "Bearer " + bearer_);
        } else {
            if (!cookie_.empty()) headers.emplace("Cookie", cookie_);
            if (method != "GET") headers.emplace("X-Requested-With", "portal");
        }
        std::string text = body.is_null() ? std::string() : body.dump();
        httplib::Result result =
            method == "GET"    ? client_.Get(path.c_str(), headers)
            : method == "POST" ? client_.Post(path.c_str(), headers, text, "application/json")
                               : client_.Patch(path.c_str(), headers, text, "application/json");
        if (!result) Fail(method + " " + path + ": " + httplib::to_string(result.error()));
        Answer answer;
        answer.status = result->status;
        answer.body = std::move(result->body);
        if (std::find(expect.begin(), expect.end(), answer.status) == expect.end()) {
            Fail(method + " " + path + " answered " + std::to_string(answer.status) + ": " +
                 answer.body.substr(0, 600));
        }
        auto cookies = result->headers.equal_range("Set-Cookie");
        for (auto it = cookies.first; it != cookies.second; ++it) {
            if (it->second.rfind("portal_session=", 0) == 0) {
                cookie_ = it->second.substr(0, it->second.find(';'));
            }
        }
        if (parse && !answer.body.empty()) answer.json = Json::parse(answer.body, nullptr, false);
        return answer;
    }

  private:
    httplib::Client client_;
    std::string cookie_;
    std::string bearer_;
};

// The body of POST /api/v1/orders for a Select order (SELECT-1Y) as the demo operator registers
// it: the end customer as given, the bench's reseller and distributor at partner_address.
inline Json SelectOrder(const std::string& po_number, const std::string& purchase_date,
                        int quantity, const Json& end_customer, const Json& partner_address) {
    return {{"poNumber", po_number},
            {"purchaseDate", purchase_date},
            {"lines", Json::array({{{"sku", "SELECT-1Y"}, {"quantity", quantity}}})},
            {"endCustomer", end_customer},
            {"reseller",
             {{"name", "Bench Reseller"},
              {"email", "reseller@bench.example"},
              {"address", partner_address}}},
            {"distributor",
             {{"name", "Bench Distributor"},
              {"email", "distributor@bench.example"},
              {"address", partner_address}}}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The result and main

// The head of a run's JSON: the benchmark's name, when, the cores, the load average before.
inline Json ResultHead(const char* benchmark) {
    return {{"benchmark", benchmark},
            {"when", telemetry::FormatUtcTime(UnixNow())},
            {"cores", std::thread::hardware_concurrency()},
            {"loadAverageBefore", LoadAverage()}};
}

// The tail: the load average after, printed with the one before; then the whole result
// written to out as JSON (unless out is empty).
inline void FinishResult(Json& result, const std::string& out) {
    result["loadAverageAfter"] = LoadAverage();
    std::printf("\nload average before %s, after %s (%u cores)\n",
                result["loadAverageBefore"].get<std::string>().c_str(),
                result["loadAverageAfter"].get<std::string>().c_str(),
                std::thread::hardware_concurrency());
    if (out.empty()) return;
    std::filesystem::path path(out);
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream file(path);
    file << result.dump(2) << "\n";
    if (!file) Fail("cannot write " + out);
}

// main's body: the program's Main, a failure printed as "<program>: <what>" (exit status 1).
inline int RunMain(const char* program, int (*body)(int, char**), int argc, char** argv) {
    try {
        return body(argc, argv);
    } catch (const std::exception& failure) {
        std::fprintf(stderr, "%s: %s\n", program, failure.what());
        return 1;
    }
}

}  // namespace portal::server::bench

// Test helpers for the server suites: a temporary directory, and a fixture that runs the real
// Server on an ephemeral port with its own database (SQLite file or PostgreSQL database) and fake
// web root.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/config.h"
#include "server/http_server.h"
#include "server/log.h"
#include "test_database.h"

namespace portal::server::testing {

// A fresh directory (mkdtemp), removed with everything in it on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

void WriteFile(const std::filesystem::path& path, const std::string& content);

// Sends request bytes as they are (no client normalisation) and returns the whole answer;
// the request should carry "Connection: close".
std::string RawRequest(int port, const std::string& request);

// Collects log lines (the Logger calls the sink under its lock).
struct LogCapture {
    std::mutex mutex;
    std::vector<std::string> lines;

    std::unique_ptr<Logger> MakeLogger();
    std::vector<std::string> Lines();
};

// The fake web bundle's bytes; the .br/.gz ones are distinct markers, since the server never
// decompresses (and the test clients do not either: set_decompress(false)).
inline constexpr const char* kIndexHtml = "<!doctype html><title>portal</title>\n";
inline constexpr const char* kAppJs = "console.log('portal');\n";
inline constexpr const char* kAppJsBr = "BROTLI-BYTES-OF-APP-JS";
inline constexpr const char* kAppJsGz = "GZIP-BYTES-OF-APP-JS";
inline constexpr const char* kAppWasm = "\0asm-fake";

// A clock that tests move by hand: it starts at the real time and stands still otherwise.
class TestClock {
  public:
    std::chrono::system_clock::time_point Now() const {
        return start_ + std::chrono::seconds(offset_.load());
    }
    void Advance(int64_t seconds) { offset_ += seconds; }

  private:
    std::chrono::system_clock::time_point start_ =
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    std::atomic<int64_t> offset_{0};
};

// The server's configuration, passwords hashed at the test-only cost; the server runs on clock_.
class ServerTest : public ::testing::Test {
  protected:
    void SetUp() override;
    void TearDown() override;

    // Starts a Server with config_; before_start may add routes. Fails the test on error.
    void StartServer(const std::function<void(Server&)>& before_start = {});
    void StopServer();

    // A client of the running server that leaves bodies as sent.
    httplib::Client MakeClient() const;

    TempDir dir_;
    TestDatabase database_;  // SQLite in dir_, or a PostgreSQL database of its own
    TestClock clock_;
    Config config_;
    LogCapture log_;
    std::unique_ptr<Logger> logger_;
    std::unique_ptr<Server> server_;
    std::thread thread_;
};

}  // namespace portal::server::testing

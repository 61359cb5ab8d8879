// Leveled logging to stderr (or a test sink), one line per event:
//   2026-11-22T08:00:00Z info GET /api/v1/health 200 0.4ms 85B
// A Logger is an object owned by main (or a test) and passed by reference: no global logger.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace portal::server {

enum class LogLevel { Debug, Info, Warn, Error };

bool ParseLogLevel(std::string_view text, LogLevel& out);
const char* LogLevelName(LogLevel level);

// "2026-11-22T08:00:00Z"
std::string FormatUtc(std::chrono::system_clock::time_point time);

// The request line of the access log, without time and level:
//   "GET /api/v1/health 200 0.4ms 85B"; a negative duration (unknown) prints "-".
std::string FormatAccess(std::string_view method, std::string_view path, int status,
                         double duration_ms, size_t bytes);

class Logger {
  public:
    using Sink = std::function<void(std::string_view line)>;  // line ends with '\n'

    // Writes to stderr.
    explicit Logger(LogLevel level = LogLevel::Info);
    Logger(LogLevel level, Sink sink);

    bool Enabled(LogLevel level) const { return level >= level_; }
    void Log(LogLevel level, std::string_view message);
    void Debug(std::string_view message) { Log(LogLevel::Debug, message); }
    void Info(std::string_view message) { Log(LogLevel::Info, message); }
    void Warn(std::string_view message) { Log(LogLevel::Warn, message); }
    void Error(std::string_view message) { Log(LogLevel::Error, message); }

  private:
    LogLevel level_;
    Sink sink_;
    std::mutex mutex_;  // request threads log concurrently; lines must not interleave
};

}  // namespace portal::server

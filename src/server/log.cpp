// Logger: formats a line, then hands it to the sink under a lock.
#include "server/log.h"

#include <cstdio>
#include <ctime>

namespace portal::server {

bool ParseLogLevel(std::string_view text, LogLevel& out) {
    if (text == "debug") {
        out = LogLevel::Debug;
    } else if (text == "info") {
        out = LogLevel::Info;
    } else if (text == "warn") {
        out = LogLevel::Warn;
    } else if (text == "error") {
        out = LogLevel::Error;
    } else {
        return false;
    }
    return true;
}

const char* LogLevelName(LogLevel level) {
    switch (level) {
        case LogLevel::Debug:
            return "debug";
        case LogLevel::Info:
            return "info";
        case LogLevel::Warn:
            return "warn";
        case LogLevel::Error:
            return "error";
    }
    return "?";
}

std::string FormatUtc(std::chrono::system_clock::time_point time) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string FormatAccess(std::string_view method, std::string_view path, int status,
                         double duration_ms, size_t bytes) {
    char duration[32] = "-";
    if (duration_ms >= 0) std::snprintf(duration, sizeof duration, "%.1fms", duration_ms);
    std::string line;
    line.append(method).append(" ");
    // The path is decoded from the URL: keep control characters (%0a, ...) out of the log.
    for (char c : path) line += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    line += " " + std::to_string(status) + " " + duration + " " + std::to_string(bytes) + "B";
    return line;
}

Logger::Logger(LogLevel level)
    : Logger(level, [](std::string_view line) {
          std::fwrite(line.data(), 1, line.size(), stderr);
          std::fflush(stderr);
      }) {}

Logger::Logger(LogLevel level, Sink sink) : level_(level), sink_(std::move(sink)) {}

void Logger::Log(LogLevel level, std::string_view message) {
    if (!Enabled(level)) return;
    std::string line = FormatUtc(std::chrono::system_clock::now());
    line.append(" ").append(LogLevelName(level)).append(" ").append(message).append("\n");
    std::lock_guard lock(mutex_);
    sink_(line);
}

}  // namespace portal::server

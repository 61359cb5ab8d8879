// LISTEN over libpq, polled on the connection's socket.
#include "server/storage/change_listener.h"

#include <libpq-fe.h>
#include <poll.h>

#include <chrono>

#include "server/log.h"

namespace portal::server {

namespace {

constexpr int kPollMs = 200;  // how long Stop may wait for the thread
constexpr auto kRetry = std::chrono::seconds(1);

std::string MessageOf(PGconn* conn) {
    std::string message = conn ? PQerrorMessage(conn) : "out of memory";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
    }
    return message;
}

}  // namespace

ChangeListener::ChangeListener(std::string url, std::string channel, Handlers handlers,
                               Logger& logger)
    : url_(std::move(url)),
      channel_(std::move(channel)),
      handlers_(std::move(handlers)),
      logger_(logger) {}

ChangeListener::~ChangeListener() {
    Stop();
}

void ChangeListener::Start() {
    if (thread_.joinable()) return;
    stop_ = false;
    // The first LISTEN before Start returns: a server serves no long poll that could miss a
    // change announced while its listener was still connecting.
    PGconn* conn = Connect();
    thread_ = std::thread([this, conn] { Loop(conn); });
}

PGconn* ChangeListener::Connect() {
    PGconn* conn = PQconnectdb(url_.c_str());
    std::string what = "cannot connect";
    if (PQstatus(conn) == CONNECTION_OK) {
        // libpq prints the server's notices (and the FATAL of a connection cut) on stderr: the
        // loss is logged once below instead.
        PQsetNoticeProcessor(
            conn, [](void*, const char*) {}, nullptr);
        PGresult* result = PQexec(conn, ("LISTEN " + channel_).c_str());
        bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (ok) {
            if (failing_) logger_.Info("change listener: listening again");
            failing_ = false;
            handlers_.listening(true);
            return conn;
        }
        what = "cannot listen";
    }
    // Warned once per outage, not once a second.
    if (!failing_) logger_.Warn("change listener: " + what + ": " + MessageOf(conn));
    failing_ = true;
    PQfinish(conn);
    return nullptr;
}

void ChangeListener::Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

void ChangeListener::Loop(PGconn* conn) {
    auto retry_at = std::chrono::steady_clock::now() + kRetry;
    while (!stop_) {
        if (!conn) {
            if (std::chrono::steady_clock::now() < retry_at) {
                std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs / 2));
                continue;
            }
            conn = Connect();
            if (!conn) retry_at = std::chrono::steady_clock::now() + kRetry;
            continue;
        }
        pollfd socket{PQsocket(conn), POLLIN, 0};
        int ready = ::poll(&socket, 1, kPollMs);
        if (ready <= 0) continue;  // nothing yet, or a signal
        if (!PQconsumeInput(conn)) {
            if (!failing_) logger_.Warn("change listener: connection lost: " + MessageOf(conn));
            failing_ = true;
            PQfinish(conn);
            conn = nullptr;
            retry_at = std::chrono::steady_clock::now() + kRetry;
            handlers_.listening(false);
            continue;
        }
        while (PGnotify* notify = PQnotifies(conn)) {
            handlers_.notified(notify->extra ? notify->extra : "");
            PQfreemem(notify);
        }
    }
    if (conn) PQfinish(conn);
}

}  // namespace portal::server

// The support tickets' background work, on one thread per server: a ticket resolved for the
// catalogue's rules.ticket_auto_close_days (7) closes by itself (event by the system, audit
// entry by user 0, the status mail to its requester and followers). It runs only while this
// server holds the lease row kAutoCloseLease (storage/leases.h), so that when several servers
// share a database exactly one closes each ticket; it ticks with the alert worker's
// PORTAL_ALERTS_TICK_MS and reads the server's clock (tests move it).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/catalogue.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/store.h"

namespace portal::server {

class Logger;
class MailWorker;

inline constexpr const char* kAutoCloseLease = "support.autoclose";

class SupportWorker {
  public:
    SupportWorker(const Config& config, Store& store, const Catalogue& catalogue, Logger& logger,
                  Clock clock, MailWorker* mail);
    ~SupportWorker();
    SupportWorker(const SupportWorker&) = delete;
    SupportWorker& operator=(const SupportWorker&) = delete;

    void Start();
    // Stops the thread (waiting for a pass in progress) and gives the lease back.
    void Stop();

    // One pass: closes what is due if this server holds (or takes) the lease. The thread calls
    // it every tick. closed: how many tickets it closed.
    void RunOnce(int* closed = nullptr);

  private:
    void Loop();
    int64_t Now() const;
    bool Stopping();

    const Config& config_;
    Store& store_;
    const Catalogue& catalogue_;
    Logger& logger_;
    Clock clock_;
    MailWorker* mail_;
    std::string holder_;  // random per start: a restarted server is a new holder
    int64_t lease_seconds_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace portal::server

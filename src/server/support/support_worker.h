// The support tickets' background work, on one thread per server: a ticket resolved for the
// catalogue's rules.ticket_auto_close_days (7) closes by itself (event by the system, audit
// entry by user 0, the status mail to its requester and followers). It runs only while this
// server holds the lease row kAutoCloseLease (storage/leases.h), so that when several servers
// share a database exactly one closes each ticket; it ticks with the alert worker's
// PORTAL_ALERTS_TICK_MS and reads the server's clock (tests move it).
#pragma once

#include <cstdint>

#include "core/catalogue.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/storage/leases.h"
#include "server/store.h"
#include "server/worker_thread.h"

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
    int64_t Now() const;

    const Config& config_;
    Store& store_;
    const Catalogue& catalogue_;
    Logger& logger_;
    Clock clock_;
    MailWorker* mail_;
    LeaseHolder leases_;
    WorkerThread thread_;  // last: it stops before what it uses goes
};

}  // namespace portal::server

// Lease rows (migration 011): a background job (the alert evaluator's sweep, the delivery worker,
// the tickets' auto close) runs on the one server that holds its lease, so that several servers
// sharing a database never do the same work twice. A holder renews its lease while it works; once
// it stops renewing (a crash, kill -9) the lease expires and another server, or the restarted one,
// takes it over.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/store.h"

namespace portal::server {

class Logger;

// Takes or renews the lease `name` for holder until now + ttl_seconds: held true when holder
// has it now (it was free, expired, or already holder's), false when another holder's lease
// runs. Plain SQL that SQLite and PostgreSQL both speak (INSERT ... ON CONFLICT DO UPDATE WHERE).
bool TakeLease(Store::Writer& w, const std::string& name, const std::string& holder, int64_t now,
               int64_t ttl_seconds, bool& held, std::string& error);

// Gives the lease back at once (a clean stop), when holder has it.
bool ReleaseLease(Store::Writer& w, const std::string& name, const std::string& holder,
                  std::string& error);

// A background worker's hold on its leases (the alert worker's, the support worker's): one
// random holder per start (a restarted server is a new holder), and a lease time of
// tick_ms / 100 s within 3..30 s: long enough to outlast a slow pass between renewals, short
// enough that a server killed mid-work is replaced within seconds.
class LeaseHolder {
  public:
    // names: every lease the worker may take (ReleaseAll gives them back); log_prefix: the start
    // of its warnings ("alerts").
    LeaseHolder(Store& store, Logger& logger, std::string log_prefix, int tick_ms,
                std::vector<std::string> names);

    // Takes or renews the lease `name` until now + the lease time: true when this server holds
    // it; false when another holder's lease runs, or when the store failed (logged).
    bool Hold(const char* name, int64_t now);
    // Gives every lease back (the worker's thread has stopped).
    void ReleaseAll();

    const std::string& holder() const { return holder_; }

  private:
    Store& store_;
    Logger& logger_;
    std::string log_prefix_;
    std::vector<std::string> names_;
    std::string holder_;
    int64_t lease_seconds_;
};

}  // namespace portal::server

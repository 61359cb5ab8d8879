// Lease rows (migration 011): a background job (the alert evaluator's sweep, the delivery worker)
// runs on the one server that holds its lease, so that several servers sharing a database never
// do the same work twice. A holder renews its lease while it works; once it stops renewing (a
// crash, kill -9) the lease expires and another server, or the restarted one, takes it over.
#pragma once

#include <cstdint>
#include <string>

#include "server/store.h"

namespace portal::server {

// Takes or renews the lease `name` for holder until now + ttl_seconds: held true when holder
// has it now (it was free, expired, or already holder's), false when another holder's lease
// runs. Plain SQL that SQLite and PostgreSQL both speak (INSERT ... ON CONFLICT DO UPDATE WHERE).
bool TakeLease(Store::Writer& w, const std::string& name, const std::string& holder, int64_t now,
               int64_t ttl_seconds, bool& held, std::string& error);

// Gives the lease back at once (a clean stop), when holder has it.
bool ReleaseLease(Store::Writer& w, const std::string& name, const std::string& holder,
                  std::string& error);

}  // namespace portal::server

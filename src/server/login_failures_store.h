// Failed sign-ins in the database (migration 017): what LoginRateLimiter counts, shared by every
// server of the database, so that an attacker gains nothing from a balancer spreading their
// attempts over several servers. kind: "email" (lower-cased) or "address".
#pragma once

#include <cstdint>
#include <string>

#include "server/store.h"

namespace portal::server {

// How long until key's failures are back under limit: 0 when fewer than limit failures are in
// the window (after now - window_seconds); else when the oldest of its latest `limit` ones
// leaves it.
bool LoginFailureWait(Store::Writer& r, const char* kind, const std::string& key, int limit,
                      int64_t window_seconds, int64_t now, int64_t& wait, std::string& error);

// Records a failure of key at now, and purges every failure older than the window (nothing
// counts them any more).
bool InsertLoginFailure(Store::Writer& w, const char* kind, const std::string& key, int64_t now,
                        int64_t window_seconds, std::string& error);

// Forgets key's failures.
bool DeleteLoginFailures(Store::Writer& w, const char* kind, const std::string& key,
                         std::string& error);

}  // namespace portal::server

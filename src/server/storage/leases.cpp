// Lease rows in SQL, and a worker's hold on them.
#include "server/storage/leases.h"

#include <algorithm>

#include "server/database.h"
#include "server/log.h"
#include "server/password.h"
#include "server/sql_helpers.h"

namespace portal::server {

bool TakeLease(Store::Writer& w, const std::string& name, const std::string& holder, int64_t now,
               int64_t ttl_seconds, bool& held, std::string& error) {
    held = false;
    Database& db = w.db();
    // One statement: whoever's write lands first decides; the row's conflict target makes two
    // servers' takes exclude each other.
    if (!sql::Run(db,
                  "INSERT INTO leases(name, holder, expires_at) VALUES (?1, ?2, ?3)"
                  " ON CONFLICT(name) DO UPDATE SET holder = excluded.holder,"
                  " expires_at = excluded.expires_at"
                  " WHERE leases.holder = excluded.holder OR leases.expires_at <= ?4",
                  "cannot take the lease " + name, error, [&](Statement& q) {
                      q.Bind(1, name);
                      q.Bind(2, holder);
                      q.Bind(3, now + ttl_seconds);
                      q.Bind(4, now);
                  })) {
        return false;
    }
    held = db.Changes() > 0;
    return true;
}

bool ReleaseLease(Store::Writer& w, const std::string& name, const std::string& holder,
                  std::string& error) {
    return sql::Run(w.db(), "UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ?",
                    "cannot release the lease " + name, error, [&](Statement& q) {
                        q.Bind(1, name);
                        q.Bind(2, holder);
                    });
}

LeaseHolder::LeaseHolder(Store& store, Logger& logger, std::string log_prefix, int tick_ms,
                         std::vector<std::string> names)
    : store_(store),
      logger_(logger),
      log_prefix_(std::move(log_prefix)),
      names_(std::move(names)),
      holder_(NewRandomToken().substr(0, 16)),
      lease_seconds_(std::clamp<int64_t>(tick_ms / 100, 3, 30)) {}

bool LeaseHolder::Hold(const char* name, int64_t now) {
    bool held = false;
    std::string error;
    if (!store_.Write(
            [&](Store::Writer& w, std::string& e) {
                return TakeLease(w, name, holder_, now, lease_seconds_, held, e);
            },
            error)) {
        logger_.Warn(log_prefix_ + ": " + error);
        return false;
    }
    return held;
}

void LeaseHolder::ReleaseAll() {
    std::string error;
    for (const std::string& name : names_) {
        if (!store_.Write(
                [&](Store::Writer& w, std::string& e) { return ReleaseLease(w, name, holder_, e); },
                error)) {
            logger_.Warn(log_prefix_ + ": " + error);
        }
    }
}

}  // namespace portal::server

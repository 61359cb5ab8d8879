// Lease rows in SQL.
#include "server/storage/leases.h"

#include "server/database.h"
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

}  // namespace portal::server

// Failed sign-ins in SQL (migration 017).
#include "server/login_failures_store.h"

#include "server/sql_helpers.h"

namespace portal::server {

bool LoginFailureWait(Store::Writer& r, const char* kind, const std::string& key, int limit,
                      int64_t window_seconds, int64_t now, int64_t& wait, std::string& error) {
    wait = 0;
    if (limit <= 0) return true;
    return sql::Query(
        r.db(),
        "SELECT at FROM login_failures WHERE kind = ? AND key = ? AND at > CAST(? AS BIGINT)"
        " ORDER BY at DESC LIMIT 1 OFFSET CAST(? AS BIGINT)",
        "cannot read the sign-in failures", error,
        [&](Statement& q) {
            q.Bind(1, kind);
            q.Bind(2, key);
            q.Bind(3, now - window_seconds);
            q.Bind(4, int64_t{limit - 1});
        },
        [&](Statement& row) { wait = row.ColumnInt(0) + window_seconds - now; });
}

bool InsertLoginFailure(Store::Writer& w, const char* kind, const std::string& key, int64_t now,
                        int64_t window_seconds, std::string& error) {
    Database& db = w.db();
    return sql::Run(db, "INSERT INTO login_failures(kind, key, at) VALUES (?, ?, ?)",
                    "cannot record the sign-in failure", error,
                    [&](Statement& q) {
                        q.Bind(1, kind);
                        q.Bind(2, key);
                        q.Bind(3, now);
                    }) &&
           sql::Run(db, "DELETE FROM login_failures WHERE at <= ?",
                    "cannot purge the sign-in failures", error,
                    [&](Statement& q) { q.Bind(1, now - window_seconds); });
}

bool DeleteLoginFailures(Store::Writer& w, const char* kind, const std::string& key,
                         std::string& error) {
    return sql::Run(w.db(), "DELETE FROM login_failures WHERE kind = ? AND key = ?",
                    "cannot forget the sign-in failures", error, [&](Statement& q) {
                        q.Bind(1, kind);
                        q.Bind(2, key);
                    });
}

}  // namespace portal::server

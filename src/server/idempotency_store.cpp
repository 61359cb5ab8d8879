// Idempotency keys in SQL.
#include "server/idempotency_store.h"

#include "server/sql_helpers.h"

namespace portal::server {

bool ClaimIdempotencyKey(Store& store, const std::string& scope, const std::string& key,
                         const std::string& request_hash, int64_t now, IdempotencyClaim& claim,
                         StoredAnswer& answer, std::string& error) {
    return store.Write(
        [&](Store::Writer& w, std::string& e) {
            Database& db = w.db();
            // Expired keys go first: this one may be reused, and the table stays small.
            Statement sweep = db.Prepare("DELETE FROM idempotency_keys WHERE created_at < ?");
            sweep.Bind(1, now - kIdempotencyKeySeconds);
            if (!sweep.Run()) {
                e = "cannot expire idempotency keys: " + db.LastMessage();
                return false;
            }
            Statement find = db.Prepare(
                "SELECT request_hash, status, content_type, body FROM idempotency_keys"
                " WHERE scope = ? AND key = ?");
            find.Bind(1, scope);
            find.Bind(2, key);
            switch (find.Step()) {
                case Statement::StepResult::Row:
                    if (find.ColumnText(0) != request_hash) {
                        claim = IdempotencyClaim::Mismatch;
                    } else if (find.ColumnInt(1) == 0) {
                        claim = IdempotencyClaim::InFlight;
                    } else {
                        claim = IdempotencyClaim::Replay;
                        answer.status = static_cast<int>(find.ColumnInt(1));
                        answer.content_type = find.ColumnText(2);
                        answer.body = find.ColumnText(3);
                    }
                    return true;
                case Statement::StepResult::Done:
                    break;
                case Statement::StepResult::Error:
                    e = "cannot read idempotency keys: " + db.LastMessage();
                    return false;
            }
            Statement insert = db.Prepare(
                "INSERT INTO idempotency_keys(scope, key, request_hash, created_at)"
                " VALUES (?, ?, ?, ?)");
            insert.Bind(1, scope);
            insert.Bind(2, key);
            insert.Bind(3, request_hash);
            insert.Bind(4, now);
            if (!insert.Run()) {
                e = "cannot record an idempotency key: " + db.LastMessage();
                return false;
            }
            claim = IdempotencyClaim::New;
            return true;
        },
        error);
}

bool FinishIdempotencyKey(Store& store, const std::string& scope, const std::string& key,
                          const StoredAnswer& answer, std::string& error) {
    return store.Write(
        [&](Store::Writer& w, std::string& e) {
            return sql::Run(w.db(),
                            "UPDATE idempotency_keys SET status = ?, content_type = ?, body = ?"
                            " WHERE scope = ? AND key = ?",
                            "cannot record an answer for an idempotency key", e,
                            [&](Statement& update) {
                                update.Bind(1, int64_t{answer.status});
                                update.Bind(2, answer.content_type);
                                update.Bind(3, answer.body);
                                update.Bind(4, scope);
                                update.Bind(5, key);
                            });
        },
        error);
}

bool ForgetIdempotencyKey(Store& store, const std::string& scope, const std::string& key,
                          std::string& error) {
    return store.Write(
        [&](Store::Writer& w, std::string& e) {
            return sql::Run(w.db(), "DELETE FROM idempotency_keys WHERE scope = ? AND key = ?",
                            "cannot drop an idempotency key", e, [&](Statement& remove) {
                                remove.Bind(1, scope);
                                remove.Bind(2, key);
                            });
        },
        error);
}

}  // namespace portal::server

// The audit log in SQL.
#include "server/audit_store.h"

namespace portal::server {

namespace {

void BindOptionalJson(Statement& statement, int index, const std::optional<api::Json>& value) {
    if (value) {
        statement.Bind(index, value->dump());
    } else {
        statement.BindNull(index);
    }
}

std::optional<api::Json> ColumnJson(const Statement& row, int column) {
    if (row.ColumnIsNull(column)) return std::nullopt;
    api::Json value;
    std::string error;
    if (!api::ParseJson(row.ColumnText(column), value, error)) return api::Json(nullptr);
    return value;
}

}  // namespace

bool AppendAudit(Store::Writer& w, const AuditEntry& entry, std::string& error) {
    Database& db = w.db();
    Statement insert = db.Prepare(
        "INSERT INTO audit_log(account_id, at, user_id, action, object, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert.Valid()) {
        error = "cannot write the audit log: " + db.Error();
        return false;
    }
    if (entry.account_id)
        insert.Bind(1, int64_t{entry.account_id});
    else
        insert.BindNull(1);
    insert.Bind(2, entry.at);
    if (entry.user_id)
        insert.Bind(3, int64_t{entry.user_id});
    else
        insert.BindNull(3);
    insert.Bind(4, entry.action);
    insert.Bind(5, entry.object);
    BindOptionalJson(insert, 6, entry.before);
    BindOptionalJson(insert, 7, entry.after);
    if (!insert.Run()) {
        error = "cannot write the audit log: " + db.LastMessage();
        return false;
    }
    return true;
}

bool AppendSupportRead(Store::Writer& w, const AuditEntry& entry, const std::string& since,
                       bool& account_exists, std::string& error) {
    Database& db = w.db();
    account_exists = false;
    Statement account = db.Prepare("SELECT 1 FROM accounts WHERE id = ?");
    if (!account.Valid()) {
        error = "cannot read the accounts: " + db.Error();
        return false;
    }
    account.Bind(1, int64_t{entry.account_id});
    Statement::StepResult step = account.Step();
    if (step == Statement::StepResult::Error) {
        error = "cannot read the accounts: " + db.LastMessage();
        return false;
    }
    if (step == Statement::StepResult::Done) return true;
    account_exists = true;
    // Newest first along audit_log_object, stopping at the first entry older than the window:
    // ids grow with time, so only the window's entries of this object are read, however long
    // the log.
    Statement recent = db.Prepare(
        "SELECT at, user_id, action FROM audit_log WHERE account_id = ? AND object = ?"
        " ORDER BY id DESC");
    if (!recent.Valid()) {
        error = "cannot read the audit log: " + db.Error();
        return false;
    }
    recent.Bind(1, int64_t{entry.account_id});
    recent.Bind(2, entry.object);
    while (true) {
        step = recent.Step();
        if (step == Statement::StepResult::Error) {
            error = "cannot read the audit log: " + db.LastMessage();
            return false;
        }
        if (step == Statement::StepResult::Done || recent.ColumnText(0) < since) break;
        if (recent.ColumnInt(1) == entry.user_id && recent.ColumnText(2) == entry.action) {
            return true;  // read within the window: already in the log
        }
    }
    return AppendAudit(w, entry, error);
}

bool ListAudit(Store::Writer& w, Id account_id, Id before_id, int limit, const std::string& object,
               std::vector<AuditEntry>& out, std::string& error) {
    Database& db = w.db();
    out.clear();
    Statement query = db.Prepare(
        object.empty()
            ? "SELECT id, account_id, at, user_id, action, object, before, after FROM audit_log"
              " WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?"
            : "SELECT id, account_id, at, user_id, action, object, before, after FROM audit_log"
              " WHERE account_id = ? AND id < ? AND object = ? ORDER BY id DESC LIMIT ?");
    if (!query.Valid()) {
        error = "cannot read the audit log: " + db.Error();
        return false;
    }
    query.Bind(1, int64_t{account_id});
    query.Bind(2, int64_t{before_id > 0 ? before_id : INT64_MAX});
    if (object.empty()) {
        query.Bind(3, int64_t{limit});
    } else {
        query.Bind(3, object);
        query.Bind(4, int64_t{limit});
    }
    while (true) {
        Statement::StepResult step = query.Step();
        if (step == Statement::StepResult::Done) return true;
        if (step == Statement::StepResult::Error) {
            error = "cannot read the audit log: " + db.LastMessage();
            return false;
        }
        AuditEntry& entry = out.emplace_back();
        entry.id = query.ColumnInt(0);
        entry.account_id = query.ColumnInt(1);
        entry.at = query.ColumnText(2);
        entry.user_id = query.ColumnInt(3);
        entry.action = query.ColumnText(4);
        entry.object = query.ColumnText(5);
        entry.before = ColumnJson(query, 6);
        entry.after = ColumnJson(query, 7);
    }
}

api::Json AuditEntryToJson(const AuditEntry& entry) {
    return {{"id", entry.id},
            {"accountId", entry.account_id == 0 ? api::Json(nullptr) : api::Json(entry.account_id)},
            {"at", entry.at},
            {"userId", entry.user_id == 0 ? api::Json(nullptr) : api::Json(entry.user_id)},
            {"action", entry.action},
            {"object", entry.object},
            {"before", entry.before ? *entry.before : api::Json(nullptr)},
            {"after", entry.after ? *entry.after : api::Json(nullptr)}};
}

}  // namespace portal::server

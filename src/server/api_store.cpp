// The API's lookups and room edits in SQL.
#include "server/api_store.h"

#include <algorithm>

#include "server/sql_helpers.h"

namespace portal::server {

namespace {

// One integer column of at most one row; found says whether there was a row.
bool QueryId(Store& store, const char* sql, const std::function<void(Statement&)>& bind, Id& out,
             bool& found, std::string& error) {
    return store.Read(
        [&](Store::Writer& w, std::string& e) {
            Database& db = w.db();
            Statement query = db.Prepare(sql);
            if (!query.Valid()) {
                e = db.Error();
                return false;
            }
            bind(query);
            switch (query.Step()) {
                case Statement::StepResult::Row:
                    found = true;
                    out = query.ColumnInt(0);
                    return true;
                case Statement::StepResult::Done:
                    found = false;
                    out = 0;
                    return true;
                case Statement::StepResult::Error:
                    break;
            }
            e = db.LastMessage();
            return false;
        },
        error);
}

// An account with its parent entity's name: ReadAccountRow's columns.
constexpr const char* kSelectAccountRow =
    "SELECT a.id, a.parent_entity_id, a.name, a.kind, a.country, a.city, a.postal_code,"
    " p.name FROM accounts a JOIN parent_entities p ON p.id = a.parent_entity_id";

void ReadAccountRow(const Statement& row, AccountRow& out) {
    out.account.id = row.ColumnInt(0);
    out.account.parent_entity_id = row.ColumnInt(1);
    out.account.name = row.ColumnText(2);
    AccountKindFrom(row.ColumnText(3), out.account.kind);  // the schema checks it
    out.account.country = row.ColumnText(4);
    out.account.city = row.ColumnText(5);
    out.account.postal_code = row.ColumnText(6);
    out.parent_entity_name = row.ColumnText(7);
}

}  // namespace

bool AccountOfRoom(Store& store, Id room_id, Id& account_id, std::string& error) {
    bool found = false;
    return QueryId(
        store, "SELECT account_id FROM rooms WHERE id = ?",
        [&](Statement& q) { q.Bind(1, int64_t{room_id}); }, account_id, found, error);
}

bool AccountOfDevice(Store& store, const std::string& serial, Id& account_id, std::string& error) {
    bool found = false;
    return QueryId(
        store, "SELECT account_id FROM devices WHERE serial = ?",
        [&](Statement& q) { q.Bind(1, serial); }, account_id, found, error);
}

bool AccountOfOrder(Store& store, Id order_id, Id& account_id, bool& exists, std::string& error) {
    return QueryId(
        store, "SELECT coalesce(account_id, 0) FROM orders WHERE id = ?",
        [&](Statement& q) { q.Bind(1, int64_t{order_id}); }, account_id, exists, error);
}

bool ListAccounts(Store& store, const std::vector<Id>& ids, std::vector<AccountRow>& out,
                  std::string& error) {
    out.clear();
    return store.Read(
        [&](Store::Writer& w, std::string& e) {
            Database& db = w.db();
            Statement query = db.Prepare(std::string(kSelectAccountRow) + " WHERE a.id = ?");
            if (!query.Valid()) {
                e = db.Error();
                return false;
            }
            for (Id id : ids) {
                query.Reset();
                query.Bind(1, int64_t{id});
                Statement::StepResult step = query.Step();
                if (step == Statement::StepResult::Error) {
                    e = "cannot read accounts: " + db.LastMessage();
                    return false;
                }
                if (step != Statement::StepResult::Row) continue;
                ReadAccountRow(query, out.emplace_back());
            }
            return true;
        },
        error);
}

namespace {

bool IsAccountId(const std::string& word) {
    return !word.empty() && word.size() <= 18 &&
           std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool SearchAccounts(Store& store, const std::vector<std::string>& words, int limit,
                    std::vector<AccountRow>& out, std::string& error) {
    out.clear();
    // lower() and LIKE fold ASCII only, in SQLite and PostgreSQL alike: the words come in
    // lower case and accented letters match as typed.
    std::string sql = std::string(kSelectAccountRow) + " WHERE 1 = 1";
    std::string id_first;  // an expression, never a bare number (ORDER BY 1 is a column)
    for (const std::string& word : words) {
        sql +=
            " AND (lower(a.name) LIKE ? ESCAPE '\\' OR lower(p.name) LIKE ? ESCAPE '\\'"
            " OR lower(a.city) LIKE ? ESCAPE '\\' OR lower(a.country) = ?";
        if (IsAccountId(word)) {
            sql += " OR a.id = " + word;  // digits only
            id_first += " + CASE WHEN a.id = " + word + " THEN 1 ELSE 0 END";
        }
        sql += ")";
    }
    sql += " ORDER BY ";
    if (!id_first.empty()) sql += "(0" + id_first + ") DESC, ";
    sql += "a.name, a.id LIMIT ?";
    return store.Read(
        [&](Store::Writer& w, std::string& e) {
            return sql::Query(
                w.db(), sql.c_str(), "cannot search accounts", e,
                [&](Statement& query) {
                    int index = 1;
                    for (const std::string& word : words) {
                        std::string pattern = sql::ContainsPattern(word);
                        query.Bind(index++, pattern);
                        query.Bind(index++, pattern);
                        query.Bind(index++, pattern);
                        query.Bind(index++, word);
                    }
                    query.Bind(index, int64_t{limit});
                },
                [&](Statement& row) { ReadAccountRow(row, out.emplace_back()); });
        },
        error);
}

bool HasMemberOrOpenInvitation(Store::Writer& w, Id account_id, const std::string& email,
                               int64_t now, bool& has, std::string& error) {
    Database& db = w.db();
    Statement query = db.Prepare(
        "SELECT EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id"
        "               WHERE m.account_id = ?1 AND u.email = ?2)"
        "    OR EXISTS (SELECT 1 FROM invitations WHERE account_id = ?1 AND email = ?2"
        "               AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?3)");
    query.Bind(1, int64_t{account_id});
    query.Bind(2, email);
    query.Bind(3, now);
    if (!query.Valid() || query.Step() != Statement::StepResult::Row) {
        error = "cannot read memberships: " + db.LastMessage();
        return false;
    }
    has = query.ColumnInt(0) != 0;
    return true;
}

bool UpdateRoom(Store::Writer& w, Room& room, bool& updated, std::string& error) {
    Database& db = w.db();
    Statement update = db.Prepare(
        "UPDATE rooms SET name = ?, site = ?, country = ?, capacity = ?, time_zone = ?,"
        " version = version + 1 WHERE id = ? AND version = ?");
    update.Bind(1, room.name);
    update.Bind(2, room.site);
    update.Bind(3, room.country);
    update.Bind(4, int64_t{room.capacity});
    sql::BindTextOrNull(update, 5, room.time_zone);
    update.Bind(6, int64_t{room.id});
    update.Bind(7, int64_t{room.version});
    if (!update.Run()) {
        error = "cannot update room " + std::to_string(room.id) + ": " + db.LastMessage();
        return false;
    }
    updated = db.Changes() == 1;
    if (updated) ++room.version;
    return true;
}

bool DeleteRoom(Store::Writer& w, Id room_id, std::string& error) {
    Database& db = w.db();
    for (const char* sql : {"DELETE FROM assignments WHERE room_id = ? AND released_on IS NOT NULL",
                            "DELETE FROM rooms WHERE id = ?"}) {
        Statement remove = db.Prepare(sql);
        remove.Bind(1, int64_t{room_id});
        if (!remove.Run()) {
            error = "cannot delete room " + std::to_string(room_id) + ": " + db.LastMessage();
            return false;
        }
    }
    return true;
}

}  // namespace portal::server

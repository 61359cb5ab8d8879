// Store: users, roles, partner delegations and sessions in SQL (tables of migration 003).
// Each public Store method runs under the store's mutex; Writer methods run inside Write's
// transaction.
#include <algorithm>

#include "server/password.h"
#include "server/sql_helpers.h"
#include "server/store.h"

namespace portal::server {

namespace {

using sql::Failed;
using sql::InsertReturningId;

// Runs a prepared query expected to give at most one row; found says whether it did.
template <class Read>
bool QueryOne(Database& db, Statement& query, const std::string& what, bool& found,
              std::string& error, Read read) {
    switch (query.Step()) {
        case Statement::StepResult::Row:
            found = true;
            read(query);
            return true;
        case Statement::StepResult::Done:
            found = false;
            return true;
        case Statement::StepResult::Error:
            break;
    }
    error = what + ": " + db.LastMessage();
    return false;
}

bool ReadUserByEmail(Database& db, const std::string& email, UserRecord& out, bool& found,
                     std::string& error) {
    Statement query = db.Prepare(
        "SELECT id, email, name, password_hash, language, disabled, language_chosen FROM users"
        " WHERE email = ?");
    if (!query.Valid()) return Failed(db, "cannot read users", error);
    query.Bind(1, email);
    return QueryOne(db, query, "cannot read users", found, error, [&](const Statement& row) {
        out.id = row.ColumnInt(0);
        out.email = row.ColumnText(1);
        out.name = row.ColumnText(2);
        out.password_hash = row.ColumnText(3);
        out.language = row.ColumnText(4);
        out.disabled = row.ColumnInt(5) != 0;
        out.language_chosen = row.ColumnInt(6) != 0;
    });
}

bool ReadUserAccess(Database& db, Id user_id, UserAccess& out, bool& found, std::string& error) {
    out = UserAccess();
    Statement user = db.Prepare(
        "SELECT id, email, name, password_hash, language, disabled,"
        " EXISTS (SELECT 1 FROM operators WHERE user_id = users.id), language_chosen"
        " FROM users WHERE id = ?");
    if (!user.Valid()) return Failed(db, "cannot read users", error);
    user.Bind(1, int64_t{user_id});
    if (!QueryOne(db, user, "cannot read users", found, error, [&](const Statement& row) {
            out.user.id = row.ColumnInt(0);
            out.user.email = row.ColumnText(1);
            out.user.name = row.ColumnText(2);
            out.user.password_hash = row.ColumnText(3);
            out.user.language = row.ColumnText(4);
            out.user.disabled = row.ColumnInt(5) != 0;
            out.operator_ = row.ColumnInt(6) != 0;
            out.user.language_chosen = row.ColumnInt(7) != 0;
        })) {
        return false;
    }
    if (!found) return true;

    auto each = [&](const char* sql, const char* what, auto read) {
        Statement query = db.Prepare(sql);
        if (!query.Valid()) return Failed(db, what, error);
        query.Bind(1, int64_t{user_id});
        while (true) {
            Statement::StepResult step = query.Step();
            if (step == Statement::StepResult::Done) return true;
            if (step == Statement::StepResult::Error) {
                error = std::string(what) + ": " + db.LastMessage();
                return false;
            }
            read(query);
        }
    };
    // A role the schema's CHECK let through is one of the two; read anything else as read-only.
    auto role_at = [](const Statement& row, int column) {
        Role role = Role::ReadOnly;
        RoleFrom(row.ColumnText(column), role);
        return role;
    };
    return each("SELECT account_id, role FROM memberships WHERE user_id = ? ORDER BY account_id",
                "cannot read memberships",
                [&](const Statement& row) {
                    out.memberships.push_back({row.ColumnInt(0), role_at(row, 1)});
                }) &&
           each(
               "SELECT d.account_id, d.role, m.role, d.partner_org_id FROM partner_members m"
               " JOIN delegations d ON d.partner_org_id = m.partner_org_id"
               " WHERE m.user_id = ? ORDER BY d.account_id, d.partner_org_id",
               "cannot read delegations", [&](const Statement& row) {
                   Role role = std::min(role_at(row, 1), role_at(row, 2));
                   out.delegations.push_back({row.ColumnInt(0), role, row.ColumnInt(3)});
               });
}

bool ReadSession(Database& db, const std::string& token_hash, SessionRecord& out, bool& found,
                 std::string& error) {
    Statement query = db.Prepare(
        "SELECT id, user_id, created_at, expires_at, last_seen_at, revoked_at IS NOT NULL"
        " FROM sessions WHERE token_hash = ?");
    if (!query.Valid()) return Failed(db, "cannot read sessions", error);
    query.Bind(1, token_hash);
    return QueryOne(db, query, "cannot read sessions", found, error, [&](const Statement& row) {
        out.id = row.ColumnInt(0);
        out.user_id = row.ColumnInt(1);
        out.created_at = row.ColumnInt(2);
        out.expires_at = row.ColumnInt(3);
        out.last_seen_at = row.ColumnInt(4);
        out.revoked = row.ColumnInt(5) != 0;
    });
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Store

bool Store::FindUserByEmail(const std::string& email, UserRecord& out, bool& found,
                            std::string& error) {
    ReadLease reader = LeaseReader();
    return ReadUserByEmail(*reader.db, email, out, found, error);
}

bool Store::LoadUserAccess(Id user_id, UserAccess& out, bool& found, std::string& error) {
    ReadLease reader = LeaseReader();
    ReadTransaction snapshot(*reader.db);
    return ReadUserAccess(*reader.db, user_id, out, found, error);
}

bool Store::InsertSession(SessionRecord& session, const std::string& token_hash,
                          const std::string& revoke_token_hash, std::string& error) {
    return Write(
        [&](Writer& writer, std::string& e) {
            Database& db = writer.db_;
            if (!revoke_token_hash.empty() &&
                !sql::Run(db,
                          "UPDATE sessions SET revoked_at = ? WHERE token_hash = ?"
                          " AND revoked_at IS NULL",
                          "cannot revoke the previous session", e, [&](Statement& s) {
                              s.Bind(1, session.created_at);
                              s.Bind(2, revoke_token_hash);
                          })) {
                return false;
            }
            // The user's ended sessions go at each sign-in, so that the table holds only what
            // can still be presented (plus whatever users never came back for).
            if (!sql::Run(db,
                          "DELETE FROM sessions WHERE user_id = ? AND (expires_at <= ?"
                          " OR revoked_at IS NOT NULL)",
                          "cannot drop ended sessions", e, [&](Statement& s) {
                              s.Bind(1, int64_t{session.user_id});
                              s.Bind(2, session.created_at);
                          })) {
                return false;
            }
            return InsertReturningId(
                db,
                "INSERT INTO sessions(token_hash, user_id, created_at, expires_at,"
                " last_seen_at, auth_method, sso_connection_id, sso_subject, sso_sid)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                "cannot record the session", session.id, e, [&](Statement& s) {
                    s.Bind(1, token_hash);
                    s.Bind(2, int64_t{session.user_id});
                    s.Bind(3, session.created_at);
                    s.Bind(4, session.expires_at);
                    s.Bind(5, session.last_seen_at);
                    s.Bind(6, session.auth_method);
                    sql::BindIdOrNull(s, 7, session.sso_connection_id);
                    sql::BindTextOrNull(s, 8, session.sso_subject);
                    sql::BindTextOrNull(s, 9, session.sso_sid);
                });
        },
        error);
}

bool Store::FindSession(const std::string& token_hash, SessionRecord& out, bool& found,
                        std::string& error) {
    ReadLease reader = LeaseReader();
    return ReadSession(*reader.db, token_hash, out, found, error);
}

bool Store::TouchSession(Id session_id, int64_t now, std::string& error) {
    std::lock_guard lock(mutex_);
    return sql::Run(*db_, "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?",
                    "cannot touch the session", error, [&](Statement& s) {
                        s.Bind(1, now);
                        s.Bind(2, int64_t{session_id});
                        s.Bind(3, now);
                    });
}

bool Store::RevokeSession(Id session_id, int64_t now, std::string& error) {
    std::lock_guard lock(mutex_);
    return sql::Run(*db_, "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                    "cannot revoke the session", error, [&](Statement& s) {
                        s.Bind(1, now);
                        s.Bind(2, int64_t{session_id});
                    });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Writer

bool Store::Writer::HasOperator(bool& any, std::string& error) {
    Statement query = db_.Prepare("SELECT EXISTS (SELECT 1 FROM operators)");
    bool found = false;
    if (!query.Valid()) return Failed(db_, "cannot read operators", error);
    return QueryOne(db_, query, "cannot read operators", found, error,
                    [&](const Statement& row) { any = row.ColumnInt(0) != 0; });
}

bool Store::Writer::FindUserByEmail(const std::string& email, UserRecord& out, bool& found,
                                    std::string& error) {
    return ReadUserByEmail(db_, email, out, found, error);
}

bool Store::Writer::InsertUser(UserRecord& user, const std::string& created_at,
                               std::string& error) {
    return InsertReturningId(
        db_,
        "INSERT INTO users(email, name, password_hash, language, created_at, disabled,"
        " language_chosen) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "cannot add user " + user.email, user.id, error, [&](Statement& s) {
            s.Bind(1, user.email);
            s.Bind(2, user.name);
            s.Bind(3, user.password_hash);
            s.Bind(4, user.language);
            s.Bind(5, created_at);
            s.Bind(6, int64_t{user.disabled ? 1 : 0});
            s.Bind(7, int64_t{user.language_chosen ? 1 : 0});
        });
}

bool Store::Writer::SetUserLanguage(Id user_id, const std::string& language, std::string& error) {
    return sql::Run(db_, "UPDATE users SET language = ?, language_chosen = 1 WHERE id = ?",
                    "cannot set the language of user " + std::to_string(user_id), error,
                    [&](Statement& s) {
                        s.Bind(1, language);
                        s.Bind(2, int64_t{user_id});
                    });
}

bool Store::Writer::AddOperator(Id user_id, std::string& error) {
    return sql::Run(db_, "INSERT OR IGNORE INTO operators(user_id) VALUES (?)",
                    "cannot add operator", error,
                    [&](Statement& s) { s.Bind(1, int64_t{user_id}); });
}

bool Store::Writer::InsertMembership(Id user_id, Id account_id, Role role, std::string& error) {
    return sql::Run(db_, "INSERT INTO memberships(user_id, account_id, role) VALUES (?, ?, ?)",
                    "cannot add membership", error, [&](Statement& s) {
                        s.Bind(1, int64_t{user_id});
                        s.Bind(2, int64_t{account_id});
                        s.Bind(3, RoleText(role));
                    });
}

bool Store::Writer::InsertPartnerOrg(const std::string& name, Id& id, std::string& error,
                                     std::string* code) {
    // 40 random bits: a clash with one of a few thousand codes is a one-in-a-hundred-million
    // event, which the unique index turns into a failed insert rather than a shared code.
    std::string fresh = NewPartnerCode();
    if (code) *code = fresh;
    return InsertReturningId(db_, "INSERT INTO partner_orgs(name, code) VALUES (?, ?) RETURNING id",
                             "cannot add partner organisation " + name, id, error,
                             [&](Statement& s) {
                                 s.Bind(1, name);
                                 s.Bind(2, fresh);
                             });
}

bool Store::Writer::InsertPartnerMember(Id user_id, Id partner_org_id, Role role,
                                        std::string& error) {
    return sql::Run(db_,
                    "INSERT INTO partner_members(user_id, partner_org_id, role) VALUES (?, ?, ?)",
                    "cannot add partner member", error, [&](Statement& s) {
                        s.Bind(1, int64_t{user_id});
                        s.Bind(2, int64_t{partner_org_id});
                        s.Bind(3, RoleText(role));
                    });
}

bool Store::Writer::InsertDelegation(Id account_id, Id partner_org_id, Role role,
                                     std::string& error) {
    return sql::Run(db_,
                    "INSERT INTO delegations(account_id, partner_org_id, role) VALUES (?, ?, ?)",
                    "cannot add delegation", error, [&](Statement& s) {
                        s.Bind(1, int64_t{account_id});
                        s.Bind(2, int64_t{partner_org_id});
                        s.Bind(3, RoleText(role));
                    });
}

}  // namespace portal::server

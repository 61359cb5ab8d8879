// Single sign-on's configuration in SQL (migration 013). A connection is read with its domains
// (a second query per connection: an account has a handful).
#include "server/sso/sso_store.h"

#include <algorithm>

#include "server/database.h"
#include "server/sql_helpers.h"

namespace portal::server::sso {

namespace {

using sql::BindNullable;
using sql::Nullable;

std::string TextOrEmpty(const Statement& row, int column) {
    return row.ColumnIsNull(column) ? std::string() : row.ColumnText(column);
}

// ---------------------------------------------------------------------------------------------
// Domains

constexpr const char* kDomainColumns =
    "d.id, d.account_id, d.domain, d.token, d.verified_at, d.last_check_at,"
    " d.last_check_outcome, d.last_check_message, d.created_at";

SsoDomain ReadDomain(const Statement& row, int first = 0) {
    SsoDomain domain;
    domain.id = row.ColumnInt(first + 0);
    domain.account_id = row.ColumnInt(first + 1);
    domain.domain = row.ColumnText(first + 2);
    domain.token = row.ColumnText(first + 3);
    domain.verified_at = Nullable(row, first + 4);
    domain.last_check_at = Nullable(row, first + 5);
    domain.last_check_outcome = TextOrEmpty(row, first + 6);
    domain.last_check_message = TextOrEmpty(row, first + 7);
    domain.created_at = row.ColumnInt(first + 8);
    return domain;
}

// ---------------------------------------------------------------------------------------------
// Connections

constexpr const char* kConnectionColumns =
    "c.id, c.account_id, c.name, c.issuer, c.client_id, c.client_secret_sealed, c.default_role,"
    " c.enforced, c.tested_at, c.tested_subject, c.discovery_json, c.discovered_at, c.created_at,"
    " c.updated_at";

SsoConnection ReadConnection(const Statement& row) {
    SsoConnection connection;
    connection.id = row.ColumnInt(0);
    connection.account_id = row.ColumnInt(1);
    connection.name = row.ColumnText(2);
    connection.issuer = row.ColumnText(3);
    connection.client_id = row.ColumnText(4);
    connection.client_secret_sealed = row.ColumnText(5);
    Role role = Role::ReadOnly;
    if (!row.ColumnIsNull(6) && RoleFrom(row.ColumnText(6), role)) connection.default_role = role;
    connection.enforced = row.ColumnInt(7) != 0;
    connection.tested_at = Nullable(row, 8);
    connection.tested_subject = TextOrEmpty(row, 9);
    connection.discovery_json = row.ColumnText(10);
    connection.discovered_at = Nullable(row, 11);
    connection.created_at = row.ColumnInt(12);
    connection.updated_at = row.ColumnInt(13);
    return connection;
}

bool LoadConnectionDomains(Database& db, SsoConnection& connection, std::string& error) {
    std::string sql = std::string("SELECT ") + kDomainColumns +
                      " FROM sso_connection_domains cd JOIN sso_domains d ON d.id = cd.domain_id"
                      " WHERE cd.connection_id = ? ORDER BY d.id";
    return sql::Query(
        db, sql.c_str(), "reading a connection's domains", error,
        [&](Statement& s) { s.Bind(1, connection.id); },
        [&](const Statement& row) { connection.domains.push_back(ReadDomain(row)); });
}

// Reads the connections `where` selects (bound by bind), each with its domains.
template <class Bind>
bool QueryConnections(Database& db, const std::string& where, const char* what, Bind bind,
                      std::vector<SsoConnection>& out, std::string& error) {
    out.clear();
    std::string sql =
        std::string("SELECT ") + kConnectionColumns + " FROM sso_connections c " + where;
    if (!sql::Query(db, sql.c_str(), what, error, bind,
                    [&](const Statement& row) { out.push_back(ReadConnection(row)); })) {
        return false;
    }
    for (SsoConnection& connection : out) {
        if (!LoadConnectionDomains(db, connection, error)) return false;
    }
    return true;
}

void BindConnection(Statement& s, const SsoConnection& c, int first) {
    s.Bind(first + 0, c.name);
    s.Bind(first + 1, c.issuer);
    s.Bind(first + 2, c.client_id);
    s.Bind(first + 3, c.client_secret_sealed);
    if (c.default_role) {
        s.Bind(first + 4, std::string(RoleText(*c.default_role)));
    } else {
        s.BindNull(first + 4);
    }
    s.Bind(first + 5, int64_t{c.enforced ? 1 : 0});
    BindNullable(s, first + 6, c.tested_at);
    sql::BindTextOrNull(s, first + 7, c.tested_subject);
    s.Bind(first + 8, c.discovery_json);
    BindNullable(s, first + 9, c.discovered_at);
    s.Bind(first + 10, c.updated_at);
}

bool WriteConnectionDomains(Database& db, const SsoConnection& connection, std::string& error) {
    if (!sql::Run(db, "DELETE FROM sso_connection_domains WHERE connection_id = ?",
                  "clearing a connection's domains", error,
                  [&](Statement& s) { s.Bind(1, connection.id); })) {
        return false;
    }
    for (Id domain_id : connection.DomainIds()) {
        if (!sql::Run(db,
                      "INSERT INTO sso_connection_domains(connection_id, domain_id) VALUES (?, ?)",
                      "adding a connection's domain", error, [&](Statement& s) {
                          s.Bind(1, connection.id);
                          s.Bind(2, domain_id);
                      })) {
            return false;
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Users

constexpr const char* kUserColumns =
    "u.id, u.email, u.name, m.role, u.password_hash <> '', u.disabled, m.break_glass,"
    " u.last_password_sign_in_at,"
    " (SELECT max(i.last_sign_in_at) FROM sso_identities i WHERE i.user_id = u.id)";

SsoUser ReadUser(const Statement& row) {
    SsoUser user;
    user.user_id = row.ColumnInt(0);
    user.email = row.ColumnText(1);
    user.name = row.ColumnText(2);
    RoleFrom(row.ColumnText(3), user.role);
    user.has_password = row.ColumnInt(4) != 0;
    user.disabled = row.ColumnInt(5) != 0;
    user.break_glass = row.ColumnInt(6) != 0;
    user.last_password_sign_in_at = TextOrEmpty(row, 7);
    user.last_sso_sign_in_at = Nullable(row, 8);
    return user;
}

bool LoadIdentities(Database& db, SsoUser& user, std::string& error) {
    return sql::Query(
        db, "SELECT connection_id, issuer FROM sso_identities WHERE user_id = ? ORDER BY id",
        "reading a user's identities", error, [&](Statement& s) { s.Bind(1, user.user_id); },
        [&](const Statement& row) {
            user.identities.push_back({sql::IdOrZero(row, 0), row.ColumnText(1)});
        });
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Records

std::vector<Id> SsoConnection::DomainIds() const {
    std::vector<Id> ids;
    for (const SsoDomain& domain : domains) ids.push_back(domain.id);
    return ids;
}

bool SsoConnection::HasVerifiedDomain(const std::string& domain) const {
    return std::any_of(domains.begin(), domains.end(),
                       [&](const SsoDomain& d) { return d.verified() && d.domain == domain; });
}

std::string EmailDomain(const std::string& email) {
    size_t at = email.rfind('@');
    if (at == std::string::npos || at + 1 >= email.size()) return "";
    std::string domain = email.substr(at + 1);
    for (char& c : domain) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (!domain.empty() && domain.back() == '.') domain.pop_back();
    return domain;
}

// ---------------------------------------------------------------------------------------------
// Domains

bool ListSsoDomains(Store::Writer& w, Id account_id, std::vector<SsoDomain>& out,
                    std::string& error) {
    out.clear();
    std::string sql = std::string("SELECT ") + kDomainColumns +
                      " FROM sso_domains d WHERE d.account_id = ? ORDER BY d.domain, d.id";
    return sql::Query(
        w.db(), sql.c_str(), "listing SSO domains", error,
        [&](Statement& s) { s.Bind(1, account_id); },
        [&](const Statement& row) { out.push_back(ReadDomain(row)); });
}

bool FindSsoDomain(Store::Writer& w, Id domain_id, SsoDomain& out, bool& found,
                   std::string& error) {
    found = false;
    std::string sql =
        std::string("SELECT ") + kDomainColumns + " FROM sso_domains d WHERE d.id = ?";
    return sql::Query(
        w.db(), sql.c_str(), "reading an SSO domain", error,
        [&](Statement& s) { s.Bind(1, domain_id); },
        [&](const Statement& row) {
            out = ReadDomain(row);
            found = true;
        });
}

bool DomainVerifiedElsewhere(Store::Writer& w, const std::string& domain, Id parent_entity_id,
                             bool& taken, std::string& error) {
    taken = false;
    return sql::Query(
        w.db(),
        "SELECT 1 FROM sso_domains d JOIN accounts a ON a.id = d.account_id"
        " WHERE d.domain = ? AND d.verified_at IS NOT NULL AND a.parent_entity_id <> ? LIMIT 1",
        "checking who verified a domain", error,
        [&](Statement& s) {
            s.Bind(1, domain);
            s.Bind(2, parent_entity_id);
        },
        [&](const Statement&) { taken = true; });
}

bool InsertSsoDomain(Store::Writer& w, SsoDomain& domain, std::string& error) {
    return sql::InsertReturningId(
        w.db(),
        "INSERT INTO sso_domains(account_id, domain, token, verified_at, last_check_at,"
        " last_check_outcome, last_check_message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING id",
        "adding an SSO domain", domain.id, error, [&](Statement& s) {
            s.Bind(1, domain.account_id);
            s.Bind(2, domain.domain);
            s.Bind(3, domain.token);
            BindNullable(s, 4, domain.verified_at);
            BindNullable(s, 5, domain.last_check_at);
            sql::BindTextOrNull(s, 6, domain.last_check_outcome);
            sql::BindTextOrNull(s, 7, domain.last_check_message);
            s.Bind(8, domain.created_at);
        });
}

bool UpdateSsoDomainCheck(Store::Writer& w, const SsoDomain& domain, std::string& error) {
    return sql::Run(w.db(),
                    "UPDATE sso_domains SET verified_at = ?, last_check_at = ?,"
                    " last_check_outcome = ?, last_check_message = ? WHERE id = ?",
                    "recording a domain check", error, [&](Statement& s) {
                        BindNullable(s, 1, domain.verified_at);
                        BindNullable(s, 2, domain.last_check_at);
                        sql::BindTextOrNull(s, 3, domain.last_check_outcome);
                        sql::BindTextOrNull(s, 4, domain.last_check_message);
                        s.Bind(5, domain.id);
                    });
}

bool DeleteSsoDomain(Store::Writer& w, Id domain_id, int64_t now, std::string& error) {
    Database& db = w.db();
    // The connections that held it, to stop enforcing those left with no domain (R-ACC-5: an
    // enforced connection always names the addresses it covers).
    std::vector<Id> connections;
    if (!sql::Query(
            db, "SELECT connection_id FROM sso_connection_domains WHERE domain_id = ?",
            "reading a domain's connections", error, [&](Statement& s) { s.Bind(1, domain_id); },
            [&](const Statement& row) { connections.push_back(row.ColumnInt(0)); })) {
        return false;
    }
    if (!sql::Run(db, "DELETE FROM sso_connection_domains WHERE domain_id = ?",
                  "removing a domain from connections", error,
                  [&](Statement& s) { s.Bind(1, domain_id); })) {
        return false;
    }
    for (Id connection_id : connections) {
        if (!sql::Run(db,
                      "UPDATE sso_connections SET enforced = 0, updated_at = ? WHERE id = ?"
                      " AND enforced = 1 AND NOT EXISTS (SELECT 1 FROM sso_connection_domains"
                      " WHERE connection_id = sso_connections.id)",
                      "ending the enforcement of a connection with no domain", error,
                      [&](Statement& s) {
                          s.Bind(1, now);
                          s.Bind(2, connection_id);
                      })) {
            return false;
        }
    }
    return sql::Run(db, "DELETE FROM sso_domains WHERE id = ?", "deleting an SSO domain", error,
                    [&](Statement& s) { s.Bind(1, domain_id); });
}

// ---------------------------------------------------------------------------------------------
// Connections

bool ListSsoConnections(Store::Writer& w, Id account_id, std::vector<SsoConnection>& out,
                        std::string& error) {
    return QueryConnections(
        w.db(), "WHERE c.account_id = ? ORDER BY c.id", "listing SSO connections",
        [&](Statement& s) { s.Bind(1, account_id); }, out, error);
}

bool FindSsoConnection(Store::Writer& w, Id connection_id, SsoConnection& out, bool& found,
                       std::string& error) {
    std::vector<SsoConnection> rows;
    if (!QueryConnections(
            w.db(), "WHERE c.id = ?", "reading an SSO connection",
            [&](Statement& s) { s.Bind(1, connection_id); }, rows, error)) {
        return false;
    }
    found = !rows.empty();
    if (found) out = std::move(rows.front());
    return true;
}

bool FindSsoConnectionsForDomain(Store::Writer& w, const std::string& domain,
                                 std::vector<SsoConnection>& out, std::string& error) {
    return QueryConnections(
        w.db(),
        "WHERE EXISTS (SELECT 1 FROM sso_connection_domains cd JOIN sso_domains d"
        " ON d.id = cd.domain_id WHERE cd.connection_id = c.id AND d.domain = ?"
        " AND d.verified_at IS NOT NULL) ORDER BY c.enforced DESC, c.id",
        "finding the SSO connections of a domain", [&](Statement& s) { s.Bind(1, domain); }, out,
        error);
}

bool FindSsoConnectionsByIssuer(Store::Writer& w, const std::string& issuer,
                                std::vector<SsoConnection>& out, std::string& error) {
    return QueryConnections(
        w.db(), "WHERE c.issuer = ? ORDER BY c.id", "finding SSO connections by issuer",
        [&](Statement& s) { s.Bind(1, issuer); }, out, error);
}

bool InsertSsoConnection(Store::Writer& w, SsoConnection& connection, std::string& error) {
    if (!sql::InsertReturningId(
            w.db(),
            "INSERT INTO sso_connections(name, issuer, client_id, client_secret_sealed,"
            " default_role, enforced, tested_at, tested_subject, discovery_json, discovered_at,"
            " updated_at, account_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            "adding an SSO connection", connection.id, error, [&](Statement& s) {
                BindConnection(s, connection, 1);
                s.Bind(12, connection.account_id);
                s.Bind(13, connection.created_at);
            })) {
        return false;
    }
    return WriteConnectionDomains(w.db(), connection, error);
}

bool UpdateSsoConnection(Store::Writer& w, const SsoConnection& connection, std::string& error) {
    if (!sql::Run(w.db(),
                  "UPDATE sso_connections SET name = ?, issuer = ?, client_id = ?,"
                  " client_secret_sealed = ?, default_role = ?, enforced = ?, tested_at = ?,"
                  " tested_subject = ?, discovery_json = ?, discovered_at = ?, updated_at = ?"
                  " WHERE id = ?",
                  "updating an SSO connection", error, [&](Statement& s) {
                      BindConnection(s, connection, 1);
                      s.Bind(12, connection.id);
                  })) {
        return false;
    }
    return WriteConnectionDomains(w.db(), connection, error);
}

bool DeleteSsoConnection(Store::Writer& w, Id connection_id, std::string& error) {
    Database& db = w.db();
    auto bind = [&](Statement& s) { s.Bind(1, connection_id); };
    // Identities outlive their connection (a user keeps their link to the issuer); sign-ins in
    // progress through it end; its sessions keep running but no longer name it.
    return sql::Run(db, "DELETE FROM sso_connection_domains WHERE connection_id = ?",
                    "removing a connection's domains", error, bind) &&
           sql::Run(db, "DELETE FROM sso_login_states WHERE connection_id = ?",
                    "removing a connection's sign-ins in progress", error, bind) &&
           sql::Run(db, "UPDATE sso_identities SET connection_id = NULL WHERE connection_id = ?",
                    "unlinking a connection's identities", error, bind) &&
           sql::Run(db, "UPDATE sessions SET sso_connection_id = NULL WHERE sso_connection_id = ?",
                    "unlinking a connection's sessions", error, bind) &&
           sql::Run(db, "DELETE FROM sso_connections WHERE id = ?", "deleting an SSO connection",
                    error, bind);
}

bool MarkSsoConnectionTested(Store::Writer& w, Id connection_id, int64_t now,
                             const std::string& subject, std::string& error) {
    return sql::Run(w.db(),
                    "UPDATE sso_connections SET tested_at = ?, tested_subject = ?, updated_at = ?"
                    " WHERE id = ?",
                    "recording a connection's test", error, [&](Statement& s) {
                        s.Bind(1, now);
                        s.Bind(2, subject);
                        s.Bind(3, now);
                        s.Bind(4, connection_id);
                    });
}

bool AccountHasEnforcedConnection(Store::Writer& w, Id account_id, bool& enforced,
                                  std::string& error) {
    enforced = false;
    return sql::Query(
        w.db(), "SELECT 1 FROM sso_connections WHERE account_id = ? AND enforced = 1 LIMIT 1",
        "checking an account's SSO enforcement", error,
        [&](Statement& s) { s.Bind(1, account_id); }, [&](const Statement&) { enforced = true; });
}

// ---------------------------------------------------------------------------------------------
// Accounts, users and break-glass

bool AccountParentEntity(Store::Writer& w, Id account_id, Id& parent_entity_id, bool& found,
                         std::string& error) {
    found = false;
    return sql::Query(
        w.db(), "SELECT parent_entity_id FROM accounts WHERE id = ?",
        "reading an account's parent entity", error, [&](Statement& s) { s.Bind(1, account_id); },
        [&](const Statement& row) {
            parent_entity_id = row.ColumnInt(0);
            found = true;
        });
}

bool ListSsoUsers(Store::Writer& w, Id account_id, std::vector<SsoUser>& out, std::string& error) {
    out.clear();
    std::string sql = std::string("SELECT ") + kUserColumns +
                      " FROM memberships m JOIN users u ON u.id = m.user_id"
                      " WHERE m.account_id = ? ORDER BY lower(u.email), u.id";
    if (!sql::Query(
            w.db(), sql.c_str(), "listing an account's users", error,
            [&](Statement& s) { s.Bind(1, account_id); },
            [&](const Statement& row) { out.push_back(ReadUser(row)); })) {
        return false;
    }
    for (SsoUser& user : out) {
        if (!LoadIdentities(w.db(), user, error)) return false;
    }
    return true;
}

bool FindSsoUser(Store::Writer& w, Id account_id, Id user_id, SsoUser& out, bool& found,
                 std::string& error) {
    found = false;
    std::string sql = std::string("SELECT ") + kUserColumns +
                      " FROM memberships m JOIN users u ON u.id = m.user_id"
                      " WHERE m.account_id = ? AND m.user_id = ?";
    if (!sql::Query(
            w.db(), sql.c_str(), "reading an account's user", error,
            [&](Statement& s) {
                s.Bind(1, account_id);
                s.Bind(2, user_id);
            },
            [&](const Statement& row) {
                out = ReadUser(row);
                found = true;
            })) {
        return false;
    }
    return !found || LoadIdentities(w.db(), out, error);
}

bool SetBreakGlass(Store::Writer& w, Id account_id, Id user_id, bool break_glass,
                   std::string& error) {
    return sql::Run(w.db(),
                    "UPDATE memberships SET break_glass = ? WHERE account_id = ? AND user_id = ?",
                    "marking a break-glass admin", error, [&](Statement& s) {
                        s.Bind(1, int64_t{break_glass ? 1 : 0});
                        s.Bind(2, account_id);
                        s.Bind(3, user_id);
                    });
}

bool ListBreakGlassAdmins(Store::Writer& w, Id account_id, std::vector<Id>& out,
                          std::string& error) {
    out.clear();
    return sql::Query(
        w.db(),
        "SELECT u.id FROM memberships m JOIN users u ON u.id = m.user_id"
        " WHERE m.account_id = ? AND m.role = 'admin' AND m.break_glass = 1"
        " AND u.password_hash <> '' AND u.disabled = 0 ORDER BY u.id",
        "listing break-glass admins", error, [&](Statement& s) { s.Bind(1, account_id); },
        [&](const Statement& row) { out.push_back(row.ColumnInt(0)); });
}

bool IsBreakGlassAdmin(Store::Writer& w, Id account_id, Id user_id, bool& yes, std::string& error) {
    std::vector<Id> admins;
    if (!ListBreakGlassAdmins(w, account_id, admins, error)) return false;
    yes = std::find(admins.begin(), admins.end(), user_id) != admins.end();
    return true;
}

bool SsoRequiredFor(Store::Writer& w, const std::string& email, Id user_id, bool& required,
                    std::string& error) {
    required = false;
    std::string domain = EmailDomain(email);
    if (domain.empty()) return true;
    std::vector<SsoConnection> connections;
    if (!FindSsoConnectionsForDomain(w, domain, connections, error)) return false;
    for (const SsoConnection& connection : connections) {
        if (!connection.enforced) continue;
        required = true;
        bool break_glass = false;
        if (user_id != 0 &&
            !IsBreakGlassAdmin(w, connection.account_id, user_id, break_glass, error)) {
            return false;
        }
        if (break_glass) {
            required = false;
            return true;
        }
    }
    return true;
}

bool RecordPasswordSignIn(Store::Writer& w, Id user_id, const std::string& at, std::string& error) {
    return sql::Run(w.db(), "UPDATE users SET last_password_sign_in_at = ? WHERE id = ?",
                    "recording a password sign-in", error, [&](Statement& s) {
                        s.Bind(1, at);
                        s.Bind(2, user_id);
                    });
}

}  // namespace portal::server::sso

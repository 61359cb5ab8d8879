// Kiosk links and the partner lookups of the kiosk routes, in SQL.
#include "server/kiosk_store.h"

#include "server/database.h"
#include "server/sql_helpers.h"

namespace portal::server {

namespace {

using sql::BindIdOrNull;

constexpr const char* kSelectLink =
    "SELECT id, account_id, partner_org_id, name, sites, rooms, theme, created_by, created_at,"
    " expires_at, revoked_at, last_used_at FROM kiosk_links";

// Room 0 never exists: a link limited to it shows nothing.
constexpr Id kNoRoom = 0;

// Sites and rooms are stored as the JSON arrays the API speaks; what this module wrote reads
// back. A damaged value fails closed: an empty list means every site or room, so a link whose
// scope cannot be read is limited to no room rather than widened to all of them.
api::KioskLink ReadLink(const Statement& row) {
    api::KioskLink link;
    link.id = row.ColumnInt(0);
    link.account_id = sql::IdOrZero(row, 1);
    link.partner_org_id = sql::IdOrZero(row, 2);
    link.name = row.ColumnText(3);
    bool damaged = false;
    api::Json sites = api::Json::parse(row.ColumnText(4), nullptr, false);
    damaged |= !sites.is_array();
    for (const api::Json& site : sites.is_array() ? sites : api::Json::array()) {
        damaged |= !site.is_string();
        if (site.is_string()) link.sites.push_back(site.get<std::string>());
    }
    api::Json rooms = api::Json::parse(row.ColumnText(5), nullptr, false);
    damaged |= !rooms.is_array();
    for (const api::Json& room : rooms.is_array() ? rooms : api::Json::array()) {
        damaged |= !room.is_number_integer();
        if (room.is_number_integer()) link.rooms.push_back(room.get<Id>());
    }
    if (damaged) link.rooms = {kNoRoom};
    link.theme = row.ColumnText(6);
    link.created_by = sql::IdOrZero(row, 7);
    link.created_at = row.ColumnInt(8);
    link.expires_at = sql::Nullable(row, 9);
    link.revoked_at = sql::Nullable(row, 10);
    link.last_used_at = sql::Nullable(row, 11);
    return link;
}

template <class Bind>
bool FindLinkWhere(Store::Writer& w, const char* where, Bind bind, api::KioskLink& out, bool& found,
                   std::string& error) {
    found = false;
    std::string sql = std::string(kSelectLink) + " WHERE " + where;
    return sql::Query(w.db(), sql.c_str(), "cannot read kiosk links", error, bind,
                      [&](Statement& row) {
                          out = ReadLink(row);
                          found = true;
                      });
}

}  // namespace

bool InsertKioskLink(Store::Writer& w, api::KioskLink& link, const std::string& token_hash,
                     std::string& error) {
    Database& db = w.db();
    Statement insert = db.Prepare(
        "INSERT INTO kiosk_links(account_id, partner_org_id, name, token_hash, sites, rooms,"
        " theme, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING id");
    if (!insert.Valid()) return sql::Failed(db, "cannot store the kiosk link", error);
    BindIdOrNull(insert, 1, link.account_id);
    BindIdOrNull(insert, 2, link.partner_org_id);
    insert.Bind(3, link.name);
    insert.Bind(4, token_hash);
    insert.Bind(5, api::Json(link.sites).dump());
    insert.Bind(6, api::Json(link.rooms).dump());
    insert.Bind(7, link.theme);
    BindIdOrNull(insert, 8, link.created_by);
    insert.Bind(9, int64_t{link.created_at});
    if (link.expires_at) {
        insert.Bind(10, int64_t{*link.expires_at});
    } else {
        insert.BindNull(10);
    }
    if (insert.Step() != Statement::StepResult::Row) {
        error = "cannot store the kiosk link: " + db.LastMessage();
        return false;
    }
    link.id = insert.ColumnInt(0);
    insert.Step();  // Done: lets the statement finish before it goes back to the cache
    return true;
}

bool ListKioskLinks(Store::Writer& w, Id account_id, Id partner_org_id,
                    std::vector<api::KioskLink>& out, std::string& error) {
    out.clear();
    std::string sql = std::string(kSelectLink) +
                      (account_id != 0 ? " WHERE account_id = ?" : " WHERE partner_org_id = ?") +
                      " ORDER BY id DESC";
    return sql::Query(
        w.db(), sql.c_str(), "cannot list kiosk links", error,
        [&](Statement& q) { q.Bind(1, int64_t{account_id != 0 ? account_id : partner_org_id}); },
        [&](Statement& row) { out.push_back(ReadLink(row)); });
}

bool FindKioskLink(Store::Writer& w, Id link_id, api::KioskLink& out, bool& found,
                   std::string& error) {
    return FindLinkWhere(
        w, "id = ?", [&](Statement& q) { q.Bind(1, int64_t{link_id}); }, out, found, error);
}

bool FindKioskLinkByHash(Store::Writer& w, const std::string& token_hash, api::KioskLink& out,
                         bool& found, std::string& error) {
    return FindLinkWhere(
        w, "token_hash = ?", [&](Statement& q) { q.Bind(1, token_hash); }, out, found, error);
}

bool RevokeKioskLink(Store::Writer& w, Id link_id, telemetry::Seconds now, std::string& error) {
    return sql::Run(w.db(),
                    "UPDATE kiosk_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                    "cannot revoke the kiosk link", error, [&](Statement& s) {
                        s.Bind(1, int64_t{now});
                        s.Bind(2, int64_t{link_id});
                    });
}

bool TouchKioskLink(Store::Writer& w, Id link_id, telemetry::Seconds now, std::string& error) {
    return sql::Run(w.db(), "UPDATE kiosk_links SET last_used_at = ? WHERE id = ?",
                    "cannot note the kiosk link's use", error, [&](Statement& s) {
                        s.Bind(1, int64_t{now});
                        s.Bind(2, int64_t{link_id});
                    });
}

bool FindPartnerOrgName(Store::Writer& w, Id partner_org_id, std::string& name, bool& found,
                        std::string& error) {
    found = false;
    return sql::Query(
        w.db(), "SELECT name FROM partner_orgs WHERE id = ?", "cannot read partner organisations",
        error, [&](Statement& q) { q.Bind(1, int64_t{partner_org_id}); },
        [&](Statement& row) {
            name = row.ColumnText(0);
            found = true;
        });
}

bool FindPartnerRole(Store::Writer& w, Id user_id, Id partner_org_id, std::optional<Role>& role,
                     std::string& error) {
    role.reset();
    return sql::Query(
        w.db(), "SELECT role FROM partner_members WHERE user_id = ? AND partner_org_id = ?",
        "cannot read partner members", error,
        [&](Statement& q) {
            q.Bind(1, int64_t{user_id});
            q.Bind(2, int64_t{partner_org_id});
        },
        [&](Statement& row) {
            Role found = Role::ReadOnly;
            if (RoleFrom(row.ColumnText(0), found)) role = found;
        });
}

bool ListAdminDelegatingAccounts(Store::Writer& w, Id partner_org_id, std::vector<Id>& accounts,
                                 std::string& error) {
    accounts.clear();
    return sql::Query(
        w.db(),
        "SELECT account_id FROM delegations WHERE partner_org_id = ? AND role = 'admin'"
        " ORDER BY account_id",
        "cannot read delegations", error, [&](Statement& q) { q.Bind(1, int64_t{partner_org_id}); },
        [&](Statement& row) { accounts.push_back(row.ColumnInt(0)); });
}

bool LoadMeetingEnds(Store::Writer& w, Id account_id, telemetry::Seconds now,
                     std::map<Id, telemetry::Seconds>& ends, std::string& error) {
    ends.clear();
    // The same window as LoadStatusRows' in_meeting: meetings last at most kMaxMeetingSeconds.
    return sql::Query(
        w.db(),
        "SELECT m.room_id, max(m.\"end\") FROM meetings m JOIN rooms r ON r.id = m.room_id"
        " WHERE r.account_id = ?1 AND m.start <= ?2 AND m.start >= ?3 AND m.\"end\" > ?2"
        " GROUP BY m.room_id",
        "cannot read meetings", error,
        [&](Statement& q) {
            q.Bind(1, int64_t{account_id});
            q.Bind(2, int64_t{now});
            q.Bind(3, int64_t{now - telemetry::kMaxMeetingSeconds});
        },
        [&](Statement& row) { ends[row.ColumnInt(0)] = row.ColumnInt(1); });
}

}  // namespace portal::server

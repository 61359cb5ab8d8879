// Invitations, members, partner organisations and delegations in SQL (tables of migrations 003
// and 004). Every function runs inside the caller's Store::Write or Store::Read.
#include "server/invitation_store.h"

#include <chrono>

#include "server/audit_store.h"
#include "server/log.h"
#include "server/mail.h"
#include "server/password.h"
#include "server/sql_helpers.h"
#include "server/text.h"

namespace portal::server {

namespace {

using sql::BindIdOrNull;
using sql::Failed;
using sql::Query;
using sql::Run;

Role RoleAt(const Statement& row, int column) {
    Role role = Role::ReadOnly;  // the schema's CHECK lets only the two through
    RoleFrom(row.ColumnText(column), role);
    return role;
}

std::string UtcText(int64_t seconds) {
    return FormatUtc(std::chrono::system_clock::time_point(std::chrono::seconds(seconds)));
}

api::Json OptionalId(Id id) {
    return id == 0 ? api::Json(nullptr) : api::Json(id);
}

constexpr const char* kInvitationColumns =
    "SELECT id, account_id, partner_org_id, email, role, language, invited_by, created_at,"
    " expires_at, accepted_at, accepted_user_id, revoked_at, replaced_by FROM invitations ";

void ReadInvitation(const Statement& row, InvitationRecord& out) {
    out.id = row.ColumnInt(0);
    out.account_id = row.ColumnInt(1);  // NULL reads as 0
    out.partner_org_id = row.ColumnInt(2);
    out.email = row.ColumnText(3);
    out.role = RoleAt(row, 4);
    out.language = row.ColumnText(5);
    out.invited_by = row.ColumnInt(6);
    out.created_at = row.ColumnInt(7);
    out.expires_at = row.ColumnInt(8);
    out.accepted_at = row.ColumnInt(9);
    out.accepted_user_id = row.ColumnInt(10);
    out.revoked_at = row.ColumnInt(11);
    out.replaced_by = row.ColumnInt(12);
}

bool FindInvitationWhere(Store::Writer& w, const std::string& where, const std::string& key, Id id,
                         InvitationRecord& out, bool& found, std::string& error) {
    found = false;
    std::string sql = std::string(kInvitationColumns) + where;
    return Query(
        w.db(), sql.c_str(), "cannot read invitations", error,
        [&](Statement& s) {
            if (key.empty()) {
                s.Bind(1, int64_t{id});
            } else {
                s.Bind(1, key);
            }
        },
        [&](const Statement& row) {
            ReadInvitation(row, out);
            found = true;
        });
}

// Inserts the invitation with a new token and queues its mail; no audit entry (the callers
// append theirs: create or resend).
bool InsertInvitation(Store::Writer& w, const Config& config, InvitationRecord& invitation,
                      const std::string& inviter, const std::string& organisation, int64_t now,
                      std::string& token, std::string& error) {
    // NewRandomToken: 32 bytes from libsodium's CSPRNG (randombytes_buf), i.e. 256 bits, as
    // 43 characters of URL-safe base64. Only its SHA-256 is stored (a database leak gives no
    // working link); a plain hash is enough for 256 random bits, nothing to brute-force.
    token = NewRandomToken();
    invitation.created_at = now;
    invitation.expires_at = now + kInvitationSeconds;
    invitation.accepted_at = 0;
    invitation.accepted_user_id = 0;
    invitation.revoked_at = 0;
    invitation.replaced_by = 0;
    Database& db = w.db();
    Statement insert = db.Prepare(
        "INSERT INTO invitations(account_id, partner_org_id, email, role, language, token_hash,"
        " invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!insert.Valid()) return Failed(db, "cannot add the invitation", error);
    BindIdOrNull(insert, 1, invitation.account_id);
    BindIdOrNull(insert, 2, invitation.partner_org_id);
    insert.Bind(3, invitation.email);
    insert.Bind(4, RoleText(invitation.role));
    insert.Bind(5, invitation.language);
    insert.Bind(6, Sha256Hex(token));
    BindIdOrNull(insert, 7, invitation.invited_by);
    insert.Bind(8, invitation.created_at);
    insert.Bind(9, invitation.expires_at);
    if (insert.Step() != Statement::StepResult::Row) {
        error = "cannot add the invitation: " + db.LastMessage();
        return false;
    }
    invitation.id = insert.ColumnInt(0);
    if (insert.Step() != Statement::StepResult::Done) {
        return Failed(db, "cannot add the invitation", error);
    }

    InvitationFacts facts;
    facts.recipient = invitation.email;
    facts.inviter = inviter;
    facts.organisation = organisation;
    facts.role = invitation.role;
    facts.token = token;
    facts.expires_at = invitation.expires_at;
    facts.language = invitation.language == "fr" ? Language::French : Language::English;
    facts.account_id = invitation.account_id;
    MailMessage message = InvitationMail(config, facts);
    return EnqueueMail(w, message, now, error);
}

bool Audit(Store::Writer& w, Id account_id, Id user_id, int64_t now, const char* action,
           const std::string& object, std::optional<api::Json> before,
           std::optional<api::Json> after, std::string& error) {
    AuditEntry entry;
    entry.account_id = account_id;
    entry.at = UtcText(now);
    entry.user_id = user_id;
    entry.action = action;
    entry.object = object;
    entry.before = std::move(before);
    entry.after = std::move(after);
    return AppendAudit(w, entry, error);
}

std::string InvitationObject(Id id) {
    return "invitation:" + std::to_string(id);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Invitations

InvitationStatus StatusAt(const InvitationRecord& invitation, int64_t now) {
    if (invitation.accepted_at != 0) return InvitationStatus::Accepted;
    if (invitation.revoked_at != 0) return InvitationStatus::Revoked;
    if (now >= invitation.expires_at) return InvitationStatus::Expired;
    return InvitationStatus::Pending;
}

const char* InvitationStatusText(InvitationStatus status) {
    switch (status) {
        case InvitationStatus::Pending:
            return "pending";
        case InvitationStatus::Accepted:
            return "accepted";
        case InvitationStatus::Expired:
            return "expired";
        case InvitationStatus::Revoked:
            return "revoked";
    }
    return "pending";
}

api::Json InvitationToJson(const InvitationRecord& invitation, int64_t now) {
    return {{"id", invitation.id},
            {"accountId", OptionalId(invitation.account_id)},
            {"partnerOrgId", OptionalId(invitation.partner_org_id)},
            {"email", invitation.email},
            {"role", RoleText(invitation.role)},
            {"status", InvitationStatusText(StatusAt(invitation, now))},
            {"createdAt", UtcText(invitation.created_at)},
            {"expiresAt", UtcText(invitation.expires_at)},
            {"invitedBy", OptionalId(invitation.invited_by)}};
}

bool CreateInvitation(Store::Writer& w, const Config& config, InvitationRecord& invitation,
                      const std::string& inviter, const std::string& organisation, int64_t now,
                      std::string& token, std::string& error) {
    return InsertInvitation(w, config, invitation, inviter, organisation, now, token, error) &&
           Audit(w, invitation.account_id, invitation.invited_by, now, "invitation.create",
                 InvitationObject(invitation.id), std::nullopt, InvitationToJson(invitation, now),
                 error);
}

bool CheckNewInvitation(Store::Writer& w, const Config& config, const InvitationRecord& invitation,
                        int64_t now, InviteCheck& out, std::string& error) {
    Database& db = w.db();
    bool partner = invitation.account_id == 0;
    Id place = partner ? invitation.partner_org_id : invitation.account_id;
    int64_t member = 0, invited = 0, people = 0;
    // One row: is the email a member, is it invited (pending), how many people count towards
    // the cap (members and pending invitations).
    const char* sql =
        partner ? "SELECT"
                  " EXISTS (SELECT 1 FROM partner_members m JOIN users u ON u.id = m.user_id"
                  "         WHERE m.partner_org_id = ?1 AND u.email = ?2),"
                  " EXISTS (SELECT 1 FROM invitations WHERE partner_org_id = ?1 AND email = ?2"
                  "         AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?3),"
                  " 0"
                : "SELECT"
                  " EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id"
                  "         WHERE m.account_id = ?1 AND u.email = ?2),"
                  " EXISTS (SELECT 1 FROM invitations WHERE account_id = ?1 AND email = ?2"
                  "         AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?3),"
                  " (SELECT COUNT(*) FROM memberships WHERE account_id = ?1) +"
                  " (SELECT COUNT(*) FROM invitations WHERE account_id = ?1"
                  "  AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?3)";
    if (!Query(
            db, sql, "cannot check the invitation", error,
            [&](Statement& s) {
                s.Bind(1, int64_t{place});
                s.Bind(2, invitation.email);
                s.Bind(3, now);
            },
            [&](const Statement& row) {
                member = row.ColumnInt(0);
                invited = row.ColumnInt(1);
                people = row.ColumnInt(2);
            })) {
        return false;
    }
    if (member) {
        out = InviteCheck::AlreadyMember;
    } else if (invited) {
        out = InviteCheck::AlreadyInvited;
    } else if (!partner && people + 1 > config.max_users_per_account) {
        // R-ACC-3: the cap is on the people of an account; a partner organisation has none.
        out = InviteCheck::OverCap;
    } else {
        out = InviteCheck::Ok;
    }
    return true;
}

bool FindInvitation(Store::Writer& w, Id id, InvitationRecord& out, bool& found,
                    std::string& error) {
    return FindInvitationWhere(w, "WHERE id = ?", "", id, out, found, error);
}

bool FindInvitationByTokenHash(Store::Writer& w, const std::string& token_hash,
                               InvitationRecord& out, bool& found, std::string& error) {
    if (token_hash.empty()) {
        found = false;
        return true;
    }
    return FindInvitationWhere(w, "WHERE token_hash = ?", token_hash, 0, out, found, error);
}

bool ListInvitations(Store::Writer& w, Id account_id, std::vector<InvitationRecord>& out,
                     std::string& error) {
    out.clear();
    std::string sql = std::string(kInvitationColumns) + "WHERE account_id = ? ORDER BY id";
    return Query(
        w.db(), sql.c_str(), "cannot read invitations", error,
        [&](Statement& s) { s.Bind(1, int64_t{account_id}); },
        [&](const Statement& row) { ReadInvitation(row, out.emplace_back()); });
}

bool ResendInvitation(Store::Writer& w, const Config& config, InvitationRecord& old, Id resent_by,
                      const std::string& inviter, const std::string& organisation, int64_t now,
                      InvitationRecord& fresh, std::string& token, std::string& error) {
    api::Json before = InvitationToJson(old, now);
    fresh = InvitationRecord();
    fresh.account_id = old.account_id;
    fresh.partner_org_id = old.partner_org_id;
    fresh.email = old.email;
    fresh.role = old.role;
    fresh.language = old.language;
    fresh.invited_by = resent_by;
    if (!InsertInvitation(w, config, fresh, inviter, organisation, now, token, error)) return false;
    // R-ACC-2: the old link stops working; revoked_at is what accepting looks at.
    if (!Run(w.db(), "UPDATE invitations SET revoked_at = ?, replaced_by = ? WHERE id = ?",
             "cannot revoke the invitation", error, [&](Statement& s) {
                 s.Bind(1, now);
                 s.Bind(2, int64_t{fresh.id});
                 s.Bind(3, int64_t{old.id});
             })) {
        return false;
    }
    old.revoked_at = now;
    old.replaced_by = fresh.id;
    api::Json after = {{"revoked", InvitationToJson(old, now)},
                       {"replacement", InvitationToJson(fresh, now)}};
    return Audit(w, old.account_id, resent_by, now, "invitation.resend", InvitationObject(old.id),
                 std::move(before), std::move(after), error);
}

bool AcceptInvitation(Store::Writer& w, InvitationRecord& invitation, Id user_id, int64_t now,
                      std::string& error) {
    api::Json before = InvitationToJson(invitation, now);
    Database& db = w.db();
    bool ok =
        invitation.account_id != 0
            ? Run(db,
                  "INSERT INTO memberships(user_id, account_id, role) VALUES (?, ?, ?)"
                  " ON CONFLICT (user_id, account_id) DO NOTHING",
                  "cannot add the membership", error,
                  [&](Statement& s) {
                      s.Bind(1, int64_t{user_id});
                      s.Bind(2, int64_t{invitation.account_id});
                      s.Bind(3, RoleText(invitation.role));
                  })
            : Run(db,
                  "INSERT INTO partner_members(user_id, partner_org_id, role) VALUES (?, ?, ?)"
                  " ON CONFLICT (user_id, partner_org_id) DO NOTHING",
                  "cannot add the partner member", error, [&](Statement& s) {
                      s.Bind(1, int64_t{user_id});
                      s.Bind(2, int64_t{invitation.partner_org_id});
                      s.Bind(3, RoleText(invitation.role));
                  });
    if (!ok) return false;
    // Single use: only a row still unused and unrevoked is taken; anything else means the state
    // read before this transaction has moved on, and the whole accept rolls back.
    if (!Run(db,
             "UPDATE invitations SET accepted_at = ?, accepted_user_id = ?"
             " WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL",
             "cannot mark the invitation accepted", error, [&](Statement& s) {
                 s.Bind(1, now);
                 s.Bind(2, int64_t{user_id});
                 s.Bind(3, int64_t{invitation.id});
             })) {
        return false;
    }
    if (db.Changes() != 1) {
        error = "invitation " + std::to_string(invitation.id) + " is no longer pending";
        return false;
    }
    invitation.accepted_at = now;
    invitation.accepted_user_id = user_id;
    api::Json after = InvitationToJson(invitation, now);
    after["acceptedBy"] = user_id;
    return Audit(w, invitation.account_id, user_id, now, "invitation.accept",
                 InvitationObject(invitation.id), std::move(before), std::move(after), error);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Users and accounts

bool FindUserById(Store::Writer& w, Id user_id, UserRecord& out, bool& found, std::string& error) {
    found = false;
    return Query(
        w.db(),
        "SELECT id, email, name, password_hash, language, disabled, language_chosen FROM users"
        " WHERE id = ?",
        "cannot read users", error, [&](Statement& s) { s.Bind(1, int64_t{user_id}); },
        [&](const Statement& row) {
            out.id = row.ColumnInt(0);
            out.email = row.ColumnText(1);
            out.name = row.ColumnText(2);
            out.password_hash = row.ColumnText(3);
            out.language = row.ColumnText(4);
            out.disabled = row.ColumnInt(5) != 0;
            out.language_chosen = row.ColumnInt(6) != 0;
            found = true;
        });
}

bool FindAccountName(Store::Writer& w, Id account_id, AccountName& out, bool& found,
                     std::string& error) {
    found = false;
    return Query(
        w.db(), "SELECT name, country FROM accounts WHERE id = ?", "cannot read accounts", error,
        [&](Statement& s) { s.Bind(1, int64_t{account_id}); },
        [&](const Statement& row) {
            out.name = row.ColumnText(0);
            out.country = row.ColumnText(1);
            found = true;
        });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Members

api::Json MemberToJson(const MemberRecord& member) {
    return {{"userId", member.user_id},
            {"email", member.email},
            {"name", member.name},
            {"role", RoleText(member.role)}};
}

namespace {

constexpr const char* kMemberColumns =
    "SELECT u.id, u.email, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id ";

void ReadMember(const Statement& row, MemberRecord& out) {
    out.user_id = row.ColumnInt(0);
    out.email = row.ColumnText(1);
    out.name = row.ColumnText(2);
    out.role = RoleAt(row, 3);
}

}  // namespace

bool ListMembers(Store::Writer& w, Id account_id, std::vector<MemberRecord>& out,
                 std::string& error) {
    out.clear();
    std::string sql = std::string(kMemberColumns) + "WHERE m.account_id = ? ORDER BY u.id";
    return Query(
        w.db(), sql.c_str(), "cannot read members", error,
        [&](Statement& s) { s.Bind(1, int64_t{account_id}); },
        [&](const Statement& row) { ReadMember(row, out.emplace_back()); });
}

bool FindMember(Store::Writer& w, Id account_id, Id user_id, MemberRecord& out, bool& found,
                std::string& error) {
    found = false;
    std::string sql = std::string(kMemberColumns) + "WHERE m.account_id = ? AND m.user_id = ?";
    return Query(
        w.db(), sql.c_str(), "cannot read members", error,
        [&](Statement& s) {
            s.Bind(1, int64_t{account_id});
            s.Bind(2, int64_t{user_id});
        },
        [&](const Statement& row) {
            ReadMember(row, out);
            found = true;
        });
}

bool CountAdmins(Store::Writer& w, Id account_id, int& count, std::string& error) {
    count = 0;
    return Query(
        w.db(), "SELECT COUNT(*) FROM memberships WHERE account_id = ? AND role = 'admin'",
        "cannot count admins", error, [&](Statement& s) { s.Bind(1, int64_t{account_id}); },
        [&](const Statement& row) { count = static_cast<int>(row.ColumnInt(0)); });
}

bool UpdateMemberRole(Store::Writer& w, Id account_id, Id user_id, Role role, std::string& error) {
    return Run(w.db(), "UPDATE memberships SET role = ? WHERE account_id = ? AND user_id = ?",
               "cannot change the member's role", error, [&](Statement& s) {
                   s.Bind(1, RoleText(role));
                   s.Bind(2, int64_t{account_id});
                   s.Bind(3, int64_t{user_id});
               });
}

bool DeleteMember(Store::Writer& w, Id account_id, Id user_id, std::string& error) {
    return Run(w.db(), "DELETE FROM memberships WHERE account_id = ? AND user_id = ?",
               "cannot remove the member", error, [&](Statement& s) {
                   s.Bind(1, int64_t{account_id});
                   s.Bind(2, int64_t{user_id});
               });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Partner organisations and delegations

bool ListPartnerOrgs(Store::Writer& w, std::vector<PartnerOrgRecord>& out, std::string& error) {
    out.clear();
    return Query(
        w.db(), "SELECT id, name, code FROM partner_orgs ORDER BY name COLLATE NOCASE, id",
        "cannot read partner organisations", error, [](Statement&) {},
        [&](const Statement& row) {
            out.push_back({row.ColumnInt(0), row.ColumnText(1), row.ColumnText(2)});
        });
}

bool FindPartnerOrg(Store::Writer& w, Id id, PartnerOrgRecord& out, bool& found,
                    std::string& error) {
    found = false;
    return Query(
        w.db(), "SELECT id, name, code FROM partner_orgs WHERE id = ?",
        "cannot read partner organisations", error, [&](Statement& s) { s.Bind(1, int64_t{id}); },
        [&](const Statement& row) {
            out = {row.ColumnInt(0), row.ColumnText(1), row.ColumnText(2)};
            found = true;
        });
}

bool ListUserPartnerOrgs(Store::Writer& w, Id user_id, std::vector<PartnerMembership>& out,
                         std::string& error) {
    out.clear();
    return Query(
        w.db(),
        "SELECT p.id, p.name, p.code, m.role FROM partner_members m"
        " JOIN partner_orgs p ON p.id = m.partner_org_id WHERE m.user_id = ?"
        " ORDER BY p.name COLLATE NOCASE, p.id",
        "cannot read partner organisations", error,
        [&](Statement& s) { s.Bind(1, int64_t{user_id}); },
        [&](const Statement& row) {
            out.push_back(
                {{row.ColumnInt(0), row.ColumnText(1), row.ColumnText(2)}, RoleAt(row, 3)});
        });
}

bool FindPartnerOrgByCode(Store::Writer& w, const std::string& code, PartnerOrgRecord& out,
                          bool& found, std::string& error) {
    found = false;
    std::string key = text::Upper(text::Trim(code));
    return Query(
        w.db(), "SELECT id, name, code FROM partner_orgs WHERE code = ?",
        "cannot read partner organisations", error, [&](Statement& s) { s.Bind(1, key); },
        [&](const Statement& row) {
            out = {row.ColumnInt(0), row.ColumnText(1), row.ColumnText(2)};
            found = true;
        });
}

bool FindPartnerOrgByName(Store::Writer& w, const std::string& name, PartnerOrgRecord& out,
                          bool& found, std::string& error) {
    found = false;
    return Query(
        w.db(), "SELECT id, name, code FROM partner_orgs WHERE name = ? COLLATE NOCASE ORDER BY id",
        "cannot read partner organisations", error, [&](Statement& s) { s.Bind(1, name); },
        [&](const Statement& row) {
            if (found) return;
            out = {row.ColumnInt(0), row.ColumnText(1), row.ColumnText(2)};
            found = true;
        });
}

api::Json DelegationToJson(const AccountDelegation& delegation) {
    return {{"accountId", delegation.account_id},
            {"partnerOrgId", delegation.partner_org_id},
            {"partnerName", delegation.partner_name},
            {"role", RoleText(delegation.role)}};
}

namespace {

constexpr const char* kDelegationColumns =
    "SELECT d.account_id, d.partner_org_id, p.name, d.role FROM delegations d"
    " JOIN partner_orgs p ON p.id = d.partner_org_id ";

void ReadDelegation(const Statement& row, AccountDelegation& out) {
    out.account_id = row.ColumnInt(0);
    out.partner_org_id = row.ColumnInt(1);
    out.partner_name = row.ColumnText(2);
    out.role = RoleAt(row, 3);
}

}  // namespace

bool ListDelegations(Store::Writer& w, Id account_id, std::vector<AccountDelegation>& out,
                     std::string& error) {
    out.clear();
    std::string sql =
        std::string(kDelegationColumns) + "WHERE d.account_id = ? ORDER BY d.partner_org_id";
    return Query(
        w.db(), sql.c_str(), "cannot read delegations", error,
        [&](Statement& s) { s.Bind(1, int64_t{account_id}); },
        [&](const Statement& row) { ReadDelegation(row, out.emplace_back()); });
}

bool FindDelegation(Store::Writer& w, Id account_id, Id partner_org_id, AccountDelegation& out,
                    bool& found, std::string& error) {
    found = false;
    std::string sql =
        std::string(kDelegationColumns) + "WHERE d.account_id = ? AND d.partner_org_id = ?";
    return Query(
        w.db(), sql.c_str(), "cannot read delegations", error,
        [&](Statement& s) {
            s.Bind(1, int64_t{account_id});
            s.Bind(2, int64_t{partner_org_id});
        },
        [&](const Statement& row) {
            ReadDelegation(row, out);
            found = true;
        });
}

bool UpsertDelegation(Store::Writer& w, Id account_id, Id partner_org_id, Role role,
                      std::string& error) {
    return Run(w.db(),
               "INSERT INTO delegations(account_id, partner_org_id, role) VALUES (?, ?, ?)"
               " ON CONFLICT (account_id, partner_org_id) DO UPDATE SET role = excluded.role",
               "cannot record the delegation", error, [&](Statement& s) {
                   s.Bind(1, int64_t{account_id});
                   s.Bind(2, int64_t{partner_org_id});
                   s.Bind(3, RoleText(role));
               });
}

bool DeleteDelegation(Store::Writer& w, Id account_id, Id partner_org_id, std::string& error) {
    return Run(w.db(), "DELETE FROM delegations WHERE account_id = ? AND partner_org_id = ?",
               "cannot revoke the delegation", error, [&](Statement& s) {
                   s.Bind(1, int64_t{account_id});
                   s.Bind(2, int64_t{partner_org_id});
               });
}

}  // namespace portal::server

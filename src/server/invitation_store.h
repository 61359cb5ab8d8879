// Invitations (R-ACC-2, R-ACC-3; table invitations, migration 004): a 256-bit random token,
// stored as its SHA-256 only, single use, valid 30 days, bound to the invited email. A resend
// revokes the invitation and makes a new one with a new token.
//
// Also the rest of the people storage behind people_api.cpp (tables of migration 003): the
// members of an account (R-ACC-1), partner organisations and the delegations of an account to
// them (R-ACC-6). All of it runs inside Store::Write / Store::Read: a handler composes these
// calls in one transaction, together with its audit entry (audit_store.h). Emails match
// whatever their letter case (R-ACC-4: users.email and invitations.email are COLLATE NOCASE).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "server/config.h"
#include "server/people.h"
#include "server/store.h"

namespace portal::server {

inline constexpr int64_t kInvitationSeconds = 30 * 24 * 60 * 60;

struct InvitationRecord {
    Id id = 0;
    Id account_id = 0;      // an invitation to an account ...
    Id partner_org_id = 0;  // ... or to a partner organisation
    std::string email;
    Role role = Role::Admin;
    std::string language = "en";
    Id invited_by = 0;  // 0: the order intake
    int64_t created_at = 0;
    int64_t expires_at = 0;
    int64_t accepted_at = 0;  // 0: not accepted
    Id accepted_user_id = 0;
    int64_t revoked_at = 0;  // 0: not revoked
    Id replaced_by = 0;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Invitations

enum class InvitationStatus { Pending, Accepted, Expired, Revoked };

// What a link is worth at `now`: used and revoked links stay so; an unused one expires at
// expires_at (valid while now < expires_at).
InvitationStatus StatusAt(const InvitationRecord& invitation, int64_t now);
const char* InvitationStatusText(InvitationStatus status);  // "pending", "accepted", ...

// {id, accountId, partnerOrgId, email, role, status, createdAt, expiresAt, invitedBy}: the API's
// and the audit log's view (never the token). accountId or partnerOrgId is null; times are
// 'YYYY-MM-DDTHH:MM:SSZ'; invitedBy is null for the order intake.
api::Json InvitationToJson(const InvitationRecord& invitation, int64_t now);

// Creates an invitation with a new random token (returned in token, never stored) valid from
// now for kInvitationSeconds, queues its "Welcome" mail (mail.h) and appends the audit entry
// "invitation.create" (by invitation.invited_by; 0: the system) in the same transaction.
// inviter: who invites, for the mail ("Support Services" for the order intake);
// organisation: the account's or partner organisation's name.
// What may refuse an invitation (CheckNewInvitation) is the caller's to check first.
bool CreateInvitation(Store::Writer& w, const Config& config, InvitationRecord& invitation,
                      const std::string& inviter, const std::string& organisation, int64_t now,
                      std::string& token, std::string& error);

enum class InviteCheck {
    Ok,
    AlreadyMember,   // the email is a member of the account / partner organisation already
    AlreadyInvited,  // a pending invitation of the same email to the same place exists
    OverCap,         // R-ACC-3: members + pending invitations would pass max_users_per_account
};

// Whether invitation (its account_id or partner_org_id, and email) may be created at now.
bool CheckNewInvitation(Store::Writer& w, const Config& config, const InvitationRecord& invitation,
                        int64_t now, InviteCheck& out, std::string& error);

bool FindInvitation(Store::Writer& w, Id id, InvitationRecord& out, bool& found,
                    std::string& error);
// token_hash: Sha256Hex of the link's token.
bool FindInvitationByTokenHash(Store::Writer& w, const std::string& token_hash,
                               InvitationRecord& out, bool& found, std::string& error);
// The account's invitations, every status, by id.
bool ListInvitations(Store::Writer& w, Id account_id, std::vector<InvitationRecord>& out,
                     std::string& error);

// R-ACC-2: revokes old (pending or expired; the caller checks) and creates its replacement
// (same place, email, role and language; invited by resent_by) with a new token and 30 new
// days; old.replaced_by points at it. Queues the mail and appends "invitation.resend".
bool ResendInvitation(Store::Writer& w, const Config& config, InvitationRecord& old, Id resent_by,
                      const std::string& inviter, const std::string& organisation, int64_t now,
                      InvitationRecord& fresh, std::string& token, std::string& error);

// Marks a pending invitation accepted by user_id and gives the user its role: a membership of
// the account (kept as it is when the user is a member already) or of the partner organisation.
// Appends "invitation.accept". The caller has checked that the invitation is pending.
bool AcceptInvitation(Store::Writer& w, InvitationRecord& invitation, Id user_id, int64_t now,
                      std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Users and accounts

bool FindUserById(Store::Writer& w, Id user_id, UserRecord& out, bool& found, std::string& error);

struct AccountName {
    std::string name;
    std::string country;
};
bool FindAccountName(Store::Writer& w, Id account_id, AccountName& out, bool& found,
                     std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Members (R-ACC-1)

struct MemberRecord {
    Id user_id = 0;
    std::string email;
    std::string name;
    Role role = Role::ReadOnly;
};

// {userId, email, name, role}
api::Json MemberToJson(const MemberRecord& member);

// The account's members, by user id.
bool ListMembers(Store::Writer& w, Id account_id, std::vector<MemberRecord>& out,
                 std::string& error);
bool FindMember(Store::Writer& w, Id account_id, Id user_id, MemberRecord& out, bool& found,
                std::string& error);
bool CountAdmins(Store::Writer& w, Id account_id, int& count, std::string& error);
bool UpdateMemberRole(Store::Writer& w, Id account_id, Id user_id, Role role, std::string& error);
bool DeleteMember(Store::Writer& w, Id account_id, Id user_id, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Partner organisations and delegations (R-ACC-6)

struct PartnerOrgRecord {
    Id id = 0;
    std::string name;
    std::string code;  // public (NewPartnerCode): what a customer delegates to
};

// By name, then id.
bool ListPartnerOrgs(Store::Writer& w, std::vector<PartnerOrgRecord>& out, std::string& error);
bool FindPartnerOrg(Store::Writer& w, Id id, PartnerOrgRecord& out, bool& found,
                    std::string& error);
// The organisations the user is a member of, with the user's role in each, by name.
struct PartnerMembership {
    PartnerOrgRecord org;
    Role role = Role::ReadOnly;
};
bool ListUserPartnerOrgs(Store::Writer& w, Id user_id, std::vector<PartnerMembership>& out,
                         std::string& error);
// The organisation of a public code, whatever its letter case and surrounding spaces.
bool FindPartnerOrgByCode(Store::Writer& w, const std::string& code, PartnerOrgRecord& out,
                          bool& found, std::string& error);
// Whatever the letter case.
bool FindPartnerOrgByName(Store::Writer& w, const std::string& name, PartnerOrgRecord& out,
                          bool& found, std::string& error);

struct AccountDelegation {
    Id account_id = 0;
    Id partner_org_id = 0;
    std::string partner_name;
    Role role = Role::ReadOnly;
};

// {accountId, partnerOrgId, partnerName, role}
api::Json DelegationToJson(const AccountDelegation& delegation);

// The account's delegations, by partner organisation id.
bool ListDelegations(Store::Writer& w, Id account_id, std::vector<AccountDelegation>& out,
                     std::string& error);
bool FindDelegation(Store::Writer& w, Id account_id, Id partner_org_id, AccountDelegation& out,
                    bool& found, std::string& error);
// Grants the role, or changes it when the partner organisation has a delegation already.
bool UpsertDelegation(Store::Writer& w, Id account_id, Id partner_org_id, Role role,
                      std::string& error);
bool DeleteDelegation(Store::Writer& w, Id account_id, Id partner_org_id, std::string& error);

}  // namespace portal::server

// Invitations (R-ACC-2, R-ACC-3; table invitations, migration 004): a 256-bit random token,
// stored as its SHA-256 only, single use, valid 30 days, bound to the invited email. A resend
// revokes the invitation and makes a new one with a new token.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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

// Creates an invitation with a new random token (returned in token, never stored) valid from
// now for kInvitationSeconds, and queues its "Welcome" mail (mail.h) in the same transaction.
// inviter: who invites, for the mail ("Support Services" for the order intake);
// organisation: the account's or partner organisation's name.
bool CreateInvitation(Store::Writer& w, const Config& config, InvitationRecord& invitation,
                      const std::string& inviter, const std::string& organisation, int64_t now,
                      std::string& token, std::string& error);

}  // namespace portal::server

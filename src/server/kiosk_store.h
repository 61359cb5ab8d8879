// Kiosk link storage (migration 010): the links themselves (the token never, only its hash), and
// the two partner lookups the kiosk routes need: a user's role in a partner organisation and
// the accounts that delegate to one now. SQL lives here, HTTP does not (kiosk_api.cpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/kiosk_json.h"
#include "server/people.h"
#include "server/store.h"

namespace portal::server {

// A stored link is an api::KioskLink with token and url empty.
//
// token_hash: Sha256Hex of the token. Sets link.id.
bool InsertKioskLink(Store::Writer& w, api::KioskLink& link, const std::string& token_hash,
                     std::string& error);
// The links of an account (partner_org_id 0) or of a partner organisation (account_id 0),
// newest first.
bool ListKioskLinks(Store::Writer& w, Id account_id, Id partner_org_id,
                    std::vector<api::KioskLink>& out, std::string& error);
bool FindKioskLink(Store::Writer& w, Id link_id, api::KioskLink& out, bool& found,
                   std::string& error);
bool FindKioskLinkByHash(Store::Writer& w, const std::string& token_hash, api::KioskLink& out,
                         bool& found, std::string& error);
// Sets revoked_at unless it is set already.
bool RevokeKioskLink(Store::Writer& w, Id link_id, telemetry::Seconds now, std::string& error);
bool TouchKioskLink(Store::Writer& w, Id link_id, telemetry::Seconds now, std::string& error);

// The organisation's name; found false when there is none.
bool FindPartnerOrgName(Store::Writer& w, Id partner_org_id, std::string& name, bool& found,
                        std::string& error);
// The user's role in the partner organisation; nullopt when not a member (or no such org).
bool FindPartnerRole(Store::Writer& w, Id user_id, Id partner_org_id, std::optional<Role>& role,
                     std::string& error);
// The accounts that delegate admin to the organisation now, by id: a partner's kiosk link shows
// these only (issue 16: a read-only delegation does not let the partner publish a wall display
// of the customer's rooms to whoever holds the link).
bool ListAdminDelegatingAccounts(Store::Writer& w, Id partner_org_id, std::vector<Id>& accounts,
                                 std::string& error);

// The end of the meeting under way in each of the account's rooms at `now` (the latest end when
// meetings overlap), by room id: a room without one is absent.
bool LoadMeetingEnds(Store::Writer& w, Id account_id, telemetry::Seconds now,
                     std::map<Id, telemetry::Seconds>& ends, std::string& error);

}  // namespace portal::server

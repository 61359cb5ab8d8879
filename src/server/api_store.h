// The API's small storage questions beyond the engine's State: which account owns an object
// (the first step of every handler on /rooms/{id}, /devices/{serial}, /orders/{id}, so that a
// foreign object answers like a missing one), the accounts a caller sees, and room edits
// guarded by the room's version.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "server/store.h"

namespace portal::server {

// The owning account; 0 when there is no such object (or, for an order, it is unmatched).
bool AccountOfRoom(Store& store, Id room_id, Id& account_id, std::string& error);
bool AccountOfDevice(Store& store, const std::string& serial, Id& account_id, std::string& error);
// exists: the order is there (an unmatched order has account 0).
bool AccountOfOrder(Store& store, Id order_id, Id& account_id, bool& exists, std::string& error);

struct AccountRow {
    Account account;
    std::string parent_entity_name;
};
// The accounts of ids that exist, by id.
bool ListAccounts(Store& store, const std::vector<Id>& ids, std::vector<AccountRow>& out,
                  std::string& error);

// The support desk's account search (issue 14): accounts of which every word of `words`
// (lower case) is in the name, the parent entity's name or the city, is the country code or
// the id; all of them for no words. An account whose id is a word comes first, then by name;
// at most limit.
bool SearchAccounts(Store& store, const std::vector<std::string>& words, int limit,
                    std::vector<AccountRow>& out, std::string& error);

// Whether email already belongs to account_id: a member, or invited with an invitation still
// open at now (the order intake invites the end customer's IT admin only once).
bool HasMemberOrOpenInvitation(Store::Writer& w, Id account_id, const std::string& email,
                               int64_t now, bool& has, std::string& error);

// Writes name, site, country and capacity of room where its id and version still match, and
// bumps the version (room.version is set to the new one); updated false when the version moved.
bool UpdateRoom(Store::Writer& w, Room& room, bool& updated, std::string& error);
// Deletes the room and its released license history (the audit log keeps the record); the
// caller has checked that it holds no license and no device.
bool DeleteRoom(Store::Writer& w, Id room_id, std::string& error);

}  // namespace portal::server

// The audit log (migration 004): who changed what, when, before and after. Every handler that
// changes something appends its entry in the same transaction as the change (Store::Write), so
// the log and the data never disagree.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "server/store.h"

namespace portal::server {

struct AuditEntry {
    Id id = 0;
    Id account_id = 0;                // 0: belongs to no account (an unmatched order, a partner)
    std::string at;                   // 'YYYY-MM-DDTHH:MM:SSZ'
    Id user_id = 0;                   // 0: the system
    std::string action;               // 'room.create', 'license.assign', ...
    std::string object;               // 'room:12'
    std::optional<api::Json> before;  // nullopt: did not exist
    std::optional<api::Json> after;   // nullopt: no longer exists
};

bool AppendAudit(Store::Writer& w, const AuditEntry& entry, std::string& error);

// The vendor's support reading a customer (issue 14): appends entry (its account's, by its
// user) unless that user has an entry of the same action and object in that account at or
// after `since` ('YYYY-MM-DDTHH:MM:SSZ'), so that a read repeated within the window (a long
// poll) is one line. account_exists false: no such account, nothing written.
bool AppendSupportRead(Store::Writer& w, const AuditEntry& entry, const std::string& since,
                       bool& account_exists, std::string& error);

// The account's entries, newest first, with ids below before_id (0: from the newest); at most
// limit of them; only those of `object` ("room:12") unless it is empty.
bool ListAudit(Store::Writer& w, Id account_id, Id before_id, int limit, const std::string& object,
               std::vector<AuditEntry>& out, std::string& error);

// {id, accountId, at, userId, userEmail?, action, object, before, after}
api::Json AuditEntryToJson(const AuditEntry& entry);

}  // namespace portal::server

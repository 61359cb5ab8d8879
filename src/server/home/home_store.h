// The fleet's home (issue 16): the figures an account's Overview, a partner's list of customers
// and the operators' desk open with. Every figure is the one the page it links to computes:
// the engine's contract views and entitlements (R-TERM-*, R-ROOM-1, R-SKU-3, R-ORD-7), the live
// status's room states (telemetry_store.h LiveRoomStatuses), the alerts page's firing alerts and
// the support desk's service-level clock (TicketDueTimes). Read for a set of accounts at once,
// with a fixed number of queries however many accounts and rooms there are.
#pragma once

#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/model.h"
#include "server/store.h"

namespace portal::server {

struct ApiContext;

// "Soon": within this many days of today, today and the last day included.
inline constexpr int kHomeSoonDays = 60;

struct ProgramLicenses {
    std::string program;  // a room-assignable program (R-ROOM-6)
    int free = 0;         // assignable now: the engine's own count
    int assigned = 0;     // held by rooms now
    int total = 0;        // free + assigned
};

struct HomeFigures {
    Id account_id = 0;
    int rooms = 0;
    int licensed = 0;    // rooms with at least one active room license today
    int offline = 0;     // rooms whose live state is offline (GET /status)
    int in_meeting = 0;  // rooms whose live state is meeting
    int alerts_firing = 0;
    int tickets_open = 0;
    int tickets_breached = 0;               // open and past a service-level target
    std::vector<ProgramLicenses> licenses;  // catalogue order, programs the account holds
    int licenses_free = 0;                  // the sum of licenses[].free
    int contracts_starting_soon = 0;
    int contracts_ending_soon = 0;
    int contracts_cancellable = 0;
    int devices = 0;
    int warranty_ending_soon = 0;   // effective warranty end (R-SKU-3) within kHomeSoonDays
    bool license_assigned = false;  // a room holds one of the account's licenses now
    int devices_placed = 0;
};

// What the engine says of account_id's contracts, rooms and devices in `state` (which holds at
// least that account's rows): licenses, contracts and devices figures, rooms and licensed. What
// GET /accounts?health=1 shows is read from here too.
void EngineFigures(const State& state, const Catalogue& catalogue, Id account_id, Date today,
                   HomeFigures& out);

// The figures of each account of account_ids (that exists), in the order of account_ids.
bool LoadHomeFigures(const ApiContext& ctx, const std::vector<Id>& account_ids,
                     std::vector<HomeFigures>& out, std::string& error);

// The Getting started checklist's facts about one account beyond its rows.
struct ChecklistFacts {
    int members = 0;
    bool invited = false;         // an invitation sent from the account (not the order intake's)
    bool agents = false;          // an agent token was made or telemetry was received
    bool alert_rule = false;      // a rule someone made (the default rule of migration 011 and
                                  // CreateDefaultAlerting does not count)
    bool sso = false;             // an SSO connection
    std::string getting_started;  // accounts.getting_started: "", "open" or "dismissed"
};
// Reads the facts; when accounts.getting_started is NULL and open_if_unset, sets it to 'open'
// first (only where it is still NULL: safe with several servers writing).
bool LoadChecklistFacts(Store& store, Id account_id, bool open_if_unset, ChecklistFacts& out,
                        std::string& error);
// Sets accounts.getting_started to 'dismissed'; before: what it was ("" for NULL).
bool DismissChecklist(Store::Writer& w, Id account_id, std::string& before, std::string& error);

// Where each account the user can open comes from: a membership, or a partner delegation
// (with the partner organisation's name; the first by name when several delegate it).
struct AccountVia {
    Id account_id = 0;
    bool partner = false;
    std::string partner_name;
};
bool LoadAccountsVia(Store& store, Id user_id, std::vector<AccountVia>& out, std::string& error);

// The operators' desk: pending invitations (neither accepted nor revoked, not expired at now),
// how many and the oldest `limit`, with the account's or partner organisation's name.
struct PendingInvitation {
    Id id = 0;
    Id account_id = 0;  // 0: an invitation to a partner organisation
    std::string name;   // the account's or partner organisation's name
    std::string email;
    int64_t created_at = 0;
    int64_t expires_at = 0;
};
bool LoadPendingInvitations(Store& store, int64_t now, int limit, int& count,
                            std::vector<PendingInvitation>& out, std::string& error);

}  // namespace portal::server

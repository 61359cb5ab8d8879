// The fleet's home (issue 16) as the REST API speaks it: one account's figures and its Getting
// started checklist, a partner's row per customer, and the operators' queues. The Overview reads
// these; every figure is a count the server worked out, the app only shows and links them.
//
//   GET  /accounts/{id}/home                      AccountHome
//   GET  /home                                    {accounts:[HomeRow]}, worst first
//   GET  /operator/home                           OperatorHome
//   POST /accounts/{id}/getting-started/dismiss   204
//
// The readers require the contract's ids and counts and are lenient with the rest (a count left
// out is 0), so that a server adding members is read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/intake_json.h"
#include "api/json_fields.h"

namespace portal::api {

// [SECTION] One account

struct HomeRooms {
    int total = 0;
    int licensed = 0;    // at least one active room license today
    int unlicensed = 0;  // total - licensed
    int offline = 0;     // as the live status counts them
    int in_meeting = 0;
};

// A room-assignable program the account holds contracts of (catalogue order).
struct HomeLicenses {
    std::string program;  // the catalogue's program id
    int free = 0;         // assignable now (R-LIC)
    int assigned = 0;
    int total = 0;
};

// The Getting started checklist's step ids, in their order (a contract with the server).
inline constexpr const char* kGettingStartedSteps[] = {"rooms",  "devices", "licenses", "people",
                                                       "agents", "alerts",  "sso"};

struct HomeStep {
    std::string id;  // one of kGettingStartedSteps
    bool done = false;
};

struct AccountHome {
    std::int64_t account_id = 0;
    std::string name;
    std::string as_of;  // ISO 8601 UTC, as written
    HomeRooms rooms;
    int alerts_firing = 0;
    int tickets_open = 0;
    int tickets_breached = 0;
    std::vector<HomeLicenses> licenses;
    int contracts_starting_soon = 0;  // within 60 days
    int contracts_ending_soon = 0;
    int contracts_cancellable = 0;  // R-ORD-7 window still open
    int devices_total = 0;
    int devices_warranty_ending_soon = 0;  // R-SKU-3, within 60 days
    bool getting_started_show = false;
    std::vector<HomeStep> steps;
};

bool AccountHomeFromJson(const Json& json, AccountHome& out, std::vector<FieldError>& errors);

// [SECTION] A partner's customers

struct HomeRow {
    std::int64_t account_id = 0;
    std::string name;
    std::string parent_name;
    std::string role;          // "admin" | "readonly"
    std::string via;           // "member" | "partner"
    std::string partner_name;  // when via partner
    int rooms_total = 0;
    int rooms_licensed = 0;
    int rooms_offline = 0;
    int alerts_firing = 0;
    int tickets_open = 0;
    int tickets_breached = 0;
    int licenses_free = 0;
    int contracts_starting_soon = 0;
    int contracts_ending_soon = 0;
    int contracts_cancellable = 0;
    int devices_warranty_ending_soon = 0;
    int attention = 0;  // firing + breached + offline
};

// {accounts:[HomeRow]}
bool HomeRowsFromJson(const Json& json, std::vector<HomeRow>& out, std::vector<FieldError>& errors);

// [SECTION] Operators

struct OperatorTicket {
    std::int64_t id = 0;
    std::int64_t account_id = 0;
    std::string account_name;
    std::string subject;
    std::string status;
    std::string due_at;  // ISO 8601 UTC, "" when none
    bool breached = false;
};

struct OperatorInvitation {
    std::int64_t id = 0;
    std::int64_t account_id = 0;  // 0 for a partner organisation's
    std::string account_name;     // or the partner organisation's name
    std::string email;
    std::string created_at;
    std::string expires_at;
};

struct OperatorHome {
    int unmatched_orders = 0;
    int critical_tickets = 0;
    int pending_invitations = 0;
    std::vector<ListedOrder> orders;  // up to 10 oldest unmatched, as the intake lists them
    std::vector<OperatorTicket> tickets;
    std::vector<OperatorInvitation> invitations;
};

bool OperatorHomeFromJson(const Json& json, OperatorHome& out, std::vector<FieldError>& errors);

}  // namespace portal::api

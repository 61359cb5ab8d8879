// Support tickets in SQL (migration 012, issue 14): tickets, their status changes (the
// service-level clock), comments, followers, attachments and events, and the few questions
// about people and telemetry the support routes ask. No HTTP and no visibility rules: the
// routes (support_api.cpp) and the worker (support_worker.h) call these inside Store::Write or
// Store::Read and decide what a caller may see (internal notes are filtered here only when
// the caller asks for it with include_internal = false).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/support.h"
#include "server/people.h"
#include "server/store.h"

namespace portal::server {

using support::Seconds;

// ---------------------------------------------------------------------------------------------
// [SECTION] Tickets

struct TicketPerson {
    Id id = 0;
    std::string name;
    std::string email;
    std::string language = "en";  // "en" | "fr": the mails' language
};

struct TicketRecord {
    Id id = 0;
    Id number = 0;  // "#1012"
    Id account_id = 0;
    std::string account_name;  // read
    Id room_id = 0;            // 0: none
    std::string room_name;     // the room's name now, or as it was when the room is gone
    std::string time_zone;     // the room's zone when opened ("": UTC)
    std::string subject;
    std::string description;
    std::optional<std::string> meeting_link;
    std::string severity = "normal";
    std::string status = "new";
    std::string service_level;
    TicketPerson requester;  // id written; the rest read
    TicketPerson assignee;   // id 0: nobody
    Seconds created_at = 0;
    Seconds updated_at = 0;  // the last change a customer sees
    Seconds worked_at = 0;   // the last change of any kind (internal notes too)
    std::optional<Seconds> first_responded_at;
    std::optional<Seconds> resolved_at;
    std::optional<Seconds> closed_at;
    std::string snapshot;  // JSON text, "" for none (and in lists, which do not read it)
};

// Inserts a ticket: id and number are given (number: the highest so far + 1, from 1001).
bool InsertTicket(Store::Writer& w, TicketRecord& ticket, std::string& error);
// One ticket with its snapshot; found false when there is none.
bool FindTicket(Store::Writer& w, Id ticket_id, TicketRecord& out, bool& found, std::string& error);
// Writes what changes after creation: status, severity, assignee, updated_at, worked_at and
// the first response, resolved and closed times.
bool UpdateTicket(Store::Writer& w, const TicketRecord& ticket, std::string& error);

// Which tickets a list holds. Filters left empty do not filter.
struct TicketQuery {
    Id account_id = 0;            // 0: every account (the support queue)
    std::vector<Id> account_ids;  // not empty: only these accounts (the fleet's home)
    std::string status = "open";  // open | closed (resolved or closed) | all | a status id
    std::string severity;         // a severity id
    std::string text;             // q: number, subject, account name or room name contain it
    enum class Assignee { Any, Nobody, User } assignee = Assignee::Any;
    Id assignee_id = 0;  // Assignee::User
    int limit = 1000;
};
// Newest first; without snapshots.
bool ListTickets(Store::Writer& w, const TicketQuery& query, std::vector<TicketRecord>& out,
                 std::string& error);

// A list's row: the ticket and what its due times and the list show.
struct TicketListRow {
    TicketRecord ticket;
    std::vector<TicketPerson> followers;
    std::vector<support::StatusChange> changes;  // in time order
    int comments = 0;                            // internal notes only when include_internal
};
// ListTickets with each ticket's followers, status changes and comment count: four queries,
// however many tickets (a queue of 10,000 is not 30,000 queries).
bool ListTicketRows(Store::Writer& w, const TicketQuery& query, bool include_internal,
                    std::vector<TicketListRow>& out, std::string& error);

// Resolved tickets whose resolved_at is at or before `before` (the auto close), oldest first.
bool TicketsResolvedBefore(Store::Writer& w, Seconds before, int limit, std::vector<Id>& out,
                           std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] The clock's history

bool InsertStatusChange(Store::Writer& w, Id ticket_id, Seconds at, support::TicketStatus status,
                        std::string& error);
// In time order.
bool ListStatusChanges(Store::Writer& w, Id ticket_id, std::vector<support::StatusChange>& out,
                       std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Comments

struct TicketComment {
    Id id = 0;
    Id ticket_id = 0;
    TicketPerson author;  // id written; the rest read
    bool by_support = false;
    std::string body;
    bool internal = false;
    Seconds created_at = 0;
};

bool InsertComment(Store::Writer& w, TicketComment& comment, std::string& error);
// In the order written; internal notes only when include_internal.
bool ListComments(Store::Writer& w, Id ticket_id, bool include_internal,
                  std::vector<TicketComment>& out, std::string& error);
bool CountComments(Store::Writer& w, Id ticket_id, bool include_internal, int& out,
                   std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Followers

// added false when the user followed already.
bool AddFollower(Store::Writer& w, Id ticket_id, Id user_id, Seconds now, bool& added,
                 std::string& error);
// removed false when the user did not follow.
bool RemoveFollower(Store::Writer& w, Id ticket_id, Id user_id, bool& removed, std::string& error);
// In the order they started following.
bool ListFollowers(Store::Writer& w, Id ticket_id, std::vector<TicketPerson>& out,
                   std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Attachments

struct TicketAttachment {
    Id id = 0;
    Id ticket_id = 0;
    std::string name;
    std::string content_type;
    int64_t size = 0;
    TicketPerson uploaded_by;  // id written; name read
    Seconds created_at = 0;
};

bool InsertAttachment(Store::Writer& w, TicketAttachment& attachment, const std::string& bytes,
                      std::string& error);
bool ListAttachments(Store::Writer& w, Id ticket_id, std::vector<TicketAttachment>& out,
                     std::string& error);
bool CountAttachments(Store::Writer& w, Id ticket_id, int& out, std::string& error);
// One attachment (found false when missing) and, when bytes is not null, its bytes.
bool FindAttachment(Store::Writer& w, Id attachment_id, TicketAttachment& out, std::string* bytes,
                    bool& found, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Events

struct TicketEvent {
    Id id = 0;
    Id ticket_id = 0;
    Seconds at = 0;
    std::string kind;  // created | status | severity | assigned | comment | attachment |
                       // follower_added | follower_removed
    TicketPerson by;   // id 0: the system
    bool by_support = false;
    std::string from;  // "" for none
    std::string to;
    bool internal = false;  // about an internal note
};

bool InsertEvent(Store::Writer& w, TicketEvent& event, std::string& error);
// In the order they happened; those about internal notes only when include_internal.
bool ListEvents(Store::Writer& w, Id ticket_id, bool include_internal,
                std::vector<TicketEvent>& out, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] People

// Someone who may read an account: a member, or a member of a partner organisation the account
// delegated to (role: the lesser of the delegation's and theirs in the organisation).
struct AccountReader {
    TicketPerson person;
    Role role = Role::ReadOnly;
};
// Enabled users only, by user id, each once with their best role.
bool ListAccountReaders(Store::Writer& w, Id account_id, std::vector<AccountReader>& out,
                        std::string& error);
// found false for no such user (or a disabled one).
bool FindPerson(Store::Writer& w, Id user_id, TicketPerson& out, bool& found, std::string& error);
bool IsOperator(Store::Writer& w, Id user_id, bool& out, std::string& error);
// Every enabled operator, by user id.
bool ListOperators(Store::Writer& w, std::vector<TicketPerson>& out, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] What the snapshot reads of telemetry

struct DeviceEventRow {
    std::string serial;
    Seconds at = 0;
    bool online = false;
    std::optional<std::string> firmware;
};
// The status events of these devices at or after `since`, in time order.
bool DeviceEventsSince(Store::Writer& w, const std::vector<std::string>& serials, Seconds since,
                       std::vector<DeviceEventRow>& out, std::string& error);

}  // namespace portal::server

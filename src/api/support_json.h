// Support tickets as the REST API speaks them (issue 14), both ways: the server may write them
// with these, the browser and the tests read them. Times are ISO 8601 UTC text
// ("2026-12-06T09:12:00Z"), null when unset; days are "YYYY-MM-DD".
//
//   GET  /accounts/{id}/tickets?status=open|closed|all   {tickets:[Ticket (a list item)]}
//   POST /accounts/{id}/tickets                          NewTicket -> 201 {ticket: Ticket}
//   POST /rooms/{id}/tickets                             NewTicket (no roomId) -> 201 {ticket}
//   GET  /rooms/{id}/ticket-proposal                     TicketProposal
//   GET  /tickets/{id}                                   Ticket (with snapshot, comments, ...)
//   PATCH /tickets/{id}                                  TicketPatch
//   POST /tickets/{id}/comments                          CommentRequest -> 201 {comment}
//   POST /tickets/{id}/followers {userId?}, DELETE /tickets/{id}/followers/{userId}
//   POST /tickets/{id}/attachments?name=<file>           raw body -> 201 {attachment}
//   GET  /support/tickets?status=&severity=&breached=&q= {tickets:[...]} (operators)
//   GET  /support/accounts?q=                            {accounts:[SupportAccount]} (operators)
//
// The readers take what the contract requires and are lenient with the rest (a member left out
// or null is empty), so that a server adding members, or leaving an optional one out, is read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "core/model.h"
#include "core/support.h"

namespace portal::api {

using TicketSeconds = std::int64_t;

// [SECTION] People on a ticket

// The requester, a follower, the assignee, a comment's author, an event's actor: {id, name,
// email?, support?}. support: one of the vendor's staff (an operator).
struct TicketPerson {
    Id id = 0;
    std::string name;
    std::string email;
    bool support = false;
};

// [SECTION] What a ticket holds

struct TicketComment {
    Id id = 0;
    TicketPerson author;
    std::string body;
    bool internal = false;  // an operator's note; never answered to a customer
    TicketSeconds created_at = 0;
};

struct TicketAttachment {
    Id id = 0;
    std::string name;
    long long size = 0;  // bytes
    std::string content_type;
    TicketPerson uploaded_by;
    TicketSeconds created_at = 0;
};

// kind: "created", "status", "severity", "assigned", "comment", "attachment",
// "follower_added", "follower_removed". by.id 0: the system (a ticket closed by itself).
struct TicketEvent {
    TicketSeconds at = 0;
    std::string kind;
    TicketPerson by;
    std::string from;
    std::string to;
};

// [SECTION] The snapshot: the room as it was when the ticket was opened (never rewritten)

struct SnapshotLicense {
    std::string program;
    Id contract_id = 0;
    std::string from;   // "YYYY-MM-DD"
    std::string until;  // "YYYY-MM-DD"
};

struct SnapshotRoom {
    Id id = 0;
    std::string name;
    std::string site;
    std::string country;
    int capacity = 0;
    std::string time_zone;
    std::string status;  // "offline", "free", ... as the live status says
    std::vector<SnapshotLicense> licenses;
    std::vector<std::string> entitlements;  // "insights", "alerts", ...
};

struct SnapshotDevice {
    std::string serial;
    std::string product;
    std::string product_name;
    std::string purchase_date;  // "YYYY-MM-DD"
    std::string warranty_end;   // "" (null): none
    std::string status;         // "online" | "offline" | "unknown"
    std::string firmware;
    std::optional<TicketSeconds> last_seen;
};

struct SnapshotEvent {
    TicketSeconds at = 0;
    std::string serial;  // "" (null): the room's
    std::string kind;
    std::string detail;
};

struct SnapshotAlert {
    Id id = 0;
    std::string condition;  // alerts' words: "device_offline", ...
    std::string severity;   // "critical", "major", ...
    std::string state;      // "firing", "acknowledged"
    std::optional<TicketSeconds> since;
    std::string serial;
    std::string rule_name;
};

struct TicketSnapshot {
    TicketSeconds taken_at = 0;
    SnapshotRoom room;
    std::vector<SnapshotDevice> devices;
    std::vector<SnapshotEvent> events;  // the last 24 hours of status events
    std::vector<SnapshotAlert> alerts;  // open when it was taken
};

// [SECTION] The ticket

// GET /tickets/{id} answers it whole; a list's item has no snapshot, comments, attachments or
// events, but a comment count and its last activity.
struct Ticket {
    Id id = 0;
    long long number = 0;  // shown "#1012"
    Id account_id = 0;
    std::string account_name;
    Id room_id = 0;  // 0 (null): no room
    std::string room_name;
    std::string subject;
    std::string description;
    std::string meeting_link;
    support::Severity severity = support::Severity::Normal;
    support::TicketStatus status = support::TicketStatus::New;
    std::string service_level;  // "select" | "jumpstart" | "standard"
    TicketPerson requester;
    std::vector<TicketPerson> followers;
    std::optional<TicketPerson> assignee;
    TicketSeconds created_at = 0;
    TicketSeconds updated_at = 0;
    TicketSeconds first_response_due_at = 0;
    std::optional<TicketSeconds> first_responded_at;
    TicketSeconds resolution_due_at = 0;
    std::optional<TicketSeconds> resolved_at;
    std::optional<TicketSeconds> closed_at;
    bool paused = false;
    bool breached = false;
    // Lists
    int comment_count = 0;
    std::optional<TicketSeconds> last_activity_at;
    // The ticket page
    std::optional<TicketSnapshot> snapshot;
    std::vector<TicketComment> comments;
    std::vector<TicketAttachment> attachments;
    std::vector<TicketEvent> events;

    bool IsFollower(Id user_id) const {
        for (const TicketPerson& follower : followers) {
            if (follower.id == user_id) return true;
        }
        return false;
    }
};

// The whole ticket (snapshot null when it has none; comments, attachments and events always
// arrays). TicketListItemToJson leaves those four out and writes commentCount and
// lastActivityAt.
Json TicketToJson(const Ticket& ticket);
Json TicketListItemToJson(const Ticket& ticket);
// A ticket, or a list item. Also reads {ticket: {...}} (the answer to a creation).
bool TicketFromJson(const Json& json, Ticket& out, std::vector<FieldError>& errors);
// {tickets:[...]}: the account's list and the support queue.
Json TicketListToJson(const std::vector<Ticket>& tickets);
bool TicketListFromJson(const Json& json, std::vector<Ticket>& out,
                        std::vector<FieldError>& errors);

Json TicketCommentToJson(const TicketComment& comment);
// A comment, or {comment: {...}} (the answer to POST .../comments).
bool TicketCommentFromJson(const Json& json, TicketComment& out, std::vector<FieldError>& errors);
Json TicketAttachmentToJson(const TicketAttachment& attachment);
// An attachment, or {attachment: {...}}.
bool TicketAttachmentFromJson(const Json& json, TicketAttachment& out,
                              std::vector<FieldError>& errors);
Json TicketSnapshotToJson(const TicketSnapshot& snapshot);
bool TicketSnapshotFromJson(const Json& json, TicketSnapshot& out, std::vector<FieldError>& errors);

// [SECTION] Requests

// The contract's limits, in code points (subject, description) and bytes (meeting link).
inline constexpr size_t kMaxTicketSubject = 200;
inline constexpr size_t kMaxTicketDescription = 20000;
inline constexpr size_t kMaxMeetingLink = 2000;
inline constexpr size_t kMaxCommentBody = 20000;

// POST /accounts/{id}/tickets {subject, description, severity, roomId?, meetingLink?} and
// POST /rooms/{id}/tickets {subject?, description?, severity?} (missing subject and severity
// are proposed from the room's state).
struct NewTicket {
    std::string subject;
    std::string description;
    std::optional<support::Severity> severity;
    Id room_id = 0;            // 0: none (never written for the room's route)
    std::string meeting_link;  // "": none
};
// for_room: the body of POST /rooms/{id}/tickets (no roomId; an empty subject left out).
Json NewTicketToJson(const NewTicket& ticket, bool for_room = false);
// Shape and the contract's limits, each refusal naming its field. for_room: subject and
// severity may be left out.
bool NewTicketFromJson(const Json& json, bool for_room, NewTicket& out,
                       std::vector<FieldError>& errors);

// GET /rooms/{id}/ticket-proposal: what the one-click form is prefilled with.
struct TicketProposal {
    std::string subject;
    support::Severity severity = support::Severity::Normal;
    std::string service_level;
};
Json TicketProposalToJson(const TicketProposal& proposal);
bool TicketProposalFromJson(const Json& json, TicketProposal& out, std::vector<FieldError>& errors);

// POST /tickets/{id}/comments {body, internal}.
struct CommentRequest {
    std::string body;
    bool internal = false;
};
Json CommentRequestToJson(const CommentRequest& request);
bool CommentRequestFromJson(const Json& json, CommentRequest& out, std::vector<FieldError>& errors);

// PATCH /tickets/{id} {status?, severity?, assigneeId?}: only the members present change;
// assigneeId null unassigns.
struct TicketPatch {
    std::optional<support::TicketStatus> status;
    std::optional<support::Severity> severity;
    bool has_assignee = false;
    Id assignee_id = 0;  // 0: null (unassigned)
};
Json TicketPatchToJson(const TicketPatch& patch);
bool TicketPatchFromJson(const Json& json, TicketPatch& out, std::vector<FieldError>& errors);

// [SECTION] The vendor's support desk

// GET /support/accounts?q=: {accounts:[{id, name, kind, country, city, parentEntityId,
// parentEntityName}]}: an account an operator may open read-only.
struct SupportAccount {
    Id id = 0;
    std::string name;
    std::string kind;  // "headquarters" | "site"
    std::string country;
    std::string city;
    Id parent_entity_id = 0;
    std::string parent_entity_name;
};
Json SupportAccountsToJson(const std::vector<SupportAccount>& accounts);
bool SupportAccountsFromJson(const Json& json, std::vector<SupportAccount>& out,
                             std::vector<FieldError>& errors);

}  // namespace portal::api

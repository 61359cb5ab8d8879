// Support tickets over REST (issue 14): see support_api.h for the routes and who may call them.
//
// Who acts as what: an operator (the vendor's support) reads and acts on every ticket, as
// support::Actor::Support; anyone else acts on the tickets of the accounts they can see, as
// support::Actor::Customer when they are an admin there (or a partner with an admin
// delegation), and only reads (R-SUP-1) when read-only. What a customer is answered is built
// with include_internal = false from the store up, so that no internal note can reach them by
// mistake in a later field.
#include "server/support/support_api.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <set>

#include "core/telemetry.h"
#include "core/text_checks.h"
#include "server/alerts/alerts_store.h"
#include "server/api_support.h"
#include "server/http_server.h"
#include "server/mail.h"
#include "server/support/support_mail.h"
#include "server/support/support_snapshot.h"
#include "server/support/support_store.h"
#include "server/support/support_tickets.h"
#include "server/text.h"
#include "server/time_zones.h"

namespace portal::server {

namespace {

using support::Severity;
using support::TicketStatus;

constexpr size_t kMaxSubject = 200;
constexpr size_t kMaxDescription = 20000;
constexpr size_t kMaxComment = 20000;
constexpr size_t kMaxMeetingLink = 2000;
constexpr size_t kMaxQuery = 200;
constexpr int kListLimit = 1000;
// The queue sorts by due times, which only exist once computed: it reads every ticket its
// filters select (up to this many; a desk with more open tickets has other problems), then
// answers the most urgent `limit` of them (kListLimit at most) and their `total`.
constexpr int kQueueScanLimit = 100000;

// ---------------------------------------------------------------------------------------------
// [SECTION] Text

// Characters (code points) of valid UTF-8.
size_t Characters(std::string_view text) {
    size_t count = 0;
    for (unsigned char c : text) {
        if ((c & 0xC0) != 0x80) ++count;
    }
    return count;
}

// The length of the UTF-8 sequence at text[i], 0 when it is not a valid one (overlong forms,
// surrogates and code points past U+10FFFF are not).
size_t Utf8Sequence(std::string_view text, size_t i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (length == 0 || c > 0xF4 || i + length > text.size()) return 0;
    for (size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    }
    unsigned char next = byte(i + 1);
    if (c == 0xE0 && next < 0xA0) return 0;  // overlong
    if (c == 0xED && next > 0x9F) return 0;  // surrogates
    if (c == 0xF0 && next < 0x90) return 0;  // overlong
    if (c == 0xF4 && next > 0x8F) return 0;  // past U+10FFFF
    return length;
}

bool ValidUtf8(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        size_t length = Utf8Sequence(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

// Control characters (and broken UTF-8); tabs and line breaks are allowed when multiline.
bool HasControl(std::string_view text, bool multiline) {
    return multiline ? !IsMultiLineText(text) : !IsOneLineText(text);
}

bool IsHttpUrl(const std::string& url) {
    std::string lower = url.substr(0, 8);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t host = lower.rfind("https://", 0) == 0 ? 8 : lower.rfind("http://", 0) == 0 ? 7 : 0;
    if (host == 0 || url.size() <= host) return false;
    for (unsigned char c : url) {
        if (c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\') return false;
    }
    return url[host] != '/';
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Access

// The ticket of the path and the caller's right to it; false once answered. Operators see
// every ticket; anyone else the tickets of the accounts they can see, with at least `need`
// (a foreign or missing ticket: the one 404).
bool ResolveTicket(const ApiContext& ctx, const Request& req, Response& res, Role need,
                   Caller& caller, TicketRecord& ticket) {
    if (!ctx.RequireCaller(req, res, caller)) return false;
    Id ticket_id = PathId(req, 1);
    bool found = false;
    std::string error;
    if (ticket_id != 0 &&
        !ctx.store.Read([&](Store::Writer& w,
                            std::string& e) { return FindTicket(w, ticket_id, ticket, found, e); },
                        error)) {
        ctx.SendInternal(res, "ticket: " + error);
        return false;
    }
    if (!found) {
        SendNotFound(res);
        return false;
    }
    if (caller.operator_) return true;
    return ctx.CheckAccount(res, caller, ticket.account_id, need);
}

// Reads the ticket again in the write transaction of a change (it may have moved since the
// route read it); an error when it is gone.
bool ReloadTicket(Store::Writer& w, TicketRecord& ticket, std::string& error) {
    bool found = false;
    if (!FindTicket(w, ticket.id, ticket, found, error)) return false;
    if (!found) error = "ticket " + std::to_string(ticket.id) + " vanished";
    return found;
}

// The caller as the one who changes a ticket (their name and address read once).
bool ActorOf(Store::Writer& w, const Caller& caller, TicketActor& actor, std::string& error) {
    bool found = false;
    if (!FindPerson(w, caller.user_id, actor.person, found, error)) return false;
    actor.person.id = caller.user_id;
    actor.support = caller.operator_;
    return true;
}

support::Actor CoreActor(const Caller& caller) {
    return caller.operator_ ? support::Actor::Support : support::Actor::Customer;
}

void SendConflict(Response& res, const std::string& code, const std::string& field,
                  const std::string& message) {
    api::ApiError error;
    error.status = 409;
    error.code = code;
    error.message = message;
    if (!field.empty()) error.fields = {{field, message}};
    SendError(res, error);
}

void SendClosed(Response& res) {
    SendConflict(res, "ticket_closed", "",
                 "This ticket is closed: open a new ticket (and name this one in it)");
}

// ---------------------------------------------------------------------------------------------
// [SECTION] JSON

api::Json Time(Seconds at) {
    return telemetry::FormatUtcTime(at);
}

api::Json PersonJson(const TicketPerson& person) {
    return {{"id", person.id}, {"name", person.name}, {"email", person.email}};
}

api::Json ByJson(const TicketPerson& person, bool support) {
    if (person.id == 0) return nullptr;
    return {{"id", person.id}, {"name", person.name}, {"support", support}};
}

api::Json OrNull(const std::string& text) {
    return text.empty() ? api::Json(nullptr) : api::Json(text);
}

}  // namespace

support::DueTimes TicketDueTimes(const ApiContext& ctx, const TicketRecord& ticket,
                                 const std::vector<support::StatusChange>& changes) {
    support::ClockInput input;
    input.level = ctx.catalogue.FindServiceLevel(ticket.service_level);
    support::SeverityFromId(ticket.severity, input.severity);
    insights::TimeZone utc = insights::Utc();
    input.zone = ctx.time_zones ? &ctx.time_zones->Get(ticket.time_zone) : &utc;
    input.created_at = ticket.created_at;
    input.changes = changes;
    input.first_response_at = ticket.first_responded_at;
    input.now = ctx.Now();
    return support::ComputeDueTimes(input);
}

namespace {

support::DueTimes DueOf(const ApiContext& ctx, const TicketRecord& ticket,
                        const std::vector<support::StatusChange>& changes) {
    return TicketDueTimes(ctx, ticket, changes);
}

// What lists and the ticket page share. support: the vendor's view (its times of last change
// count internal notes; a customer's do not).
api::Json TicketBaseJson(const TicketRecord& ticket, const std::vector<TicketPerson>& followers,
                         const support::DueTimes& due, bool support) {
    api::Json follower_list = api::Json::array();
    for (const TicketPerson& follower : followers) follower_list.push_back(PersonJson(follower));
    api::Json assignee = nullptr;
    if (ticket.assignee.id != 0) {
        assignee = {{"id", ticket.assignee.id}, {"name", ticket.assignee.name}};
    }
    return {{"id", ticket.id},
            {"number", ticket.number},
            {"accountId", ticket.account_id},
            {"accountName", ticket.account_name},
            {"roomId", api::NullableId(ticket.room_id)},
            {"roomName", ticket.room_id ? api::Json(ticket.room_name) : api::Json(nullptr)},
            {"subject", ticket.subject},
            {"description", ticket.description},
            {"meetingLink", ticket.meeting_link ? api::Json(*ticket.meeting_link) : nullptr},
            {"severity", ticket.severity},
            {"status", ticket.status},
            {"serviceLevel", ticket.service_level},
            {"requester", PersonJson(ticket.requester)},
            {"followers", follower_list},
            {"assignee", assignee},
            {"createdAt", Time(ticket.created_at)},
            {"updatedAt", Time(support ? ticket.worked_at : ticket.updated_at)},
            {"firstResponseDueAt", Time(due.first_response_due)},
            {"firstRespondedAt", api::IsoOrNull(ticket.first_responded_at)},
            {"resolutionDueAt", Time(due.resolution_due)},
            {"resolvedAt", api::IsoOrNull(ticket.resolved_at)},
            {"closedAt", api::IsoOrNull(ticket.closed_at)},
            {"paused", due.paused},
            {"breached", due.breached()}};
}

api::Json CommentJson(const TicketComment& comment) {
    return {{"id", comment.id},
            {"author",
             {{"id", comment.author.id},
              {"name", comment.author.name},
              {"support", comment.by_support}}},
            {"body", comment.body},
            {"internal", comment.internal},
            {"createdAt", Time(comment.created_at)}};
}

api::Json AttachmentJson(const TicketAttachment& attachment) {
    return {
        {"id", attachment.id},
        {"name", attachment.name},
        {"size", attachment.size},
        {"contentType", attachment.content_type},
        {"uploadedBy", {{"id", attachment.uploaded_by.id}, {"name", attachment.uploaded_by.name}}},
        {"createdAt", Time(attachment.created_at)}};
}

api::Json EventJson(const TicketEvent& event) {
    return {{"at", Time(event.at)},
            {"kind", event.kind},
            {"by", ByJson(event.by, event.by_support)},
            {"from", OrNull(event.from)},
            {"to", OrNull(event.to)}};
}

// Everything the ticket page shows, read in one transaction for one caller.
struct TicketView {
    TicketRecord ticket;
    std::vector<TicketPerson> followers;
    std::vector<support::StatusChange> changes;
    std::vector<TicketComment> comments;
    std::vector<TicketAttachment> attachments;
    std::vector<TicketEvent> events;
};

bool LoadTicketView(Store::Writer& w, Id ticket_id, bool support, TicketView& view, bool& found,
                    std::string& error) {
    return FindTicket(w, ticket_id, view.ticket, found, error) &&
           (!found || (ListFollowers(w, ticket_id, view.followers, error) &&
                       ListStatusChanges(w, ticket_id, view.changes, error) &&
                       ListComments(w, ticket_id, support, view.comments, error) &&
                       ListAttachments(w, ticket_id, view.attachments, error) &&
                       ListEvents(w, ticket_id, support, view.events, error)));
}

api::Json TicketJson(const ApiContext& ctx, const TicketView& view, bool support) {
    api::Json json =
        TicketBaseJson(view.ticket, view.followers, DueOf(ctx, view.ticket, view.changes), support);
    api::Json snapshot = nullptr;
    if (!view.ticket.snapshot.empty()) {
        snapshot = api::Json::parse(view.ticket.snapshot, nullptr, false);
        if (snapshot.is_discarded()) snapshot = nullptr;
    }
    json["snapshot"] = snapshot;
    api::Json comments = api::Json::array();
    for (const TicketComment& comment : view.comments) {
        if (comment.internal && !support) continue;  // the store left them out already
        comments.push_back(CommentJson(comment));
    }
    json["comments"] = comments;
    api::Json attachments = api::Json::array();
    for (const TicketAttachment& attachment : view.attachments) {
        attachments.push_back(AttachmentJson(attachment));
    }
    json["attachments"] = attachments;
    api::Json events = api::Json::array();
    for (const TicketEvent& event : view.events) {
        if (event.internal && !support) continue;
        events.push_back(EventJson(event));
    }
    json["events"] = events;
    return json;
}

// Reads the ticket again for the caller and answers it (200: the ticket; 201: {"ticket"}).
void SendTicket(const ApiContext& ctx, Response& res, int status, Id ticket_id,
                const Caller& caller) {
    TicketView view;
    bool found = false;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return LoadTicketView(w, ticket_id, caller.operator_, view, found, e);
            },
            error)) {
        return ctx.SendInternal(res, "ticket: " + error);
    }
    if (!found) return SendNotFound(res);
    api::Json json = TicketJson(ctx, view, caller.operator_);
    SendJson(res, status, status == 201 ? api::Json{{"ticket", json}} : json);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Opening a ticket

struct NewTicket {
    std::optional<std::string> subject;
    std::string description;
    std::optional<Severity> severity;
    Id room_id = 0;
    std::optional<std::string> meeting_link;
};

// The one-click form's proposed subject and severity for the room looked at, in language (its
// times in the room's zone).
support::Proposal ProposalOf(const ApiContext& ctx, const RoomLook& look, Language language) {
    insights::TimeZone utc = insights::Utc();
    const insights::TimeZone& zone =
        ctx.time_zones ? ctx.time_zones->Get(look.room.time_zone) : utc;
    return support::ProposeTicket(FactsOf(look, zone), language);
}

// Reads and checks a new ticket's fields; subject and severity are required unless proposed.
void ReadNewTicket(const api::Json& body, bool proposed, bool with_room, NewTicket& out,
                   std::vector<api::FieldError>& errors) {
    auto text = [&](const char* field) -> const api::Json* {
        if (!body.contains(field) || body[field].is_null()) return nullptr;
        if (!body[field].is_string()) {
            errors.push_back({field, "must be a string"});
            return nullptr;
        }
        return &body[field];
    };
    if (const api::Json* subject = text("subject")) {
        std::string value = text::Trim(subject->get<std::string>());
        if (value.empty() || Characters(value) > kMaxSubject) {
            errors.push_back({"subject", "must be 1 to 200 characters"});
        } else if (HasControl(value, false)) {
            errors.push_back({"subject", "must be one line, without control characters"});
        } else {
            out.subject = value;
        }
    } else if (!proposed && !(body.contains("subject") && !body["subject"].is_null() &&
                              !body["subject"].is_string())) {
        errors.push_back({"subject", "is required, 1 to 200 characters"});
    }
    if (const api::Json* description = text("description")) {
        std::string value = text::Trim(description->get<std::string>());
        if (Characters(value) > kMaxDescription) {
            errors.push_back({"description", "is at most 20000 characters"});
        } else if (HasControl(value, true)) {
            errors.push_back({"description", "must not hold control characters"});
        } else {
            out.description = value;
        }
    }
    if (const api::Json* severity = text("severity")) {
        Severity value;
        if (support::SeverityFromId(severity->get<std::string>(), value)) {
            out.severity = value;
        } else {
            errors.push_back({"severity", "must be critical, high, normal or low"});
        }
    } else if (!proposed && !(body.contains("severity") && !body["severity"].is_null() &&
                              !body["severity"].is_string())) {
        errors.push_back({"severity", "is required: critical, high, normal or low"});
    }
    if (const api::Json* link = text("meetingLink")) {
        std::string value = text::Trim(link->get<std::string>());
        if (value.empty()) {
            // an empty field of the form: no link
        } else if (value.size() > kMaxMeetingLink || !IsHttpUrl(value)) {
            errors.push_back({"meetingLink",
                              "must be an http or https URL of at most 2000 "
                              "characters"});
        } else {
            out.meeting_link = value;
        }
    }
    if (with_room && body.contains("roomId") && !body["roomId"].is_null()) {
        const api::Json& room = body["roomId"];
        if (!room.is_number_integer() || room.get<long long>() <= 0) {
            errors.push_back({"roomId", "must be a room id (or null for none)"});
        } else {
            out.room_id = room.get<Id>();
        }
    }
}

// A body that may be absent (the one click sends none): {} then.
bool ReadOptionalBody(const Request& req, Response& res, api::Json& body) {
    if (text::Trim(req.body).empty()) {
        body = api::Json::object();
        return true;
    }
    return ReadJsonBody(req, res, body);
}

// Opens a ticket in account_id for the caller (an admin there), in one transaction: the room's
// snapshot (R-SUP-2) and service level (R-SUP-3) as of now, the requester as its first
// follower, the event, the audit entry and the mails. from_room: the one click, whose missing
// subject and severity the room's state proposes.
void OpenTicket(const ApiContext& ctx, const Request& req, Response& res, const Caller& caller,
                Id account_id, NewTicket input, bool from_room) {
    Seconds now = ctx.Now();
    Date today = ctx.Today();
    Language language = RequestLanguage(req);
    TicketRecord ticket;
    bool room_found = true;
    int mails = 0;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            RoomLook look;
            if (input.room_id != 0) {
                if (!LookAtRoom(w, ctx.catalogue, account_id, input.room_id, now, today, look,
                                room_found, e)) {
                    return false;
                }
                if (!room_found) return true;
            } else if (!w.LoadAccountOnly(account_id, look.state, e)) {
                return false;
            }
            if (from_room && (!input.subject || !input.severity)) {
                support::Proposal proposal = ProposalOf(ctx, look, language);
                if (!input.subject) input.subject = proposal.subject;
                if (!input.severity) input.severity = proposal.severity;
            }
            TicketActor actor;
            if (!ActorOf(w, caller, actor, e)) return false;
            ticket.account_id = account_id;
            ticket.room_id = input.room_id;
            ticket.room_name = look.room.name;
            ticket.time_zone = input.room_id ? look.room.time_zone : "";
            ticket.subject = input.subject.value_or("");
            ticket.description = input.description;
            ticket.meeting_link = input.meeting_link;
            ticket.severity = support::SeverityId(input.severity.value_or(Severity::Normal));
            ticket.status = support::StatusId(TicketStatus::New);
            ticket.service_level = support::ChooseServiceLevel(look.state, ctx.catalogue,
                                                               account_id, input.room_id, today);
            ticket.requester = actor.person;
            ticket.created_at = now;
            if (input.room_id) {
                ticket.snapshot = SnapshotJson(look, ctx.catalogue, today, now).dump();
            }
            bool added = false;
            if (!InsertTicket(w, ticket, e) ||
                !AddFollower(w, ticket.id, caller.user_id, now, added, e) ||
                !RecordTicketEvent(w, ticket.id, now, "created", actor, "", ticket.status, false,
                                   e) ||
                !AccountNameOf(w, account_id, ticket.account_name, e) ||
                !AuditTicket(w, ticket, caller.user_id, "ticket.create", std::nullopt,
                             api::Json{{"number", ticket.number},
                                       {"subject", ticket.subject},
                                       {"severity", ticket.severity},
                                       {"roomId", api::NullableId(ticket.room_id)},
                                       {"serviceLevel", ticket.service_level}},
                             now, e)) {
                return false;
            }
            TicketMailFacts facts = MailFactsOf(ticket, actor);
            if (!QueueFollowerMails(w, ctx.config, ctx.catalogue, TicketMailKind::New, facts,
                                    caller.user_id, now, mails, e)) {
                return false;
            }
            return ticket.severity != "critical" ||
                   QueueOperatorMails(w, ctx.config, ctx.catalogue, facts, now, mails, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "new ticket: " + error);
    if (!room_found) return SendFieldErrors(res, {{"roomId", "is not a room of this account"}});
    if (mails > 0) ctx.MailQueued();
    SendTicket(ctx, res, 201, ticket.id, caller);
}

void CreateAccountTicket(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    NewTicket input;
    std::vector<api::FieldError> errors;
    ReadNewTicket(body, false, true, input, errors);
    if (!errors.empty()) return SendFieldErrors(res, errors);
    OpenTicket(ctx, req, res, caller, account_id, std::move(input), false);
}

// The one click from a room (R-SUP-2): what the body leaves out, the room's state proposes.
void CreateRoomTicket(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id room_id = 0, account_id = 0;
    if (!ctx.RequireRoom(req, res, Role::Admin, caller, room_id, account_id)) return;
    api::Json body;
    if (!ReadOptionalBody(req, res, body)) return;
    NewTicket input;
    std::vector<api::FieldError> errors;
    ReadNewTicket(body, true, false, input, errors);
    if (!errors.empty()) return SendFieldErrors(res, errors);
    input.room_id = room_id;
    OpenTicket(ctx, req, res, caller, account_id, std::move(input), true);
}

// What the one-click form is prefilled with: the proposed subject (in the request's language)
// and severity, and the level the ticket would get.
void GetTicketProposal(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id room_id = 0, account_id = 0;
    if (!ctx.RequireRoom(req, res, Role::ReadOnly, caller, room_id, account_id)) return;
    Seconds now = ctx.Now();
    Date today = ctx.Today();
    RoomLook look;
    bool found = false;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return LookAtRoom(w, ctx.catalogue, account_id, room_id, now, today, look, found,
                                  e);
            },
            error)) {
        return ctx.SendInternal(res, "ticket proposal: " + error);
    }
    if (!found) return SendNotFound(res);
    support::Proposal proposal = ProposalOf(ctx, look, RequestLanguage(req));
    SendJson(res, 200,
             {{"subject", proposal.subject},
              {"severity", support::SeverityId(proposal.severity)},
              {"serviceLevel", support::ChooseServiceLevel(look.state, ctx.catalogue, account_id,
                                                           room_id, today)}});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading tickets

void GetTicket(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    TicketRecord ticket;
    if (!ResolveTicket(ctx, req, res, Role::ReadOnly, caller, ticket)) return;
    SendTicket(ctx, res, 200, ticket.id, caller);
}

// A list entry: the ticket without its snapshot, conversation and history, with the count of
// the comments the caller may see and when it last changed for them.
struct ListEntry {
    TicketRecord ticket;
    std::vector<TicketPerson> followers;
    support::DueTimes due;
    int comments = 0;
};

bool LoadListEntries(Store::Writer& w, const ApiContext& ctx, const TicketQuery& query,
                     bool support, std::vector<ListEntry>& out, std::string& error) {
    std::vector<TicketListRow> rows;
    if (!ListTicketRows(w, query, support, rows, error)) return false;
    out.clear();
    out.reserve(rows.size());
    for (TicketListRow& row : rows) {
        ListEntry entry;
        entry.due = DueOf(ctx, row.ticket, row.changes);
        entry.ticket = std::move(row.ticket);
        entry.followers = std::move(row.followers);
        entry.comments = row.comments;
        out.push_back(std::move(entry));
    }
    return true;
}

api::Json ListJson(const std::vector<ListEntry>& entries, bool support) {
    api::Json tickets = api::Json::array();
    for (const ListEntry& entry : entries) {
        api::Json json = TicketBaseJson(entry.ticket, entry.followers, entry.due, support);
        json["commentCount"] = entry.comments;
        json["lastActivityAt"] = Time(support ? entry.ticket.worked_at : entry.ticket.updated_at);
        tickets.push_back(std::move(json));
    }
    return {{"tickets", tickets}};
}

// ?status=open|closed|all (open by default), or for the queue also a status id.
bool ReadStatusFilter(const Request& req, Response& res, bool ids_too, std::string& out) {
    out = req.has_param("status") ? req.get_param_value("status") : "open";
    if (out.empty()) out = "open";
    TicketStatus status;
    if (out == "open" || out == "closed" || out == "all" ||
        (ids_too && support::StatusFromId(out, status))) {
        return true;
    }
    SendFieldErrors(res, {{"status", ids_too ? "must be open, closed, all or a status id"
                                             : "must be open, closed or all"}});
    return false;
}

// R-SUP-1: every member of the account, read-only ones and delegated partners included.
void ListAccountTickets(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::ReadOnly, caller)) return;
    TicketQuery query;
    query.account_id = account_id;
    query.limit = kListLimit;
    if (!ReadStatusFilter(req, res, false, query.status)) return;
    std::vector<ListEntry> entries;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return LoadListEntries(w, ctx, query, caller.operator_, entries, e);
            },
            error)) {
        return ctx.SendInternal(res, "tickets: " + error);
    }
    SendJson(res, 200, ListJson(entries, caller.operator_));
}

// The queue's order: breached first, then the earliest due time still running and not met,
// then the newest; tickets with nothing running (resolved, closed) last.
Seconds UrgentDue(const ListEntry& entry) {
    TicketStatus status;
    if (!support::StatusFromId(entry.ticket.status, status) || !support::IsOpen(status)) {
        return std::numeric_limits<Seconds>::max();
    }
    Seconds due = entry.due.resolution_due;
    if (!entry.ticket.first_responded_at) due = std::min(due, entry.due.first_response_due);
    return due;
}

// The vendor's support desk: every account's tickets.
void SupportQueue(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireOperator(req, res, caller)) return;
    TicketQuery query;
    query.limit = kQueueScanLimit;
    if (!ReadStatusFilter(req, res, true, query.status)) return;
    std::vector<api::FieldError> errors;
    size_t answer_limit = kListLimit;
    if (req.has_param("limit")) {
        std::string value = req.get_param_value("limit");
        bool digits =
            !value.empty() && value.size() <= 4 &&
            std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits && std::stoi(value) >= 1 && std::stoi(value) <= kListLimit) {
            answer_limit = static_cast<size_t>(std::stoi(value));
        } else {
            errors.push_back({"limit", "must be a number 1-1000"});
        }
    }
    if (req.has_param("severity") && !req.get_param_value("severity").empty()) {
        query.severity = req.get_param_value("severity");
        Severity severity;
        if (!support::SeverityFromId(query.severity, severity)) {
            errors.push_back({"severity", "must be critical, high, normal or low"});
        }
    }
    std::optional<bool> breached;
    if (req.has_param("breached") && !req.get_param_value("breached").empty()) {
        std::string value = req.get_param_value("breached");
        if (value == "true" || value == "false") {
            breached = value == "true";
        } else {
            errors.push_back({"breached", "must be true or false"});
        }
    }
    if (req.has_param("q")) {
        query.text = text::Trim(req.get_param_value("q"));
        if (Characters(query.text) > kMaxQuery) {
            errors.push_back({"q", "is at most 200 characters"});
        }
    }
    if (req.has_param("assignee") && !req.get_param_value("assignee").empty()) {
        std::string value = req.get_param_value("assignee");
        if (value == "me") {
            query.assignee = TicketQuery::Assignee::User;
            query.assignee_id = caller.user_id;
        } else if (value == "none") {
            query.assignee = TicketQuery::Assignee::Nobody;
        } else {
            bool digits = value.size() <= 18 && std::all_of(value.begin(), value.end(), [](char c) {
                              return c >= '0' && c <= '9';
                          });
            if (digits && std::stoll(value) > 0) {
                query.assignee = TicketQuery::Assignee::User;
                query.assignee_id = std::stoll(value);
            } else {
                errors.push_back({"assignee", "must be me, none or a user id"});
            }
        }
    }
    if (!errors.empty()) return SendFieldErrors(res, errors);
    std::vector<ListEntry> entries;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return LoadListEntries(w, ctx, query, true, entries, e);
            },
            error)) {
        return ctx.SendInternal(res, "support queue: " + error);
    }
    if (breached) {
        std::erase_if(entries,
                      [&](const ListEntry& entry) { return entry.due.breached() != *breached; });
    }
    std::stable_sort(entries.begin(), entries.end(), [](const ListEntry& a, const ListEntry& b) {
        if (a.due.breached() != b.due.breached()) return a.due.breached();
        Seconds da = UrgentDue(a), db = UrgentDue(b);
        if (da != db) return da < db;
        return a.ticket.id > b.ticket.id;
    });
    size_t total = entries.size();
    if (entries.size() > answer_limit) entries.resize(answer_limit);
    api::Json body = ListJson(entries, true);
    body["total"] = total;
    SendJson(res, 200, body);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The conversation

void PostComment(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    TicketRecord ticket;
    if (!ResolveTicket(ctx, req, res, Role::Admin, caller, ticket)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    std::vector<api::FieldError> errors;
    std::string text;
    if (!body.contains("body") || !body["body"].is_string()) {
        errors.push_back({"body", "is required, 1 to 20000 characters"});
    } else {
        text = text::Trim(body["body"].get<std::string>());
        if (text.empty() || Characters(text) > kMaxComment) {
            errors.push_back({"body", "must be 1 to 20000 characters"});
        } else if (HasControl(text, true)) {
            errors.push_back({"body", "must not hold control characters"});
        }
    }
    bool internal = false;
    if (body.contains("internal") && !body["internal"].is_null()) {
        if (!body["internal"].is_boolean()) {
            errors.push_back({"internal", "must be true or false"});
        } else {
            internal = body["internal"].get<bool>();
        }
    }
    if (!errors.empty()) return SendFieldErrors(res, errors);
    if (internal && !caller.operator_) {
        return SendForbidden(res, "Only the vendor's support writes internal notes");
    }

    Seconds now = ctx.Now();
    TicketComment comment;
    bool closed = false;
    int mails = 0;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            if (!ReloadTicket(w, ticket, e)) return false;
            if (ticket.status == "closed") {
                closed = true;
                return true;
            }
            TicketActor actor;
            if (!ActorOf(w, caller, actor, e)) return false;
            comment.ticket_id = ticket.id;
            comment.author = actor.person;
            comment.by_support = actor.support;
            comment.body = text;
            comment.internal = internal;
            comment.created_at = now;
            if (!InsertComment(w, comment, e) ||
                !RecordTicketEvent(w, ticket.id, now, "comment", actor, "", "", internal, e)) {
                return false;
            }
            ticket.worked_at = now;
            if (internal) return UpdateTicket(w, ticket, e);  // nothing a customer sees moves
            ticket.updated_at = now;
            if (actor.support && !ticket.first_responded_at) ticket.first_responded_at = now;
            TicketStatus status;
            support::StatusFromId(ticket.status, status);
            std::optional<TicketStatus> next =
                support::StatusAfterComment(status, CoreActor(caller));
            std::string from = ticket.status;
            if (next && *next != status) {
                // The move's own mail is left out: the reply's mail says where the ticket is.
                int ignored = 0;
                if (!MoveTicket(w, ctx.config, ctx.catalogue, ticket, *next, actor, now, false,
                                ignored, e)) {
                    return false;
                }
            } else if (!UpdateTicket(w, ticket, e)) {
                return false;
            }
            TicketMailFacts facts = MailFactsOf(ticket, actor);
            facts.comment = text;
            facts.from_status = from;
            return AuditTicket(w, ticket, caller.user_id, "ticket.comment", std::nullopt,
                               api::Json{{"commentId", comment.id}, {"body", text}}, now, e) &&
                   QueueFollowerMails(w, ctx.config, ctx.catalogue, TicketMailKind::Comment, facts,
                                      caller.user_id, now, mails, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "comment: " + error);
    if (closed) return SendClosed(res);
    if (mails > 0) ctx.MailQueued();
    SendJson(res, 201, {{"comment", CommentJson(comment)}});
}

api::Json FollowersJson(const std::vector<TicketPerson>& followers) {
    api::Json list = api::Json::array();
    for (const TicketPerson& follower : followers) list.push_back(PersonJson(follower));
    return {{"followers", list}};
}

// {userId?}: a member follows themself; an admin or operator adds any member of the account.
void AddFollowerRoute(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    TicketRecord ticket;
    if (!ResolveTicket(ctx, req, res, Role::ReadOnly, caller, ticket)) return;
    api::Json body;
    if (!ReadOptionalBody(req, res, body)) return;
    Id user_id = caller.user_id;
    if (body.contains("userId") && !body["userId"].is_null()) {
        if (!body["userId"].is_number_integer() || body["userId"].get<long long>() <= 0) {
            return SendFieldErrors(res, {{"userId", "must be a user id"}});
        }
        user_id = body["userId"].get<Id>();
    }
    if (user_id != caller.user_id && !caller.operator_ && !caller.CanAdmin(ticket.account_id)) {
        return SendForbidden(res, "Only the account's admins add someone else as a follower");
    }
    Seconds now = ctx.Now();
    bool member = true, added = false;
    std::vector<TicketPerson> followers;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            std::vector<AccountReader> readers;
            if (!ListAccountReaders(w, ticket.account_id, readers, e)) return false;
            TicketPerson person;
            member = false;
            for (const AccountReader& reader : readers) {
                if (reader.person.id == user_id) {
                    member = true;
                    person = reader.person;
                }
            }
            // The vendor's support may follow a ticket themself.
            if (!member && user_id == caller.user_id && caller.operator_) {
                bool found = false;
                if (!FindPerson(w, user_id, person, found, e)) return false;
                member = found;
            }
            if (!member) return true;
            TicketActor actor;
            if (!ActorOf(w, caller, actor, e) ||
                !AddFollower(w, ticket.id, user_id, now, added, e)) {
                return false;
            }
            if (added && !RecordTicketEvent(w, ticket.id, now, "follower_added", actor, "",
                                            person.name, false, e)) {
                return false;
            }
            return ListFollowers(w, ticket.id, followers, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "follower: " + error);
    if (!member) {
        return SendFieldErrors(res, {{"userId", "is not a member of the ticket's account"}});
    }
    SendJson(res, added ? 201 : 200, FollowersJson(followers));
}

// Oneself; an admin of the account or an operator, anyone.
void RemoveFollowerRoute(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    TicketRecord ticket;
    if (!ResolveTicket(ctx, req, res, Role::ReadOnly, caller, ticket)) return;
    Id user_id = PathId(req, 2);
    if (user_id != caller.user_id && !caller.operator_ && !caller.CanAdmin(ticket.account_id)) {
        return SendForbidden(res, "Only the account's admins remove someone else as a follower");
    }
    Seconds now = ctx.Now();
    bool removed = false;
    std::vector<TicketPerson> followers;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            if (user_id == 0) return true;
            TicketPerson person;
            bool found = false;
            if (!FindPerson(w, user_id, person, found, e) ||
                !RemoveFollower(w, ticket.id, user_id, removed, e)) {
                return false;
            }
            TicketActor actor;
            if (removed && (!ActorOf(w, caller, actor, e) ||
                            !RecordTicketEvent(w, ticket.id, now, "follower_removed", actor, "",
                                               person.name, false, e))) {
                return false;
            }
            return ListFollowers(w, ticket.id, followers, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "follower: " + error);
    if (!removed) return SendNotFound(res);
    SendJson(res, 200, FollowersJson(followers));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Changes

// {status?, severity?, assigneeId?}: the account's admins (as the customer) and operators (as
// the vendor's support); only operators assign, and only to an operator.
void PatchTicket(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    TicketRecord ticket;
    if (!ResolveTicket(ctx, req, res, Role::Admin, caller, ticket)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    std::vector<api::FieldError> errors;
    std::optional<TicketStatus> status;
    std::optional<Severity> severity;
    std::optional<Id> assignee;
    if (body.contains("status")) {
        TicketStatus value;
        if (body["status"].is_string() &&
            support::StatusFromId(body["status"].get<std::string>(), value)) {
            status = value;
        } else {
            errors.push_back(
                {"status", "must be new, in_progress, waiting_on_customer, resolved or closed"});
        }
    }
    if (body.contains("severity")) {
        Severity value;
        if (body["severity"].is_string() &&
            support::SeverityFromId(body["severity"].get<std::string>(), value)) {
            severity = value;
        } else {
            errors.push_back({"severity", "must be critical, high, normal or low"});
        }
    }
    if (body.contains("assigneeId")) {
        const api::Json& value = body["assigneeId"];
        if (value.is_null()) {
            assignee = 0;
        } else if (value.is_number_integer() && value.get<long long>() > 0) {
            assignee = value.get<Id>();
        } else {
            errors.push_back({"assigneeId", "must be an operator's user id, or null"});
        }
    }
    if (errors.empty() && !status && !severity && !assignee) {
        errors.push_back({"", "name status, severity or assigneeId"});
    }
    if (!errors.empty()) return SendFieldErrors(res, errors);
    if (assignee && !caller.operator_) {
        return SendForbidden(res, "Only the vendor's support assigns tickets");
    }

    Seconds now = ctx.Now();
    enum class Outcome { Done, Closed, Refused, NotOperator } outcome = Outcome::Done;
    std::string refusal;
    int mails = 0;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            if (!ReloadTicket(w, ticket, e)) return false;
            TicketStatus current;
            support::StatusFromId(ticket.status, current);
            if (current == TicketStatus::Closed && (severity || assignee) &&
                (!status || *status == TicketStatus::Closed)) {
                outcome = Outcome::Closed;
                return true;
            }
            if (status && *status != current &&
                !support::StatusChangeAllowed(current, *status, CoreActor(caller))) {
                outcome = Outcome::Refused;
                refusal = std::string(caller.operator_ ? "The vendor's support" : "A customer") +
                          " cannot move a ticket from " + ticket.status + " to " +
                          support::StatusId(*status);
                return true;
            }
            TicketPerson new_assignee;
            if (assignee && *assignee != 0) {
                bool is_operator = false, found_person = false;
                if (!IsOperator(w, *assignee, is_operator, e) ||
                    !FindPerson(w, *assignee, new_assignee, found_person, e)) {
                    return false;
                }
                if (!is_operator || !found_person) {
                    outcome = Outcome::NotOperator;
                    return true;
                }
            }
            TicketActor actor;
            if (!ActorOf(w, caller, actor, e)) return false;
            if (severity && support::SeverityId(*severity) != ticket.severity) {
                std::string from = ticket.severity;
                ticket.severity = support::SeverityId(*severity);
                ticket.updated_at = ticket.worked_at = now;
                if (!UpdateTicket(w, ticket, e) ||
                    !RecordTicketEvent(w, ticket.id, now, "severity", actor, from, ticket.severity,
                                       false, e) ||
                    !AuditTicket(w, ticket, caller.user_id, "ticket.severity",
                                 api::Json{{"severity", from}},
                                 api::Json{{"severity", ticket.severity}}, now, e)) {
                    return false;
                }
            }
            if (assignee && *assignee != ticket.assignee.id) {
                TicketPerson from = ticket.assignee;
                ticket.assignee = new_assignee;
                ticket.updated_at = ticket.worked_at = now;
                if (!UpdateTicket(w, ticket, e) ||
                    !RecordTicketEvent(w, ticket.id, now, "assigned", actor, from.name,
                                       new_assignee.name, false, e) ||
                    !AuditTicket(w, ticket, caller.user_id, "ticket.assign",
                                 api::Json{{"assigneeId", api::NullableId(from.id)}},
                                 api::Json{{"assigneeId", api::NullableId(new_assignee.id)}}, now,
                                 e)) {
                    return false;
                }
            }
            if (status && *status != current) {
                return MoveTicket(w, ctx.config, ctx.catalogue, ticket, *status, actor, now, true,
                                  mails, e);
            }
            return true;
        },
        error);
    if (!ok) return ctx.SendInternal(res, "ticket change: " + error);
    switch (outcome) {
        case Outcome::Closed:
            return SendClosed(res);
        case Outcome::Refused:
            return SendConflict(res, "rule_violation", "status", refusal);
        case Outcome::NotOperator:
            return SendFieldErrors(res, {{"assigneeId", "is not one of the vendor's operators"}});
        case Outcome::Done:
            break;
    }
    if (mails > 0) ctx.MailQueued();
    SendTicket(ctx, res, 200, ticket.id, caller);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Attachments

void UploadAttachment(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    TicketRecord ticket;
    if (!ResolveTicket(ctx, req, res, Role::Admin, caller, ticket)) return;
    if (req.body.size() > kMaxAttachmentBytes) {
        return SendError(res, 413, "too_large", "An attachment is at most 10 MB");
    }
    std::string raw_name = req.has_param("name") ? req.get_param_value("name") : "";
    std::string name = SanitiseFileName(raw_name);
    if (name.empty()) {
        return SendFieldErrors(res, {{"name", "is required: the file's name (?name=)"}});
    }
    if (req.body.empty()) return SendFieldErrors(res, {{"body", "is empty: send the file"}});
    std::optional<std::string> type = SniffAttachmentType(req.body);
    if (!type) {
        return SendError(res, 415, "unsupported_media_type",
                         "An attachment is an image (PNG, JPEG, GIF, WebP), a PDF, a ZIP archive "
                         "or UTF-8 text (logs): this file's content is none of them");
    }
    Seconds now = ctx.Now();
    TicketAttachment attachment;
    bool closed = false, full = false;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            if (!ReloadTicket(w, ticket, e)) return false;
            if (ticket.status == "closed") {
                closed = true;
                return true;
            }
            int count = 0;
            if (!CountAttachments(w, ticket.id, count, e)) return false;
            if (count >= kMaxAttachmentsPerTicket) {
                full = true;
                return true;
            }
            TicketActor actor;
            if (!ActorOf(w, caller, actor, e)) return false;
            attachment.ticket_id = ticket.id;
            attachment.name = name;
            attachment.content_type = *type;
            attachment.uploaded_by = actor.person;
            attachment.created_at = now;
            ticket.updated_at = ticket.worked_at = now;
            return InsertAttachment(w, attachment, req.body, e) && UpdateTicket(w, ticket, e) &&
                   RecordTicketEvent(w, ticket.id, now, "attachment", actor, "", name, false, e) &&
                   AuditTicket(w, ticket, caller.user_id, "ticket.attachment", std::nullopt,
                               api::Json{{"attachmentId", attachment.id},
                                         {"name", name},
                                         {"size", attachment.size},
                                         {"contentType", attachment.content_type}},
                               now, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "attachment: " + error);
    if (closed) return SendClosed(res);
    if (full) {
        return SendConflict(res, "too_many_attachments", "",
                            "A ticket holds at most 20 attachments");
    }
    SendJson(res, 201, {{"attachment", AttachmentJson(attachment)}});
}

// RFC 5987 / 6266: filename*=UTF-8''<percent-encoded>, with an ASCII fallback.
std::string ContentDisposition(const std::string& name) {
    static const char* kHex = "0123456789ABCDEF";
    std::string encoded, fallback;
    for (unsigned char c : name) {
        bool plain = std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~';
        if (plain) {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += kHex[c >> 4];
            encoded += kHex[c & 15];
        }
        // The fallback: ASCII as it is, one '_' for each other character.
        bool ascii = c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%';
        if (ascii) {
            fallback += static_cast<char>(c);
        } else if ((c & 0xC0) != 0x80) {
            fallback += '_';
        }
    }
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

void DownloadAttachment(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    if (!ctx.RequireCaller(req, res, caller)) return;
    Id attachment_id = PathId(req, 1);
    TicketAttachment attachment;
    TicketRecord ticket;
    bool found = false;
    std::string error;
    if (attachment_id != 0 &&
        !ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return FindAttachment(w, attachment_id, attachment, nullptr, found, e) &&
                       (!found || FindTicket(w, attachment.ticket_id, ticket, found, e));
            },
            error)) {
        return ctx.SendInternal(res, "attachment: " + error);
    }
    if (!found) return SendNotFound(res);
    if (!caller.operator_ && !ctx.CheckAccount(res, caller, ticket.account_id, Role::ReadOnly)) {
        return;
    }
    std::string bytes;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return FindAttachment(w, attachment_id, attachment, &bytes, found, e);
            },
            error)) {
        return ctx.SendInternal(res, "attachment: " + error);
    }
    if (!found) return SendNotFound(res);
    res.status = 200;
    res.set_header("Content-Disposition", ContentDisposition(attachment.name));
    // X-Content-Type-Options: nosniff comes with every answer (http_server.cpp).
    res.set_header("Cache-Control", "private, no-store");
    res.set_content(std::move(bytes), attachment.content_type.c_str());
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Files

bool IsAttachmentUpload(const std::string& path) {
    static const std::string kPrefix = "/api/v1/tickets/";
    static const std::string kSuffix = "/attachments";
    if (path.size() <= kPrefix.size() + kSuffix.size() || path.rfind(kPrefix, 0) != 0 ||
        path.compare(path.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
        return false;
    }
    std::string_view id(path.data() + kPrefix.size(),
                        path.size() - kPrefix.size() - kSuffix.size());
    return std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::string> SniffAttachmentType(std::string_view bytes) {
    auto starts = [&](std::string_view magic, size_t at = 0) {
        return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic;
    };
    using namespace std::string_view_literals;
    if (bytes.empty()) return std::nullopt;
    if (starts("\x89PNG\r\n\x1a\n"sv)) return "image/png";
    if (starts("\xFF\xD8\xFF"sv)) return "image/jpeg";
    if (starts("GIF87a"sv) || starts("GIF89a"sv)) return "image/gif";
    if (starts("RIFF"sv) && starts("WEBP"sv, 8)) return "image/webp";
    if (starts("%PDF-"sv)) return "application/pdf";
    // A local file header, or the end record of an empty archive.
    if (starts("PK\x03\x04"sv) || starts("PK\x05\x06"sv)) return "application/zip";
    // Text: UTF-8 without NUL nor the control characters no text or log holds (a program's
    // bytes: "\x7FELF\x02\x01..."). Tabs, line and page breaks and ESC (colours in logs) are
    // text.
    bool text = std::none_of(bytes.begin(), bytes.end(), [](char c) {
        unsigned char u = static_cast<unsigned char>(c);
        return (u < 0x20 && !(u >= '\t' && u <= '\r') && u != 0x1B) || u == 0x7F;
    });
    if (text && ValidUtf8(bytes)) return "text/plain; charset=utf-8";
    return std::nullopt;
}

std::string SanitiseFileName(std::string_view name) {
    size_t slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
    std::string out;
    size_t characters = 0;
    for (size_t i = 0; i < name.size() && characters < kMaxAttachmentNameLength;) {
        size_t length = Utf8Sequence(name, i);
        if (length == 0) {
            ++i;  // not UTF-8: dropped
            continue;
        }
        unsigned char c = static_cast<unsigned char>(name[i]);
        bool control = length == 1 && (c < 0x20 || c == 0x7F);
        // C1 controls (U+0080..U+009F) and the bidirectional overrides that disguise a name's
        // end ("invoice\u202Efdp.exe").
        unsigned char next = length > 1 ? static_cast<unsigned char>(name[i + 1]) : 0;
        bool c1 = length == 2 && c == 0xC2 && next < 0xA0;
        bool bidi = length == 3 && c == 0xE2 &&
                    ((next == 0x80 && static_cast<unsigned char>(name[i + 2]) >= 0xAA &&
                      static_cast<unsigned char>(name[i + 2]) <= 0xAE) ||
                     (next == 0x81 && static_cast<unsigned char>(name[i + 2]) >= 0xA6 &&
                      static_cast<unsigned char>(name[i + 2]) <= 0xA9));
        if (!control && !c1 && !bidi) {
            out.append(name.substr(i, length));
            ++characters;
        }
        i += length;
    }
    out = text::Trim(out);
    // Leading dots would make a hidden file (or "..") where it is saved.
    size_t dots = out.find_first_not_of('.');
    out = dots == std::string::npos ? "" : out.substr(dots);
    return text::Trim(out);
}

void RegisterSupportRoutes(Server& server, ApiContext& ctx) {
    auto route = [&](const char* method, const char* pattern, ApiHandler handler) {
        AddApiRoute(server, ctx, method, pattern, handler);
    };
    route("POST", "/api/v1/accounts/([0-9]+)/tickets", CreateAccountTicket);
    route("GET", "/api/v1/accounts/([0-9]+)/tickets", ListAccountTickets);
    route("POST", "/api/v1/rooms/([0-9]+)/tickets", CreateRoomTicket);
    route("GET", "/api/v1/rooms/([0-9]+)/ticket-proposal", GetTicketProposal);
    route("GET", "/api/v1/tickets/([0-9]+)", GetTicket);
    route("PATCH", "/api/v1/tickets/([0-9]+)", PatchTicket);
    route("POST", "/api/v1/tickets/([0-9]+)/comments", PostComment);
    route("POST", "/api/v1/tickets/([0-9]+)/followers", AddFollowerRoute);
    route("DELETE", "/api/v1/tickets/([0-9]+)/followers/([0-9]+)", RemoveFollowerRoute);
    // The one route with a raw body (auth.cpp, http_server.cpp: IsAttachmentUpload).
    route("POST", kAttachmentUploadPattern, UploadAttachment);
    route("GET", "/api/v1/attachments/([0-9]+)", DownloadAttachment);
    route("GET", "/api/v1/support/tickets", SupportQueue);
}

}  // namespace portal::server

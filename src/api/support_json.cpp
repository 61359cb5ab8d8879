// Support tickets <-> JSON (issue 14): tickets and their list items, the snapshot, comments,
// attachments and events, the request bodies, the ticket proposal and the support desk's account
// search. No exceptions (the wasm build has none): FieldReader names each bad field.
#include "api/support_json.h"

#include <algorithm>

#include "api/alerts_json.h"
#include "core/telemetry.h"

namespace portal::api {

namespace {

constexpr const char* kSeverityChoices = "must be one of critical, high, normal, low";
constexpr const char* kStatusChoices =
    "must be one of new, in_progress, waiting_on_customer, resolved, closed";

// [SECTION] Small readers and writers

Json TextOrNull(const std::string& text) {
    if (text.empty()) return nullptr;
    return text;
}

void ReadText(FieldReader& reader, const char* key, std::string& out) {
    out.clear();
    reader.String(key, out, false);
}

void ReadTime(FieldReader& reader, const char* key, TicketSeconds& out, bool required) {
    std::optional<TicketSeconds> time;
    if (ReadIsoTime(reader, key, time, required)) out = *time;
}

bool ReadSeverity(FieldReader& reader, support::Severity& out, bool required) {
    std::string text;
    if (!reader.String("severity", text, required)) return false;
    if (support::SeverityFromId(text, out)) return true;
    reader.Fail("severity", kSeverityChoices);
    return false;
}

bool ReadStatus(FieldReader& reader, support::TicketStatus& out, bool required) {
    std::string text;
    if (!reader.String("status", text, required)) return false;
    if (support::StatusFromId(text, out)) return true;
    reader.Fail("status", kStatusChoices);
    return false;
}

size_t CodePoints(const std::string& text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// [write(item), ...]
template <typename T, typename Write>
Json ArrayOf(const std::vector<T>& items, Write write) {
    Json list = Json::array();
    for (const T& item : items) list.push_back(write(item));
    return list;
}

// {key: {...}} or the object itself: the answers to a creation wrap what they created.
const Json& Unwrapped(const Json& json, const char* key) {
    if (json.is_object()) {
        auto found = json.find(key);
        if (found != json.end() && found->is_object()) return *found;
    }
    return json;
}

// [SECTION] People

Json PersonJson(const TicketPerson& person) {
    Json json = {{"id", person.id}, {"name", person.name}};
    if (!person.email.empty()) json["email"] = person.email;
    json["support"] = person.support;
    return json;
}

void ReadPersonFields(FieldReader& reader, TicketPerson& person) {
    ReadId(reader, "id", person.id);
    ReadText(reader, "name", person.name);
    ReadText(reader, "email", person.email);
    reader.Bool("support", person.support, false);
}

// The person in `key`; absent or null (the system, no assignee) leaves `out` empty.
bool ReadPerson(FieldReader& reader, const char* key, TicketPerson& out,
                std::vector<FieldError>& errors, bool required) {
    out = TicketPerson{};
    const Json* member = reader.Object(key, required);
    if (!member) return false;
    FieldReader inner(*member, reader.PathOf(key), errors);
    ReadPersonFields(inner, out);
    return true;
}

// [SECTION] Comments, attachments, events

void ReadCommentFields(FieldReader& reader, TicketComment& comment,
                       std::vector<FieldError>& errors) {
    ReadId(reader, "id", comment.id);
    ReadPerson(reader, "author", comment.author, errors, false);
    reader.String("body", comment.body);
    reader.Bool("internal", comment.internal, false);
    ReadTime(reader, "createdAt", comment.created_at, true);
}

void ReadAttachmentFields(FieldReader& reader, TicketAttachment& attachment,
                          std::vector<FieldError>& errors) {
    ReadId(reader, "id", attachment.id);
    reader.String("name", attachment.name);
    reader.Int64("size", attachment.size, false);
    ReadText(reader, "contentType", attachment.content_type);
    ReadPerson(reader, "uploadedBy", attachment.uploaded_by, errors, false);
    ReadTime(reader, "createdAt", attachment.created_at, false);
}

Json EventJson(const TicketEvent& event) {
    return {{"at", telemetry::FormatUtcTime(event.at)},
            {"kind", event.kind},
            {"by", event.by.id == 0 ? Json(nullptr) : PersonJson(event.by)},
            {"from", TextOrNull(event.from)},
            {"to", TextOrNull(event.to)}};
}

// [SECTION] The snapshot

Json LicenseJson(const SnapshotLicense& license) {
    return {{"program", license.program},
            {"contractId", NullableId(license.contract_id)},
            {"from", TextOrNull(license.from)},
            {"until", TextOrNull(license.until)}};
}

Json DeviceJson(const SnapshotDevice& device) {
    return {{"serial", device.serial},
            {"product", device.product},
            {"productName", device.product_name},
            {"purchaseDate", TextOrNull(device.purchase_date)},
            {"warrantyEnd", TextOrNull(device.warranty_end)},
            {"status", device.status},
            {"firmware", TextOrNull(device.firmware)},
            {"lastSeen", IsoOrNull(device.last_seen)}};
}

Json SnapshotEventJson(const SnapshotEvent& event) {
    return {{"at", telemetry::FormatUtcTime(event.at)},
            {"serial", TextOrNull(event.serial)},
            {"kind", event.kind},
            {"detail", event.detail}};
}

Json SnapshotAlertJson(const SnapshotAlert& alert) {
    return {{"id", alert.id},
            {"condition", alert.condition},
            {"severity", alert.severity},
            {"state", alert.state},
            {"since", IsoOrNull(alert.since)},
            {"serial", TextOrNull(alert.serial)},
            {"ruleName", alert.rule_name}};
}

void ReadSnapshotRoom(FieldReader& reader, SnapshotRoom& room, std::vector<FieldError>& errors) {
    ReadId(reader, "id", room.id);
    reader.String("name", room.name);
    ReadText(reader, "site", room.site);
    ReadText(reader, "country", room.country);
    reader.Int("capacity", room.capacity, false);
    ReadText(reader, "timeZone", room.time_zone);
    ReadText(reader, "status", room.status);
    ReadEach(reader, "licenses", room.licenses, errors, false,
             [](FieldReader& entry, SnapshotLicense& license) {
                 entry.String("program", license.program);
                 license.contract_id = ReadNullableId(entry, "contractId");
                 ReadText(entry, "from", license.from);
                 ReadText(entry, "until", license.until);
             });
    room.entitlements.clear();
    reader.StringList("entitlements", room.entitlements, false);
}

// [SECTION] The ticket

Json TicketCommonJson(const Ticket& ticket) {
    return {{"id", ticket.id},
            {"number", ticket.number},
            {"accountId", ticket.account_id},
            {"accountName", ticket.account_name},
            {"roomId", NullableId(ticket.room_id)},
            {"roomName", TextOrNull(ticket.room_name)},
            {"subject", ticket.subject},
            {"description", ticket.description},
            {"meetingLink", TextOrNull(ticket.meeting_link)},
            {"severity", support::SeverityId(ticket.severity)},
            {"status", support::StatusId(ticket.status)},
            {"serviceLevel", ticket.service_level},
            {"requester", PersonJson(ticket.requester)},
            {"followers", ArrayOf(ticket.followers, PersonJson)},
            {"assignee", ticket.assignee ? PersonJson(*ticket.assignee) : Json(nullptr)},
            {"createdAt", telemetry::FormatUtcTime(ticket.created_at)},
            {"updatedAt", telemetry::FormatUtcTime(ticket.updated_at)},
            {"firstResponseDueAt", telemetry::FormatUtcTime(ticket.first_response_due_at)},
            {"firstRespondedAt", IsoOrNull(ticket.first_responded_at)},
            {"resolutionDueAt", telemetry::FormatUtcTime(ticket.resolution_due_at)},
            {"resolvedAt", IsoOrNull(ticket.resolved_at)},
            {"closedAt", IsoOrNull(ticket.closed_at)},
            {"paused", ticket.paused},
            {"breached", ticket.breached}};
}

}  // namespace

Json TicketCommentToJson(const TicketComment& comment) {
    return {{"id", comment.id},
            {"author", PersonJson(comment.author)},
            {"body", comment.body},
            {"internal", comment.internal},
            {"createdAt", telemetry::FormatUtcTime(comment.created_at)}};
}

bool TicketCommentFromJson(const Json& json, TicketComment& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = TicketComment{};
    FieldReader reader(Unwrapped(json, "comment"), "", errors);
    if (!reader.IsObject()) return false;
    ReadCommentFields(reader, out, errors);
    return errors.size() == before;
}

Json TicketAttachmentToJson(const TicketAttachment& attachment) {
    return {{"id", attachment.id},
            {"name", attachment.name},
            {"size", attachment.size},
            {"contentType", attachment.content_type},
            {"uploadedBy", PersonJson(attachment.uploaded_by)},
            {"createdAt", telemetry::FormatUtcTime(attachment.created_at)}};
}

bool TicketAttachmentFromJson(const Json& json, TicketAttachment& out,
                              std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = TicketAttachment{};
    FieldReader reader(Unwrapped(json, "attachment"), "", errors);
    if (!reader.IsObject()) return false;
    ReadAttachmentFields(reader, out, errors);
    return errors.size() == before;
}

Json TicketSnapshotToJson(const TicketSnapshot& snapshot) {
    const SnapshotRoom& room = snapshot.room;
    return {{"takenAt", telemetry::FormatUtcTime(snapshot.taken_at)},
            {"room",
             {{"id", room.id},
              {"name", room.name},
              {"site", room.site},
              {"country", room.country},
              {"capacity", room.capacity},
              {"timeZone", room.time_zone},
              {"status", room.status},
              {"licenses", ArrayOf(room.licenses, LicenseJson)},
              {"entitlements", room.entitlements}}},
            {"devices", ArrayOf(snapshot.devices, DeviceJson)},
            {"events", ArrayOf(snapshot.events, SnapshotEventJson)},
            {"alerts", ArrayOf(snapshot.alerts, SnapshotAlertJson)}};
}

bool TicketSnapshotFromJson(const Json& json, TicketSnapshot& out,
                            std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = TicketSnapshot{};
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    ReadTime(reader, "takenAt", out.taken_at, false);
    if (const Json* room = reader.Object("room")) {
        FieldReader inner(*room, "room", errors);
        ReadSnapshotRoom(inner, out.room, errors);
    }
    ReadEach(reader, "devices", out.devices, errors, false,
             [](FieldReader& entry, SnapshotDevice& device) {
                 entry.String("serial", device.serial);
                 ReadText(entry, "product", device.product);
                 ReadText(entry, "productName", device.product_name);
                 ReadText(entry, "purchaseDate", device.purchase_date);
                 ReadText(entry, "warrantyEnd", device.warranty_end);
                 ReadText(entry, "status", device.status);
                 ReadText(entry, "firmware", device.firmware);
                 ReadIsoTime(entry, "lastSeen", device.last_seen, false);
             });
    ReadEach(reader, "events", out.events, errors, false,
             [](FieldReader& entry, SnapshotEvent& event) {
                 ReadTime(entry, "at", event.at, true);
                 ReadText(entry, "serial", event.serial);
                 ReadText(entry, "kind", event.kind);
                 ReadText(entry, "detail", event.detail);
             });
    ReadEach(reader, "alerts", out.alerts, errors, false,
             [](FieldReader& entry, SnapshotAlert& alert) {
                 ReadId(entry, "id", alert.id);
                 ReadText(entry, "condition", alert.condition);
                 ReadText(entry, "severity", alert.severity);
                 ReadText(entry, "state", alert.state);
                 ReadIsoTime(entry, "since", alert.since, false);
                 ReadText(entry, "serial", alert.serial);
                 ReadText(entry, "ruleName", alert.rule_name);
             });
    return errors.size() == before;
}

Json TicketToJson(const Ticket& ticket) {
    Json json = TicketCommonJson(ticket);
    json["snapshot"] = ticket.snapshot ? TicketSnapshotToJson(*ticket.snapshot) : Json(nullptr);
    json["comments"] = ArrayOf(ticket.comments, TicketCommentToJson);
    json["attachments"] = ArrayOf(ticket.attachments, TicketAttachmentToJson);
    json["events"] = ArrayOf(ticket.events, EventJson);
    return json;
}

Json TicketListItemToJson(const Ticket& ticket) {
    Json json = TicketCommonJson(ticket);
    json["commentCount"] = ticket.comment_count;
    json["lastActivityAt"] = IsoOrNull(ticket.last_activity_at);
    return json;
}

bool TicketFromJson(const Json& json, Ticket& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = Ticket{};
    FieldReader reader(Unwrapped(json, "ticket"), "", errors);
    if (!reader.IsObject()) return false;
    ReadId(reader, "id", out.id);
    reader.Int64("number", out.number);
    ReadId(reader, "accountId", out.account_id);
    ReadText(reader, "accountName", out.account_name);
    out.room_id = ReadNullableId(reader, "roomId");
    ReadText(reader, "roomName", out.room_name);
    reader.String("subject", out.subject);
    ReadText(reader, "description", out.description);
    ReadText(reader, "meetingLink", out.meeting_link);
    ReadSeverity(reader, out.severity, true);
    ReadStatus(reader, out.status, true);
    ReadText(reader, "serviceLevel", out.service_level);
    ReadPerson(reader, "requester", out.requester, errors, false);
    ReadEach(reader, "followers", out.followers, errors, false, ReadPersonFields);
    TicketPerson assignee;
    if (ReadPerson(reader, "assignee", assignee, errors, false)) out.assignee = assignee;
    ReadTime(reader, "createdAt", out.created_at, true);
    ReadTime(reader, "updatedAt", out.updated_at, false);
    ReadTime(reader, "firstResponseDueAt", out.first_response_due_at, false);
    ReadIsoTime(reader, "firstRespondedAt", out.first_responded_at, false);
    ReadTime(reader, "resolutionDueAt", out.resolution_due_at, false);
    ReadIsoTime(reader, "resolvedAt", out.resolved_at, false);
    ReadIsoTime(reader, "closedAt", out.closed_at, false);
    reader.Bool("paused", out.paused, false);
    reader.Bool("breached", out.breached, false);
    reader.Int("commentCount", out.comment_count, false);
    ReadIsoTime(reader, "lastActivityAt", out.last_activity_at, false);
    if (const Json* snapshot = reader.Object("snapshot", false)) {
        std::vector<FieldError> inner;
        TicketSnapshot read;
        TicketSnapshotFromJson(*snapshot, read, inner);
        for (FieldError& error : inner) {
            errors.push_back({"snapshot." + error.field, std::move(error.message)});
        }
        out.snapshot = std::move(read);
    }
    ReadEach(reader, "comments", out.comments, errors, false,
             [&errors](FieldReader& entry, TicketComment& comment) {
                 ReadCommentFields(entry, comment, errors);
             });
    ReadEach(reader, "attachments", out.attachments, errors, false,
             [&errors](FieldReader& entry, TicketAttachment& attachment) {
                 ReadAttachmentFields(entry, attachment, errors);
             });
    ReadEach(reader, "events", out.events, errors, false,
             [&errors](FieldReader& entry, TicketEvent& event) {
                 ReadTime(entry, "at", event.at, true);
                 entry.String("kind", event.kind);
                 ReadPerson(entry, "by", event.by, errors, false);
                 ReadText(entry, "from", event.from);
                 ReadText(entry, "to", event.to);
             });
    return errors.size() == before;
}

Json TicketListToJson(const std::vector<Ticket>& tickets) {
    return DocumentsToJson("tickets", tickets, TicketListItemToJson);
}

bool TicketListFromJson(const Json& json, std::vector<Ticket>& out,
                        std::vector<FieldError>& errors) {
    return ReadDocuments(json, "tickets", out, errors, TicketFromJson);
}

// [SECTION] Requests

Json NewTicketToJson(const NewTicket& ticket, bool for_room) {
    Json json = Json::object();
    if (!for_room || !ticket.subject.empty()) json["subject"] = ticket.subject;
    if (!for_room || !ticket.description.empty()) json["description"] = ticket.description;
    if (ticket.severity) json["severity"] = support::SeverityId(*ticket.severity);
    if (!for_room && ticket.room_id != 0) json["roomId"] = ticket.room_id;
    if (!ticket.meeting_link.empty()) json["meetingLink"] = ticket.meeting_link;
    return json;
}

bool NewTicketFromJson(const Json& json, bool for_room, NewTicket& out,
                       std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = NewTicket{};
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    if (reader.String("subject", out.subject, !for_room)) {
        size_t length = CodePoints(out.subject);
        if (length == 0 || length > kMaxTicketSubject) {
            reader.Fail("subject", "must be 1 to 200 characters");
        }
    }
    if (reader.String("description", out.description, false) &&
        CodePoints(out.description) > kMaxTicketDescription) {
        reader.Fail("description", "is at most 20000 characters");
    }
    support::Severity severity = support::Severity::Normal;
    if (ReadSeverity(reader, severity, !for_room)) out.severity = severity;
    if (!for_room) out.room_id = ReadNullableId(reader, "roomId");
    if (reader.String("meetingLink", out.meeting_link, false) &&
        (out.meeting_link.size() > kMaxMeetingLink || !AbsoluteHttpUrl(out.meeting_link))) {
        reader.Fail("meetingLink",
                    "must be an absolute https:// or http:// URL of at most 2000 "
                    "characters");
    }
    return errors.size() == before;
}

Json TicketProposalToJson(const TicketProposal& proposal) {
    return {{"subject", proposal.subject},
            {"severity", support::SeverityId(proposal.severity)},
            {"serviceLevel", proposal.service_level}};
}

bool TicketProposalFromJson(const Json& json, TicketProposal& out,
                            std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = TicketProposal{};
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    reader.String("subject", out.subject);
    ReadSeverity(reader, out.severity, true);
    ReadText(reader, "serviceLevel", out.service_level);
    return errors.size() == before;
}

Json CommentRequestToJson(const CommentRequest& request) {
    return {{"body", request.body}, {"internal", request.internal}};
}

bool CommentRequestFromJson(const Json& json, CommentRequest& out,
                            std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = CommentRequest{};
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    if (reader.String("body", out.body)) {
        size_t length = CodePoints(out.body);
        if (length == 0 || length > kMaxCommentBody) {
            reader.Fail("body", "must be 1 to 20000 characters");
        }
    }
    reader.Bool("internal", out.internal, false);
    return errors.size() == before;
}

Json TicketPatchToJson(const TicketPatch& patch) {
    Json json = Json::object();
    if (patch.status) json["status"] = support::StatusId(*patch.status);
    if (patch.severity) json["severity"] = support::SeverityId(*patch.severity);
    if (patch.has_assignee) json["assigneeId"] = NullableId(patch.assignee_id);
    return json;
}

bool TicketPatchFromJson(const Json& json, TicketPatch& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    out = TicketPatch{};
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    support::TicketStatus status = support::TicketStatus::New;
    if (ReadStatus(reader, status, false)) out.status = status;
    support::Severity severity = support::Severity::Normal;
    if (ReadSeverity(reader, severity, false)) out.severity = severity;
    if (json.contains("assigneeId")) {
        out.has_assignee = true;
        const Json& assignee = json["assigneeId"];
        if (assignee.is_null()) {
            out.assignee_id = 0;
        } else if (assignee.is_number_integer() && assignee.get<long long>() > 0) {
            out.assignee_id = assignee.get<long long>();
        } else {
            reader.Fail("assigneeId", "must be a positive user id or null");
        }
    }
    if (!out.status && !out.severity && !out.has_assignee && errors.size() == before) {
        errors.push_back({"(body)", "must hold status, severity or assigneeId"});
    }
    return errors.size() == before;
}

// [SECTION] The support desk

Json SupportAccountsToJson(const std::vector<SupportAccount>& accounts) {
    return DocumentsToJson("accounts", accounts, [](const SupportAccount& account) {
        return Json{{"id", account.id},
                    {"name", account.name},
                    {"kind", account.kind},
                    {"country", account.country},
                    {"city", account.city},
                    {"parentEntityId", NullableId(account.parent_entity_id)},
                    {"parentEntityName", account.parent_entity_name}};
    });
}

bool SupportAccountsFromJson(const Json& json, std::vector<SupportAccount>& out,
                             std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    if (!reader.Array("accounts")) return false;
    ReadEach(reader, "accounts", out, errors, true,
             [](FieldReader& entry, SupportAccount& account) {
                 ReadId(entry, "id", account.id);
                 entry.String("name", account.name);
                 ReadText(entry, "kind", account.kind);
                 ReadText(entry, "country", account.country);
                 ReadText(entry, "city", account.city);
                 account.parent_entity_id = ReadNullableId(entry, "parentEntityId");
                 ReadText(entry, "parentEntityName", account.parent_entity_name);
             });
    return errors.size() == before;
}

}  // namespace portal::api

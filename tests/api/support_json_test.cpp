// Support tickets JSON (issue 14): a whole ticket (snapshot, comments, attachments, events) and a
// list item read back what the writers produce; the readers take the contract's examples as the
// server writes them (nulls, {ticket: ...} wrappers); request readers name every field that is
// missing or outside the contract's limits; the support desk's account search reads.
#include "api/support_json.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace portal::api {
namespace {

using support::Severity;
using support::TicketStatus;

std::vector<std::string> FieldsOf(const std::vector<FieldError>& errors) {
    std::vector<std::string> fields;
    for (const FieldError& error : errors) fields.push_back(error.field);
    return fields;
}

bool Holds(const std::vector<FieldError>& errors, const std::string& field) {
    std::vector<std::string> fields = FieldsOf(errors);
    return std::find(fields.begin(), fields.end(), field) != fields.end();
}

Ticket SampleTicket() {
    Ticket ticket;
    ticket.id = 12;
    ticket.number = 1012;
    ticket.account_id = 3;
    ticket.account_name = "Northwind Paris";
    ticket.room_id = 7;
    ticket.room_name = "Opéra";
    ticket.subject = "Opéra is offline: 2 of 3 devices offline since 09:12";
    ticket.description = "Nothing works since this morning.";
    ticket.meeting_link = "https://meet.example/abc";
    ticket.severity = Severity::High;
    ticket.status = TicketStatus::WaitingOnCustomer;
    ticket.service_level = "select";
    ticket.requester = {5, "Anne Martin", "anne@example.com", false};
    ticket.followers = {{5, "Anne Martin", "anne@example.com", false},
                        {6, "Bruno Petit", "bruno@example.com", false}};
    ticket.assignee = TicketPerson{9, "Olivia Support", "", true};
    ticket.created_at = 1795000000;
    ticket.updated_at = 1795003600;
    ticket.first_response_due_at = 1795003600;
    ticket.first_responded_at = 1795001000;
    ticket.resolution_due_at = 1795086400;
    ticket.paused = true;
    ticket.breached = false;
    TicketSnapshot snapshot;
    snapshot.taken_at = 1795000000;
    snapshot.room = {7,
                     "Opéra",
                     "Paris",
                     "FR",
                     8,
                     "Europe/Paris",
                     "offline",
                     {{"select", 4, "2026-06-01", "2029-05-31"}},
                     {"insights", "alerts"}};
    SnapshotDevice device;
    device.serial = "SN-1";
    device.product = "rally-bar";
    device.product_name = "Rally Bar";
    device.purchase_date = "2026-01-10";
    device.warranty_end = "2028-01-10";
    device.status = "offline";
    device.firmware = "1.4.2";
    device.last_seen = 1794990000;
    SnapshotDevice unknown;
    unknown.serial = "SN-2";
    unknown.product = "tap";
    unknown.product_name = "Tap";
    unknown.purchase_date = "2026-01-10";
    unknown.status = "unknown";
    snapshot.devices = {device, unknown};
    snapshot.events = {{1794990000, "SN-1", "offline", "went offline"}};
    snapshot.alerts = {
        {41, "device_offline", "critical", "firing", 1794990300, "SN-1", "Device offline now"}};
    ticket.snapshot = snapshot;
    ticket.comments = {
        {1, {5, "Anne Martin", "", false}, "Please help.", false, 1795000100},
        {2, {9, "Olivia Support", "", true}, "Check the PoE switch.", true, 1795000200}};
    ticket.attachments = {
        {3, "photo.png", 2048, "image/png", {5, "Anne Martin", "", false}, 1795000300}};
    TicketEvent created;
    created.at = 1795000000;
    created.kind = "created";
    created.by = {5, "Anne Martin", "", false};
    TicketEvent status;
    status.at = 1795000400;
    status.kind = "status";
    status.from = "in_progress";
    status.to = "waiting_on_customer";  // by the system: by null
    ticket.events = {created, status};
    return ticket;
}

TEST(SupportJson, TicketRoundTrips) {
    Ticket ticket = SampleTicket();
    Json json = TicketToJson(ticket);
    EXPECT_EQ(json["severity"], "high");
    EXPECT_EQ(json["status"], "waiting_on_customer");
    EXPECT_EQ(json["serviceLevel"], "select");
    EXPECT_EQ(json["number"], 1012);
    EXPECT_EQ(json["assignee"]["support"], true);
    EXPECT_TRUE(json["resolvedAt"].is_null());
    EXPECT_EQ(json["snapshot"]["room"]["timeZone"], "Europe/Paris");
    EXPECT_TRUE(json["snapshot"]["devices"][1]["warrantyEnd"].is_null());
    EXPECT_TRUE(json["events"][1]["by"].is_null()) << "the system";
    EXPECT_EQ(json["comments"][1]["internal"], true);

    Ticket again;
    std::vector<FieldError> errors;
    ASSERT_TRUE(TicketFromJson(json, again, errors)) << errors[0].field << " " << errors[0].message;
    EXPECT_EQ(TicketToJson(again), json);
    EXPECT_TRUE(again.IsFollower(6));
    EXPECT_FALSE(again.IsFollower(9));
    ASSERT_TRUE(again.snapshot.has_value());
    EXPECT_EQ(again.snapshot->devices[0].last_seen, 1794990000);
    EXPECT_EQ(again.events[1].by.id, 0);
}

// The answer to a creation wraps the ticket: {ticket: {...}}.
TEST(SupportJson, TheCreationsAnswerIsRead) {
    Json wrapped = {{"ticket", TicketToJson(SampleTicket())}};
    Ticket ticket;
    std::vector<FieldError> errors;
    ASSERT_TRUE(TicketFromJson(wrapped, ticket, errors));
    EXPECT_EQ(ticket.id, 12);
    EXPECT_EQ(ticket.number, 1012);

    TicketComment comment;
    ASSERT_TRUE(TicketCommentFromJson(
        {{"comment", TicketCommentToJson(SampleTicket().comments[0])}}, comment, errors));
    EXPECT_EQ(comment.body, "Please help.");
    TicketAttachment attachment;
    ASSERT_TRUE(TicketAttachmentFromJson(
        {{"attachment", TicketAttachmentToJson(SampleTicket().attachments[0])}}, attachment,
        errors));
    EXPECT_EQ(attachment.size, 2048);
}

TEST(SupportJson, AListItemHasNoSnapshotButItsCounts) {
    Ticket ticket = SampleTicket();
    ticket.comment_count = 1;
    ticket.last_activity_at = 1795000300;
    Json list = TicketListToJson({ticket});
    const Json& item = list["tickets"][0];
    EXPECT_FALSE(item.contains("snapshot"));
    EXPECT_FALSE(item.contains("comments"));
    EXPECT_EQ(item["commentCount"], 1);
    EXPECT_EQ(item["lastActivityAt"], "2026-11-18T11:11:40Z");
    std::vector<Ticket> read;
    std::vector<FieldError> errors;
    ASSERT_TRUE(TicketListFromJson(list, read, errors));
    ASSERT_EQ(read.size(), 1u);
    EXPECT_FALSE(read[0].snapshot.has_value());
    EXPECT_EQ(read[0].comment_count, 1);
    EXPECT_EQ(read[0].room_name, "Opéra");
}

// As the contract writes it: a ticket without a room, nulls where nothing is set.
TEST(SupportJson, NullsAreEmpty) {
    Json json = Json::parse(R"({"id": 13, "number": 1013, "accountId": 3, "accountName": "N",
        "roomId": null, "roomName": null, "subject": "Billing", "description": "",
        "meetingLink": null, "severity": "low", "status": "new", "serviceLevel": "standard",
        "requester": {"id": 5, "name": "Anne", "email": "a@example.com"}, "followers": [],
        "assignee": null, "createdAt": "2026-11-18T11:06:40Z", "updatedAt": "2026-11-18T11:06:40Z",
        "firstResponseDueAt": "2026-11-19T11:06:40Z", "firstRespondedAt": null,
        "resolutionDueAt": "2026-11-25T11:06:40Z", "resolvedAt": null, "closedAt": null,
        "paused": false, "breached": true, "snapshot": null, "comments": [], "attachments": [],
        "events": []})");
    Ticket ticket;
    std::vector<FieldError> errors;
    ASSERT_TRUE(TicketFromJson(json, ticket, errors)) << errors[0].field;
    EXPECT_EQ(ticket.room_id, 0);
    EXPECT_FALSE(ticket.assignee.has_value());
    EXPECT_FALSE(ticket.snapshot.has_value());
    EXPECT_TRUE(ticket.breached);
    EXPECT_EQ(ticket.severity, Severity::Low);
}

TEST(SupportJson, AWrongTicketNamesItsFields) {
    Json json = TicketToJson(SampleTicket());
    json["severity"] = "urgent";
    json["status"] = "open";
    json.erase("subject");
    json["comments"][0]["createdAt"] = "yesterday";
    Ticket ticket;
    std::vector<FieldError> errors;
    EXPECT_FALSE(TicketFromJson(json, ticket, errors));
    EXPECT_TRUE(Holds(errors, "severity"));
    EXPECT_TRUE(Holds(errors, "status"));
    EXPECT_TRUE(Holds(errors, "subject"));
    EXPECT_TRUE(Holds(errors, "comments[0].createdAt"));
}

// [SECTION] Requests

TEST(SupportJson, NewTicketBodies) {
    NewTicket ticket;
    ticket.subject = "Opéra is offline";
    ticket.description = "Since 09:12";
    ticket.severity = Severity::Critical;
    ticket.room_id = 7;
    EXPECT_EQ(NewTicketToJson(ticket), Json::parse(R"({"subject":"Opéra is offline",
        "description":"Since 09:12","severity":"critical","roomId":7})"));
    // The room's route names the room in its path.
    EXPECT_EQ(NewTicketToJson(ticket, /*for_room=*/true),
              Json::parse(R"({"subject":"Opéra is offline","description":"Since 09:12",
                  "severity":"critical"})"));
    NewTicket proposed;
    EXPECT_EQ(NewTicketToJson(proposed, true), Json::object()) << "everything proposed";

    NewTicket read;
    std::vector<FieldError> errors;
    ASSERT_TRUE(NewTicketFromJson(NewTicketToJson(ticket), false, read, errors));
    EXPECT_EQ(read.room_id, 7);
    EXPECT_EQ(read.severity, Severity::Critical);
    ASSERT_TRUE(NewTicketFromJson(Json::object(), true, read, errors)) << "all optional";
    EXPECT_FALSE(read.severity.has_value());
}

TEST(SupportJson, NewTicketLimitsNameTheirFields) {
    std::vector<FieldError> errors;
    NewTicket read;
    EXPECT_FALSE(NewTicketFromJson(Json::object(), false, read, errors));
    EXPECT_TRUE(Holds(errors, "subject"));
    EXPECT_TRUE(Holds(errors, "severity"));

    errors.clear();
    Json json = {{"subject", std::string(201, 'x')},
                 {"description", std::string(20001, 'y')},
                 {"severity", "urgent"},
                 {"meetingLink", "meet.example/abc"}};
    EXPECT_FALSE(NewTicketFromJson(json, false, read, errors));
    for (const char* field : {"subject", "description", "severity", "meetingLink"}) {
        EXPECT_TRUE(Holds(errors, field)) << field;
    }
    errors.clear();
    // 200 characters of two bytes each: within the limit (characters, not bytes).
    std::string subject;
    for (int i = 0; i < 200; ++i) subject += "é";
    EXPECT_TRUE(
        NewTicketFromJson({{"subject", subject}, {"severity", "low"}}, false, read, errors));
}

TEST(SupportJson, CommentsAndPatches) {
    EXPECT_EQ(CommentRequestToJson({"Thanks", true}),
              Json::parse(R"({"body":"Thanks","internal":true})"));
    CommentRequest comment;
    std::vector<FieldError> errors;
    EXPECT_FALSE(CommentRequestFromJson({{"body", ""}}, comment, errors));
    EXPECT_TRUE(Holds(errors, "body"));

    TicketPatch patch;
    patch.status = TicketStatus::Resolved;
    EXPECT_EQ(TicketPatchToJson(patch), Json::parse(R"({"status":"resolved"})"));
    patch.status.reset();
    patch.has_assignee = true;
    EXPECT_EQ(TicketPatchToJson(patch), Json::parse(R"({"assigneeId":null})")) << "unassigns";
    TicketPatch read;
    errors.clear();
    ASSERT_TRUE(
        TicketPatchFromJson(Json::parse(R"({"severity":"high","assigneeId":9})"), read, errors));
    EXPECT_EQ(read.severity, Severity::High);
    EXPECT_EQ(read.assignee_id, 9);
    EXPECT_FALSE(TicketPatchFromJson(Json::object(), read, errors)) << "nothing to change";
}

TEST(SupportJson, ProposalAndAccountSearch) {
    TicketProposal proposal;
    std::vector<FieldError> errors;
    ASSERT_TRUE(TicketProposalFromJson(
        Json::parse(R"({"subject":"Opéra is offline: 2 of 3 devices offline since 09:12",)"
                    R"("severity":"high","serviceLevel":"select"})"),
        proposal, errors));
    EXPECT_EQ(proposal.severity, Severity::High);
    EXPECT_EQ(proposal.service_level, "select");
    EXPECT_EQ(TicketProposalToJson(proposal)["severity"], "high");

    std::vector<SupportAccount> accounts;
    ASSERT_TRUE(SupportAccountsFromJson(
        Json::parse(R"({"accounts":[{"id":3,"name":"Northwind Paris","kind":"site",)"
                    R"("country":"FR","city":"Paris","parentEntityId":1,)"
                    R"("parentEntityName":"Northwind"}]})"),
        accounts, errors));
    ASSERT_EQ(accounts.size(), 1u);
    EXPECT_EQ(accounts[0].parent_entity_name, "Northwind");
    EXPECT_EQ(SupportAccountsToJson(accounts)["accounts"][0]["city"], "Paris");
    EXPECT_FALSE(SupportAccountsFromJson(Json::object(), accounts, errors));
}

}  // namespace
}  // namespace portal::api

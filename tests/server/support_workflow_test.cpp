// A ticket's life (issue 14): new → in_progress → waiting_on_customer → resolved → closed, the
// moves each side may make with PATCH and the refusals naming the move, a customer's reply
// reopening a resolved ticket, the vendor's first reply, assignment to an operator, followers,
// the auto close 7 days after resolving (the worker, under its lease), the support queue's
// order and filters, what opening a ticket checks, idempotent retries and the audit log.
#include <gtest/gtest.h>

#include "support_fixture.h"

namespace portal::server {
namespace {

using Json = api::Json;
using testing::ApiAnswer;
using testing::Contains;
using testing::Str;
using testing::SupportTest;
using testing::WaitUntil;
using testing::Who;

class SupportWorkflowTest : public SupportTest {
  protected:
    Id NewTicket(Json body = Json::object(), Who who = Who::Anne) {
        Json ticket = OpenTicket(std::move(body), who);
        return ticket.is_null() ? 0 : ticket["id"].get<Id>();
    }
    std::string Status(Id ticket) { return Ticket(ticket, Who::Olivia)["status"]; }
    std::vector<Id> Ids(const ApiAnswer& list) {
        std::vector<Id> ids;
        for (const Json& ticket : list.json["tickets"]) ids.push_back(ticket["id"].get<Id>());
        return ids;
    }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Status

TEST_F(SupportWorkflowTest, TheVendorsFirstReplyTakesANewTicketInHand) {
    Id ticket = NewTicket();
    Json opened = Ticket(ticket);
    EXPECT_EQ(opened["status"], "new");
    EXPECT_EQ(opened["number"].get<Id>(), 1000 + ticket);
    EXPECT_EQ(opened["firstRespondedAt"], nullptr);
    // A customer's own comment changes nothing of it.
    ASSERT_EQ(Comment(ticket, "More details: it started at 9", false, Who::Anne).status, 201);
    EXPECT_EQ(Status(ticket), "new");
    // An internal note is not a reply.
    ASSERT_EQ(Comment(ticket, "checking the logs", true).status, 201);
    EXPECT_EQ(Ticket(ticket)["firstRespondedAt"], nullptr);

    clock_.Advance(600);
    ApiAnswer reply = Comment(ticket, "We are on it");
    ASSERT_EQ(reply.status, 201) << reply.body;
    EXPECT_EQ(reply.json["comment"]["author"]["support"], true);
    Json taken = Ticket(ticket);
    EXPECT_EQ(taken["status"], "in_progress");
    EXPECT_EQ(taken["firstRespondedAt"], reply.json["comment"]["createdAt"]);
    // Later replies keep the first one's time.
    clock_.Advance(60);
    ASSERT_EQ(Comment(ticket, "Still on it").status, 201);
    EXPECT_EQ(Ticket(ticket)["firstRespondedAt"], reply.json["comment"]["createdAt"]);
}

TEST_F(SupportWorkflowTest, StatusMovesAndRefusalsNamingTheMove) {
    Id ticket = NewTicket();
    // The vendor's support: any move but back to new.
    EXPECT_EQ(Patch(ticket, {{"status", "in_progress"}}).status, 200);
    ApiAnswer back = Patch(ticket, {{"status", "new"}});
    EXPECT_EQ(back.status, 409) << back.body;
    EXPECT_EQ(back.ErrorCode(), "rule_violation");
    EXPECT_TRUE(Contains(back.body, "from in_progress to new")) << back.body;
    EXPECT_EQ(Fields(back), std::vector<std::string>{"status"});
    EXPECT_EQ(Patch(ticket, {{"status", "waiting_on_customer"}}).status, 200);

    // The customer: not to waiting_on_customer nor in_progress from there.
    ApiAnswer customer = Patch(ticket, {{"status", "in_progress"}}, Who::Anne);
    EXPECT_EQ(customer.status, 409) << customer.body;
    EXPECT_EQ(customer.ErrorCode(), "rule_violation");
    // A read-only member changes nothing; only operators assign.
    EXPECT_EQ(Patch(ticket, {{"status", "resolved"}}, Who::Louis).status, 403);
    EXPECT_EQ(Patch(ticket, {{"assigneeId", UserId(Who::Olivia)}}, Who::Anne).status, 403);
    // Nonsense is named.
    ApiAnswer bad = Patch(ticket, {{"status", "done"}, {"severity", "urgent"}}, Who::Anne);
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Fields(bad), (std::vector<std::string>{"status", "severity"}));
    EXPECT_EQ(Patch(ticket, Json::object(), Who::Anne).status, 400);

    // The customer may resolve; the same status again is no move and no error.
    ApiAnswer resolved = Patch(ticket, {{"status", "resolved"}}, Who::Sam);
    ASSERT_EQ(resolved.status, 200) << resolved.body;
    EXPECT_EQ(resolved.json["status"], "resolved");
    EXPECT_TRUE(resolved.json["resolvedAt"].is_string());
    EXPECT_EQ(Patch(ticket, {{"status", "resolved"}}, Who::Anne).status, 200);

    // Closed by the customer: nothing moves it again, nor changes it.
    ApiAnswer closed = Patch(ticket, {{"status", "closed"}}, Who::Anne);
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_TRUE(closed.json["closedAt"].is_string());
    EXPECT_EQ(Patch(ticket, {{"status", "in_progress"}}).status, 409);
    EXPECT_EQ(Patch(ticket, {{"severity", "low"}}).ErrorCode(), "ticket_closed");
    EXPECT_EQ(Comment(ticket, "Hello?", false, Who::Anne).ErrorCode(), "ticket_closed");
    EXPECT_EQ(Upload(ticket, "a.txt", "text").ErrorCode(), "ticket_closed");

    // The history says who moved it where.
    Json events = Ticket(ticket)["events"];
    std::vector<std::string> moves;
    for (const Json& event : events) {
        if (event["kind"] == "status") {
            moves.push_back(event["from"].get<std::string>() + ">" +
                            event["to"].get<std::string>());
        }
    }
    EXPECT_EQ(moves, (std::vector<std::string>{"new>in_progress", "in_progress>waiting_on_customer",
                                               "waiting_on_customer>resolved", "resolved>closed"}));
}

TEST_F(SupportWorkflowTest, ACustomersReplyReopensAResolvedTicket) {
    Id ticket = NewTicket();
    ASSERT_EQ(Patch(ticket, {{"status", "resolved"}}).status, 200);
    ASSERT_EQ(Comment(ticket, "It happened again this morning", false, Who::Anne).status, 201);
    Json reopened = Ticket(ticket);
    EXPECT_EQ(reopened["status"], "in_progress");
    EXPECT_EQ(reopened["resolvedAt"], nullptr);
    // The customer may also reopen it with PATCH.
    ASSERT_EQ(Patch(ticket, {{"status", "resolved"}}).status, 200);
    EXPECT_EQ(Patch(ticket, {{"status", "in_progress"}}, Who::Anne).status, 200);
}

TEST_F(SupportWorkflowTest, OperatorsAssignTicketsToOperators) {
    Id ticket = NewTicket();
    Id olivia = UserId(Who::Olivia);
    ApiAnswer assigned = Patch(ticket, {{"assigneeId", olivia}});
    ASSERT_EQ(assigned.status, 200) << assigned.body;
    EXPECT_EQ(assigned.json["assignee"], (Json{{"id", olivia}, {"name", "Olivia Operator"}}));
    ApiAnswer customer = Patch(ticket, {{"assigneeId", UserId(Who::Anne)}});
    EXPECT_EQ(customer.status, 400);
    EXPECT_EQ(Fields(customer), std::vector<std::string>{"assigneeId"});

    Id other = NewTicket();
    ApiAnswer mine = As(Who::Olivia).Get("/api/v1/support/tickets?assignee=me");
    EXPECT_EQ(Ids(mine), std::vector<Id>{ticket});
    ApiAnswer nobody = As(Who::Olivia).Get("/api/v1/support/tickets?assignee=none");
    EXPECT_EQ(Ids(nobody), std::vector<Id>{other});
    EXPECT_EQ(Ids(As(Who::Olivia).Get("/api/v1/support/tickets?assignee=" + Str(olivia))),
              std::vector<Id>{ticket});

    ApiAnswer unassigned = Patch(ticket, {{"assigneeId", nullptr}});
    ASSERT_EQ(unassigned.status, 200);
    EXPECT_EQ(unassigned.json["assignee"], nullptr);
    // The customer sees who works on it, in the history too.
    Json events = Ticket(ticket, Who::Louis)["events"];
    ASSERT_GE(events.size(), 3u);
    EXPECT_EQ(events[1]["kind"], "assigned");
    EXPECT_EQ(events[1]["to"], "Olivia Operator");
    EXPECT_EQ(events[1]["by"]["support"], true);
    EXPECT_EQ(events[2]["from"], "Olivia Operator");
    EXPECT_EQ(events[2]["to"], nullptr);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Followers

TEST_F(SupportWorkflowTest, MembersFollowTicketsAndAdminsAddTheirTeam) {
    Id ticket = NewTicket();
    auto followers = [&](const ApiAnswer& answer) {
        std::vector<Id> ids;
        for (const Json& follower : answer.json["followers"]) ids.push_back(follower["id"]);
        return ids;
    };
    Id anne = UserId(Who::Anne), louis = UserId(Who::Louis), sam = UserId(Who::Sam);
    EXPECT_EQ(Ticket(ticket)["followers"][0]["id"], anne);  // the requester follows

    // A read-only member follows themself; twice is once.
    ApiAnswer follow = As(Who::Louis).Post(TicketPath(ticket, "/followers"), Json::object());
    EXPECT_EQ(follow.status, 201) << follow.body;
    EXPECT_EQ(followers(follow), (std::vector<Id>{anne, louis}));
    EXPECT_EQ(As(Who::Louis).Post(TicketPath(ticket, "/followers"), Json::object()).status, 200);
    // ...but adds nobody else.
    EXPECT_EQ(As(Who::Louis).Post(TicketPath(ticket, "/followers"), {{"userId", sam}}).status, 403);
    // An admin adds any member of the account, delegated partners included.
    ApiAnswer added = As(Who::Anne).Post(TicketPath(ticket, "/followers"), {{"userId", sam}});
    EXPECT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(followers(added), (std::vector<Id>{anne, louis, sam}));
    // Not someone of another account, named as the field.
    ApiAnswer stranger =
        As(Who::Anne).Post(TicketPath(ticket, "/followers"), {{"userId", UserId(Who::Dana)}});
    EXPECT_EQ(stranger.status, 400);
    EXPECT_EQ(Fields(stranger), std::vector<std::string>{"userId"});

    // Removing: oneself, or an admin anyone.
    EXPECT_EQ(As(Who::Louis).Delete(TicketPath(ticket, "/followers/" + Str(sam))).status, 403);
    EXPECT_EQ(As(Who::Louis).Delete(TicketPath(ticket, "/followers/" + Str(louis))).status, 200);
    ApiAnswer removed = As(Who::Olivia).Delete(TicketPath(ticket, "/followers/" + Str(sam)));
    EXPECT_EQ(removed.status, 200);
    EXPECT_EQ(followers(removed), std::vector<Id>{anne});
    EXPECT_EQ(As(Who::Anne).Delete(TicketPath(ticket, "/followers/" + Str(sam))).status, 404);

    std::vector<std::string> kinds;
    Json events = Ticket(ticket)["events"];
    for (const Json& event : events) kinds.push_back(event["kind"]);
    EXPECT_EQ(kinds, (std::vector<std::string>{"created", "follower_added", "follower_added",
                                               "follower_removed", "follower_removed"}));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The auto close

TEST_F(SupportWorkflowTest, AResolvedTicketClosesBySelfAfterSevenDays) {
    Id ticket = NewTicket();
    Id reopened = NewTicket();
    ASSERT_EQ(Patch(ticket, {{"status", "resolved"}}).status, 200);
    ASSERT_EQ(Patch(reopened, {{"status", "resolved"}}).status, 200);
    clock_.Advance(3 * 86400);
    ASSERT_EQ(Comment(reopened, "Not fixed", false, Who::Anne).status, 201);

    clock_.Advance(4 * 86400 - 60);  // one minute short of 7 days
    EXPECT_FALSE(
        WaitUntil([&] { return Status(ticket) == "closed"; }, std::chrono::milliseconds(300)));
    clock_.Advance(120);
    ASSERT_TRUE(WaitUntil([&] { return Status(ticket) == "closed"; })) << Ticket(ticket);
    Json closed = Ticket(ticket, Who::Louis);
    EXPECT_TRUE(closed["closedAt"].is_string());
    const Json& last = closed["events"].back();
    EXPECT_EQ(last["kind"], "status");
    EXPECT_EQ(last["from"], "resolved");
    EXPECT_EQ(last["to"], "closed");
    EXPECT_EQ(last["by"], nullptr);  // the system
    // A customer's reply after resolving started it over: still open.
    EXPECT_EQ(Status(reopened), "in_progress");
    // In the account's audit log, by the system.
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE object = 'ticket:" + Str(ticket) +
                       "' AND action = 'ticket.status' AND user_id IS NULL"),
              1);
    // Exactly one server holds the work: the lease row is there.
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM leases WHERE name = 'support.autoclose'"), 1);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The support queue and lists

TEST_F(SupportWorkflowTest, TheQueueListsEveryAccountMostUrgentFirst) {
    Id low = NewTicket({{"subject", "Slow menus"}, {"severity", "low"}});
    Id critical = NewTicket({{"subject", "Nothing works"}, {"severity", "critical"}});
    Id contoso =
        OpenTicket({{"subject", "Spree camera"}, {"severity", "high"}, {"roomId", ContosoRoom()}},
                   Who::Dana, Contoso())["id"]
            .get<Id>();
    Id done = NewTicket({{"subject", "Old question"}, {"severity", "critical"}});
    ASSERT_EQ(Patch(done, {{"status", "resolved"}}).status, 200);

    // Select: critical 1 h, high 2 h, low 8 h to a first response.
    ApiAnswer queue = As(Who::Olivia).Get("/api/v1/support/tickets");
    ASSERT_EQ(queue.status, 200) << queue.body;
    EXPECT_EQ(Ids(queue), (std::vector<Id>{critical, contoso, low}));
    EXPECT_EQ(Ids(As(Who::Olivia).Get("/api/v1/support/tickets?status=all")),
              (std::vector<Id>{critical, contoso, low, done}));
    EXPECT_EQ(Ids(As(Who::Olivia).Get("/api/v1/support/tickets?status=resolved")),
              std::vector<Id>{done});
    EXPECT_EQ(Ids(As(Who::Olivia).Get("/api/v1/support/tickets?severity=high")),
              std::vector<Id>{contoso});
    // q: number, subject, account name, room name.
    EXPECT_EQ(Ids(As(Who::Olivia).Get("/api/v1/support/tickets?q=%23" + Str(1000 + low))),
              std::vector<Id>{low});
    EXPECT_EQ(Ids(As(Who::Olivia).Get("/api/v1/support/tickets?q=nothing")),
              std::vector<Id>{critical});
    EXPECT_EQ(Ids(As(Who::Olivia).Get("/api/v1/support/tickets?q=contoso")),
              std::vector<Id>{contoso});
    EXPECT_EQ(Ids(As(Who::Olivia).Get("/api/v1/support/tickets?q=spree")),
              std::vector<Id>{contoso});
    EXPECT_EQ(Ids(As(Who::Olivia).Get("/api/v1/support/tickets?q=100%25")).size(), 0u);
    // Once late, the low one (8 h) is breached after 9 hours, like the others: breached first,
    // then by due time.
    clock_.Advance(9 * 3600);
    EXPECT_EQ(Ids(As(Who::Olivia).Get("/api/v1/support/tickets")),
              (std::vector<Id>{critical, contoso, low}));
    ApiAnswer bad = As(Who::Olivia).Get("/api/v1/support/tickets?status=x&severity=y&breached=z");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Fields(bad), std::vector<std::string>{"status"});

    // The account's own list: newest first, open by default.
    ApiAnswer open = As(Who::Anne).Get(AccountPath(hq_, "tickets"));
    EXPECT_EQ(Ids(open), (std::vector<Id>{critical, low}));
    EXPECT_EQ(Ids(As(Who::Anne).Get(AccountPath(hq_, "tickets?status=closed"))),
              std::vector<Id>{done});
    EXPECT_EQ(Ids(As(Who::Anne).Get(AccountPath(hq_, "tickets?status=all"))),
              (std::vector<Id>{done, critical, low}));
    EXPECT_EQ(As(Who::Anne).Get(AccountPath(hq_, "tickets?status=resolved")).status, 400);
    const Json& item = open.json["tickets"][0];
    for (const char* field : {"number", "subject", "severity", "status", "serviceLevel",
                              "firstResponseDueAt", "resolutionDueAt", "breached", "followers",
                              "commentCount", "lastActivityAt", "accountName"}) {
        EXPECT_TRUE(item.contains(field)) << field;
    }
    for (const char* field : {"snapshot", "comments", "attachments", "events"}) {
        EXPECT_FALSE(item.contains(field)) << field;
    }
}

// The queue orders by due times, which exist only once computed: the most urgent ticket is
// answered even when it is the oldest of more tickets than the answer holds, and each row's
// followers and comment count are its own (read for all rows at once).
TEST_F(SupportWorkflowTest, TheQueueAnswersTheMostUrgentOfEveryTicketItsFiltersSelect) {
    Id critical = NewTicket({{"subject", "Oldest and most urgent"}, {"severity", "critical"}});
    Id low = NewTicket({{"subject", "Slow menus"}, {"severity", "low"}});
    Id normal = NewTicket({{"subject", "Blurry picture"}, {"severity", "normal"}});
    ASSERT_EQ(As(Who::Olivia)
                  .Post("/api/v1/tickets/" + Str(low) + "/comments",
                        {{"body", "Checked the firmware"}, {"internal", true}})
                  .status,
              201);
    ASSERT_EQ(
        As(Who::Louis).Post("/api/v1/tickets/" + Str(normal) + "/followers", Json::object()).status,
        201);

    ApiAnswer first = As(Who::Olivia).Get("/api/v1/support/tickets?limit=1");
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(Ids(first), std::vector<Id>{critical});
    EXPECT_EQ(first.json["total"], 3);
    ApiAnswer queue = As(Who::Olivia).Get("/api/v1/support/tickets");
    EXPECT_EQ(Ids(queue), (std::vector<Id>{critical, normal, low}));
    EXPECT_EQ(queue.json["tickets"][2]["commentCount"], 1);       // the vendor counts its notes
    EXPECT_EQ(queue.json["tickets"][1]["followers"].size(), 2u);  // Anne (requester), Louis
    EXPECT_EQ(queue.json["tickets"][0]["followers"].size(), 1u);
    ApiAnswer anne = As(Who::Anne).Get(AccountPath(hq_, "tickets"));
    EXPECT_EQ(Ids(anne), (std::vector<Id>{normal, low, critical}));
    EXPECT_EQ(anne.json["tickets"][1]["commentCount"], 0);  // R-SUP-1, without the note
    for (const char* limit : {"0", "1001", "x"}) {
        EXPECT_EQ(As(Who::Olivia).Get(std::string("/api/v1/support/tickets?limit=") + limit).status,
                  400)
            << limit;
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Opening a ticket

TEST_F(SupportWorkflowTest, OpeningATicketChecksEachField) {
    auto post = [&](const Json& body) {
        return As(Who::Anne).Post(AccountPath(hq_, "tickets"), body);
    };
    EXPECT_EQ(Fields(post(Json::object())), (std::vector<std::string>{"subject", "severity"}));
    EXPECT_EQ(Fields(post({{"subject", "  "}, {"severity", "normal"}})),
              std::vector<std::string>{"subject"});
    EXPECT_EQ(Fields(post({{"subject", "a\nb"}, {"severity", "normal"}})),
              std::vector<std::string>{"subject"});
    EXPECT_EQ(Fields(post({{"subject", std::string(200, 'x')},
                           {"severity", "normal"},
                           {"description", std::string(20001, 'x')}})),
              std::vector<std::string>{"description"});
    EXPECT_EQ(
        Fields(post(
            {{"subject", "x"}, {"severity", "normal"}, {"meetingLink", "javascript:alert(1)"}})),
        std::vector<std::string>{"meetingLink"});
    EXPECT_EQ(Fields(post({{"subject", "x"}, {"severity", "normal"}, {"roomId", "seven"}})),
              std::vector<std::string>{"roomId"});
    // 200 characters (not bytes) of subject are fine.
    std::string accents;
    for (int i = 0; i < 200; ++i) accents += "é";
    Json ticket = OpenTicket({{"subject", accents},
                              {"severity", "high"},
                              {"description", "Line 1\nLine 2"},
                              {"meetingLink", "https://teams.example/meet/42"}});
    ASSERT_FALSE(ticket.is_null());
    EXPECT_EQ(ticket["subject"], accents);
    EXPECT_EQ(ticket["meetingLink"], "https://teams.example/meet/42");
    EXPECT_EQ(ticket["requester"]["name"], "Anne Martin");
    EXPECT_EQ(ticket["accountName"], "Northwind Traders — Siège");
    // A delegated partner opens tickets for the account, as its requester.
    Json partner = OpenTicket(Json::object(), Who::Sam);
    EXPECT_EQ(partner["requester"]["email"], testing::kSam.email);
}

TEST_F(SupportWorkflowTest, ARetriedCreationWithTheSameKeyOpensOneTicket) {
    Json body = {{"subject", "Retry me"}, {"severity", "normal"}};
    httplib::Headers key = {{"Idempotency-Key", "ticket-retry-1"}};
    ApiAnswer first = As(Who::Anne).Post(AccountPath(hq_, "tickets"), body, key);
    ApiAnswer again = As(Who::Anne).Post(AccountPath(hq_, "tickets"), body, key);
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
    EXPECT_EQ(again.json["ticket"]["id"], first.json["ticket"]["id"]);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM tickets WHERE subject = 'Retry me'"), 1);

    Id ticket = first.json["ticket"]["id"].get<Id>();
    httplib::Headers comment_key = {{"Idempotency-Key", "comment-retry-1"}};
    Json comment = {{"body", "once"}, {"internal", false}};
    EXPECT_EQ(As(Who::Anne).Post(TicketPath(ticket, "/comments"), comment, comment_key).status,
              201);
    EXPECT_EQ(As(Who::Anne).Post(TicketPath(ticket, "/comments"), comment, comment_key).status,
              201);
    EXPECT_EQ(Ticket(ticket)["comments"].size(), 1u);
    // Another body under the same key is refused.
    EXPECT_EQ(As(Who::Anne)
                  .Post(TicketPath(ticket, "/comments"), {{"body", "twice"}}, comment_key)
                  .status,
              422);
}

TEST_F(SupportWorkflowTest, ChangesGoToTheAccountsAuditLog) {
    Id ticket = NewTicket({{"subject", "Audited"}, {"severity", "normal"}});
    ASSERT_EQ(Comment(ticket, "Public answer").status, 201);
    ASSERT_EQ(Patch(ticket, {{"severity", "high"}, {"assigneeId", UserId(Who::Olivia)}}).status,
              200);
    ASSERT_EQ(Patch(ticket, {{"status", "resolved"}}, Who::Anne).status, 200);
    ASSERT_EQ(Upload(ticket, "notes.txt", "some text").status, 201);
    std::string object = "'ticket:" + Str(ticket) + "'";
    for (const char* action : {"ticket.create", "ticket.comment", "ticket.severity",
                               "ticket.assign", "ticket.status", "ticket.attachment"}) {
        EXPECT_GE(QueryInt("SELECT COUNT(*) FROM audit_log WHERE account_id = " + Str(hq_) +
                           " AND object = " + object + " AND action = '" + action + "'"),
                  1)
            << action;
    }
    ApiAnswer audit = As(Who::Anne).Get(AccountPath(hq_, "audit"));
    EXPECT_TRUE(Contains(audit.body, "ticket:" + Str(ticket)));
}

}  // namespace
}  // namespace portal::server

// Who may call each support route (issue 14), on a ticket of Northwind HQ and on one of Contoso,
// as each kind of caller: every member of the account reads its tickets, read-only members and
// delegated partners included (R-SUP-1); admins and partners with an admin delegation act on
// them; the vendor's operators read and act on every ticket; anyone else gets the one 404 of a
// missing object. And the vendor's internal notes never reach a customer: not in an answer, a
// list, a count, an event, a time of last activity or the account's audit log.
#include <gtest/gtest.h>

#include <functional>

#include "support_fixture.h"

namespace portal::server {
namespace {

using Json = api::Json;
using testing::ApiAnswer;
using testing::Contains;
using testing::kEveryCaller;
using testing::PngBytes;
using testing::Str;
using testing::SupportTest;
using testing::Who;

// Who a route is for.
enum class Rule {
    Admin,            // an admin of the account (or a partner with an admin delegation)
    AdminOrOperator,  // that, or an operator
    Member,           // any member of the account (read-only, delegated partners), operators
    Operator,         // operators only
};

enum class Side { Own, Foreign };  // Northwind HQ's (Anne's) or Contoso's (Dana's)

// The status a caller must get, or 0 for "allowed" (a 2xx).
int Expected(Rule rule, Who who, Side side) {
    if (rule == Rule::Operator) return who == Who::Olivia ? 0 : 403;
    if (who == Who::Olivia) return rule == Rule::Admin ? 404 : 0;
    bool sees = side == Side::Own ? (who == Who::Anne || who == Who::Louis || who == Who::Sam)
                                  : who == Who::Dana;
    if (!sees) return 404;
    if (rule != Rule::Member && who == Who::Louis) return 403;
    return 0;
}

class SupportAccessTest : public SupportTest {
  protected:
    void SetUp() override {
        SupportTest::SetUp();
        if (HasFatalFailure()) return;
        contoso_ = Contoso();
        spree_ = ContosoRoom();
        ASSERT_NE(contoso_ * spree_, 0);
    }

    // A fresh ticket of a side, opened by its admin, with an attachment.
    Id FreshTicket(Side side) {
        Json ticket = side == Side::Own ? OpenTicket({{"roomId", etoile_}})
                                        : OpenTicket({{"roomId", spree_}}, Who::Dana, contoso_);
        return ticket.is_null() ? 0 : ticket["id"].get<Id>();
    }
    Id FreshAttachment(Side side) {
        Id ticket = FreshTicket(side);
        ApiAnswer answer = Upload(ticket, "shot.png", PngBytes(), "image/png",
                                  side == Side::Own ? Who::Anne : Who::Dana);
        EXPECT_EQ(answer.status, 201) << answer.body;
        return answer.status == 201 ? answer.json["attachment"]["id"].get<Id>() : 0;
    }
    Id AccountOf(Side side) const { return side == Side::Own ? hq_ : contoso_; }
    Id RoomOf(Side side) const { return side == Side::Own ? etoile_ : spree_; }

    Id contoso_ = 0;
    Id spree_ = 0;
};

struct Route {
    const char* name;
    Rule rule;
    // Makes the call as who on a side's object.
    std::function<ApiAnswer(Who, Side)> call;
};

// R-SUP-1: the matrix of every support route.
TEST_F(SupportAccessTest, EveryRouteAnswersEachCallerAsItsRuleSays) {
    std::vector<Route> routes = {
        {"POST /accounts/{id}/tickets", Rule::Admin,
         [&](Who who, Side side) {
             return As(who).Post(AccountPath(AccountOf(side), "tickets"),
                                 {{"subject", "Matrix"}, {"severity", "low"}});
         }},
        {"POST /rooms/{id}/tickets", Rule::Admin,
         [&](Who who, Side side) {
             return As(who).Post(RoomPath(RoomOf(side), "/tickets"), Json::object());
         }},
        {"GET /rooms/{id}/ticket-proposal", Rule::Member,
         [&](Who who, Side side) {
             return As(who).Get(RoomPath(RoomOf(side), "/ticket-proposal"));
         }},
        {"GET /accounts/{id}/tickets", Rule::Member,
         [&](Who who, Side side) {
             return As(who).Get(AccountPath(AccountOf(side), "tickets?status=all"));
         }},
        {"GET /tickets/{id}", Rule::Member,
         [&](Who who, Side side) { return As(who).Get(TicketPath(FreshTicket(side))); }},
        {"POST /tickets/{id}/comments", Rule::AdminOrOperator,
         [&](Who who, Side side) {
             return As(who).Post(TicketPath(FreshTicket(side), "/comments"),
                                 {{"body", "Any news?"}, {"internal", false}});
         }},
        {"POST /tickets/{id}/followers", Rule::Member,
         [&](Who who, Side side) {
             return As(who).Post(TicketPath(FreshTicket(side), "/followers"), Json::object());
         }},
        {"DELETE /tickets/{id}/followers/{userId}", Rule::Member,
         [&](Who who, Side side) {
             Id ticket = FreshTicket(side);
             // Following first where the caller may, so that there is something to remove.
             As(who).Post(TicketPath(ticket, "/followers"), Json::object());
             return As(who).Delete(TicketPath(ticket, "/followers/" + Str(UserId(who))));
         }},
        {"PATCH /tickets/{id}", Rule::AdminOrOperator,
         [&](Who who, Side side) {
             return As(who).Patch(TicketPath(FreshTicket(side)), {{"severity", "high"}});
         }},
        {"POST /tickets/{id}/attachments", Rule::AdminOrOperator,
         [&](Who who, Side side) {
             return Upload(FreshTicket(side), "log.txt", "boot ok\n", "text/plain", who);
         }},
        {"GET /attachments/{id}", Rule::Member,
         [&](Who who, Side side) {
             return As(who).Get("/api/v1/attachments/" + Str(FreshAttachment(side)));
         }},
        {"GET /support/tickets", Rule::Operator,
         [&](Who who, Side) { return As(who).Get("/api/v1/support/tickets?status=all"); }},
    };
    ApiAnswer missing = As(Who::Anne).Get(TicketPath(999999));
    ASSERT_EQ(missing.status, 404);
    for (const Route& route : routes) {
        for (Side side : {Side::Own, Side::Foreign}) {
            if (route.rule == Rule::Operator && side == Side::Foreign) continue;
            for (Who who : kEveryCaller) {
                ApiAnswer answer = route.call(who, side);
                int expected = Expected(route.rule, who, side);
                std::string what = std::string(route.name) + " as " + testing::NameOf(who) +
                                   (side == Side::Own ? " (own)" : " (foreign)") + ": " +
                                   std::to_string(answer.status) + " " + answer.body;
                if (expected == 0) {
                    EXPECT_TRUE(answer.status >= 200 && answer.status < 300) << what;
                } else {
                    EXPECT_EQ(answer.status, expected) << what;
                }
                // A foreign object answers exactly like a missing one.
                if (expected == 404) {
                    EXPECT_EQ(answer.body, missing.body) << what;
                }
            }
        }
    }
}

// Anonymous callers are asked to sign in, whatever the route.
TEST_F(SupportAccessTest, AnonymousCallersGet401) {
    Id ticket = FreshTicket(Side::Own);
    auto anonymous = Anonymous();
    EXPECT_EQ(anonymous.Get(TicketPath(ticket)).status, 401);
    EXPECT_EQ(anonymous.Get(AccountPath(hq_, "tickets")).status, 401);
    EXPECT_EQ(anonymous.Get("/api/v1/support/tickets").status, 401);
    EXPECT_EQ(anonymous.Post(TicketPath(ticket, "/comments"), {{"body", "x"}}).status, 401);
}

// The vendor's reads of a customer's ticket list are in the customer's audit log (issue 14);
// working a ticket through its own routes is the support desk's job, not a read of the account.
TEST_F(SupportAccessTest, AnOperatorReadingAnAccountsTicketListIsAudited) {
    FreshTicket(Side::Own);
    ASSERT_EQ(As(Who::Olivia).Get(AccountPath(hq_, "tickets")).status, 200);
    ApiAnswer audit = As(Who::Anne).Get(AccountPath(hq_, "audit"));
    ASSERT_EQ(audit.status, 200) << audit.body;
    EXPECT_TRUE(Contains(audit.body, "support.read")) << audit.body;
    EXPECT_TRUE(Contains(audit.body, "GET /api/v1/accounts/" + Str(hq_) + "/tickets"))
        << audit.body;
}

// Everyone who can see the account sees the ticket the same (R-SUP-1): Louis (read-only) and
// Sam (delegated partner) read what Anne opened, in the list and on the page.
TEST_F(SupportAccessTest, EveryMemberOfTheTeamTracksTheAccountsTickets) {
    Id ticket = FreshTicket(Side::Own);
    for (Who who : {Who::Anne, Who::Louis, Who::Sam, Who::Olivia}) {
        ApiAnswer list = As(who).Get(AccountPath(hq_, "tickets"));
        ASSERT_EQ(list.status, 200) << testing::NameOf(who) << list.body;
        ASSERT_EQ(list.json["tickets"].size(), 1u) << testing::NameOf(who);
        EXPECT_EQ(list.json["tickets"][0]["id"], ticket);
        EXPECT_EQ(Ticket(ticket, who)["requester"]["email"], testing::kAnne.email);
    }
    EXPECT_EQ(As(Who::Dana).Get(AccountPath(contoso_, "tickets")).json["tickets"].size(), 0u);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Internal notes

TEST_F(SupportAccessTest, InternalNotesNeverReachACustomer) {
    Id ticket = FreshTicket(Side::Own);
    ASSERT_EQ(Comment(ticket, "We are looking at it").status, 201);  // public
    clock_.Advance(600);
    const std::string secret = "NOTE-7f3a: the customer's firmware is from a grey import";
    ApiAnswer note = Comment(ticket, secret, true);
    ASSERT_EQ(note.status, 201) << note.body;
    EXPECT_EQ(note.json["comment"]["internal"], true);

    // A customer may not write one.
    ApiAnswer refused = Comment(ticket, "internal? no", true, Who::Anne);
    EXPECT_EQ(refused.status, 403) << refused.body;

    Json operators = Ticket(ticket, Who::Olivia);
    ASSERT_EQ(operators["comments"].size(), 2u);
    EXPECT_EQ(operators["comments"][1]["body"], secret);
    EXPECT_EQ(operators["comments"][1]["internal"], true);
    for (Who who : {Who::Anne, Who::Louis, Who::Sam}) {
        ApiAnswer page = As(who).Get(TicketPath(ticket));
        ASSERT_EQ(page.status, 200);
        EXPECT_FALSE(Contains(page.body, "NOTE-7f3a")) << testing::NameOf(who);
        EXPECT_EQ(page.json["comments"].size(), 1u) << testing::NameOf(who);
        // No event about it, and the time of last change is the public reply's.
        int comment_events = 0;
        for (const Json& event : page.json["events"]) comment_events += event["kind"] == "comment";
        EXPECT_EQ(comment_events, 1) << page.json["events"];
        EXPECT_EQ(page.json["updatedAt"], operators["comments"][0]["createdAt"]);

        ApiAnswer list = As(who).Get(AccountPath(hq_, "tickets"));
        ASSERT_EQ(list.status, 200);
        EXPECT_FALSE(Contains(list.body, "NOTE-7f3a"));
        EXPECT_EQ(list.json["tickets"][0]["commentCount"], 1) << testing::NameOf(who);
        EXPECT_EQ(list.json["tickets"][0]["lastActivityAt"], operators["comments"][0]["createdAt"]);
    }
    // The vendor's views count it.
    ApiAnswer queue = As(Who::Olivia).Get("/api/v1/support/tickets");
    ASSERT_EQ(queue.status, 200);
    EXPECT_EQ(queue.json["tickets"][0]["commentCount"], 2);
    EXPECT_EQ(queue.json["tickets"][0]["lastActivityAt"], operators["comments"][1]["createdAt"]);
    // Not in the account's audit log, which its admins read; the public reply is.
    ApiAnswer audit = As(Who::Anne).Get(AccountPath(hq_, "audit"));
    ASSERT_EQ(audit.status, 200);
    EXPECT_FALSE(Contains(audit.body, "NOTE-7f3a")) << audit.body;
    EXPECT_TRUE(Contains(audit.body, "We are looking at it"));
    // Nor in any mail of the outbox.
    ApiAnswer outbox = As(Who::Olivia).Get("/api/v1/outbox");
    ASSERT_EQ(outbox.status, 200);
    EXPECT_FALSE(Contains(outbox.body, "NOTE-7f3a"));
}

}  // namespace
}  // namespace portal::server

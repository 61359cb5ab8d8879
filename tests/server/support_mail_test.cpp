// Support ticket mails over real SMTP (smtp_sink.py, Debian's python3-aiosmtpd), as recipients
// get them (issue 14): a new ticket's receipt to its requester, the critical ticket to every
// operator, a public reply and a status change to the requester and followers but who did it,
// each in the recipient's language (Anne and Louis: French; Sam and Olivia: English) with the
// link <PORTAL_PUBLIC_URL>/#/support/<id>?account=<id>; and never an internal note.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "support_fixture.h"

namespace portal::server {
namespace {

using Json = api::Json;
using testing::ApiAnswer;
using testing::Contains;
using testing::SmtpSink;
using testing::SmtpUrl;
using testing::Str;
using testing::SupportTest;
using testing::WaitUntil;
using testing::Who;

std::string Body(const Json& mail) {
    std::string body = mail["body"];
    body.erase(std::remove(body.begin(), body.end(), '\r'), body.end());
    return body;
}

std::string Subject(const Json& mail) {
    return mail["headers"].value("subject", "");
}

class SupportMailTest : public SupportTest {
  protected:
    void Configure(Config& config) override {
        SupportTest::Configure(config);
        ASSERT_NO_FATAL_FAILURE(sink_.Start(dir_.path() / "sink"));
        config.smtp_url = SmtpUrl(sink_.port());
    }

    // The ticket mails received so far ("[#1001] ..."), nothing else the demo may send.
    std::vector<Json> TicketMails() const {
        std::vector<Json> mails;
        for (const Json& mail : sink_.Messages()) {
            if (Subject(mail).rfind("[#", 0) == 0) mails.push_back(mail);
        }
        return mails;
    }
    // Waits until `count` ticket mails came in all, and a little longer to see that no more
    // come; the mails after the first `skip`.
    std::vector<Json> NewMails(size_t skip, size_t count) {
        std::vector<Json> mails;
        EXPECT_TRUE(WaitUntil([&] { return TicketMails().size() >= skip + count; }))
            << "received " << TicketMails().size() - skip << " of " << count;
        WaitUntil([&] { return TicketMails().size() > skip + count; },
                  std::chrono::milliseconds(300));
        mails = TicketMails();
        EXPECT_EQ(mails.size(), skip + count) << "more mails than expected";
        return std::vector<Json>(
            mails.begin() + static_cast<std::ptrdiff_t>(std::min(skip, mails.size())), mails.end());
    }
    static std::set<std::string> Recipients(const std::vector<Json>& mails) {
        std::set<std::string> recipients;
        for (const Json& mail : mails) {
            for (const Json& to : mail["rcpt_tos"]) recipients.insert(to);
        }
        return recipients;
    }
    static const Json* MailTo(const std::vector<Json>& mails, const std::string& recipient) {
        for (const Json& mail : mails) {
            if (mail["rcpt_tos"] == Json::array({recipient})) return &mail;
        }
        return nullptr;
    }
    std::string Link(Id ticket) const {
        return "https://portal.example/#/support/" + Str(ticket) + "?account=" + Str(hq_);
    }

    SmtpSink sink_;
};

TEST_F(SupportMailTest, ANewTicketSendsAReceiptAndACriticalOneAlertsTheOperators) {
    Json ticket = OpenTicket({{"subject", "Écran noir en salle"},
                              {"severity", "critical"},
                              {"roomId", opera_},
                              {"description", "Plus rien ne s'affiche depuis 9 h."}});
    ASSERT_FALSE(ticket.is_null());
    Id id = ticket["id"].get<Id>();
    std::string number = std::string("#") + Str(ticket["number"].get<Id>());
    std::vector<Json> mails = NewMails(0, 2);
    EXPECT_EQ(Recipients(mails),
              (std::set<std::string>{testing::kAnne.email, testing::kOlivia.email}));

    // Anne's receipt, in French.
    const Json* receipt = MailTo(mails, testing::kAnne.email);
    ASSERT_TRUE(receipt);
    EXPECT_EQ(Subject(*receipt), "[" + number + "] Ticket ouvert : Écran noir en salle");
    std::string body = Body(*receipt);
    EXPECT_TRUE(Contains(body, "Bonjour Anne Martin")) << body;
    EXPECT_TRUE(Contains(body, "Votre ticket est ouvert")) << body;
    EXPECT_TRUE(Contains(body, "Gravité : Critique")) << body;
    EXPECT_TRUE(Contains(body, "Salle : Opéra")) << body;
    EXPECT_TRUE(Contains(body, "Niveau de service : Assistance Select")) << body;
    EXPECT_TRUE(Contains(body, "Plus rien ne s'affiche depuis 9 h.")) << body;
    EXPECT_TRUE(Contains(body, Link(id))) << body;
    EXPECT_EQ((*receipt)["defects"], Json::array()) << (*receipt)["raw"];
    EXPECT_EQ((*receipt)["headers"].value("content-language", ""), "fr");

    // The vendor's support hears of a critical ticket, in English.
    const Json* alarm = MailTo(mails, testing::kOlivia.email);
    ASSERT_TRUE(alarm);
    EXPECT_EQ(Subject(*alarm), "[" + number +
                                   "] Critical ticket from Northwind Traders — Siège: Écran noir "
                                   "en salle");
    EXPECT_TRUE(Contains(Body(*alarm), "Anne Martin opened a critical ticket")) << Body(*alarm);
    EXPECT_TRUE(Contains(Body(*alarm), Link(id)));

    // A ticket that is not critical does not page the support.
    OpenTicket({{"subject", "Question"}, {"severity", "low"}});
    std::vector<Json> quiet = NewMails(2, 1);
    EXPECT_EQ(Recipients(quiet), std::set<std::string>{testing::kAnne.email});
}

TEST_F(SupportMailTest, RepliesAndStatusChangesGoToTheFollowersButNeverAnInternalNote) {
    Json ticket = OpenTicket({{"subject", "Camera freezes"}, {"severity", "normal"}});
    Id id = ticket["id"].get<Id>();
    ASSERT_EQ(As(Who::Louis).Post(TicketPath(id, "/followers"), Json::object()).status, 201);
    ASSERT_EQ(As(Who::Sam).Post(TicketPath(id, "/followers"), Json::object()).status, 201);
    NewMails(0, 1);  // the receipt

    // The vendor's public reply: to Anne, Louis (French) and Sam (English), not to Olivia.
    ASSERT_EQ(Comment(id, "Please send us the camera's logs.").status, 201);
    std::vector<Json> replies = NewMails(1, 3);
    EXPECT_EQ(
        Recipients(replies),
        (std::set<std::string>{testing::kAnne.email, testing::kLouis.email, testing::kSam.email}));
    const Json* louis = MailTo(replies, testing::kLouis.email);
    ASSERT_TRUE(louis);
    std::string number = std::string("#") + Str(ticket["number"].get<Id>());
    EXPECT_EQ(Subject(*louis), "[" + number + "] Nouvelle réponse : Camera freezes");
    EXPECT_TRUE(Contains(Body(*louis), "Olivia Operator (support du fournisseur) a répondu"))
        << Body(*louis);
    EXPECT_TRUE(Contains(Body(*louis), "Please send us the camera's logs."));
    EXPECT_TRUE(Contains(Body(*louis), "Statut : En cours")) << Body(*louis);
    EXPECT_TRUE(Contains(Body(*louis), Link(id)));
    const Json* sam = MailTo(replies, testing::kSam.email);
    ASSERT_TRUE(sam);
    EXPECT_EQ(Subject(*sam), "[" + number + "] New reply: Camera freezes");
    EXPECT_TRUE(Contains(Body(*sam), "Hello Sam Patel")) << Body(*sam);

    // An internal note: no mail at all, anywhere.
    ASSERT_EQ(Comment(id, "NOTE-91c: known firmware bug, fix next week", true).status, 201);
    EXPECT_FALSE(
        WaitUntil([&] { return TicketMails().size() > 4; }, std::chrono::milliseconds(500)));
    for (const Json& mail : sink_.Messages()) {
        EXPECT_FALSE(Contains(mail["raw"].get<std::string>(), "NOTE-91c"));
    }

    // A status change: to everyone but who made it.
    ASSERT_EQ(Patch(id, {{"status", "resolved"}}, Who::Sam).status, 200);
    std::vector<Json> resolved = NewMails(4, 2);
    EXPECT_EQ(Recipients(resolved),
              (std::set<std::string>{testing::kAnne.email, testing::kLouis.email}));
    const Json* anne = MailTo(resolved, testing::kAnne.email);
    ASSERT_TRUE(anne);
    EXPECT_EQ(Subject(*anne), "[" + number + "] Résolu : Camera freezes");
    EXPECT_TRUE(Contains(Body(*anne), "Sam Patel a changé le statut du ticket : En cours → Résolu"))
        << Body(*anne);

    // The customer's reply reopens it: the reply's mail goes to the others, Olivia included only
    // once she follows.
    ASSERT_EQ(As(Who::Olivia).Post(TicketPath(id, "/followers"), Json::object()).status, 201);
    ASSERT_EQ(Comment(id, "Still freezing after the update", false, Who::Anne).status, 201);
    std::vector<Json> reopened = NewMails(6, 3);
    EXPECT_EQ(Recipients(reopened),
              (std::set<std::string>{testing::kLouis.email, testing::kSam.email,
                                     testing::kOlivia.email}));
    for (const Json& mail : TicketMails()) {
        EXPECT_FALSE(Contains(mail["raw"].get<std::string>(), "NOTE-91c"));
    }
}

TEST_F(SupportMailTest, TheAutoCloseTellsTheFollowers) {
    Json ticket = OpenTicket({{"subject", "Old issue"}, {"severity", "low"}});
    Id id = ticket["id"].get<Id>();
    NewMails(0, 1);
    ASSERT_EQ(Patch(id, {{"status", "resolved"}}).status, 200);
    NewMails(1, 1);  // resolved, to Anne
    clock_.Advance(7 * 86400 + 60);
    std::vector<Json> closed = NewMails(2, 1);
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_EQ(Subject(closed[0]), "[#" + Str(ticket["number"].get<Id>()) + "] Fermé : Old issue");
    EXPECT_TRUE(Contains(Body(closed[0]), "Le ticket a changé de statut : Résolu → Fermé"))
        << Body(closed[0]);
}

}  // namespace
}  // namespace portal::server

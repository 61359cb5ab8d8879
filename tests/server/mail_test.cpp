// The mail outbox and its delivery: what the order and invitation mails say (R-ORD-5, R-ACC-2),
// the RFC 5322 text that goes over SMTP, the outbox committing with the change it tells about,
// GET /api/v1/outbox for operators only, and delivery to a real SMTP server on loopback
// (smtp_sink.py, Debian's python3-aiosmtpd): sent, retried while the server is down, and sent
// after a restart. Nothing here skips: without python3-aiosmtpd the delivery tests fail.
#include "server/mail.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "api_fixture.h"
#include "model_fixture.h"
#include "server/store.h"
#include "server_fixture.h"
#include "smtp_sink.h"

namespace portal::server {
namespace {

using testing::ApiTest;
using testing::DemoPerson;
using testing::FreePort;
using testing::kAnne;
using testing::kOlivia;
using testing::LogCapture;
using testing::ServerTest;
using testing::ShippedCatalogue;
using testing::SmtpSink;
using testing::SmtpUrl;
using testing::TempDir;
using testing::TestClock;
using testing::WaitUntil;

// ---------------------------------------------------------------------------------------------
// [SECTION] Helpers

// Body text without the CRs of the wire, for comparisons.
std::string Unwired(std::string text) {
    text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
    return text;
}

// An order of Northwind's headquarters: the end customer in the US (English), the reseller in
// France (French), the distributor in Germany (English).
Order SampleOrder() {
    Order order;
    order.id = 7;
    order.po_number = "NWT-FR-0117";
    order.purchase_date = DateFromYmd(2026, 3, 2);
    order.lines = {{"SELECT-3Y", 2}};
    order.end_customer = {"Anne Martin",
                          "anne.martin@northwind.example",
                          "Northwind Traders",
                          {"1 Congress Ave", "Austin", "78701", "US", AccountKind::Headquarters}};
    order.reseller = {"Rémi Durand",
                      "remi.durand@revendeur.example",
                      "",
                      {"3 rue de la Paix", "Lyon", "69001", "FR", AccountKind::Headquarters}};
    order.distributor = {"Dora Schmidt",
                         "dora.schmidt@distribution.example",
                         "",
                         {"Hauptstraße 1", "Berlin", "10115", "DE", AccountKind::Headquarters}};
    order.account_id = 3;
    return order;
}

std::vector<Contract> SampleContracts(const Order& order) {
    Contract contract;
    contract.id = 11;
    contract.order_id = order.id;
    contract.account_id = order.account_id;
    contract.po_number = order.po_number;
    contract.sku = "SELECT-3Y";
    contract.program = "select";
    contract.quantity = 2;
    contract.term_years = 3;
    contract.purchase_date = order.purchase_date;
    return {contract};
}

InvitationFacts SampleInvitation() {
    InvitationFacts facts;
    facts.recipient = "anne.martin@northwind.example";
    facts.inviter = "Support Services";
    facts.organisation = "Northwind Traders — Siège";
    facts.role = Role::Admin;
    facts.token = "tok3n-Of_43-characters";
    facts.expires_at = 1772445600 + 30 * 86400;  // 2026-04-01T10:00:00Z
    facts.account_id = 3;
    return facts;
}

bool Contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] What the mails say

// R-ORD-5
TEST(MailText, OrderMailsGoToTheCustomerWithCopiesToResellerAndDistributor) {
    Config config;
    config.public_url = "https://portal.example";
    Order order = SampleOrder();
    std::vector<MailMessage> mails =
        OrderMails(config, ShippedCatalogue(), order, SampleContracts(order), "Northwind HQ");
    ASSERT_EQ(mails.size(), 3u);

    const MailMessage& confirmation = mails[0];
    EXPECT_EQ(confirmation.kind, "order_confirmation");
    EXPECT_EQ(confirmation.recipient, "anne.martin@northwind.example");
    EXPECT_EQ(confirmation.subject, "Service Contract Details");
    EXPECT_EQ(confirmation.sender, "Support Services <support@portal.invalid>");
    EXPECT_EQ(confirmation.language, Language::English);
    EXPECT_EQ(confirmation.account_id, 3);
    for (const char* part :
         {"Hello Anne Martin", "Northwind HQ", "Select", "SELECT-3Y", "2 licenses", "3 years",
          "NWT-FR-0117", "2 March 2026", "1 May 2026 at the latest", "https://portal.example"}) {
        EXPECT_TRUE(Contains(confirmation.body, part)) << part << " in\n" << confirmation.body;
    }

    const MailMessage& to_reseller = mails[1];
    EXPECT_EQ(to_reseller.kind, "order_copy");
    EXPECT_EQ(to_reseller.recipient, "remi.durand@revendeur.example");
    EXPECT_EQ(to_reseller.sender, "Support Services <support@portal.invalid>");
    EXPECT_TRUE(Contains(to_reseller.subject, "NWT-FR-0117")) << to_reseller.subject;
    EXPECT_TRUE(Contains(to_reseller.body, "NWT-FR-0117"));

    const MailMessage& to_distributor = mails[2];
    EXPECT_EQ(to_distributor.kind, "order_copy");
    EXPECT_EQ(to_distributor.recipient, "dora.schmidt@distribution.example");
    EXPECT_EQ(to_distributor.subject, "Service Contract Details — PO NWT-FR-0117");
    EXPECT_EQ(to_distributor.language, Language::English);
    for (const char* part : {"Hello Dora Schmidt", "NWT-FR-0117", "anne.martin@northwind.example",
                             "Northwind Traders", "SELECT-3Y", "2 licenses"}) {
        EXPECT_TRUE(Contains(to_distributor.body, part)) << part << " in\n" << to_distributor.body;
    }
    // The invitation is not an order mail: it goes to the end customer alone (InvitationMail).
    for (const MailMessage& mail : mails) EXPECT_NE(mail.kind, "invitation");
}

// R-ORD-5: each in the recipient's language, known from the country of their address.
TEST(MailText, OrderMailsSpeakFrenchToAFrenchRecipient) {
    Config config;
    Order order = SampleOrder();
    order.end_customer.address.country = "BE";
    std::vector<MailMessage> mails =
        OrderMails(config, ShippedCatalogue(), order, SampleContracts(order), "Northwind HQ");
    ASSERT_EQ(mails.size(), 3u);
    EXPECT_EQ(mails[0].language, Language::French);
    EXPECT_EQ(mails[0].subject, "Détails de votre contrat de service");
    EXPECT_TRUE(Contains(mails[0].body, "Bonjour Anne Martin")) << mails[0].body;
    const MailMessage& to_reseller = mails[1];  // in Lyon
    EXPECT_EQ(to_reseller.language, Language::French);
    EXPECT_EQ(to_reseller.subject, "Détails du contrat de service — bon de commande NWT-FR-0117");
    for (const char* part : {"Bonjour Rémi Durand", "2 licences", "3 ans", "2 mars 2026",
                             "1er mai 2026", "Bon de commande :", "NWT-FR-0117"}) {
        EXPECT_TRUE(Contains(to_reseller.body, part)) << part << " in\n" << to_reseller.body;
    }
    EXPECT_EQ(mails[2].language, Language::English);  // Berlin
    EXPECT_EQ(mails[2].sender, mails[1].sender);
}

// R-ORD-5: one copy per address, when the reseller is its own distributor.
TEST(MailText, OrderMailsSendOneCopyPerAddress) {
    Order order = SampleOrder();
    order.distributor.email = "REMI.DURAND@revendeur.example";
    std::vector<MailMessage> mails =
        OrderMails(Config(), ShippedCatalogue(), order, SampleContracts(order), "Northwind HQ");
    ASSERT_EQ(mails.size(), 2u);
    EXPECT_EQ(mails[1].recipient, "remi.durand@revendeur.example");
}

TEST(MailText, LanguageForCountry) {
    for (const char* country : {"FR", "BE", "LU", "MC", "fr"}) {
        EXPECT_EQ(LanguageForCountry(country), Language::French) << country;
    }
    for (const char* country : {"US", "DE", "GB", "CH", "CA", ""}) {
        EXPECT_EQ(LanguageForCountry(country), Language::English) << country;
    }
}

// R-ACC-2
TEST(MailText, InvitationLinksToTheTokenAndGoesToTheRecipientOnly) {
    Config config;
    config.public_url = "https://portal.example/";
    MailMessage mail = InvitationMail(config, SampleInvitation());
    EXPECT_EQ(mail.kind, "invitation");
    EXPECT_EQ(mail.recipient, "anne.martin@northwind.example");
    EXPECT_EQ(mail.subject, "Welcome");
    EXPECT_EQ(mail.sender, "Support Services <support@portal.invalid>");
    EXPECT_EQ(mail.account_id, 3);
    for (const char* part :
         {"https://portal.example/#/invite/tok3n-Of_43-characters", "Support Services invites you",
          "Northwind Traders — Siège", "as an administrator", "1 April 2026, 10:00 UTC"}) {
        EXPECT_TRUE(Contains(mail.body, part)) << part << " in\n" << mail.body;
    }

    InvitationFacts facts = SampleInvitation();
    facts.language = Language::French;
    facts.role = Role::ReadOnly;
    MailMessage french = InvitationMail(config, facts);
    EXPECT_EQ(french.subject, "Bienvenue");
    EXPECT_EQ(french.language, Language::French);
    for (const char* part : {"https://portal.example/#/invite/tok3n-Of_43-characters",
                             "en lecture seule", "1er avril 2026 à 10 h 00 UTC"}) {
        EXPECT_TRUE(Contains(french.body, part)) << part << " in\n" << french.body;
    }
}

TEST(MailText, ComposedMessageIsSevenBitRfc5322) {
    Config config;
    Order order = SampleOrder();
    MailMessage mail =
        OrderMails(config, ShippedCatalogue(), order, SampleContracts(order), "Northwind HQ")[1];
    mail.id = 42;
    mail.created_at = 1772445000;
    mail.body += std::string(120, 'x') + " \n.\n";  // a long line, a trailing space, a lone dot
    std::string text = ComposeMessage(mail, 1772445600);

    EXPECT_TRUE(Contains(text, "Date: Mon, 02 Mar 2026 10:00:00 +0000\r\n")) << text;
    EXPECT_TRUE(Contains(text, "From: Support Services <support@portal.invalid>\r\n"));
    EXPECT_TRUE(Contains(text, "To: remi.durand@revendeur.example\r\n"));
    EXPECT_TRUE(Contains(text, "Subject: =?UTF-8?B?")) << text;
    EXPECT_TRUE(Contains(text, "Message-ID: <outbox-42.1772445000@portal.invalid>\r\n"));
    EXPECT_TRUE(Contains(text, "MIME-Version: 1.0\r\n"));
    EXPECT_TRUE(Contains(text, "Content-Type: text/plain; charset=UTF-8\r\n"));
    EXPECT_TRUE(Contains(text, "Content-Transfer-Encoding: quoted-printable\r\n"));
    EXPECT_TRUE(Contains(text, "Content-Language: fr\r\n"));
    EXPECT_TRUE(Contains(text, "\r\n\r\nBonjour R=C3=A9mi Durand,\r\n")) << text;
    EXPECT_TRUE(Contains(text, "x =\r\n\r\n") || Contains(text, "x=20\r\n")) << text;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find("\r\n", start);
        ASSERT_NE(end, std::string::npos) << "the message must end with CRLF";
        std::string line = text.substr(start, end - start);
        EXPECT_LE(line.size(), 78u) << line;
        EXPECT_EQ(line.find('\n'), std::string::npos) << "bare LF in: " << line;
        EXPECT_TRUE(std::all_of(line.begin(), line.end(),
                                [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
            << "8-bit byte in: " << line;
        start = end + 2;
    }
}

TEST(MailText, HeaderValuesCannotAddHeaders) {
    MailMessage mail = InvitationMail(Config(), SampleInvitation());
    mail.subject = "Welcome\r\nBcc: everyone@example.com";
    std::string text = ComposeMessage(mail, 1772445600);
    EXPECT_FALSE(Contains(text, "\r\nBcc:")) << text;
}

TEST(MailText, RetriesBackOffToAnHour) {
    EXPECT_EQ(RetryDelaySeconds(1), 5);
    EXPECT_EQ(RetryDelaySeconds(2), 30);
    EXPECT_EQ(RetryDelaySeconds(3), 120);
    EXPECT_EQ(RetryDelaySeconds(4), 600);
    EXPECT_EQ(RetryDelaySeconds(5), 3600);
    EXPECT_EQ(RetryDelaySeconds(500), 3600);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The outbox

class OutboxTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string error;
        ASSERT_TRUE(database_.Create(dir_ / "portal.db", database_config_, error)) << error;
        store_ = Store::Open(database_.target(), error);
        ASSERT_TRUE(store_) << error;
    }

    // Queues mail in a transaction of its own; its id on success, 0 otherwise.
    Id Enqueue(MailMessage mail, int64_t now) {
        std::string error;
        bool ok = store_->Write(
            [&](Store::Writer& w, std::string& e) { return EnqueueMail(w, mail, now, e); }, error);
        EXPECT_TRUE(ok) << error;
        return ok ? mail.id : 0;
    }

    std::vector<MailMessage> List(bool pending_only, int limit = 100) {
        std::vector<MailMessage> mails;
        std::string error;
        EXPECT_TRUE(ListOutbox(*store_, pending_only, limit, mails, error)) << error;
        return mails;
    }

    TempDir dir_;
    Config database_config_;
    testing::TestDatabase database_;
    std::unique_ptr<Store> store_;
};

// R-ORD-5: the mails commit with the change they tell about, or not at all.
TEST_F(OutboxTest, MailsCommitTogetherWithTheirChange) {
    MailMessage mail = InvitationMail(Config(), SampleInvitation());
    mail.account_id = 0;
    std::string error;
    bool ok = store_->Write(
        [&](Store::Writer& w, std::string& e) {
            ParentEntity parent{0, "Rolled Back Ltd"};
            if (!w.InsertParentEntity(parent, e) || !EnqueueMail(w, mail, 1000, e)) return false;
            e = "the change failed after the mail was queued";
            return false;
        },
        error);
    EXPECT_FALSE(ok);
    EXPECT_TRUE(List(false).empty());
    bool empty = false;
    ASSERT_TRUE(store_->IsEmpty(empty, error)) << error;
    EXPECT_TRUE(empty);

    ok = store_->Write(
        [&](Store::Writer& w, std::string& e) {
            ParentEntity parent{0, "Committed Ltd"};
            return w.InsertParentEntity(parent, e) && EnqueueMail(w, mail, 1000, e);
        },
        error);
    ASSERT_TRUE(ok) << error;
    std::vector<MailMessage> mails = List(false);
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].id, mail.id);
    EXPECT_EQ(mails[0].kind, "invitation");
    EXPECT_EQ(mails[0].recipient, mail.recipient);
    EXPECT_EQ(mails[0].subject, "Welcome");
    EXPECT_EQ(mails[0].body, mail.body);
    EXPECT_EQ(mails[0].created_at, 1000);
    EXPECT_EQ(mails[0].next_attempt_at, 1000);
    EXPECT_EQ(mails[0].attempts, 0);
    EXPECT_EQ(mails[0].sent_at, 0);
}

TEST_F(OutboxTest, ListsNewestFirstAndPendingOnlyOnRequest) {
    Config config;
    Order order = SampleOrder();
    order.account_id = 0;  // no account in this database
    std::vector<Id> ids;
    for (MailMessage& mail :
         OrderMails(config, ShippedCatalogue(), order, SampleContracts(order), "Northwind")) {
        ids.push_back(Enqueue(mail, 1000));
    }
    ASSERT_EQ(ids.size(), 3u);
    auto raw = testing::OpenRaw(database_.target());
    ASSERT_TRUE(raw->Exec(
        ("UPDATE outbox SET sent_at = 1001 WHERE id = " + std::to_string(ids[1])).c_str()));

    std::vector<MailMessage> all = List(false);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].id, ids[2]);
    EXPECT_EQ(all[1].id, ids[1]);
    EXPECT_EQ(all[2].id, ids[0]);
    EXPECT_EQ(all[1].sent_at, 1001);
    EXPECT_EQ(all[1].language, Language::French);  // the reseller, in Lyon

    std::vector<MailMessage> pending = List(true);
    ASSERT_EQ(pending.size(), 2u);
    EXPECT_EQ(pending[0].id, ids[2]);
    EXPECT_EQ(pending[1].id, ids[0]);
    EXPECT_EQ(List(false, 1).size(), 1u);
}

TEST_F(OutboxTest, RefusesAnAddressThatCouldAddRecipients) {
    MailMessage mail = InvitationMail(Config(), SampleInvitation());
    mail.account_id = 0;
    for (const char* recipient :
         {"", "nobody", "a@b.example\r\nRCPT TO:<c@d.example>", "a@b.example>, <c@d.example"}) {
        mail.recipient = recipient;
        std::string error;
        EXPECT_FALSE(store_->Write(
            [&](Store::Writer& w, std::string& e) { return EnqueueMail(w, mail, 1000, e); }, error))
            << recipient;
    }
    EXPECT_TRUE(List(false).empty());
}

// GET /api/v1/outbox, on the real server with the demo data and no SMTP configured.
class OutboxApiTest : public ApiTest {
  protected:
    Id EnqueueBehindTheServer(MailMessage mail) {
        std::string error;
        std::unique_ptr<Store> store = Store::Open(DatabaseTarget(config_), error);
        EXPECT_TRUE(store) << error;
        if (!store) return 0;
        int64_t now =
            std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch())
                .count();
        bool ok = store->Write(
            [&](Store::Writer& w, std::string& e) { return EnqueueMail(w, mail, now, e); }, error);
        EXPECT_TRUE(ok) << error;
        return mail.id;
    }
};

TEST_F(OutboxApiTest, OperatorsOnly) {
    InvitationFacts facts = SampleInvitation();
    facts.account_id = NorthwindHq();
    Id id = EnqueueBehindTheServer(InvitationMail(server_->config(), facts));
    ASSERT_GT(id, 0);

    EXPECT_EQ(Anonymous().Get("/api/v1/outbox").status, 401);
    testing::ApiAnswer customer_admin = SignInAs(kAnne).Get("/api/v1/outbox");
    EXPECT_EQ(customer_admin.status, 403) << customer_admin.body;

    testing::ApiClient olivia = SignInAs(kOlivia);
    testing::ApiAnswer answer = olivia.Get("/api/v1/outbox");
    ASSERT_EQ(answer.status, 200) << answer.body;
    ASSERT_TRUE(answer.json.contains("mails")) << answer.body;
    const api::Json& mails = answer.json["mails"];
    ASSERT_GE(mails.size(), 1u) << answer.body;
    const api::Json& mail = mails[0];  // newest first
    EXPECT_EQ(mail["id"], id);
    EXPECT_EQ(mail["kind"], "invitation");
    EXPECT_EQ(mail["accountId"], NorthwindHq());
    EXPECT_EQ(mail["from"], "Support Services <support@portal.invalid>");
    EXPECT_EQ(mail["to"], "anne.martin@northwind.example");
    EXPECT_EQ(mail["subject"], "Welcome");
    EXPECT_EQ(mail["language"], "en");
    EXPECT_TRUE(Contains(mail["body"].get<std::string>(),
                         server_->config().public_url + "/#/invite/tok3n-Of_43-characters"));
    EXPECT_TRUE(mail["createdAt"].is_string());
    EXPECT_EQ(mail["createdAt"].get<std::string>().size(), 20u);  // 2026-03-02T10:00:00Z
    EXPECT_TRUE(mail["nextAttemptAt"].is_string());
    EXPECT_EQ(mail["attempts"], 0);
    // No SMTP URL: the mail stays in the outbox.
    EXPECT_TRUE(mail["sentAt"].is_null());
    EXPECT_TRUE(mail["lastError"].is_null());

    testing::ApiAnswer pending = olivia.Get("/api/v1/outbox?status=pending&limit=1");
    ASSERT_EQ(pending.status, 200) << pending.body;
    ASSERT_EQ(pending.json["mails"].size(), 1u);
    EXPECT_EQ(pending.json["mails"][0]["id"], id);
    testing::ApiAnswer bad = olivia.Get("/api/v1/outbox?status=lost&limit=0");
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(bad.ErrorCode(), "invalid_fields") << bad.body;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Delivery over SMTP

class MailDeliveryTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string error;
        ASSERT_TRUE(database_.Create(dir_ / "portal.db", config_, error)) << error;
        store_ = Store::Open(database_.target(), error);
        ASSERT_TRUE(store_) << error;
        logger_ = log_.MakeLogger();
        config_.public_url = "https://portal.example";
    }
    void TearDown() override {
        if (worker_) worker_->Stop();
    }

    int64_t Now() const {
        return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch())
            .count();
    }

    Id Enqueue(MailMessage mail) {
        std::string error;
        bool ok = store_->Write(
            [&](Store::Writer& w, std::string& e) { return EnqueueMail(w, mail, Now(), e); },
            error);
        EXPECT_TRUE(ok) << error;
        return mail.id;
    }

    std::vector<MailMessage> Outbox(bool pending_only) {
        std::vector<MailMessage> mails;
        std::string error;
        EXPECT_TRUE(ListOutbox(*store_, pending_only, 100, mails, error)) << error;
        return mails;
    }

    void StartWorker() {
        worker_ = std::make_unique<MailWorker>(config_, *store_, *logger_,
                                               [this] { return clock_.Now(); });
        worker_->Start();
    }

    TempDir dir_;
    TestClock clock_;
    Config config_;
    testing::TestDatabase database_;
    LogCapture log_;
    std::unique_ptr<Logger> logger_;
    std::unique_ptr<Store> store_;
    SmtpSink sink_;
    std::unique_ptr<MailWorker> worker_;  // last: stopped before what it uses goes
};

// R-ORD-5, R-ACC-2: what is queued reaches a real SMTP server, as the recipients will read it.
TEST_F(MailDeliveryTest, DeliversQueuedMailsOverSmtp) {
    ASSERT_NO_FATAL_FAILURE(sink_.Start(dir_.path() / "sink"));
    config_.smtp_url = SmtpUrl(sink_.port());
    Order order = SampleOrder();
    order.account_id = 0;
    std::vector<MailMessage> queued =
        OrderMails(config_, ShippedCatalogue(), order, SampleContracts(order), "Northwind HQ");
    InvitationFacts facts = SampleInvitation();
    facts.account_id = 0;
    queued.push_back(InvitationMail(config_, facts));
    // Lines that SMTP itself would read as the end of the data: curl dot-stuffs them.
    queued[0].body += ".\n..\n";
    for (MailMessage& mail : queued) mail.id = Enqueue(mail);

    StartWorker();
    std::vector<api::Json> received = sink_.WaitForMessages(queued.size());
    ASSERT_EQ(received.size(), queued.size());
    for (size_t i = 0; i < queued.size(); ++i) {
        const MailMessage& mail = queued[i];
        const api::Json& got = received[i];  // sent in outbox order
        SCOPED_TRACE(mail.recipient);
        EXPECT_EQ(got["mail_from"], "support@portal.invalid");
        EXPECT_EQ(got["rcpt_tos"], api::Json::array({mail.recipient}));
        EXPECT_EQ(got["headers"]["from"], "Support Services <support@portal.invalid>");
        EXPECT_EQ(got["headers"]["to"], mail.recipient);
        EXPECT_EQ(got["headers"]["subject"], mail.subject);  // RFC 2047 decoded
        EXPECT_EQ(got["headers"]["message-id"], "<outbox-" + std::to_string(mail.id) + "." +
                                                    std::to_string(Now()) + "@portal.invalid>");
        EXPECT_TRUE(got["headers"].contains("date"));
        EXPECT_EQ(got["headers"]["mime-version"], "1.0");
        EXPECT_EQ(got["charset"], "utf-8");
        EXPECT_EQ(Unwired(got["body"].get<std::string>()), mail.body);  // quoted-printable
        EXPECT_EQ(got["defects"], api::Json::array()) << got["raw"];
    }
    EXPECT_EQ(received[1]["headers"]["subject"],
              "Détails du contrat de service — bon de commande NWT-FR-0117");
    EXPECT_EQ(received[2]["headers"]["subject"], "Service Contract Details — PO NWT-FR-0117");
    EXPECT_TRUE(Contains(received[3]["body"].get<std::string>(),
                         "https://portal.example/#/invite/tok3n-Of_43-characters"));

    // Marked sent only after the server's "250": wait for the marks.
    ASSERT_TRUE(WaitUntil([&] { return Outbox(true).empty(); }));
    for (const MailMessage& mail : Outbox(false)) {
        EXPECT_EQ(mail.sent_at, Now()) << mail.id;
        EXPECT_EQ(mail.attempts, 1) << mail.id;
        EXPECT_EQ(mail.last_error, "") << mail.id;
        // R-ACC-2: once delivered, the invitation's link lives only in the recipient's mailbox.
        if (mail.kind == "invitation") {
            EXPECT_FALSE(Contains(mail.body, "tok3n-Of_43-characters")) << mail.body;
            EXPECT_TRUE(Contains(mail.body, "/#/invite/(sent)")) << mail.body;
        }
    }
}

// Issue 16: user text in headers (a room's name in a subject, a display name) arrives intact
// as RFC 2047 encoded words, and a line break in it never starts a header of its own.
TEST_F(MailDeliveryTest, UserTextInHeadersArrivesIntactAndAddsNoHeader) {
    ASSERT_NO_FATAL_FAILURE(sink_.Start(dir_.path() / "sink"));
    config_.smtp_url = SmtpUrl(sink_.port());
    MailMessage accented;
    accented.kind = "alert";
    accented.sender = "Équipe Portail <support@portal.invalid>";
    accented.recipient = "anne@northwind.example";
    accented.subject = "[Critique] Salle Étoile — 東京 « Opéra »: hors ligne";
    accented.body = "Salle Étoile\n";
    accented.language = Language::French;
    MailMessage injected = accented;
    injected.sender = "Eve\r\nBcc: x@y.com <support@portal.invalid>";
    injected.subject = "Room Eve\r\nBcc: x@y.com";
    Enqueue(accented);
    Enqueue(injected);

    StartWorker();
    std::vector<api::Json> received = sink_.WaitForMessages(2);
    ASSERT_EQ(received.size(), 2u);
    EXPECT_EQ(received[0]["headers"]["subject"], accented.subject);
    EXPECT_EQ(received[0]["headers"]["from"], "Équipe Portail <support@portal.invalid>");
    EXPECT_EQ(received[0]["defects"], api::Json::array()) << received[0]["raw"];
    for (const api::Json& mail : received) {
        EXPECT_EQ(mail["rcpt_tos"], api::Json::array({"anne@northwind.example"}));
        EXPECT_FALSE(mail["headers"].contains("bcc")) << mail["raw"];
    }
    std::string subject = received[1]["headers"]["subject"];
    EXPECT_NE(subject.find("Room Eve"), std::string::npos) << subject;
    EXPECT_EQ(subject.find('\n'), std::string::npos) << subject;
}

// Nothing is lost while the SMTP server is down: attempts are counted, the error is kept, the
// next attempt backs off, and the mail goes once the server is back.
TEST_F(MailDeliveryTest, RetriesWhileTheSmtpServerIsDown) {
    int port = FreePort();
    ASSERT_GT(port, 0);
    config_.smtp_url = SmtpUrl(port);
    int64_t queued_at = Now();
    InvitationFacts facts = SampleInvitation();
    facts.account_id = 0;  // no account in this database
    Id id = Enqueue(InvitationMail(config_, facts));
    ASSERT_GT(id, 0);

    StartWorker();
    ASSERT_TRUE(WaitUntil([&] { return Outbox(false)[0].attempts >= 1; }));
    MailMessage failed = Outbox(false)[0];
    EXPECT_EQ(failed.attempts, 1);
    EXPECT_EQ(failed.sent_at, 0);
    EXPECT_NE(failed.last_error, "");
    EXPECT_EQ(failed.next_attempt_at, queued_at + RetryDelaySeconds(1));
    bool warned = false;
    for (const std::string& line : log_.Lines()) warned |= Contains(line, "attempt 1 failed");
    EXPECT_TRUE(warned);

    ASSERT_NO_FATAL_FAILURE(sink_.Start(dir_.path() / "sink", port));
    // Not due yet: a wake alone sends nothing.
    worker_->Wake();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_TRUE(sink_.Messages().empty());
    EXPECT_EQ(Outbox(false)[0].attempts, 1);

    clock_.Advance(RetryDelaySeconds(1));
    worker_->Wake();
    std::vector<api::Json> received = sink_.WaitForMessages(1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0]["headers"]["subject"], "Welcome");
    ASSERT_TRUE(WaitUntil([&] { return Outbox(false)[0].sent_at != 0; }));
    MailMessage sent = Outbox(false)[0];
    EXPECT_EQ(sent.attempts, 2);
    EXPECT_EQ(sent.sent_at, queued_at + RetryDelaySeconds(1));
    EXPECT_EQ(sent.last_error, failed.last_error);  // the history of the failed attempt
}

TEST_F(MailDeliveryTest, WithoutSmtpUrlMailsStayInTheOutbox) {
    InvitationFacts facts = SampleInvitation();
    facts.account_id = 0;
    Id id = Enqueue(InvitationMail(config_, facts));
    ASSERT_GT(id, 0);
    StartWorker();
    worker_->Wake();
    worker_->Stop();
    worker_->Stop();  // safe twice
    std::vector<MailMessage> pending = Outbox(true);
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].attempts, 0);
}

// A server stopped with mail it could not deliver sends it once it runs again.
class MailServerTest : public ServerTest {};

TEST_F(MailServerTest, PendingMailIsDeliveredAfterARestart) {
    StopServer();
    std::string error;
    std::unique_ptr<Store> store = Store::Open(DatabaseTarget(config_), error);
    ASSERT_TRUE(store) << error;
    MailMessage mail = InvitationMail(config_, SampleInvitation());
    mail.account_id = 0;
    int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
    ASSERT_TRUE(store->Write(
        [&](Store::Writer& w, std::string& e) { return EnqueueMail(w, mail, now, e); }, error))
        << error;
    auto outbox = [&] {
        std::vector<MailMessage> mails;
        std::string e;
        EXPECT_TRUE(ListOutbox(*store, false, 10, mails, e)) << e;
        return mails.empty() ? MailMessage() : mails[0];
    };

    // First run: the SMTP server is down.
    int port = FreePort();
    config_.smtp_url = SmtpUrl(port);
    StartServer();
    ASSERT_TRUE(WaitUntil([&] { return outbox().attempts >= 1; }));
    StopServer();
    EXPECT_EQ(outbox().sent_at, 0);

    // Second run, the SMTP server up and the retry due.
    SmtpSink sink;
    ASSERT_NO_FATAL_FAILURE(sink.Start(dir_.path() / "sink", port));
    clock_.Advance(RetryDelaySeconds(1));
    StartServer();
    std::vector<api::Json> received = sink.WaitForMessages(1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0]["rcpt_tos"], api::Json::array({"anne.martin@northwind.example"}));
    EXPECT_TRUE(WaitUntil([&] { return outbox().sent_at != 0; }));
    StopServer();
}

// The whole way, through the API: an operator registers a new customer's order, a real SMTP
// server receives the confirmation, the two copies with the PO number, and the "Welcome" to the
// end customer alone (R-ORD-5); the link in that mail opens the account (R-ACC-2).
class OrderMailFlowTest : public testing::ApiTest {};

TEST_F(OrderMailFlowTest, AnOrdersMailsReachASmtpServerAndItsInvitationLinkWorks) {
    StopServer();
    SmtpSink sink;
    ASSERT_NO_FATAL_FAILURE(sink.Start(dir_.path() / "sink"));
    config_.smtp_url = SmtpUrl(sink.port());
    config_.public_url = "https://portal.example";
    StartServer();

    auto party = [](const std::string& name, const std::string& email, const std::string& country) {
        return api::Json{{"name", name},
                         {"email", email},
                         {"address",
                          {{"line1", "1 Main Street"},
                           {"city", "Boston"},
                           {"postalCode", "02101"},
                           {"country", country},
                           {"kind", "headquarters"}}}};
    };
    api::Json customer = party("Jane Roe", "jane@acme.example", "US");
    customer["company"] = "Acme Corp";
    api::Json order = {{"poNumber", "ACME-PO-77"},
                       {"purchaseDate", FormatDate(UtcDate(clock_.Now()))},
                       {"lines", api::Json::array({{{"sku", "SELECT-1Y"}, {"quantity", 5}}})},
                       {"endCustomer", customer},
                       {"reseller", party("Rita", "rita@reseller.example", "US")},
                       {"distributor", party("Dan", "dan@distri.example", "FR")}};
    testing::ApiAnswer placed = SignInAs(testing::kOlivia).Post("/api/v1/orders", order);
    ASSERT_EQ(placed.status, 201) << placed.body;

    std::vector<api::Json> received = sink.WaitForMessages(4);
    ASSERT_EQ(received.size(), 4u);
    std::map<std::string, std::vector<api::Json>> to;
    for (const api::Json& mail : received) {
        EXPECT_EQ(mail["headers"]["from"], "Support Services <support@portal.invalid>");
        to[mail["rcpt_tos"][0].get<std::string>()].push_back(mail);
    }
    ASSERT_EQ(to["jane@acme.example"].size(), 2u);  // the confirmation and the invitation
    ASSERT_EQ(to["rita@reseller.example"].size(), 1u);
    ASSERT_EQ(to["dan@distri.example"].size(), 1u);
    EXPECT_EQ(to["rita@reseller.example"][0]["headers"]["subject"],
              "Service Contract Details — PO ACME-PO-77");
    // The distributor is in France: its copy speaks French, and still carries the PO number.
    EXPECT_NE(
        to["dan@distri.example"][0]["headers"]["subject"].get<std::string>().find("ACME-PO-77"),
        std::string::npos);
    std::string welcome, confirmation;
    for (const api::Json& mail : to["jane@acme.example"]) {
        std::string subject = mail["headers"]["subject"];
        if (subject == "Welcome") welcome = Unwired(mail["body"].get<std::string>());
        if (subject == "Service Contract Details") {
            confirmation = Unwired(mail["body"].get<std::string>());
        }
    }
    EXPECT_NE(confirmation.find("ACME-PO-77"), std::string::npos) << confirmation;
    const std::string link = "https://portal.example/#/invite/";
    size_t at = welcome.find(link);
    ASSERT_NE(at, std::string::npos) << welcome;
    std::string token =
        welcome.substr(at + link.size(), welcome.find_first_of(" \r\n", at) - at - link.size());

    testing::ApiAnswer accepted = Anonymous().Post(
        "/api/v1/invitations/accept",
        {{"token", token}, {"name", "Jane Roe"}, {"password", "a long enough password"}});
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.json["user"]["email"], "jane@acme.example");
    testing::ApiClient jane(server_->Port(), testing::SessionCookieOf(accepted));
    testing::ApiAnswer accounts = jane.Get("/api/v1/accounts");
    ASSERT_EQ(accounts.json["accounts"].size(), 1u);
    EXPECT_EQ(accounts.json["accounts"][0]["id"], placed.json["order"]["accountId"]);
    EXPECT_EQ(accounts.json["accounts"][0]["role"], "admin");
    // Delivered: the outbox no longer holds the link.
    EXPECT_TRUE(WaitUntil(
        [&] { return QueryInt("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0; }));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM outbox WHERE body LIKE '%" + token + "%'"), 0);
}

}  // namespace
}  // namespace portal::server

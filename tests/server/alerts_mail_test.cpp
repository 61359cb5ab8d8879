// Alert mails over real SMTP (smtp_sink.py, Debian's python3-aiosmtpd) and signed webhooks, from
// the telemetry that raises the alert to what the recipient receives: the firing mail and the
// resolved one threaded under it (In-Reply-To/References, same subject), the link to the alert,
// the RFC 8058 one-click unsubscribe (List-Unsubscribe, List-Unsubscribe-Post; the POST needs no
// session), a channel's "Send test", a site outage grouped into one mail per recipient and
// channel, and a webhook receiver checking X-Portal-Signature and X-Portal-Event-Id.
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <mutex>
#include <regex>
#include <set>

#include "alerts_fixture.h"
#include "core/date.h"
#include "server/mail.h"

namespace portal::server {
namespace {

using Json = api::Json;
using testing::AlertsTest;
using testing::ApiAnswer;
using testing::ApiClient;
using testing::Contains;
using testing::EmailChannel;
using testing::kEtoileBar;
using testing::kEtoileTap;
using testing::kOperaBar;
using testing::SmtpSink;
using testing::SmtpUrl;
using testing::Str;
using testing::WaitUntil;

size_t Count(const std::string& text, const std::string& part) {
    size_t count = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++count;
    }
    return count;
}

std::string Body(const Json& mail) {
    std::string body = mail["body"];
    body.erase(std::remove(body.begin(), body.end(), '\r'), body.end());
    return body;
}

std::string Header(const Json& mail, const std::string& name) {
    return mail["headers"].value(name, "");
}

class AlertMailTest : public AlertsTest {
  protected:
    void Configure(Config& config) override {
        AlertsTest::Configure(config);
        ASSERT_NO_FATAL_FAILURE(sink_.Start(dir_.path() / "sink"));
        config.smtp_url = SmtpUrl(sink_.port());
    }

    // The alert mails received so far (not the order mails of a test that places an order).
    std::vector<Json> AlertMails() const {
        std::vector<Json> mails;
        for (const Json& mail : sink_.Messages()) {
            if (Contains(Header(mail, "list-unsubscribe-post"), "One-Click")) {
                mails.push_back(mail);
            }
        }
        return mails;
    }
    std::vector<Json> WaitForAlertMails(
        size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        std::vector<Json> mails;
        bool arrived = WaitUntil(
            [&] {
                mails = AlertMails();
                return mails.size() >= count;
            },
            timeout);
        EXPECT_TRUE(arrived) << "received " << mails.size() << " alert mails of " << count;
        return mails;
    }
    static const Json* MailTo(const std::vector<Json>& mails, const std::string& recipient,
                              size_t skip = 0) {
        for (const Json& mail : mails) {
            if (mail["rcpt_tos"] == Json::array({recipient}) && skip-- == 0) return &mail;
        }
        return nullptr;
    }

    SmtpSink sink_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Firing, resolved, unsubscribed

TEST_F(AlertMailTest, TheResolvedMailAnswersTheFiringMailAndOneClickUnsubscribes) {
    DisableDefaultRule();
    Id channel = CreateChannel(
        EmailChannel("Facilities", {"ops@northwind.example", "desk@northwind.example"}));
    CreateRule({{"name", "Device offline"}, {"severity", "critical"}, {"channels", {channel}}});
    SetOnline(kEtoileBar, false);
    std::vector<Json> firing = WaitForAlertMails(2);
    ASSERT_EQ(firing.size(), 2u);
    Json alert = AlertOn(Alerts(), kEtoileBar);
    ASSERT_FALSE(alert.is_null());
    Id id = alert["id"].get<Id>();
    const Json* ops = MailTo(firing, "ops@northwind.example");
    ASSERT_NE(ops, nullptr);
    ASSERT_NE(MailTo(firing, "desk@northwind.example"), nullptr);

    std::string subject = Header(*ops, "subject");
    EXPECT_EQ(subject, "[Critical] Salle Étoile (Paris — La Défense): device offline " +
                           std::string(kEtoileBar));
    std::string message_id = Header(*ops, "message-id");
    EXPECT_TRUE(std::regex_match(message_id, std::regex("<alerts\\.[0-9a-f]+\\.m[0-9]+\\.en@"
                                                        "portal\\.invalid>")))
        << message_id;
    EXPECT_EQ(Header(*ops, "in-reply-to"), "");
    EXPECT_EQ(Header(*ops, "list-unsubscribe-post"), "List-Unsubscribe=One-Click");
    std::string unsubscribe = Header(*ops, "list-unsubscribe");
    std::smatch link;
    ASSERT_TRUE(std::regex_match(
        unsubscribe, link,
        std::regex("<https://portal\\.example(/api/v1/alert-channels/" + Str(channel) +
                   "/unsubscribe\\?recipient=ops%40northwind\\.example&token=([0-9a-f]+))>")))
        << unsubscribe;
    std::string unsubscribe_path = link[1];
    std::string token = link[2];
    std::string body = Body(*ops);
    EXPECT_TRUE(
        Contains(body, "https://portal.example/#/alerts/" + Str(id) + "?account=" + Str(hq_)))
        << body;
    EXPECT_TRUE(Contains(body, "FIRING")) << body;
    EXPECT_TRUE(Contains(body, "Salle Étoile (Paris — La Défense)")) << body;
    EXPECT_TRUE(Contains(body, std::string(kEtoileBar) + " (rally-plus): offline")) << body;
    EXPECT_EQ((*ops)["defects"], Json::array()) << (*ops)["raw"];
    // Delivered once SMTP took it, with the mail's Message-ID.
    ASSERT_TRUE(WaitUntil([&] { return Alert(id)["deliveries"][0]["status"] == "delivered"; }));
    EXPECT_TRUE(
        Contains(Alert(id)["deliveries"][0]["externalId"].get<std::string>(), "@portal.invalid>"));

    // Back online: "resolved" waits for the settle time, then answers the firing mail.
    clock_.Advance(30);
    SetOnline(kEtoileBar, true);
    EXPECT_EQ(Alert(id)["state"], "resolved");
    clock_.Advance(119);
    EXPECT_FALSE(
        WaitUntil([&] { return Deliveries(id, "resolved") > 0; }, std::chrono::milliseconds(300)))
        << "not settled yet";
    clock_.Advance(1);
    std::vector<Json> all = WaitForAlertMails(4);
    ASSERT_EQ(all.size(), 4u);
    const Json* resolved = MailTo(all, "ops@northwind.example", 1);
    ASSERT_NE(resolved, nullptr);
    EXPECT_EQ(Header(*resolved, "subject"), subject);
    EXPECT_EQ(Header(*resolved, "in-reply-to"), message_id);
    EXPECT_EQ(Header(*resolved, "references"), message_id);
    EXPECT_NE(Header(*resolved, "message-id"), message_id);
    EXPECT_EQ(Header(*resolved, "list-unsubscribe-post"), "List-Unsubscribe=One-Click");
    EXPECT_TRUE(Contains(Body(*resolved), "RESOLVED")) << Body(*resolved);
    EXPECT_TRUE(Contains(Body(*resolved),
                         "https://portal.example/#/alerts/" + Str(id) + "?account=" + Str(hq_)));
    const Json* desk_resolved = MailTo(all, "desk@northwind.example", 1);
    ASSERT_NE(desk_resolved, nullptr);
    EXPECT_EQ(Header(*desk_resolved, "in-reply-to"),
              Header(*MailTo(all, "desk@northwind.example"), "message-id"));

    // RFC 8058: what a mail client posts, with no session and none of the portal's headers. A
    // tampered token, or the token of another address, is an unknown link.
    auto one_click = [&](const std::string& path) {
        httplib::Client client("127.0.0.1", server_->Port());
        auto result =
            client.Post(path, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
        return result ? result->status : 0;
    };
    std::string tampered = unsubscribe_path;
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    EXPECT_EQ(one_click(tampered), 404);
    std::string other =
        std::regex_replace(unsubscribe_path, std::regex("recipient=ops"), "recipient=desk");
    EXPECT_EQ(one_click(other), 404);
    // A person following the link gets a page with the button; the GET alone changes nothing.
    ApiAnswer page = testing::ApiClient(server_->Port(), "").Get(unsubscribe_path);
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(Contains(page.body, "<form method=\"post\"")) << page.body;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action = 'alert_channel.unsubscribe'"),
              0);
    EXPECT_EQ(one_click(unsubscribe_path), 200);
    EXPECT_EQ(one_click(unsubscribe_path), 200) << "twice is still unsubscribed";
    ApiAnswer channels = anne_->Get(AccountPath(hq_, "alert-channels"));
    Json recipients;
    for (const Json& entry : channels.json["alertChannels"]) {
        if (entry["id"] == channel) recipients = entry["recipients"];
    }
    EXPECT_EQ(recipients, Json::array({"desk@northwind.example"})) << channels.body;
    EXPECT_EQ(QueryInt("SELECT count(*) FROM audit_log WHERE action ="
                       " 'alert_channel.unsubscribe' AND object = 'alert-channel:" +
                       Str(channel) + "'"),
              1);

    // The next alert goes to the one left.
    clock_.Advance(60);
    SetOnline(kOperaBar, false);
    std::vector<Json> after = WaitForAlertMails(5);
    ASSERT_EQ(after.size(), 5u);
    EXPECT_EQ(after[4]["rcpt_tos"], Json::array({"desk@northwind.example"}));
    ASSERT_TRUE(WaitUntil([&] {
        return QueryInt(
                   "SELECT count(*) FROM outbox WHERE"
                   " kind = 'alert' AND sent_at IS NULL") == 0;
    }));
    EXPECT_EQ(AlertMails().size(), 5u);
}

// Firing again within 15 minutes of resolving is the same alert, in the same thread: the
// re-fire's mail answers the first one, with its subject, and so does the resolved mail after.
TEST_F(AlertMailTest, AReFireWithinFifteenMinutesStaysInTheSameThread) {
    DisableDefaultRule();
    Id channel = CreateChannel(EmailChannel("Ops", {"ops@northwind.example"}));
    CreateRule({{"name", "Device offline"}, {"channels", {channel}}});
    SetOnline(kEtoileBar, false);
    std::vector<Json> mails = WaitForAlertMails(1);
    ASSERT_EQ(mails.size(), 1u);
    std::string first_id = Header(mails[0], "message-id");
    std::string subject = Header(mails[0], "subject");
    clock_.Advance(30);
    SetOnline(kEtoileBar, true);
    clock_.Advance(120);
    mails = WaitForAlertMails(2);
    ASSERT_EQ(mails.size(), 2u);
    EXPECT_EQ(Header(mails[1], "in-reply-to"), first_id);

    clock_.Advance(10 * 60);
    SetOnline(kEtoileBar, false);
    mails = WaitForAlertMails(3);
    ASSERT_EQ(mails.size(), 3u);
    ASSERT_EQ(Alerts().size(), 1u) << "the same alert";
    EXPECT_TRUE(Contains(Body(mails[2]), "FIRING")) << Body(mails[2]);
    EXPECT_EQ(Header(mails[2], "subject"), subject);
    EXPECT_EQ(Header(mails[2], "in-reply-to"), first_id) << "the same thread";
    EXPECT_TRUE(Contains(Header(mails[2], "references"), first_id));
    std::string refire_id = Header(mails[2], "message-id");
    EXPECT_NE(refire_id, first_id);

    clock_.Advance(30);
    SetOnline(kEtoileBar, true);
    clock_.Advance(120);
    mails = WaitForAlertMails(4);
    ASSERT_EQ(mails.size(), 4u);
    EXPECT_EQ(Header(mails[3], "subject"), subject);
    EXPECT_EQ(Header(mails[3], "in-reply-to"), refire_id);
    EXPECT_TRUE(Contains(Header(mails[3], "references"), first_id)) << "the whole thread";
}

// A channel sends at most one mail per 30 seconds: what comes meanwhile waits and goes together.
TEST_F(AlertMailTest, AChannelMailsAtMostOncePerThirtySeconds) {
    DisableDefaultRule();
    Id channel = CreateChannel(EmailChannel("Ops", {"ops@northwind.example"}));
    CreateRule({{"name", "Device offline"}, {"channels", {channel}}});
    SetOnline(kEtoileBar, false);
    ASSERT_EQ(WaitForAlertMails(1).size(), 1u);
    clock_.Advance(10);
    SetOnline(kOperaBar, false);
    clock_.Advance(10);
    SetOnline(kEtoileTap, false);
    EXPECT_FALSE(WaitUntil([&] { return AlertMails().size() > 1; }, std::chrono::milliseconds(300)))
        << "within 30 s of the first mail";
    clock_.Advance(10);
    std::vector<Json> mails = WaitForAlertMails(2);
    ASSERT_TRUE(WaitUntil([&] {
        return QueryInt("SELECT count(*) FROM outbox WHERE kind = 'alert' AND sent_at IS NULL") ==
               0;
    }));
    mails = AlertMails();
    ASSERT_EQ(mails.size(), 2u) << "the two later alerts in one mail";
    EXPECT_EQ(Header(mails[1], "subject"), "[Alerts] 2 firing at Paris — La Défense");
    EXPECT_TRUE(Contains(Body(mails[1]), kOperaBar));
    EXPECT_TRUE(Contains(Body(mails[1]), kEtoileTap));
}

TEST_F(AlertMailTest, SendTestReachesTheChannelsRecipientsOverSmtp) {
    ApiAnswer tested =
        anne_->Post("/api/v1/alert-channels/" + Str(DefaultChannel()) + "/test", Json::object());
    ASSERT_EQ(tested.status, 200) << tested.body;
    EXPECT_EQ(tested.json["ok"], true) << tested.body;
    EXPECT_EQ(tested.json["status"], 250);
    std::vector<Json> mails = sink_.WaitForMessages(1);
    ASSERT_EQ(mails.size(), 1u);
    // "Account admins": Northwind HQ's admin, in French.
    EXPECT_EQ(mails[0]["rcpt_tos"], Json::array({testing::kAnne.email}));
    EXPECT_EQ(Header(mails[0], "subject"), "Test du canal d'alerte « Account admins »");
    EXPECT_EQ(Header(mails[0], "message-id"), tested.json["externalId"]);

    // A server that refuses: ok false, and why.
    sink_.Stop();
    tested =
        anne_->Post("/api/v1/alert-channels/" + Str(DefaultChannel()) + "/test", Json::object());
    ASSERT_EQ(tested.status, 200) << tested.body;
    EXPECT_EQ(tested.json["ok"], false);
    EXPECT_TRUE(Contains(tested.json["detail"], testing::kAnne.email)) << tested.body;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] A site outage

// 200 rooms of one site go offline in one batch: each channel sends one grouped mail per
// recipient, not one per room; their recovery is one more grouped mail each (R-GATE-2: the rooms
// hold Select licenses of an order the operator registers for the purpose).
TEST_F(AlertMailTest, TwoHundredRoomsOfflineAtOnceMakeOneGroupedMailPerRecipientAndChannel) {
    constexpr int kRooms = 200;
    DisableDefaultRule();
    auto party = [](const std::string& name, const std::string& email, const std::string& city) {
        return Json{{"name", name},
                    {"email", email},
                    {"address",
                     {{"line1", "1 rue de la Paix"},
                      {"city", city},
                      {"postalCode", "75002"},
                      {"country", "FR"},
                      {"kind", "headquarters"}}}};
    };
    Json customer = party("Élise Marchand", "elise.marchand@northwind-traders.example", "Paris");
    customer["company"] = "Northwind Traders";
    ApiAnswer order =
        SignInAs(testing::kOlivia)
            .Post("/api/v1/orders", {{"poNumber", "NWT-FR-0777"},
                                     {"purchaseDate", FormatDate(UtcDate(clock_.Now()))},
                                     {"lines", {{{"sku", "SELECT-1Y"}, {"quantity", kRooms}}}},
                                     {"endCustomer", customer},
                                     {"reseller", party("Rita", "rita@reseller.example", "Paris")},
                                     {"distributor", party("Dan", "dan@distri.example", "Lille")}});
    ASSERT_EQ(order.status, 201) << order.body;
    ASSERT_EQ(order.json["order"]["accountId"], hq_) << "the headquarters' order";
    Id contract = order.json["order"]["contracts"][0]["id"].get<Id>();

    Json rooms = Json::array();
    for (int i = 1; i <= kRooms; ++i) {
        rooms.push_back({{"name", "Part-Dieu " + std::to_string(1000 + i)},
                         {"site", "Lyon Part-Dieu"},
                         {"country", "FR"},
                         {"capacity", 6}});
    }
    ApiAnswer imported = anne_->Post(AccountPath(hq_, "rooms/import"), rooms);
    ASSERT_EQ(imported.status, 201) << imported.body;
    ASSERT_EQ(imported.json["created"].size(), static_cast<size_t>(kRooms));
    Json offline = Json::array(), online = Json::array();
    for (int i = 0; i < kRooms; ++i) {
        Id room = imported.json["created"][i]["id"].get<Id>();
        std::string serial = "LYPD" + std::to_string(100000 + i);
        ApiAnswer device = anne_->Post(AccountPath(hq_, "devices"),
                                       {{"serial", serial}, {"product", "tap"}, {"roomId", room}});
        ASSERT_EQ(device.status, 201) << device.body;
        ApiAnswer assigned =
            anne_->Post("/api/v1/rooms/" + Str(room) + "/licenses", {{"contractId", contract}});
        ASSERT_EQ(assigned.status, 201) << assigned.body;
        offline.push_back(Device(serial, Now(), false));
        online.push_back(Device(serial, Now() + 60, true));
    }
    Id ops = CreateChannel(
        EmailChannel("Lyon desk", {"lyon.ops@northwind.example", "lyon.it@northwind.example"}));
    CreateRule({{"name", "Lyon offline"},
                {"scope", {{"sites", {"Lyon Part-Dieu"}}}},
                {"channels", {DefaultChannel(), ops}}});
    // Whatever was due before the outage (nothing) has gone: the grouping starts clean.
    ASSERT_EQ(AlertMails().size(), 0u);

    ASSERT_EQ(Telemetry(offline).status, 200);
    EXPECT_EQ(Alerts("firing").size(), static_cast<size_t>(kRooms));
    std::vector<Json> mails = WaitForAlertMails(3, std::chrono::seconds(20));
    ASSERT_TRUE(WaitUntil([&] {
        return QueryInt("SELECT count(*) FROM alert_deliveries WHERE status = 'pending'") == 0;
    }));
    ASSERT_TRUE(WaitUntil([&] {
        return QueryInt("SELECT count(*) FROM outbox WHERE kind = 'alert' AND sent_at IS NULL") ==
               0;
    }));
    mails = AlertMails();
    ASSERT_EQ(mails.size(), 3u) << "one mail per recipient per channel";
    std::set<std::string> recipients;
    for (const Json& mail : mails) recipients.insert(mail["rcpt_tos"][0].get<std::string>());
    EXPECT_EQ(recipients, (std::set<std::string>{testing::kAnne.email, "lyon.ops@northwind.example",
                                                 "lyon.it@northwind.example"}));
    const Json* anne = MailTo(mails, testing::kAnne.email);
    ASSERT_NE(anne, nullptr);
    EXPECT_EQ(Header(*anne, "subject"), "[Alertes] 200 en cours sur le site Lyon Part-Dieu");
    EXPECT_EQ(Count(Body(*anne), "EN COURS — "), static_cast<size_t>(kRooms));
    const Json* it = MailTo(mails, "lyon.it@northwind.example");
    ASSERT_NE(it, nullptr);
    EXPECT_EQ(Header(*it, "subject"), "[Alerts] 200 firing at Lyon Part-Dieu");
    EXPECT_EQ(Count(Body(*it), "FIRING — "), static_cast<size_t>(kRooms));
    EXPECT_TRUE(Contains(Body(*it), "Part-Dieu 1001 (Lyon Part-Dieu)"));
    EXPECT_TRUE(Contains(Body(*it), "Part-Dieu 1200 (Lyon Part-Dieu)"));
    EXPECT_EQ(QueryInt("SELECT count(*) FROM alert_deliveries WHERE status = 'delivered'"),
              2 * kRooms);

    // The site comes back: one grouped "resolved" per recipient once settled.
    clock_.Advance(60);
    ASSERT_EQ(Telemetry(online).status, 200);
    EXPECT_EQ(Alerts("firing").size(), 0u);
    clock_.Advance(120);
    std::vector<Json> resolved = WaitForAlertMails(6, std::chrono::seconds(20));
    ASSERT_TRUE(WaitUntil([&] {
        return QueryInt("SELECT count(*) FROM outbox WHERE kind = 'alert' AND sent_at IS NULL") ==
               0;
    }));
    resolved = AlertMails();
    ASSERT_EQ(resolved.size(), 6u);
    const Json* back = MailTo(resolved, "lyon.ops@northwind.example", 1);
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(Header(*back, "subject"), "[Alerts] 200 resolved at Lyon Part-Dieu");
    EXPECT_EQ(Count(Body(*back), "RESOLVED — "), static_cast<size_t>(kRooms));
    EXPECT_FALSE(Header(*back, "in-reply-to").empty()) << "it answers the firing mail";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Webhooks

// A receiver as a customer would write one: it checks the signature with the shared secret.
class WebhookReceiver {
  public:
    struct Hit {
        std::string body, signature, event_id;
    };

    // failures: how many deliveries it answers 503 before it takes one.
    explicit WebhookReceiver(int failures = 0) : failures_(failures) {
        server_.Post("/portal-alerts", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            hits_.push_back({req.body, req.get_header_value("X-Portal-Signature"),
                             req.get_header_value("X-Portal-Event-Id")});
            res.status = failures_-- > 0 ? 503 : 204;
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~WebhookReceiver() {
        server_.stop();
        thread_.join();
    }
    std::string Url() const {
        return "http://127.0.0.1:" + std::to_string(port_) + "/portal-alerts";
    }
    std::vector<Hit> Hits() const {
        std::lock_guard lock(mutex_);
        return hits_;
    }

  private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    mutable std::mutex mutex_;
    std::vector<Hit> hits_;
    int failures_;
};

// HMAC-SHA256 of body under secret, hex: what the receiver computes.
std::string Signature(const std::string& secret, const std::string& body) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                                secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                  body.size());
    crypto_auth_hmacsha256_final(&state, mac);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex = "sha256=";
    for (unsigned char byte : mac) {
        hex += kHex[byte >> 4];
        hex += kHex[byte & 15];
    }
    return hex;
}

TEST_F(AlertMailTest, AWebhookReceivesSignedFiringAndResolvedEvents) {
    DisableDefaultRule();
    WebhookReceiver receiver;
    const std::string secret = "whsec_4f9a-shared-with-the-receiver";
    Id channel = CreateChannel(
        {{"type", "webhook"}, {"name", "Receiver"}, {"url", receiver.Url()}, {"secret", secret}});
    // "Send test": a signed test event, and whether it was taken.
    ApiAnswer tested =
        anne_->Post("/api/v1/alert-channels/" + Str(channel) + "/test", Json::object());
    ASSERT_EQ(tested.status, 200) << tested.body;
    EXPECT_EQ(tested.json["ok"], true) << tested.body;
    EXPECT_EQ(tested.json["status"], 204);
    ASSERT_EQ(receiver.Hits().size(), 1u);
    WebhookReceiver::Hit test = receiver.Hits()[0];
    EXPECT_EQ(test.signature, Signature(secret, test.body));
    EXPECT_EQ(Json::parse(test.body, nullptr, false)["type"], "test");

    CreateRule({{"name", "Offline"}, {"channels", {channel}}});
    SetOnline(kEtoileBar, false);
    ASSERT_TRUE(WaitUntil([&] { return receiver.Hits().size() == 2; }));
    WebhookReceiver::Hit firing = receiver.Hits()[1];
    EXPECT_EQ(firing.signature, Signature(secret, firing.body));
    EXPECT_NE(firing.signature, Signature("another secret", firing.body));
    Json event = Json::parse(firing.body, nullptr, false);
    ASSERT_TRUE(event.is_object()) << firing.body;
    EXPECT_EQ(event["eventId"], firing.event_id);
    EXPECT_FALSE(firing.event_id.empty());
    EXPECT_EQ(event["type"], "alert.firing");
    EXPECT_EQ(event["account"]["id"], hq_);
    EXPECT_EQ(event["alert"]["serial"], kEtoileBar);
    EXPECT_EQ(event["alert"]["roomId"], etoile_);
    EXPECT_EQ(event["alert"]["state"], "firing");
    Id id = event["alert"]["id"].get<Id>();
    ASSERT_TRUE(WaitUntil([&] { return Alert(id)["deliveries"][0]["status"] == "delivered"; }));
    EXPECT_EQ(Alert(id)["deliveries"][0]["externalId"], firing.event_id);

    clock_.Advance(30);
    SetOnline(kEtoileBar, true);
    clock_.Advance(120);
    ASSERT_TRUE(WaitUntil([&] { return receiver.Hits().size() == 3; }));
    WebhookReceiver::Hit resolved = receiver.Hits()[2];
    EXPECT_EQ(resolved.signature, Signature(secret, resolved.body));
    Json resolved_event = Json::parse(resolved.body, nullptr, false);
    EXPECT_EQ(resolved_event["type"], "alert.resolved");
    EXPECT_EQ(resolved_event["alert"]["id"], id);
    EXPECT_EQ(resolved_event["alert"]["resolvedReason"], "cleared");
    EXPECT_NE(resolved.event_id, firing.event_id);
    EXPECT_EQ(resolved_event["eventId"], resolved.event_id);
    // Nothing more is sent.
    clock_.Advance(600);
    SetOnline(kOperaBar, true);
    ASSERT_TRUE(WaitUntil([&] { return Alert(id)["deliveries"].size() == 2; }));
    EXPECT_EQ(receiver.Hits().size(), 3u);
}

// A delivery the receiver failed is sent again with the same event id, for its dedup.
TEST_F(AlertMailTest, AWebhookRetryCarriesTheSameEventId) {
    DisableDefaultRule();
    WebhookReceiver receiver(1);
    const std::string secret = "whsec_retry";
    Id channel = CreateChannel(
        {{"type", "webhook"}, {"name", "Receiver"}, {"url", receiver.Url()}, {"secret", secret}});
    CreateRule({{"name", "Offline"}, {"channels", {channel}}});
    SetOnline(kEtoileBar, false);
    ASSERT_TRUE(WaitUntil([&] { return receiver.Hits().size() == 1; }));
    Id id = AlertOn(Alerts(), kEtoileBar)["id"].get<Id>();
    ASSERT_TRUE(WaitUntil([&] { return Alert(id)["deliveries"][0]["attempts"] == 1; }));
    EXPECT_EQ(Alert(id)["deliveries"][0]["status"], "pending");
    EXPECT_TRUE(Contains(Alert(id)["deliveries"][0]["lastError"], "503"));
    clock_.Advance(RetryDelaySeconds(1));
    ASSERT_TRUE(WaitUntil([&] { return receiver.Hits().size() == 2; }));
    std::vector<WebhookReceiver::Hit> hits = receiver.Hits();
    EXPECT_EQ(hits[1].event_id, hits[0].event_id);
    EXPECT_EQ(hits[1].signature, Signature(secret, hits[1].body));
    ASSERT_TRUE(WaitUntil([&] { return Alert(id)["deliveries"][0]["status"] == "delivered"; }));
}

}  // namespace
}  // namespace portal::server

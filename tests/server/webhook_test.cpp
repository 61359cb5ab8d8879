// Webhook delivery (alerts/webhook.h) to a real local receiver: the body arrives as sent, signed
// with HMAC-SHA256 of the body under the channel's secret (checked here against the receiver's
// own computation), with the event id and user agent; the receiver's status decides between
// Delivered, Retry (5xx, 429 with Retry-After, no answer) and Failed (other 4xx, redirects,
// refused targets).
#include "server/alerts/webhook.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

#include "server/security/secret_box.h"

namespace portal::server::alerts_delivery {
namespace {

using Kind = DeliveryOutcome::Kind;

net::OutboundPolicy LocalPolicy() {
    net::OutboundPolicy policy;
    policy.allow_private = true;
    policy.total_timeout_ms = 5000;
    return policy;
}

// A receiver on a free loopback port that records what it got and answers status. The test
// reads the record after the answer came back, so the handler has finished writing it.
class Receiver {
  public:
    explicit Receiver(int status = 200, std::string retry_after = {}) {
        server_.Post("/hook", [this, status, retry_after](const httplib::Request& req,
                                                          httplib::Response& res) {
            ++hits;
            body = req.body;
            signature = req.get_header_value("X-Portal-Signature");
            event_id = req.get_header_value("X-Portal-Event-Id");
            user_agent = req.get_header_value("User-Agent");
            content_type = req.get_header_value("Content-Type");
            res.status = status;
            if (status >= 300 && status < 400) res.set_header("Location", "https://example.com/");
            if (!retry_after.empty()) res.set_header("Retry-After", retry_after);
            res.set_content("{}", "application/json");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~Receiver() {
        server_.stop();
        thread_.join();
    }
    std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

    int hits = 0;
    std::string body, signature, event_id, user_agent, content_type;

  private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
};

const std::string kBody = R"({"event":"alert.opened","alert":{"id":42,"severity":"major"}})";
const std::string kSecret = "whsec_0123456789abcdef";

TEST(PostWebhook, DeliversASignedBody) {
    Receiver receiver(200);
    DeliveryOutcome outcome =
        PostWebhook(receiver.Url(), kSecret, kBody, "evt-42-opened-1", LocalPolicy());
    ASSERT_EQ(outcome.kind, Kind::Delivered) << outcome.error;
    EXPECT_EQ(outcome.http_status, 200);
    EXPECT_EQ(receiver.hits, 1);
    EXPECT_EQ(receiver.body, kBody);
    EXPECT_EQ(receiver.content_type, "application/json");
    EXPECT_EQ(receiver.event_id, "evt-42-opened-1");
    EXPECT_EQ(receiver.user_agent, "ServicePortal-Alerts/1");
    // What a receiver computes: HMAC-SHA256 of the raw body under the shared secret.
    EXPECT_EQ(receiver.signature, "sha256=" + HmacSha256Hex(kSecret, receiver.body));
    EXPECT_NE(receiver.signature, "sha256=" + HmacSha256Hex("other secret", receiver.body));
}

TEST(PostWebhook, AnyTwoHundredIsDelivered) {
    Receiver receiver(204);
    EXPECT_EQ(PostWebhook(receiver.Url(), kSecret, kBody, "e", LocalPolicy()).kind,
              Kind::Delivered);
}

TEST(PostWebhook, ServerErrorIsRetried) {
    Receiver receiver(502);
    DeliveryOutcome outcome = PostWebhook(receiver.Url(), kSecret, kBody, "e", LocalPolicy());
    EXPECT_EQ(outcome.kind, Kind::Retry);
    EXPECT_EQ(outcome.http_status, 502);
    EXPECT_FALSE(outcome.retry_after_seconds);
}

TEST(PostWebhook, RateLimitIsRetriedAfterWhatItSays) {
    Receiver receiver(429, "90");
    DeliveryOutcome outcome = PostWebhook(receiver.Url(), kSecret, kBody, "e", LocalPolicy());
    EXPECT_EQ(outcome.kind, Kind::Retry);
    EXPECT_EQ(outcome.http_status, 429);
    ASSERT_TRUE(outcome.retry_after_seconds);
    EXPECT_EQ(*outcome.retry_after_seconds, 90);
}

TEST(PostWebhook, OtherClientErrorsFail) {
    for (int status : {400, 401, 403, 404, 410}) {
        Receiver receiver(status);
        DeliveryOutcome outcome = PostWebhook(receiver.Url(), kSecret, kBody, "e", LocalPolicy());
        EXPECT_EQ(outcome.kind, Kind::Failed) << status;
        EXPECT_EQ(outcome.http_status, status);
        EXPECT_NE(outcome.error.find(std::to_string(status)), std::string::npos) << outcome.error;
    }
}

TEST(PostWebhook, RedirectFailsAndIsNotFollowed) {
    Receiver receiver(301);
    DeliveryOutcome outcome = PostWebhook(receiver.Url(), kSecret, kBody, "e", LocalPolicy());
    EXPECT_EQ(outcome.kind, Kind::Failed);
    EXPECT_EQ(outcome.http_status, 301);
    EXPECT_NE(outcome.error.find("redirect"), std::string::npos) << outcome.error;
    EXPECT_EQ(receiver.hits, 1);
}

TEST(PostWebhook, RefusedTargetFails) {
    Receiver receiver(200);
    DeliveryOutcome outcome = PostWebhook(receiver.Url(), kSecret, kBody, "e", {});
    EXPECT_EQ(outcome.kind, Kind::Failed);
    EXPECT_EQ(outcome.error, "the webhook URL must use https");
    EXPECT_EQ(receiver.hits, 0);
}

TEST(PostWebhook, NoReceiverIsRetried) {
    std::string url;
    {
        Receiver gone;
        url = gone.Url();
    }
    DeliveryOutcome outcome = PostWebhook(url, kSecret, kBody, "e", LocalPolicy());
    EXPECT_EQ(outcome.kind, Kind::Retry);
    EXPECT_EQ(outcome.http_status, 0);
}

}  // namespace
}  // namespace portal::server::alerts_delivery

// One signed webhook POST, and what its answer means for the next attempt.
#include "server/alerts/webhook.h"

#include <ctime>

#include "server/security/secret_box.h"

namespace portal::server::alerts_delivery {

DeliveryOutcome PostWebhook(const std::string& url, const std::string& secret,
                            const std::string& body, const std::string& event_id,
                            const net::OutboundPolicy& policy) {
    net::HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.body = body;
    request.headers = {
        {"Content-Type", "application/json"},
        {"X-Portal-Signature", "sha256=" + HmacSha256Hex(secret, body)},
        {"X-Portal-Event-Id", event_id},
        {"User-Agent", "ServicePortal-Alerts/1"},
    };
    net::HttpResult result = net::Send(request, policy);
    DeliveryOutcome outcome;
    switch (result.outcome) {
        case net::HttpResult::Outcome::Refused:
            outcome.kind = DeliveryOutcome::Kind::Failed;
            outcome.error = "the webhook URL " + result.error;
            return outcome;
        case net::HttpResult::Outcome::NetworkError:
            outcome.kind = DeliveryOutcome::Kind::Retry;
            outcome.error = (result.timed_out ? "no answer in time (" : "could not reach it (") +
                            result.error + ")";
            return outcome;
        case net::HttpResult::Outcome::Answered:
            break;
    }
    int status = result.status;
    outcome.http_status = status;
    if (status >= 200 && status < 300) {
        outcome.kind = DeliveryOutcome::Kind::Delivered;
        return outcome;
    }
    std::string head = "HTTP " + std::to_string(status);
    // 408 and 425 (Too Early) say "later", like 429 and the 5xx.
    if (status == 429 || status == 408 || status == 425 || status >= 500) {
        outcome.kind = DeliveryOutcome::Kind::Retry;
        auto it = result.headers.find("retry-after");
        if (status == 429 && it != result.headers.end()) {
            outcome.retry_after_seconds = net::ParseRetryAfter(it->second, std::time(nullptr));
        }
        outcome.error =
            head + (status == 429 ? ": the receiver asks to slow down" : ": the receiver failed");
        return outcome;
    }
    outcome.kind = DeliveryOutcome::Kind::Failed;
    if (status >= 300 && status < 400) {
        auto it = result.headers.find("location");
        std::string to = it == result.headers.end() ? "" : " to " + it->second.substr(0, 120);
        outcome.error = head + ": a redirect" + to +
                        " (redirects are not followed: use the final "
                        "URL)";
    } else {
        outcome.error = head + ": the receiver refused the delivery";
    }
    return outcome;
}

}  // namespace portal::server::alerts_delivery

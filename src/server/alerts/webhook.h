// Alert delivery to a customer's webhook: one signed JSON POST. The receiver checks
// X-Portal-Signature (HMAC-SHA256 of the exact body under the channel's secret) and may drop
// repeats by X-Portal-Event-Id, since a delivery whose answer was lost is sent again.
#pragma once

#include <string>

#include "server/alerts/servicenow.h"
#include "server/net/outbound.h"

namespace portal::server::alerts_delivery {

// POST url with body (application/json), X-Portal-Signature: sha256=<hex HMAC-SHA256 of the
// body with secret>, X-Portal-Event-Id: event_id, User-Agent: ServicePortal-Alerts/1.
// 2xx Delivered; 408, 425, 429 (with Retry-After), 5xx, network: Retry; a refused target, a
// redirect (never followed) and any other 4xx: Failed, with the status in error.
DeliveryOutcome PostWebhook(const std::string& url, const std::string& secret,
                            const std::string& body, const std::string& event_id,
                            const net::OutboundPolicy& policy);

}  // namespace portal::server::alerts_delivery

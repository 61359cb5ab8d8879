// The ServiceNow Table API client of alert delivery: one incident per alert, opened, re-opened
// when the alert fires again, and resolved when it clears. Every call is safe to repeat after a
// failure whose outcome is unknown (a timeout after the instance created the incident): the
// incident is looked up by its correlation id before one is created. Credentials are basic or
// OAuth client credentials; tokens are cached in memory. Outcomes say whether a retry can help.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "server/net/outbound.h"

namespace portal::server::alerts_delivery {

struct ServiceNowSettings {
    std::string instance_url;        // "https://acme.service-now.com" (no trailing slash needed)
    std::string auth_type;           // "basic" | "oauth"
    std::string username, password;  // basic
    std::string client_id, client_secret;  // oauth: client-credentials grant at
                                           // <instance>/oauth_token.do
    std::string table = "incident";        // letters, digits and '_' only
    std::string assignment_group, caller_id;
    std::string resolve_state = "6";
    std::string close_code = "Solved (Permanently)";
    std::string reopen_state = "2";
};

struct IncidentFacts {
    std::string correlation_id;       // unique per alert, e.g. "portal:<install>:alert:<id>"
    std::string correlation_display;  // "Service Portal"
    std::string short_description, description;
    std::string severity;  // "critical"|"major"|"minor"|"warning" -> urgency/impact 1/1, 2/2,
                           // 3/2, 3/3 (anything else: 3/3)
    std::string category = "hardware";
};

struct DeliveryOutcome {
    // Failed: will not work without a change (401/403/404/400: bad credentials or table, a
    // refused target, a redirect).
    enum class Kind { Delivered, Retry, Failed };
    Kind kind = Kind::Retry;
    std::string external_id;                  // the incident's sys_id
    std::string error;                        // plain words, never a secret
    int http_status = 0;                      // the answer's status, 0 when there was none
    std::optional<long> retry_after_seconds;  // from a 429's Retry-After (seconds or HTTP date)
};

class ServiceNowClient {
  public:
    explicit ServiceNowClient(net::OutboundPolicy policy);

    // Exactly one incident per correlation_id: first GET
    // <instance>/api/now/table/<table>?sysparm_query=correlation_id=<id>&sysparm_limit=1&
    // sysparm_fields=sys_id,state,correlation_id; if found, Delivered with its sys_id (and when
    // its state is the resolve state or resolved/closed (6, 7), PATCHed back to reopen_state: a
    // re-fire of the same alert); otherwise POST <instance>/api/now/table/<table> with
    // short_description, description, urgency, impact, category, correlation_id,
    // correlation_display, assignment_group, caller_id (empty ones omitted); 201 -> sys_id from
    // result.sys_id. A timeout, a dropped answer, a 5xx: Retry (the next attempt's lookup finds
    // an incident that was created after all). 429: Retry with retry_after_seconds.
    DeliveryOutcome OpenIncident(const ServiceNowSettings& settings, const IncidentFacts& facts);

    // PATCH <instance>/api/now/table/<table>/<sys_id> {state: resolve_state, close_code,
    // close_notes}. 200 -> Delivered; 404 -> Failed; others as above. Idempotent.
    DeliveryOutcome ResolveIncident(const ServiceNowSettings& settings, const std::string& sys_id,
                                    const std::string& close_notes);

    // The channel's "Send test": GET <instance>/api/now/table/<table>?sysparm_limit=1 with the
    // credentials; Delivered when 200, else the reason ("401 Unauthorized: check the user name
    // and password").
    DeliveryOutcome Test(const ServiceNowSettings& settings);

  private:
    struct Token {
        std::string access_token;
        std::chrono::steady_clock::time_point use_until;
    };

    // Sends request with the settings' credentials. false with outcome set when no answer
    // could be had (bad settings, refused target, network, the token grant failed).
    bool Call(const ServiceNowSettings& settings, net::HttpRequest request, net::HttpResult& result,
              DeliveryOutcome& outcome);
    // A token from the cache or from a new grant; fresh says which.
    bool AccessToken(const ServiceNowSettings& settings, std::string& token, bool& fresh,
                     DeliveryOutcome& outcome);
    void DropToken(const ServiceNowSettings& settings, const std::string& token);

    net::OutboundPolicy policy_;
    // OAuth access tokens per (instance, client id, secret digest), kept until shortly before
    // they expire: a new secret is tried at once rather than after the old token expires.
    std::mutex mutex_;
    std::map<std::string, Token> tokens_;
};

}  // namespace portal::server::alerts_delivery

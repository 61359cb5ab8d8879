// The Alerts suites' fixture (issue 13): the real server with the demo data, its alert worker
// ticking every 50 ms on the test clock, Anne signed in, an agent token of Northwind HQ, and
// helpers that speak to the alert routes and post telemetry as a room agent would.
//
// The demo's Northwind HQ: Salle Étoile, Opéra, Huddle Bercy and Thames hold Select licenses
// (alerts, R-GATE-2); Confluence holds none (its Select moved to Huddle Bercy 120 days ago).
// Free: 36 Select (NWT-FR-0117) and 10 Sync Plus (NWT-FR-0518). Every demo account starts with
// the channel "Account admins" and the rule "Device offline for 5 minutes" to it; most tests
// switch that rule off (DisableDefaultRule) so that only their own rules speak.
//
// Nothing here sleeps for a fixed time: what the worker does is polled with a deadline
// (testing::WaitUntil), and times move only when a test advances clock_.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "api_fixture.h"
#include "core/telemetry.h"
#include "smtp_sink.h"

namespace portal::server::testing {

// The demo's devices (assets/demo/demo.json).
inline constexpr const char* kEtoileBar = "2219RP0C7710";      // Salle Étoile (Select), rally-plus
inline constexpr const char* kEtoileTap = "2231TP0B3C11";      // Salle Étoile, tap
inline constexpr const char* kOperaBar = "2231RM0A1F02";       // Opéra (Select)
inline constexpr const char* kConfluenceBar = "2231RB0A1F01";  // Confluence (no license)
inline constexpr const char* kSecretKey =
    "8f1c2a7d9e0b4c6a1f3e5d7c9b0a2e4f6d8c0b1a3e5f7d9c1b2a4e6f8d0c2b4a";

class AlertsTest : public ApiTest {
  protected:
    using Json = api::Json;
    using Seconds = telemetry::Seconds;

    void SetUp() override;
    // Settings before the server first starts (the fixture's: a 50 ms tick, http and loopback
    // targets allowed, a fixed secret key); derived fixtures add theirs.
    virtual void Configure(Config& config);

    Seconds Now() const;

    // [SECTION] Telemetry, as a room agent sends it (bearer token, no cookie)
    ApiAnswer Telemetry(const Json& events);
    static Json Device(const std::string& serial, Seconds at, bool online);
    static Json Occupancy(Id room, Seconds at, int people);
    // One device event at Now(); fails the test unless accepted.
    void SetOnline(const std::string& serial, bool online);

    // [SECTION] Rules and channels of Northwind HQ, made by Anne
    std::string AccountPath(Id account, const std::string& tail) const {
        return "/api/v1/accounts/" + Str(account) + "/" + tail;
    }
    // POST /alert-rules with defaults for what body leaves out (device_offline, forSeconds 0,
    // major, every room, no channel); the new rule's id (0 and a test failure when refused).
    Id CreateRule(Json body, Id account = 0);
    Id CreateChannel(const Json& body, Id account = 0);
    // Switches "Device offline for 5 minutes" off in Northwind HQ.
    void DisableDefaultRule();
    Id DefaultRule() const;     // its id in Northwind HQ
    Id DefaultChannel() const;  // "Account admins" in Northwind HQ
    // The fields an error answer names (details.fields[].field), in order.
    static std::vector<std::string> Fields(const ApiAnswer& answer);

    // [SECTION] Alerts
    // GET /accounts/{hq}/status (query: "?since=...&wait=..."), and a room's entry in it.
    ApiAnswer Status(const std::string& query = "") const {
        return anne_->Get(AccountPath(hq_, "status" + query));
    }
    static const Json* RoomIn(const ApiAnswer& status, Id room);
    // Whether a list of objects holds one with this id.
    static bool Listed(const Json& list, Id id);
    // GET /accounts/{hq}/alerts?state=... (all by default): the alerts array.
    Json Alerts(const std::string& state = "all", Id account = 0) const;
    // The first alert of Alerts("all") for which pick holds, polled until there is one (null
    // after timeout).
    Json WaitForAlert(const std::function<bool(const Json&)>& pick,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
    static Json AlertOn(const Json& alerts, const std::string& serial);  // null when none
    Json Alert(Id alert) const;                                          // GET /alerts/{id}
    // Deliveries queued for an alert, as the database holds them.
    int64_t Deliveries(Id alert, const std::string& kind = "") const;

    std::unique_ptr<ApiClient> anne_;
    Id hq_ = 0;
    Id etoile_ = 0;      // Select
    Id opera_ = 0;       // Select
    Id confluence_ = 0;  // no license
    Id ContosoRoom() const { return RoomNamed("Spree"); }
    std::string agent_;
    int batches_ = 0;
};

// Whether text holds part (mails, incident descriptions, answers checked for secrets).
inline bool Contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The body an email channel is created with.
api::Json EmailChannel(const std::string& name, const std::vector<std::string>& recipients,
                       const std::string& language = "en");

}  // namespace portal::server::testing

// The alerts' background work, on one thread per server: the evaluator's sweep (timers:
// forSeconds elapsing, no_telemetry, the resolve settle time, silences ending, licenses leaving)
// and the delivery of queued notifications (email through the mail outbox, ServiceNow, webhooks)
// with retries and backoff. Each job runs only while this server holds its lease row
// (storage/leases.h), so that when several servers share a database exactly one does each.
// Telemetry batches evaluate their own rooms in their own transaction (EvaluateAlerts) and wake
// this worker to deliver at once.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/catalogue.h"
#include "server/alerts/alerts_store.h"
#include "server/alerts/servicenow.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/storage/leases.h"
#include "server/store.h"
#include "server/worker_thread.h"

namespace portal::server {

class Logger;
class MailWorker;
class SecretBox;
class StatusBoard;

// The one-click unsubscribe route of alert mails: no session, no CSRF header (http_server.cpp).
inline constexpr const char* kUnsubscribePattern = "/api/v1/alert-channels/([0-9]+)/unsubscribe";
inline constexpr const char* kEvaluatorLease = "alerts.evaluator";
inline constexpr const char* kDeliveryLease = "alerts.delivery";
// A channel's mails go out at most once per this long; what comes meanwhile is grouped.
inline constexpr Seconds kMailGroupSeconds = 30;
// A delivery that keeps failing for this long fails for good.
inline constexpr Seconds kDeliveryGiveUpSeconds = 24 * 3600;
// A ServiceNow or webhook attempt holds its delivery this long: longer than any attempt can take
// (ServiceNow with OAuth makes at most 12 requests, each ended by the 15 s outbound timeout), so
// that a server taking the delivery lease over from one still waiting for an answer never sends
// it a second time. A server killed mid-attempt is followed by a retry once the claim ends.
inline constexpr Seconds kDeliveryClaimSeconds = 240;

// The correlation id of an alert's incident: unique per alert and per installation.
std::string CorrelationId(const std::string& install_id, Id alert_id);
// The one-click unsubscribe link of a recipient of an email channel (the token is the box's MAC
// of channel and address: nothing stored, nothing guessable).
std::string UnsubscribeUrl(const Config& config, const SecretBox& box, Id channel_id,
                           const std::string& recipient);
std::string UnsubscribeToken(const SecretBox& box, Id channel_id, const std::string& recipient);
// Whether token is recipient's unsubscribe token for the channel (constant time).
bool CheckUnsubscribeToken(const SecretBox& box, Id channel_id, const std::string& recipient,
                           const std::string& token);
// An address as unsubscribe lists and tokens hold it: letter case does not matter in it.
std::string AddressKey(std::string address);

class AlertWorker {
  public:
    AlertWorker(const Config& config, Store& store, const Catalogue& catalogue, Logger& logger,
                Clock clock, StatusBoard* status, MailWorker* mail, const SecretBox& secrets);
    ~AlertWorker();
    AlertWorker(const AlertWorker&) = delete;
    AlertWorker& operator=(const AlertWorker&) = delete;

    void Start();
    // Stops the thread (waiting for a delivery in progress) and gives the leases back.
    void Stop();
    // Deliveries were queued: deliver now rather than at the next tick.
    void Wake();

    // One pass: the sweep if this server holds (or takes) the evaluator lease, then the due
    // deliveries if it holds the delivery lease. The thread calls it every tick.
    void RunOnce();

    const std::string& holder() const { return leases_.holder(); }

  private:
    int64_t Now() const;
    bool HoldLease(const char* name);
    void Sweep();
    void DeliverDue();
    void DeliverEmail(const ChannelRecord& channel, const std::vector<DeliveryRecord>& deliveries);
    void DeliverServiceNow(const ChannelRecord& channel, const DeliveryRecord& delivery);
    void DeliverWebhook(const ChannelRecord& channel, const DeliveryRecord& delivery);
    // Claims a ServiceNow or webhook delivery for this attempt (kDeliveryClaimSeconds); false
    // when it is not to be attempted now.
    bool Claim(const DeliveryRecord& delivery);
    // Records the outcome of a ServiceNow or webhook attempt.
    void Record(const DeliveryRecord& delivery, const alerts_delivery::DeliveryOutcome& outcome);
    // Fails each of deliveries for good, saying why.
    void FailAll(const std::vector<DeliveryRecord>& deliveries, const std::string& why);
    // The channel's secret in clear; false (the delivery failed for good) when this server's key
    // cannot open it.
    bool UnsealFor(const ChannelRecord& channel, const DeliveryRecord& delivery,
                   std::string& secret);
    bool Stopping();

    const Config& config_;
    Store& store_;
    const Catalogue& catalogue_;
    Logger& logger_;
    Clock clock_;
    StatusBoard* status_;
    MailWorker* mail_;
    const SecretBox& secrets_;
    alerts_delivery::ServiceNowClient servicenow_;
    std::string install_id_;                              // read once
    std::chrono::steady_clock::time_point last_sweep_{};  // the worker thread's only
    LeaseHolder leases_;
    WorkerThread thread_;  // last: it stops before what it uses goes
};

}  // namespace portal::server

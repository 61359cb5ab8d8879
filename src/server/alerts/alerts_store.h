// Alerts in SQL (migration 011): rules, channels (secrets sealed), silences, the alerts the
// evaluator keeps, their deliveries, and what the evaluator reads of rooms and devices. No HTTP:
// the routes (alerts_api.cpp) and the worker (alert_worker.h) call these inside Store::Write or
// Store::Read, so that an alert's change and its deliveries commit together.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/alerts_json.h"
#include "core/alerts.h"
#include "core/catalogue.h"
#include "core/date.h"
#include "server/store.h"

namespace portal::server {

using alerts::Seconds;

// ---------------------------------------------------------------------------------------------
// [SECTION] Rules

bool ListAlertRules(Store::Writer& w, Id account_id, std::vector<api::AlertRule>& out,
                    std::string& error);
// found false for a missing or deleted rule.
bool FindAlertRule(Store::Writer& w, Id rule_id, api::AlertRule& out, bool& found,
                   std::string& error);
bool InsertAlertRule(Store::Writer& w, api::AlertRule& rule, Id created_by, std::string& error);
bool UpdateAlertRule(Store::Writer& w, const api::AlertRule& rule, std::string& error);
bool DeleteAlertRule(Store::Writer& w, Id rule_id, Seconds now, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Channels

struct ChannelRecord {
    api::AlertChannel channel;  // secret_set from sealed_secret
    std::string sealed_secret;  // "" when none
    std::vector<std::string> unsubscribed;
    std::optional<Seconds> last_mail_at;
    bool deleted = false;
};

bool ListAlertChannels(Store::Writer& w, Id account_id, std::vector<ChannelRecord>& out,
                       std::string& error);
// include_deleted: the worker still reads a deleted channel to drop its deliveries.
bool FindAlertChannel(Store::Writer& w, Id channel_id, ChannelRecord& out, bool& found,
                      std::string& error, bool include_deleted = false);
bool InsertAlertChannel(Store::Writer& w, ChannelRecord& record, Id created_by, Seconds now,
                        std::string& error);
// Settings, name and (when sealed_secret is not empty) the secret.
bool UpdateAlertChannel(Store::Writer& w, const ChannelRecord& record, std::string& error);
bool SetChannelUnsubscribed(Store::Writer& w, Id channel_id,
                            const std::vector<std::string>& recipients,
                            const std::vector<std::string>& unsubscribed, std::string& error);
bool SetChannelLastMail(Store::Writer& w, Id channel_id, Seconds at, std::string& error);
// Deleted channels leave every answer (and the rules that named them); their pending
// deliveries fail ("channel deleted").
bool DeleteAlertChannel(Store::Writer& w, Id channel_id, Seconds now, std::string& error);

// Every account starts with "Account admins" (email to its admins, in the account's language)
// and the enabled rule "Device offline for 5 minutes" to it (issue 13).
bool CreateDefaultAlerting(Store::Writer& w, Id account_id, const std::string& country, Seconds now,
                           std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Silences

// The account's silences that have not ended before `since` (every one when since is 0).
bool ListSilences(Store::Writer& w, Id account_id, Seconds since, std::vector<api::Silence>& out,
                  std::string& error);
bool FindSilence(Store::Writer& w, Id silence_id, api::Silence& out, bool& found,
                 std::string& error);
bool InsertSilence(Store::Writer& w, api::Silence& silence, std::string& error);
bool DeleteSilence(Store::Writer& w, Id silence_id, Seconds now, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Evaluation

struct EvaluationOutcome {
    bool changed = false;  // some alert of the account changed (the status version moves)
    int deliveries = 0;    // deliveries queued (the worker is woken)
};

// Evaluates the account's rules on room_ids (every room of the account when null) as of now and
// stores what changed: alerts, dropped pending ones, and a delivery per (notification, channel)
// in the transaction of w. Reads the rooms' status rows and entitlements (R-GATE-2) itself.
bool EvaluateAlerts(Store::Writer& w, const Catalogue& catalogue, Id account_id,
                    const std::vector<Id>* room_ids, Seconds now, EvaluationOutcome& outcome,
                    std::string& error);

// Accounts the periodic sweep evaluates: those with an enabled rule or an alert that can still
// change.
bool AccountsToSweep(Store::Writer& w, std::vector<Id>& out, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Alerts as the API answers them

struct AlertQuery {
    std::string state = "firing";  // firing (with acknowledged), acknowledged, resolved, all
    Id room_id = 0;                // 0: every room
    int limit = 500;
};
// Newest first, with their deliveries; silenced from the silences in force at now.
bool ListAlerts(Store::Writer& w, Id account_id, const AlertQuery& query, Seconds now,
                std::vector<api::Alert>& out, std::string& error);
// One alert (found false when missing), with its account.
bool FindAlert(Store::Writer& w, Id alert_id, Seconds now, api::Alert& out, bool& found,
               std::string& error);
// Acknowledges a firing alert (false + acknowledged false when it is not firing).
bool AcknowledgeAlert(Store::Writer& w, Id alert_id, Id user_id, Seconds now, bool& acknowledged,
                      std::string& error);
// Per room of the account: its firing (or acknowledged) alerts and the worst severity.
struct RoomAlertCount {
    Id room_id = 0;
    int firing = 0;
    std::string worst_severity;
};
bool CountFiringAlerts(Store::Writer& w, Id account_id, std::vector<RoomAlertCount>& out,
                       std::string& error);
// The account's rooms without alerts now (R-GATE-2), for the page's locked list.
bool LockedRooms(Store::Writer& w, const Catalogue& catalogue, Id account_id, Date today,
                 std::vector<api::LockedRoom>& out, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Deliveries

struct DeliveryRecord {
    Id id = 0;
    Id alert_id = 0;
    Id account_id = 0;
    Id channel_id = 0;
    std::string kind;  // firing | resolved
    int attempts = 0;
    Seconds next_attempt_at = 0;
    Seconds created_at = 0;
};
// Pending deliveries due at now, oldest first, at most limit.
bool DueDeliveries(Store::Writer& w, Seconds now, int limit, std::vector<DeliveryRecord>& out,
                   std::string& error);
// The next time a pending delivery is due (nullopt: none pending).
bool NextDeliveryDue(Store::Writer& w, std::optional<Seconds>& out, std::string& error);
bool MarkDelivered(Store::Writer& w, Id delivery_id, const std::string& external_id,
                   const std::string& mail_subject, const std::vector<Id>& outbox_ids, Seconds now,
                   std::string& error);
// Whether every one of the deliveries is still pending: an email delivery's mails are queued in
// the transaction that checks it, so that a server whose delivery lease lapsed meanwhile (another
// server took over, and may have mailed them already) queues nothing twice.
bool AllStillPending(Store::Writer& w, const std::vector<Id>& delivery_ids, bool& pending,
                     std::string& error);
// Claims a due delivery for one attempt: its next attempt moves to until, so that no other
// server attempts it meanwhile, even one that takes the delivery lease over while the attempt
// outlasts it. claimed false when it is no longer pending and due (another server has it).
bool ClaimDelivery(Store::Writer& w, Id delivery_id, Seconds now, Seconds until, bool& claimed,
                   std::string& error);
// A failed attempt: retried at next_at, or failed for good when next_at is nullopt.
bool MarkAttemptFailed(Store::Writer& w, Id delivery_id, const std::string& error_text,
                       std::optional<Seconds> next_at, std::string& error);
// The delivered firing delivery of an alert on a channel: its external id (sys_id, Message-ID)
// and subject; found false when none was delivered (yet).
bool FiringDeliveryOf(Store::Writer& w, Id alert_id, Id channel_id, std::string& external_id,
                      std::string& subject, bool& found, bool& failed, std::string& error);
// The first delivered firing delivery of an alert on a channel: the mail that starts the
// alert's thread, which the mails of a re-fire of the same alert answer too (found false when
// none was delivered yet).
bool FirstFiringDeliveryOf(Store::Writer& w, Id alert_id, Id channel_id, std::string& external_id,
                           bool& found, std::string& error);

// The devices of a room with their status, for what a notification says of the room.
struct RoomDevice {
    std::string serial;
    std::string product;
    std::optional<bool> online;
    std::optional<Seconds> at;
};
bool RoomDevices(Store::Writer& w, Id room_id, std::vector<RoomDevice>& out, std::string& error);
// The account's name ("" when it is gone).
bool AccountNameOf(Store::Writer& w, Id account_id, std::string& out, std::string& error);

// This installation's id (migration 011), for correlation ids and event ids.
bool InstallId(Store::Writer& w, std::string& out, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Account admins (an email channel's accountAdmins)

struct AdminAddress {
    std::string email;
    std::string language;  // "en" | "fr"
};
bool AccountAdminAddresses(Store::Writer& w, Id account_id, std::vector<AdminAddress>& out,
                           std::string& error);

}  // namespace portal::server

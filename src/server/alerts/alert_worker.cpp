// The alerts' background work: the evaluator's sweep and the deliveries, under leases.
#include "server/alerts/alert_worker.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>

#include "core/telemetry.h"
#include "server/alerts/alert_mail.h"
#include "server/alerts/webhook.h"
#include "server/log.h"
#include "server/mail.h"
#include "server/net/outbound.h"
#include "server/security/secret_box.h"
#include "server/telemetry_store.h"

namespace portal::server {

namespace {

constexpr int kDeliveryBatch = 500;
constexpr Seconds kWaitForIncidentSeconds = 5;

Language LanguageOf(const std::string& code) {
    return code == "fr" ? Language::French : Language::English;
}

std::string DeviceLine(const RoomDevice& device, Language language) {
    bool fr = language == Language::French;
    std::string status = !device.online   ? (fr ? "état inconnu" : "status unknown")
                         : *device.online ? (fr ? "en ligne" : "online")
                                          : (fr ? "hors ligne" : "offline");
    std::string line = device.serial + " (" + device.product + "): " + status;
    if (device.at) {
        std::string at = telemetry::FormatUtcTime(*device.at);
        line += (fr ? " depuis " : " since ") + at.substr(0, 10) + " " + at.substr(11, 5) + " UTC";
    }
    return line;
}

alerts_delivery::ServiceNowSettings SettingsOf(const api::AlertChannel& channel,
                                               const std::string& secret) {
    alerts_delivery::ServiceNowSettings settings;
    settings.instance_url = channel.instance_url;
    settings.auth_type = channel.auth_type;
    if (channel.auth_type == "oauth") {
        settings.client_id = channel.client_id;
        settings.client_secret = secret;
    } else {
        settings.username = channel.username;
        settings.password = secret;
    }
    if (!channel.table.empty()) settings.table = channel.table;
    settings.assignment_group = channel.assignment_group;
    settings.caller_id = channel.caller_id;
    if (!channel.resolve_state.empty()) settings.resolve_state = channel.resolve_state;
    if (!channel.close_code.empty()) settings.close_code = channel.close_code;
    return settings;
}

net::OutboundPolicy PolicyOf(const Config& config) {
    net::OutboundPolicy policy;
    policy.allow_private = config.outbound_allow_private;
    return policy;
}

}  // namespace

std::string CorrelationId(const std::string& install_id, Id alert_id) {
    return "portal:" + install_id + ":alert:" + std::to_string(alert_id);
}

namespace {

// What an unsubscribe token is the MAC of.
std::string UnsubscribeMessage(Id channel_id, const std::string& recipient) {
    return "unsubscribe:" + std::to_string(channel_id) + ":" + AddressKey(recipient);
}

}  // namespace

std::string AddressKey(std::string address) {
    for (char& c : address) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return address;
}

std::string UnsubscribeToken(const SecretBox& box, Id channel_id, const std::string& recipient) {
    return box.Mac(UnsubscribeMessage(channel_id, recipient));
}

bool CheckUnsubscribeToken(const SecretBox& box, Id channel_id, const std::string& recipient,
                           const std::string& token) {
    return box.CheckMac(UnsubscribeMessage(channel_id, recipient), token);
}

std::string UnsubscribeUrl(const Config& config, const SecretBox& box, Id channel_id,
                           const std::string& recipient) {
    std::string base = config.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/api/v1/alert-channels/" + std::to_string(channel_id) +
           "/unsubscribe?recipient=" + net::PercentEncode(recipient) +
           "&token=" + UnsubscribeToken(box, channel_id, recipient);
}

AlertWorker::AlertWorker(const Config& config, Store& store, const Catalogue& catalogue,
                         Logger& logger, Clock clock, StatusBoard* status, MailWorker* mail,
                         const SecretBox& secrets)
    : config_(config),
      store_(store),
      catalogue_(catalogue),
      logger_(logger),
      clock_(std::move(clock)),
      status_(status),
      mail_(mail),
      secrets_(secrets),
      servicenow_(PolicyOf(config)),
      leases_(store, logger, "alerts", config.alerts_tick_ms, {kEvaluatorLease, kDeliveryLease}),
      thread_(std::chrono::milliseconds(config.alerts_tick_ms), [this] {
          RunOnce();
          return false;
      }) {}

AlertWorker::~AlertWorker() {
    Stop();
}

void AlertWorker::Start() {
    thread_.Start();
}

void AlertWorker::Stop() {
    if (thread_.Stop()) leases_.ReleaseAll();
}

void AlertWorker::Wake() {
    thread_.Wake();
}

bool AlertWorker::Stopping() {
    return thread_.Stopping();
}

int64_t AlertWorker::Now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
}

bool AlertWorker::HoldLease(const char* name) {
    return leases_.Hold(name, Now());
}

void AlertWorker::RunOnce() {
    if (install_id_.empty()) {
        std::string error;
        if (!store_.Read(
                [&](Store::Writer& w, std::string& e) { return InstallId(w, install_id_, e); },
                error)) {
            logger_.Warn("alerts: " + error);
            return;
        }
    }
    // The sweep runs once a tick; a wake for deliveries in between goes straight to them.
    auto now = std::chrono::steady_clock::now();
    if (now - last_sweep_ >= std::chrono::milliseconds(config_.alerts_tick_ms)) {
        last_sweep_ = now;
        if (HoldLease(kEvaluatorLease)) Sweep();
        if (Stopping()) return;
    }
    if (HoldLease(kDeliveryLease)) DeliverDue();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The sweep

void AlertWorker::Sweep() {
    std::vector<Id> accounts;
    std::string error;
    if (!store_.Read(
            [&](Store::Writer& w, std::string& e) { return AccountsToSweep(w, accounts, e); },
            error)) {
        logger_.Warn("alerts: " + error);
        return;
    }
    for (Id account_id : accounts) {
        if (Stopping()) return;
        EvaluationOutcome outcome;
        Seconds now = Now();
        if (!store_.Write(
                [&](Store::Writer& w, std::string& e) {
                    return EvaluateAlerts(w, catalogue_, account_id, nullptr, now, outcome, e);
                },
                error)) {
            logger_.Warn("alerts: account " + std::to_string(account_id) + ": " + error);
            continue;
        }
        if (outcome.changed && status_) status_->Changed(account_id);
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Deliveries

void AlertWorker::DeliverDue() {
    std::vector<DeliveryRecord> due;
    std::string error;
    Seconds now = Now();
    if (!store_.Read([&](Store::Writer& w,
                         std::string& e) { return DueDeliveries(w, now, kDeliveryBatch, due, e); },
                     error)) {
        logger_.Warn("alerts: " + error);
        return;
    }
    // Per channel, in the order they were queued: a channel's firing goes before its resolved.
    std::map<Id, std::vector<DeliveryRecord>> by_channel;
    for (const DeliveryRecord& delivery : due) by_channel[delivery.channel_id].push_back(delivery);
    for (const auto& [channel_id, deliveries] : by_channel) {
        if (Stopping()) return;
        ChannelRecord channel;
        bool found = false;
        // A copy: clang before 16 cannot capture a structured binding (the fuzz tree's clang-14).
        const Id id = channel_id;
        if (!store_.Read(
                [&](Store::Writer& w, std::string& e) {
                    return FindAlertChannel(w, id, channel, found, e, true);
                },
                error)) {
            logger_.Warn("alerts: " + error);
            continue;
        }
        if (!found || channel.deleted) {
            FailAll(deliveries, "channel deleted");
            continue;
        }
        switch (channel.channel.type) {
            case api::ChannelType::Email:
                DeliverEmail(channel, deliveries);
                break;
            case api::ChannelType::ServiceNow:
                for (const DeliveryRecord& delivery : deliveries) {
                    if (Stopping() || !HoldLease(kDeliveryLease)) return;
                    if (Claim(delivery)) DeliverServiceNow(channel, delivery);
                }
                break;
            case api::ChannelType::Webhook:
                for (const DeliveryRecord& delivery : deliveries) {
                    if (Stopping() || !HoldLease(kDeliveryLease)) return;
                    if (Claim(delivery)) DeliverWebhook(channel, delivery);
                }
                break;
        }
    }
}

bool AlertWorker::Claim(const DeliveryRecord& delivery) {
    bool claimed = false;
    Seconds now = Now();
    std::string error;
    if (!store_.Write(
            [&](Store::Writer& w, std::string& e) {
                return ClaimDelivery(w, delivery.id, now, now + kDeliveryClaimSeconds, claimed, e);
            },
            error)) {
        logger_.Warn("alerts: delivery " + std::to_string(delivery.id) + ": " + error);
        return false;
    }
    return claimed;
}

void AlertWorker::Record(const DeliveryRecord& delivery,
                         const alerts_delivery::DeliveryOutcome& outcome) {
    using Kind = alerts_delivery::DeliveryOutcome::Kind;
    Seconds now = Now();
    std::string error;
    bool ok = store_.Write(
        [&](Store::Writer& w, std::string& e) {
            if (outcome.kind == Kind::Delivered) {
                return MarkDelivered(w, delivery.id, outcome.external_id, "", {}, now, e);
            }
            std::optional<Seconds> next;
            if (outcome.kind == Kind::Retry && now - delivery.created_at < kDeliveryGiveUpSeconds) {
                Seconds delay = RetryDelaySeconds(delivery.attempts + 1);
                if (outcome.retry_after_seconds) {
                    delay = std::max<Seconds>(delay, *outcome.retry_after_seconds);
                }
                next = now + delay;
            }
            return MarkAttemptFailed(w, delivery.id, outcome.error, next, e);
        },
        error);
    if (!ok) {
        logger_.Error("alerts: delivery " + std::to_string(delivery.id) + ": " + error);
        return;
    }
    if (outcome.kind != Kind::Delivered) {
        logger_.Warn("alerts: delivery " + std::to_string(delivery.id) + " (" + delivery.kind +
                     ", channel " + std::to_string(delivery.channel_id) + "): " + outcome.error);
    }
    if (status_) status_->Changed(delivery.account_id);
}

void AlertWorker::DeliverEmail(const ChannelRecord& channel,
                               const std::vector<DeliveryRecord>& deliveries) {
    Seconds now = Now();
    // One mail per channel per kMailGroupSeconds: what is due meanwhile waits and goes together.
    if (channel.last_mail_at && now < *channel.last_mail_at + kMailGroupSeconds) return;
    const api::AlertChannel& settings = channel.channel;
    std::vector<AlertMailItem> items;
    std::vector<std::map<std::string, std::string>> firing_subjects;  // per item, by language
    std::vector<AdminAddress> admins;
    std::string account_name;
    std::string error;
    bool ok = store_.Read(
        [&](Store::Writer& w, std::string& e) {
            if (!AccountNameOf(w, settings.account_id, account_name, e)) return false;
            if (settings.account_admins &&
                !AccountAdminAddresses(w, settings.account_id, admins, e)) {
                return false;
            }
            for (const DeliveryRecord& delivery : deliveries) {
                AlertMailItem item;
                bool found = false;
                if (!FindAlert(w, delivery.alert_id, now, item.alert, found, e)) return false;
                item.resolved = delivery.kind == "resolved";
                std::map<std::string, std::string> subjects;
                if (item.resolved) {
                    std::string subject_json;
                    bool firing_found = false, failed = false;
                    if (!FiringDeliveryOf(w, delivery.alert_id, settings.id, item.firing_message_id,
                                          subject_json, firing_found, failed, e)) {
                        return false;
                    }
                    if (!firing_found) item.firing_message_id.clear();
                    api::Json parsed = api::Json::parse(subject_json, nullptr, false);
                    if (firing_found && parsed.is_object()) {
                        for (auto it = parsed.begin(); it != parsed.end(); ++it) {
                            if (it.value().is_string()) subjects[it.key()] = it.value();
                        }
                    }
                }
                // An alert fires again within the re-fire window as the same alert: its mails
                // stay in the thread its first mail on this channel started.
                bool threaded = false;
                if (!FirstFiringDeliveryOf(w, delivery.alert_id, settings.id,
                                           item.thread_message_id, threaded, e)) {
                    return false;
                }
                if (!threaded) item.thread_message_id.clear();
                std::vector<RoomDevice> devices;
                if (!RoomDevices(w, item.alert.room_id, devices, e)) return false;
                for (const RoomDevice& device : devices) {
                    item.devices.push_back(DeviceLine(device, LanguageOf(settings.language)));
                }
                items.push_back(std::move(item));
                firing_subjects.push_back(std::move(subjects));
            }
            return true;
        },
        error);
    if (!ok) {
        logger_.Warn("alerts: channel " + std::to_string(settings.id) + ": " + error);
        return;
    }

    // Recipients: the channel's own (in its language) and its account's admins (in theirs),
    // less whoever unsubscribed; each address once.
    std::vector<std::pair<std::string, std::string>> recipients;  // address, language
    auto add = [&](const std::string& address, const std::string& language) {
        std::string key = AddressKey(address);
        for (const std::string& gone : channel.unsubscribed) {
            if (AddressKey(gone) == key) return;
        }
        for (const auto& [known, _] : recipients) {
            if (AddressKey(known) == key) return;
        }
        recipients.emplace_back(address, language);
    };
    for (const std::string& recipient : settings.recipients) add(recipient, settings.language);
    for (const AdminAddress& admin : admins) add(admin.email, admin.language);
    if (recipients.empty()) {
        FailAll(deliveries, "the channel has no recipient");
        return;
    }

    AlertMailEnvelope envelope;
    envelope.public_url = config_.public_url;
    envelope.account_name = account_name;
    envelope.account_id = settings.account_id;
    envelope.channel_name = settings.name;
    envelope.message_id_base = "<alerts." + install_id_ + ".m" +
                               std::to_string(deliveries.front().id) + "@" +
                               MailDomain(config_.mail_from) + ">";
    api::Json subjects = api::Json::object();
    std::vector<Id> outbox_ids;
    std::vector<Id> delivery_ids;
    for (const DeliveryRecord& delivery : deliveries) delivery_ids.push_back(delivery.id);
    bool pending = true;
    ok = store_.Write(
        [&](Store::Writer& w, std::string& e) {
            outbox_ids.clear();
            // Another server may have taken the delivery lease over while this one read, and
            // mailed these already: then nothing is queued (issue 18: each mail goes once).
            if (!AllStillPending(w, delivery_ids, pending, e)) return false;
            if (!pending) return true;
            for (const auto& [address, code] : recipients) {
                Language language = LanguageOf(code);
                for (size_t i = 0; i < items.size(); ++i) {
                    auto found = firing_subjects[i].find(code);
                    items[i].firing_subject =
                        found == firing_subjects[i].end() ? "" : found->second;
                }
                subjects[code] = AlertMailSubject(items, language);
                MailMessage mail =
                    ComposeAlertMail(config_.mail_from, address, language, envelope, items,
                                     UnsubscribeUrl(config_, secrets_, settings.id, address));
                if (!EnqueueMail(w, mail, now, e)) return false;
                outbox_ids.push_back(mail.id);
            }
            // The subject per language, so that each resolved mail keeps its firing mail's.
            for (const char* code : {"en", "fr"}) {
                if (!subjects.contains(code)) {
                    for (AlertMailItem& item : items) item.firing_subject.clear();
                    subjects[code] = AlertMailSubject(items, LanguageOf(code));
                }
            }
            for (const DeliveryRecord& delivery : deliveries) {
                if (!MarkDelivered(w, delivery.id, envelope.message_id_base, subjects.dump(),
                                   outbox_ids, now, e)) {
                    return false;
                }
            }
            return SetChannelLastMail(w, settings.id, now, e);
        },
        error);
    if (!ok) {
        logger_.Error("alerts: channel " + std::to_string(settings.id) + ": " + error);
        return;
    }
    if (!pending) return;
    if (mail_) mail_->Wake();
    if (status_) status_->Changed(settings.account_id);
}

void AlertWorker::FailAll(const std::vector<DeliveryRecord>& deliveries, const std::string& why) {
    alerts_delivery::DeliveryOutcome failed;
    failed.kind = alerts_delivery::DeliveryOutcome::Kind::Failed;
    failed.error = why;
    for (const DeliveryRecord& delivery : deliveries) Record(delivery, failed);
}

bool AlertWorker::UnsealFor(const ChannelRecord& channel, const DeliveryRecord& delivery,
                            std::string& secret) {
    if (channel.sealed_secret.empty() || secrets_.Unseal(channel.sealed_secret, secret))
        return true;
    alerts_delivery::DeliveryOutcome sealed;
    sealed.kind = alerts_delivery::DeliveryOutcome::Kind::Failed;
    sealed.error = "the channel's secret cannot be read with this server's key";
    Record(delivery, sealed);
    return false;
}

void AlertWorker::DeliverServiceNow(const ChannelRecord& channel, const DeliveryRecord& delivery) {
    using Kind = alerts_delivery::DeliveryOutcome::Kind;
    const api::AlertChannel& settings = channel.channel;
    std::string secret;
    if (!UnsealFor(channel, delivery, secret)) return;
    Seconds now = Now();
    api::Alert alert;
    bool found = false;
    std::string account_name;
    std::string sys_id, subject_json;
    bool firing_found = false, firing_failed = false;
    std::vector<RoomDevice> devices;
    std::string error;
    bool ok = store_.Read(
        [&](Store::Writer& w, std::string& e) {
            return FindAlert(w, delivery.alert_id, now, alert, found, e) &&
                   AccountNameOf(w, delivery.account_id, account_name, e) &&
                   RoomDevices(w, alert.room_id, devices, e) &&
                   (delivery.kind != "resolved" ||
                    FiringDeliveryOf(w, delivery.alert_id, settings.id, sys_id, subject_json,
                                     firing_found, firing_failed, e));
        },
        error);
    if (!ok || !found) {
        logger_.Warn("alerts: delivery " + std::to_string(delivery.id) + ": " + error);
        return;
    }
    alerts_delivery::ServiceNowSettings snow = SettingsOf(settings, secret);
    if (delivery.kind == "resolved") {
        alerts_delivery::DeliveryOutcome outcome;
        if (firing_failed) {
            outcome.kind = Kind::Failed;
            outcome.error = "the incident was never created";
        } else if (!firing_found) {
            // The incident is still being opened: resolve it once it exists.
            std::string record_error;
            store_.Write(
                [&](Store::Writer& w, std::string& e) {
                    return MarkAttemptFailed(w, delivery.id,
                                             "waiting for the incident to be created",
                                             now + kWaitForIncidentSeconds, e);
                },
                record_error);
            return;
        } else {
            std::string resolved_at =
                alert.resolved_at ? telemetry::FormatUtcTime(*alert.resolved_at) : "";
            outcome = servicenow_.ResolveIncident(
                snow, sys_id,
                "Resolved by the Service Portal at " + resolved_at + ": the condition cleared.");
            if (outcome.kind == Kind::Delivered && outcome.external_id.empty()) {
                outcome.external_id = sys_id;
            }
        }
        return Record(delivery, outcome);
    }
    alerts_delivery::IncidentFacts facts;
    facts.correlation_id = CorrelationId(install_id_, alert.id);
    facts.correlation_display = "Service Portal";
    facts.severity = std::string(alerts::SeverityName(alert.severity));
    std::string room = alert.room_name + (alert.site.empty() ? "" : " (" + alert.site + ")");
    facts.short_description = room + ": " + ConditionWords(alert.condition, Language::English) +
                              (alert.serial.empty() ? "" : " " + alert.serial);
    std::string link = config_.public_url;
    while (!link.empty() && link.back() == '/') link.pop_back();
    link +=
        "/#/alerts/" + std::to_string(alert.id) + "?account=" + std::to_string(alert.account_id);
    std::string description = "Account: " + account_name + "\nRoom: " + room +
                              "\nCondition: " + facts.short_description +
                              "\nSince: " + telemetry::FormatUtcTime(alert.pending_since) +
                              "\nRule: " + alert.rule_name + "\nDevices:\n";
    for (const RoomDevice& device : devices) {
        description += "  - " + DeviceLine(device, Language::English) + "\n";
    }
    description += "Portal: " + link + "\n";
    facts.description = description;
    Record(delivery, servicenow_.OpenIncident(snow, facts));
}

void AlertWorker::DeliverWebhook(const ChannelRecord& channel, const DeliveryRecord& delivery) {
    using Kind = alerts_delivery::DeliveryOutcome::Kind;
    std::string secret;
    if (!UnsealFor(channel, delivery, secret)) return;
    Seconds now = Now();
    api::Alert alert;
    bool found = false;
    std::string account_name;
    std::string error;
    if (!store_.Read(
            [&](Store::Writer& w, std::string& e) {
                return FindAlert(w, delivery.alert_id, now, alert, found, e) &&
                       AccountNameOf(w, delivery.account_id, account_name, e);
            },
            error) ||
        !found) {
        logger_.Warn("alerts: delivery " + std::to_string(delivery.id) + ": " + error);
        return;
    }
    alert.deliveries.clear();  // the receiver's business is the alert, not our bookkeeping
    std::string event_id = install_id_ + "-" + std::to_string(delivery.id);
    api::Json body = {{"eventId", event_id},
                      {"type", "alert." + delivery.kind},
                      {"sentAt", telemetry::FormatUtcTime(now)},
                      {"account", {{"id", delivery.account_id}, {"name", account_name}}},
                      {"alert", api::AlertToJson(alert)}};
    alerts_delivery::DeliveryOutcome outcome = alerts_delivery::PostWebhook(
        channel.channel.url, secret, body.dump(), event_id, PolicyOf(config_));
    if (outcome.kind == Kind::Delivered && outcome.external_id.empty()) {
        outcome.external_id = event_id;
    }
    Record(delivery, outcome);
}

}  // namespace portal::server

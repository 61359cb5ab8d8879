// What an alert mail says (English and French) and how it threads: one mail per alert event,
// or one grouped mail for everything a channel has to say within 30 seconds (a site outage);
// the resolved mail answers the firing one (In-Reply-To/References to its Message-ID, same
// subject); every mail carries List-Unsubscribe with one-click POST (RFC 8058).
#pragma once

#include <string>
#include <vector>

#include "api/alerts_json.h"
#include "core/refusal.h"
#include "server/mail.h"

namespace portal::server {

struct AlertMailItem {
    api::Alert alert;  // room name, site, serial, times
    bool resolved = false;
    std::vector<std::string> devices;  // "SERIAL (product): offline since ..." of the room
    // resolved: the firing mail's Message-ID base and subject, when it went out
    std::string firing_message_id;
    std::string firing_subject;
    // The Message-ID base of the alert's first mail on the channel, when one went out: a re-fire
    // of the same alert (and the resolve after it) stays in that thread.
    std::string thread_message_id;
};

struct AlertMailEnvelope {
    std::string public_url;    // PORTAL_PUBLIC_URL, for the links
    std::string account_name;  // the customer
    Id account_id = 0;
    std::string channel_name;
    // The Message-ID's base, unique per mail ("<alerts.<install>.m<delivery>@<domain>>"); each
    // language's copy gets its own (MessageIdFor).
    std::string message_id_base;
};

// "<alerts.abc.m12@example.com>" + fr -> "<alerts.abc.m12.fr@example.com>"
std::string MessageIdFor(const std::string& base, Language language);
// The domain of the sender's address (Config::mail_from), for Message-IDs.
std::string MailDomain(const std::string& mail_from);

// The subject of a mail about items (the firing mail's subject when a single resolved item has
// one).
std::string AlertMailSubject(const std::vector<AlertMailItem>& items, Language language);

// The mail to one recipient, not yet queued: sender, recipient, subject, body, Message-ID and
// headers (threading, List-Unsubscribe with unsubscribe_url).
MailMessage ComposeAlertMail(const std::string& sender, const std::string& recipient,
                             Language language, const AlertMailEnvelope& envelope,
                             const std::vector<AlertMailItem>& items,
                             const std::string& unsubscribe_url);

// "Device offline" / "Appareil hors ligne", ...: a condition in words.
std::string ConditionWords(alerts::Condition condition, Language language);
std::string SeverityWords(alerts::Severity severity, Language language);

}  // namespace portal::server

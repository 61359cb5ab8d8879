// Alert mails: words, subjects, bodies and threading headers.
#include "server/alerts/alert_mail.h"

#include <set>

#include "core/telemetry.h"

namespace portal::server {

namespace {

bool Fr(Language language) {
    return language == Language::French;
}

std::string When(alerts::Seconds time) {
    // "2026-12-06 09:12 UTC": the rooms' zones differ; UTC is the one every reader can place.
    std::string text = telemetry::FormatUtcTime(time);  // 2026-12-06T09:12:00Z
    return text.substr(0, 10) + " " + text.substr(11, 5) + " UTC";
}

std::string Link(const AlertMailEnvelope& envelope, Id alert_id) {
    std::string base = envelope.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/#/alerts/" + std::to_string(alert_id) +
           "?account=" + std::to_string(envelope.account_id);
}

std::string RoomLabel(const api::Alert& alert) {
    std::string room =
        alert.room_name.empty() ? "#" + std::to_string(alert.room_id) : alert.room_name;
    return alert.site.empty() ? room : room + " (" + alert.site + ")";
}

std::string ItemLine(const AlertMailItem& item, Language language) {
    const api::Alert& alert = item.alert;
    std::string line = RoomLabel(alert) + ": " + ConditionWords(alert.condition, language);
    if (!alert.serial.empty()) line += " " + alert.serial;
    return line;
}

}  // namespace

std::string ConditionWords(alerts::Condition condition, Language language) {
    bool fr = Fr(language);
    switch (condition) {
        case alerts::Condition::DeviceOffline:
            return fr ? "appareil hors ligne" : "device offline";
        case alerts::Condition::RoomOffline:
            return fr ? "salle hors ligne" : "room offline";
        case alerts::Condition::NoTelemetry:
            return fr ? "plus de télémétrie" : "no telemetry";
        case alerts::Condition::OverCapacity:
            return fr ? "capacité dépassée" : "over capacity";
    }
    return "";
}

std::string SeverityWords(alerts::Severity severity, Language language) {
    bool fr = Fr(language);
    switch (severity) {
        case alerts::Severity::Critical:
            return fr ? "Critique" : "Critical";
        case alerts::Severity::Major:
            return fr ? "Majeure" : "Major";
        case alerts::Severity::Minor:
            return fr ? "Mineure" : "Minor";
        case alerts::Severity::Warning:
            return fr ? "Avertissement" : "Warning";
    }
    return "";
}

std::string MessageIdFor(const std::string& base, Language language) {
    size_t at = base.find('@');
    if (at == std::string::npos) return base;
    return base.substr(0, at) + (Fr(language) ? ".fr" : ".en") + base.substr(at);
}

std::string MailDomain(const std::string& mail_from) {
    size_t at = mail_from.rfind('@');
    if (at == std::string::npos) return "portal.invalid";
    std::string domain;
    for (size_t i = at + 1; i < mail_from.size(); ++i) {
        char c = mail_from[i];
        if (c == '>' || c == ' ') break;
        if (static_cast<unsigned char>(c) >= 0x80) return "portal.invalid";
        domain += c;
    }
    return domain.empty() ? "portal.invalid" : domain;
}

std::string AlertMailSubject(const std::vector<AlertMailItem>& items, Language language) {
    bool fr = Fr(language);
    if (items.size() == 1) {
        const AlertMailItem& item = items[0];
        // The resolved mail keeps the firing mail's subject: mail clients thread on it too.
        if (item.resolved && !item.firing_subject.empty()) return item.firing_subject;
        return "[" + SeverityWords(item.alert.severity, language) + "] " + ItemLine(item, language);
    }
    int firing = 0, resolved = 0;
    std::set<std::string> sites;
    for (const AlertMailItem& item : items) {
        (item.resolved ? resolved : firing) += 1;
        sites.insert(item.alert.site);
    }
    std::string where = sites.size() == 1 && !sites.begin()->empty()
                            ? (fr ? " sur le site " : " at ") + *sites.begin()
                            : "";
    std::string subject = fr ? "[Alertes] " : "[Alerts] ";
    if (firing > 0) {
        subject += std::to_string(firing) + (fr ? " en cours" : " firing");
    }
    if (resolved > 0) {
        if (firing > 0) subject += ", ";
        subject += std::to_string(resolved) + (fr ? " résolue(s)" : " resolved");
    }
    return subject + where;
}

MailMessage ComposeAlertMail(const std::string& sender, const std::string& recipient,
                             Language language, const AlertMailEnvelope& envelope,
                             const std::vector<AlertMailItem>& items,
                             const std::string& unsubscribe_url) {
    bool fr = Fr(language);
    MailMessage mail;
    mail.kind = "alert";
    mail.account_id = envelope.account_id;
    mail.sender = sender;
    mail.recipient = recipient;
    mail.language = language;
    mail.subject = AlertMailSubject(items, language);
    mail.message_id = MessageIdFor(envelope.message_id_base, language);

    std::string body;
    body += fr ? "Bonjour,\n\n" : "Hello,\n\n";
    if (items.size() > 1) {
        body += fr ? "Plusieurs alertes de " + envelope.account_name + " ont changé :\n\n"
                   : "Several alerts of " + envelope.account_name + " changed:\n\n";
    }
    std::vector<std::string> references;
    std::string in_reply_to;  // the first item's parent
    for (const AlertMailItem& item : items) {
        const api::Alert& alert = item.alert;
        std::string state =
            item.resolved ? (fr ? "RÉSOLUE" : "RESOLVED") : (fr ? "EN COURS" : "FIRING");
        body += state + " — " + SeverityWords(alert.severity, language) + " — " +
                ItemLine(item, language) + "\n";
        body += (fr ? "  Compte : " : "  Account: ") + envelope.account_name + "\n";
        body += (fr ? "  Salle : " : "  Room: ") + RoomLabel(alert) + "\n";
        if (!alert.rule_name.empty())
            body += (fr ? "  Règle : " : "  Rule: ") + alert.rule_name + "\n";
        body += (fr ? "  Depuis : " : "  Since: ") + When(alert.pending_since) + "\n";
        if (item.resolved && alert.resolved_at) {
            body += (fr ? "  Résolue : " : "  Resolved: ") + When(*alert.resolved_at) + "\n";
        }
        if (alert.flapping) {
            body +=
                fr ? "  Instable : l'état change souvent ; une notification au plus par 30 min.\n"
                   : "  Flapping: the state changes often; at most one notification per 30 min.\n";
        }
        if (!item.devices.empty()) {
            body += fr ? "  Appareils :\n" : "  Devices:\n";
            for (const std::string& device : item.devices) body += "    - " + device + "\n";
        }
        body += (fr ? "  Voir : " : "  View: ") + Link(envelope, alert.id) + "\n\n";
        // The thread: the alert's first mail, then the firing mail a resolved one answers (the
        // latest of the first item that has one is the mail's parent).
        bool first = in_reply_to.empty();
        for (const std::string& base : {item.thread_message_id, item.firing_message_id}) {
            if (base.empty()) continue;
            std::string id = MessageIdFor(base, language);
            if (first) in_reply_to = id;
            bool seen = false;
            for (const std::string& reference : references) seen |= reference == id;
            // A header line stays far below SMTP's 998 characters.
            if (!seen && references.size() < 10) references.push_back(id);
        }
    }
    body += fr ? "Vous recevez ce message car vous êtes destinataire du canal d'alerte « " +
                     envelope.channel_name + " ». Pour ne plus le recevoir : " + unsubscribe_url +
                     "\n"
               : "You receive this because you are a recipient of the alert channel \"" +
                     envelope.channel_name + "\". To stop receiving it: " + unsubscribe_url + "\n";
    mail.body = body;

    if (!references.empty()) {
        mail.headers.emplace_back("In-Reply-To", in_reply_to);
        std::string joined;
        for (const std::string& reference : references) {
            if (!joined.empty()) joined += " ";
            joined += reference;
        }
        mail.headers.emplace_back("References", joined);
    }
    mail.headers.emplace_back("List-Unsubscribe", "<" + unsubscribe_url + ">");
    mail.headers.emplace_back("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    return mail;
}

}  // namespace portal::server

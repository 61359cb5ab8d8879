// Support ticket mails, English and French.
#include "server/support/support_mail.h"

namespace portal::server {

namespace {

bool French(Language language) {
    return language == Language::French;
}

std::string WithoutTrailingSlash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

// The display name of the sender ("Support Services"), who signs every mail.
std::string TeamName(const Config& config) {
    std::string from = config.mail_from;
    size_t angle = from.find('<');
    std::string name = angle == std::string::npos ? "" : from.substr(0, angle);
    size_t begin = name.find_first_not_of(" \t\"");
    size_t end = name.find_last_not_of(" \t\"");
    return begin == std::string::npos ? "Support Services" : name.substr(begin, end - begin + 1);
}

std::string Number(const TicketRecord& ticket) {
    std::string number = std::to_string(ticket.number);
    return number.insert(0, 1, '#');
}

// "Opéra (Paris — La Défense)"-like line naming the room, or "" without one.
std::string RoomLine(const TicketRecord& ticket, Language language) {
    if (ticket.room_id == 0) return "";
    return (French(language) ? "Salle : " : "Room: ") + ticket.room_name + "\n";
}

}  // namespace

std::string TicketLink(const Config& config, Id ticket_id, Id account_id) {
    return WithoutTrailingSlash(config.public_url) + "/#/support/" + std::to_string(ticket_id) +
           "?account=" + std::to_string(account_id);
}

std::string StatusWords(const std::string& status, Language language, bool for_support) {
    bool fr = French(language);
    if (status == "new") return fr ? "Nouveau" : "New";
    if (status == "in_progress") return fr ? "En cours" : "In progress";
    if (status == "waiting_on_customer") {
        if (for_support) return fr ? "En attente du client" : "Waiting on the customer";
        return fr ? "En attente de votre réponse" : "Waiting on you";
    }
    if (status == "resolved") return fr ? "Résolu" : "Resolved";
    if (status == "closed") return fr ? "Fermé" : "Closed";
    return status;
}

std::string SeverityWords(const std::string& severity, Language language) {
    bool fr = French(language);
    if (severity == "critical") return fr ? "Critique" : "Critical";
    if (severity == "high") return fr ? "Haute" : "High";
    if (severity == "normal") return fr ? "Normale" : "Normal";
    if (severity == "low") return fr ? "Basse" : "Low";
    return severity;
}

std::string LevelWords(const Catalogue& catalogue, const std::string& level, Language language) {
    const ServiceLevelSpec* spec = catalogue.FindServiceLevel(level);
    if (!spec) return level;
    if (French(language) && !spec->name_fr.empty()) return spec->name_fr;
    return spec->name.empty() ? level : spec->name;
}

MailMessage TicketMail(const Config& config, const Catalogue& catalogue, TicketMailKind kind,
                       const TicketMailFacts& facts, const TicketPerson& recipient) {
    Language language = recipient.language == "fr" ? Language::French : Language::English;
    bool fr = French(language);
    const TicketRecord& ticket = facts.ticket;
    bool to_support = kind == TicketMailKind::Critical;
    MailMessage mail;
    mail.account_id = ticket.account_id;
    mail.sender = config.mail_from;
    mail.recipient = recipient.email;
    mail.language = language;
    std::string colon = fr ? " : " : ": ";
    std::string number = Number(ticket);
    std::string link = TicketLink(config, ticket.id, ticket.account_id);

    std::string body = (fr ? "Bonjour " : "Hello ") + recipient.name + ",\n\n";
    std::string details;
    details += (fr ? "Ticket : " : "Ticket: ") + number + " — " + ticket.subject + "\n";
    details += (fr ? "Compte : " : "Account: ") + ticket.account_name + "\n";
    details += RoomLine(ticket, language);
    details += (fr ? "Gravité : " : "Severity: ") + SeverityWords(ticket.severity, language) + "\n";
    details +=
        (fr ? "Statut : " : "Status: ") + StatusWords(ticket.status, language, to_support) + "\n";
    details += (fr ? "Niveau de service : " : "Service level: ") +
               LevelWords(catalogue, ticket.service_level, language) + "\n";

    switch (kind) {
        case TicketMailKind::New:
            mail.kind = "support_ticket_new";
            mail.subject = "[" + number + "] " + (fr ? "Ticket ouvert" : "Ticket opened") + colon +
                           ticket.subject;
            if (recipient.id == ticket.requester.id) {
                body += fr ? "Votre ticket est ouvert : le support du fournisseur vous répondra "
                             "dans les délais de votre niveau de service.\n\n"
                           : "Your ticket is open: the vendor's support will answer within the "
                             "times of your service level.\n\n";
            } else {
                body += facts.actor + (fr ? " a ouvert un ticket que vous suivez.\n\n"
                                          : " opened a ticket you follow.\n\n");
            }
            body += details;
            if (!ticket.description.empty()) body += "\n" + ticket.description + "\n";
            break;
        case TicketMailKind::Comment:
            mail.kind = "support_ticket_comment";
            mail.subject = "[" + number + "] " + (fr ? "Nouvelle réponse" : "New reply") + colon +
                           ticket.subject;
            body += facts.actor +
                    (facts.actor_support ? (fr ? " (support du fournisseur)" : " (vendor support)")
                                         : "") +
                    (fr ? " a répondu :\n\n" : " replied:\n\n");
            body += facts.comment + "\n\n";
            body += details;
            break;
        case TicketMailKind::Status:
            mail.kind = "support_ticket_status";
            mail.subject =
                "[" + number + "] " + StatusWords(ticket.status, language) + colon + ticket.subject;
            body += facts.actor.empty()
                        ? (fr ? "Le ticket a changé de statut" : "The ticket's status changed")
                        : facts.actor + (fr ? " a changé le statut du ticket"
                                            : " changed the ticket's status");
            body += colon + StatusWords(facts.from_status, language) + " → " +
                    StatusWords(ticket.status, language) + ".\n\n";
            if (facts.actor.empty() && ticket.status == "closed") {
                body += fr ? "Il était résolu depuis plusieurs jours sans nouvelle réponse.\n\n"
                           : "It had been resolved for several days without a new reply.\n\n";
            }
            body += details;
            break;
        case TicketMailKind::Critical:
            mail.kind = "support_ticket_critical";
            mail.subject = "[" + number + "] " +
                           (fr ? "Ticket critique de " : "Critical ticket from ") +
                           ticket.account_name + colon + ticket.subject;
            body += facts.actor +
                    (fr ? " a ouvert un ticket critique.\n\n" : " opened a critical ticket.\n\n");
            body += details;
            if (!ticket.description.empty()) body += "\n" + ticket.description + "\n";
            break;
    }
    body += fr ? "\nOuvrir le ticket : " : "\nOpen the ticket: ";
    body += link + "\n\n";
    body += TeamName(config) + "\n";
    mail.body = body;
    return mail;
}

}  // namespace portal::server

// What support ticket mails say (issue 14), in English and French by the recipient's stored
// language, each with the link <PORTAL_PUBLIC_URL>/#/support/<ticketId>?account=<accountId>:
//
//   new       to the requester (a receipt) and the followers, when a ticket is opened
//   comment   to the requester and followers but its author, on a public reply (never on an
//             internal note: those are never mailed)
//   status    to the requester and followers but who changed it (nobody: the auto close)
//   critical  to every operator, on a new critical ticket
//
// The mails go through the outbox (mail.h), queued in the transaction of the change.
#pragma once

#include <string>

#include "core/catalogue.h"
#include "core/refusal.h"
#include "server/config.h"
#include "server/mail.h"
#include "server/support/support_store.h"

namespace portal::server {

enum class TicketMailKind { New, Comment, Status, Critical };

struct TicketMailFacts {
    TicketRecord ticket;  // number, account, room, subject, severity, status, level
    std::string actor;    // who did it ("" for the system)
    bool actor_support = false;
    std::string comment;      // Comment: the reply
    std::string from_status;  // Status: where it came from
};

// <public_url>/#/support/<ticketId>?account=<accountId>
std::string TicketLink(const Config& config, Id ticket_id, Id account_id);

// "In progress" / "En cours", ...; "Waiting on you" for a customer, "Waiting on the customer"
// for the vendor's support.
std::string StatusWords(const std::string& status, Language language, bool for_support = false);
std::string SeverityWords(const std::string& severity, Language language);
// The level's name in the catalogue, in language; the id when the catalogue lacks it.
std::string LevelWords(const Catalogue& catalogue, const std::string& level, Language language);

// The mail to one recipient, not yet queued.
MailMessage TicketMail(const Config& config, const Catalogue& catalogue, TicketMailKind kind,
                       const TicketMailFacts& facts, const TicketPerson& recipient);

}  // namespace portal::server

// What a change of a ticket writes besides the ticket's row, shared by the routes
// (support_api.cpp) and the auto close (support_worker.h): its event, its audit entry in the
// account's log (object "ticket:<id>"), the clock's history and the mails, all in the
// transaction of the change.
#pragma once

#include <optional>
#include <string>

#include "api/json_fields.h"
#include "core/catalogue.h"
#include "core/support.h"
#include "server/config.h"
#include "server/store.h"
#include "server/support/support_mail.h"
#include "server/support/support_store.h"

namespace portal::server {

// Who changes a ticket: person.id 0 is the system (the auto close).
struct TicketActor {
    TicketPerson person;
    bool support = false;  // the vendor's support (an operator)
};

// "ticket:12"
std::string TicketObject(Id ticket_id);

bool RecordTicketEvent(Store::Writer& w, Id ticket_id, Seconds at, const std::string& kind,
                       const TicketActor& by, const std::string& from, const std::string& to,
                       bool internal, std::string& error);

// The audit entry of a change, in the ticket's account's log (user_id 0: the system).
bool AuditTicket(Store::Writer& w, const TicketRecord& ticket, Id user_id,
                 const std::string& action, std::optional<api::Json> before,
                 std::optional<api::Json> after, Seconds now, std::string& error);

// The facts of the mails of a change of ticket by `by` (the caller adds a reply or the status it
// came from).
TicketMailFacts MailFactsOf(const TicketRecord& ticket, const TicketActor& by);

// Queues the mail of `kind` to the ticket's requester and followers, each once, in their
// language: not to skip_user (who did it; a new ticket's requester still gets a receipt), and
// only to those who may still read the account (or are operators). queued counts them.
bool QueueFollowerMails(Store::Writer& w, const Config& config, const Catalogue& catalogue,
                        TicketMailKind kind, const TicketMailFacts& facts, Id skip_user,
                        Seconds now, int& queued, std::string& error);
// The critical mail to every operator.
bool QueueOperatorMails(Store::Writer& w, const Config& config, const Catalogue& catalogue,
                        const TicketMailFacts& facts, Seconds now, int& queued, std::string& error);

// Moves ticket to `to` at now, as by: its times (resolved_at set on resolving and cleared on
// reopening, closed_at on closing), the clock's history, the "status" event, the audit entry
// "ticket.status" and, when mail is set, the status mail. ticket is updated and written. The
// caller has checked that the move is allowed.
bool MoveTicket(Store::Writer& w, const Config& config, const Catalogue& catalogue,
                TicketRecord& ticket, support::TicketStatus to, const TicketActor& by, Seconds now,
                bool mail, int& queued, std::string& error);

}  // namespace portal::server

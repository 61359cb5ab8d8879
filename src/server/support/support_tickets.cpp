// Events, audit entries, mails and status moves of tickets.
#include "server/support/support_tickets.h"

#include <set>

#include "core/telemetry.h"
#include "server/audit_store.h"

namespace portal::server {

std::string TicketObject(Id ticket_id) {
    return "ticket:" + std::to_string(ticket_id);
}

bool RecordTicketEvent(Store::Writer& w, Id ticket_id, Seconds at, const std::string& kind,
                       const TicketActor& by, const std::string& from, const std::string& to,
                       bool internal, std::string& error) {
    TicketEvent event;
    event.ticket_id = ticket_id;
    event.at = at;
    event.kind = kind;
    event.by = by.person;
    event.by_support = by.support;
    event.from = from;
    event.to = to;
    event.internal = internal;
    return InsertEvent(w, event, error);
}

bool AuditTicket(Store::Writer& w, const TicketRecord& ticket, Id user_id,
                 const std::string& action, std::optional<api::Json> before,
                 std::optional<api::Json> after, Seconds now, std::string& error) {
    AuditEntry entry;
    entry.account_id = ticket.account_id;
    entry.at = telemetry::FormatUtcTime(now);
    entry.user_id = user_id;
    entry.action = action;
    entry.object = TicketObject(ticket.id);
    entry.before = std::move(before);
    entry.after = std::move(after);
    return AppendAudit(w, entry, error);
}

TicketMailFacts MailFactsOf(const TicketRecord& ticket, const TicketActor& by) {
    TicketMailFacts facts;
    facts.ticket = ticket;
    facts.actor = by.person.name;
    facts.actor_support = by.support;
    return facts;
}

bool QueueFollowerMails(Store::Writer& w, const Config& config, const Catalogue& catalogue,
                        TicketMailKind kind, const TicketMailFacts& facts, Id skip_user,
                        Seconds now, int& queued, std::string& error) {
    const TicketRecord& ticket = facts.ticket;
    std::vector<TicketPerson> followers;
    std::vector<AccountReader> readers;
    if (!ListFollowers(w, ticket.id, followers, error) ||
        !ListAccountReaders(w, ticket.account_id, readers, error)) {
        return false;
    }
    std::set<Id> may_read;
    for (const AccountReader& reader : readers) may_read.insert(reader.person.id);
    std::vector<TicketPerson> recipients;
    std::set<Id> seen;
    auto add = [&](const TicketPerson& person) {
        if (person.id == 0 || !seen.insert(person.id).second) return;
        bool receipt = kind == TicketMailKind::New && person.id == ticket.requester.id;
        if (person.id == skip_user && !receipt) return;
        recipients.push_back(person);
    };
    add(ticket.requester);
    for (const TicketPerson& follower : followers) add(follower);
    for (const TicketPerson& person : recipients) {
        // Someone who left the account (or its delegation) hears no more of its tickets; an
        // operator following a ticket does.
        if (!may_read.count(person.id)) {
            bool support = false;
            if (!IsOperator(w, person.id, support, error)) return false;
            if (!support) continue;
        }
        MailMessage mail = TicketMail(config, catalogue, kind, facts, person);
        if (!EnqueueMail(w, mail, now, error)) return false;
        ++queued;
    }
    return true;
}

bool QueueOperatorMails(Store::Writer& w, const Config& config, const Catalogue& catalogue,
                        const TicketMailFacts& facts, Seconds now, int& queued,
                        std::string& error) {
    std::vector<TicketPerson> operators;
    if (!ListOperators(w, operators, error)) return false;
    for (const TicketPerson& person : operators) {
        MailMessage mail = TicketMail(config, catalogue, TicketMailKind::Critical, facts, person);
        if (!EnqueueMail(w, mail, now, error)) return false;
        ++queued;
    }
    return true;
}

bool MoveTicket(Store::Writer& w, const Config& config, const Catalogue& catalogue,
                TicketRecord& ticket, support::TicketStatus to, const TicketActor& by, Seconds now,
                bool mail, int& queued, std::string& error) {
    std::string from = ticket.status;
    ticket.status = support::StatusId(to);
    if (to == support::TicketStatus::Resolved) {
        ticket.resolved_at = now;
    } else if (to != support::TicketStatus::Closed) {
        ticket.resolved_at.reset();  // reopened: a later resolve starts the auto close again
    }
    if (to == support::TicketStatus::Closed) ticket.closed_at = now;
    ticket.updated_at = now;
    ticket.worked_at = now;
    if (!UpdateTicket(w, ticket, error) || !InsertStatusChange(w, ticket.id, now, to, error) ||
        !RecordTicketEvent(w, ticket.id, now, "status", by, from, ticket.status, false, error) ||
        !AuditTicket(w, ticket, by.person.id, "ticket.status", api::Json{{"status", from}},
                     api::Json{{"status", ticket.status}}, now, error)) {
        return false;
    }
    if (!mail) return true;
    TicketMailFacts facts = MailFactsOf(ticket, by);
    facts.from_status = from;
    return QueueFollowerMails(w, config, catalogue, TicketMailKind::Status, facts, by.person.id,
                              now, queued, error);
}

}  // namespace portal::server

// The auto close of resolved tickets, under a lease.
#include "server/support/support_worker.h"

#include <chrono>
#include <vector>

#include "server/log.h"
#include "server/mail.h"
#include "server/support/support_store.h"
#include "server/support/support_tickets.h"

namespace portal::server {

namespace {

constexpr int kCloseBatch = 200;

}  // namespace

SupportWorker::SupportWorker(const Config& config, Store& store, const Catalogue& catalogue,
                             Logger& logger, Clock clock, MailWorker* mail)
    : config_(config),
      store_(store),
      catalogue_(catalogue),
      logger_(logger),
      clock_(std::move(clock)),
      mail_(mail),
      leases_(store, logger, "support", config.alerts_tick_ms, {kAutoCloseLease}),
      thread_(std::chrono::milliseconds(config.alerts_tick_ms), [this] {
          RunOnce();
          return false;
      }) {}

SupportWorker::~SupportWorker() {
    Stop();
}

void SupportWorker::Start() {
    thread_.Start();
}

void SupportWorker::Stop() {
    if (thread_.Stop()) leases_.ReleaseAll();
}

int64_t SupportWorker::Now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
}

void SupportWorker::RunOnce(int* closed) {
    if (closed) *closed = 0;
    int days = catalogue_.rules.ticket_auto_close_days;
    if (days <= 0) return;  // the catalogue switched the auto close off
    Seconds now = Now();
    if (!leases_.Hold(kAutoCloseLease, now)) return;
    Seconds before = now - static_cast<Seconds>(days) * 86400;
    std::vector<Id> due;
    std::string error;
    if (!store_.Read(
            [&](Store::Writer& w, std::string& e) {
                return TicketsResolvedBefore(w, before, kCloseBatch, due, e);
            },
            error)) {
        logger_.Warn("support: " + error);
        return;
    }
    int mails = 0;
    for (Id ticket_id : due) {
        if (thread_.Stopping()) break;
        bool done = false;
        if (!store_.Write(
                [&](Store::Writer& w, std::string& e) {
                    // Read again in the transaction: a reply may have reopened it meanwhile.
                    TicketRecord ticket;
                    bool found = false;
                    if (!FindTicket(w, ticket_id, ticket, found, e)) return false;
                    if (!found || ticket.status != "resolved" || !ticket.resolved_at ||
                        *ticket.resolved_at > before) {
                        return true;
                    }
                    done = true;
                    return MoveTicket(w, config_, catalogue_, ticket, support::TicketStatus::Closed,
                                      TicketActor{}, now, true, mails, e);
                },
                error)) {
            logger_.Warn("support: ticket " + std::to_string(ticket_id) + ": " + error);
            continue;
        }
        if (done && closed) ++*closed;
    }
    if (mails > 0 && mail_) mail_->Wake();
}

}  // namespace portal::server

// The auto close of resolved tickets, under a lease.
#include "server/support/support_worker.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "server/log.h"
#include "server/mail.h"
#include "server/password.h"
#include "server/storage/leases.h"
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
      holder_(NewRandomToken().substr(0, 16)),
      // As the alert worker's: outlasts a pass between renewals, and a server killed mid-pass
      // is replaced within seconds.
      lease_seconds_(std::clamp<int64_t>(config.alerts_tick_ms / 100, 3, 30)) {}

SupportWorker::~SupportWorker() {
    Stop();
}

void SupportWorker::Start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stop_ = false;
    thread_ = std::thread([this] { Loop(); });
}

void SupportWorker::Stop() {
    std::thread thread;
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        thread = std::move(thread_);
    }
    wake_.notify_all();
    if (!thread.joinable()) return;
    thread.join();
    std::string error;
    if (!store_.Write([&](Store::Writer& w,
                          std::string& e) { return ReleaseLease(w, kAutoCloseLease, holder_, e); },
                      error)) {
        logger_.Warn("support: " + error);
    }
}

bool SupportWorker::Stopping() {
    std::lock_guard lock(mutex_);
    return stop_;
}

int64_t SupportWorker::Now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
}

void SupportWorker::Loop() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        lock.unlock();
        RunOnce();
        lock.lock();
        // Real time: a tick is a wait, whatever the server's clock says.
        wake_.wait_for(lock, std::chrono::milliseconds(config_.alerts_tick_ms),
                       [this] { return stop_; });
    }
}

void SupportWorker::RunOnce(int* closed) {
    if (closed) *closed = 0;
    int days = catalogue_.rules.ticket_auto_close_days;
    if (days <= 0) return;  // the catalogue switched the auto close off
    Seconds now = Now();
    bool held = false;
    std::string error;
    if (!store_.Write(
            [&](Store::Writer& w, std::string& e) {
                return TakeLease(w, kAutoCloseLease, holder_, now, lease_seconds_, held, e);
            },
            error)) {
        logger_.Warn("support: " + error);
        return;
    }
    if (!held) return;
    Seconds before = now - static_cast<Seconds>(days) * 86400;
    std::vector<Id> due;
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
        if (Stopping()) break;
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

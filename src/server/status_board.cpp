// The StatusBoard of the long polls: in memory for one server, shared through a StatusFeed for
// several.
#include "server/status_board.h"

#include <algorithm>
#include <cstdlib>
#include <random>

#include "server/log.h"

namespace portal::server {

namespace {
constexpr telemetry::Seconds kHour = 3600;
}  // namespace

StatusBoard::StatusBoard(StatusFeed* feed, Logger* logger) : feed_(feed), logger_(logger) {
    if (feed_) {
        // The same on every server (and across restarts): the sequence behind the versions
        // never goes back, so a version read from one server means the same on any other.
        boot_ = "db";
        return;
    }
    std::random_device random;
    std::uniform_int_distribution<int> digit(0, 35);
    const char* alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < 10; ++i) boot_ += alphabet[digit(random)];
}

bool StatusBoard::SumLocked(const std::vector<Id>& account_ids, int64_t& sum) const {
    sum = 0;
    bool complete = true;
    for (Id account_id : account_ids) {
        auto found = versions_.find(account_id);
        if (found != versions_.end()) {
            sum += found->second;
        } else if (feed_) {
            complete = false;  // without a feed, an account never changed is at 0
        }
    }
    return complete;
}

std::string StatusBoard::Version(Id account_id) {
    return Version(std::vector<Id>{account_id});
}

std::string StatusBoard::Version(const std::vector<Id>& account_ids) {
    uint64_t generation = 0;
    {
        std::lock_guard lock(mutex_);
        int64_t sum = 0;
        // Without a listener a change made through another server would go unseen: read.
        if (SumLocked(account_ids, sum) && (!feed_ || listening_)) return Format(sum);
        generation = generation_;
    }
    std::map<Id, int64_t> read;
    std::string error;
    if (!feed_->Read(account_ids, read, error)) {
        // What this server knows is the best answer left; a later poll reads again.
        if (logger_) logger_->Warn("status: " + error);
        std::lock_guard lock(mutex_);
        int64_t sum = 0;
        SumLocked(account_ids, sum);
        return Format(sum);
    }
    std::lock_guard lock(mutex_);
    int64_t sum = 0;
    for (Id account_id : account_ids) {
        int64_t version = read.count(account_id) ? read[account_id] : 0;
        // Versions only go up: the larger of what was read and what was heard meanwhile is the
        // current one. A reconnect meanwhile (generation moved) may have missed changes that
        // the read predates: not kept then.
        int64_t& known = versions_[account_id];
        if (generation == generation_) {
            known = std::max(known, version);
            version = known;
        } else {
            version = std::max(known, version);
        }
        sum += version;
    }
    return Format(sum);
}

void StatusBoard::Changed(Id account_id) {
    if (!feed_) {
        {
            std::lock_guard lock(mutex_);
            ++versions_[account_id];
        }
        changed_.notify_all();
        return;
    }
    int64_t version = 0;
    std::string error;
    bool bumped = feed_->Bump(account_id, version, error);
    {
        std::lock_guard lock(mutex_);
        if (bumped) {
            int64_t& known = versions_[account_id];
            known = std::max(known, version);
        } else {
            // The change happened but no version says so: this server's waiters still answer
            // (what they read is current), and the account is read afresh next time.
            versions_.erase(account_id);
            ++generation_;
        }
    }
    if (!bumped && logger_) {
        logger_->Warn("status: account " + std::to_string(account_id) + ": " + error);
    }
    changed_.notify_all();
}

void StatusBoard::Announced(const std::string& payload) {
    if (payload == "kiosks") {
        {
            std::lock_guard lock(mutex_);
            ++kiosk_wakes_;
        }
        changed_.notify_all();
        return;
    }
    size_t colon = payload.find(':');
    if (colon == std::string::npos) return;
    Id account_id = std::strtoll(payload.c_str(), nullptr, 10);
    int64_t version = std::strtoll(payload.c_str() + colon + 1, nullptr, 10);
    if (account_id <= 0 || version <= 0) return;
    {
        std::lock_guard lock(mutex_);
        int64_t& known = versions_[account_id];
        if (version <= known) return;  // this server's own Bump, heard back
        known = version;
    }
    changed_.notify_all();
}

void StatusBoard::Listening(bool listening) {
    {
        std::lock_guard lock(mutex_);
        listening_ = listening;
        versions_.clear();
        ++generation_;
    }
    changed_.notify_all();
}

void StatusBoard::WaitWhileCurrent(Id account_id, const std::string& since,
                                   std::chrono::milliseconds wait) {
    Wait({account_id}, since, wait, false);
}

void StatusBoard::WaitWhileCurrent(const std::vector<Id>& account_ids, const std::string& since,
                                   std::chrono::milliseconds wait) {
    Wait(account_ids, since, wait, true);
}

void StatusBoard::Wait(const std::vector<Id>& account_ids, const std::string& since,
                       std::chrono::milliseconds wait, bool kiosk) {
    std::string current = Version(account_ids);  // with a feed: reads what is not known
    std::unique_lock lock(mutex_);
    if (stopping_ || waiters_ >= kMaxWaiters || since != current) return;
    int64_t wakes = kiosk_wakes_;
    uint64_t generation = generation_;
    ++waiters_;
    changed_.wait_for(lock, wait, [&] {
        int64_t sum = 0;
        return stopping_ || generation_ != generation || !SumLocked(account_ids, sum) ||
               since != Format(sum) || (kiosk && kiosk_wakes_ != wakes);
    });
    --waiters_;
}

void StatusBoard::WakeKiosks() {
    {
        std::lock_guard lock(mutex_);
        ++kiosk_wakes_;
    }
    changed_.notify_all();
    std::string error;
    if (feed_ && !feed_->AnnounceKioskWake(error) && logger_) logger_->Warn("status: " + error);
}

void StatusBoard::Shutdown() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
}

bool StatusBoard::PurgeDue(telemetry::Seconds now) {
    telemetry::Seconds due = next_purge_.load();
    return now >= due && next_purge_.compare_exchange_strong(due, now + kHour);
}

}  // namespace portal::server

// The live side of GET /accounts/{id}/status, the kiosk dashboard and the alerts' long polls: a
// version per account that every change to what they show moves, and the waits on it.
//
// One server (SQLite): the versions live in this board's memory, "<boot>-<n>" with boot random
// per start, so that after a restart every client's `since` is stale and answered at once.
// Several servers (PostgreSQL): a round-robin balancer sends a client's polls to any of them, so
// the versions must be the same on every server or clients ping-pong between two. The board then
// shares them through a StatusFeed (status_versions, moved from a sequence, and NOTIFY
// portal_status), and the server's change listener (storage/change_listener.h) applies what
// other servers announce, which wakes this server's waiters too. The board itself knows no SQL.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/telemetry.h"

namespace portal::server {

class Logger;
class Store;

// Where a board shares its versions with the other servers of its database.
class StatusFeed {
  public:
    virtual ~StatusFeed() = default;
    // Moves the account's version past every version it had, on every server, and announces
    // the new one; version: it.
    virtual bool Bump(Id account_id, int64_t& version, std::string& error) = 0;
    // The accounts' versions now; an account never moved is left out (its version is 0).
    virtual bool Read(const std::vector<Id>& account_ids, std::map<Id, int64_t>& versions,
                      std::string& error) = 0;
    // Announces a WakeKiosks to every server.
    virtual bool AnnounceKioskWake(std::string& error) = 0;
};

// The PostgreSQL feed, over store (telemetry_store.cpp writes its SQL): what the change listener
// of each server hears on kStatusChannel.
std::unique_ptr<StatusFeed> MakeStoreStatusFeed(Store& store);
inline constexpr const char* kStatusChannel = "portal_status";

// Thread-safe.
class StatusBoard {
  public:
    static constexpr int kMaxWaiters = 32;

    // feed: null for one server's memory alone; else shared (the board does not own it).
    explicit StatusBoard(StatusFeed* feed = nullptr, Logger* logger = nullptr);

    std::string Version(Id account_id);
    // The account's status changed: its version moves and its waiters wake (every server's,
    // with a feed).
    void Changed(Id account_id);

    // Holds the caller while `since` is the account's current version, until it moves, `wait`
    // passes or Shutdown; at once when `since` is another version, when kMaxWaiters callers
    // wait already, or after Shutdown.
    void WaitWhileCurrent(Id account_id, const std::string& since, std::chrono::milliseconds wait);

    // Several accounts as one (a kiosk spans them): "<boot>-<sum of their counters>", which
    // moves whenever one of theirs does (counters never go back). Version({id}) == Version(id).
    std::string Version(const std::vector<Id>& account_ids);
    // WaitWhileCurrent for several accounts; it also returns when WakeKiosks is called.
    void WaitWhileCurrent(const std::vector<Id>& account_ids, const std::string& since,
                          std::chrono::milliseconds wait);
    // Wakes the waits of the several-accounts kind without moving any version: a kiosk link was
    // revoked, and a kiosk waiting on it must learn within seconds (its next check gives 401).
    void WakeKiosks();

    // Wakes every waiter and makes later waits return at once (the server stops).
    void Shutdown();

    // Whether raw telemetry is due to be purged (at most once an hour): true once per hour.
    bool PurgeDue(telemetry::Seconds now);

    // What the change listener hears (with a feed): a payload of kStatusChannel, either
    // "<account>:<version>" (another server's Bump, or this one's) or "kiosks".
    void Announced(const std::string& payload);
    // The listener's connection listens (true: from now on every change is heard) or was lost
    // (false). Either way what the board knew may have missed changes: it forgets it, and its
    // waiters answer (a client's next poll reads the versions afresh).
    void Listening(bool listening);

  private:
    // The sum of the accounts' known versions; false when one is not known.
    bool SumLocked(const std::vector<Id>& account_ids, int64_t& sum) const;
    std::string Format(int64_t sum) const { return boot_ + "-" + std::to_string(sum); }
    void Wait(const std::vector<Id>& account_ids, const std::string& since,
              std::chrono::milliseconds wait, bool kiosk);

    StatusFeed* feed_;
    Logger* logger_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::string boot_;
    // Each account's version: all of them without a feed; with one, those heard or read since
    // the listener last (re)connected, which only go up.
    std::map<Id, int64_t> versions_;
    bool listening_ = false;   // with a feed: versions_ is kept current by the listener
    uint64_t generation_ = 0;  // moves when versions_ is forgotten
    int waiters_ = 0;
    int64_t kiosk_wakes_ = 0;
    bool stopping_ = false;
    std::atomic<telemetry::Seconds> next_purge_{0};
};

}  // namespace portal::server

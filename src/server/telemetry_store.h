// Telemetry storage (migration 008): agent tokens, batches taken, raw events, their hourly
// roll-ups and the current status of rooms and devices; and the StatusBoard, the in-memory side
// of GET /status (a version per account that long polls wait on).
//
// Ingest, in one transaction (Store::Write):
//   ClaimBatch  -> New: LoadAccountScope, telemetry::CheckBatch, then StoreBatch, which stores the
//   raw events, upserts room_status/device_status (the newest event wins) and re-rolls the hours
//   the new events can change with core insights::RollUp.
//
// Reading roll-ups is insights_query.h's: the stored hours up to room_hours_state.computed_to,
// and from that hour on the "open tail" rolled up live from the raw events up to now.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/insights.h"
#include "core/telemetry.h"
#include "server/store.h"

namespace portal::server {

using telemetry::Seconds;

// ---------------------------------------------------------------------------------------------
// [SECTION] Agent tokens

struct AgentTokenRecord {
    Id id = 0;
    Id account_id = 0;
    std::string name;
    Id created_by = 0;
    Seconds created_at = 0;
    std::optional<Seconds> last_used_at;
    std::optional<Seconds> revoked_at;
};

telemetry::AgentToken ToAgentToken(const AgentTokenRecord& record);

// token_hash: Sha256Hex of the token (the token itself is never stored).
bool InsertAgentToken(Store::Writer& w, AgentTokenRecord& token, const std::string& token_hash,
                      std::string& error);
// The account's tokens, newest first.
bool ListAgentTokens(Store::Writer& w, Id account_id, std::vector<AgentTokenRecord>& out,
                     std::string& error);
bool FindAgentToken(Store::Writer& w, Id token_id, AgentTokenRecord& out, bool& found,
                    std::string& error);
bool FindAgentTokenByHash(Store::Writer& w, const std::string& token_hash, AgentTokenRecord& out,
                          bool& found, std::string& error);
// Sets revoked_at unless it is set already.
bool RevokeAgentToken(Store::Writer& w, Id token_id, Seconds now, std::string& error);
bool TouchAgentToken(Store::Writer& w, Id token_id, Seconds now, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Ingest

enum class BatchClaim {
    New,        // recorded now: store the events in the same transaction
    Duplicate,  // the same batch id with the same body: nothing to store again
    Conflict,   // the same batch id with another body
};

// Records (account, batch id) with the body's hash, unless it is there already. accepted: the
// events of the batch (the first time's, for a duplicate).
bool ClaimBatch(Store::Writer& w, Id account_id, const std::string& batch_id,
                const std::string& body_hash, int accepted, Seconds now, BatchClaim& claim,
                int& first_accepted, std::string& error);

// The rooms and devices of an account, what a batch is checked against; and the room each device
// is in (0: none), for the roll-ups its events feed.
bool LoadAccountScope(Store::Writer& w, Id account_id, telemetry::AccountScope& scope,
                      std::map<std::string, Id>& device_rooms, std::string& error);

// Stores a checked batch of the account: raw events (an occupancy or device event at the same
// second as a stored one replaces it; a meeting stored already is kept once), room and device
// status (newest wins), and the hours of room_hours its events can change, recomputed. now: the
// server's clock (roll-ups never count past it). status_changed: the status document of the
// account differs now (the long polls' version moves).
bool StoreBatch(Store::Writer& w, Id account_id, const telemetry::Batch& batch,
                const std::map<std::string, Id>& device_rooms, Seconds now, bool& status_changed,
                std::string& error);

// Deletes raw events older than `before`, except each room's and each device's latest one (it
// carries the state into what follows). Roll-ups are kept.
bool PurgeRawTelemetry(Store::Writer& w, Seconds before, std::string& error);

// Everything a room's telemetry left behind: call before its row is deleted (the foreign keys
// refuse the room's deletion otherwise).
bool DeleteRoomTelemetry(Store::Writer& w, Id room_id, std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading roll-ups (insights)

// What insights::RollUp needs of a room for [from, to): its occupancy events and each of its
// devices' status events in the span, each list led by the last event before `from` (the state
// carried in), and the meetings overlapping the span. Devices: those in the room now.
bool LoadRoomHistory(Database& db, Id room_id, Seconds from, Seconds to, insights::RoomHistory& out,
                     std::string& error);

// ---------------------------------------------------------------------------------------------
// [SECTION] Status

struct RoomStatusRow {
    Id room_id = 0;
    std::optional<int> people;
    std::optional<Seconds> people_at;
    bool in_meeting = false;  // a meeting covers now
};
struct DeviceStatusRow {
    std::string serial;
    Id room_id = 0;
    std::optional<bool> online;  // nullopt: never reported
    std::optional<Seconds> at;
    std::optional<std::string> firmware;
};
// Every room and device of the account with what telemetry says of it now.
bool LoadStatusRows(Store::Writer& w, Id account_id, Seconds now, std::vector<RoomStatusRow>& rooms,
                    std::vector<DeviceStatusRow>& devices, std::string& error);
// LoadStatusRows for several accounts at once: one query per table however many they are.
bool LoadStatusRowsOf(Store::Writer& w, const std::vector<Id>& account_ids, Seconds now,
                      std::vector<RoomStatusRow>& rooms, std::vector<DeviceStatusRow>& devices,
                      std::string& error);

// What GET /status says of each room (alerts aside), in the order of `rooms`: its devices online
// and offline (those that reported), and its state; people and meetings only where insights
// says the room holds an Insights license now (R-GATE-1; a room it does not name has none).
std::vector<telemetry::RoomStatus> LiveRoomStatuses(const std::vector<RoomStatusRow>& rooms,
                                                    const std::vector<DeviceStatusRow>& devices,
                                                    const std::map<Id, bool>& insights);

// ---------------------------------------------------------------------------------------------
// [SECTION] StatusBoard

// The live side of GET /accounts/{id}/status: a version per account ("<boot>-<n>", boot random
// per start, so that after a restart every client's `since` is stale and answered at once) that
// an accepted batch moves, and the long polls waiting for it to move. Thread-safe.
class StatusBoard {
  public:
    static constexpr int kMaxWaiters = 32;

    StatusBoard();

    std::string Version(Id account_id);
    // The account's status changed: its version moves and its waiters wake.
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
    bool PurgeDue(Seconds now);

  private:
    std::string CurrentLocked(const std::vector<Id>& account_ids) const;
    void Wait(const std::vector<Id>& account_ids, const std::string& since,
              std::chrono::milliseconds wait, bool kiosk);

    std::mutex mutex_;
    std::condition_variable changed_;
    std::string boot_;
    std::map<Id, int64_t> versions_;
    int waiters_ = 0;
    int64_t kiosk_wakes_ = 0;
    bool stopping_ = false;
    std::atomic<Seconds> next_purge_{0};
};

}  // namespace portal::server

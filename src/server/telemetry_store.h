// Telemetry storage (migration 008): agent tokens, batches taken, raw events, their hourly
// roll-ups and the current status of rooms and devices. The versions GET /status's long polls
// wait on are the StatusBoard's (status_board.h); its shared feed's SQL is here.
//
// Ingest, in one transaction (Store::Write):
//   ClaimBatch  -> New: LoadAccountScope, telemetry::CheckBatch, then StoreBatch, which stores the
//   raw events, upserts room_status/device_status (the newest event wins) and re-rolls the hours
//   the new events can change with core insights::RollUp.
//
// Reading roll-ups is insights_query.h's: the stored hours up to room_hours_state.computed_to,
// and from that hour on the "open tail" rolled up live from the raw events up to now.
//
// On PostgreSQL the raw events and room_hours are partitioned by UTC month (migration 008): the
// store makes the partitions a write needs first (TelemetryTables), stores a batch with one
// multi-row statement per table, and the purge drops whole expired months.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/insights.h"
#include "core/telemetry.h"
#include "server/status_board.h"  // the StatusBoard, once part of this file
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
// [SECTION] Month partitions (PostgreSQL) and the purge's lease

// What one server keeps in memory of its telemetry tables: the months of the partitioned ones
// known to exist in its database (a write into months seen before then costs no round trip),
// and its name as the holder of the purge's lease (random per start). Thread-safe. On SQLite
// there are no partitions to know.
class TelemetryTables {
  public:
    TelemetryTables();

    // Makes sure table's partitions cover every UTC month from `from`'s to `to`'s
    // (portal_ensure_month_partitions: safe when two servers race, each month is made once).
    bool EnsureMonths(Database& db, const char* table, Seconds from, Seconds to,
                      std::string& error);
    // Forgets every month known: a write failed (a partition made in its transaction went with
    // it), or the purge dropped some.
    void ForgetMonths();

    const std::string& holder() const { return holder_; }

  private:
    std::string holder_;
    std::mutex mutex_;
    std::set<std::pair<std::string, int64_t>> months_;  // table, year * 12 + month - 1
};

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
// On PostgreSQL each table's events go in with one statement; tables: the server's.
bool StoreBatch(Store::Writer& w, Id account_id, const telemetry::Batch& batch,
                const std::map<std::string, Id>& device_rooms, Seconds now, TelemetryTables& tables,
                bool& status_changed, std::string& error);

// The lease of the raw-telemetry purge: one server of those sharing a database purges.
inline constexpr const char* kTelemetryPurgeLease = "telemetry.purge";

// Deletes raw events older than `before`, except each room's and each device's latest one (it
// carries the state into what follows), when this server (tables.holder()) takes the lease
// kTelemetryPurgeLease for an hour; purged false: another server holds it. On PostgreSQL the
// expired months that hold no such latest event are dropped whole first, then the rows of the
// others deleted. Roll-ups are kept.
bool PurgeRawTelemetry(Store::Writer& w, TelemetryTables& tables, Seconds now, Seconds before,
                       bool& purged, std::string& error);

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

}  // namespace portal::server

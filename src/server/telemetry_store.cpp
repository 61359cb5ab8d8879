// Telemetry storage in SQL (migration 008) and the StatusBoard of the long polls.
#include "server/telemetry_store.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <limits>
#include <random>
#include <set>

#include "server/sql_helpers.h"

namespace portal::server {

namespace {

constexpr Seconds kHour = insights::kHour;

Seconds FloorHour(Seconds t) {
    return (t >= 0 ? t / kHour : (t - kHour + 1) / kHour) * kHour;
}

constexpr const char* kSelectToken =
    "SELECT id, account_id, name, created_by, created_at, last_used_at, revoked_at"
    " FROM agent_tokens";

AgentTokenRecord ReadToken(const Statement& row) {
    AgentTokenRecord token;
    token.id = row.ColumnInt(0);
    token.account_id = row.ColumnInt(1);
    token.name = row.ColumnText(2);
    token.created_by = sql::IdOrZero(row, 3);
    token.created_at = row.ColumnInt(4);
    token.last_used_at = sql::Nullable(row, 5);
    token.revoked_at = sql::Nullable(row, 6);
    return token;
}

bool FindTokenWhere(Store::Writer& w, const std::string& where,
                    const std::function<void(Statement&)>& bind, AgentTokenRecord& out, bool& found,
                    std::string& error) {
    found = false;
    std::string sql = std::string(kSelectToken) + " WHERE " + where;
    return sql::Query(w.db(), sql.c_str(), "cannot read agent tokens", error, bind,
                      [&](Statement& row) {
                          out = ReadToken(row);
                          found = true;
                      });
}

// What a batch brought to one room: the span of its observations, and what each new event can
// change the roll-ups up to (its stream's next event: the state it sets lasts until then).
struct RoomSpan {
    Seconds earliest = 0;
    Seconds latest = 0;
    std::vector<Seconds> occupancy;                        // times of new occupancy events
    std::vector<std::pair<std::string, Seconds>> devices;  // serial, time of new device events
    Seconds meetings_end = std::numeric_limits<Seconds>::min();
};

// The time of the stream's next stored event after `after`; nullopt when there is none.
bool NextEventAfter(Database& db, const char* sql, const std::function<void(Statement&)>& bind,
                    std::optional<Seconds>& out, std::string& error) {
    out.reset();
    return sql::Query(db, sql, "cannot read telemetry", error, bind, [&](Statement& row) {
        if (!row.ColumnIsNull(0)) out = row.ColumnInt(0);
    });
}

// How far the new events of a room reach into its stored hours: until the next stored event of
// each one's stream (an occupancy count, a device's status), a meeting until its end; `until`
// when new events come at or after the stored roll-ups' end. A late batch thus re-rolls only the
// hours it changes, not everything since.
bool ReachOf(Database& db, Id room_id, const RoomSpan& span, std::optional<Seconds> computed_to,
             Seconds until, Seconds& reach, std::string& error) {
    if (!computed_to || span.latest >= *computed_to) {
        reach = until;
        return true;
    }
    reach = std::min(span.meetings_end, until);
    std::optional<Seconds> next;
    for (Seconds at : span.occupancy) {
        if (!NextEventAfter(
                db, "SELECT min(at) FROM occupancy_events WHERE room_id = ? AND at > ?",
                [&](Statement& q) {
                    q.Bind(1, int64_t{room_id});
                    q.Bind(2, int64_t{at});
                },
                next, error)) {
            return false;
        }
        reach = std::max(reach, next ? std::min(*next, until) : until);
    }
    for (const auto& [serial, at] : span.devices) {
        if (!NextEventAfter(
                db, "SELECT min(at) FROM device_events WHERE serial = ? AND at > ?",
                [&](Statement& q) {
                    q.Bind(1, serial);
                    q.Bind(2, int64_t{at});
                },
                next, error)) {
            return false;
        }
        reach = std::max(reach, next ? std::min(*next, until) : until);
    }
    reach = std::max(reach, span.earliest);
    return true;
}

bool ReadComputedTo(Database& db, Id room_id, std::optional<Seconds>& out, std::string& error) {
    out.reset();
    return sql::Query(
        db, "SELECT computed_to FROM room_hours_state WHERE room_id = ?", "cannot read roll-ups",
        error, [&](Statement& q) { q.Bind(1, int64_t{room_id}); },
        [&](Statement& row) { out = row.ColumnInt(0); });
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Agent tokens

telemetry::AgentToken ToAgentToken(const AgentTokenRecord& record) {
    telemetry::AgentToken token;
    token.id = record.id;
    token.name = record.name;
    token.created_at = record.created_at;
    token.created_by = record.created_by;
    token.last_used_at = record.last_used_at;
    token.revoked_at = record.revoked_at;
    return token;
}

bool InsertAgentToken(Store::Writer& w, AgentTokenRecord& token, const std::string& token_hash,
                      std::string& error) {
    Database& db = w.db();
    Statement insert = db.Prepare(
        "INSERT INTO agent_tokens(account_id, name, token_hash, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id");
    if (!insert.Valid()) return sql::Failed(db, "cannot store the agent token", error);
    insert.Bind(1, int64_t{token.account_id});
    insert.Bind(2, token.name);
    insert.Bind(3, token_hash);
    if (token.created_by == 0) {
        insert.BindNull(4);
    } else {
        insert.Bind(4, int64_t{token.created_by});
    }
    insert.Bind(5, int64_t{token.created_at});
    if (insert.Step() != Statement::StepResult::Row) {
        error = "cannot store the agent token: " + db.SqliteMessage();
        return false;
    }
    token.id = insert.ColumnInt(0);
    insert.Step();  // Done: lets the statement finish before it goes back to the cache
    return true;
}

bool ListAgentTokens(Store::Writer& w, Id account_id, std::vector<AgentTokenRecord>& out,
                     std::string& error) {
    out.clear();
    std::string sql = std::string(kSelectToken) + " WHERE account_id = ? ORDER BY id DESC";
    return sql::Query(
        w.db(), sql.c_str(), "cannot list agent tokens", error,
        [&](Statement& q) { q.Bind(1, int64_t{account_id}); },
        [&](Statement& row) { out.push_back(ReadToken(row)); });
}

bool FindAgentToken(Store::Writer& w, Id token_id, AgentTokenRecord& out, bool& found,
                    std::string& error) {
    return FindTokenWhere(
        w, "id = ?", [&](Statement& q) { q.Bind(1, int64_t{token_id}); }, out, found, error);
}

bool FindAgentTokenByHash(Store::Writer& w, const std::string& token_hash, AgentTokenRecord& out,
                          bool& found, std::string& error) {
    return FindTokenWhere(
        w, "token_hash = ?", [&](Statement& q) { q.Bind(1, token_hash); }, out, found, error);
}

bool RevokeAgentToken(Store::Writer& w, Id token_id, Seconds now, std::string& error) {
    return sql::Run(w.db(),
                    "UPDATE agent_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                    "cannot revoke the agent token", error, [&](Statement& s) {
                        s.Bind(1, int64_t{now});
                        s.Bind(2, int64_t{token_id});
                    });
}

bool TouchAgentToken(Store::Writer& w, Id token_id, Seconds now, std::string& error) {
    return sql::Run(w.db(), "UPDATE agent_tokens SET last_used_at = ? WHERE id = ?",
                    "cannot note the agent token's use", error, [&](Statement& s) {
                        s.Bind(1, int64_t{now});
                        s.Bind(2, int64_t{token_id});
                    });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Ingest

bool ClaimBatch(Store::Writer& w, Id account_id, const std::string& batch_id,
                const std::string& body_hash, int accepted, Seconds now, BatchClaim& claim,
                int& first_accepted, std::string& error) {
    Database& db = w.db();
    bool found = false;
    std::string stored_hash;
    if (!sql::Query(
            db,
            "SELECT body_hash, accepted FROM telemetry_batches WHERE account_id = ? AND batch_id = "
            "?",
            "cannot read telemetry batches", error,
            [&](Statement& q) {
                q.Bind(1, int64_t{account_id});
                q.Bind(2, batch_id);
            },
            [&](Statement& row) {
                found = true;
                stored_hash = row.ColumnText(0);
                first_accepted = static_cast<int>(row.ColumnInt(1));
            })) {
        return false;
    }
    if (found) {
        claim = stored_hash == body_hash ? BatchClaim::Duplicate : BatchClaim::Conflict;
        return true;
    }
    claim = BatchClaim::New;
    first_accepted = accepted;
    return sql::Run(db,
                    "INSERT INTO telemetry_batches(account_id, batch_id, body_hash, accepted,"
                    " received_at) VALUES (?, ?, ?, ?, ?)",
                    "cannot record the telemetry batch", error, [&](Statement& s) {
                        s.Bind(1, int64_t{account_id});
                        s.Bind(2, batch_id);
                        s.Bind(3, body_hash);
                        s.Bind(4, int64_t{accepted});
                        s.Bind(5, int64_t{now});
                    });
}

bool LoadAccountScope(Store::Writer& w, Id account_id, telemetry::AccountScope& scope,
                      std::map<std::string, Id>& device_rooms, std::string& error) {
    Database& db = w.db();
    auto bind = [&](Statement& q) { q.Bind(1, int64_t{account_id}); };
    return sql::Query(db, "SELECT id FROM rooms WHERE account_id = ?", "cannot read rooms", error,
                      bind, [&](Statement& row) { scope.rooms.insert(row.ColumnInt(0)); }) &&
           sql::Query(db, "SELECT serial, room_id FROM devices WHERE account_id = ?",
                      "cannot read devices", error, bind, [&](Statement& row) {
                          std::string serial = row.ColumnText(0);
                          scope.serials.insert(serial);
                          device_rooms[serial] = sql::IdOrZero(row, 1);
                      });
}

bool StoreBatch(Store::Writer& w, Id account_id, const telemetry::Batch& batch,
                const std::map<std::string, Id>& device_rooms, Seconds now, bool& status_changed,
                std::string& error) {
    Database& db = w.db();
    status_changed = false;
    std::map<Id, RoomSpan> spans;  // the rooms whose roll-ups the batch changes
    auto touch = [&](Id room_id, Seconds time) -> RoomSpan& {
        auto [at, fresh] = spans.try_emplace(room_id);
        if (fresh) {
            at->second.earliest = time;
            at->second.latest = time;
        }
        at->second.earliest = std::min(at->second.earliest, time);
        at->second.latest = std::max(at->second.latest, time);
        return at->second;
    };

    Statement occupancy = db.Prepare(
        "INSERT INTO occupancy_events(room_id, at, people) VALUES (?, ?, ?)"
        " ON CONFLICT(room_id, at) DO UPDATE SET people = excluded.people");
    // The newest event wins, whatever order events arrive in.
    Statement room_status = db.Prepare(
        "INSERT INTO room_status(room_id, people, people_at) VALUES (?1, ?2, ?3)"
        " ON CONFLICT(room_id) DO UPDATE SET people = excluded.people,"
        " people_at = excluded.people_at"
        " WHERE excluded.people_at > room_status.people_at"
        " OR (excluded.people_at = room_status.people_at AND excluded.people <> "
        "room_status.people)");
    Statement meeting =
        db.Prepare("INSERT OR IGNORE INTO meetings(room_id, start, end) VALUES (?, ?, ?)");
    Statement device = db.Prepare(
        "INSERT INTO device_events(serial, account_id, at, online, firmware) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(serial, at) DO UPDATE SET online = excluded.online,"
        " firmware = excluded.firmware");
    Statement device_status = db.Prepare(
        "INSERT INTO device_status(serial, account_id, online, at, firmware)"
        " VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT(serial) DO UPDATE SET account_id = excluded.account_id,"
        " online = excluded.online, at = excluded.at,"
        " firmware = coalesce(excluded.firmware, device_status.firmware)"
        " WHERE excluded.at > device_status.at"
        " OR (excluded.at = device_status.at AND (excluded.online <> device_status.online"
        "     OR coalesce(excluded.firmware, device_status.firmware)"
        "        IS NOT device_status.firmware))");
    for (Statement* statement : {&occupancy, &room_status, &meeting, &device, &device_status}) {
        if (!statement->Valid()) return sql::Failed(db, "cannot store telemetry", error);
    }
    auto run = [&](Statement& statement, bool& changed) {
        if (!statement.Run()) {
            error = "cannot store telemetry: " + db.SqliteMessage();
            return false;
        }
        changed = db.Changes() > 0;
        statement.Reset();
        return true;
    };

    for (const telemetry::Event& event : batch.events) {
        bool changed = false;
        switch (event.type) {
            case telemetry::EventType::Occupancy:
                occupancy.Bind(1, int64_t{event.room_id});
                occupancy.Bind(2, int64_t{event.at});
                occupancy.Bind(3, int64_t{event.people});
                room_status.Bind(1, int64_t{event.room_id});
                room_status.Bind(2, int64_t{event.people});
                room_status.Bind(3, int64_t{event.at});
                if (!run(occupancy, changed) || !run(room_status, changed)) return false;
                status_changed = status_changed || changed;
                touch(event.room_id, event.at).occupancy.push_back(event.at);
                break;
            case telemetry::EventType::Meeting: {
                meeting.Bind(1, int64_t{event.room_id});
                meeting.Bind(2, int64_t{event.start});
                meeting.Bind(3, int64_t{event.end});
                if (!run(meeting, changed)) return false;
                // A new meeting under way changes the room's state now.
                if (changed && event.start <= now && now < event.end) status_changed = true;
                RoomSpan& span = touch(event.room_id, event.start);
                span.meetings_end = std::max(span.meetings_end, event.end);
                break;
            }
            case telemetry::EventType::Device: {
                device.Bind(1, event.serial);
                device.Bind(2, int64_t{account_id});
                device.Bind(3, int64_t{event.at});
                device.Bind(4, int64_t{event.online ? 1 : 0});
                sql::BindNullable(device, 5, event.firmware);
                device_status.Bind(1, event.serial);
                device_status.Bind(2, int64_t{account_id});
                device_status.Bind(3, int64_t{event.online ? 1 : 0});
                device_status.Bind(4, int64_t{event.at});
                sql::BindNullable(device_status, 5, event.firmware);
                if (!run(device, changed) || !run(device_status, changed)) return false;
                status_changed = status_changed || changed;
                auto room = device_rooms.find(event.serial);
                if (room != device_rooms.end() && room->second != 0) {
                    touch(room->second, event.at).devices.emplace_back(event.serial, event.at);
                }
                break;
            }
        }
    }

    // Every room below gets this revision for its rewritten hours (migration 009): readers
    // holding an older copy of them in memory read them again.
    int64_t revision = 0;
    if (!spans.empty() &&
        !(sql::Run(db, "UPDATE room_hours_revision SET value = value + 1 WHERE id = 1",
                   "cannot store roll-ups", error, [](Statement&) {}) &&
          sql::Query(
              db, "SELECT value FROM room_hours_revision WHERE id = 1", "cannot store roll-ups",
              error, [](Statement&) {}, [&](Statement& row) { revision = row.ColumnInt(0); }))) {
        return false;
    }

    // Roll-ups: from the earliest hour a new event can change (or the hour the stored roll-ups
    // ended in: it was partial) to as far as the new events reach, at most the room's latest
    // observation, which is never after now.
    for (const auto& [room_id, span] : spans) {
        std::optional<Seconds> computed_to;
        if (!ReadComputedTo(db, room_id, computed_to, error)) return false;
        Seconds latest = std::min(span.latest, now);
        Seconds until = computed_to ? std::max(*computed_to, latest) : latest;
        Seconds from =
            FloorHour(computed_to ? std::min(span.earliest, *computed_to) : span.earliest);
        Seconds reach = until;
        if (!ReachOf(db, room_id, span, computed_to, until, reach, error)) return false;
        std::vector<Seconds> boundaries = insights::HourBoundaries(from, reach);
        if (boundaries.size() >= 2) {
            if (!sql::Run(db, "DELETE FROM room_hours WHERE room_id = ? AND hour >= ? AND hour < ?",
                          "cannot replace roll-ups", error, [&](Statement& s) {
                              s.Bind(1, int64_t{room_id});
                              s.Bind(2, int64_t{from});
                              s.Bind(3, int64_t{boundaries.back()});
                          })) {
                return false;
            }
            insights::RoomHistory history;
            if (!LoadRoomHistory(w.db(), room_id, from, boundaries.back(), history, error)) {
                return false;
            }
            std::vector<insights::Bucket> buckets = insights::RollUp(history, boundaries, until);
            Statement insert = db.Prepare(
                "INSERT INTO room_hours(room_id, hour, observed, occupied, person_seconds,"
                " people_peak, meeting, device_in_use) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            if (!insert.Valid()) return sql::Failed(db, "cannot store roll-ups", error);
            for (size_t i = 0; i < buckets.size() && i + 1 < boundaries.size(); ++i) {
                const insights::Bucket& bucket = buckets[i];
                if (bucket.empty()) continue;
                insert.Bind(1, int64_t{room_id});
                insert.Bind(2, int64_t{boundaries[i]});
                insert.Bind(3, int64_t{bucket.observed});
                insert.Bind(4, int64_t{bucket.occupied});
                insert.Bind(5, static_cast<int64_t>(bucket.person_seconds + 0.5));
                insert.Bind(6, int64_t{bucket.people_peak});
                insert.Bind(7, int64_t{bucket.meeting});
                insert.Bind(8, int64_t{bucket.device_in_use});
                bool ignored = false;
                if (!run(insert, ignored)) return false;
            }
        }
        if (!sql::Run(db,
                      "INSERT INTO room_hours_state(room_id, computed_to, revision)"
                      " VALUES (?1, ?2, ?3) ON CONFLICT(room_id) DO UPDATE SET"
                      " computed_to = excluded.computed_to, revision = excluded.revision",
                      "cannot store roll-ups", error, [&](Statement& s) {
                          s.Bind(1, int64_t{room_id});
                          s.Bind(2, int64_t{until});
                          s.Bind(3, revision);
                      })) {
            return false;
        }
    }
    return true;
}

bool PurgeRawTelemetry(Store::Writer& w, Seconds before, std::string& error) {
    Database& db = w.db();
    for (const char* sql : {
             "DELETE FROM occupancy_events WHERE at < ?1 AND at < (SELECT max(o.at) FROM"
             " occupancy_events o WHERE o.room_id = occupancy_events.room_id)",
             "DELETE FROM device_events WHERE at < ?1 AND at < (SELECT max(e.at) FROM"
             " device_events e WHERE e.serial = device_events.serial)",
             "DELETE FROM meetings WHERE end < ?1",
             "DELETE FROM telemetry_batches WHERE received_at < ?1",
         }) {
        if (!sql::Run(db, sql, "cannot purge telemetry", error,
                      [&](Statement& s) { s.Bind(1, int64_t{before}); })) {
            return false;
        }
    }
    return true;
}

bool DeleteRoomTelemetry(Store::Writer& w, Id room_id, std::string& error) {
    Database& db = w.db();
    for (const char* sql :
         {"DELETE FROM occupancy_events WHERE room_id = ?",
          "DELETE FROM meetings WHERE room_id = ?", "DELETE FROM room_hours WHERE room_id = ?",
          "DELETE FROM room_hours_state WHERE room_id = ?",
          "DELETE FROM room_status WHERE room_id = ?"}) {
        if (!sql::Run(db, sql, "cannot delete the room's telemetry", error,
                      [&](Statement& s) { s.Bind(1, int64_t{room_id}); })) {
            return false;
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading roll-ups

bool LoadRoomHistory(Database& db, Id room_id, Seconds from, Seconds to, insights::RoomHistory& out,
                     std::string& error) {
    out = {};
    if (!sql::Query(
            db,
            "SELECT at, people FROM occupancy_events WHERE room_id = ?1 AND at >= coalesce("
            "(SELECT max(at) FROM occupancy_events WHERE room_id = ?1 AND at <= ?2), ?2)"
            " AND at < ?3 ORDER BY at",
            "cannot read occupancy", error,
            [&](Statement& q) {
                q.Bind(1, int64_t{room_id});
                q.Bind(2, int64_t{from});
                q.Bind(3, int64_t{to});
            },
            [&](Statement& row) {
                out.occupancy.push_back({row.ColumnInt(0), static_cast<int>(row.ColumnInt(1))});
            })) {
        return false;
    }
    // Meetings last at most a day (telemetry::kMaxMeetingSeconds): the primary key's order on
    // start then finds the overlapping ones in a short range.
    if (!sql::Query(
            db,
            "SELECT start, end FROM meetings WHERE room_id = ?1 AND start < ?3 AND start >= ?4"
            " AND end > ?2 ORDER BY start",
            "cannot read meetings", error,
            [&](Statement& q) {
                q.Bind(1, int64_t{room_id});
                q.Bind(2, int64_t{from});
                q.Bind(3, int64_t{to});
                q.Bind(4, int64_t{from - telemetry::kMaxMeetingSeconds});
            },
            [&](Statement& row) {
                out.meetings.push_back({row.ColumnInt(0), row.ColumnInt(1)});
            })) {
        return false;
    }
    if (!sql::Query(
            db,
            "SELECT e.serial, e.at, e.online FROM devices d JOIN device_events e"
            " ON e.serial = d.serial WHERE d.room_id = ?1 AND e.at >= coalesce("
            "(SELECT max(p.at) FROM device_events p WHERE p.serial = d.serial AND p.at <= ?2), ?2)"
            " AND e.at < ?3",
            "cannot read device events", error,
            [&](Statement& q) {
                q.Bind(1, int64_t{room_id});
                q.Bind(2, int64_t{from});
                q.Bind(3, int64_t{to});
            },
            [&](Statement& row) {
                out.devices.push_back({row.ColumnText(0), row.ColumnInt(1), row.ColumnInt(2) != 0});
            })) {
        return false;
    }
    std::stable_sort(out.devices.begin(), out.devices.end(),
                     [](const insights::DeviceStatusEvent& a,
                        const insights::DeviceStatusEvent& b) { return a.at < b.at; });
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Status

bool LoadStatusRows(Store::Writer& w, Id account_id, Seconds now, std::vector<RoomStatusRow>& rooms,
                    std::vector<DeviceStatusRow>& devices, std::string& error) {
    return LoadStatusRowsOf(w, {account_id}, now, rooms, devices, error);
}

bool LoadStatusRowsOf(Store::Writer& w, const std::vector<Id>& account_ids, Seconds now,
                      std::vector<RoomStatusRow>& rooms, std::vector<DeviceStatusRow>& devices,
                      std::string& error) {
    Database& db = w.db();
    rooms.clear();
    devices.clear();
    if (account_ids.empty()) return true;
    std::string in = " IN (";  // ids are numbers: nothing a user typed goes into the SQL
    for (size_t i = 0; i < account_ids.size(); ++i) {
        in += (i ? "," : "") + std::to_string(account_ids[i]);
    }
    in += ")";
    std::string room_sql =
        "SELECT r.id, s.people, s.people_at, EXISTS (SELECT 1 FROM meetings m"
        "   WHERE m.room_id = r.id AND m.start <= ?2 AND m.start >= ?3 AND m.end > ?2)"
        " FROM rooms r LEFT JOIN room_status s ON s.room_id = r.id"
        " WHERE r.account_id" +
        in + " ORDER BY r.id";
    std::string device_sql =
        "SELECT d.serial, d.room_id, s.online, s.at, s.firmware FROM devices d"
        " LEFT JOIN device_status s ON s.serial = d.serial"
        " WHERE d.account_id" +
        in + " ORDER BY d.serial";
    return sql::Query(
               db, room_sql.c_str(), "cannot read room status", error,
               [&](Statement& q) {
                   q.Bind(2, int64_t{now});
                   q.Bind(3, int64_t{now - telemetry::kMaxMeetingSeconds});
               },
               [&](Statement& row) {
                   RoomStatusRow room;
                   room.room_id = row.ColumnInt(0);
                   if (!row.ColumnIsNull(1)) room.people = static_cast<int>(row.ColumnInt(1));
                   room.people_at = sql::Nullable(row, 2);
                   room.in_meeting = row.ColumnInt(3) != 0;
                   rooms.push_back(room);
               }) &&
           sql::Query(
               db, device_sql.c_str(), "cannot read device status", error, [](Statement&) {},
               [&](Statement& row) {
                   DeviceStatusRow device;
                   device.serial = row.ColumnText(0);
                   device.room_id = sql::IdOrZero(row, 1);
                   if (!row.ColumnIsNull(2)) device.online = row.ColumnInt(2) != 0;
                   device.at = sql::Nullable(row, 3);
                   if (!row.ColumnIsNull(4)) device.firmware = row.ColumnText(4);
                   devices.push_back(std::move(device));
               });
}

std::vector<telemetry::RoomStatus> LiveRoomStatuses(const std::vector<RoomStatusRow>& rooms,
                                                    const std::vector<DeviceStatusRow>& devices,
                                                    const std::map<Id, bool>& insights) {
    std::map<Id, std::pair<int, int>> device_counts;  // room -> (online, offline)
    for (const DeviceStatusRow& row : devices) {
        if (row.room_id != 0 && row.online) {
            auto& counts = device_counts[row.room_id];
            (*row.online ? counts.first : counts.second) += 1;
        }
    }
    std::vector<telemetry::RoomStatus> out;
    out.reserve(rooms.size());
    for (const RoomStatusRow& row : rooms) {
        telemetry::RoomStatus room;
        room.room_id = row.room_id;
        auto licensed = insights.find(row.room_id);
        room.insights = licensed != insights.end() && licensed->second;
        auto counts = device_counts.find(row.room_id);
        if (counts != device_counts.end()) {
            room.devices_online = counts->second.first;
            room.devices_offline = counts->second.second;
        }
        // R-GATE-1: what telemetry says of people and meetings shows only while licensed;
        // device status (and Support, R-GATE-4) does not depend on it.
        if (room.insights) {
            room.people = row.people;
            room.people_at = row.people_at;
            room.in_meeting = row.in_meeting;
        }
        room.state =
            telemetry::StateOf(room.insights, room.devices_offline, room.in_meeting, room.people);
        out.push_back(std::move(room));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] StatusBoard

StatusBoard::StatusBoard() {
    std::random_device random;
    std::uniform_int_distribution<int> digit(0, 35);
    const char* alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < 10; ++i) boot_ += alphabet[digit(random)];
}

std::string StatusBoard::CurrentLocked(const std::vector<Id>& account_ids) const {
    int64_t sum = 0;
    for (Id account_id : account_ids) {
        auto found = versions_.find(account_id);
        if (found != versions_.end()) sum += found->second;
    }
    return boot_ + "-" + std::to_string(sum);
}

std::string StatusBoard::Version(Id account_id) {
    return Version(std::vector<Id>{account_id});
}

std::string StatusBoard::Version(const std::vector<Id>& account_ids) {
    std::lock_guard lock(mutex_);
    return CurrentLocked(account_ids);
}

void StatusBoard::Changed(Id account_id) {
    {
        std::lock_guard lock(mutex_);
        ++versions_[account_id];
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
    std::unique_lock lock(mutex_);
    if (stopping_ || waiters_ >= kMaxWaiters || since != CurrentLocked(account_ids)) return;
    int64_t wakes = kiosk_wakes_;
    ++waiters_;
    changed_.wait_for(lock, wait, [&] {
        return stopping_ || since != CurrentLocked(account_ids) || (kiosk && kiosk_wakes_ != wakes);
    });
    --waiters_;
}

void StatusBoard::WakeKiosks() {
    {
        std::lock_guard lock(mutex_);
        ++kiosk_wakes_;
    }
    changed_.notify_all();
}

void StatusBoard::Shutdown() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
}

bool StatusBoard::PurgeDue(Seconds now) {
    Seconds due = next_purge_.load();
    return now >= due && next_purge_.compare_exchange_strong(due, now + kHour);
}

}  // namespace portal::server

// Telemetry storage in SQL (migration 008), and the SQL of the StatusBoard's shared feed.
#include "server/telemetry_store.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <functional>
#include <limits>
#include <set>

#include "core/date.h"
#include "server/password.h"
#include "server/sql_helpers.h"
#include "server/storage/leases.h"

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
                // Captured by name: clang-14 (the fuzz tree) cannot capture a structured binding.
                [&, &serial = serial, at = at](Statement& q) {
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
        error = "cannot store the agent token: " + db.LastMessage();
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

namespace {

// The UTC month of t as year * 12 + month - 1.
int64_t MonthOf(Seconds t) {
    Seconds days = (t >= 0 ? t : t - insights::kDay + 1) / insights::kDay;
    int year = 0, month = 0, day = 0;
    YmdFromDate(Date{static_cast<int>(days)}, year, month, day);
    return int64_t{year} * 12 + month - 1;
}

// How far ahead of now the partitions are made, so that a month's first batches do not wait
// on a new partition (its catalogue lock) while the server is busy.
constexpr Seconds kPartitionsAhead = 31 * insights::kDay;

// What a batch brings to the rooms' roll-ups: per room, the span of its observations and what
// each new event can change (see RoomSpan).
std::map<Id, RoomSpan> SpansOf(const telemetry::Batch& batch,
                               const std::map<std::string, Id>& device_rooms) {
    std::map<Id, RoomSpan> spans;
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
    for (const telemetry::Event& event : batch.events) {
        switch (event.type) {
            case telemetry::EventType::Occupancy:
                touch(event.room_id, event.at).occupancy.push_back(event.at);
                break;
            case telemetry::EventType::Meeting: {
                RoomSpan& span = touch(event.room_id, event.start);
                span.meetings_end = std::max(span.meetings_end, event.end);
                break;
            }
            case telemetry::EventType::Device: {
                auto room = device_rooms.find(event.serial);
                if (room != device_rooms.end() && room->second != 0) {
                    touch(room->second, event.at).devices.emplace_back(event.serial, event.at);
                }
                break;
            }
        }
    }
    return spans;
}

// SQLite: one prepared statement per table, run once per event (SQLite's statements cost no
// round trip, and each event's upsert decides what it changes).
bool StoreEventsSqlite(Database& db, Id account_id, const telemetry::Batch& batch, Seconds now,
                       bool& status_changed, std::string& error) {
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
        db.Prepare("INSERT OR IGNORE INTO meetings(room_id, start, \"end\") VALUES (?, ?, ?)");
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
            error = "cannot store telemetry: " + db.LastMessage();
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
                break;
            case telemetry::EventType::Meeting:
                meeting.Bind(1, int64_t{event.room_id});
                meeting.Bind(2, int64_t{event.start});
                meeting.Bind(3, int64_t{event.end});
                if (!run(meeting, changed)) return false;
                // A new meeting under way changes the room's state now.
                if (changed && event.start <= now && now < event.end) status_changed = true;
                break;
            case telemetry::EventType::Device:
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
                break;
        }
    }
    return true;
}

// A PostgreSQL array literal ({1,2}, {"a",NULL}): a column of a batch's rows as one parameter,
// which unnest() turns back into rows, so that one statement text serves every batch size (a
// text per row count would fill the connection's statement cache).
class ArrayLiteral {
  public:
    void Add(int64_t value) {
        Next();
        text_ += std::to_string(value);
    }
    void Add(const std::optional<std::string>& value) {
        Next();
        if (!value) {
            text_ += "NULL";
            return;
        }
        text_ += '"';
        for (char c : *value) {
            if (c == '"' || c == '\\') text_ += '\\';
            text_ += c;
        }
        text_ += '"';
    }
    bool empty() const { return text_.size() == 1; }
    std::string Text() const { return text_ + "}"; }

  private:
    void Next() {
        if (!empty()) text_ += ',';
    }
    std::string text_ = "{";
};

// Runs sql with the columns bound as ?1..?N; each row it returns goes to read.
bool RunColumns(Database& db, const char* sql, const std::vector<ArrayLiteral>& columns,
                std::string& error, const std::function<void(Statement&)>& read = {}) {
    return sql::Query(
        db, sql, "cannot store telemetry", error,
        [&](Statement& s) {
            for (size_t i = 0; i < columns.size(); ++i) {
                s.Bind(static_cast<int>(i + 1), columns[i].Text());
            }
        },
        [&](Statement& row) {
            if (read) read(row);
        });
}

// PostgreSQL: each table's rows in one statement (one round trip, not one per event), with the
// SQLite loop's meaning: a later event at the same second replaces the earlier (the batch's last
// one goes in: one statement may not update a row twice), a meeting stored already is kept once,
// and the status rows take the newest event, worked out here from the stored row (read under the
// write lock, which every writer of them holds) as the loop's upserts would, one event after the
// other.
bool StoreEventsPostgres(Database& db, Id account_id, const telemetry::Batch& batch, Seconds now,
                         TelemetryTables& tables, bool& status_changed, std::string& error) {
    std::map<std::pair<Id, Seconds>, int> occupancy;  // (room, at) -> people
    std::set<std::pair<Id, std::pair<Seconds, Seconds>>> meetings;
    struct DeviceRow {
        bool online = false;
        std::optional<std::string> firmware;
    };
    std::map<std::pair<std::string, Seconds>, DeviceRow> devices;  // (serial, at)
    for (const telemetry::Event& event : batch.events) {
        switch (event.type) {
            case telemetry::EventType::Occupancy:
                occupancy[{event.room_id, event.at}] = event.people;
                break;
            case telemetry::EventType::Meeting:
                meetings.insert({event.room_id, {event.start, event.end}});
                break;
            case telemetry::EventType::Device:
                devices[{event.serial, event.at}] = {event.online, event.firmware};
                break;
        }
    }
    auto ensure = [&](const char* table, Seconds first, Seconds last) {
        return tables.EnsureMonths(db, table, first, std::max(last, now + kPartitionsAhead), error);
    };

    if (!occupancy.empty()) {
        Seconds first = occupancy.begin()->first.second, last = first;
        std::vector<ArrayLiteral> columns(3);
        for (const auto& [key, people] : occupancy) {
            first = std::min(first, key.second);
            last = std::max(last, key.second);
            columns[0].Add(int64_t{key.first});
            columns[1].Add(int64_t{key.second});
            columns[2].Add(int64_t{people});
        }
        if (!ensure("occupancy_events", first, last) ||
            !RunColumns(db,
                        "INSERT INTO occupancy_events(room_id, at, people)"
                        " SELECT * FROM unnest(CAST(?1 AS BIGINT[]), CAST(?2 AS BIGINT[]),"
                        " CAST(?3 AS BIGINT[]))"
                        " ON CONFLICT(room_id, at) DO UPDATE SET people = excluded.people",
                        columns, error)) {
            return false;
        }
    }
    if (!meetings.empty()) {
        Seconds first = meetings.begin()->second.first, last = first;
        std::vector<ArrayLiteral> columns(3);
        for (const auto& [room_id, span] : meetings) {
            first = std::min(first, span.first);
            last = std::max(last, span.first);
            columns[0].Add(int64_t{room_id});
            columns[1].Add(int64_t{span.first});
            columns[2].Add(int64_t{span.second});
        }
        // RETURNING names the meetings new to the table, those stored already being kept.
        if (!ensure("meetings", first, last) ||
            !RunColumns(db,
                        "INSERT INTO meetings(room_id, start, \"end\")"
                        " SELECT * FROM unnest(CAST(?1 AS BIGINT[]), CAST(?2 AS BIGINT[]),"
                        " CAST(?3 AS BIGINT[]))"
                        " ON CONFLICT DO NOTHING RETURNING start, \"end\"",
                        columns, error, [&](Statement& row) {
                            // A new meeting under way changes the room's state now.
                            if (row.ColumnInt(0) <= now && now < row.ColumnInt(1)) {
                                status_changed = true;
                            }
                        })) {
            return false;
        }
    }
    if (!devices.empty()) {
        Seconds first = devices.begin()->first.second, last = first;
        std::vector<ArrayLiteral> columns(5);
        for (const auto& [key, row] : devices) {
            first = std::min(first, key.second);
            last = std::max(last, key.second);
            columns[0].Add(key.first);
            columns[1].Add(int64_t{account_id});
            columns[2].Add(int64_t{key.second});
            columns[3].Add(int64_t{row.online ? 1 : 0});
            columns[4].Add(row.firmware);
        }
        if (!ensure("device_events", first, last) ||
            !RunColumns(db,
                        "INSERT INTO device_events(serial, account_id, at, online, firmware)"
                        " SELECT * FROM unnest(CAST(?1 AS TEXT[]), CAST(?2 AS BIGINT[]),"
                        " CAST(?3 AS BIGINT[]), CAST(?4 AS BIGINT[]), CAST(?5 AS TEXT[]))"
                        " ON CONFLICT(serial, at) DO UPDATE SET online = excluded.online,"
                        " firmware = excluded.firmware",
                        columns, error)) {
            return false;
        }
    }

    // Status rows: the stored ones, then each event in the batch's order as the SQLite upserts
    // take it (newer wins; at the same second, one that differs).
    struct RoomState {
        int64_t people = 0;
        Seconds at = 0;
        bool changed = false;
    };
    std::map<Id, RoomState> rooms;
    struct DeviceState {
        bool online = false;
        Seconds at = 0;
        std::optional<std::string> firmware;
        bool changed = false;
    };
    std::map<std::string, DeviceState> statuses;
    ArrayLiteral room_ids, serials;
    for (const auto& [key, people] : occupancy) {
        if (rooms.try_emplace(key.first).second) room_ids.Add(int64_t{key.first});
    }
    for (const auto& [key, row] : devices) {
        if (statuses.try_emplace(key.first).second) serials.Add(key.first);
    }
    std::set<Id> stored_rooms;
    std::set<std::string> stored_devices;
    if (!room_ids.empty() &&
        !sql::Query(
            db,
            "SELECT room_id, people, people_at FROM room_status"
            " WHERE room_id = ANY(CAST(?1 AS BIGINT[]))",
            "cannot read room status", error, [&](Statement& q) { q.Bind(1, room_ids.Text()); },
            [&](Statement& row) {
                Id room_id = row.ColumnInt(0);
                rooms[room_id] = {row.ColumnInt(1), row.ColumnInt(2), false};
                stored_rooms.insert(room_id);
            })) {
        return false;
    }
    if (!serials.empty() &&
        !sql::Query(
            db,
            "SELECT serial, online, at, firmware FROM device_status"
            " WHERE serial = ANY(CAST(?1 AS TEXT[]))",
            "cannot read device status", error, [&](Statement& q) { q.Bind(1, serials.Text()); },
            [&](Statement& row) {
                std::string serial = row.ColumnText(0);
                DeviceState& state = statuses[serial];
                state.online = row.ColumnInt(1) != 0;
                state.at = row.ColumnInt(2);
                if (!row.ColumnIsNull(3)) state.firmware = row.ColumnText(3);
                stored_devices.insert(serial);
            })) {
        return false;
    }
    for (const telemetry::Event& event : batch.events) {
        if (event.type == telemetry::EventType::Occupancy) {
            RoomState& state = rooms[event.room_id];
            bool known = stored_rooms.count(event.room_id) || state.changed;
            if (!known || event.at > state.at ||
                (event.at == state.at && event.people != state.people)) {
                state = {event.people, event.at, true};
            }
        } else if (event.type == telemetry::EventType::Device) {
            DeviceState& state = statuses[event.serial];
            bool known = stored_devices.count(event.serial) || state.changed;
            std::optional<std::string> firmware =
                known && !event.firmware ? state.firmware : event.firmware;
            if (!known || event.at > state.at ||
                (event.at == state.at &&
                 (event.online != state.online || firmware != state.firmware))) {
                state = {event.online, event.at, std::move(firmware), true};
            }
        }
    }
    std::vector<ArrayLiteral> room_columns(3), device_columns(5);
    for (const auto& [room_id, state] : rooms) {
        if (!state.changed) continue;
        room_columns[0].Add(int64_t{room_id});
        room_columns[1].Add(state.people);
        room_columns[2].Add(int64_t{state.at});
    }
    for (const auto& [serial, state] : statuses) {
        if (!state.changed) continue;
        device_columns[0].Add(serial);
        device_columns[1].Add(int64_t{account_id});
        device_columns[2].Add(int64_t{state.online ? 1 : 0});
        device_columns[3].Add(int64_t{state.at});
        device_columns[4].Add(state.firmware);
    }
    if (!room_columns[0].empty()) {
        status_changed = true;
        if (!RunColumns(db,
                        "INSERT INTO room_status(room_id, people, people_at)"
                        " SELECT * FROM unnest(CAST(?1 AS BIGINT[]), CAST(?2 AS BIGINT[]),"
                        " CAST(?3 AS BIGINT[]))"
                        " ON CONFLICT(room_id) DO UPDATE SET people = excluded.people,"
                        " people_at = excluded.people_at",
                        room_columns, error)) {
            return false;
        }
    }
    if (!device_columns[0].empty()) {
        status_changed = true;
        if (!RunColumns(db,
                        "INSERT INTO device_status(serial, account_id, online, at, firmware)"
                        " SELECT * FROM unnest(CAST(?1 AS TEXT[]), CAST(?2 AS BIGINT[]),"
                        " CAST(?3 AS BIGINT[]), CAST(?4 AS BIGINT[]), CAST(?5 AS TEXT[]))"
                        " ON CONFLICT(serial) DO UPDATE SET account_id = excluded.account_id,"
                        " online = excluded.online, at = excluded.at, firmware = excluded.firmware",
                        device_columns, error)) {
            return false;
        }
    }
    return true;
}

// Writes a room's recomputed hours (those with data): one statement per hour on SQLite, one for
// them all on PostgreSQL (into the months' partitions).
bool InsertRoomHours(Database& db, Id room_id, const std::vector<Seconds>& boundaries,
                     const std::vector<insights::Bucket>& buckets, TelemetryTables& tables,
                     std::string& error) {
    // The stored columns after room_id and hour; person_seconds whole (people and seconds are).
    auto values = [](const insights::Bucket& bucket) -> std::array<int64_t, 6> {
        return {
            bucket.observed,    bucket.occupied, static_cast<int64_t>(bucket.person_seconds + 0.5),
            bucket.people_peak, bucket.meeting,  bucket.device_in_use};
    };
    if (db.backend() == Backend::Postgresql) {
        std::vector<ArrayLiteral> columns(8);
        for (size_t i = 0; i < buckets.size() && i + 1 < boundaries.size(); ++i) {
            if (buckets[i].empty()) continue;
            columns[0].Add(int64_t{room_id});
            columns[1].Add(int64_t{boundaries[i]});
            std::array<int64_t, 6> row = values(buckets[i]);
            for (size_t c = 0; c < row.size(); ++c) columns[c + 2].Add(row[c]);
        }
        if (columns[0].empty()) return true;
        return tables.EnsureMonths(db, "room_hours", boundaries.front(), boundaries.back() - 1,
                                   error) &&
               RunColumns(db,
                          "INSERT INTO room_hours(room_id, hour, observed, occupied,"
                          " person_seconds, people_peak, meeting, device_in_use)"
                          " SELECT * FROM unnest(CAST(?1 AS BIGINT[]), CAST(?2 AS BIGINT[]),"
                          " CAST(?3 AS BIGINT[]), CAST(?4 AS BIGINT[]), CAST(?5 AS BIGINT[]),"
                          " CAST(?6 AS BIGINT[]), CAST(?7 AS BIGINT[]), CAST(?8 AS BIGINT[]))",
                          columns, error);
    }
    Statement insert = db.Prepare(
        "INSERT INTO room_hours(room_id, hour, observed, occupied, person_seconds,"
        " people_peak, meeting, device_in_use) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert.Valid()) return sql::Failed(db, "cannot store roll-ups", error);
    for (size_t i = 0; i < buckets.size() && i + 1 < boundaries.size(); ++i) {
        if (buckets[i].empty()) continue;
        insert.Bind(1, int64_t{room_id});
        insert.Bind(2, int64_t{boundaries[i]});
        std::array<int64_t, 6> row = values(buckets[i]);
        for (size_t c = 0; c < row.size(); ++c) insert.Bind(static_cast<int>(c) + 3, row[c]);
        if (!insert.Run()) {
            error = "cannot store roll-ups: " + db.LastMessage();
            return false;
        }
        insert.Reset();
    }
    return true;
}

bool StoreBatchIn(Store::Writer& w, Id account_id, const telemetry::Batch& batch,
                  const std::map<std::string, Id>& device_rooms, Seconds now,
                  TelemetryTables& tables, bool& status_changed, std::string& error) {
    Database& db = w.db();
    status_changed = false;
    if (!(db.backend() == Backend::Postgresql
              ? StoreEventsPostgres(db, account_id, batch, now, tables, status_changed, error)
              : StoreEventsSqlite(db, account_id, batch, now, status_changed, error))) {
        return false;
    }
    std::map<Id, RoomSpan> spans = SpansOf(batch, device_rooms);  // the rooms whose roll-ups move

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
                          "cannot replace roll-ups", error, [&, room_id = room_id](Statement& s) {
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
            if (!InsertRoomHours(db, room_id, boundaries, buckets, tables, error)) return false;
        }
        if (!sql::Run(db,
                      "INSERT INTO room_hours_state(room_id, computed_to, revision)"
                      " VALUES (?1, ?2, ?3) ON CONFLICT(room_id) DO UPDATE SET"
                      " computed_to = excluded.computed_to, revision = excluded.revision",
                      "cannot store roll-ups", error, [&, room_id = room_id](Statement& s) {
                          s.Bind(1, int64_t{room_id});
                          s.Bind(2, int64_t{until});
                          s.Bind(3, revision);
                      })) {
            return false;
        }
    }
    return true;
}

}  // namespace

TelemetryTables::TelemetryTables() : holder_(NewRandomToken().substr(0, 16)) {}

bool TelemetryTables::EnsureMonths(Database& db, const char* table, Seconds from, Seconds to,
                                   std::string& error) {
    if (db.backend() != Backend::Postgresql) return true;
    int64_t first = MonthOf(from), last = MonthOf(to);
    {
        std::lock_guard lock(mutex_);
        bool known = true;
        for (int64_t month = first; month <= last && known; ++month) {
            known = months_.count({table, month}) > 0;
        }
        if (known) return true;
    }
    int64_t made = -1;
    if (!sql::Query(
            db,
            "SELECT portal_ensure_month_partitions(CAST(?1 AS TEXT), CAST(?2 AS BIGINT),"
            " CAST(?3 AS BIGINT))",
            std::string("cannot make the partitions of ") + table, error,
            [&](Statement& q) {
                q.Bind(1, std::string_view(table));
                q.Bind(2, int64_t{from});
                q.Bind(3, int64_t{to});
            },
            [&](Statement& row) { made = row.ColumnInt(0); })) {
        return false;
    }
    // Known for sure are the months that were there before: one made now goes if its
    // transaction is undone (the next call, finding it, makes it known).
    if (made == 0) {
        std::lock_guard lock(mutex_);
        for (int64_t month = first; month <= last; ++month) months_.insert({table, month});
    }
    return true;
}

void TelemetryTables::ForgetMonths() {
    std::lock_guard lock(mutex_);
    months_.clear();
}

bool StoreBatch(Store::Writer& w, Id account_id, const telemetry::Batch& batch,
                const std::map<std::string, Id>& device_rooms, Seconds now, TelemetryTables& tables,
                bool& status_changed, std::string& error) {
    if (StoreBatchIn(w, account_id, batch, device_rooms, now, tables, status_changed, error)) {
        return true;
    }
    // Its transaction (or savepoint) is undone, with any partition it made.
    tables.ForgetMonths();
    return false;
}

bool PurgeRawTelemetry(Store::Writer& w, TelemetryTables& tables, Seconds now, Seconds before,
                       bool& purged, std::string& error) {
    Database& db = w.db();
    purged = false;
    bool held = false;
    if (!TakeLease(w, kTelemetryPurgeLease, tables.holder(), now, kHour, held, error)) {
        return false;
    }
    if (!held) return true;
    if (db.backend() == Backend::Postgresql) {
        // Whole months first. A room's (a device's) latest event stays, whatever its age: it
        // carries the state into what follows. The status rows hold its time (the newest event
        // wins there too), so a month ending at or before the oldest of them holds none.
        // Meetings last at most a day: a month ending a day before `before` has only ended ones.
        std::optional<Seconds> oldest_room, oldest_device;
        if (!sql::Query(
                db,
                "SELECT (SELECT min(people_at) FROM room_status),"
                " (SELECT min(at) FROM device_status)",
                "cannot purge telemetry", error, [](Statement&) {},
                [&](Statement& row) {
                    oldest_room = sql::Nullable(row, 0);
                    oldest_device = sql::Nullable(row, 1);
                })) {
            return false;
        }
        std::pair<const char*, Seconds> drops[] = {
            {"occupancy_events", oldest_room ? std::min(before, *oldest_room) : before},
            {"device_events", oldest_device ? std::min(before, *oldest_device) : before},
            {"meetings", before - telemetry::kMaxMeetingSeconds},
        };
        tables.ForgetMonths();
        for (const auto& [table, cutoff] : drops) {
            if (!sql::Query(
                    db,
                    "SELECT portal_drop_partitions_before(CAST(?1 AS TEXT), CAST(?2 AS BIGINT))",
                    "cannot purge telemetry", error,
                    [&, table = table, cutoff = cutoff](Statement& q) {
                        q.Bind(1, std::string(table));
                        q.Bind(2, int64_t{cutoff});
                    },
                    [](Statement&) {})) {
                return false;
            }
        }
    }
    for (const char* sql : {
             "DELETE FROM occupancy_events WHERE at < ?1 AND at < (SELECT max(o.at) FROM"
             " occupancy_events o WHERE o.room_id = occupancy_events.room_id)",
             "DELETE FROM device_events WHERE at < ?1 AND at < (SELECT max(e.at) FROM"
             " device_events e WHERE e.serial = device_events.serial)",
             "DELETE FROM meetings WHERE start < ?1 AND \"end\" < ?1",
             "DELETE FROM telemetry_batches WHERE received_at < ?1",
         }) {
        if (!sql::Run(db, sql, "cannot purge telemetry", error,
                      [&](Statement& s) { s.Bind(1, int64_t{before}); })) {
            return false;
        }
    }
    purged = true;
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
            "SELECT start, \"end\" FROM meetings WHERE room_id = ?1 AND start < ?3 AND start >= ?4"
            " AND \"end\" > ?2 ORDER BY start",
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
            // Each device's carried-in time once, not per joined row (PostgreSQL would run the
            // correlated max() for every event, across every month's partition).
            "WITH since AS MATERIALIZED (SELECT d.serial, coalesce((SELECT max(p.at)"
            " FROM device_events p WHERE p.serial = d.serial AND p.at <= ?2), ?2) AS at"
            " FROM devices d WHERE d.room_id = ?1)"
            " SELECT e.serial, e.at, e.online FROM since s JOIN device_events e"
            " ON e.serial = s.serial AND e.at >= s.at AND e.at < ?3",
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
        "   WHERE m.room_id = r.id AND m.start <= ?1 AND m.start >= ?2 AND m.\"end\" > ?1)"
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
                   q.Bind(1, int64_t{now});
                   q.Bind(2, int64_t{now - telemetry::kMaxMeetingSeconds});
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
// [SECTION] The StatusBoard's shared feed (PostgreSQL: several servers)

namespace {

// status_versions and NOTIFY portal_status (migration 017). SQLite has no other server to tell:
// its boards keep no feed (status_board.h).
class StoreStatusFeed final : public StatusFeed {
  public:
    explicit StoreStatusFeed(Store& store) : store_(store) {}

    bool Bump(Id account_id, int64_t& version, std::string& error) override {
        // One statement: the new version and its announcement, sent by PostgreSQL when the
        // transaction commits (never for one rolled back). Write transactions run one at a time
        // across servers, so announcements come in the order of their versions.
        return store_.Write(
            [&](Store::Writer& w, std::string& e) {
                bool found = false;
                if (!sql::Query(
                        w.db(),
                        "WITH bumped AS (INSERT INTO status_versions(account_id, version)"
                        " VALUES (CAST(?1 AS BIGINT), nextval('status_version_seq'))"
                        " ON CONFLICT(account_id) DO UPDATE SET version = excluded.version"
                        " RETURNING account_id, version)"
                        " SELECT version, pg_notify('portal_status', account_id || ':' || version)"
                        " FROM bumped",
                        "cannot move the status version", e,
                        [&](Statement& q) { q.Bind(1, int64_t{account_id}); },
                        [&](Statement& row) {
                            version = row.ColumnInt(0);
                            found = true;
                        })) {
                    return false;
                }
                if (!found) e = "cannot move the status version: no row";
                return found;
            },
            error);
    }

    bool Read(const std::vector<Id>& account_ids, std::map<Id, int64_t>& versions,
              std::string& error) override {
        versions.clear();
        if (account_ids.empty()) return true;
        std::string sql = "SELECT account_id, version FROM status_versions WHERE account_id IN (";
        for (size_t i = 0; i < account_ids.size(); ++i) {
            sql += (i ? "," : "") + std::to_string(account_ids[i]);  // numbers only
        }
        sql += ")";
        return store_.Read(
            [&](Store::Writer& r, std::string& e) {
                return sql::Query(
                    r.db(), sql.c_str(), "cannot read the status versions", e, [](Statement&) {},
                    [&](Statement& row) { versions[row.ColumnInt(0)] = row.ColumnInt(1); });
            },
            error);
    }

    bool AnnounceKioskWake(std::string& error) override {
        // NOTIFY is refused in a read-only transaction: a write one, with nothing written.
        return store_.Write(
            [&](Store::Writer& w, std::string& e) {
                return sql::Query(
                    w.db(), "SELECT pg_notify('portal_status', 'kiosks')",
                    "cannot announce a kiosk wake", e, [](Statement&) {}, [](Statement&) {});
            },
            error);
    }

  private:
    Store& store_;
};

}  // namespace

std::unique_ptr<StatusFeed> MakeStoreStatusFeed(Store& store) {
    return std::make_unique<StoreStatusFeed>(store);
}
}  // namespace portal::server

// SQLite -> PostgreSQL copy and its verification. The list of tables and their columns is read
// from the two schemas (both at this build's version), never written down here, so a table added
// by a later migration is copied without a change to this file.
#include "server/storage/sqlite_to_postgres.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "core/engine.h"
#include "core/model.h"
#include "server/database.h"
#include "server/migrations.h"
#include "server/sql_helpers.h"
#include "server/storage/postgres_database.h"
#include "server/store.h"

namespace portal::server {

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Schema

// How a column's values are read and compared: PostgreSQL's type decides (SQLite's declared
// types are only affinities).
enum class Kind { Integer, Real, Text, Bytes };

struct Column {
    std::string name;
    Kind kind = Kind::Text;
};

struct Table {
    std::string name;
    std::vector<Column> columns;
    std::string partition_key;  // PostgreSQL's monthly partitions (telemetry): by this column
    bool id_sequence = false;   // an identity `id` to move past the copied ids
    bool user_triggers = false;
};

std::string Quote(const std::string& name) {
    return "\"" + name + "\"";
}

std::string ColumnList(const Table& table) {
    std::string out;
    for (const Column& column : table.columns) {
        if (!out.empty()) out += ", ";
        out += Quote(column.name);
    }
    return out;
}

Kind KindOf(const std::string& type) {
    if (type == "bigint" || type == "integer" || type == "smallint") return Kind::Integer;
    if (type == "double precision" || type == "real" || type.starts_with("numeric")) {
        return Kind::Real;
    }
    if (type == "bytea") return Kind::Bytes;
    return Kind::Text;
}

bool NoBind(Statement&) {
    return true;
}

// Tables of the portal, not of the engine: schema_migrations is each backend's own.
bool SqliteTables(Database& db, std::vector<std::string>& out, std::string& error) {
    return sql::Query(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name <> 'schema_migrations' ORDER BY name",
        "list the SQLite tables", error, NoBind,
        [&](Statement& row) { out.push_back(row.ColumnText(0)); });
}

bool SqliteColumns(Database& db, const std::string& table, std::set<std::string>& out,
                   std::string& error) {
    return sql::Query(
        db, "SELECT name FROM pragma_table_info(?1)", "list the columns of " + table, error,
        [&](Statement& s) { s.Bind(1, table); },
        [&](Statement& row) { out.insert(row.ColumnText(0)); });
}

// Every table of the current schema but partitions (rows go through their parent).
bool PostgresTables(Database& db, std::map<std::string, char>& out, std::string& error) {
    return sql::Query(
        db,
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
        " AND c.relname <> 'schema_migrations'",
        "list the PostgreSQL tables", error, NoBind,
        [&](Statement& row) { out[row.ColumnText(0)] = row.ColumnText(1)[0]; });
}

bool PostgresColumns(Database& db, Table& table, std::string& error) {
    return sql::Query(
        db,
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
        " WHERE a.attrelid = CAST(?1 AS regclass) AND a.attnum > 0 AND NOT a.attisdropped"
        " AND a.attgenerated = '' ORDER BY a.attnum",
        "list the columns of " + table.name, error,
        [&](Statement& s) { s.Bind(1, Quote(table.name)); },
        [&](Statement& row) {
            table.columns.push_back({row.ColumnText(0), KindOf(row.ColumnText(1))});
        });
}

// Tables in an order where every table comes after those its foreign keys point at.
bool ForeignKeyOrder(Database& db, std::vector<Table>& tables, std::string& error) {
    std::map<std::string, std::set<std::string>> needs;
    if (!sql::Query(db,
                    "SELECT c.relname, p.relname FROM pg_constraint k"
                    " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE k.contype = 'f' AND n.nspname = current_schema() AND k.conparentid = 0",
                    "list the foreign keys", error, NoBind, [&](Statement& row) {
                        std::string from = row.ColumnText(0);
                        std::string to = row.ColumnText(1);
                        if (from != to)
                            needs[from].insert(to);  // a self-reference: rows in id order
                    })) {
        return false;
    }
    std::vector<Table> ordered;
    std::set<std::string> placed;
    std::vector<bool> taken(tables.size(), false);
    while (ordered.size() < tables.size()) {
        size_t before = ordered.size();
        for (size_t i = 0; i < tables.size(); ++i) {
            if (taken[i]) continue;
            const std::set<std::string>& targets = needs[tables[i].name];
            bool ready = std::all_of(targets.begin(), targets.end(),
                                     [&](const std::string& t) { return placed.count(t) > 0; });
            if (!ready) continue;
            taken[i] = true;
            placed.insert(tables[i].name);
            ordered.push_back(tables[i]);
        }
        if (ordered.size() == before) {
            error = "the foreign keys between the tables form a cycle";
            return false;
        }
    }
    tables = std::move(ordered);
    return true;
}

// The tables to copy, with their columns as PostgreSQL types them. Both schemas must have the
// same tables and the same columns (by name): they are at the same version of this build.
bool LoadSchema(Database& sqlite, Database& pg, std::vector<Table>& tables, std::string& error) {
    std::vector<std::string> names;
    std::map<std::string, char> pg_tables;
    if (!SqliteTables(sqlite, names, error) || !PostgresTables(pg, pg_tables, error)) return false;
    for (const std::string& name : names) {
        if (!pg_tables.count(name)) {
            error = "table " + name + " is in SQLite but not in PostgreSQL";
            return false;
        }
    }
    for (const auto& [name, kind] : pg_tables) {
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            error = "table " + name + " is in PostgreSQL but not in SQLite";
            return false;
        }
    }
    std::set<std::string> triggered;
    if (!sql::Query(
            pg,
            "SELECT DISTINCT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE NOT g.tgisinternal AND n.nspname = current_schema()",
            "list the triggers", error, NoBind,
            [&](Statement& row) { triggered.insert(row.ColumnText(0)); })) {
        return false;
    }
    for (const std::string& name : names) {
        Table table;
        table.name = name;
        if (!PostgresColumns(pg, table, error)) return false;
        std::set<std::string> sqlite_columns;
        if (!SqliteColumns(sqlite, name, sqlite_columns, error)) return false;
        std::set<std::string> pg_columns;
        for (const Column& column : table.columns) pg_columns.insert(column.name);
        if (sqlite_columns != pg_columns) {
            error = "table " + name + " has other columns in SQLite than in PostgreSQL";
            return false;
        }
        if (pg_tables[name] == 'p') {
            Statement key = pg.Prepare("SELECT pg_get_partkeydef(CAST(?1 AS regclass))");
            key.Bind(1, Quote(name));
            if (key.Step() != StepResult::Row)
                return sql::Failed(pg, "partition key of " + name, error);
            // "RANGE (at)"
            std::string definition = key.ColumnText(0);
            size_t open = definition.find('(');
            size_t close = definition.rfind(')');
            if (!definition.starts_with("RANGE") || open == std::string::npos ||
                close == std::string::npos || close < open) {
                error = "table " + name + " is partitioned by " + definition;
                return false;
            }
            table.partition_key = definition.substr(open + 1, close - open - 1);
            if (table.partition_key.size() > 1 && table.partition_key.front() == '"') {
                table.partition_key = table.partition_key.substr(1, table.partition_key.size() - 2);
            }
        }
        if (pg_columns.count("id")) {
            Statement sequence = pg.Prepare("SELECT pg_get_serial_sequence(?1, 'id')");
            sequence.Bind(1, Quote(name));
            if (sequence.Step() != StepResult::Row) {
                return sql::Failed(pg, "id sequence of " + name, error);
            }
            table.id_sequence = !sequence.ColumnIsNull(0);
        }
        table.user_triggers = triggered.count(name) > 0;
        tables.push_back(std::move(table));
    }
    return ForeignKeyOrder(pg, tables, error);
}

bool Count(Database& db, const std::string& table, int64_t& rows, std::string& error) {
    Statement count = db.Prepare("SELECT COUNT(*) FROM " + Quote(table));
    if (!count.Valid() || count.Step() != StepResult::Row) {
        return sql::Failed(db, "count the rows of " + table, error);
    }
    rows = count.ColumnInt(0);
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Values and digests

// A value as both sides compare it: integers and text as they are, reals at full precision
// (the two render them differently), bytes raw. nullopt: NULL.
std::optional<std::string> ValueOf(const Statement& row, int column, Kind kind) {
    if (row.ColumnIsNull(column)) return std::nullopt;
    switch (kind) {
        case Kind::Bytes:
            return row.ColumnBlob(column);
        case Kind::Real: {
            char text[40];
            std::snprintf(text, sizeof text, "%.17g",
                          std::strtod(row.ColumnText(column).c_str(), nullptr));
            return std::string(text);
        }
        case Kind::Integer:
        case Kind::Text:
            break;
    }
    return row.ColumnText(column);
}

// A table's rows whatever their order: the sum of a 128-bit hash of each row, so neither side
// sorts (collations differ) and a table of millions of rows needs no memory.
struct Digest {
    int64_t rows = 0;
    uint64_t low = 0;
    uint64_t high = 0;

    void Add(const std::string& row) {
        unsigned char hash[16];
        crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(row.data()),
                           row.size(), nullptr, 0);
        uint64_t a = 0;
        uint64_t b = 0;
        std::memcpy(&a, hash, 8);
        std::memcpy(&b, hash + 8, 8);
        low += a;
        high += b;
        ++rows;
    }
    bool operator==(const Digest&) const = default;
};

void AddRow(const Statement& row, const Table& table, std::string& buffer, Digest& digest) {
    buffer.clear();
    for (size_t i = 0; i < table.columns.size(); ++i) {
        std::optional<std::string> value = ValueOf(row, static_cast<int>(i), table.columns[i].kind);
        if (!value) {
            buffer += "N;";
            continue;
        }
        buffer += std::to_string(value->size());
        buffer += ':';
        buffer += *value;
    }
    digest.Add(buffer);
}

bool SqliteDigest(Database& db, const Table& table, Digest& digest, std::string& error) {
    std::string sql = "SELECT " + ColumnList(table) + " FROM " + Quote(table.name);
    std::string buffer;
    return sql::Query(db, sql.c_str(), "read " + table.name + " from SQLite", error, NoBind,
                      [&](Statement& row) { AddRow(row, table, buffer, digest); });
}

// Through a cursor, a batch at a time: libpq would otherwise hold the whole table in memory.
bool PostgresDigest(Database& db, const Table& table, Digest& digest, std::string& error) {
    if (!db.Exec("DECLARE portal_verify NO SCROLL CURSOR FOR SELECT " + ColumnList(table) +
                 " FROM " + Quote(table.name))) {
        return sql::Failed(db, "read " + table.name + " from PostgreSQL", error);
    }
    std::string buffer;
    while (true) {
        int64_t fetched = 0;
        if (!sql::Query(db, "FETCH 20000 FROM portal_verify",
                        "read " + table.name + " from PostgreSQL", error, NoBind,
                        [&](Statement& row) {
                            AddRow(row, table, buffer, digest);
                            ++fetched;
                        })) {
            return false;
        }
        if (fetched == 0) break;
    }
    if (!db.Exec("CLOSE portal_verify")) return sql::Failed(db, "close the cursor", error);
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] A canonical text of a State

std::string DateText(std::optional<Date> date) {
    return date ? FormatDate(*date) : "-";
}

std::string PartyText(const Party& party) {
    return party.name + "|" + party.email + "|" + party.company + "|" + party.address.line1 + "|" +
           party.address.city + "|" + party.address.postal_code + "|" + party.address.country +
           "|" + AccountKindId(party.address.kind);
}

// Every field of every row, one row a line, rows sorted (devices by serial, the rest by id).
std::vector<std::string> StateLines(State state) {
    auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
    std::sort(state.parent_entities.begin(), state.parent_entities.end(), by_id);
    std::sort(state.accounts.begin(), state.accounts.end(), by_id);
    std::sort(state.rooms.begin(), state.rooms.end(), by_id);
    std::sort(state.orders.begin(), state.orders.end(), by_id);
    std::sort(state.contracts.begin(), state.contracts.end(), by_id);
    std::sort(state.assignments.begin(), state.assignments.end(), by_id);
    std::sort(state.devices.begin(), state.devices.end(),
              [](const Device& a, const Device& b) { return a.serial < b.serial; });
    std::vector<std::string> lines;
    auto line = [&](auto&&... parts) {
        std::ostringstream out;
        ((out << parts << ' '), ...);
        lines.push_back(out.str());
    };
    for (const ParentEntity& p : state.parent_entities) line("parent", p.id, p.name);
    for (const Account& a : state.accounts) {
        line("account", a.id, a.parent_entity_id, a.name, AccountKindId(a.kind), a.country, a.city,
             a.postal_code);
    }
    for (const Room& r : state.rooms) {
        line("room", r.id, r.account_id, r.name, r.site, r.country, r.capacity, r.time_zone,
             r.version);
    }
    for (const Device& d : state.devices) {
        line("device", d.serial, d.account_id, d.product, d.room_id, FormatDate(d.purchase_date));
    }
    for (const Order& o : state.orders) {
        std::string order_lines;
        for (const OrderLine& l : o.lines)
            order_lines += l.sku + "x" + std::to_string(l.quantity) + ",";
        line("order", o.id, o.po_number, FormatDate(o.purchase_date), OrderStatusId(o.status),
             o.account_id, DateText(o.cancelled_on), PartyText(o.end_customer),
             PartyText(o.reseller), PartyText(o.distributor), order_lines);
    }
    for (const Contract& c : state.contracts) {
        line("contract", c.id, c.order_id, c.account_id, c.po_number, c.sku, c.program, c.quantity,
             c.term_years, FormatDate(c.purchase_date), DateText(c.first_assigned), c.cancelled);
    }
    for (const Assignment& a : state.assignments) {
        line("assignment", a.id, a.contract_id, a.slot, a.room_id, FormatDate(a.assigned_on),
             DateText(a.released_on), a.released_on ? ReleaseReasonId(a.release_reason) : "-");
    }
    return lines;
}

void Differ(MigrationReport& report, std::string what) {
    // A broken copy may differ in every row: the first few say enough.
    constexpr size_t kMaxDifferences = 50;
    if (report.differences.size() < kMaxDifferences) report.differences.push_back(std::move(what));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Copy

// A value in COPY's text format.
void AppendCopyValue(std::string& out, const std::optional<std::string>& value, Kind kind) {
    if (!value) {
        out += "\\N";
        return;
    }
    if (kind == Kind::Bytes) {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\\\x";
        for (unsigned char c : *value) {
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
        return;
    }
    for (char c : *value) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
        }
    }
}

bool CopyTable(Database& sqlite, Database& pg, const Table& table, int64_t& rows,
               std::string& error) {
    if (!table.partition_key.empty()) {
        // Rows go to monthly partitions that must exist first.
        std::string range = "SELECT min(" + Quote(table.partition_key) + "), max(" +
                            Quote(table.partition_key) + ") FROM " + Quote(table.name);
        Statement bounds = sqlite.Prepare(range);
        if (!bounds.Valid() || bounds.Step() != StepResult::Row) {
            return sql::Failed(sqlite, "time range of " + table.name, error);
        }
        if (!bounds.ColumnIsNull(0)) {
            Statement make = pg.Prepare(
                "SELECT portal_ensure_month_partitions(CAST(?1 AS TEXT), CAST(?2 AS BIGINT),"
                " CAST(?3 AS BIGINT))");
            make.Bind(1, table.name);
            make.Bind(2, bounds.ColumnInt(0));
            make.Bind(3, bounds.ColumnInt(1));
            if (make.Step() != StepResult::Row) {
                return sql::Failed(pg, "partitions of " + table.name, error);
            }
        }
    }
    std::string select = "SELECT " + ColumnList(table) + " FROM " + Quote(table.name);
    Statement source = sqlite.Prepare(select);
    if (!source.Valid()) return sql::Failed(sqlite, "read " + table.name, error);
    std::string copy = "COPY " + Quote(table.name) + " (" + ColumnList(table) + ") FROM STDIN";
    constexpr size_t kChunkBytes = 1 << 20;
    auto fill = [&](std::string& chunk, std::string& failure) {
        while (chunk.size() < kChunkBytes) {
            switch (source.Step()) {
                case StepResult::Row:
                    for (size_t i = 0; i < table.columns.size(); ++i) {
                        if (i > 0) chunk += '\t';
                        Kind kind = table.columns[i].kind;
                        AppendCopyValue(chunk, ValueOf(source, static_cast<int>(i), kind), kind);
                    }
                    chunk += '\n';
                    break;
                case StepResult::Done:
                    return CopyChunk::Last;
                case StepResult::Error:
                    failure = "reading " + table.name + " from SQLite: " + sqlite.LastMessage();
                    return CopyChunk::Failed;
            }
        }
        return CopyChunk::More;
    };
    if (!CopyIntoPostgres(pg, copy, fill, rows, error)) {
        error = "copy " + table.name + ": " + error;
        return false;
    }
    return true;
}

// What a freshly migrated database holds (settings, default alert rules...): the rows a target
// may have and still count as empty. Read off a new in-memory SQLite database of this build.
bool SeededCounts(const std::vector<Table>& tables, std::map<std::string, int64_t>& out,
                  std::string& error) {
    std::unique_ptr<Database> fresh = Database::Open(":memory:", error);
    int version = 0;
    if (!fresh || !Migrate(*fresh, EmbeddedMigrations(Backend::Sqlite), version, error)) {
        return false;
    }
    for (const Table& table : tables) {
        if (!Count(*fresh, table.name, out[table.name], error)) return false;
    }
    return true;
}

// The highest id SQLite ever gave each AUTOINCREMENT table: ids of deleted rows are never given
// again, on PostgreSQL either.
bool SqliteSequences(Database& sqlite, std::map<std::string, int64_t>& out, std::string& error) {
    bool exists = false;
    if (!sql::Query(sqlite, "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'",
                    "look for sqlite_sequence", error, NoBind,
                    [&](Statement&) { exists = true; })) {
        return false;
    }
    if (!exists) return true;
    return sql::Query(sqlite, "SELECT name, seq FROM sqlite_sequence", "read sqlite_sequence",
                      error, NoBind,
                      [&](Statement& row) { out[row.ColumnText(0)] = row.ColumnInt(1); });
}

bool Alter(Database& pg, const std::vector<Table>& tables, const char* what, std::string& error) {
    for (const Table& table : tables) {
        if (!table.user_triggers) continue;
        if (!pg.Exec("ALTER TABLE " + Quote(table.name) + " " + what + " TRIGGER USER")) {
            return sql::Failed(pg, std::string(what) + " the triggers of " + table.name, error);
        }
    }
    return true;
}

bool OpenBoth(const std::string& sqlite_path, const std::string& url,
              std::unique_ptr<Database>& sqlite, std::unique_ptr<Database>& pg,
              std::string& error) {
    sqlite = Database::Open(sqlite_path, error);
    if (!sqlite) return false;
    pg = Database::Open(url, error);
    return pg != nullptr;
}

}  // namespace

bool MigrateSqliteToPostgres(const std::string& sqlite_path, const std::string& url,
                             const Catalogue& catalogue, Date today, MigrationReport& report,
                             std::string& error) {
    auto started = Clock::now();
    if (sqlite_path.empty() || IsPostgresUrl(sqlite_path)) {
        error = "the source must be a SQLite file";
        return false;
    }
    if (!IsPostgresUrl(url)) {
        error = "the target must be a postgresql:// URL";
        return false;
    }
    if (FILE* file = std::fopen(sqlite_path.c_str(), "rb")) {
        std::fclose(file);
    } else {
        error = sqlite_path + ": no such file";
        return false;
    }
    {
        // A database of something else is not made a portal's by the migrations below.
        std::unique_ptr<Database> target = Database::Open(url, error);
        if (!target) return false;
        int64_t tables = 0;
        bool portal = false;
        if (!sql::Query(
                *target,
                "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')",
                "list the PostgreSQL tables", error, NoBind, [&](Statement& row) {
                    ++tables;
                    portal = portal || row.ColumnText(0) == "schema_migrations";
                })) {
            return false;
        }
        if (tables > 0 && !portal) {
            error =
                "the PostgreSQL database has tables but no portal schema: refusing to copy "
                "into it";
            return false;
        }
    }
    // Both schemas at this build's version: the SQLite one by the migrations a server would run
    // at its next start, the PostgreSQL one made (or checked) the same way.
    int sqlite_version = 0;
    int pg_version = 0;
    {
        std::unique_ptr<Store> source = Store::Open(sqlite_path, error);
        if (!source) return false;
        sqlite_version = source->SchemaVersion();
        std::unique_ptr<Store> target = Store::Open(url, error);
        if (!target) return false;
        pg_version = target->SchemaVersion();
    }
    if (sqlite_version != pg_version) {
        error = "schema versions differ: SQLite " + std::to_string(sqlite_version) +
                ", PostgreSQL " + std::to_string(pg_version);
        return false;
    }
    report.schema_version = pg_version;

    std::unique_ptr<Database> sqlite;
    std::unique_ptr<Database> pg;
    if (!OpenBoth(sqlite_path, url, sqlite, pg, error)) return false;
    std::vector<Table> tables;
    std::map<std::string, int64_t> seeded;
    std::map<std::string, int64_t> sequences;
    if (!LoadSchema(*sqlite, *pg, tables, error) || !SeededCounts(tables, seeded, error) ||
        !SqliteSequences(*sqlite, sequences, error)) {
        return false;
    }

    {
        ReadTransaction snapshot(*sqlite);  // one moment of the source, however long the copy takes
        // One transaction with the portal's write lock: a server started meanwhile waits, and a
        // failure leaves the target as it was.
        Transaction write(*pg);
        if (!snapshot.Began() || !write.Began()) {
            error = "begin: " + (snapshot.Began() ? pg->LastMessage() : sqlite->LastMessage());
            return false;
        }
        for (const Table& table : tables) {
            int64_t rows = 0;
            if (!Count(*pg, table.name, rows, error)) return false;
            if (rows != seeded[table.name]) {
                error = "the PostgreSQL database is not empty (table " + table.name + " has " +
                        std::to_string(rows) + " rows): refusing to copy into it";
                return false;
            }
        }
        // The triggers that keep counters (access versions, licenses held) and fill ids would count
        // the copied rows a second time: the copied counters are already right.
        if (!Alter(*pg, tables, "DISABLE", error)) return false;
        // What the migrations seeded is replaced by the source's rows (its install id, its edits of
        // the default rules): emptied in reverse foreign-key order.
        for (auto table = tables.rbegin(); table != tables.rend(); ++table) {
            if (seeded[table->name] > 0 && !pg->Exec("DELETE FROM " + Quote(table->name))) {
                return sql::Failed(*pg, "empty " + table->name, error);
            }
        }
        for (const Table& table : tables) {
            auto table_started = Clock::now();
            TableReport entry;
            entry.name = table.name;
            if (!CopyTable(*sqlite, *pg, table, entry.rows, error)) return false;
            if (table.id_sequence) {
                // Past every id copied and every id SQLite ever gave (AUTOINCREMENT).
                Statement top = pg->Prepare("SELECT max(id) FROM " + Quote(table.name));
                if (!top.Valid() || top.Step() != StepResult::Row) {
                    return sql::Failed(*pg, "highest id of " + table.name, error);
                }
                int64_t highest = std::max(top.ColumnInt(0), sequences[table.name]);
                if (highest > 0) {
                    Statement move = pg->Prepare(
                        "SELECT setval(pg_get_serial_sequence(?1, 'id'), CAST(?2 AS BIGINT))");
                    move.Bind(1, Quote(table.name));
                    move.Bind(2, highest);
                    if (move.Step() != StepResult::Row) {
                        return sql::Failed(*pg, "move the id sequence of " + table.name, error);
                    }
                }
            }
            entry.copy_seconds = SecondsSince(table_started);
            report.rows += entry.rows;
            report.tables.push_back(std::move(entry));
        }
        if (!Alter(*pg, tables, "ENABLE", error)) return false;
        if (!write.Commit()) return sql::Failed(*pg, "commit", error);
    }

    report.copy_seconds = SecondsSince(started);
    sqlite.reset();
    pg.reset();
    return VerifySqliteCopy(sqlite_path, url, catalogue, today, report, error);
}

bool VerifySqliteCopy(const std::string& sqlite_path, const std::string& url,
                      const Catalogue& catalogue, Date today, MigrationReport& report,
                      std::string& error) {
    auto started = Clock::now();
    std::unique_ptr<Database> sqlite;
    std::unique_ptr<Database> pg;
    if (!OpenBoth(sqlite_path, url, sqlite, pg, error)) return false;
    std::vector<Table> tables;
    if (!LoadSchema(*sqlite, *pg, tables, error)) return false;
    {
        ReadTransaction sqlite_snapshot(*sqlite);
        ReadTransaction pg_snapshot(*pg);
        for (const Table& table : tables) {
            Digest from;
            Digest to;
            if (!SqliteDigest(*sqlite, table, from, error) ||
                !PostgresDigest(*pg, table, to, error)) {
                return false;
            }
            auto entry = std::find_if(report.tables.begin(), report.tables.end(),
                                      [&](const TableReport& t) { return t.name == table.name; });
            if (entry == report.tables.end()) {
                report.tables.push_back({table.name});
                entry = report.tables.end() - 1;
            }
            entry->rows = to.rows;
            entry->verified = from == to;
            if (from.rows != to.rows) {
                Differ(report, table.name + ": " + std::to_string(from.rows) + " rows in SQLite, " +
                                   std::to_string(to.rows) + " in PostgreSQL");
            } else if (!(from == to)) {
                Differ(report, table.name + ": the rows' contents differ");
            }
        }
    }
    sqlite.reset();
    pg.reset();

    // The entitlement state as each store reads it, and the start-up check a server on the
    // PostgreSQL database will run.
    State from;
    State to;
    {
        std::unique_ptr<Store> source = Store::Open(sqlite_path, error);
        if (!source || !source->LoadState(from, error)) return false;
        std::unique_ptr<Store> target = Store::Open(url, error);
        if (!target || !target->LoadState(to, error)) {
            error = "load the PostgreSQL state: " + error;
            return false;
        }
    }
    std::vector<std::string> from_lines = StateLines(from);
    std::vector<std::string> to_lines = StateLines(to);
    if (from_lines != to_lines) {
        std::sort(from_lines.begin(), from_lines.end());
        std::sort(to_lines.begin(), to_lines.end());
        std::vector<std::string> only;
        std::set_symmetric_difference(from_lines.begin(), from_lines.end(), to_lines.begin(),
                                      to_lines.end(), std::back_inserter(only));
        Differ(report, "the loaded states differ (" + std::to_string(from_lines.size()) + " vs " +
                           std::to_string(to_lines.size()) + " rows)");
        for (const std::string& line : only) {
            bool in_sqlite = std::binary_search(from_lines.begin(), from_lines.end(), line);
            Differ(report,
                   std::string(in_sqlite ? "  only in SQLite: " : "  only in PostgreSQL: ") + line);
        }
    }
    for (const Violation& violation : CheckState(to, catalogue, today)) {
        Differ(report, "start-up check on PostgreSQL: " + violation.rule + " " + violation.message);
    }
    report.verify_seconds = SecondsSince(started);
    return true;
}

}  // namespace portal::server

// Migration runner: bookkeeping in schema_migrations, all pending steps in one transaction so a
// failed start leaves the database as it was.
#include "server/migrations.h"

#include <chrono>

#include "server/log.h"

namespace portal::server {

namespace {

constexpr const char* kCreateBookkeeping =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

bool ApplyMigrations(Database& db, std::span<const Migration> migrations, Transaction& transaction,
                     int& version, std::string& error);

}  // namespace

std::span<const Migration> EmbeddedMigrations(Backend backend) {
    return backend == Backend::Postgresql ? PostgresMigrations() : SqliteMigrations();
}

bool CheckMigrations(std::span<const Migration> migrations, std::string& error) {
    int previous = 0;
    for (const Migration& migration : migrations) {
        if (migration.version <= previous) {
            error = "migration " + std::to_string(migration.version) + "_" +
                    std::string(migration.name) + " is out of order or duplicated";
            return false;
        }
        previous = migration.version;
    }
    return true;
}

int AppliedSchemaVersion(Database& db) {
    Statement query = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!query.Valid() || query.Step() != Statement::StepResult::Row) return -1;
    return static_cast<int>(query.ColumnInt(0));
}

bool Migrate(Database& db, std::span<const Migration> migrations, int& version,
             std::string& error) {
    if (!CheckMigrations(migrations, error)) return false;
    if (db.backend() == Backend::Postgresql) {
        // Inside the write lock: two servers starting together must not both create the table.
        Transaction transaction(db);
        if (!transaction.Began() || !db.Exec(kCreateBookkeeping)) {
            error = "cannot begin migration: " + db.Error();
            return false;
        }
        return ApplyMigrations(db, migrations, transaction, version, error);
    }
    if (!db.Exec(kCreateBookkeeping)) {
        error = "cannot create schema_migrations: " + db.Error();
        return false;
    }
    // A migration may rebuild a table (create, copy, drop, rename: 016 does, for AUTOINCREMENT).
    // With foreign keys on, dropping a table that others reference deletes through them, and
    // the pragma is a no-op inside a transaction: off here, checked by foreign_key_check before
    // the commit, and back on however this ends.
    bool foreign_keys = false;
    {
        Statement query = db.Prepare("PRAGMA foreign_keys");
        foreign_keys =
            query.Valid() && query.Step() == Statement::StepResult::Row && query.ColumnInt(0) != 0;
    }
    if (foreign_keys && !db.Exec("PRAGMA foreign_keys=OFF")) {
        error = "cannot turn foreign keys off for the migrations: " + db.Error();
        return false;
    }
    struct RestoreForeignKeys {
        Database& db;
        bool on;
        ~RestoreForeignKeys() {
            if (on) db.Exec("PRAGMA foreign_keys=ON");
        }
    } restore{db, foreign_keys};
    Transaction transaction(db);
    if (!transaction.Began()) {
        error = "cannot begin migration: " + db.Error();
        return false;
    }
    return ApplyMigrations(db, migrations, transaction, version, error);
}

namespace {

bool ApplyMigrations(Database& db, std::span<const Migration> migrations, Transaction& transaction,
                     int& version, std::string& error) {
    int current = AppliedSchemaVersion(db);
    if (current < 0) {
        error = "cannot read schema version: " + db.LastMessage();
        return false;
    }
    int latest = migrations.empty() ? 0 : migrations.back().version;
    if (current > latest) {
        error = "database schema version " + std::to_string(current) +
                " is newer than this server knows (" + std::to_string(latest) + ")";
        return false;
    }
    Statement record =
        db.Prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)");
    if (!record.Valid()) {
        error = "cannot record migrations: " + db.Error();
        return false;
    }
    std::string now = FormatUtc(std::chrono::system_clock::now());
    for (const Migration& migration : migrations) {
        if (migration.version <= current) continue;
        std::string label = std::to_string(migration.version) + "_" + std::string(migration.name);
        // sqlite3_exec needs a terminated string; the embedded view is one, but do not rely on it.
        if (!db.Exec(std::string(migration.sql).c_str())) {
            error = "migration " + label + " failed: " + db.Error();
            return false;
        }
        record.Reset();
        if (!record.Bind(1, int64_t{migration.version}) || !record.Bind(2, migration.name) ||
            !record.Bind(3, now) || !record.Run()) {
            error = "cannot record migration " + label + ": " + db.LastMessage();
            return false;
        }
    }
    // Only after a migration ran: the check reads every table, which a large database should
    // not pay at each start. (PostgreSQL checks foreign keys as each statement runs.)
    if (current < latest && db.backend() == Backend::Sqlite) {
        Statement check = db.Prepare("PRAGMA foreign_key_check");
        if (!check.Valid()) {
            error = "cannot check foreign keys after the migrations: " + db.Error();
            return false;
        }
        if (check.Step() == Statement::StepResult::Row) {
            error = "the migrations leave a row of " + check.ColumnText(0) +
                    " whose foreign key names nothing in " + check.ColumnText(2);
            return false;
        }
    }
    if (!transaction.Commit()) {
        error = "cannot commit migrations: " + db.Error();
        return false;
    }
    version = latest;  // current <= latest was checked above
    return true;
}

}  // namespace

}  // namespace portal::server

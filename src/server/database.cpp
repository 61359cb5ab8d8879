// sqlite3 wrapper implementation.
#include "server/database.h"

#include <sqlite3.h>

#include <mutex>
#include <utility>

namespace portal::server {

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      cache_(std::exchange(other.cache_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        Release();
        db_ = std::exchange(other.db_, nullptr);
        stmt_ = std::exchange(other.stmt_, nullptr);
        cache_ = std::exchange(other.cache_, nullptr);
    }
    return *this;
}

Statement::~Statement() {
    Release();
}

void Statement::Release() {
    if (!stmt_) return;
    if (cache_) {
        cache_->GiveBack(stmt_);
    } else {
        sqlite3_finalize(stmt_);
    }
    stmt_ = nullptr;
}

bool Statement::Bind(int index, std::string_view text) {
    return sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                             SQLITE_TRANSIENT) == SQLITE_OK;
}

bool Statement::Bind(int index, int64_t value) {
    return sqlite3_bind_int64(stmt_, index, value) == SQLITE_OK;
}

bool Statement::BindBlob(int index, std::string_view bytes) {
    return sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) ==
           SQLITE_OK;
}

bool Statement::BindNull(int index) {
    return sqlite3_bind_null(stmt_, index) == SQLITE_OK;
}

Statement::StepResult Statement::Step() {
    switch (sqlite3_step(stmt_)) {
        case SQLITE_ROW:
            return StepResult::Row;
        case SQLITE_DONE:
            return StepResult::Done;
        default:
            return StepResult::Error;
    }
}

bool Statement::Run() {
    return Step() == StepResult::Done;
}

void Statement::Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

int64_t Statement::ColumnInt(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::string Statement::ColumnText(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string Statement::ColumnBlob(int column) const {
    const void* bytes = sqlite3_column_blob(stmt_, column);
    if (!bytes) return {};
    return std::string(static_cast<const char*>(bytes),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Statement::ColumnIsNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::unique_ptr<Database> Database::Open(const std::string& path, std::string& error) {
    // SQLite counts its memory under one process-wide mutex by default: every allocation of
    // every connection would queue on it. Must come before SQLite initialises (first open).
    static std::once_flag configured;
    std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
    sqlite3* handle = nullptr;
    // NOMUTEX: a connection is only ever used by one thread at a time (the Store holds a lock
    // per connection), so SQLite's own locking of each call would be paid for nothing.
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
    if (rc != SQLITE_OK) {
        error = "cannot open database " + path + ": " +
                (handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc));
        sqlite3_close_v2(handle);
        return nullptr;
    }
    sqlite3_extended_result_codes(handle, 1);
    std::unique_ptr<Database> db(new Database(handle));
    // busy_timeout first, so that the journal-mode switch waits for another connection.
    const char* settings =
        "PRAGMA busy_timeout=5000;"
        "PRAGMA journal_mode=WAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA synchronous=FULL;";
    if (!db->Exec(settings)) {
        error = "cannot set up database " + path + ": " + db->Error();
        return nullptr;
    }
    return db;
}

Database::~Database() {
    for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
    sqlite3_close_v2(db_);
}

void Database::GiveBack(sqlite3_stmt* stmt) {
    // Reset ends whatever the statement held (a read in progress keeps a snapshot open).
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    auto sql = cached_sql_.find(stmt);
    if (sql != cached_sql_.end()) cache_[sql->second].in_use = false;
}

bool Database::Exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        error_ = message ? message : SqliteMessage();
        sqlite3_free(message);
        return false;
    }
    return true;
}

Statement Database::Prepare(std::string_view sql) {
    std::string key(sql);
    auto found = cache_.find(key);
    if (found != cache_.end() && !found->second.in_use) {
        found->second.in_use = true;
        return Statement(db_, found->second.stmt, this);
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
        error_ = SqliteMessage();
        sqlite3_finalize(stmt);
        return {};
    }
    // The same SQL in use twice at once (a nested read) gets a statement of its own.
    if (found != cache_.end()) return Statement(db_, stmt);
    cache_[key] = Cached{stmt, true};
    cached_sql_[stmt] = key;
    return Statement(db_, stmt, this);
}

std::string Database::SqliteMessage() const {
    return sqlite3_errmsg(db_);
}

int Database::ExtendedErrorCode() const {
    return sqlite3_extended_errcode(db_);
}

int64_t Database::Changes() const {
    return sqlite3_changes64(db_);
}

bool Database::InTransaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

ReadTransaction::ReadTransaction(Database& db) : db_(db) {
    if (db_.InTransaction()) {
        began_ = true;
        return;
    }
    began_ = owns_ = db_.Exec("BEGIN");
}

ReadTransaction::~ReadTransaction() {
    if (owns_) db_.Exec("COMMIT");
}

Transaction::Transaction(Database& db) : db_(db) {
    began_ = db_.Exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (began_ && !done_) db_.Exec("ROLLBACK");
}

bool Transaction::Commit() {
    if (!began_ || done_) return false;
    done_ = true;
    if (db_.Exec("COMMIT")) return true;
    db_.Exec("ROLLBACK");
    return false;
}

}  // namespace portal::server

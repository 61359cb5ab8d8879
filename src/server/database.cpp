// sqlite3 wrapper implementation.
#include "server/database.h"

#include <sqlite3.h>

#include <utility>

namespace portal::server {

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = std::exchange(other.db_, nullptr);
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

bool Statement::Bind(int index, std::string_view text) {
    return sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                             SQLITE_TRANSIENT) == SQLITE_OK;
}

bool Statement::Bind(int index, int64_t value) {
    return sqlite3_bind_int64(stmt_, index, value) == SQLITE_OK;
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

bool Statement::ColumnIsNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::unique_ptr<Database> Database::Open(const std::string& path, std::string& error) {
    sqlite3* handle = nullptr;
    // FULLMUTEX: the connection is shared by the HTTP worker threads (the Store also serialises).
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
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
    sqlite3_close_v2(db_);
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
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
        error_ = SqliteMessage();
        sqlite3_finalize(stmt);
        return {};
    }
    return Statement(db_, stmt);
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

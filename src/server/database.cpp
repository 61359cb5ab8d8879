// The connection interface's shared part (statement cache, transactions) and its SQLite backend.
#include "server/database.h"

#include <sqlite3.h>

#include <mutex>
#include <utility>

#include "server/storage/postgres_database.h"

namespace portal::server {

namespace {
thread_local uint64_t t_storage_outages = 0;
}  // namespace

void NoteStorageOutage() {
    ++t_storage_outages;
}

uint64_t StorageOutages() {
    return t_storage_outages;
}

void ResetStorageOutages() {
    t_storage_outages = 0;
}

const char* BackendName(Backend backend) {
    return backend == Backend::Postgresql ? "postgresql" : "sqlite";
}

bool IsPostgresUrl(std::string_view target) {
    return target.starts_with("postgresql://") || target.starts_with("postgres://");
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Statement and the cache

Statement::Statement(Statement&& other) noexcept
    : impl_(std::exchange(other.impl_, nullptr)), cache_(std::exchange(other.cache_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        Release();
        impl_ = std::exchange(other.impl_, nullptr);
        cache_ = std::exchange(other.cache_, nullptr);
    }
    return *this;
}

Statement::~Statement() {
    Release();
}

void Statement::Release() {
    if (!impl_) return;
    if (cache_) {
        cache_->GiveBack(impl_);
    } else {
        delete impl_;
    }
    impl_ = nullptr;
}

Database::~Database() = default;

void Database::GiveBack(StatementImpl* impl) {
    // Reset ends whatever the statement held (a read in progress keeps a snapshot open).
    impl->Reset();
    auto sql = cached_sql_.find(impl);
    if (sql != cached_sql_.end()) cache_[sql->second].in_use = false;
}

void Database::ForgetStatements() {
    // Statements handed out still point into the cache: keep those, drop the free ones.
    for (auto it = cache_.begin(); it != cache_.end();) {
        if (it->second.in_use) {
            ++it;
            continue;
        }
        cached_sql_.erase(it->second.impl.get());
        it = cache_.erase(it);
    }
}

Statement Database::Prepare(std::string_view sql) {
    std::string key(sql);
    auto found = cache_.find(key);
    if (found != cache_.end() && !found->second.in_use) {
        found->second.in_use = true;
        return Statement(found->second.impl.get(), this);
    }
    // The same SQL in use twice at once (a nested read) gets a statement of its own.
    bool reused = found == cache_.end();
    std::unique_ptr<StatementImpl> impl = Compile(sql, reused);
    if (!impl) return {};
    if (!reused) return Statement(impl.release(), nullptr);
    StatementImpl* raw = impl.get();
    cache_[key] = Cached{std::move(impl), true};
    cached_sql_[raw] = key;
    return Statement(raw, this);
}

ReadTransaction::ReadTransaction(Database& db) : db_(db) {
    if (db_.InTransaction()) {
        began_ = true;
        return;
    }
    began_ = owns_ = db_.BeginRead();
}

ReadTransaction::~ReadTransaction() {
    if (owns_) db_.Exec("COMMIT");
}

Transaction::Transaction(Database& db) : db_(db) {
    began_ = db_.BeginWrite();
}

Transaction::~Transaction() {
    if (began_ && !done_) db_.Exec("ROLLBACK");
}

bool Transaction::Commit() {
    if (!began_ || done_) return false;
    done_ = true;
    if (db_.CommitWrite()) return true;
    db_.Exec("ROLLBACK");
    return false;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] SQLite

namespace {

// SQLite's result codes that say the storage failed, not the statement: the disk is full, the
// file cannot be read, written or opened, or another connection held the lock past the busy
// timeout. Noted as an outage (NoteStorageOutage); returns rc.
int NoteIfOutage(int rc) {
    switch (rc & 0xff) {
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY:
        case SQLITE_BUSY:
        case SQLITE_NOMEM:
            NoteStorageOutage();
            break;
        default:
            break;
    }
    return rc;
}

class SqliteStatement final : public StatementImpl {
  public:
    SqliteStatement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    ~SqliteStatement() override { sqlite3_finalize(stmt_); }

    bool Bind(int index, std::string_view text) override {
        return sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                                 SQLITE_TRANSIENT) == SQLITE_OK;
    }
    bool Bind(int index, int64_t value) override {
        return sqlite3_bind_int64(stmt_, index, value) == SQLITE_OK;
    }
    bool BindNull(int index) override { return sqlite3_bind_null(stmt_, index) == SQLITE_OK; }
    bool BindBlob(int index, std::string_view bytes) override {
        return sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) ==
               SQLITE_OK;
    }
    StepResult Step() override {
        switch (NoteIfOutage(sqlite3_step(stmt_))) {
            case SQLITE_ROW:
                return StepResult::Row;
            case SQLITE_DONE:
                return StepResult::Done;
            default:
                return StepResult::Error;
        }
    }
    void Reset() override {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    int64_t ColumnInt(int column) const override { return sqlite3_column_int64(stmt_, column); }
    std::string ColumnText(int column) const override {
        const unsigned char* text = sqlite3_column_text(stmt_, column);
        if (!text) return {};
        return std::string(reinterpret_cast<const char*>(text),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
    }
    std::string ColumnBlob(int column) const override {
        const void* bytes = sqlite3_column_blob(stmt_, column);
        if (!bytes) return {};
        return std::string(static_cast<const char*>(bytes),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
    }
    bool ColumnIsNull(int column) const override {
        return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
    }

  private:
    sqlite3_stmt* stmt_;
};

class SqliteDatabase final : public Database {
  public:
    explicit SqliteDatabase(sqlite3* db) : db_(db) {}
    ~SqliteDatabase() override {
        // Statements first: a connection with statements left cannot close.
        ForgetStatements();
        sqlite3_close_v2(db_);
    }

    using Database::Exec;
    Backend backend() const override { return Backend::Sqlite; }

    bool Exec(const char* sql) override {
        char* message = nullptr;
        if (NoteIfOutage(sqlite3_exec(db_, sql, nullptr, nullptr, &message)) != SQLITE_OK) {
            error_ = message ? message : LastMessage();
            sqlite3_free(message);
            return false;
        }
        return true;
    }
    std::string LastMessage() const override { return sqlite3_errmsg(db_); }
    Constraint LastConstraint() const override {
        switch (sqlite3_extended_errcode(db_)) {
            case SQLITE_CONSTRAINT_UNIQUE:
                return Constraint::Unique;
            case SQLITE_CONSTRAINT_PRIMARYKEY:
                return Constraint::PrimaryKey;
            case SQLITE_CONSTRAINT_FOREIGNKEY:
                return Constraint::ForeignKey;
            case SQLITE_CONSTRAINT_CHECK:
                return Constraint::Check;
            case SQLITE_CONSTRAINT_NOTNULL:
                return Constraint::NotNull;
            default:
                return Constraint::None;
        }
    }
    bool InTransaction() const override { return sqlite3_get_autocommit(db_) == 0; }
    int64_t Changes() const override { return sqlite3_changes64(db_); }
    // IMMEDIATE takes the write lock up front.
    bool BeginWrite() override { return Exec("BEGIN IMMEDIATE"); }
    bool BeginRead() override { return Exec("BEGIN"); }

  protected:
    std::unique_ptr<StatementImpl> Compile(std::string_view sql, bool) override {
        sqlite3_stmt* stmt = nullptr;
        if (NoteIfOutage(sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt,
                                            nullptr)) != SQLITE_OK) {
            error_ = LastMessage();
            sqlite3_finalize(stmt);
            return nullptr;
        }
        return std::make_unique<SqliteStatement>(stmt);
    }

  private:
    sqlite3* db_;
};

std::unique_ptr<Database> OpenSqlite(const std::string& path, std::string& error) {
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
    auto db = std::make_unique<SqliteDatabase>(handle);
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

}  // namespace

std::unique_ptr<Database> Database::Open(const std::string& target, std::string& error) {
    if (IsPostgresUrl(target)) return OpenPostgres(target, error);
    return OpenSqlite(target, error);
}

}  // namespace portal::server

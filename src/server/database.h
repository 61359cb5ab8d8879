// The storage layer's connection: one interface, two backends. SQLite (database.cpp) is the
// embedded default; PostgreSQL (storage/postgres_database.cpp, through libpq) serves several
// servers sharing one database. Store SQL is written once, in SQLite's dialect with `?`/`?N`
// placeholders; the PostgreSQL backend rewrites what the two spell differently (placeholders,
// INSERT OR IGNORE, LIKE, COLLATE NOCASE, two-argument max/min) and the few statements neither
// can share branch on backend() inside the store files, never in handlers.
// Errors come back as false plus a message (Database::Error()), never as exceptions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace portal::server {

enum class Backend { Sqlite, Postgresql };

// "sqlite" or "postgresql", as GET /health names it.
const char* BackendName(Backend backend);

// True for a postgresql:// or postgres:// URL: what Database::Open opens with libpq.
bool IsPostgresUrl(std::string_view target);

// What a refused write broke, whatever the backend calls it.
enum class Constraint { None, Unique, PrimaryKey, ForeignKey, Check, NotNull };

enum class StepResult { Row, Done, Error };

// A backend's compiled statement. Parameters are 1-based.
class StatementImpl {
  public:
    virtual ~StatementImpl() = default;
    virtual bool Bind(int index, std::string_view text) = 0;
    virtual bool Bind(int index, int64_t value) = 0;
    virtual bool BindNull(int index) = 0;
    virtual bool BindBlob(int index, std::string_view bytes) = 0;
    virtual StepResult Step() = 0;
    // Back to before the first Step, bindings cleared.
    virtual void Reset() = 0;
    virtual int64_t ColumnInt(int column) const = 0;
    virtual std::string ColumnText(int column) const = 0;
    virtual std::string ColumnBlob(int column) const = 0;
    virtual bool ColumnIsNull(int column) const = 0;
};

// Storage outages: a full disk, an I/O error, a lost or refused connection, a lock never
// released. What a request could not do for want of storage (rather than because of what it
// asked) answers 503 and may be retried; anything else that fails is a 500. Counted per thread,
// because a request is served on one thread; Store::Write carries the count over from the thread
// that wrote a group-committed batch to each writer that waited on it.
void NoteStorageOutage();
// This thread's outages since its last reset.
uint64_t StorageOutages();
// Called as each request starts on its thread.
void ResetStorageOutages();

class Database;

class Statement {
  public:
    using StepResult = ::portal::server::StepResult;

    Statement() = default;
    // cache: the Database that compiled it and takes it back (reset) instead of deleting it.
    Statement(StatementImpl* impl, Database* cache) : impl_(impl), cache_(cache) {}
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    bool Valid() const { return impl_ != nullptr; }

    // Parameters are 1-based. Text is copied.
    bool Bind(int index, std::string_view text) { return impl_->Bind(index, text); }
    bool Bind(int index, int64_t value) { return impl_->Bind(index, value); }
    bool BindNull(int index) { return impl_->BindNull(index); }
    // Bytes as a BLOB/BYTEA (ticket attachments): never read back as text.
    bool BindBlob(int index, std::string_view bytes) { return impl_->BindBlob(index, bytes); }
    StepResult Step() { return impl_->Step(); }
    // Steps once and expects Done: for INSERT/UPDATE/DELETE.
    bool Run() { return Step() == StepResult::Done; }
    void Reset() { impl_->Reset(); }

    int64_t ColumnInt(int column) const { return impl_->ColumnInt(column); }
    std::string ColumnText(int column) const { return impl_->ColumnText(column); }
    std::string ColumnBlob(int column) const { return impl_->ColumnBlob(column); }
    bool ColumnIsNull(int column) const { return impl_->ColumnIsNull(column); }

  private:
    void Release();

    StatementImpl* impl_ = nullptr;
    Database* cache_ = nullptr;  // null: impl_ is this Statement's own
};

// One connection. Not thread-safe: one thread at a time (the Store holds a lock per connection).
class Database {
  public:
    // target: a postgresql:// URL, or a SQLite file path (created if needed). SQLite gets the
    // settings every connection needs: WAL journal, foreign keys on, synchronous=FULL, a 5 s
    // busy timeout.
    static std::unique_ptr<Database> Open(const std::string& target, std::string& error);

    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    virtual ~Database();

    virtual Backend backend() const = 0;

    // Runs one or more statements that take no parameters and return no rows worth reading.
    virtual bool Exec(const char* sql) = 0;
    bool Exec(const std::string& sql) { return Exec(sql.c_str()); }
    // An invalid Statement (Valid() == false) on error. Statements are kept compiled: the same
    // SQL text is handed out again (reset) after its last user is done with it, which saves the
    // database's parse and plan on every request.
    Statement Prepare(std::string_view sql);
    // The last error of this connection, prefixed with what was being done.
    const std::string& Error() const { return error_; }
    void SetError(std::string error) { error_ = std::move(error); }
    // The database's own message for the last failed call.
    virtual std::string LastMessage() const = 0;
    // What the last failed write broke (None: it was not a constraint).
    virtual Constraint LastConstraint() const = 0;
    // True inside BEGIN ... COMMIT.
    virtual bool InTransaction() const = 0;
    // Rows changed by the last INSERT, UPDATE or DELETE.
    virtual int64_t Changes() const = 0;

    // Starts a write transaction that excludes every other writer, of this process or another
    // (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN and the portal's advisory lock), so that what
    // it reads stays true until its COMMIT.
    virtual bool BeginWrite() = 0;
    // Commits the transaction BeginWrite began; true once it is durable.
    virtual bool CommitWrite() { return Exec("COMMIT"); }
    // Starts a read-only transaction: one consistent snapshot however many SELECTs it takes.
    virtual bool BeginRead() = 0;

  protected:
    Database() = default;
    // Compiles sql; nullptr with error_ set on failure. reused: it goes into the cache (a
    // statement used once may skip what only pays off on reuse).
    virtual std::unique_ptr<StatementImpl> Compile(std::string_view sql, bool reused) = 0;
    // Drops every cached statement (a PostgreSQL connection that was re-established).
    void ForgetStatements();

    std::string error_;

  private:
    friend class Statement;
    // A statement of the cache comes back: reset, and free for the next Prepare of its SQL.
    void GiveBack(StatementImpl* impl);

    struct Cached {
        std::unique_ptr<StatementImpl> impl;
        bool in_use = false;
    };
    std::unordered_map<std::string, Cached> cache_;
    std::unordered_map<StatementImpl*, std::string> cached_sql_;
};

// BEGIN ... COMMIT around reads: one consistent snapshot however many SELECTs it takes, without
// taking the write lock. Ends (COMMIT: nothing to keep) in the destructor. Inside a transaction
// already (a Transaction, or an outer ReadTransaction) it does nothing: that one is the snapshot.
class ReadTransaction {
  public:
    explicit ReadTransaction(Database& db);
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;
    ~ReadTransaction();

    bool Began() const { return began_; }

  private:
    Database& db_;
    bool began_ = false;
    bool owns_ = false;
};

// Database::BeginWrite ... COMMIT; rolls back in the destructor unless committed. The write lock
// is taken up front, so a transaction never fails half-way for lack of it.
class Transaction {
  public:
    explicit Transaction(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    bool Began() const { return began_; }
    bool Commit();

  private:
    Database& db_;
    bool began_ = false;
    bool done_ = false;
};

}  // namespace portal::server

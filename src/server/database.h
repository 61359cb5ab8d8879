// A small RAII wrapper over the sqlite3 C API: a connection, prepared statements, transactions.
// Errors come back as false plus a message (Database::Error()), never as exceptions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace portal::server {

class Database;

class Statement {
  public:
    enum class StepResult { Row, Done, Error };

    Statement() = default;
    // cache: the Database that prepared it and takes it back (reset) instead of finalising it.
    Statement(sqlite3* db, sqlite3_stmt* stmt, Database* cache = nullptr)
        : db_(db), stmt_(stmt), cache_(cache) {}
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    bool Valid() const { return stmt_ != nullptr; }

    // Parameters are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT).
    bool Bind(int index, std::string_view text);
    bool Bind(int index, int64_t value);
    bool BindNull(int index);
    // Bytes as a BLOB (ticket attachments): never read back as text.
    bool BindBlob(int index, std::string_view bytes);
    StepResult Step();
    // Steps once and expects Done: for INSERT/UPDATE/DELETE.
    bool Run();
    void Reset();

    int64_t ColumnInt(int column) const;
    std::string ColumnText(int column) const;
    std::string ColumnBlob(int column) const;
    bool ColumnIsNull(int column) const;

  private:
    void Release();

    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    Database* cache_ = nullptr;
};

// One connection. Not thread-safe: one thread at a time (the Store holds a lock per connection).
class Database {
  public:
    // Opens (creating if needed) and applies the connection settings every connection needs:
    // WAL journal, foreign keys on, synchronous=FULL, a 5 s busy timeout.
    static std::unique_ptr<Database> Open(const std::string& path, std::string& error);

    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Runs one or more statements that return no rows worth reading.
    bool Exec(const char* sql);
    // An invalid Statement (Valid() == false) on error. Statements are kept prepared once
    // compiled: the same SQL text is handed out again (reset) after its last user is done with
    // it, which saves SQLite's parse and plan on every request.
    Statement Prepare(std::string_view sql);
    // The last error of this connection, prefixed with what was being done.
    const std::string& Error() const { return error_; }
    void SetError(std::string error) { error_ = std::move(error); }
    std::string SqliteMessage() const;
    // The extended result code of the last failed call (SQLITE_CONSTRAINT_UNIQUE, ...).
    int ExtendedErrorCode() const;
    // True inside BEGIN ... COMMIT.
    bool InTransaction() const;
    // Rows changed by the last INSERT, UPDATE or DELETE.
    int64_t Changes() const;

  private:
    friend class Statement;
    explicit Database(sqlite3* db) : db_(db) {}
    // A statement of the cache comes back: reset, and free for the next Prepare of its SQL.
    void GiveBack(sqlite3_stmt* stmt);

    struct Cached {
        sqlite3_stmt* stmt = nullptr;
        bool in_use = false;
    };

    sqlite3* db_;
    std::string error_;
    std::unordered_map<std::string, Cached> cache_;
    std::unordered_map<sqlite3_stmt*, std::string> cached_sql_;
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

// BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless committed. IMMEDIATE takes the
// write lock up front, so a transaction never fails half-way for lack of it.
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

// Database over libpq. Statements are prepared once per connection under a name and run with
// text parameters whose types PostgreSQL infers from the SQL; results come whole, as text (a
// nested read on the same connection then needs no cursor).
#include "server/storage/postgres_database.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

namespace portal::server {

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Dialect

bool IsWordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// True when sql has the keyword word (any case) at i, standing alone.
bool KeywordAt(std::string_view sql, size_t i, std::string_view word) {
    if (i >= sql.size() || word.size() > sql.size() - i) return false;
    if (i > 0 && IsWordChar(sql[i - 1])) return false;
    for (size_t k = 0; k < word.size(); ++k) {
        if (std::toupper(static_cast<unsigned char>(sql[i + k])) != word[k]) return false;
    }
    return i + word.size() == sql.size() || !IsWordChar(sql[i + word.size()]);
}

// Where the next word after whitespace from i starts (sql.size() when there is none).
size_t NextWord(std::string_view sql, size_t i) {
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
    return i;
}

// Whether the call whose "(" is at open has a comma at its own level: max(a, b) vs max(a).
bool HasTopLevelComma(std::string_view sql, size_t open) {
    int depth = 0;
    for (size_t i = open; i < sql.size(); ++i) {
        char c = sql[i];
        if (c == '\'') {
            while (++i < sql.size() && sql[i] != '\'') {
            }
            continue;
        }
        if (c == '(') ++depth;
        if (c == ')' && --depth == 0) return false;
        if (c == ',' && depth == 1) return true;
    }
    return false;
}

}  // namespace

// PostgreSQL's highest parameter number ($65535).
constexpr int kMaxParameter = 65535;

std::string TranslateForPostgres(std::string_view sql, int& parameters) {
    std::string out;
    out.reserve(sql.size() + 16);
    parameters = 0;
    bool insert_or_ignore = false;
    size_t i = 0;
    while (i < sql.size()) {
        char c = sql[i];
        // Literals, quoted names and comments pass through untouched.
        if (c == '\'' || c == '"') {
            size_t end = sql.find(c, i + 1);
            end = end == std::string_view::npos ? sql.size() : end + 1;
            out.append(sql.substr(i, end - i));
            i = end;
            continue;
        }
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            size_t end = sql.find('\n', i);
            end = end == std::string_view::npos ? sql.size() : end;
            out.append(sql.substr(i, end - i));
            i = end;
            continue;
        }
        if (c == '?') {
            size_t digits = i + 1;
            while (digits < sql.size() && std::isdigit(static_cast<unsigned char>(sql[digits]))) {
                ++digits;
            }
            // SQLite: a bare ? is one more than the largest number given so far.
            int number = parameters + 1;
            if (digits > i + 1) {
                // Capped past PostgreSQL's 65535 parameters (it refuses the statement then): an
                // int read without a cap overflowed (fuzz_postgres_translate).
                number = 0;
                for (size_t k = i + 1; k < digits; ++k) {
                    number = std::min(kMaxParameter + 1, number * 10 + (sql[k] - '0'));
                }
            }
            if (number > parameters) parameters = number;
            out += '$';
            out += std::to_string(number);
            i = digits;
            continue;
        }
        if (KeywordAt(sql, i, "INSERT")) {
            size_t word = NextWord(sql, i + 6);
            if (KeywordAt(sql, word, "OR")) {
                size_t ignore = NextWord(sql, word + 2);
                if (KeywordAt(sql, ignore, "IGNORE")) {
                    out += "INSERT";
                    i = ignore + 6;
                    insert_or_ignore = true;
                    continue;
                }
            }
        }
        if (KeywordAt(sql, i, "LIKE")) {
            out += "ILIKE";
            i += 4;
            continue;
        }
        if (KeywordAt(sql, i, "NOCASE")) {
            out += "nocase";
            i += 6;
            continue;
        }
        if ((KeywordAt(sql, i, "MAX") || KeywordAt(sql, i, "MIN")) && i + 3 < sql.size() &&
            sql[i + 3] == '(' && HasTopLevelComma(sql, i + 3)) {
            out +=
                std::toupper(static_cast<unsigned char>(sql[i + 1])) == 'A' ? "GREATEST" : "LEAST";
            i += 3;
            continue;
        }
        if (KeywordAt(sql, i, "AS")) {
            size_t type = NextWord(sql, i + 2);
            if (KeywordAt(sql, type, "INTEGER")) {
                out += "AS BIGINT";
                i = type + 7;
                continue;
            }
        }
        out += c;
        ++i;
    }
    if (insert_or_ignore) {
        // Before a RETURNING clause, else at the end (a trailing ';' kept last).
        size_t returning = std::string::npos;
        for (size_t k = 0; k < out.size(); ++k) {
            if (KeywordAt(out, k, "RETURNING")) returning = k;
        }
        while (!out.empty() &&
               (out.back() == ';' || std::isspace(static_cast<unsigned char>(out.back())))) {
            out.pop_back();
        }
        if (returning == std::string::npos) {
            out += " ON CONFLICT DO NOTHING";
        } else {
            out.insert(returning, "ON CONFLICT DO NOTHING ");
        }
    }
    return out;
}

int64_t IntegerFromPostgresText(const char* text) {
    if (text[0] == 't' && text[1] == '\0') return 1;
    if (text[0] == 'f' && text[1] == '\0') return 0;
    char* end = nullptr;
    long long whole = std::strtoll(text, &end, 10);
    // numeric results (AVG, SUM over bigint) are cut towards zero, as SQLite does: the
    // digits before the point are the answer. Only an exponent needs floating point.
    if (*end != 'e' && *end != 'E') return whole;
    double value = std::strtod(text, nullptr);
    // Converting a double beyond int64's range is undefined behaviour (found by
    // fuzz_postgres_translate): such a value is clamped.
    if (std::isnan(value)) return 0;
    if (value >= 9223372036854775808.0) return std::numeric_limits<int64_t>::max();
    if (value <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
    return static_cast<int64_t>(value);
}

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Connection and statements

constexpr Oid kTextOid = 25;  // TEXTOID of catalog/pg_type_d.h, which libpq-fe.h leaves out

class PostgresDatabase;

class PostgresStatement final : public StatementImpl {
  public:
    PostgresStatement(PostgresDatabase& db, std::string name, std::string sql, int parameters);
    ~PostgresStatement() override;

    bool Bind(int index, std::string_view text) override {
        return Set(index, std::string(text), 0);
    }
    bool Bind(int index, int64_t value) override { return Set(index, std::to_string(value), 0); }
    bool BindNull(int index) override {
        if (index < 1 || index > static_cast<int>(values_.size())) return false;
        values_[index - 1].reset();
        return true;
    }
    bool BindBlob(int index, std::string_view bytes) override {
        return Set(index, std::string(bytes), 1);
    }
    StepResult Step() override;
    void Reset() override {
        Clear();
        for (auto& value : values_) value.reset();
    }
    int64_t ColumnInt(int column) const override { return IntegerFromPostgresText(Value(column)); }
    std::string ColumnText(int column) const override {
        if (!OnRow(column)) return {};
        return std::string(PQgetvalue(result_, row_, column),
                           static_cast<size_t>(PQgetlength(result_, row_, column)));
    }
    std::string ColumnBlob(int column) const override;
    bool ColumnIsNull(int column) const override {
        return !OnRow(column) || PQgetisnull(result_, row_, column) != 0;
    }

  private:
    // Reading a column off a row is only meaningful after Step gave Row; otherwise (a failed
    // step, a column past the end) the value is SQLite's: NULL, 0, "".
    bool OnRow(int column) const {
        return result_ && row_ >= 0 && row_ < PQntuples(result_) && column >= 0 &&
               column < PQnfields(result_);
    }
    const char* Value(int column) const {
        return OnRow(column) ? PQgetvalue(result_, row_, column) : "";
    }

    bool Set(int index, std::string value, int format) {
        if (index < 1 || index > static_cast<int>(values_.size())) return false;
        values_[index - 1] = std::move(value);
        formats_[index - 1] = format;
        return true;
    }
    void Clear() {
        if (result_) PQclear(result_);
        result_ = nullptr;
        row_ = -1;
    }

    PostgresDatabase& db_;
    std::string name_;  // empty: run unnamed (a statement outside the cache)
    std::string sql_;
    uint64_t prepared_on_ = 0;  // the connection generation it was prepared on
    std::vector<std::optional<std::string>> values_;
    std::vector<int> formats_;
    std::vector<Oid> types_;  // 0: inferred; text for a number the SQL skips
    PGresult* result_ = nullptr;
    int row_ = -1;
};

class PostgresDatabase final : public Database {
  public:
    explicit PostgresDatabase(PGconn* conn) : conn_(conn) {}
    ~PostgresDatabase() override {
        ForgetStatements();
        PQfinish(conn_);
    }

    using Database::Exec;
    Backend backend() const override { return Backend::Postgresql; }

    bool Exec(const char* sql) override {
        bool ends = std::strcmp(sql, "COMMIT") == 0 || std::strcmp(sql, "ROLLBACK") == 0;
        bool ok = EnsureConnected() && TakeResult(PQexec(conn_, sql));
        if (ends) in_transaction_ = false;
        return ok;
    }
    std::string LastMessage() const override { return message_; }
    Constraint LastConstraint() const override { return constraint_; }
    bool InTransaction() const override {
        PGTransactionStatusType status = PQtransactionStatus(conn_);
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
    }
    int64_t Changes() const override { return changes_; }
    // The lock is PostgreSQL's, released at COMMIT. The COMMIT itself does not wait for its WAL
    // to reach the disk (synchronous_commit off for this transaction), so the next writer, of any
    // server, goes on at once instead of queueing behind an fsync; CommitWrite then waits for the
    // flush before anyone hears "done", so an acknowledged write is as durable as ever, and
    // waiting writers' flushes are shared (one fsync for all of them).
    bool BeginWrite() override {
        in_transaction_ =
            Exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kPortalWriteLock) +
                 "); SET LOCAL synchronous_commit TO off");
        return in_transaction_;
    }
    // Then a transaction that writes WAL commits synchronously: it waits until the WAL is
    // flushed up to its own commit record, which comes after this one's. It must write WAL: one
    // that only takes an id (txid_current()) commits asynchronously all the same (PostgreSQL's
    // RecordTransactionCommit), and a crash of PostgreSQL then lost writes already acknowledged.
    // A transactional logical message is the smallest such write; any role may emit one.
    bool CommitWrite() override {
        return Exec("COMMIT") && Exec("SELECT pg_logical_emit_message(true, 'portal', '')");
    }
    bool BeginRead() override {
        in_transaction_ = Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        return in_transaction_;
    }

    // Checks a result: keeps the rows' count of a command, the error's message and constraint.
    // Takes ownership; returns false (and clears it) on error.
    bool Check(PGresult* result) {
        ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            const char* tuples = PQcmdTuples(result);
            changes_ = tuples[0] ? std::atoll(tuples) : 0;
            constraint_ = Constraint::None;
            return true;
        }
        NoteError(result);
        return false;
    }

    void NoteError(const PGresult* result) {
        const char* text = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
        message_ = text ? text : PQerrorMessage(conn_);
        while (!message_.empty() && message_.back() == '\n') message_.pop_back();
        error_ = message_;
        const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
        const char* name = result ? PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME) : nullptr;
        std::string code = state ? state : "";
        constraint_ = Constraint::None;
        // No answer, a connection lost, or the server short of disk, memory or connections, an
        // I/O error, or shutting down: the storage failed, not the statement.
        if (!state || PQstatus(conn_) != CONNECTION_OK || code.starts_with("08") ||
            code.starts_with("53") || code.starts_with("58") || code.starts_with("57P")) {
            NoteStorageOutage();
        }
        if (code == "23505") {
            std::string constraint = name ? name : "";
            constraint_ =
                constraint.ends_with("_pkey") ? Constraint::PrimaryKey : Constraint::Unique;
        } else if (code == "23503") {
            constraint_ = Constraint::ForeignKey;
        } else if (code == "23514") {
            constraint_ = Constraint::Check;
        } else if (code == "23502") {
            constraint_ = Constraint::NotNull;
        }
    }

    // A lost connection (a restarted PostgreSQL) is re-established before the next statement,
    // outside a transaction only: one cut mid-transaction fails that transaction, as it must.
    bool EnsureConnected() {
        if (PQstatus(conn_) == CONNECTION_OK) return true;
        // A transaction dies with its connection. Reconnecting inside it would run the rest of
        // its statements on their own, and its COMMIT ("no transaction in progress" is only a
        // warning) would acknowledge writes made before the loss that are gone: until the
        // transaction's COMMIT or ROLLBACK, every statement fails.
        if (in_transaction_) {
            message_ = error_ = "the connection to the database was lost in a transaction";
            NoteStorageOutage();
            return false;
        }
        PQreset(conn_);
        if (PQstatus(conn_) != CONNECTION_OK) {
            message_ = error_ =
                std::string("the database is unreachable: ") + PQerrorMessage(conn_);
            NoteStorageOutage();
            return false;
        }
        ++generation_;
        ForgetStatements();
        return Configure();
    }

    bool Configure() {
        return Exec(
            "SET TIME ZONE 'UTC'; SET standard_conforming_strings = on;"
            " SET client_min_messages = warning");
    }

    PGconn* conn() { return conn_; }
    uint64_t generation() const { return generation_; }
    std::string NextName() { return "p" + std::to_string(++statements_); }

  protected:
    std::unique_ptr<StatementImpl> Compile(std::string_view sql, bool reused) override {
        if (!EnsureConnected()) return nullptr;
        int parameters = 0;
        std::string translated = TranslateForPostgres(sql, parameters);
        return std::make_unique<PostgresStatement>(*this, reused ? NextName() : std::string(),
                                                   std::move(translated), parameters);
    }

  private:
    bool TakeResult(PGresult* result) {
        bool ok = Check(result);
        PQclear(result);
        return ok;
    }

    PGconn* conn_;
    std::string message_;
    Constraint constraint_ = Constraint::None;
    int64_t changes_ = 0;
    uint64_t generation_ = 1;
    uint64_t statements_ = 0;
    bool in_transaction_ = false;  // from a successful BEGIN to the COMMIT or ROLLBACK
};

PostgresStatement::PostgresStatement(PostgresDatabase& db, std::string name, std::string sql,
                                     int parameters)
    : db_(db),
      name_(std::move(name)),
      sql_(std::move(sql)),
      values_(static_cast<size_t>(parameters)),
      formats_(static_cast<size_t>(parameters), 0),
      types_(static_cast<size_t>(parameters), kTextOid) {
    // PostgreSQL infers each parameter's type from where the SQL uses it, and refuses a number
    // it never sees ("could not determine data type of parameter $1"). SQLite's numbered
    // parameters may skip some (a query that leaves a filter out): those are typed text, which
    // nothing reads. The rest stay 0, inferred.
    for (size_t i = 0; i < sql_.size(); ++i) {
        char c = sql_[i];
        if (c == '\'' || c == '"') {
            size_t end = sql_.find(c, i + 1);
            if (end == std::string::npos) break;
            i = end;
            continue;
        }
        if (c != '$') continue;
        size_t number = 0;
        while (i + 1 < sql_.size() && std::isdigit(static_cast<unsigned char>(sql_[i + 1]))) {
            number = number * 10 + static_cast<size_t>(sql_[++i] - '0');
        }
        if (number >= 1 && number <= types_.size()) types_[number - 1] = 0;
    }
}

PostgresStatement::~PostgresStatement() {
    // A named statement lives as long as its connection: the cache holds a bounded set of SQL
    // texts for the connection's life, and one-off statements are never named.
    Clear();
}

StepResult PostgresStatement::Step() {
    if (!result_) {
        if (!db_.EnsureConnected()) return StepResult::Error;
        if (!name_.empty() && prepared_on_ != db_.generation()) {
            PGresult* prepared = PQprepare(db_.conn(), name_.c_str(), sql_.c_str(),
                                           static_cast<int>(values_.size()), types_.data());
            bool ok = db_.Check(prepared);
            PQclear(prepared);
            if (!ok) return StepResult::Error;
            prepared_on_ = db_.generation();
        }
        std::vector<const char*> values(values_.size());
        std::vector<int> lengths(values_.size());
        for (size_t k = 0; k < values_.size(); ++k) {
            values[k] = values_[k] ? values_[k]->data() : nullptr;
            lengths[k] = values_[k] ? static_cast<int>(values_[k]->size()) : 0;
        }
        int count = static_cast<int>(values.size());
        result_ = name_.empty() ? PQexecParams(db_.conn(), sql_.c_str(), count, types_.data(),
                                               values.data(), lengths.data(), formats_.data(), 0)
                                : PQexecPrepared(db_.conn(), name_.c_str(), count, values.data(),
                                                 lengths.data(), formats_.data(), 0);
        if (!db_.Check(result_)) {
            Clear();
            return StepResult::Error;
        }
        row_ = -1;
    }
    if (++row_ < PQntuples(result_)) return StepResult::Row;
    return StepResult::Done;
}

std::string PostgresStatement::ColumnBlob(int column) const {
    if (!OnRow(column)) return {};
    size_t length = 0;
    unsigned char* bytes = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row_, column)), &length);
    if (!bytes) return {};
    std::string out(reinterpret_cast<const char*>(bytes), length);
    PQfreemem(bytes);
    return out;
}

}  // namespace

bool CopyIntoPostgres(Database& db, const std::string& copy_sql,
                      const std::function<CopyChunk(std::string& chunk, std::string& error)>& fill,
                      int64_t& rows, std::string& error) {
    auto* pg = dynamic_cast<PostgresDatabase*>(&db);
    if (!pg) {
        error = "COPY needs a PostgreSQL connection";
        return false;
    }
    PGconn* conn = pg->conn();
    PGresult* started = PQexec(conn, copy_sql.c_str());
    if (PQresultStatus(started) != PGRES_COPY_IN) {
        pg->Check(started);  // notes the error
        PQclear(started);
        error = copy_sql + ": " + pg->LastMessage();
        return false;
    }
    PQclear(started);
    std::string chunk;
    std::string failure;
    while (true) {
        chunk.clear();
        CopyChunk step = fill(chunk, failure);
        if (step == CopyChunk::Failed) {
            PQputCopyEnd(conn, failure.c_str());
            break;
        }
        if (!chunk.empty() &&
            PQputCopyData(conn, chunk.data(), static_cast<int>(chunk.size())) != 1) {
            failure = PQerrorMessage(conn);
            PQputCopyEnd(conn, failure.c_str());
            break;
        }
        if (step == CopyChunk::Last) {
            PQputCopyEnd(conn, nullptr);
            break;
        }
    }
    // The COPY's outcome, then nothing: the connection is ready for the next command.
    bool ok = true;
    while (PGresult* result = PQgetResult(conn)) {
        if (!pg->Check(result)) {
            ok = false;
            if (failure.empty()) failure = pg->LastMessage();
        } else {
            rows = pg->Changes();
        }
        PQclear(result);
    }
    if (ok && failure.empty()) return true;
    error = failure;
    return false;
}

std::unique_ptr<Database> OpenPostgres(const std::string& url, std::string& error) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        // The URL may hold a password: name the host part only.
        size_t at = url.rfind('@');
        std::string where = at == std::string::npos ? url : url.substr(at + 1);
        error = "cannot connect to PostgreSQL at " + where + ": " + PQerrorMessage(conn);
        while (!error.empty() && error.back() == '\n') error.pop_back();
        PQfinish(conn);
        return nullptr;
    }
    auto db = std::make_unique<PostgresDatabase>(conn);
    if (!db->Configure()) {
        error = "cannot set up the PostgreSQL session: " + db->Error();
        return nullptr;
    }
    return db;
}

}  // namespace portal::server

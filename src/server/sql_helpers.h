// Small helpers for the storage files (*_store.cpp): run a statement, read its rows, and turn a
// failure into "what was being done: why"; bind and read the values the schema keeps as NULL.
// Internal to the storage layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/database.h"

namespace portal::server::sql {

inline bool Failed(Database& db, const std::string& what, std::string& error) {
    error = what + ": " + (db.Error().empty() ? db.LastMessage() : db.Error());
    return false;
}

// A failed step's error: a duplicate says so in the same words on both backends (their own
// messages differ), the database's message kept for the detail.
inline std::string StepError(Database& db, const std::string& what) {
    Constraint broken = db.LastConstraint();
    if (broken == Constraint::Unique || broken == Constraint::PrimaryKey) {
        return what + ": already exists (" + db.LastMessage() + ")";
    }
    return what + ": " + db.LastMessage();
}

// Prepares sql, binds its parameters with bind(statement) and runs it, expecting no rows: an
// INSERT, UPDATE or DELETE.
template <class Bind>
bool Run(Database& db, const char* sql, const std::string& what, std::string& error, Bind bind) {
    Statement statement = db.Prepare(sql);
    if (!statement.Valid()) return Failed(db, what, error);
    bind(statement);
    if (!statement.Run()) {
        error = StepError(db, what);
        return false;
    }
    return true;
}

// Prepares sql, binds its parameters with bind and reads each row with read(statement).
template <class Bind, class ReadRow>
bool Query(Database& db, const char* sql, const std::string& what, std::string& error, Bind bind,
           ReadRow read) {
    Statement query = db.Prepare(sql);
    if (!query.Valid()) return Failed(db, what, error);
    bind(query);
    while (true) {
        switch (query.Step()) {
            case Statement::StepResult::Row:
                read(query);
                break;
            case Statement::StepResult::Done:
                return true;
            case Statement::StepResult::Error:
                error = what + ": " + db.LastMessage();
                return false;
        }
    }
}

// Runs one INSERT ... RETURNING id (bind as for Run) and stores the id.
template <class Bind>
bool InsertReturningId(Database& db, const char* sql, const std::string& what, int64_t& id,
                       std::string& error, Bind bind) {
    Statement statement = db.Prepare(sql);
    if (!statement.Valid()) return Failed(db, what, error);
    bind(statement);
    if (statement.Step() != Statement::StepResult::Row) {
        error = StepError(db, what);
        return false;
    }
    id = statement.ColumnInt(0);
    return statement.Step() == Statement::StepResult::Done || Failed(db, what, error);
}

// ---------------------------------------------------------------------------------------------
// NULL in the schema: "none" of an optional time or text, and id 0 ("none" in the model).

inline std::optional<int64_t> Nullable(const Statement& row, int column) {
    if (row.ColumnIsNull(column)) return std::nullopt;
    return row.ColumnInt(column);
}

// An id column that may be NULL: 0 then.
inline int64_t IdOrZero(const Statement& row, int column) {
    return row.ColumnIsNull(column) ? 0 : row.ColumnInt(column);
}

inline void BindNullable(Statement& statement, int index, std::optional<int64_t> value) {
    if (value) {
        statement.Bind(index, *value);
    } else {
        statement.BindNull(index);
    }
}

inline void BindNullable(Statement& statement, int index, const std::optional<std::string>& text) {
    if (text) {
        statement.Bind(index, *text);
    } else {
        statement.BindNull(index);
    }
}

inline void BindIdOrNull(Statement& statement, int index, int64_t id) {
    if (id == 0) {
        statement.BindNull(index);
    } else {
        statement.Bind(index, id);
    }
}

inline void BindTextOrNull(Statement& statement, int index, const std::string& text) {
    if (text.empty()) {
        statement.BindNull(index);
    } else {
        statement.Bind(index, text);
    }
}

// "%text%" for `lower(column) LIKE ? ESCAPE '\'`: text lower-cased (ASCII, as SQL's lower()
// in SQLite and PostgreSQL alike), its own %, _ and \ matching themselves.
inline std::string ContainsPattern(const std::string& text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return pattern + "%";
}

}  // namespace portal::server::sql

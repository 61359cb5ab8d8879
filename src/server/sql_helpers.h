// Small helpers for the storage files (*_store.cpp): run a statement, read its rows, and turn a
// failure into "what was being done: why". Internal to the storage layer.
#pragma once

#include <string>

#include "server/database.h"

namespace portal::server::sql {

inline bool Failed(Database& db, const std::string& what, std::string& error) {
    error = what + ": " + (db.Error().empty() ? db.SqliteMessage() : db.Error());
    return false;
}

// Prepares sql, binds its parameters with bind(statement) and runs it, expecting no rows: an
// INSERT, UPDATE or DELETE.
template <class Bind>
bool Run(Database& db, const char* sql, const std::string& what, std::string& error, Bind bind) {
    Statement statement = db.Prepare(sql);
    if (!statement.Valid()) return Failed(db, what, error);
    bind(statement);
    if (!statement.Run()) {
        error = what + ": " + db.SqliteMessage();
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
                error = what + ": " + db.SqliteMessage();
                return false;
        }
    }
}

}  // namespace portal::server::sql

// The PostgreSQL backend of Database (libpq): what lets several portal servers share one
// database. Internal to the storage layer; Database::Open chooses it for a postgresql:// URL.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "server/database.h"

namespace portal::server {

// Opens a connection to url (postgresql://user:password@host:port/db). Sessions run in UTC with
// standard_conforming_strings, so that store SQL reads alike on both backends.
std::unique_ptr<Database> OpenPostgres(const std::string& url, std::string& error);

// Store SQL (SQLite's dialect) as PostgreSQL reads it: `?`/`?N` placeholders become `$N`,
// `INSERT OR IGNORE INTO` an `INSERT ... ON CONFLICT DO NOTHING`, LIKE an ILIKE (SQLite's LIKE
// ignores ASCII case), `COLLATE NOCASE` the migrations' `nocase` collation, two-argument
// max/min GREATEST/LEAST and `AS INTEGER` `AS BIGINT` (SQLite's integers are 64-bit). Literals,
// quoted names and comments are left as they are. parameters: the highest placeholder number.
std::string TranslateForPostgres(std::string_view sql, int& parameters);

// A result's text as the store reads an integer column: "t"/"f" (booleans) as 1/0, integers as
// they are, numeric results (AVG, SUM over bigint) cut towards zero as SQLite does. Apart from
// the statement class so that tests/fuzz/fuzz_postgres_translate.cpp reaches it.
int64_t IntegerFromPostgresText(const char* text);

// The advisory lock every write transaction takes (Database::BeginWrite): one writer at a time
// across all the servers, as SQLite's BEGIN IMMEDIATE gives one at a time across connections.
constexpr int64_t kPortalWriteLock = 0x706f7274616c;  // "portal"

// Bulk load (scripts/migrate-to-postgresql): runs copy_sql, a `COPY table (columns) FROM STDIN`,
// on db (a PostgreSQL connection) and sends what fill appends to chunk, rows in COPY's text
// format, until fill says Last; Failed (fill's error set) abandons the COPY, and with it the
// transaction. rows: how many PostgreSQL took.
enum class CopyChunk { More, Last, Failed };
bool CopyIntoPostgres(Database& db, const std::string& copy_sql,
                      const std::function<CopyChunk(std::string& chunk, std::string& error)>& fill,
                      int64_t& rows, std::string& error);

}  // namespace portal::server

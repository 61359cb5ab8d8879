// Versioned schema migrations. The SQL lives in src/server/migrations/NNN_name.sql (SQLite) and
// src/server/migrations/postgresql/NNN_name.sql (the same steps, numbered and named alike, for
// PostgreSQL), embedded into the binary at build time (embed_migrations.cmake).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "server/database.h"

namespace portal::server {

struct Migration {
    int version;  // NNN of the file name
    std::string_view name;
    std::string_view sql;
};

// Every migration of this build for one backend, in version order. The generated .cpp files
// define SqliteMigrations() and PostgresMigrations().
std::span<const Migration> SqliteMigrations();
std::span<const Migration> PostgresMigrations();
std::span<const Migration> EmbeddedMigrations(Backend backend = Backend::Sqlite);

// Checks that versions are positive and strictly increasing.
bool CheckMigrations(std::span<const Migration> migrations, std::string& error);

// The highest applied version, 0 for a fresh database; -1 on error.
int AppliedSchemaVersion(Database& db);

// Applies every migration newer than the database, all in one transaction, each recorded in
// schema_migrations. Servers starting together on one PostgreSQL database migrate one at a time
// (the write transaction's lock): the second finds the work done. Refuses a database whose schema
// is newer than this build knows. On success, version is the schema version now in force.
bool Migrate(Database& db, std::span<const Migration> migrations, int& version, std::string& error);

}  // namespace portal::server

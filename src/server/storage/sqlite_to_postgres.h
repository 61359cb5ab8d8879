// Moving a portal from SQLite to PostgreSQL (scripts/migrate-to-postgresql, the portal-migrate
// tool): copies every table of a SQLite database into an empty PostgreSQL one, in one
// transaction, then checks that the two hold the same: per table the row count and a digest of
// every value, the whole entitlement state as both stores load it, and the start-up check
// (CheckState) on the PostgreSQL side.
//
//   MigrationReport report;
//   if (!MigrateSqliteToPostgres(sqlite_path, url, catalogue, today, report, error)) ...
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/date.h"

namespace portal::server {

struct TableReport {
    std::string name;
    int64_t rows = 0;  // copied
    double copy_seconds = 0;
    bool verified = false;  // same count and digest on both sides
};

struct MigrationReport {
    int schema_version = 0;
    std::vector<TableReport> tables;  // in the order they were copied (foreign keys first)
    int64_t rows = 0;
    double copy_seconds = 0;    // schema, copy and commit
    double verify_seconds = 0;  // digests, both states loaded, the start-up check
    // What differs after the copy, one line each; empty: the copy is faithful.
    std::vector<std::string> differences;
};

// Copies the SQLite database at sqlite_path (migrated to this build's schema first) into the
// PostgreSQL database at url (given the schema by this build's migrations if it has none). The
// target must hold nothing but what the migrations put there: anything else is refused, nothing
// written. Ids keep their values and every id sequence continues past the highest id ever given
// (SQLite's AUTOINCREMENT high-water marks included). False with error when the copy could not
// be made (nothing of it is committed); true when it was, with report.differences listing what
// the verification found (empty: none).
bool MigrateSqliteToPostgres(const std::string& sqlite_path, const std::string& url,
                             const Catalogue& catalogue, Date today, MigrationReport& report,
                             std::string& error);

// The verification alone, on a copy already made: fills report.tables' rows and verified and
// report.differences. False with error when a database could not be read.
bool VerifySqliteCopy(const std::string& sqlite_path, const std::string& url,
                      const Catalogue& catalogue, Date today, MigrationReport& report,
                      std::string& error);

}  // namespace portal::server

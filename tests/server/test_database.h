// The database a server test runs on: a SQLite file in the test's temp dir, or, when the suite
// runs as server_pg.* (PORTAL_TEST_BACKEND=postgresql), a fresh PostgreSQL database of the
// throwaway instance scripts/test starts (PORTAL_TEST_POSTGRESQL, its admin URL), copied from a
// template migrated once, and dropped when the test ends.
#pragma once

#include <string>
#include <vector>

#include "server/config.h"

namespace portal::server::testing {

// True when this run of the suite is the PostgreSQL one.
bool UsingPostgres();

class TestDatabase {
  public:
    TestDatabase() = default;
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;
    ~TestDatabase();

    // What a PostgreSQL database starts with: the migrated template (what a server's Store::Open
    // would leave anyway), or nothing, for tests of the migrations themselves. A SQLite file
    // always starts empty.
    enum class Schema { Migrated, Empty };

    // Makes a fresh database and points config at it (db_path for SQLite, database_url for
    // PostgreSQL). sqlite_path: where the SQLite file goes. False with
    // error when PostgreSQL cannot give one.
    bool Create(const std::string& sqlite_path, Config& config, std::string& error,
                Schema schema = Schema::Migrated);

    // What Store::Open and OpenRaw take: the path or the URL.
    const std::string& target() const { return target_; }
    // The portal-server flags that point a process at it: --db PATH or --database-url URL.
    std::vector<std::string> ServerFlags() const {
        if (pg_name_.empty()) return {"--db", target_};
        return {"--database-url", target_};
    }

  private:
    std::string target_;
    std::string pg_name_;  // the PostgreSQL database to drop, if any
};

// For a test that only means something on SQLite (its file, its pragmas): skips it on the
// PostgreSQL run, saying so.
#define PORTAL_SQLITE_ONLY()                                                        \
    do {                                                                            \
        if (::portal::server::testing::UsingPostgres()) {                           \
            GTEST_SKIP() << "SQLite-specific: the PostgreSQL run has its own test"; \
        }                                                                           \
    } while (0)

}  // namespace portal::server::testing

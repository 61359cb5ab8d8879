// The server's storage, behind a narrow interface: no HTTP, no JSON. One SQLite connection,
// migrated on Open; every method is safe to call from any HTTP worker thread.
#pragma once

#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "server/database.h"
#include "server/migrations.h"

namespace portal::server {

struct DemoData;

class Store {
  public:
    // Opens the database file and brings its schema up to date with `migrations`.
    static std::unique_ptr<Store> Open(
        const std::string& path, std::string& error,
        std::span<const Migration> migrations = EmbeddedMigrations());

    // The schema version in force after Open.
    int SchemaVersion() const { return schema_version_; }

    // A cheap round trip through SQLite; false when the database cannot answer.
    bool Ping(int& schema_version, std::string& error);

    // True when there is no parent entity yet (a first start).
    bool IsEmpty(bool& empty, std::string& error);

    // Inserts the demo data in one transaction, only if the store is still empty (checked
    // inside the transaction); loaded says whether anything was inserted.
    bool LoadDemo(const DemoData& demo, bool& loaded, std::string& error);

  private:
    Store(std::unique_ptr<Database> db, int schema_version)
        : db_(std::move(db)), schema_version_(schema_version) {}

    bool IsEmptyLocked(bool& empty, std::string& error);

    std::mutex mutex_;  // one connection, shared by the worker threads
    std::unique_ptr<Database> db_;
    int schema_version_;
};

}  // namespace portal::server

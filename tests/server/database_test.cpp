// Storage without HTTP: connection settings, migrations and the schema they leave.
#include "server/database.h"

#include <gtest/gtest.h>

#include "server/migrations.h"
#include "server/store.h"
#include "server_fixture.h"

namespace portal::server {
namespace {

using testing::TempDir;

int64_t QueryInt(Database& db, const std::string& sql) {
    Statement query = db.Prepare(sql);
    EXPECT_TRUE(query.Valid()) << db.Error();
    EXPECT_EQ(query.Step(), Statement::StepResult::Row) << sql;
    return query.ColumnInt(0);
}

std::string QueryText(Database& db, const std::string& sql) {
    Statement query = db.Prepare(sql);
    EXPECT_EQ(query.Step(), Statement::StepResult::Row) << sql;
    return query.ColumnText(0);
}

std::unique_ptr<Database> OpenDb(const std::string& path) {
    std::string error;
    std::unique_ptr<Database> db = Database::Open(path, error);
    EXPECT_TRUE(db) << error;
    return db;
}

int LatestVersion() {
    return EmbeddedMigrations().back().version;
}

TEST(DatabaseTest, EmbeddedMigrationsAreOrdered) {
    std::span<const Migration> migrations = EmbeddedMigrations();
    ASSERT_FALSE(migrations.empty());
    EXPECT_EQ(migrations[0].version, 1);
    EXPECT_EQ(migrations[0].name, "initial");
    EXPECT_NE(migrations[0].sql.find("CREATE TABLE rooms"), std::string_view::npos);
    ASSERT_GE(migrations.size(), 2u);
    EXPECT_EQ(migrations[1].version, 2);
    EXPECT_EQ(migrations[1].name, "entitlements");
    std::string error;
    EXPECT_TRUE(CheckMigrations(migrations, error)) << error;
}

TEST(DatabaseTest, CheckMigrationsRefusesDisorder) {
    const Migration unordered[] = {{2, "b", ""}, {1, "a", ""}};
    std::string error;
    EXPECT_FALSE(CheckMigrations(unordered, error));
    EXPECT_NE(error.find("1_a"), std::string::npos) << error;
}

TEST(DatabaseTest, OpenAppliesConnectionSettings) {
    TempDir dir;
    auto db = OpenDb(dir / "p.db");
    ASSERT_TRUE(db);
    EXPECT_EQ(QueryText(*db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(QueryInt(*db, "PRAGMA foreign_keys"), 1);
    EXPECT_EQ(QueryInt(*db, "PRAGMA synchronous"), 2);  // FULL
    EXPECT_EQ(QueryInt(*db, "PRAGMA busy_timeout"), 5000);
}

TEST(DatabaseTest, OpenReportsAnUnopenableFile) {
    TempDir dir;
    std::string error;
    EXPECT_FALSE(Database::Open(dir / "missing/dir/p.db", error));
    EXPECT_NE(error.find("missing/dir/p.db"), std::string::npos) << error;
}

TEST(StoreTest, MigrationsAreRecordedAndIdempotent) {
    TempDir dir;
    std::string error;
    for (int start = 0; start < 2; ++start) {
        auto store = Store::Open(dir / "p.db", error);
        ASSERT_TRUE(store) << error;
        EXPECT_EQ(store->SchemaVersion(), LatestVersion());
    }
    auto db = OpenDb(dir / "p.db");
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM schema_migrations"),
              static_cast<int64_t>(EmbeddedMigrations().size()));
    EXPECT_EQ(QueryText(*db, "SELECT name FROM schema_migrations WHERE version = 1"), "initial");
    EXPECT_FALSE(QueryText(*db, "SELECT applied_at FROM schema_migrations").empty());
}

// The tables of the entitlement model, and the indexes its queries and rules rely on.
constexpr const char* kTables[] = {"parent_entities", "accounts",    "rooms",     "devices",
                                   "orders",          "order_lines", "contracts", "assignments"};
constexpr const char* kIndexes[] = {
    "accounts_parent_entity_id", "rooms_account_id",         "devices_account_id",
    "devices_room_id",           "orders_account_id",        "contracts_account_id",
    "assignments_held_license",  "assignments_held_in_room", "assignments_account_id"};

void ExpectTheWholeModel(Database& db) {
    for (const char* table : kTables) {
        EXPECT_EQ(QueryInt(db, std::string("SELECT COUNT(*) FROM sqlite_master WHERE type = "
                                           "'table' AND name = '") +
                                   table + "'"),
                  1)
            << table;
        // Ids are INTEGER now: the engine's Id is an int64.
        if (std::string(table) != "devices" && std::string(table) != "order_lines") {
            EXPECT_EQ(QueryText(db, std::string("SELECT type FROM pragma_table_info('") + table +
                                        "') WHERE name = 'id'"),
                      "INTEGER")
                << table;
        }
    }
    for (const char* index : kIndexes) {
        EXPECT_EQ(QueryInt(db, std::string("SELECT COUNT(*) FROM sqlite_master WHERE type = "
                                           "'index' AND name = '") +
                                   index + "'"),
                  1)
            << index;
    }
}

TEST(StoreTest, AFreshDatabaseEndsAtTheLatestVersionWithTheWholeModel) {
    TempDir dir;
    std::string error;
    auto store = Store::Open(dir / "p.db", error);
    ASSERT_TRUE(store) << error;
    int latest = EmbeddedMigrations().back().version;
    EXPECT_GE(latest, 3);  // 003: people and sessions
    EXPECT_EQ(store->SchemaVersion(), latest);
    auto db = OpenDb(dir / "p.db");
    EXPECT_EQ(AppliedSchemaVersion(*db), latest);
    ExpectTheWholeModel(*db);
}

TEST(StoreTest, AVersion1DatabaseWithTheOldDemoRowsMigratesToTheLatest) {
    TempDir dir;
    std::string error;
    {
        auto store = Store::Open(dir / "p.db", error, EmbeddedMigrations().first(1));
        ASSERT_TRUE(store) << error;
        ASSERT_EQ(store->SchemaVersion(), 1);
    }
    {
        auto db = OpenDb(dir / "p.db");
        ASSERT_TRUE(db->Exec(
            "INSERT INTO parent_entities VALUES ('pe-northwind', 'Northwind Traders');"
            "INSERT INTO accounts VALUES ('acc-northwind-hq', 'pe-northwind', 'Northwind', "
            " 'headquarters', 'FR');"
            "INSERT INTO rooms VALUES ('room-paris-etoile', 'acc-northwind-hq', 'Salle Étoile',"
            " 'Paris', 'FR', 12);"))
            << db->Error();
    }
    auto store = Store::Open(dir / "p.db", error);
    ASSERT_TRUE(store) << error;
    EXPECT_EQ(store->SchemaVersion(), EmbeddedMigrations().back().version);
    auto db = OpenDb(dir / "p.db");
    ExpectTheWholeModel(*db);
    // The TEXT-id rows were demo data only: gone, and the database counts as empty again.
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM parent_entities"), 0);
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM rooms"), 0);
    bool empty = false;
    ASSERT_TRUE(store->IsEmpty(empty, error)) << error;
    EXPECT_TRUE(empty);
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM schema_migrations"),
              static_cast<int64_t>(EmbeddedMigrations().size()));
}

TEST(StoreTest, ForeignKeysAreEnforced) {
    TempDir dir;
    std::string error;
    ASSERT_TRUE(Store::Open(dir / "p.db", error)) << error;
    auto db = OpenDb(dir / "p.db");
    EXPECT_FALSE(
        db->Exec("INSERT INTO rooms(id, account_id, name, site, country, capacity)"
                 " VALUES (1, 42, 'R', 'S', 'FR', 4)"));
    EXPECT_NE(db->Error().find("FOREIGN KEY"), std::string::npos) << db->Error();
}

// Tenant-owned rows point at rooms and contracts by (id, account_id): a device or a license in
// another account's room is refused by the database itself (R-ROOM-2).
TEST(StoreTest, ARowCannotPointIntoAnotherAccount) {
    TempDir dir;
    std::string error;
    ASSERT_TRUE(Store::Open(dir / "p.db", error)) << error;
    auto db = OpenDb(dir / "p.db");
    ASSERT_TRUE(
        db->Exec("INSERT INTO parent_entities VALUES (1, 'PE');"
                 "INSERT INTO accounts(id, parent_entity_id, name, kind, country) VALUES"
                 " (1, 1, 'A', 'headquarters', 'FR'), (2, 1, 'B', 'site', 'FR');"
                 "INSERT INTO rooms VALUES (10, 1, 'Room of A', 'S', 'FR', 4, 1, NULL);"))
        << db->Error();
    EXPECT_FALSE(db->Exec("INSERT INTO devices VALUES ('SERIAL-1', 2, 'tap', 10, '2024-01-01')"));
    EXPECT_NE(db->Error().find("FOREIGN KEY"), std::string::npos) << db->Error();
    EXPECT_TRUE(db->Exec("INSERT INTO devices VALUES ('SERIAL-1', 1, 'tap', 10, '2024-01-01')"))
        << db->Error();
    EXPECT_TRUE(db->Exec("INSERT INTO devices VALUES ('SERIAL-2', 2, 'tap', NULL, '2024-01-01')"))
        << db->Error();
}

TEST(StoreTest, AccountKindIsChecked) {
    TempDir dir;
    std::string error;
    ASSERT_TRUE(Store::Open(dir / "p.db", error)) << error;
    auto db = OpenDb(dir / "p.db");
    ASSERT_TRUE(db->Exec("INSERT INTO parent_entities VALUES (1, 'PE')"));
    EXPECT_FALSE(
        db->Exec("INSERT INTO accounts(id, parent_entity_id, name, kind, country)"
                 " VALUES (1, 1, 'A', 'branch', 'FR')"));
    EXPECT_NE(db->Error().find("CHECK"), std::string::npos) << db->Error();
}

TEST(StoreTest, FailedMigrationLeavesTheDatabaseUntouched) {
    TempDir dir;
    const Migration broken[] = {{1, "good", "CREATE TABLE t(x INTEGER);"},
                                {2, "bad", "CREATE TABLE u(y INTEGER); NOT SQL;"}};
    std::string error;
    EXPECT_FALSE(Store::Open(dir / "p.db", error, broken));
    EXPECT_NE(error.find("2_bad"), std::string::npos) << error;
    auto db = OpenDb(dir / "p.db");
    EXPECT_EQ(AppliedSchemaVersion(*db), 0);
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('t', 'u')"), 0);
}

TEST(StoreTest, RefusesASchemaNewerThanTheServer) {
    TempDir dir;
    std::string error;
    ASSERT_TRUE(Store::Open(dir / "p.db", error)) << error;
    {
        auto db = OpenDb(dir / "p.db");
        ASSERT_TRUE(db->Exec("INSERT INTO schema_migrations VALUES (999, 'future', 'x')"));
    }
    EXPECT_FALSE(Store::Open(dir / "p.db", error));
    EXPECT_NE(error.find("newer"), std::string::npos) << error;
}

TEST(StoreTest, PingReportsTheSchemaVersion) {
    TempDir dir;
    std::string error;
    auto store = Store::Open(dir / "p.db", error);
    ASSERT_TRUE(store) << error;
    int version = -1;
    EXPECT_TRUE(store->Ping(version, error)) << error;
    EXPECT_EQ(version, LatestVersion());
}

}  // namespace
}  // namespace portal::server

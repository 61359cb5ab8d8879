// Storage without HTTP: connection settings, migrations and the schema they leave, on the
// backend of the run (a SQLite file, or a PostgreSQL database on the server_pg run).
#include "server/database.h"

#include <gtest/gtest.h>

#include "server/migrations.h"
#include "server/store.h"
#include "server_fixture.h"

namespace portal::server {
namespace {

using testing::TempDir;
using testing::TestDatabase;

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

Backend RunBackend() {
    return testing::UsingPostgres() ? Backend::Postgresql : Backend::Sqlite;
}

std::span<const Migration> Migrations() {
    return EmbeddedMigrations(RunBackend());
}

int LatestVersion() {
    return Migrations().back().version;
}

// Catalogue look-ups, in each backend's own catalogue.
bool HasTable(Database& db, const std::string& name) {
    return QueryInt(db,
                    db.backend() == Backend::Sqlite
                        ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" +
                              name + "'"
                        : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema ="
                          " current_schema() AND table_name = '" +
                              name + "'") == 1;
}

bool HasIndex(Database& db, const std::string& name) {
    return QueryInt(db,
                    db.backend() == Backend::Sqlite
                        ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = '" +
                              name + "'"
                        : "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()"
                          " AND indexname = '" +
                              name + "'") == 1;
}

// The declared type of table.id.
std::string IdType(Database& db, const std::string& table) {
    return QueryText(db,
                     db.backend() == Backend::Sqlite
                         ? "SELECT type FROM pragma_table_info('" + table + "') WHERE name = 'id'"
                         : "SELECT data_type FROM information_schema.columns WHERE"
                           " table_schema = current_schema() AND table_name = '" +
                               table + "' AND column_name = 'id'");
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

// Each PostgreSQL step is the SQLite step of the same number and name.
TEST(DatabaseTest, PostgresMigrationsMirrorTheSqliteOnes) {
    std::span<const Migration> sqlite = EmbeddedMigrations(Backend::Sqlite);
    std::span<const Migration> postgres = EmbeddedMigrations(Backend::Postgresql);
    ASSERT_EQ(postgres.size(), sqlite.size());
    for (size_t k = 0; k < sqlite.size(); ++k) {
        EXPECT_EQ(postgres[k].version, sqlite[k].version);
        EXPECT_EQ(postgres[k].name, sqlite[k].name);
    }
    std::string error;
    EXPECT_TRUE(CheckMigrations(postgres, error)) << error;
}

TEST(DatabaseTest, CheckMigrationsRefusesDisorder) {
    const Migration unordered[] = {{2, "b", ""}, {1, "a", ""}};
    std::string error;
    EXPECT_FALSE(CheckMigrations(unordered, error));
    EXPECT_NE(error.find("1_a"), std::string::npos) << error;
}

TEST(DatabaseTest, OpenAppliesConnectionSettings) {
    PORTAL_SQLITE_ONLY();  // the PostgreSQL session's: StoreTest.APostgresSessionIsInUtc
    TempDir dir;
    auto db = OpenDb(dir / "p.db");
    ASSERT_TRUE(db);
    EXPECT_EQ(QueryText(*db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(QueryInt(*db, "PRAGMA foreign_keys"), 1);
    EXPECT_EQ(QueryInt(*db, "PRAGMA synchronous"), 2);  // FULL
    EXPECT_EQ(QueryInt(*db, "PRAGMA busy_timeout"), 5000);
}

TEST(DatabaseTest, OpenReportsAnUnopenableFile) {
    PORTAL_SQLITE_ONLY();
    TempDir dir;
    std::string error;
    EXPECT_FALSE(Database::Open(dir / "missing/dir/p.db", error));
    EXPECT_NE(error.find("missing/dir/p.db"), std::string::npos) << error;
}

// The PostgreSQL counterpart: the server it could not reach is named, its password is not.
TEST(DatabaseTest, OpenReportsAnUnreachableServerWithoutItsPassword) {
    std::string error;
    EXPECT_FALSE(Database::Open("postgresql://portal:hunter2@127.0.0.1:1/portal", error));
    EXPECT_NE(error.find("127.0.0.1:1/portal"), std::string::npos) << error;
    EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
}

// A fresh, empty database of the run's backend: what a first start finds.
class StoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string error;
        ASSERT_TRUE(database_.Create(dir_ / "p.db", config_, error, TestDatabase::Schema::Empty))
            << error;
    }

    const std::string& Target() const { return database_.target(); }

    TempDir dir_;
    Config config_;
    TestDatabase database_;
};

// Counterpart of DatabaseTest.OpenAppliesConnectionSettings: times are read and written in UTC
// whatever the server's own zone.
TEST_F(StoreTest, APostgresSessionIsInUtc) {
    if (!testing::UsingPostgres()) GTEST_SKIP() << "PostgreSQL only";
    auto db = OpenDb(Target());
    ASSERT_TRUE(db);
    EXPECT_EQ(QueryText(*db, "SHOW TIME ZONE"), "UTC");
    EXPECT_EQ(QueryText(*db, "SHOW standard_conforming_strings"), "on");
}

TEST_F(StoreTest, MigrationsAreRecordedAndIdempotent) {
    std::string error;
    for (int start = 0; start < 2; ++start) {
        auto store = Store::Open(Target(), error);
        ASSERT_TRUE(store) << error;
        EXPECT_EQ(store->SchemaVersion(), LatestVersion());
    }
    auto db = OpenDb(Target());
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM schema_migrations"),
              static_cast<int64_t>(Migrations().size()));
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
        EXPECT_TRUE(HasTable(db, table)) << table;
        // Ids are integers now: the engine's Id is an int64.
        if (std::string(table) != "devices" && std::string(table) != "order_lines") {
            EXPECT_EQ(IdType(db, table), db.backend() == Backend::Sqlite ? "INTEGER" : "bigint")
                << table;
        }
    }
    for (const char* index : kIndexes) EXPECT_TRUE(HasIndex(db, index)) << index;
}

TEST_F(StoreTest, AFreshDatabaseEndsAtTheLatestVersionWithTheWholeModel) {
    std::string error;
    auto store = Store::Open(Target(), error);
    ASSERT_TRUE(store) << error;
    int latest = LatestVersion();
    EXPECT_GE(latest, 3);  // 003: people and sessions
    EXPECT_EQ(store->SchemaVersion(), latest);
    auto db = OpenDb(Target());
    EXPECT_EQ(AppliedSchemaVersion(*db), latest);
    ExpectTheWholeModel(*db);
}

TEST_F(StoreTest, AVersion1DatabaseWithTheOldDemoRowsMigratesToTheLatest) {
    std::string error;
    {
        auto store = Store::Open(Target(), error, Migrations().first(1));
        ASSERT_TRUE(store) << error;
        ASSERT_EQ(store->SchemaVersion(), 1);
    }
    {
        auto db = OpenDb(Target());
        ASSERT_TRUE(db->Exec(
            "INSERT INTO parent_entities VALUES ('pe-northwind', 'Northwind Traders');"
            "INSERT INTO accounts VALUES ('acc-northwind-hq', 'pe-northwind', 'Northwind', "
            " 'headquarters', 'FR');"
            "INSERT INTO rooms VALUES ('room-paris-etoile', 'acc-northwind-hq', 'Salle Étoile',"
            " 'Paris', 'FR', 12);"))
            << db->Error();
    }
    auto store = Store::Open(Target(), error);
    ASSERT_TRUE(store) << error;
    EXPECT_EQ(store->SchemaVersion(), LatestVersion());
    auto db = OpenDb(Target());
    ExpectTheWholeModel(*db);
    // The TEXT-id rows were demo data only: gone, and the database counts as empty again.
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM parent_entities"), 0);
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM rooms"), 0);
    bool empty = false;
    ASSERT_TRUE(store->IsEmpty(empty, error)) << error;
    EXPECT_TRUE(empty);
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM schema_migrations"),
              static_cast<int64_t>(Migrations().size()));
}

TEST_F(StoreTest, ForeignKeysAreEnforced) {
    std::string error;
    ASSERT_TRUE(Store::Open(Target(), error)) << error;
    auto db = OpenDb(Target());
    EXPECT_FALSE(
        db->Exec("INSERT INTO rooms(id, account_id, name, site, country, capacity)"
                 " VALUES (1, 42, 'R', 'S', 'FR', 4)"));
    EXPECT_EQ(db->LastConstraint(), Constraint::ForeignKey) << db->Error();
}

// Tenant-owned rows point at rooms and contracts by (id, account_id): a device or a license in
// another account's room is refused by the database itself (R-ROOM-2).
TEST_F(StoreTest, ARowCannotPointIntoAnotherAccount) {
    std::string error;
    ASSERT_TRUE(Store::Open(Target(), error)) << error;
    auto db = OpenDb(Target());
    ASSERT_TRUE(
        db->Exec("INSERT INTO parent_entities VALUES (1, 'PE');"
                 "INSERT INTO accounts(id, parent_entity_id, name, kind, country) VALUES"
                 " (1, 1, 'A', 'headquarters', 'FR'), (2, 1, 'B', 'site', 'FR');"
                 "INSERT INTO rooms VALUES (10, 1, 'Room of A', 'S', 'FR', 4, 1, NULL);"))
        << db->Error();
    EXPECT_FALSE(db->Exec("INSERT INTO devices VALUES ('SERIAL-1', 2, 'tap', 10, '2024-01-01')"));
    EXPECT_EQ(db->LastConstraint(), Constraint::ForeignKey) << db->Error();
    EXPECT_TRUE(db->Exec("INSERT INTO devices VALUES ('SERIAL-1', 1, 'tap', 10, '2024-01-01')"))
        << db->Error();
    EXPECT_TRUE(db->Exec("INSERT INTO devices VALUES ('SERIAL-2', 2, 'tap', NULL, '2024-01-01')"))
        << db->Error();
}

TEST_F(StoreTest, AccountKindIsChecked) {
    std::string error;
    ASSERT_TRUE(Store::Open(Target(), error)) << error;
    auto db = OpenDb(Target());
    ASSERT_TRUE(db->Exec("INSERT INTO parent_entities VALUES (1, 'PE')"));
    EXPECT_FALSE(
        db->Exec("INSERT INTO accounts(id, parent_entity_id, name, kind, country)"
                 " VALUES (1, 1, 'A', 'branch', 'FR')"));
    EXPECT_EQ(db->LastConstraint(), Constraint::Check) << db->Error();
}

TEST_F(StoreTest, FailedMigrationLeavesTheDatabaseUntouched) {
    const Migration broken[] = {{1, "good", "CREATE TABLE t(x INTEGER);"},
                                {2, "bad", "CREATE TABLE u(y INTEGER); NOT SQL;"}};
    std::string error;
    EXPECT_FALSE(Store::Open(Target(), error, broken));
    EXPECT_NE(error.find("2_bad"), std::string::npos) << error;
    auto db = OpenDb(Target());
    // Nothing recorded: SQLite keeps the empty bookkeeping table it made before the
    // transaction (0), PostgreSQL rolls it back with the rest (-1: no table).
    EXPECT_EQ(AppliedSchemaVersion(*db), db->backend() == Backend::Sqlite ? 0 : -1);
    EXPECT_FALSE(HasTable(*db, "t"));
    EXPECT_FALSE(HasTable(*db, "u"));
}

TEST_F(StoreTest, RefusesASchemaNewerThanTheServer) {
    std::string error;
    ASSERT_TRUE(Store::Open(Target(), error)) << error;
    {
        auto db = OpenDb(Target());
        ASSERT_TRUE(db->Exec("INSERT INTO schema_migrations VALUES (999, 'future', 'x')"));
    }
    EXPECT_FALSE(Store::Open(Target(), error));
    EXPECT_NE(error.find("newer"), std::string::npos) << error;
}

TEST_F(StoreTest, PingReportsTheSchemaVersion) {
    std::string error;
    auto store = Store::Open(Target(), error);
    ASSERT_TRUE(store) << error;
    int version = -1;
    EXPECT_TRUE(store->Ping(version, error)) << error;
    EXPECT_EQ(version, LatestVersion());
}

}  // namespace
}  // namespace portal::server

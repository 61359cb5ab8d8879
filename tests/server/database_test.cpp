// Storage without HTTP: connection settings, migrations, the Store and demo data.
#include "server/database.h"

#include <gtest/gtest.h>

#include "server/demo_data.h"
#include "server/log.h"
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
    EXPECT_EQ(QueryInt(*db,
                       "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'"
                       " AND name IN ('accounts_parent_entity_id', 'rooms_account_id')"),
              2);
}

TEST(StoreTest, ForeignKeysAreEnforced) {
    TempDir dir;
    std::string error;
    ASSERT_TRUE(Store::Open(dir / "p.db", error)) << error;
    auto db = OpenDb(dir / "p.db");
    EXPECT_FALSE(
        db->Exec("INSERT INTO rooms(id, account_id, name, site, country, capacity)"
                 " VALUES ('r', 'no-such-account', 'R', 'S', 'FR', 4)"));
    EXPECT_NE(db->Error().find("FOREIGN KEY"), std::string::npos) << db->Error();
}

TEST(StoreTest, AccountKindIsChecked) {
    TempDir dir;
    std::string error;
    ASSERT_TRUE(Store::Open(dir / "p.db", error)) << error;
    auto db = OpenDb(dir / "p.db");
    ASSERT_TRUE(db->Exec("INSERT INTO parent_entities VALUES ('pe', 'PE')"));
    EXPECT_FALSE(db->Exec("INSERT INTO accounts VALUES ('a', 'pe', 'A', 'branch', 'FR')"));
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

TEST(DemoDataTest, TheShippedFileParses) {
    DemoData demo;
    std::string error;
    ASSERT_TRUE(LoadDemoFile(std::string(PORTAL_TEST_ASSETS_DIR) + "/demo/demo.json", demo, error))
        << error;
    ASSERT_EQ(demo.parent_entities.size(), 2u);
    EXPECT_EQ(demo.parent_entities[0].accounts[0].kind, "headquarters");
}

TEST(DemoDataTest, ProblemsNameTheirPath) {
    api::Json json = api::Json::parse(R"({"parentEntities":[{"id":"p","name":"P","accounts":[
        {"id":"a","name":"A","kind":"branch","country":"FR","rooms":[{"id":"r"}]}]}]})");
    DemoData demo;
    std::vector<api::FieldError> errors;
    EXPECT_FALSE(DemoFromJson(json, demo, errors));
    std::string all;
    for (const auto& e : errors) all += e.field + ": " + e.message + "\n";
    EXPECT_NE(all.find("parentEntities[0].accounts[0].kind"), std::string::npos) << all;
    EXPECT_NE(all.find("parentEntities[0].accounts[0].rooms[0].capacity"), std::string::npos)
        << all;
}

TEST(DemoDataTest, LoadsOnceIntoAnEmptyStore) {
    TempDir dir;
    std::string error;
    auto store = Store::Open(dir / "p.db", error);
    ASSERT_TRUE(store) << error;
    std::vector<std::string> lines;
    Logger logger(LogLevel::Error, [&](std::string_view line) { lines.emplace_back(line); });
    bool empty = false;
    ASSERT_TRUE(store->IsEmpty(empty, error));
    EXPECT_TRUE(empty);

    ASSERT_TRUE(SeedDemoIfEmpty(*store, PORTAL_TEST_ASSETS_DIR, logger, error)) << error;
    ASSERT_TRUE(SeedDemoIfEmpty(*store, PORTAL_TEST_ASSETS_DIR, logger, error)) << error;
    ASSERT_TRUE(store->IsEmpty(empty, error));
    EXPECT_FALSE(empty);

    auto db = OpenDb(dir / "p.db");
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM parent_entities"), 2);
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM accounts"), 3);
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM rooms"), 9);
    EXPECT_EQ(QueryText(*db, "SELECT name FROM rooms WHERE id = 'room-paris-etoile'"),
              "Salle Étoile");
    EXPECT_TRUE(lines.empty());
}

TEST(DemoDataTest, MissingFileIsAnError) {
    TempDir dir;
    std::string error;
    auto store = Store::Open(dir / "p.db", error);
    ASSERT_TRUE(store) << error;
    Logger logger(LogLevel::Error, [](std::string_view) {});
    EXPECT_FALSE(SeedDemoIfEmpty(*store, dir / "no-assets", logger, error));
    EXPECT_NE(error.find("demo.json"), std::string::npos) << error;
}

}  // namespace
}  // namespace portal::server

// The PostgreSQL backend: how store SQL (SQLite's dialect) is read, and a real connection's
// values, constraints, transactions and recovery (on the throwaway instance of scripts/test).
#include "server/storage/postgres_database.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "server/store.h"
#include "server_fixture.h"
#include "test_database.h"

namespace portal::server {
namespace {

std::string Pg(std::string_view sql) {
    int parameters = 0;
    return TranslateForPostgres(sql, parameters);
}

TEST(PostgresDialect, PlaceholdersAreNumberedAsSqliteNumbersThem) {
    int parameters = 0;
    EXPECT_EQ(TranslateForPostgres("SELECT a FROM t WHERE b = ? AND c = ?", parameters),
              "SELECT a FROM t WHERE b = $1 AND c = $2");
    EXPECT_EQ(parameters, 2);
    // ?N names a number; a bare ? after it is one more than the largest so far.
    EXPECT_EQ(TranslateForPostgres("WHERE (?2 IS NULL OR x = ?2) AND y = ?1 AND z = ?", parameters),
              "WHERE ($2 IS NULL OR x = $2) AND y = $1 AND z = $3");
    EXPECT_EQ(parameters, 3);
}

TEST(PostgresDialect, LiteralsQuotedNamesAndCommentsAreLeftAlone) {
    EXPECT_EQ(Pg("SELECT '?', \"max(a, b)\" -- like ?\nFROM t WHERE x LIKE ? ESCAPE '\\'"),
              "SELECT '?', \"max(a, b)\" -- like ?\nFROM t WHERE x ILIKE $1 ESCAPE '\\'");
}

TEST(PostgresDialect, InsertOrIgnoreBecomesOnConflictDoNothing) {
    EXPECT_EQ(Pg("INSERT OR IGNORE INTO operators(user_id) VALUES (?)"),
              "INSERT INTO operators(user_id) VALUES ($1) ON CONFLICT DO NOTHING");
    EXPECT_EQ(Pg("INSERT OR IGNORE INTO t(a) VALUES (?) RETURNING a"),
              "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING a");
}

TEST(PostgresDialect, ScalarMaxMinNocaseAndIntegerCasts) {
    EXPECT_EQ(Pg("SELECT max(a, b), MIN(c, d), max(e), min(f) FROM t"),
              "SELECT GREATEST(a, b), LEAST(c, d), max(e), min(f) FROM t");
    EXPECT_EQ(Pg("SELECT max(coalesce(a, 0), 1)"), "SELECT GREATEST(coalesce(a, 0), 1)");
    EXPECT_EQ(Pg("ORDER BY name COLLATE NOCASE"), "ORDER BY name COLLATE nocase");
    EXPECT_EQ(Pg("CAST(x AS INTEGER)"), "CAST(x AS BIGINT)");
    // Words that merely contain the keywords are not keywords.
    EXPECT_EQ(Pg("SELECT maximum, liked, as_integer FROM t"),
              "SELECT maximum, liked, as_integer FROM t");
}

// A connection to a fresh database of the test instance; skipped without one.
class PostgresDatabaseTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!std::getenv("PORTAL_TEST_POSTGRESQL") || !testing::UsingPostgres()) {
            GTEST_SKIP() << "the PostgreSQL run (server_pg.*) has the instance";
        }
        std::string error;
        ASSERT_TRUE(database_.Create(dir_ / "unused.db", config_, error)) << error;
        db_ = Database::Open(database_.target(), error);
        ASSERT_TRUE(db_) << error;
    }

    testing::TempDir dir_;
    Config config_;
    testing::TestDatabase database_;
    std::unique_ptr<Database> db_;
};

TEST_F(PostgresDatabaseTest, ValuesComeBackAsTheStoreReadsThem) {
    ASSERT_TRUE(db_->Exec("CREATE TABLE v (id BIGINT, t TEXT, b BYTEA, n BIGINT)"));
    Statement insert = db_->Prepare("INSERT INTO v VALUES (?, ?, ?, ?)");
    ASSERT_TRUE(insert.Valid()) << db_->Error();
    std::string bytes("\0\x01\xff?'", 5);
    insert.Bind(1, int64_t{9007199254740993});
    insert.Bind(2, std::string_view("é ? 'quoted'"));
    insert.BindBlob(3, bytes);
    insert.BindNull(4);
    ASSERT_TRUE(insert.Run()) << db_->Error();
    EXPECT_EQ(db_->Changes(), 1);
    Statement read =
        db_->Prepare("SELECT id, t, b, n, id > 5, avg(id) OVER (), sum(id) OVER () FROM v");
    ASSERT_EQ(read.Step(), StepResult::Row) << db_->Error();
    EXPECT_EQ(read.ColumnInt(0), 9007199254740993);
    EXPECT_EQ(read.ColumnText(1), "é ? 'quoted'");
    EXPECT_EQ(read.ColumnBlob(2), bytes);
    EXPECT_TRUE(read.ColumnIsNull(3));
    EXPECT_EQ(read.ColumnInt(4), 1);  // a boolean reads as SQLite's 1
    EXPECT_EQ(read.ColumnInt(5), 9007199254740993);
    EXPECT_EQ(read.ColumnInt(6), 9007199254740993);
    EXPECT_EQ(read.Step(), StepResult::Done);
}

TEST_F(PostgresDatabaseTest, ConstraintsAreNamedAsOnSqlite) {
    ASSERT_TRUE(
        db_->Exec("CREATE TABLE p (id BIGINT PRIMARY KEY, u TEXT UNIQUE, c BIGINT CHECK (c > 0),"
                  " r BIGINT REFERENCES p(id), nn TEXT NOT NULL DEFAULT 'x')"));
    ASSERT_TRUE(db_->Exec("INSERT INTO p(id, u, c) VALUES (1, 'a', 1)"));
    auto refused = [&](const char* sql) {
        Statement statement = db_->Prepare(sql);
        EXPECT_FALSE(statement.Run()) << sql;
        return db_->LastConstraint();
    };
    EXPECT_EQ(refused("INSERT INTO p(id, u, c) VALUES (1, 'b', 1)"), Constraint::PrimaryKey);
    EXPECT_EQ(refused("INSERT INTO p(id, u, c) VALUES (2, 'a', 1)"), Constraint::Unique);
    EXPECT_EQ(refused("INSERT INTO p(id, u, c) VALUES (2, 'b', 0)"), Constraint::Check);
    EXPECT_EQ(refused("INSERT INTO p(id, u, c, r) VALUES (2, 'b', 1, 7)"), Constraint::ForeignKey);
    EXPECT_EQ(refused("INSERT INTO p(id, u, c, nn) VALUES (2, 'b', 1, NULL)"), Constraint::NotNull);
    EXPECT_NE(db_->Error().find("nn"), std::string::npos) << db_->Error();
}

TEST_F(PostgresDatabaseTest, AWriteTransactionExcludesOtherWritersUntilItsCommit) {
    std::string error;
    auto other = Database::Open(database_.target(), error);
    ASSERT_TRUE(other) << error;
    Transaction first(*db_);
    ASSERT_TRUE(first.Began()) << db_->Error();
    // The second writer cannot take the lock while the first holds it.
    ASSERT_TRUE(other->Exec("SET lock_timeout = '200ms'"));
    EXPECT_FALSE(other->BeginWrite());
    other->Exec("ROLLBACK");
    ASSERT_TRUE(first.Commit());
    Transaction second(*other);
    EXPECT_TRUE(second.Began()) << other->Error();
}

TEST_F(PostgresDatabaseTest, ALostConnectionIsReestablishedForTheNextStatement) {
    Statement pid = db_->Prepare("SELECT pg_backend_pid()");
    ASSERT_EQ(pid.Step(), StepResult::Row);
    std::string backend = pid.ColumnText(0);
    pid.Reset();
    std::string error;
    auto other = Database::Open(database_.target(), error);
    ASSERT_TRUE(other) << error;
    ASSERT_TRUE(other->Exec("SELECT pg_terminate_backend(" + backend + ")"));
    // The statement in flight when the server went away fails; the next one reconnects, and the
    // cached statement is prepared again on the new connection.
    (void)pid.Step();
    pid.Reset();
    ASSERT_EQ(pid.Step(), StepResult::Row) << db_->Error();
    EXPECT_NE(pid.ColumnText(0), backend);
}

}  // namespace
}  // namespace portal::server

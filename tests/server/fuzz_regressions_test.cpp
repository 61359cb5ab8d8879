// What the fuzz targets (tests/fuzz) found, where the function is testable on its own; each
// finding's input is also kept under tests/fuzz/regressions/<target>/.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "server/storage/postgres_database.h"

namespace portal::server {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// fuzz_postgres_translate: a numeric result written with an exponent beyond int64 was converted
// with undefined behaviour.
TEST(FuzzRegressions, PostgresIntegerTextBeyondInt64IsClamped) {
    EXPECT_EQ(IntegerFromPostgresText("1111111111111111111111111111111E11"), kMax);
    EXPECT_EQ(IntegerFromPostgresText("1e300"), kMax);
    EXPECT_EQ(IntegerFromPostgresText("-1e300"), kMin);
    EXPECT_EQ(IntegerFromPostgresText("93e17"), kMax);
    EXPECT_EQ(IntegerFromPostgresText("15e2"), 1500);
    EXPECT_EQ(IntegerFromPostgresText("12.75"), 12);
    EXPECT_EQ(IntegerFromPostgresText("-0.5"), 0);
    EXPECT_EQ(IntegerFromPostgresText("t"), 1);
    EXPECT_EQ(IntegerFromPostgresText("f"), 0);
}

// fuzz_postgres_translate: "?N" was read with atoi and a bare "?" added one to the largest
// number so far, both overflowing an int.
TEST(FuzzRegressions, PostgresPlaceholderNumbersAreCapped) {
    int parameters = 0;
    EXPECT_EQ(TranslateForPostgres("?99999999999", parameters), "$65536");
    EXPECT_EQ(parameters, 65536);
    EXPECT_EQ(TranslateForPostgres("?2147483647?", parameters), "$65536$65537");
    EXPECT_EQ(parameters, 65537);
    EXPECT_EQ(TranslateForPostgres("a = ?2 AND b = ? AND c = ?1", parameters),
              "a = $2 AND b = $3 AND c = $1");
    EXPECT_EQ(parameters, 3);
}

}  // namespace
}  // namespace portal::server

#include "core/retry.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

TEST(Retry, DoublesFromOneSecondUpToTheCap) {
    EXPECT_DOUBLE_EQ(RetryDelaySeconds(1), 1.0);
    EXPECT_DOUBLE_EQ(RetryDelaySeconds(2), 2.0);
    EXPECT_DOUBLE_EQ(RetryDelaySeconds(3), 4.0);
    EXPECT_DOUBLE_EQ(RetryDelaySeconds(4), 8.0);
    EXPECT_DOUBLE_EQ(RetryDelaySeconds(5), 15.0);
    EXPECT_DOUBLE_EQ(RetryDelaySeconds(500), 15.0);
}

TEST(Retry, NonPositiveAttemptCountsAsFirst) {
    EXPECT_DOUBLE_EQ(RetryDelaySeconds(0), 1.0);
    EXPECT_DOUBLE_EQ(RetryDelaySeconds(-3), 1.0);
}

TEST(Retry, CustomCap) {
    EXPECT_DOUBLE_EQ(RetryDelaySeconds(10, 3.0), 3.0);
}

}  // namespace
}  // namespace portal

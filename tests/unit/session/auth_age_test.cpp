// Step-up (vneid_max_auth_age): when a session's VNeID sign-in is too old
// for a location.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "session/auth_age.h"
#include "session/session_record.h"

namespace vneid::session {
namespace {

constexpr int64_t kNow = 1'780'000'000;

TEST(AuthAge, NoLimitNeverAsks) {
    EXPECT_FALSE(auth_too_old(kNow - 365 * 86400, 0, kNow));
    EXPECT_FALSE(auth_too_old(kNow - 365 * 86400, -5, kNow));
    EXPECT_FALSE(auth_too_old(0, 0, kNow));
}

TEST(AuthAge, OlderThanTheLimitAsksAtTheLimitDoesNot) {
    EXPECT_FALSE(auth_too_old(kNow, 300, kNow));
    EXPECT_FALSE(auth_too_old(kNow - 299, 300, kNow));
    EXPECT_FALSE(auth_too_old(kNow - 300, 300, kNow));
    EXPECT_TRUE(auth_too_old(kNow - 301, 300, kNow));
    EXPECT_TRUE(auth_too_old(kNow - 8 * 3600, 900, kNow));
    EXPECT_FALSE(auth_too_old(kNow - 1, 1, kNow));
    EXPECT_TRUE(auth_too_old(kNow - 2, 1, kNow));
}

TEST(AuthAge, UnknownAuthTimeIsTooOld) {
    EXPECT_TRUE(auth_too_old(0, 300, kNow));
    EXPECT_TRUE(auth_too_old(-1, 300, kNow));
    EXPECT_TRUE(auth_too_old(std::numeric_limits<int64_t>::min(), 300, kNow));
}

// Workers' clocks differ by a second or so: a sign-in slightly in the future
// is fresh; one far in the future means the clock stepped back, and the
// session's auth_time is not rebased, so it must not count as fresh.
TEST(AuthAge, FutureWithinToleranceIsFreshBeyondIsTooOld) {
    EXPECT_FALSE(auth_too_old(kNow + 1, 300, kNow));
    EXPECT_FALSE(auth_too_old(kNow + kClockStepTolerance, 300, kNow));
    EXPECT_TRUE(auth_too_old(kNow + kClockStepTolerance + 1, 300, kNow));
    EXPECT_TRUE(auth_too_old(kNow + 86400, 300, kNow));
    EXPECT_TRUE(auth_too_old(std::numeric_limits<int64_t>::max(), 300, kNow));
}

TEST(AuthAge, HugeLimitsDoNotOverflow) {
    EXPECT_FALSE(auth_too_old(1, std::numeric_limits<int64_t>::max(), kNow));
    EXPECT_TRUE(auth_too_old(1, kNow - 2, kNow));
}

}  // namespace
}  // namespace vneid::session

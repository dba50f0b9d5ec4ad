// Found by tests/fuzz/session_record_fuzz.cpp: a damaged record's times are
// arbitrary int64, and is_expired's "now - last_activity" overflowed for far
// past values (undefined behaviour; in practice it wrapped negative, so the
// session never expired). Inputs: tests/fuzz/crashes/session_record/.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "session/session_record.h"

namespace vneid::session {
namespace {

constexpr int64_t kNow = 1795000000;
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST(SessionExpiryExtremes, FarPastTimesAreExpired) {
    EXPECT_TRUE(is_expired(kNow, kMin, 1800, 0, kNow));     // idle since forever
    EXPECT_TRUE(is_expired(kMin, kNow, 0, 28800, kNow));    // created forever ago
}

// A saturated difference (INT64_MAX) is not more than a limit of INT64_MAX,
// though the real elapsed time is.
TEST(SessionExpiryExtremes, LimitsNearTheTopAreJudgedExactly) {
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    EXPECT_TRUE(is_expired(kNow, kMin, kMax, 0, kNow));
    EXPECT_TRUE(is_expired(kMin, kNow, 0, kMax, kNow));
    EXPECT_FALSE(is_expired(kNow, kNow - 10, kMax, kMax, kNow));
}

}  // namespace
}  // namespace vneid::session

// A wall clock stepped back (a bad RTC, a wrong NTP server) must never make
// sessions immortal: their limits keep counting elapsed time.
#include <gtest/gtest.h>

#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;
constexpr int64_t kYear = 365 * 86400;

class ClockStep : public ::testing::Test {
 protected:
    testing::TempDir dir;
    Store store{dir.path(), size_t(16) << 20};
    const SessionPolicy policy{1800, 8 * 3600, 60};

    std::string session(int64_t idle, int64_t max_age) {
        SessionRecord r = testing::staff_session();
        r.idle_timeout = idle;
        r.max_age = max_age;
        return store.create_session(r, kT0);
    }
};

TEST_F(ClockStep, IdleLimitCountsFromTheStep) {
    std::string cookie = session(1800, 8 * 3600);
    const int64_t back = kT0 - kYear;  // the clock jumps a year back
    SessionRecord out;
    ASSERT_EQ(store.lookup_session(cookie, policy, back, false, &out), LookupStatus::ok);
    EXPECT_EQ(out.last_activity, back);
    EXPECT_EQ(store.lookup_session(cookie, policy, back + 1800, false, nullptr),
              LookupStatus::ok);
    EXPECT_EQ(store.lookup_session(cookie, policy, back + 1801, false, nullptr),
              LookupStatus::expired);
}

TEST_F(ClockStep, AbsoluteLimitKeepsItsElapsedTime) {
    std::string cookie = session(0, 8 * 3600);
    const SessionPolicy absolute_only{0, 8 * 3600, 60};
    // Two hours of use, then the clock steps back a year.
    ASSERT_EQ(store.lookup_session(cookie, absolute_only, kT0 + 7200, true, nullptr),
              LookupStatus::ok);
    const int64_t back = kT0 - kYear;
    ASSERT_EQ(store.lookup_session(cookie, absolute_only, back, true, nullptr),
              LookupStatus::ok);
    // Six hours left, not a year and eight hours.
    EXPECT_EQ(store.lookup_session(cookie, absolute_only, back + 6 * 3600, true, nullptr),
              LookupStatus::ok);
    EXPECT_EQ(store.lookup_session(cookie, absolute_only, back + 6 * 3600 + 1, true, nullptr),
              LookupStatus::expired);
}

TEST_F(ClockStep, TheSweepRebasesAndLaterRemoves) {
    session(600, 0);
    const int64_t back = kT0 - kYear;
    EXPECT_EQ(store.sweep(back, 1000), 0u);        // rebased, not yet idle
    EXPECT_EQ(store.sweep(back + 601, 1000), 1u);  // idle by its own limit
    EXPECT_EQ(store.stats().sessions, 0u);
}

TEST_F(ClockStep, SmallDifferencesBetweenWorkersWriteNothing) {
    std::string cookie = session(1800, 0);
    const uint64_t txn = store.stats().last_txn_id;
    EXPECT_EQ(store.lookup_session(cookie, policy, kT0 - kClockStepTolerance, false, nullptr),
              LookupStatus::ok);
    EXPECT_EQ(store.sweep(kT0 - kClockStepTolerance, 1000), 0u);
    EXPECT_EQ(store.stats().last_txn_id, txn);
}

}  // namespace
}  // namespace vneid::session

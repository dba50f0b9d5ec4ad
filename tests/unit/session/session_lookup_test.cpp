#include <gtest/gtest.h>

#include "session/session_store.h"
#include "store_test_support.h"
#include "util/base64.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;
constexpr int64_t kLater = kT0 + 100LL * 86400 * 365;

class SessionLookup : public ::testing::Test {
 protected:
    testing::TempDir dir;
    Store store{dir.path(), size_t(16) << 20};
    SessionPolicy policy{1800, 8 * 3600, 60};

    // Reads the record as it is (no limits, no activity); "now" must not be
    // before the stored times, or the store takes it for a clock step back.
    SessionRecord stored(const std::string& cookie) {
        SessionRecord r;
        EXPECT_EQ(store.lookup_session(cookie, SessionPolicy{}, kLater, false, &r),
                  LookupStatus::ok);
        return r;
    }
};

TEST_F(SessionLookup, CreateThenLookup) {
    SessionRecord in = testing::staff_session();
    in.idle_timeout = 1800;
    in.max_age = 8 * 3600;
    testing::link_accounts(store, in);
    std::string cookie = store.create_session(in, kT0);
    EXPECT_EQ(cookie.size(), 43u);
    auto raw = util::base64url_decode(cookie);
    ASSERT_TRUE(raw);
    EXPECT_EQ(raw->size(), 32u);

    SessionRecord out;
    ASSERT_EQ(store.lookup_session(cookie, policy, kT0 + 5, true, &out), LookupStatus::ok);
    EXPECT_EQ(out.citizen_id, in.citizen_id);
    EXPECT_EQ(out.name, in.name);
    EXPECT_EQ(out.accounts, in.accounts);
    EXPECT_EQ(out.active_account, "khai.nt");
    EXPECT_EQ(out.created, kT0);
    EXPECT_EQ(out.last_activity, kT0);
    EXPECT_EQ(out.auth_time, kT0);
    EXPECT_EQ(out.idle_timeout, 1800);
    EXPECT_EQ(out.max_age, 8 * 3600);
    EXPECT_EQ(out.csrf_token.size(), 43u);  // generated

    EXPECT_EQ(store.lookup_session(cookie, policy, kT0, false, nullptr), LookupStatus::ok);
}

TEST_F(SessionLookup, KeepsGivenAuthTimeAndCsrfToken) {
    SessionRecord in = testing::staff_session();
    in.auth_time = kT0 - 30;
    in.csrf_token = "given";
    std::string cookie = store.create_session(in, kT0);
    SessionRecord out = stored(cookie);
    EXPECT_EQ(out.auth_time, kT0 - 30);
    EXPECT_EQ(out.csrf_token, "given");
}

TEST_F(SessionLookup, EachSessionGetsItsOwnIdAndCsrfToken) {
    std::string a = store.create_session(testing::staff_session(), kT0);
    std::string b = store.create_session(testing::staff_session(), kT0);
    EXPECT_NE(a, b);
    EXPECT_NE(stored(a).csrf_token, stored(b).csrf_token);
}

TEST_F(SessionLookup, MalformedCookiesAreInvalid) {
    std::string good = store.create_session(testing::staff_session(), kT0);
    const std::string b31 = util::base64url_encode(std::string(31, 'x'));
    const std::string b33 = util::base64url_encode(std::string(33, 'x'));
    const std::string not_canonical = good.substr(0, 42) + (good[42] == 'B' ? 'C' : 'B');
    for (const std::string& bad :
         {std::string(), std::string("abc"), b31, b33, good.substr(0, 42), good + "A",
          good + "=", std::string(43, '*'), good.substr(0, 42) + "!", not_canonical,
          util::base64_encode(std::string(32, '\xfb'))}) {
        SessionRecord out;
        out.name = "untouched";
        EXPECT_EQ(store.lookup_session(bad, policy, kT0, true, &out), LookupStatus::invalid)
            << "'" << bad << "'";
        EXPECT_EQ(out.name, "untouched");
        EXPECT_FALSE(store.destroy_session(bad));
    }
}

TEST_F(SessionLookup, UnknownCookieIsNone) {
    store.create_session(testing::staff_session(), kT0);
    std::string unknown = util::base64url_encode(std::string(32, '\x01'));
    EXPECT_EQ(store.lookup_session(unknown, policy, kT0, true, nullptr), LookupStatus::none);
}

TEST_F(SessionLookup, IdleExpiry) {
    std::string cookie = store.create_session(testing::staff_session(), kT0);
    EXPECT_EQ(store.lookup_session(cookie, policy, kT0 + 1800, false, nullptr),
              LookupStatus::ok);
    SessionRecord out;
    EXPECT_EQ(store.lookup_session(cookie, policy, kT0 + 1801, false, &out),
              LookupStatus::expired);
    EXPECT_EQ(out.citizen_id, "001085012345");  // for the audit log
    // Deleted on expiry: afterwards it is simply gone.
    EXPECT_EQ(store.lookup_session(cookie, policy, kT0 + 1801, false, nullptr),
              LookupStatus::none);
}

TEST_F(SessionLookup, ActivityKeepsSessionAliveUntilAbsoluteExpiry) {
    std::string cookie = store.create_session(testing::staff_session(), kT0);
    int64_t now = kT0;
    for (; now <= kT0 + policy.max_age; now += 1000) {
        ASSERT_EQ(store.lookup_session(cookie, policy, now, true, nullptr), LookupStatus::ok)
            << "at +" << now - kT0;
    }
    EXPECT_EQ(store.lookup_session(cookie, policy, kT0 + policy.max_age + 1, true, nullptr),
              LookupStatus::expired);
    EXPECT_EQ(store.stats().sessions, 0u);
}

TEST_F(SessionLookup, NoLimitsMeansNoExpiry) {
    std::string cookie = store.create_session(testing::staff_session(), kT0);
    SessionPolicy unlimited{0, 0, 60};
    EXPECT_EQ(store.lookup_session(cookie, unlimited, kT0 + 100LL * 86400 * 365, false,
                                   nullptr),
              LookupStatus::ok);
}

TEST_F(SessionLookup, TouchWritesOnlyAfterIntervalAndOnlyForActivity) {
    std::string cookie = store.create_session(testing::staff_session(), kT0);
    const uint64_t txn0 = store.stats().last_txn_id;
    SessionRecord out;

    // Within the touch interval: no write, even for activity.
    ASSERT_EQ(store.lookup_session(cookie, policy, kT0 + 59, true, &out), LookupStatus::ok);
    EXPECT_EQ(out.last_activity, kT0);
    EXPECT_EQ(store.stats().last_txn_id, txn0);

    // Interval passed but not activity (e.g. an auto-refreshing widget).
    ASSERT_EQ(store.lookup_session(cookie, policy, kT0 + 600, false, &out), LookupStatus::ok);
    EXPECT_EQ(out.last_activity, kT0);
    EXPECT_EQ(store.stats().last_txn_id, txn0);

    // Interval passed and activity: exactly one write.
    ASSERT_EQ(store.lookup_session(cookie, policy, kT0 + 600, true, &out), LookupStatus::ok);
    EXPECT_EQ(out.last_activity, kT0 + 600);
    EXPECT_EQ(store.stats().last_txn_id, txn0 + 1);
    EXPECT_EQ(stored(cookie).last_activity, kT0 + 600);

    // Many requests right after: no further writes.
    for (int i = 0; i < 50; ++i) {
        ASSERT_EQ(store.lookup_session(cookie, policy, kT0 + 600 + i, true, nullptr),
                  LookupStatus::ok);
    }
    EXPECT_EQ(store.stats().last_txn_id, txn0 + 1);
    EXPECT_EQ(stored(cookie).last_activity, kT0 + 600);

    // The refreshed activity moves the idle deadline.
    EXPECT_EQ(store.lookup_session(cookie, policy, kT0 + 600 + 1800, false, nullptr),
              LookupStatus::ok);
}

TEST_F(SessionLookup, TimeGoingBackwardsNeverRewindsActivity) {
    std::string cookie = store.create_session(testing::staff_session(), kT0);
    const uint64_t txn0 = store.stats().last_txn_id;
    SessionPolicy every_time{1800, 0, 0};
    EXPECT_EQ(store.lookup_session(cookie, every_time, kT0 - 10, true, nullptr),
              LookupStatus::ok);
    EXPECT_EQ(store.lookup_session(cookie, every_time, kT0, true, nullptr), LookupStatus::ok);
    EXPECT_EQ(store.stats().last_txn_id, txn0);
    EXPECT_EQ(stored(cookie).last_activity, kT0);
}

}  // namespace
}  // namespace vneid::session

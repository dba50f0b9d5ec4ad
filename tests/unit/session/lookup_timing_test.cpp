// 100k sessions: creation and lookup cost, printed (not asserted).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;
constexpr int kSessions = 100000;

double micros_per(std::chrono::steady_clock::duration d, size_t n) {
    return std::chrono::duration<double, std::micro>(d).count() / double(n);
}

TEST(LookupTiming, HundredThousandSessions) {
    testing::TempDir dir;
    Store store(dir.path(), kDefaultMapSize);
    std::vector<std::string> cookies;
    cookies.reserve(kSessions);

    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kSessions; ++i) {
        cookies.push_back(store.create_session(testing::staff_session(), kT0));
    }
    auto t1 = std::chrono::steady_clock::now();

    std::shuffle(cookies.begin(), cookies.end(), std::mt19937(7));
    const SessionPolicy policy{1800, 8 * 3600, 60};
    SessionRecord out;
    size_t ok = 0;
    auto t2 = std::chrono::steady_clock::now();
    for (const auto& c : cookies) {
        ok += store.lookup_session(c, policy, kT0 + 30, true, &out) == LookupStatus::ok;
    }
    auto t3 = std::chrono::steady_clock::now();
    size_t ok_bare = 0;
    for (const auto& c : cookies) {
        ok_bare += store.lookup_session(c, policy, kT0 + 30, true, nullptr) == LookupStatus::ok;
    }
    auto t4 = std::chrono::steady_clock::now();
    // Every session due for its touch write (the rare path).
    size_t touched = 0;
    for (int i = 0; i < 10000; ++i) {
        touched += store.lookup_session(cookies[i], policy, kT0 + 120, true, nullptr) ==
                   LookupStatus::ok;
    }
    auto t5 = std::chrono::steady_clock::now();

    EXPECT_EQ(ok, size_t(kSessions));
    EXPECT_EQ(ok_bare, size_t(kSessions));
    EXPECT_EQ(touched, 10000u);
    printf("[timing] create: %.2f us/session (%d sessions)\n", micros_per(t1 - t0, kSessions),
           kSessions);
    printf("[timing] lookup (decode record): %.2f us\n", micros_per(t3 - t2, kSessions));
    printf("[timing] lookup (validity only): %.2f us\n", micros_per(t4 - t3, kSessions));
    printf("[timing] lookup with touch write: %.2f us\n", micros_per(t5 - t4, 10000));
    auto st = store.stats();
    printf("[timing] sessions=%zu\n", st.sessions);
}

}  // namespace
}  // namespace vneid::session

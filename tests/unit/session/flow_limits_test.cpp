// Pending logins are bounded: a flood of anonymous /_vneid/start requests
// can neither fill the store nor take the room a finished login needs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;

FlowRecord flow(const std::string& binding, int64_t created = kT0,
                const std::string& return_url = "/") {
    return {binding, return_url, "https://motcua.example.gov.vn/_vneid/callback",
            "nonce", "verifier", created, created + 600};
}

TEST(FlowLimits, TheOldestFlowsGoFirstBeyondTheCount) {
    testing::TempDir dir;
    Store store(dir.path(), size_t(16) << 20);
    FlowLimits limits;
    limits.max_pending = 5;
    store.set_flow_limits(limits);
    std::vector<std::string> states;
    for (int i = 0; i < 8; ++i) {
        states.push_back(store.create_flow(flow("browser" + std::to_string(i), kT0 + i)));
    }
    EXPECT_EQ(store.stats().flows, 5u);
    for (int i = 0; i < 3; ++i) EXPECT_FALSE(store.take_flow(states[i], kT0 + 10)) << i;
    for (int i = 3; i < 8; ++i) EXPECT_TRUE(store.take_flow(states[i], kT0 + 10)) << i;
}

TEST(FlowLimits, OneBrowserKeepsAtMostEight) {
    testing::TempDir dir;
    Store store(dir.path(), size_t(16) << 20);
    std::vector<std::string> mine;
    for (int i = 0; i < 20; ++i) mine.push_back(store.create_flow(flow("me", kT0 + i)));
    std::string other = store.create_flow(flow("someone else", kT0));
    EXPECT_EQ(store.stats().flows, 9u);
    for (int i = 0; i < 12; ++i) EXPECT_FALSE(store.take_flow(mine[i], kT0 + 30)) << i;
    for (int i = 12; i < 20; ++i) EXPECT_TRUE(store.take_flow(mine[i], kT0 + 30)) << i;
    EXPECT_TRUE(store.take_flow(other, kT0 + 30));
}

TEST(FlowLimits, TakenFlowsLeaveNoIndexBehind) {
    testing::TempDir dir;
    Store store(dir.path(), size_t(16) << 20);
    for (int round = 0; round < 50; ++round) {
        std::string s = store.create_flow(flow("me", kT0 + round));
        ASSERT_TRUE(store.take_flow(s, kT0 + round));
    }
    // Eight fresh flows of that browser all survive: no stale entries count.
    std::vector<std::string> mine;
    for (int i = 0; i < 8; ++i) mine.push_back(store.create_flow(flow("me", kT0 + 100)));
    for (auto& s : mine) EXPECT_TRUE(store.take_flow(s, kT0 + 101));
    EXPECT_EQ(store.sweep(kT0 + 101, 100000), 0u);  // nothing left to sweep
}

TEST(FlowLimits, AFloodLeavesRoomForSessions) {
    // 1 MB, flows with the longest return path allowed: without bounds
    // about 250 of them fill the map.
    testing::TempDir dir;
    Store store(dir.path(), size_t(1) << 20);
    const std::string long_return = "/" + std::string(kMaxFlowReturnBytes - 1, 'a');
    std::string last;
    for (int i = 0; i < 3000; ++i) {
        last = store.create_flow(flow("flood" + std::to_string(i), kT0, long_return));
    }
    EXPECT_LT(store.map_used_percent(), 60u);
    EXPECT_GT(store.stats().flows, 0u);
    EXPECT_TRUE(store.take_flow(last, kT0 + 1));  // the newest survives
    // A finished login can store its session, many times over.
    for (int i = 0; i < 300; ++i) store.create_session(testing::staff_session(), kT0);
}

TEST(FlowLimits, NoFlowsWhenSessionsTakeTheMap) {
    testing::TempDir dir;
    Store store(dir.path(), size_t(1) << 20);
    while (store.map_used_percent() < 55) {
        store.create_session(testing::staff_session(), kT0);
    }
    try {
        store.create_flow(flow("b"));
        FAIL() << "a flow took the sessions' room";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("no room for new logins"), std::string::npos)
            << e.what();
    }
    // Sessions still go in.
    store.create_session(testing::staff_session(), kT0);
}

TEST(FlowLimits, OversizedRecordsAreRefused) {
    testing::TempDir dir;
    Store store(dir.path(), size_t(16) << 20);
    auto f = flow("b");
    f.redirect_uri = std::string(10000, 'x');
    EXPECT_THROW(store.create_flow(f), std::invalid_argument);
}

TEST(FlowLimits, AFlowIsNeverImmortalAfterAClockStepBack) {
    testing::TempDir dir;
    Store store(dir.path(), size_t(16) << 20);
    std::string state = store.create_flow(flow("b", kT0));
    const int64_t year_earlier = kT0 - 365 * 86400;
    EXPECT_FALSE(store.take_flow(state, year_earlier));
    std::string swept = store.create_flow(flow("b", kT0));
    EXPECT_EQ(store.sweep(year_earlier, 1000), 1u);
    EXPECT_FALSE(store.take_flow(swept, kT0));
}

}  // namespace
}  // namespace vneid::session

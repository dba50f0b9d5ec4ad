// A callback the thread pool could not take keeps its state (restore_flow),
// and a browser's binding cookie may go once none of its logins is pending
// (pending_flows_of).
#include <gtest/gtest.h>

#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;

class FlowRestore : public ::testing::Test {
 protected:
    testing::TempDir dir;
    Store store{dir.path(), size_t(16) << 20};

    Store::FlowRecord flow(const std::string& binding = "binding-a") {
        return {binding, "/hoso/7", "https://motcua.example.gov.vn/_vneid/callback",
                "nonce", "verifier", kT0, kT0 + 600};
    }
};

TEST_F(FlowRestore, ATakenFlowCanBePutBackOnceAndTakenAgain) {
    const std::string state = store.create_flow(flow());
    auto taken = store.take_flow(state, kT0 + 1);
    ASSERT_TRUE(taken);
    EXPECT_EQ(store.pending_flows_of("binding-a", kT0 + 1), 0u);

    EXPECT_TRUE(store.restore_flow(state, *taken));
    EXPECT_FALSE(store.restore_flow(state, *taken));  // already there
    EXPECT_EQ(store.pending_flows_of("binding-a", kT0 + 2), 1u);

    bool foreign = false;
    EXPECT_FALSE(store.take_flow_bound(state, kT0 + 2, "binding-b", &foreign));
    EXPECT_TRUE(foreign);
    auto again = store.take_flow_bound(state, kT0 + 3, "binding-a", &foreign);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->return_url, "/hoso/7");
    EXPECT_FALSE(store.take_flow(state, kT0 + 4));
}

TEST_F(FlowRestore, MalformedStateIsNotRestored) {
    EXPECT_FALSE(store.restore_flow("short", flow()));
    EXPECT_EQ(store.stats().flows, 0u);
}

TEST_F(FlowRestore, PendingFlowsCountOnlyThisBrowsersLiveOnes) {
    store.create_flow(flow("binding-a"));
    const std::string second = store.create_flow(flow("binding-a"));
    store.create_flow(flow("binding-b"));
    EXPECT_EQ(store.pending_flows_of("binding-a", kT0 + 1), 2u);
    EXPECT_EQ(store.pending_flows_of("binding-b", kT0 + 1), 1u);
    EXPECT_EQ(store.pending_flows_of("binding-c", kT0 + 1), 0u);
    ASSERT_TRUE(store.take_flow(second, kT0 + 2));
    EXPECT_EQ(store.pending_flows_of("binding-a", kT0 + 2), 1u);
    EXPECT_EQ(store.pending_flows_of("binding-a", kT0 + 601), 0u);  // expired
}

}  // namespace
}  // namespace vneid::session

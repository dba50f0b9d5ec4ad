#include <gtest/gtest.h>

#include <chrono>

#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;

class Sweep : public ::testing::Test {
 protected:
    testing::TempDir dir;
    Store store{dir.path(), size_t(16) << 20};

    std::string session(int64_t idle, int64_t max_age, int64_t created = kT0) {
        SessionRecord r = testing::staff_session();
        r.idle_timeout = idle;
        r.max_age = max_age;
        return store.create_session(r, created);
    }
    LookupStatus status(const std::string& cookie, int64_t now) {
        return store.lookup_session(cookie, {}, now, false, nullptr);  // no policy limits
    }
};

TEST_F(Sweep, RemovesExpiredByTheirOwnLimitsAndKeepsLive) {
    std::string idle_gone = session(600, 0);
    std::string absolute_gone = session(0, 3600, kT0 - 3000);
    std::string live = session(1800, 36000);
    std::string unlimited = session(0, 0, kT0 - 999999);
    std::string flow_gone = store.create_flow({"b", "/", "/cb", "n", "v", kT0, kT0 + 300});
    std::string flow_live = store.create_flow({"b", "/", "/cb", "n", "v", kT0, kT0 + 3000});

    const int64_t now = kT0 + 601;
    EXPECT_EQ(store.sweep(now, 1000), 3u);
    EXPECT_EQ(status(idle_gone, now), LookupStatus::none);
    EXPECT_EQ(status(absolute_gone, now), LookupStatus::none);
    EXPECT_EQ(status(live, now), LookupStatus::ok);
    EXPECT_EQ(status(unlimited, now), LookupStatus::ok);
    EXPECT_FALSE(store.take_flow(flow_gone, kT0));  // removed, even for an earlier clock
    EXPECT_TRUE(store.take_flow(flow_live, now));
    EXPECT_EQ(store.sweep(now, 1000), 0u);
}

TEST_F(Sweep, RespectsMaxRecordsAndResumes) {
    for (int i = 0; i < 25; ++i) session(60, 0);
    for (int i = 0; i < 5; ++i) session(6000, 0);
    const int64_t now = kT0 + 61;
    size_t total = 0;
    int calls = 0;
    for (; calls < 100 && store.stats().sessions > 5; ++calls) {
        size_t n = store.sweep(now, 7);
        EXPECT_LE(n, 7u);
        total += n;
    }
    EXPECT_EQ(total, 25u);
    EXPECT_EQ(store.stats().sessions, 5u);
    // 30 records, 7 examined per call: a full pass takes 5 calls, not 1.
    EXPECT_GE(calls, 4);
    EXPECT_LE(calls, 6);
}

TEST_F(Sweep, ExaminesEachRecordAtMostOncePerCall) {
    for (int i = 0; i < 3; ++i) session(60, 0);
    // A huge budget still makes one pass; nothing live is touched.
    EXPECT_EQ(store.sweep(kT0 + 10, 1000000), 0u);
    EXPECT_EQ(store.sweep(kT0 + 61, 1000000), 3u);
}

TEST_F(Sweep, ZeroBudgetDoesNothing) {
    session(60, 0);
    EXPECT_EQ(store.sweep(kT0 + 61, 0), 0u);
    EXPECT_EQ(store.stats().sessions, 1u);
}

TEST_F(Sweep, NewRecordsAfterThePositionAreFoundNextRound) {
    for (int i = 0; i < 10; ++i) session(60, 0);
    EXPECT_EQ(store.sweep(kT0 + 61, 4), 4u);  // stops midway
    for (int i = 0; i < 10; ++i) session(60, 0, kT0 + 100);
    size_t total = 4;
    for (int i = 0; i < 20; ++i) total += store.sweep(kT0 + 161, 4);
    EXPECT_EQ(total, 20u);
    EXPECT_EQ(store.stats().sessions, 0u);
}

TEST_F(Sweep, TimeBudgetStopsAndTheNextCallResumes) {
    for (int i = 0; i < 3000; ++i) session(60, 0);
    // No time at all: nothing examined, more to do.
    auto none = store.sweep_for(kT0 + 61, std::chrono::microseconds(0));
    EXPECT_TRUE(none.more);
    EXPECT_EQ(none.deleted, 0u);
    size_t deleted = 0;
    int calls = 0;
    Store::SweepResult r;
    do {
        r = store.sweep_for(kT0 + 61, std::chrono::microseconds(300));
        deleted += r.deleted;
    } while (r.more && ++calls < 10000);
    EXPECT_FALSE(r.more);
    EXPECT_EQ(deleted, 3000u);
    EXPECT_EQ(store.stats().sessions, 0u);
}

TEST_F(Sweep, ABudgetedPassEndsWithNothingMoreToDo) {
    session(60, 0);
    auto r = store.sweep_for(kT0 + 61, std::chrono::milliseconds(50));
    EXPECT_FALSE(r.more);
    EXPECT_EQ(r.deleted, 1u);
    EXPECT_GE(r.examined, 1u);
}

}  // namespace
}  // namespace vneid::session

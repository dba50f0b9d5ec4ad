#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;

TEST(MapFull, ClearErrorThenReopenWithALargerSize) {
    testing::TempDir dir;
    std::vector<std::string> cookies;
    std::string message;
    {
        Store tiny(dir.path(), size_t(128) << 10);
        try {
            for (int i = 0; i < 100000; ++i) {
                cookies.push_back(tiny.create_session(testing::staff_session(), kT0));
            }
            FAIL() << "a 128 KiB store never filled up";
        } catch (const StoreError& e) {
            message = e.what();
        }
        EXPECT_NE(message.find("session store full: raise vneid_store size="),
                  std::string::npos) << message;
        EXPECT_NE(message.find(dir.path()), std::string::npos) << message;
        EXPECT_NE(message.find("MDB_MAP_FULL"), std::string::npos) << message;
        ASSERT_FALSE(cookies.empty());
        // What is stored stays readable, and the failed write left nothing half-done.
        EXPECT_EQ(tiny.stats().sessions, cookies.size());
        EXPECT_EQ(tiny.lookup_session(cookies.front(), {}, kT0, false, nullptr),
                  LookupStatus::ok);
        EXPECT_EQ(tiny.lookup_session(cookies.back(), {}, kT0, false, nullptr),
                  LookupStatus::ok);
    }
    // The admin raises size= and reloads: old sessions survive, new ones fit.
    Store larger(dir.path(), size_t(4) << 20);
    EXPECT_EQ(larger.lookup_session(cookies.front(), {}, kT0, false, nullptr),
              LookupStatus::ok);
    for (int i = 0; i < 100; ++i) larger.create_session(testing::staff_session(), kT0);
    EXPECT_EQ(larger.stats().sessions, cookies.size() + 100);
}

TEST(MapFull, RevokingStillWorksWhenFull) {
    testing::TempDir dir;
    Store tiny(dir.path(), size_t(128) << 10);
    size_t created = 0;
    try {
        for (;; ++created) tiny.create_session(testing::staff_session(), kT0);
    } catch (const StoreError&) {
    }
    EXPECT_EQ(tiny.destroy_all_sessions(), created);
    tiny.create_session(testing::staff_session(), kT0);
}

TEST(MapSize, AdoptsAStoreEnlargedByAnotherProcess) {
    testing::TempDir dir;
    Store small(dir.path(), size_t(256) << 10);
    std::string first = small.create_session(testing::staff_session(), kT0);
    // vneidctl (or a newer worker) with a larger size= grows the file past
    // our map: we must follow instead of failing every request.
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        int rc = 0;
        try {
            Store large(dir.path(), size_t(8) << 20);
            for (int i = 0; i < 5000; ++i) large.create_session(testing::staff_session(), kT0);
        } catch (...) {
            rc = 1;
        }
        _exit(rc);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_EQ(small.lookup_session(first, {}, kT0, false, nullptr), LookupStatus::ok);
    EXPECT_EQ(small.stats().sessions, 5001u);
    small.create_session(testing::staff_session(), kT0);
    EXPECT_EQ(small.stats().sessions, 5002u);
}

TEST(MapSize, ZeroAdoptsTheRecordedSize) {
    testing::TempDir dir;
    { Store configured(dir.path(), size_t(8) << 20); configured.create_session(testing::staff_session(), kT0); }
    Store cli(dir.path(), 0);
    for (int i = 0; i < 5000; ++i) cli.create_session(testing::staff_session(), kT0);
    EXPECT_EQ(cli.stats().sessions, 5001u);
}

}  // namespace
}  // namespace vneid::session

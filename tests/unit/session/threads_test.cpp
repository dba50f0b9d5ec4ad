// One Store used from the event loop and nginx thread-pool threads at once
// (MDB_NOTLS: read transactions are not tied to a thread).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;

TEST(Threads, ConcurrentCreateLookupTouchAndSweep) {
    testing::TempDir dir;
    Store store(dir.path(), size_t(32) << 20);
    constexpr int kThreads = 6, kEach = 400;
    std::atomic<int> failures{0};
    std::atomic<bool> stop{false};
    std::thread sweeper([&] {
        while (!stop) store.sweep(kT0, 50);
    });
    std::vector<std::thread> workers;
    for (int t = 0; t < kThreads; ++t) {
        workers.emplace_back([&] {
            std::vector<std::string> mine;
            for (int i = 0; i < kEach; ++i) {
                mine.push_back(store.create_session(testing::staff_session(), kT0));
                for (size_t j = 0; j < mine.size(); j += 37) {
                    if (store.lookup_session(mine[j], {1800, 0, 1}, kT0 + i, true, nullptr) !=
                        LookupStatus::ok) {
                        ++failures;
                    }
                }
            }
            for (size_t j = 0; j < mine.size(); j += 2) {
                if (!store.destroy_session(mine[j])) ++failures;
            }
        });
    }
    for (auto& w : workers) w.join();
    stop = true;
    sweeper.join();
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(store.stats().sessions, size_t(kThreads * kEach / 2));
}

}  // namespace
}  // namespace vneid::session

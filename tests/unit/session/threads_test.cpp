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

// Runs body, turning an exception into a test failure instead of terminate().
template <class F>
void reporting_failures(F body) {
    try {
        body();
    } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
    }
}

TEST(Threads, ConcurrentCreateLookupTouchAndSweep) {
    testing::TempDir dir;
    // Default size: with more threads than CPUs a preempted reader pins old
    // pages while the others write, so a write storm like this one needs
    // headroom (real traffic writes far less: one touch per interval).
    Store store(dir.path(), kDefaultMapSize);
    constexpr int kThreads = 6, kEach = 300;
    std::atomic<int> failures{0};
    std::atomic<bool> stop{false};

    auto worker = [&] {
        std::vector<std::string> mine;
        for (int i = 0; i < kEach; ++i) {
            mine.push_back(store.create_session(testing::staff_session(), kT0));
            for (size_t j = 0; j < mine.size(); j += 37) {
                if (store.lookup_session(mine[j], {1800, 0, 5}, kT0 + i, true, nullptr) !=
                    LookupStatus::ok) {
                    ++failures;
                }
            }
        }
        for (size_t j = 0; j < mine.size(); j += 2) {
            if (!store.destroy_session(mine[j])) ++failures;
        }
    };
    std::thread sweeper([&] {
        reporting_failures([&] {
            while (!stop) store.sweep(kT0, 50);
        });
    });
    std::vector<std::thread> workers;
    for (int t = 0; t < kThreads; ++t) {
        workers.emplace_back([&] { reporting_failures(worker); });
    }
    for (auto& w : workers) w.join();
    stop = true;
    sweeper.join();
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(store.stats().sessions, size_t(kThreads * kEach / 2));
}

}  // namespace
}  // namespace vneid::session

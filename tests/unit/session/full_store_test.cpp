// A full store must never be an outage: signed-in staff keep working, and
// the store empties itself once its records expire.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;
constexpr size_t kOneMb = size_t(1) << 20;

// Fills the map to MDB_MAP_FULL with sessions that expire after `max_age`;
// returns how many went in.
size_t fill(Store& store, int64_t max_age, const std::string& citizen = "001085012345") {
    size_t n = 0;
    try {
        for (; n < 100000; ++n) {
            SessionRecord r = testing::staff_session(citizen);
            r.max_age = max_age;
            store.create_session(r, kT0);
        }
        ADD_FAILURE() << "a 1 MB store never filled up";
    } catch (const StoreError& e) {
        EXPECT_TRUE(e.map_full()) << e.what();
    }
    return n;
}

TEST(FullStore, EmptiesItselfOnceRecordsExpire) {
    testing::TempDir dir;
    Store store(dir.path(), kOneMb);
    const size_t n = fill(store, 60);
    ASSERT_GT(n, 100u);
    // Expired: sweeps with a time budget, bounded in number, empty it.
    const int64_t later = kT0 + 61;
    size_t removed = 0;
    for (int run = 0; run < 200 && store.stats().sessions > 0; ++run) {
        removed += store.sweep_for(later, std::chrono::milliseconds(20)).deleted;
    }
    EXPECT_EQ(store.stats().sessions, 0u);
    EXPECT_EQ(removed, n);
    store.create_session(testing::staff_session(), later);
}

TEST(FullStore, RevokingOneCitizenWorksWhenFull) {
    testing::TempDir dir;
    Store store(dir.path(), kOneMb);
    store.create_session(testing::staff_session("079190004321"), kT0);
    const size_t n = fill(store, 0);
    EXPECT_EQ(store.destroy_sessions_of("001085012345"), n);
    EXPECT_EQ(store.stats().sessions, 1u);
}

TEST(FullStore, RevokingEveryoneWorksWhenFull) {
    testing::TempDir dir;
    Store store(dir.path(), kOneMb);
    const size_t n = fill(store, 0);
    EXPECT_EQ(store.destroy_all_sessions(), n);
    EXPECT_EQ(store.stats().sessions, 0u);
}

// A reader that pins the store's current snapshot, as a slow request in
// another worker would: pages freed from now on cannot be reused, so on a
// full map the next writes find no room.
class PinnedSnapshot {
 public:
    explicit PinnedSnapshot(const std::string& dir) {
        thread_ = std::thread([this, dir] {
            auto env = open_shared_env(dir, 0);
            LmdbTxn reader(*env, LmdbTxn::read_only);
            opened_.set_value();
            release_.get_future().wait();
        });
        opened_.get_future().wait();
    }
    ~PinnedSnapshot() {
        release_.set_value();
        thread_.join();
    }

 private:
    std::promise<void> opened_, release_;
    std::thread thread_;
};

// Touches the sessions in turn (activity due each time) until a write
// fails; returns the warning and sets *now past the last attempt.
std::string touch_until_a_write_fails(Store& store, const std::vector<std::string>& cookies,
                                      int64_t* now, SessionRecord* out) {
    const SessionPolicy policy{1800, 8 * 3600, 0};
    for (int round = 0; round < 20; ++round) {
        for (const auto& c : cookies) {
            *now += Store::kWritePauseSeconds + 1;
            EXPECT_EQ(store.lookup_session(c, policy, *now, true, out), LookupStatus::ok);
            std::string warning = store.take_write_warning();
            if (!warning.empty()) return warning;
        }
    }
    return "";
}

TEST(FullStore, ASignedInSessionIsServedWhenItsActivityCannotBeWritten) {
    testing::TempDir dir;
    Store store(dir.path(), kOneMb);
    std::vector<std::string> cookies;
    for (int i = 0; i < 300; ++i) {
        cookies.push_back(store.create_session(testing::staff_session(), kT0));
    }
    fill(store, 0);
    PinnedSnapshot pinned(dir.path());
    int64_t now = kT0;
    SessionRecord out;
    std::string warning = touch_until_a_write_fails(store, cookies, &now, &out);
    ASSERT_FALSE(warning.empty()) << "every activity write found room";
    EXPECT_NE(warning.find("session store full"), std::string::npos) << warning;
    // The failed one was served, with its stored activity time.
    EXPECT_LT(out.last_activity, now);
    EXPECT_EQ(out.citizen_id, "001085012345");
    EXPECT_EQ(store.take_write_warning(), "");  // reported once
    // Within the pause no write is tried at all.
    const uint64_t txn = store.stats().last_txn_id;
    for (const auto& c : cookies) {
        ASSERT_EQ(store.lookup_session(c, {1800, 0, 0}, now + 1, true, nullptr),
                  LookupStatus::ok);
    }
    EXPECT_EQ(store.stats().last_txn_id, txn);
}

}  // namespace
}  // namespace vneid::session

// Many sessions side by side: every cookie finds its own session, with or
// without decoding the record, and an activity write touches only the
// session it belongs to. (The timings that used to be printed here, with
// 100,000 sessions, are a benchmark now: scripts/bench-session-lookup.)
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;
constexpr int kSessions = 3000;

// A distinct, well-formed citizen id for session i.
std::string citizen_id_of(int i) {
    char id[13];
    std::snprintf(id, sizeof(id), "001085%06d", i);
    return id;
}

TEST(ManySessions, EveryCookieFindsItsOwnSession) {
    testing::TempDir dir;
    Store store(dir.path(), size_t(64) << 20);
    std::vector<std::pair<std::string, std::string>> cookies;  // cookie, citizen id
    for (int i = 0; i < kSessions; ++i) {
        cookies.emplace_back(store.create_session(testing::staff_session(citizen_id_of(i)), kT0),
                             citizen_id_of(i));
    }
    EXPECT_EQ(store.stats().sessions, size_t(kSessions));
    std::shuffle(cookies.begin(), cookies.end(), std::mt19937(7));

    const SessionPolicy policy{1800, 8 * 3600, 60};
    for (const auto& [cookie, citizen_id] : cookies) {
        SessionRecord out;
        ASSERT_EQ(store.lookup_session(cookie, policy, kT0 + 30, true, &out), LookupStatus::ok);
        ASSERT_EQ(out.citizen_id, citizen_id);
        ASSERT_EQ(out.last_activity, kT0);  // within the touch interval: no write
        ASSERT_EQ(store.lookup_session(cookie, policy, kT0 + 30, true, nullptr),
                  LookupStatus::ok);
    }
}

TEST(ManySessions, ActivityWriteTouchesOnlyItsOwnSession) {
    testing::TempDir dir;
    Store store(dir.path(), size_t(64) << 20);
    std::vector<std::string> cookies;
    for (int i = 0; i < 200; ++i) {
        cookies.push_back(store.create_session(testing::staff_session(citizen_id_of(i)), kT0));
    }
    const SessionPolicy policy{1800, 8 * 3600, 60};
    // Every other session is used after the touch interval.
    for (size_t i = 0; i < cookies.size(); i += 2) {
        ASSERT_EQ(store.lookup_session(cookies[i], policy, kT0 + 120, true, nullptr),
                  LookupStatus::ok);
    }
    for (size_t i = 0; i < cookies.size(); ++i) {
        SessionRecord out;
        ASSERT_EQ(store.lookup_session(cookies[i], SessionPolicy{}, kT0 + 121, false, &out),
                  LookupStatus::ok);
        EXPECT_EQ(out.citizen_id, citizen_id_of(int(i)));
        EXPECT_EQ(out.last_activity, i % 2 == 0 ? kT0 + 120 : kT0) << i;
    }
}

}  // namespace
}  // namespace vneid::session

#include <gtest/gtest.h>

#include <set>

#include "crypto/hash.h"
#include "session/session_store.h"
#include "store_test_support.h"
#include "util/base64.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;
const SessionPolicy kPolicy{1800, 8 * 3600, 60};

class SessionAdmin : public ::testing::Test {
 protected:
    testing::TempDir dir;
    Store store{dir.path(), size_t(16) << 20};

    LookupStatus status(const std::string& cookie) {
        return store.lookup_session(cookie, kPolicy, kT0, false, nullptr);
    }
};

TEST_F(SessionAdmin, DestroyIsFinal) {
    std::string a = store.create_session(testing::staff_session(), kT0);
    std::string b = store.create_session(testing::staff_session(), kT0);
    EXPECT_TRUE(store.destroy_session(a));
    EXPECT_EQ(status(a), LookupStatus::none);
    EXPECT_EQ(status(b), LookupStatus::ok);
    EXPECT_FALSE(store.destroy_session(a));
}

TEST_F(SessionAdmin, UpdateSwitchesActiveAccount) {
    testing::link_accounts(store, testing::staff_session());
    std::string cookie = store.create_session(testing::staff_session(), kT0);
    EXPECT_TRUE(store.update_session(
        cookie, [](SessionRecord& r) { r.active_account = "khai.nt.tiepnhan"; }));
    SessionRecord out;
    ASSERT_EQ(store.lookup_session(cookie, kPolicy, kT0, false, &out), LookupStatus::ok);
    EXPECT_EQ(out.active_account, "khai.nt.tiepnhan");
    EXPECT_EQ(out.citizen_id, "001085012345");

    EXPECT_FALSE(store.update_session(util::base64url_encode(std::string(32, 'q')),
                                      [](SessionRecord&) { FAIL() << "called"; }));
    EXPECT_FALSE(store.update_session("garbage", [](SessionRecord&) { FAIL(); }));
}

TEST_F(SessionAdmin, FailedEditLeavesSessionUnchanged) {
    testing::link_accounts(store, testing::staff_session());
    std::string cookie = store.create_session(testing::staff_session(), kT0);
    EXPECT_THROW(store.update_session(cookie,
                                      [](SessionRecord& r) {
                                          r.active_account = "half-done";
                                          throw std::runtime_error("edit failed");
                                      }),
                 std::runtime_error);
    SessionRecord out;
    ASSERT_EQ(store.lookup_session(cookie, kPolicy, kT0, false, &out), LookupStatus::ok);
    EXPECT_EQ(out.active_account, "khai.nt");
    // The write lock was released: writing still works.
    EXPECT_TRUE(store.destroy_session(cookie));
}

TEST_F(SessionAdmin, DestroySessionsOfOneCitizen) {
    std::vector<std::string> hers, his;
    for (int i = 0; i < 3; ++i) hers.push_back(store.create_session(testing::staff_session(), kT0));
    for (int i = 0; i < 2; ++i)
        his.push_back(store.create_session(testing::staff_session("079090000111"), kT0));
    EXPECT_EQ(store.destroy_sessions_of("001085012345"), 3u);
    for (auto& c : hers) EXPECT_EQ(status(c), LookupStatus::none);
    for (auto& c : his) EXPECT_EQ(status(c), LookupStatus::ok);
    EXPECT_EQ(store.destroy_sessions_of("001085012345"), 0u);
}

TEST_F(SessionAdmin, DestroyAll) {
    for (int i = 0; i < 5; ++i) store.create_session(testing::staff_session(), kT0);
    EXPECT_EQ(store.destroy_all_sessions(), 5u);
    EXPECT_EQ(store.stats().sessions, 0u);
    EXPECT_EQ(store.destroy_all_sessions(), 0u);
    // Still usable afterwards.
    std::string c = store.create_session(testing::staff_session(), kT0);
    EXPECT_EQ(status(c), LookupStatus::ok);
}

TEST_F(SessionAdmin, ListShowsHashPrefixesNotCookies) {
    std::set<std::string> expected_prefixes;
    for (int i = 0; i < 4; ++i) {
        std::string cookie = store.create_session(testing::staff_session(), kT0);
        expected_prefixes.insert(crypto::sha256_hex(*util::base64url_decode(cookie)).substr(0, 16));
    }
    auto all = store.list_sessions(100);
    ASSERT_EQ(all.size(), 4u);
    std::set<std::string> prefixes;
    for (auto& [prefix, rec] : all) {
        prefixes.insert(prefix);
        EXPECT_EQ(rec.citizen_id, "001085012345");
    }
    EXPECT_EQ(prefixes, expected_prefixes);
    EXPECT_EQ(store.list_sessions(2).size(), 2u);
    EXPECT_TRUE(store.list_sessions(0).empty());
}

TEST_F(SessionAdmin, Stats) {
    store.create_session(testing::staff_session(), kT0);
    store.create_session(testing::staff_session(), kT0);
    store.create_flow({"b", "/", "/_vneid/callback", "n", "v", kT0, kT0 + 600});
    store.put_accounts("001085012345", {{"khai.nt", "Khai", "UBND"}});
    auto s = store.stats();
    EXPECT_EQ(s.sessions, 2u);
    EXPECT_EQ(s.flows, 1u);
    EXPECT_EQ(s.accounts, 1u);
    store.sync();
}

}  // namespace
}  // namespace vneid::session

#include <gtest/gtest.h>

#include <stdexcept>

#include "session/session_store.h"
#include "store_test_support.h"
#include "util/base64.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;

class FlowsAndAccounts : public ::testing::Test {
 protected:
    testing::TempDir dir;
    Store store{dir.path(), size_t(16) << 20};

    Store::FlowRecord flow(int64_t ttl = 600) {
        return {"binding", "/hoso/123?tab=2", "https://motcua.example.gov.vn/_vneid/callback",
                "nonce-1", "pkce-verifier-1", kT0, kT0 + ttl};
    }
};

TEST_F(FlowsAndAccounts, FlowIsSingleUse) {
    std::string state = store.create_flow(flow());
    EXPECT_EQ(state.size(), 43u);
    auto taken = store.take_flow(state, kT0 + 10);
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->return_url, "/hoso/123?tab=2");
    EXPECT_EQ(taken->pkce_verifier, "pkce-verifier-1");
    EXPECT_EQ(taken->nonce, "nonce-1");
    EXPECT_EQ(taken->binding_hash, "binding");
    EXPECT_EQ(taken->expires, kT0 + 600);
    EXPECT_FALSE(store.take_flow(state, kT0 + 11));  // replay
    EXPECT_EQ(store.stats().flows, 0u);
}

TEST_F(FlowsAndAccounts, ExpiredFlowIsRefusedAndRemoved) {
    std::string state = store.create_flow(flow(600));
    EXPECT_FALSE(store.take_flow(state, kT0 + 601));
    EXPECT_EQ(store.stats().flows, 0u);
    std::string on_time = store.create_flow(flow(600));
    EXPECT_TRUE(store.take_flow(on_time, kT0 + 600));  // last valid second
}

TEST_F(FlowsAndAccounts, MalformedOrUnknownStates) {
    store.create_flow(flow());
    EXPECT_FALSE(store.take_flow("", kT0));
    EXPECT_FALSE(store.take_flow("short", kT0));
    EXPECT_FALSE(store.take_flow(util::base64url_encode(std::string(31, 'a')), kT0));
    EXPECT_FALSE(store.take_flow(util::base64url_encode(std::string(32, 'a')), kT0));
    EXPECT_EQ(store.stats().flows, 1u);
}

TEST_F(FlowsAndAccounts, FlowNeedsExpiry) {
    auto f = flow();
    f.expires = 0;
    EXPECT_THROW(store.create_flow(f), std::invalid_argument);
}

TEST_F(FlowsAndAccounts, SessionCookieIsNotAFlowState) {
    std::string cookie = store.create_session(testing::staff_session(), kT0);
    EXPECT_FALSE(store.take_flow(cookie, kT0));
    EXPECT_EQ(store.lookup_session(cookie, {}, kT0, false, nullptr), LookupStatus::ok);
}

TEST_F(FlowsAndAccounts, AccountsPutGetReplaceRemove) {
    const std::string id = "001085012345";
    EXPECT_TRUE(store.get_accounts(id).empty());
    store.put_accounts(id, {{"khai.nt", "Nguyễn Thị Minh Khai", "UBND phường Bến Nghé"},
                            {"khai.tn", "Khai (tiếp nhận)", "Bộ phận một cửa"}});
    auto got = store.get_accounts(id);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].username, "khai.nt");
    EXPECT_EQ(got[0].display_name, "Nguyễn Thị Minh Khai");
    EXPECT_EQ(got[1].unit, "Bộ phận một cửa");

    store.put_accounts(id, {{"khai.only", "Khai", "UBND"}});
    ASSERT_EQ(store.get_accounts(id).size(), 1u);
    EXPECT_EQ(store.get_accounts(id)[0].username, "khai.only");
    EXPECT_TRUE(store.get_accounts("079090000111").empty());

    store.put_accounts(id, {});
    EXPECT_TRUE(store.get_accounts(id).empty());
    EXPECT_EQ(store.stats().accounts, 0u);
}

TEST_F(FlowsAndAccounts, AccountsNeedTwelveDigitIds) {
    EXPECT_THROW(store.put_accounts("12345", {{"u", "d", "x"}}), std::invalid_argument);
    EXPECT_THROW(store.put_accounts("00108501234X", {{"u", "d", "x"}}), std::invalid_argument);
    EXPECT_TRUE(store.get_accounts("12345").empty());
}

}  // namespace
}  // namespace vneid::session

TEST(AccountDirectory, BatchImportAndListingInCitizenOrder) {
    vneid::session::testing::TempDir dir;
    vneid::session::Store store{dir.path(), size_t(16) << 20};
    store.put_accounts_batch({{"079190004321", {{"bich.tt", "Trần Thị Bích", "Phòng Tư pháp"}}},
                              {"001085012345", {{"an.nv", "", ""}, {"ketoan.an", "", ""}}}});
    size_t unreadable = 99;
    auto all = store.list_accounts(&unreadable);
    EXPECT_EQ(unreadable, 0u);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].first, "001085012345");
    EXPECT_EQ(all[0].second.size(), 2u);
    EXPECT_EQ(all[1].second[0].display_name, "Trần Thị Bích");
    EXPECT_THROW(store.put_accounts_batch({{"001085012345", {}}, {"12345", {{"x", "", ""}}}}),
                 std::invalid_argument);
    EXPECT_EQ(store.get_accounts("001085012345").size(), 2u);  // all or nothing
}

// The accounts a session acts as (read live from the directory), switching
// between them, and the portal cookies bound to a session.
#include <gtest/gtest.h>

#include "crypto/hash.h"
#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;
const SessionPolicy kPolicy{1800, 8 * 3600, 60};
const std::string kKhai = "001085012345";

LegacyAccount account(const std::string& name, bool disabled = false) {
    LegacyAccount a{name, "Tên " + name, "Đơn vị " + name};
    a.disabled = disabled;
    return a;
}

PortalCookieBinding binding(const std::string& name, const std::string& value,
                            const std::string& path = "/") {
    return {name, crypto::sha256(value), path, ""};
}

class SessionAccounts : public ::testing::Test {
 protected:
    SessionAccounts() {
        store.put_accounts(kKhai, {account("khai.nt"), account("khai.kt"), account("khai.vt")});
    }

    SessionRecord lookup(const std::string& cookie) {
        SessionRecord rec;
        EXPECT_EQ(store.lookup_session(cookie, kPolicy, kT0 + 1, false, &rec), LookupStatus::ok);
        return rec;
    }

    std::string session(const std::string& active = "khai.nt") {
        SessionRecord rec = testing::staff_session(kKhai);
        rec.active_account = active;
        return store.create_session(rec, kT0);
    }

    testing::TempDir dir;
    Store store{dir.path(), size_t(16) << 20};
};

TEST_F(SessionAccounts, LookupReadsTheDirectoryNow) {
    std::string cookie = session();
    EXPECT_EQ(lookup(cookie).accounts,
              (std::vector<std::string>{"khai.nt", "khai.kt", "khai.vt"}));

    // vneidctl disables one and links another: the next lookup shows it
    store.put_accounts(kKhai, {account("khai.nt"), account("khai.kt", true), account("khai.vt"),
                               account("khai.new")});
    SessionRecord rec = lookup(cookie);
    EXPECT_EQ(rec.accounts, (std::vector<std::string>{"khai.nt", "khai.vt", "khai.new"}));
    EXPECT_EQ(rec.active_account, "khai.nt");
}

TEST_F(SessionAccounts, AnActiveAccountUnlinkedOrDisabledIsNeverSentAgain) {
    std::string cookie = session("khai.kt");
    EXPECT_EQ(lookup(cookie).active_account, "khai.kt");
    store.put_accounts(kKhai, {account("khai.nt"), account("khai.kt", true)});
    EXPECT_EQ(lookup(cookie).active_account, "");
    store.put_accounts(kKhai, {account("khai.nt")});
    EXPECT_EQ(lookup(cookie).active_account, "");
    store.put_accounts(kKhai, {});
    SessionRecord rec = lookup(cookie);
    EXPECT_TRUE(rec.accounts.empty());
    EXPECT_EQ(rec.active_account, "");
}

TEST_F(SessionAccounts, SwitchChangesTheActiveAccountAndRemembersIt) {
    std::string cookie = session();
    EXPECT_EQ(store.last_account(kKhai), "");
    ASSERT_EQ(store.switch_account(cookie, "khai.vt", kT0, nullptr), Store::SwitchStatus::ok);
    EXPECT_EQ(lookup(cookie).active_account, "khai.vt");
    EXPECT_EQ(store.last_account(kKhai), "khai.vt");
    // remembered only while it stays enabled
    store.put_accounts(kKhai, {account("khai.nt"), account("khai.vt", true)});
    EXPECT_EQ(store.last_account(kKhai), "");
}

TEST_F(SessionAccounts, ForeignDisabledOrEmptyAccountsAreRefusedWithNothingChanged) {
    store.put_accounts("079190004321", {account("bich.tt")});
    store.put_accounts(kKhai, {account("khai.nt"), account("khai.kt", true)});
    std::string cookie = session();
    for (const char* bad : {"bich.tt", "khai.kt", "", "khai.nt ", "KHAI.NT"}) {
        EXPECT_EQ(store.switch_account(cookie, bad, kT0, nullptr), Store::SwitchStatus::not_linked)
            << bad;
    }
    EXPECT_EQ(lookup(cookie).active_account, "khai.nt");
    EXPECT_EQ(store.last_account(kKhai), "");
    EXPECT_EQ(store.switch_account("garbage", "khai.nt", kT0, nullptr),
              Store::SwitchStatus::no_session);
    EXPECT_EQ(store.switch_account(std::string(43, 'A'), "khai.nt", kT0, nullptr),
              Store::SwitchStatus::no_session);
}

TEST_F(SessionAccounts, PortalCookiesBindToTheSessionAndItsActiveAccount) {
    std::string cookie = session();
    EXPECT_EQ(store.bind_portal_cookies(cookie, "khai.nt", {binding("JSESSIONID", "v1", "/mc")}),
              1u);
    auto rec = lookup(cookie);
    ASSERT_EQ(rec.portal_cookies.size(), 1u);
    EXPECT_EQ(rec.portal_cookies[0].value_hash, crypto::sha256("v1"));
    EXPECT_EQ(rec.portal_cookies[0].path, "/mc");
    auto scope = store.portal_cookie_scope("JSESSIONID");
    ASSERT_TRUE(scope);
    EXPECT_EQ(scope->path, "/mc");

    // a response that raced a switch binds nothing
    EXPECT_EQ(store.bind_portal_cookies(cookie, "khai.kt", {binding("JSESSIONID", "v2")}), 0u);
    EXPECT_EQ(lookup(cookie).portal_cookies.size(), 1u);
    EXPECT_EQ(store.bind_portal_cookies("garbage", "khai.nt", {binding("JSESSIONID", "v3")}), 0u);
}

TEST_F(SessionAccounts, EveryValueStaysBoundAndTheNewestEightAreKept) {
    std::string cookie = session();
    store.bind_portal_cookies(cookie, "khai.nt", {binding("JSESSIONID", "old")});
    store.bind_portal_cookies(cookie, "khai.nt", {binding("JSESSIONID", "new")});
    store.bind_portal_cookies(cookie, "khai.nt", {binding("JSESSIONID", "old")});  // again
    auto rec = lookup(cookie);
    ASSERT_EQ(rec.portal_cookies.size(), 2u);
    EXPECT_EQ(rec.portal_cookies[0].value_hash, crypto::sha256("new"));
    EXPECT_EQ(rec.portal_cookies[1].value_hash, crypto::sha256("old"));  // newest last

    for (int i = 0; i < 12; ++i) {
        store.bind_portal_cookies(cookie, "khai.nt",
                                  {binding("C" + std::to_string(i), "v", "/p")});
    }
    rec = lookup(cookie);
    ASSERT_EQ(rec.portal_cookies.size(), kMaxPortalCookieBindings);
    EXPECT_EQ(rec.portal_cookies.front().name, "C4");
    EXPECT_EQ(rec.portal_cookies.back().name, "C11");
}

TEST_F(SessionAccounts, SwitchAndEndHandBackTheBoundPortalCookies) {
    std::string cookie = session();
    store.bind_portal_cookies(cookie, "khai.nt", {binding("JSESSIONID", "a")});

    std::vector<PortalCookieBinding> dropped;
    // the account already active: the portal session stays
    ASSERT_EQ(store.switch_account(cookie, "khai.nt", kT0, &dropped), Store::SwitchStatus::ok);
    EXPECT_TRUE(dropped.empty());
    EXPECT_EQ(lookup(cookie).portal_cookies.size(), 1u);

    ASSERT_EQ(store.switch_account(cookie, "khai.kt", kT0, &dropped), Store::SwitchStatus::ok);
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].name, "JSESSIONID");
    EXPECT_TRUE(lookup(cookie).portal_cookies.empty());

    store.bind_portal_cookies(cookie, "khai.kt", {binding("JSESSIONID", "b")});
    dropped.clear();
    EXPECT_TRUE(store.end_session(cookie, &dropped));
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].value_hash, crypto::sha256("b"));
    EXPECT_EQ(store.lookup_session(cookie, kPolicy, kT0 + 1, false, nullptr),
              LookupStatus::none);
    EXPECT_FALSE(store.end_session(cookie, &dropped));
}

TEST_F(SessionAccounts, LoginsAndSwitchesCountInTheHistory) {
    EXPECT_TRUE(store.account_logins().empty());
    store.record_account_login(kKhai, "khai.nt", kT0);
    std::string cookie = session("khai.nt");
    // a switch to another account is a VNeID login of that account ...
    ASSERT_EQ(store.switch_account(cookie, "khai.kt", kT0 + 60, nullptr), Store::SwitchStatus::ok);
    // ... picking the one already active is not, nor a refused one
    ASSERT_EQ(store.switch_account(cookie, "khai.kt", kT0 + 70, nullptr), Store::SwitchStatus::ok);
    store.switch_account(cookie, "bich.tt", kT0 + 80, nullptr);
    store.record_account_login(kKhai, "khai.nt", kT0 + 3600);
    store.record_account_login("not-an-id", "x", kT0);  // ignored

    auto logins = store.account_logins();
    ASSERT_EQ(logins.size(), 2u);
    const auto& nt = logins.at({kKhai, "khai.nt"});
    EXPECT_EQ(nt.first, kT0);
    EXPECT_EQ(nt.last, kT0 + 3600);
    EXPECT_EQ(nt.count, 2u);
    const auto& kt = logins.at({kKhai, "khai.kt"});
    EXPECT_EQ(kt.first, kT0 + 60);
    EXPECT_EQ(kt.count, 1u);
}

TEST(SessionRecordV2, PortalCookiesRoundTripAndVersionOneStillReads) {
    SessionRecord rec = testing::staff_session();
    rec.portal_cookies = {{"JSESSIONID", std::string(32, 'h'), "/", "motcua.gov.vn"}};
    auto back = decode_session(encode_session(rec));
    ASSERT_TRUE(back);
    ASSERT_EQ(back->portal_cookies.size(), 1u);
    EXPECT_EQ(back->portal_cookies[0].domain, "motcua.gov.vn");

    // a version-1 record (written before this release) has no tail
    rec.portal_cookies.clear();
    std::string v1 = encode_session(rec);
    v1.resize(v1.size() - 4);  // drop the empty binding count
    v1[0] = 1;
    auto old = decode_session(v1);
    ASSERT_TRUE(old);
    EXPECT_EQ(old->csrf_token, rec.csrf_token);
    EXPECT_TRUE(old->portal_cookies.empty());
    // truncated bindings are rejected, not half-trusted
    std::string cut = encode_session(testing::staff_session());
    cut += "x";
    EXPECT_FALSE(decode_session(cut));
}

}  // namespace
}  // namespace vneid::session

namespace vneid::session {
namespace {

class LinkRequests : public ::testing::Test {
 protected:
    testing::TempDir dir;
    Store store{dir.path(), size_t(16) << 20};
};

TEST_F(LinkRequests, ApproveLinksRejectDropsAndBadRequestsAreRefused) {
    store.add_link_request({"001085012345", "khai.nt", "Nguyễn Thị Minh Khai", 1750000000});
    store.add_link_request({"079190004321", "bich.tt", "Trần Thị Bích", 1750000100});
    store.add_link_request({"001085012345", "khai.nt", "Nguyễn Thị Minh Khai", 1750000200});  // renewed
    auto requests = store.link_requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].username, "khai.nt");
    EXPECT_EQ(requests[0].requested, 1750000200);
    EXPECT_EQ(requests[1].name, "Trần Thị Bích");

    EXPECT_TRUE(store.decide_link_request("001085012345", "khai.nt",
                                          Store::RequestDecision::approve));
    auto linked = store.get_accounts("001085012345");
    ASSERT_EQ(linked.size(), 1u);
    EXPECT_EQ(linked[0].username, "khai.nt");
    EXPECT_EQ(linked[0].display_name, "Nguyễn Thị Minh Khai");
    EXPECT_FALSE(linked[0].disabled);

    EXPECT_TRUE(store.decide_link_request("079190004321", "bich.tt",
                                          Store::RequestDecision::reject));
    EXPECT_TRUE(store.get_accounts("079190004321").empty());
    EXPECT_TRUE(store.link_requests().empty());
    EXPECT_FALSE(store.decide_link_request("079190004321", "bich.tt",
                                           Store::RequestDecision::approve));

    for (const auto& [id, user] : std::vector<std::pair<std::string, std::string>>{
             {"12345", "x"}, {"001085012345", ""}, {"001085012345", "a,b"},
             {"001085012345", "a\r\nb"}, {"001085012345", std::string(200, 'a')}}) {
        EXPECT_THROW(store.add_link_request({id, user, "", 0}), std::invalid_argument) << user;
    }
}

TEST_F(LinkRequests, ApprovingKeepsWhatAnAdministratorDidMeanwhile) {
    LegacyAccount disabled{"khai.nt", "Khai", "Một cửa"};
    disabled.disabled = true;
    store.put_accounts("001085012345", {disabled});
    store.add_link_request({"001085012345", "khai.nt", "Nguyễn Thị Minh Khai", 1750000000});
    EXPECT_TRUE(store.decide_link_request("001085012345", "khai.nt",
                                          Store::RequestDecision::approve));
    auto linked = store.get_accounts("001085012345");
    ASSERT_EQ(linked.size(), 1u);
    EXPECT_TRUE(linked[0].disabled);  // approval does not undo a disable
    EXPECT_EQ(linked[0].display_name, "Khai");
}

}  // namespace
}  // namespace vneid::session

// The C surface of portal cookies and switching, as the glue uses it: bound
// cookies pass, others are removed and named, a switch hands back one
// expiry per cookie.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "../session/store_test_support.h"
#include "vneid/vneid.h"

namespace {

using vneid::session::testing::TempDir;

constexpr int64_t kNow = 1750000000;
const vneid_session_policy_t kPolicy{1800, 8 * 3600, 60};

class PortalApi : public ::testing::Test {
 protected:
    PortalApi() {
        char err[256];
        store = vneid_store_open(dir.path().c_str(), size_t(16) << 20, err, sizeof(err));
        if (store == nullptr) throw std::runtime_error(err);
        vneid::session::Store direct(dir.path(), size_t(16) << 20);
        auto rec = vneid::session::testing::staff_session();
        vneid::session::testing::link_accounts(direct, rec);
        cookie = direct.create_session(rec, kNow);
    }
    ~PortalApi() override { vneid_store_close(store); }

    vneid_identity_t check() {
        vneid_identity_t id;
        char err[256];
        EXPECT_EQ(vneid_session_check(store, cookie.data(), cookie.size(), &kPolicy, kNow + 1, 0,
                                      &id, err, sizeof(err)),
                  VNEID_SESSION_OK)
            << err;
        return id;
    }

    long issue(const char* account, const std::string& set_cookie) {
        vneid_str_t names[] = {{"JSESSIONID", 10}};
        vneid_str_t set[] = {{set_cookie.data(), set_cookie.size()}};
        char err[256];
        return vneid_portal_cookies_issued(store, cookie.data(), cookie.size(), account, names, 1,
                                           set, 1, kNow + 1, err, sizeof(err));
    }

    std::string filter(const vneid_identity_t* id, std::string header, std::string* removed) {
        vneid_str_t names[] = {{"JSESSIONID", 10}};
        vneid_buf_t gone{nullptr, 0, nullptr, nullptr};
        size_t len = vneid_portal_cookies_filter(id, header.data(), header.size(), names, 1, &gone);
        EXPECT_NE(len, size_t(-1));
        *removed = gone.data ? std::string(gone.data, gone.len) : "";
        vneid_buf_free(&gone);
        return header.substr(0, len);
    }

    TempDir dir;
    vneid_store_t* store = nullptr;
    std::string cookie;
};

TEST_F(PortalApi, BoundValuesPassOthersAreRemovedAndNamed) {
    EXPECT_EQ(issue("khai.nt", "JSESSIONID=one; Path=/mc; HttpOnly"), 1);
    EXPECT_EQ(issue("khai.nt", "JSESSIONID=two; Path=/mc"), 1);  // a parallel request's
    EXPECT_EQ(issue("khai.kt", "JSESSIONID=raced; Path=/mc"), 0);  // not the active account
    EXPECT_EQ(issue("khai.nt", "JSESSIONID=; Max-Age=0"), 0);      // a deletion binds nothing
    vneid_identity_t id = check();
    EXPECT_EQ(id.nportal, 2u);

    std::string removed;
    EXPECT_EQ(filter(&id, "a=1; JSESSIONID=one; JSESSIONID=two", &removed),
              "a=1; JSESSIONID=one; JSESSIONID=two");
    EXPECT_EQ(removed, "");
    EXPECT_EQ(filter(&id, "JSESSIONID=raced; a=1", &removed), "a=1");
    EXPECT_EQ(removed, "JSESSIONID\n");
    EXPECT_EQ(filter(nullptr, "JSESSIONID=one", &removed), "");  // no session: none pass
    EXPECT_EQ(removed, "JSESSIONID\n");

    vneid_buf_t lines{nullptr, 0, nullptr, nullptr};
    ASSERT_EQ(vneid_portal_cookies_expiry(store, "JSESSIONID\n", 11, &lines), 0);
    EXPECT_EQ(std::string(lines.data, lines.len),
              "JSESSIONID=; Path=/mc; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    vneid_buf_free(&lines);
}

TEST_F(PortalApi, ASwitchExpiresEachCookieOnceAndRefusesForeignAccounts) {
    issue("khai.nt", "JSESSIONID=one; Path=/");
    issue("khai.nt", "JSESSIONID=two; Path=/");
    char err[256];
    vneid_buf_t expired{nullptr, 0, nullptr, nullptr};
    EXPECT_EQ(vneid_account_switch(store, cookie.data(), cookie.size(), "bich.tt", 7, kNow, &expired,
                                   err, sizeof(err)),
              VNEID_SWITCH_NOT_LINKED);
    vneid_buf_free(&expired);
    EXPECT_EQ(check().nportal, 2u);

    EXPECT_EQ(vneid_account_switch(store, cookie.data(), cookie.size(), "khai.nt.tiepnhan", 16,
                                   kNow, &expired, err, sizeof(err)),
              VNEID_SWITCH_OK);
    EXPECT_EQ(std::string(expired.data, expired.len),
              "JSESSIONID=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    vneid_buf_free(&expired);
    vneid_identity_t id = check();
    EXPECT_STREQ(id.account, "khai.nt.tiepnhan");
    EXPECT_EQ(id.nportal, 0u);
}

}  // namespace

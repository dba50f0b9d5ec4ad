// The linking pages through the C surface (issue 11): the form page and the
// refusals of this person's own linking offer a new login to the same page
// and "another VNeID account"; every error page has a reference that its
// log line carries.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "facade/store_handle.h"
#include "facade_test_support.h"
#include "flow/account_link.h"
#include "http/query.h"
#include "session/legacy_account.h"

namespace {

using namespace vneid::facade::testing;
using vneid::flow::testing::kNow;

constexpr const char* kEndpoint = "/_vneid/";
constexpr const char* kLogin = "/_vneid/login?return=%2Fho-so%3Fid%3D7";
constexpr const char* kSwitch = "/_vneid/relogin?return=%2Fho-so%3Fid%3D7";

class LinkPages : public ::testing::Test {
 protected:
    LinkPages() {
        vneid::session::Store::PendingLink who;
        who.citizen_id = "079190004321";
        who.name = "Trần Thị Bích";
        who.level = 2;
        who.auth_time = kNow;
        who.return_url = "/ho-so?id=7";
        token = vneid::flow::park_identity(*store_of(), who, kNow, &csrf);
        char err[256];
        check = vneid_link_check_create("http://127.0.0.1:9/dang-nhap", 28, nullptr, 0, err, sizeof(err));
        if (check == nullptr) throw std::runtime_error(err);
    }
    ~LinkPages() override { vneid_link_check_free(check); }

    vneid::session::Store* store_of() { return store.get()->store.get(); }

    vneid_link_page_t page() const {
        vneid_link_page_t p{};
        p.gw = gw.get();
        p.store = store.get();
        p.check = check;
        p.mode = VNEID_LINK_VERIFY;
        p.token = token.data();
        p.token_len = token.size();
        p.accept_language = "vi";
        p.al_len = 2;
        p.endpoint = kEndpoint;
        p.endpoint_len = std::strlen(kEndpoint);
        return p;
    }

    // POST <endpoint>link with `form`, run as the glue does; the page.
    std::string post(const std::string& form, vneid_link_result_t* res) {
        *res = vneid_link_result_t{};
        const vneid_link_page_t p = page();
        vneid_link_t* link = vneid_link_begin(&p, form.data(), form.size(), 0, "10.0.0.7", 8, kNow + 5, res);
        if (link != nullptr) {
            vneid_link_run(link, kNow + 6);
            vneid_link_result(link, res);
            vneid_link_free(link);
        }
        return body_of(res);
    }

    static std::string body_of(vneid_link_result_t* res) {
        std::string body = res->body.data ? std::string(res->body.data, res->body.len) : "";
        vneid_buf_free(&res->body);
        vneid_buf_free(&res->location);
        return body;
    }

    static bool links(const std::string& html, const char* href) {
        return html.find(std::string("href=\"") + href + "\"") != std::string::npos;
    }

    CStore store;
    std::unique_ptr<vneid_gateway_s> gw = offline_gateway();
    vneid_link_check_t* check = nullptr;
    std::string token, csrf;
};

TEST_F(LinkPages, TheFormPageOffersBothWaysOnWithTheReturn) {
    vneid_link_result_t res{};
    const vneid_link_page_t p = page();
    ASSERT_EQ(vneid_link_show(&p, kNow + 1, &res), 0);
    EXPECT_EQ(res.status, 200);
    const std::string html = body_of(&res);
    EXPECT_TRUE(links(html, kLogin)) << html;
    EXPECT_TRUE(links(html, kSwitch)) << html;
    EXPECT_NE(html.find("Đăng nhập bằng tài khoản VNeID khác"), std::string::npos);
}

TEST_F(LinkPages, AnAccountOfSomeoneElseOffersANewLoginAndAnotherAccount) {
    store_of()->put_accounts("001085012345", {vneid::session::LegacyAccount{"an.nv", "", ""}});
    vneid_link_result_t res;
    const std::string html =
        post(vneid::http::form_encode({{"csrf", csrf}, {"username", "an.nv"}, {"password", "x"}}), &res);
    EXPECT_EQ(res.status, 403);
    EXPECT_NE(html.find("account_taken · HTTP 403"), std::string::npos);
    EXPECT_TRUE(links(html, kLogin)) << html;
    EXPECT_TRUE(links(html, kSwitch));
    EXPECT_EQ(html.find("href=\"/_vneid/link\""), std::string::npos);
    ASSERT_EQ(std::strlen(res.reference), 10u);
    EXPECT_NE(html.find(std::string("<code>") + res.reference + "</code>"), std::string::npos);
    EXPECT_EQ(res.log_level, VNEID_LOG_WARN);
}

TEST_F(LinkPages, AStaleFormTokenHasAReferenceInItsLogLine) {
    vneid_link_result_t res;
    const std::string html = post(vneid::http::form_encode({{"csrf", "wrong"}, {"username", "an.nv"}}), &res);
    EXPECT_EQ(res.status, 403);
    ASSERT_EQ(std::strlen(res.reference), 10u);
    EXPECT_NE(html.find(res.reference), std::string::npos);
    EXPECT_NE(res.log_level, VNEID_LOG_NONE);
    EXPECT_STRNE(res.log, "");
    EXPECT_TRUE(links(html, "/_vneid/link"));  // the form again
}

TEST_F(LinkPages, NoPendingLinkIsLoggedWithItsReference) {
    token = "nope";
    vneid_link_result_t res{};
    const vneid_link_page_t p = page();
    ASSERT_EQ(vneid_link_show(&p, kNow + 1, &res), 0);
    EXPECT_EQ(res.status, 400);
    const std::string html = body_of(&res);
    ASSERT_EQ(std::strlen(res.reference), 10u);
    EXPECT_NE(html.find(res.reference), std::string::npos);
    EXPECT_STREQ(res.log, "account link: link_expired");
    EXPECT_TRUE(links(html, "/_vneid/login")) << "nothing to go back to: a plain login";
}

}  // namespace

// The struct-based page functions of the C surface (issue 11): the status
// each answer is sent with, the buttons the glue asks for, the retry
// sentence, the logout confirmation's way back; and the old functions,
// which the glue still calls, unchanged.
#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "facade_test_support.h"

namespace {

using vneid::facade::testing::Buf;

constexpr const char* kRetry = "/_vneid/login?return=%2Fho-so";
constexpr const char* kSwitch = "/_vneid/relogin?return=%2Fho-so";

vneid_error_page_t page_for(const char* code) {
    vneid_error_page_t page{};
    page.code = code;
    page.reference = "R-7F3A";
    page.retry_url = kRetry;
    page.retry_len = std::strlen(kRetry);
    return page;
}

TEST(ErrorPageApi, StatusFollowsTheCodeAndTheCancelIsNoError) {
    for (auto [code, status] : {std::pair{"idp_cancelled", 200}, {"idp_account_locked", 403},
                                {"idp_otp_exhausted", 403}, {"busy", 503}, {"nope", 500}}) {
        Buf out;
        auto page = page_for(code);
        EXPECT_EQ(vneid_error_page(nullptr, "vi", 2, &page, &out), status) << code;
        EXPECT_NE(out.str().find("<details class=\"tech\">"), std::string::npos) << code;
    }
    Buf out;
    auto page = page_for(nullptr);
    EXPECT_EQ(vneid_error_page(nullptr, nullptr, 0, &page, &out), 500);
}

TEST(ErrorPageApi, RetryAndSwitchAreTheGluesUrls) {
    auto page = page_for("level_too_low");
    page.switch_url = kSwitch;
    page.switch_len = std::strlen(kSwitch);
    Buf out;
    ASSERT_EQ(vneid_error_page(nullptr, "vi", 2, &page, &out), 403);
    const std::string html = out.str();
    EXPECT_NE(html.find(std::string("href=\"") + kRetry + "\">Đăng nhập lại</a>"), std::string::npos);
    EXPECT_NE(html.find(std::string("href=\"") + kSwitch + "\">Đăng nhập bằng tài khoản VNeID khác</a>"),
              std::string::npos);
    EXPECT_NE(html.find("Mã tham chiếu: <code>R-7F3A</code>"), std::string::npos);

    // lengths count: the rest of the caller's string is not part of the URL
    page.retry_len = std::strlen("/_vneid/login");
    page.switch_url = nullptr;
    Buf cut;
    vneid_error_page(nullptr, "vi", 2, &page, &cut);
    EXPECT_NE(cut.str().find("href=\"/_vneid/login\""), std::string::npos);
    EXPECT_EQ(cut.str().find("relogin"), std::string::npos);
}

TEST(ErrorPageApi, RetryAfterIsASentenceAndAJsonField) {
    auto page = page_for("busy");
    page.retry_after = 5;
    Buf html;
    ASSERT_EQ(vneid_error_page(nullptr, "vi", 2, &page, &html), 503);
    EXPECT_NE(html.str().find("Bạn có thể thử lại sau khoảng 5 giây."), std::string::npos);
    page.json = 1;
    Buf json;
    ASSERT_EQ(vneid_error_page(nullptr, "en", 2, &page, &json), 503);
    auto body = nlohmann::json::parse(json.str());
    EXPECT_EQ(body.at("error"), "busy");
    EXPECT_EQ(body.at("reference"), "R-7F3A");
    EXPECT_EQ(body.at("retry_after"), 5);
    EXPECT_NE(body.at("message").get<std::string>().find("about 5 seconds."), std::string::npos);
    // without it, no field
    page.retry_after = 0;
    Buf plain;
    vneid_error_page(nullptr, "en", 2, &page, &plain);
    EXPECT_FALSE(nlohmann::json::parse(plain.str()).contains("retry_after"));
}

TEST(NoAccountPageApi, CarriesRetrySwitchAndForm) {
    vneid_link_form_t form{VNEID_LINK_VERIFY, "/_vneid/link", 12, "tok"};
    vneid_no_account_page_t page{};
    page.citizen_id = "001085012345";
    page.contact = "Tổ CNTT";
    page.contact_len = std::strlen("Tổ CNTT");
    page.reference = "R2";
    page.retry_url = kRetry;
    page.retry_len = std::strlen(kRetry);
    page.switch_url = kSwitch;
    page.switch_len = std::strlen(kSwitch);
    page.link = &form;
    Buf out;
    ASSERT_EQ(vneid_no_account_page(nullptr, "vi", 2, &page, &out), 403);
    const std::string html = out.str();
    EXPECT_NE(html.find("********2345"), std::string::npos);
    EXPECT_NE(html.find("<strong>Tổ CNTT</strong>"), std::string::npos);
    EXPECT_NE(html.find("action=\"/_vneid/link\""), std::string::npos);
    EXPECT_NE(html.find(std::string("button-secondary\" href=\"") + kRetry), std::string::npos) << html;
    EXPECT_NE(html.find(std::string("button-secondary\" href=\"") + kSwitch), std::string::npos);
    EXPECT_NE(html.find("no_account · HTTP 403"), std::string::npos);

    page.json = 1;
    Buf json;
    ASSERT_EQ(vneid_no_account_page(nullptr, "en", 2, &page, &json), 403);
    EXPECT_EQ(nlohmann::json::parse(json.str()).at("reference"), "R2");
}

vneid_identity_t signed_in() {
    vneid_identity_t id{};
    std::strcpy(id.csrf, "tok");
    std::strcpy(id.name, "Nguyễn Văn An");
    return id;
}

TEST(LogoutConfirmApi, QuayLaiGoesBackToTheReturnPath) {
    const vneid_identity_t id = signed_in();
    auto render = [&](const char* cancel) {
        Buf out;
        EXPECT_EQ(vneid_logout_confirm_page(nullptr, "vi", 2, "/_vneid/logout", 14, cancel,
                                            cancel ? std::strlen(cancel) : 0, &id, &out),
                  0);
        return out.str();
    };
    EXPECT_NE(render("/ho-so?id=7").find("href=\"/ho-so?id=7\">Quay lại</a>"), std::string::npos);
    EXPECT_NE(render(nullptr).find("href=\"/\">Quay lại</a>"), std::string::npos);
    // only a path of this site
    for (const char* foreign : {"//evil.example/x", "https://evil.example/", "/\\evil", "javascript:x"}) {
        const std::string html = render(foreign);
        EXPECT_NE(html.find("href=\"/\">Quay lại</a>"), std::string::npos) << foreign;
        EXPECT_EQ(html.find("evil"), std::string::npos) << foreign;
    }
    const std::string html = render("/");
    EXPECT_NE(html.find("name=\"csrf\" value=\"tok\""), std::string::npos);
    EXPECT_NE(html.find("<strong>Nguyễn Văn An</strong>"), std::string::npos);
}

}  // namespace

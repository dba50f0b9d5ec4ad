// The no_account page: masked ID number, support contact, reference.
#include <gtest/gtest.h>

#include <string>

#include "pages/error_text.h"
#include "pages/pages.h"
#include "test_support.h"

namespace vneid::pages {
namespace {

using test::count;

const NoAccountParams kParams{"001085012345", "Phòng CNTT Sở Tư pháp, ĐT 0256 3822 000", "R-20240501-7F3A",
                              "/_vneid/login"};

TEST(NoAccountPage, ShowsOnlyTheLastFourDigits) {
    const std::string html = render_no_account(Lang::vi, kParams);
    EXPECT_NE(html.find("Số định danh cá nhân: <code>********2345</code>"), std::string::npos);
    EXPECT_EQ(html.find("001085012345"), std::string::npos);
    EXPECT_EQ(html.find("0010"), std::string::npos);
}

TEST(NoAccountPage, SaysWhatHappenedAndWhomToAsk) {
    const std::string html = render_no_account(Lang::vi, kParams);
    EXPECT_NE(html.find("<h1>Số định danh chưa được liên kết với tài khoản nào</h1>"), std::string::npos);
    EXPECT_NE(html.find("bộ phận công nghệ thông tin hoặc cán bộ quản trị hệ thống một cửa"), std::string::npos);
    EXPECT_NE(html.find("Liên hệ hỗ trợ: <strong>Phòng CNTT Sở Tư pháp, ĐT 0256 3822 000</strong>"),
              std::string::npos);
    EXPECT_NE(html.find("Mã tham chiếu: <code>R-20240501-7F3A</code>"), std::string::npos);
    EXPECT_NE(html.find("4 chữ số cuối"), std::string::npos);
    EXPECT_NE(html.find("no_account · HTTP 403"), std::string::npos);
    EXPECT_NE(html.find("<a class=\"button\" href=\"/_vneid/login\">Đăng nhập lại</a>"), std::string::npos);
}

// The generic error page for the same code (JSON answers, the lead's other
// paths) says the same thing.
TEST(NoAccountPage, MatchesTheNoAccountErrorText) {
    for (Lang lang : {Lang::vi, Lang::en}) {
        const std::string html = render_no_account(lang, kParams);
        const ErrorText& text = error_text(ErrorKind::no_account);
        EXPECT_NE(html.find("<h1>" + std::string(text.title.in(lang)) + "</h1>"), std::string::npos);
        EXPECT_NE(html.find(error_message(lang, ErrorKind::no_account, false)), std::string::npos);
        EXPECT_EQ(error_info(ErrorKind::no_account).http_status, 403);
    }
}

TEST(NoAccountPage, EnglishVersion) {
    const std::string html = render_no_account(Lang::en, kParams);
    EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
    EXPECT_NE(html.find("<h1>ID number not linked to any account</h1>"), std::string::npos);
    EXPECT_NE(html.find("Personal identification number: <code>********2345</code>"), std::string::npos);
    EXPECT_NE(html.find("Support contact: <strong>"), std::string::npos);
    EXPECT_NE(html.find("last 4 digits"), std::string::npos);
}

TEST(NoAccountPage, EmptyContactReferenceAndRetryAreLeftOut) {
    const std::string html = render_no_account(Lang::vi, {"001085012345", "", "", ""});
    EXPECT_EQ(html.find("Liên hệ hỗ trợ"), std::string::npos);
    EXPECT_EQ(html.find("Mã tham chiếu"), std::string::npos);
    EXPECT_EQ(html.find("class=\"details-note\""), std::string::npos);
    EXPECT_EQ(html.find("class=\"actions\""), std::string::npos);
    EXPECT_NE(html.find("<code>********2345</code>"), std::string::npos);
    EXPECT_EQ(render_no_account(Lang::vi, {"", "", "", ""}).find("<code>"), std::string::npos);
}

TEST(NoAccountPage, EscapesContactReferenceAndId) {
    const std::string html = render_no_account(
        Lang::vi, {"12345678<b>x", "<script>alert(1)</script> & \"CNTT\"", "<i>R</i>", "javascript:alert(1)"});
    for (const std::string& problem : test::page_problems(html, "vi")) ADD_FAILURE() << problem;
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<b>x"), std::string::npos);
    EXPECT_EQ(html.find("javascript:"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;CNTT&quot;"), std::string::npos);
    EXPECT_NE(html.find("<code>&lt;i&gt;R&lt;/i&gt;</code>"), std::string::npos);
    EXPECT_NE(html.find("<code>********&lt;b&gt;x</code>"), std::string::npos);
    EXPECT_EQ(count(html, "<code>"), 2u);
}

// Issue 11: a shared PC's next staff member needs another VNeID account,
// and IT's details are folded away.
TEST(NoAccountPage, OffersAnotherVneidAccountAndFoldsTheCode) {
    NoAccountParams params = kParams;
    params.switch_url = "/_vneid/relogin?return=%2Fx";
    const std::string html = render_no_account(Lang::vi, params);
    EXPECT_NE(html.find("<div class=\"actions\"><a class=\"button\" href=\"/_vneid/login\">Đăng nhập lại</a>"
                        "<a class=\"button button-secondary\" href=\"/_vneid/relogin?return=%2Fx\">"
                        "Đăng nhập bằng tài khoản VNeID khác</a></div>"),
              std::string::npos)
        << html;
    const size_t tech = html.find("<details class=\"tech\"><summary>Chi tiết kỹ thuật</summary>");
    ASSERT_NE(tech, std::string::npos);
    EXPECT_GT(html.find("no_account · HTTP 403"), tech);
    EXPECT_LT(html.find("Mã tham chiếu: <code>R-20240501-7F3A</code>"), tech);
    EXPECT_EQ(render_no_account(Lang::vi, kParams).find("relogin"), std::string::npos);
}

TEST(NoAccountPage, WithTheFormBothWaysOnAreSecondary) {
    NoAccountParams params = kParams;
    params.switch_url = "/_vneid/relogin";
    params.link.mode = LinkMode::verify;
    params.link.action_url = "/_vneid/link";
    params.link.csrf_token = "tok";
    const std::string html = render_no_account(Lang::en, params);
    const size_t form = html.find("</form>");
    const size_t actions = html.find("<div class=\"actions\"><a class=\"button button-secondary\" "
                                     "href=\"/_vneid/login\">Sign in again</a><a class=\"button "
                                     "button-secondary\" href=\"/_vneid/relogin\">Sign in with another "
                                     "VNeID account</a></div>");
    ASSERT_NE(form, std::string::npos);
    ASSERT_NE(actions, std::string::npos) << html;
    EXPECT_LT(form, actions);
}

}  // namespace
}  // namespace vneid::pages

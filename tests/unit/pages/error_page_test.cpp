// Issue 11 on the error pages: the reference visible, the code and status
// folded into "Chi tiết kỹ thuật", "Sign in with another VNeID account"
// beside the retry, and the calm look of a cancelled sign-in.
#include <gtest/gtest.h>

#include <string>

#include "pages/error_text.h"
#include "pages/icons.h"
#include "pages/pages.h"
#include "pages/retry_note.h"
#include "test_support.h"

namespace vneid::pages {
namespace {

using test::count;

constexpr const char* kRetry = "/_vneid/login?return=%2Fho-so%3Fid%3D7";
constexpr const char* kSwitch = "/_vneid/relogin?return=%2Fho-so%3Fid%3D7";

// The <details class="tech"> element, and the page without it.
struct Split {
    std::string tech;
    std::string rest;
};
Split split_tech(const std::string& html) {
    const size_t open = html.find("<details class=\"tech\">");
    const size_t close = html.find("</details>", open);
    if (open == std::string::npos || close == std::string::npos) return {"", html};
    const size_t end = close + std::string("</details>").size();
    return {html.substr(open, end - open), html.substr(0, open) + html.substr(end)};
}

TEST(ErrorPageTech, CodeAndStatusAreFoldedAwayTheReferenceIsNot) {
    for (ErrorKind kind : kAllErrorKinds) {
        const ErrorInfo info = error_info(kind);
        const std::string html = render_error(Lang::vi, kind, {"R-7F3A", kRetry, "", kSwitch});
        const Split parts = split_tech(html);
        ASSERT_FALSE(parts.tech.empty()) << info.code;
        EXPECT_NE(parts.tech.find("<summary>Chi tiết kỹ thuật</summary>"), std::string::npos);
        EXPECT_NE(parts.tech.find(std::string("Mã lỗi: ") + info.code + " · HTTP " +
                                  std::to_string(info.http_status)),
                  std::string::npos)
            << parts.tech;
        EXPECT_EQ(parts.rest.find("HTTP " + std::to_string(info.http_status)), std::string::npos)
            << info.code;
        EXPECT_NE(parts.rest.find("Mã tham chiếu: <code>R-7F3A</code>"), std::string::npos);
        EXPECT_EQ(count(html, "<details"), 1u);
    }
    const Split en = split_tech(render_error(Lang::en, ErrorKind::busy, {"R", "", ""}));
    EXPECT_NE(en.tech.find("<summary>Technical details</summary>"), std::string::npos);
    EXPECT_NE(en.tech.find("Error code: busy · HTTP 503"), std::string::npos);
}

TEST(ErrorPageTech, WithoutAReferenceThereIsNoEmptyBox) {
    const std::string html = render_error(Lang::vi, ErrorKind::bad_request, {"", "", ""});
    EXPECT_EQ(html.find("class=\"details\""), std::string::npos);
    EXPECT_NE(html.find("<details class=\"tech\">"), std::string::npos);
}

TEST(ErrorPageTech, TheDisclosureIsStyledWithoutScript) {
    const std::string html = render_error(Lang::vi, ErrorKind::internal, {"R", "", ""});
    EXPECT_NE(test::style_content(html).find(".tech summary"), std::string::npos);
    for (const std::string& problem : test::page_problems(html, "vi")) ADD_FAILURE() << problem;
}

TEST(ErrorPageSwitch, IsASecondaryButtonAfterTheRetry) {
    const std::string html = render_error(Lang::vi, ErrorKind::level_too_low, {"R", kRetry, "", kSwitch});
    const std::string retry = std::string("<a class=\"button\" href=\"") + kRetry + "\">Đăng nhập lại</a>";
    const std::string other = std::string("<a class=\"button button-secondary\" href=\"") + kSwitch +
                              "\">Đăng nhập bằng tài khoản VNeID khác</a>";
    EXPECT_NE(html.find("<div class=\"actions\">" + retry + other + "</div>"), std::string::npos) << html;
    const std::string en = render_error(Lang::en, ErrorKind::level_too_low, {"R", kRetry, "", kSwitch});
    EXPECT_NE(en.find(">Sign in with another VNeID account</a>"), std::string::npos);
}

TEST(ErrorPageSwitch, OnlyWhenGivenAndSafe) {
    EXPECT_EQ(render_error(Lang::vi, ErrorKind::level_too_low, {"R", kRetry, ""}).find("VNeID khác"),
              std::string::npos);
    const std::string unsafe =
        render_error(Lang::vi, ErrorKind::level_too_low, {"R", kRetry, "", "javascript:alert(1)"});
    EXPECT_EQ(unsafe.find("javascript:"), std::string::npos);
    EXPECT_EQ(unsafe.find("VNeID khác"), std::string::npos);
    // the switch alone still has its row
    const std::string alone = render_error(Lang::vi, ErrorKind::level_too_low, {"R", "", "", kSwitch});
    EXPECT_NE(alone.find("<div class=\"actions\"><a class=\"button button-secondary\""), std::string::npos);
    EXPECT_NE(render_error(Lang::vi, ErrorKind::internal, {"", "", "", "/x?a=\"<>"}).find("href=\"/x?a=&quot;&lt;&gt;\""),
              std::string::npos);
}

TEST(CancelledPage, IsCalmWithTheSignInButton) {
    const std::string html = render_error(Lang::vi, ErrorKind::idp_cancelled, {"R-1", kRetry, ""});
    EXPECT_NE(html.find(std::string(icons::info())), std::string::npos);
    EXPECT_EQ(html.find(std::string(icons::error())), std::string::npos);
    EXPECT_NE(html.find("<h1>Bạn đã hủy đăng nhập</h1>"), std::string::npos);
    EXPECT_NE(html.find(std::string("<a class=\"button\" href=\"") + kRetry + "\">Đăng nhập</a>"),
              std::string::npos);
    EXPECT_NE(split_tech(html).tech.find("idp_cancelled · HTTP 200"), std::string::npos);
    EXPECT_NE(html.find("Mã tham chiếu: <code>R-1</code>"), std::string::npos);
    for (const std::string& problem : test::page_problems(html, "vi")) ADD_FAILURE() << problem;
    // every other kind keeps the error look
    EXPECT_NE(render_error(Lang::vi, ErrorKind::idp_denied, {"R", kRetry, ""}).find(std::string(icons::error())),
              std::string::npos);
}

TEST(RetryNote, SecondsUnderAMinuteElseWholeMinutes) {
    EXPECT_EQ(retry_after_note(Lang::vi, 5), "Bạn có thể thử lại sau khoảng 5 giây.");
    EXPECT_EQ(retry_after_note(Lang::en, 59), "You can try again in about 59 seconds.");
    EXPECT_EQ(retry_after_note(Lang::vi, 60), "Bạn có thể thử lại sau khoảng 1 phút.");
    EXPECT_EQ(retry_after_note(Lang::vi, 61), "Bạn có thể thử lại sau khoảng 2 phút.");
    EXPECT_EQ(retry_after_note(Lang::en, 900), "You can try again in about 15 minutes.");
    EXPECT_EQ(retry_after_note(Lang::vi, 0), "");
    EXPECT_EQ(retry_after_note(Lang::vi, -3), "");
}

TEST(LogoutCancel, QuayLaiGoesBackBesideTheSubmit) {
    const std::string html =
        render_logout_confirm(Lang::vi, {"/_vneid/logout", "t", "", "/ho-so?id=7&a=\"x\""});
    EXPECT_NE(html.find("<button class=\"button\" type=\"submit\">Đăng xuất</button>"
                        "<a class=\"button button-secondary\" href=\"/ho-so?id=7&amp;a=&quot;x&quot;\">Quay lại</a>"),
              std::string::npos)
        << html;
    EXPECT_NE(render_logout_confirm(Lang::en, {"/_vneid/logout", "t", "", "/"}).find("href=\"/\">Cancel</a>"),
              std::string::npos);
    EXPECT_EQ(render_logout_confirm(Lang::vi, {"/_vneid/logout", "t", ""}).find("Quay lại"), std::string::npos);
    EXPECT_EQ(render_logout_confirm(Lang::vi, {"/_vneid/logout", "t", "", "javascript:x"}).find("Quay lại"),
              std::string::npos);
}

}  // namespace
}  // namespace vneid::pages

#include <gtest/gtest.h>

#include <string>

#include "pages/error_text.h"
#include "pages/pages.h"
#include "pages/stylesheet.h"
#include "util/utf8.h"
#include "test_support.h"

namespace vneid::pages {
namespace {

using test::count;
using test::page_problems;

const LoginPageParams kLogin{"/_vneid/start?return=%2Fhoso%3Fid%3D5", "Hệ thống một cửa điện tử tỉnh Bình Định"};

std::vector<std::string> all_built_in_pages(Lang lang) {
    std::vector<std::string> pages = {
        render_login(lang, kLogin),
        render_login(lang, {"/_vneid/start", ""}),
        render_logged_out(lang, {"/_vneid/login"}),
        render_logout_confirm(lang, {"/_vneid/logout", "tok123", "Nguyễn Thị Hoa"}),
        render_logout_confirm(lang, {"/_vneid/logout", "tok123", "", "/ho-so?id=5"}),
    };
    for (ErrorKind kind : kAllErrorKinds) {
        pages.push_back(render_error(lang, kind, {"R-20240501-7F3A", "/_vneid/login?return=%2F", ""}));
        pages.push_back(render_error(lang, kind, {"R-1", "/_vneid/login", "", "/_vneid/relogin"}));
        pages.push_back(render_error(lang, kind, {"", "", ""}));
    }
    AccountsPageParams accounts;
    accounts.accounts = {{"an.nv", "Nguyễn Văn An", "Phòng Tư pháp"}, {"an.tn", "", ""}};
    accounts.active = "an.nv";
    accounts.action_url = "/_vneid/accounts";
    accounts.csrf_token = "tok";
    accounts.return_path = "/hoso?id=5";
    accounts.name = "Nguyễn Văn An";
    accounts.logout_url = "/_vneid/logout";
    pages.push_back(render_accounts(lang, accounts));
    pages.push_back(render_accounts(lang, AccountsPageParams{}));
    pages.push_back(render_no_account(lang, {"001085012345", "Phòng CNTT, 0256 3822 000", "R-1", "/_vneid/login", ErrorKind::no_account, {}}));
    pages.push_back(render_no_account(lang, {"", "", "", "", ErrorKind::no_account, {}}));
    pages.push_back(render_no_account(lang, {"001085012345", "", "R-1", "/_vneid/login", ErrorKind::no_account, {},
                                             "/_vneid/relogin"}));
    return pages;
}

TEST(BuiltInPages, AreSelfContainedAccessibleDocuments) {
    for (Lang lang : {Lang::vi, Lang::en}) {
        for (const std::string& html : all_built_in_pages(lang)) {
            for (const std::string& problem : page_problems(html, lang_tag(lang))) {
                ADD_FAILURE() << problem << "\n--- page ---\n" << html.substr(html.find("<main>"));
            }
        }
    }
}

TEST(Csp, HashMatchesTheStyleBlockActuallyEmitted) {
    const std::string policy = content_security_policy();
    for (Lang lang : {Lang::vi, Lang::en}) {
        for (const std::string& html : all_built_in_pages(lang)) {
            const std::string style = test::style_content(html);
            ASSERT_FALSE(style.empty());
            EXPECT_NE(policy.find("style-src " + test::independent_style_hash(style) + ";"), std::string::npos)
                << policy;
        }
    }
}

TEST(Csp, IsStrict) {
    const std::string policy = content_security_policy();
    EXPECT_EQ(policy.rfind("default-src 'none'; style-src 'sha256-", 0), 0u) << policy;
    for (const char* directive : {"img-src data:", "form-action 'self'", "frame-ancestors 'none'",
                                  "base-uri 'none'"}) {
        EXPECT_NE(policy.find(directive), std::string::npos) << directive;
    }
    for (const char* loose : {"unsafe-inline", "unsafe-eval", "script-src", "*", "http"}) {
        EXPECT_EQ(policy.find(loose), std::string::npos) << loose;
    }
    EXPECT_EQ(content_security_policy(nullptr), policy);
}

TEST(Csp, StylesheetNeedsNothingFromElsewhere) {
    const std::string_view css = stylesheet();
    EXPECT_EQ(css.find("url("), std::string_view::npos);
    EXPECT_EQ(css.find("@import"), std::string_view::npos);
    EXPECT_EQ(css.find("@font-face"), std::string_view::npos);
    EXPECT_EQ(css.find("</"), std::string_view::npos);
    EXPECT_NE(css.find(":focus-visible"), std::string_view::npos) << "visible keyboard focus";
    EXPECT_NE(css.find("@media (max-width"), std::string_view::npos) << "responsive";
}

TEST(LoginPage, FollowsTheStaffProcedureInVietnamese) {
    const std::string html = render_login(Lang::vi, kLogin);
    EXPECT_NE(html.find("<html lang=\"vi\">"), std::string::npos);
    EXPECT_NE(html.find("<h1>Đăng nhập hệ thống</h1>"), std::string::npos);
    EXPECT_NE(html.find("Đăng nhập bằng tài khoản VNeID"), std::string::npos);
    EXPECT_NE(html.find("Tài khoản Định danh điện tử</span> <span class=\"button-sub\">cấp bởi Bộ Công an"),
              std::string::npos);
    EXPECT_NE(html.find("href=\"/_vneid/start?return=%2Fhoso%3Fid%3D5\""), std::string::npos);
    EXPECT_NE(html.find("12 chữ số"), std::string::npos);
    EXPECT_NE(html.find("Mật khẩu tài khoản VNeID"), std::string::npos);
    EXPECT_NE(html.find("OTP"), std::string::npos);
    EXPECT_NE(html.find("SMS"), std::string::npos);
    EXPECT_NE(html.find("Hệ thống một cửa điện tử tỉnh Bình Định"), std::string::npos);
    EXPECT_EQ(html.find("<form"), std::string::npos) << "GET link, no form";
}

TEST(LoginPage, EnglishVersion) {
    const std::string html = render_login(Lang::en, kLogin);
    EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
    EXPECT_NE(html.find("Sign in with a VNeID account"), std::string::npos);
    EXPECT_NE(html.find("issued by the Ministry of Public Security"), std::string::npos);
    EXPECT_NE(html.find("12-digit personal identification number"), std::string::npos);
    EXPECT_EQ(html.find("Đăng nhập bằng"), std::string::npos);
}

TEST(LoginPage, DefaultPortalNameWhenEmpty) {
    EXPECT_NE(render_login(Lang::vi, {"/_vneid/start", ""}).find("<title>Đăng nhập hệ thống · Hệ thống một cửa điện tử</title>"),
              std::string::npos);
    EXPECT_NE(render_login(Lang::en, {"/_vneid/start", ""}).find("One-stop administrative system"),
              std::string::npos);
}

TEST(LoginPage, EscapesHostileReturnUrlAndPortalName) {
    const LoginPageParams hostile{R"(/_vneid/start?return=/"><script>alert('x')</script>&a=1)",
                                  R"x(Portal <img src=x onerror="alert(1)"> & 'co')x"};
    const std::string html = render_login(Lang::vi, hostile);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("onerror=\""), std::string::npos);
    EXPECT_NE(html.find("href=\"/_vneid/start?return=/&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;a=1\""),
              std::string::npos);
    EXPECT_NE(html.find("Portal &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;co&#39;"),
              std::string::npos);
}

TEST(LoginPage, DropsScriptUrls) {
    const std::string html = render_login(Lang::vi, {"javascript:alert(1)", ""});
    EXPECT_EQ(html.find("javascript:"), std::string::npos);
}

TEST(ErrorPage, ShowsTitleMessageReferenceAndRetry) {
    const std::string html =
        render_error(Lang::vi, ErrorKind::idp_timeout, {"R-20240501-7F3A", "/_vneid/login?return=%2Fhoso", ""});
    EXPECT_NE(html.find("<h1>VNeID phản hồi quá chậm</h1>"), std::string::npos);
    EXPECT_NE(html.find(error_message(Lang::vi, ErrorKind::idp_timeout, true)), std::string::npos);
    EXPECT_NE(html.find("Mã tham chiếu: <code>R-20240501-7F3A</code>"), std::string::npos);
    EXPECT_NE(html.find("<a class=\"button\" href=\"/_vneid/login?return=%2Fhoso\">Thử lại</a>"), std::string::npos);
    EXPECT_NE(html.find("idp_timeout"), std::string::npos);
}

TEST(ErrorPage, EveryKindRendersItsOwnTextInBothLanguages) {
    for (ErrorKind kind : kAllErrorKinds) {
        for (Lang lang : {Lang::vi, Lang::en}) {
            const std::string html = render_error(lang, kind, {"REF1", "/_vneid/login", ""});
            const ErrorText& text = error_text(kind);
            EXPECT_NE(html.find("<h1>" + std::string(text.title.in(lang)) + "</h1>"), std::string::npos)
                << error_info(kind).code;
            EXPECT_NE(html.find(error_message(lang, kind, true)), std::string::npos) << error_info(kind).code;
            EXPECT_NE(html.find(std::string(text.action_label.in(lang)) + "</a>"), std::string::npos);
        }
    }
}

TEST(ErrorPage, OmitsReferenceAndButtonWhenNotGiven) {
    const std::string html = render_error(Lang::en, ErrorKind::busy, {"", "", ""});
    EXPECT_EQ(html.find("Reference code"), std::string::npos);
    EXPECT_EQ(html.find("class=\"actions\""), std::string::npos);
    EXPECT_NE(html.find("contact your unit's IT staff."), std::string::npos);
}

TEST(ErrorPage, EscapesReferenceAndRetryUrl) {
    const std::string html = render_error(Lang::vi, ErrorKind::internal, {"<b>x</b>", "/login?a=\"'<>", ""});
    EXPECT_NE(html.find("<code>&lt;b&gt;x&lt;/b&gt;</code>"), std::string::npos);
    EXPECT_NE(html.find("href=\"/login?a=&quot;&#39;&lt;&gt;\""), std::string::npos);
}

TEST(LogoutConfirm, PostsWithHiddenCsrfField) {
    const std::string html = render_logout_confirm(Lang::vi, {"/_vneid/logout", "abc\"def", "Trần <Văn> Bình"});
    EXPECT_NE(html.find("<form method=\"post\" action=\"/_vneid/logout\">"), std::string::npos);
    EXPECT_NE(html.find("<input type=\"hidden\" name=\"csrf\" value=\"abc&quot;def\">"), std::string::npos);
    EXPECT_NE(html.find("<button class=\"button\" type=\"submit\">Đăng xuất</button>"), std::string::npos);
    EXPECT_NE(html.find("<strong>Trần &lt;Văn&gt; Bình</strong>"), std::string::npos);
    EXPECT_EQ(count(html, "<form"), 1u);
}

TEST(LogoutConfirm, NoNameLineWhenNameEmpty) {
    const std::string html = render_logout_confirm(Lang::en, {"/_vneid/logout", "t", ""});
    EXPECT_EQ(html.find("signed in as"), std::string::npos);
    EXPECT_NE(html.find("Do you want to sign out"), std::string::npos);
}

TEST(LoggedOut, SaysSignedOutAndLinksToLogin) {
    const std::string vi = render_logged_out(Lang::vi, {"/_vneid/login"});
    EXPECT_NE(vi.find("<h1>Bạn đã đăng xuất</h1>"), std::string::npos);
    EXPECT_NE(vi.find("href=\"/_vneid/login\">Đăng nhập lại</a>"), std::string::npos);
    const std::string en = render_logged_out(Lang::en, {"/_vneid/login"});
    EXPECT_NE(en.find("<h1>You have signed out</h1>"), std::string::npos);
}

TEST(BuiltInPages, MalformedUtf8InValuesStillGivesValidUtf8) {
    EXPECT_TRUE(util::is_valid_utf8(render_logout_confirm(Lang::vi, {"/_vneid/logout", "t", "Ng\xff\xfe"})));
    EXPECT_TRUE(util::is_valid_utf8(render_login(Lang::vi, {"/x", "Cổng \xc3"})));
    EXPECT_TRUE(util::is_valid_utf8(render_error(Lang::vi, ErrorKind::internal, {"\x80", "", ""})));
}

}  // namespace
}  // namespace vneid::pages

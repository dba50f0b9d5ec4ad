#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "pages/pages.h"
#include "test_support.h"

namespace vneid::pages {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class TemplateDir : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        dir_ = fs::temp_directory_path() / ("vneid-pages-test-" + std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    void write(const std::string& name, const std::string& content) {
        std::ofstream(dir_ / name, std::ios::binary) << content;
    }
    TemplateSet load() { return TemplateSet::load(dir_.string()); }
    // The TemplateError message for the current directory, or "" if it loads.
    std::string load_error() {
        try {
            load();
        } catch (const TemplateError& e) {
            return e.what();
        }
        return "";
    }

    fs::path dir_;
};

TEST_F(TemplateDir, EmptyDirectoryFallsBackToBuiltInPages) {
    const TemplateSet set = load();
    const LoginPageParams params{"/_vneid/start", "Cổng"};
    EXPECT_EQ(render_login(Lang::vi, params, &set), render_login(Lang::vi, params));
    EXPECT_EQ(render_error(Lang::en, ErrorKind::busy, {"r", "/l", ""}, &set),
              render_error(Lang::en, ErrorKind::busy, {"r", "/l", ""}));
    EXPECT_EQ(content_security_policy(&set), content_security_policy());
}

TEST_F(TemplateDir, LoginOverrideSubstitutesEscapedValues) {
    write("login.html",
          "<!DOCTYPE html><html lang=\"{{lang}}\"><head>{{stylesheet}}<title>{{ title }}</title></head>"
          "<body>{{emblem}}<h1>{{portal_name}}</h1><p>{{message}}</p>"
          "<a href=\"{{start_url}}\">{{button_label}}</a><p>{{notice}}</p></body></html>");
    const TemplateSet set = load();
    const std::string html =
        render_login(Lang::vi, {"/_vneid/start?return=/\"><script>x</script>", "Sở <Nội vụ>"}, &set);
    EXPECT_NE(html.find("<html lang=\"vi\">"), std::string::npos);
    EXPECT_NE(html.find("<title>Đăng nhập hệ thống</title>"), std::string::npos);
    EXPECT_NE(html.find("<h1>Sở &lt;Nội vụ&gt;</h1>"), std::string::npos);
    EXPECT_NE(html.find("href=\"/_vneid/start?return=/&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""),
              std::string::npos);
    EXPECT_NE(html.find(">Tài khoản Định danh điện tử cấp bởi Bộ Công an</a>"), std::string::npos);
    EXPECT_NE(html.find("12 chữ số"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    // {{stylesheet}} is the built-in style element, so the built-in CSP covers it.
    EXPECT_NE(content_security_policy(&set).find(test::independent_style_hash(test::style_content(html))),
              std::string::npos);
    EXPECT_NE(html.find("<svg class=\"emblem\""), std::string::npos);

    const std::string en = render_login(Lang::en, {"/s", ""}, &set);
    EXPECT_NE(en.find("<html lang=\"en\">"), std::string::npos);
    EXPECT_NE(en.find("<h1>One-stop administrative system</h1>"), std::string::npos);
}

TEST_F(TemplateDir, MissingFilesFallBackPerPage) {
    write("error.html", "<p>{{code}} {{status}}: {{title}}</p>");
    const TemplateSet set = load();
    EXPECT_EQ(render_error(Lang::en, ErrorKind::idp_timeout, {"", "", ""}, &set),
              "<p>idp_timeout 504: VNeID is responding too slowly</p>");
    EXPECT_EQ(render_login(Lang::vi, {"/s", ""}, &set), render_login(Lang::vi, {"/s", ""}));
    EXPECT_EQ(render_logged_out(Lang::vi, {"/l"}, &set), render_logged_out(Lang::vi, {"/l"}));
    EXPECT_EQ(render_logout_confirm(Lang::vi, {"/o", "t", "n"}, &set),
              render_logout_confirm(Lang::vi, {"/o", "t", "n"}));
}

TEST_F(TemplateDir, LanguageSpecificFileWinsOverGeneric) {
    write("logged_out.html", "generic {{lang}}");
    write("logged_out.en.html", "english {{login_url}}");
    const TemplateSet set = load();
    EXPECT_EQ(render_logged_out(Lang::en, {"/_vneid/login"}, &set), "english /_vneid/login");
    EXPECT_EQ(render_logged_out(Lang::vi, {"/_vneid/login"}, &set), "generic vi");
}

TEST_F(TemplateDir, LanguageSpecificFileAloneLeavesOtherLanguageBuiltIn) {
    write("logged_out.vi.html", "chỉ tiếng Việt");
    const TemplateSet set = load();
    EXPECT_EQ(render_logged_out(Lang::vi, {"/l"}, &set), "chỉ tiếng Việt");
    EXPECT_EQ(render_logged_out(Lang::en, {"/l"}, &set), render_logged_out(Lang::en, {"/l"}));
}

TEST_F(TemplateDir, SectionsDependOnValuePresence) {
    write("error.html",
          "{{#reference}}Mã tham chiếu: {{reference}}{{/reference}}{{^reference}}no-ref{{/reference}}|"
          "{{#retry_url}}<a href=\"{{retry_url}}\">{{retry_label}}</a>{{/retry_url}}");
    const TemplateSet set = load();
    EXPECT_EQ(render_error(Lang::vi, ErrorKind::busy, {"R<1>", "/l?a&b", ""}, &set),
              "Mã tham chiếu: R&lt;1&gt;|<a href=\"/l?a&amp;b\">Thử lại</a>");
    EXPECT_EQ(render_error(Lang::vi, ErrorKind::busy, {"", "", ""}, &set), "no-ref|");
}

TEST_F(TemplateDir, LogoutTemplateGetsCsrfAndName) {
    write("logout.html",
          "<form method=\"post\" action=\"{{action_url}}\"><input type=\"hidden\" name=\"csrf\" value=\"{{csrf}}\">"
          "{{name}}<button>{{submit_label}}</button></form>");
    const TemplateSet set = load();
    EXPECT_EQ(render_logout_confirm(Lang::en, {"/_vneid/logout", "a\"b", "<N>"}, &set),
              "<form method=\"post\" action=\"/_vneid/logout\"><input type=\"hidden\" name=\"csrf\" "
              "value=\"a&quot;b\">&lt;N&gt;<button>Sign out</button></form>");
}

TEST_F(TemplateDir, UnsafeUrlsAreDroppedInTemplatesToo) {
    write("login.html", "[{{start_url}}]");
    const TemplateSet set = load();
    EXPECT_EQ(render_login(Lang::vi, {"javascript:alert(1)", ""}, &set), "[]");
}

TEST_F(TemplateDir, OwnStyleBlocksAreAddedToTheCsp) {
    const std::string css = "body{background:#fafafa}";
    write("login.html", "<style>" + css + "</style><a href=\"{{start_url}}\">go</a>");
    write("error.html", "<STYLE media=\"screen\">" + css + "</STYLE>{{message}}");
    const TemplateSet set = load();
    const std::string policy = content_security_policy(&set);
    const std::string hash = test::independent_style_hash(css);
    EXPECT_EQ(test::count(policy, hash), 1u) << "deduplicated: " << policy;
    EXPECT_NE(policy.find(content_security_policy().substr(0, 60)), std::string::npos);
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos);
}

TEST_F(TemplateDir, ByteOrderMarkIsStripped) {
    write("logged_out.html", "\xEF\xBB\xBF<!DOCTYPE html>{{lang}}");
    const TemplateSet set = load();
    EXPECT_EQ(render_logged_out(Lang::vi, {"/l"}, &set), "<!DOCTYPE html>vi");
}

TEST_F(TemplateDir, OtherFilesAreIgnored) {
    write("README.txt", "notes {{whatever}}");
    write("login.html~", "\xff backup");
    EXPECT_EQ(load_error(), "");
}

TEST(TemplateSetLoad, MissingDirectoryThrowsWithPath) {
    const std::string path = "/nonexistent/vneid-templates-dir";
    try {
        TemplateSet::load(path);
        FAIL() << "expected TemplateError";
    } catch (const TemplateError& e) {
        EXPECT_EQ(e.path(), path);
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos);
    }
}

TEST_F(TemplateDir, FileInsteadOfDirectoryThrows) {
    write("login.html", "x");
    const std::string file = (dir_ / "login.html").string();
    try {
        TemplateSet::load(file);
        FAIL() << "expected TemplateError";
    } catch (const TemplateError& e) {
        EXPECT_EQ(e.path(), file);
        EXPECT_NE(std::string(e.what()).find("not a directory"), std::string::npos);
    }
}

TEST_F(TemplateDir, InvalidUtf8ThrowsWithFilePath) {
    write("error.html", "<p>L\xe1i</p>");  // Latin-1/Windows-1258 rather than UTF-8
    try {
        load();
        FAIL() << "expected TemplateError";
    } catch (const TemplateError& e) {
        EXPECT_EQ(e.path(), (dir_ / "error.html").string());
        EXPECT_NE(std::string(e.what()).find("not valid UTF-8"), std::string::npos);
    }
}

TEST_F(TemplateDir, ConfigurationMistakesAreReportedClearly) {
    const std::pair<std::string, std::string> cases[] = {
        {"{{start_url}}", "unknown placeholder {{start_url}} for error pages"},  // wrong page
        {"{{mesage}}", "unknown placeholder {{mesage}}"},
        {"{{message", "without closing"},
        {"{{Message}}", "malformed placeholder"},
        {"{{#reference}}x", "never closed"},
        {"x{{/reference}}", "does not close an open section"},
        {"{{#reference}}{{#retry_url}}{{/reference}}{{/retry_url}}", "does not close an open section"},
        {"<p>\n<script>alert(1)</script>", "line 2: <script> is not allowed"},
        {"<style>p{color:{{code}}}</style>", "placeholders are not allowed inside <style>"},
        {"<style>p{}", "not closed"},
    };
    for (const auto& [source, expected] : cases) {
        write("error.html", source);
        const std::string message = load_error();
        EXPECT_NE(message.find(expected), std::string::npos) << source << " -> " << message;
        EXPECT_NE(message.find("error.html"), std::string::npos) << message;
    }
}

TEST_F(TemplateDir, MisspelledTemplateNameIsRejected) {
    write("logn.html", "x");
    const std::string message = load_error();
    EXPECT_NE(message.find("logn.html"), std::string::npos);
    EXPECT_NE(message.find("unknown template name"), std::string::npos);
    EXPECT_NE(message.find("accounts.html, no_account.html"), std::string::npos) << message;
}

TEST_F(TemplateDir, OversizedTemplateIsRejected) {
    write("login.html", std::string(300 * 1024, 'a'));
    EXPECT_NE(load_error().find("limited to"), std::string::npos);
}

TEST_F(TemplateDir, NestedSectionsWork) {
    write("error.html", "{{#reference}}[{{#retry_url}}both{{/retry_url}}]{{/reference}}");
    const TemplateSet set = load();
    EXPECT_EQ(render_error(Lang::vi, ErrorKind::busy, {"r", "/l", ""}, &set), "[both]");
    EXPECT_EQ(render_error(Lang::vi, ErrorKind::busy, {"r", "", ""}, &set), "[]");
    EXPECT_EQ(render_error(Lang::vi, ErrorKind::busy, {"", "/l", ""}, &set), "");
}

TEST_F(TemplateDir, AccountsTemplateGetsTheBuiltFormAndEscapedValues) {
    write("accounts.html",
          "<h1>{{title}}</h1><p>{{name}}: {{message}}</p>{{#active_account}}[{{active_account}}]{{/active_account}}"
          "{{accounts_form}}<a href=\"{{logout_url}}\">{{logout_label}}</a>");
    const TemplateSet set = load();
    AccountsPageParams p;
    p.accounts = {{"an.nv", "<An>", "Phòng"}, {"an.xa", "", ""}};
    p.active = "an.nv";
    p.action_url = "/_vneid/accounts";
    p.csrf_token = "t";
    p.name = "Lê <B>";
    p.logout_url = "/_vneid/logout";
    const std::string html = render_accounts(Lang::vi, p, &set);
    EXPECT_EQ(html.rfind("<h1>Chọn tài khoản làm việc</h1><p>Lê &lt;B&gt;: ", 0), 0u) << html;
    EXPECT_NE(html.find("[&lt;An&gt;]"), std::string::npos) << html;
    EXPECT_NE(html.find("<form method=\"post\" action=\"/_vneid/accounts\">"), std::string::npos) << html;
    EXPECT_NE(html.find("value=\"an.nv\" aria-current=\"true\""), std::string::npos) << html;
    EXPECT_NE(html.find("<span class=\"account-name\">&lt;An&gt;</span>"), std::string::npos) << html;
    EXPECT_NE(html.find("<a href=\"/_vneid/logout\">Đăng xuất</a>"), std::string::npos);
    p.active.clear();
    EXPECT_EQ(render_accounts(Lang::vi, p, &set).find("["), std::string::npos);
    EXPECT_EQ(render_no_account(Lang::vi, {"001085012345", "", "", "", ErrorKind::no_account, {}}, &set),
              render_no_account(Lang::vi, {"001085012345", "", "", "", ErrorKind::no_account, {}}));
}

TEST_F(TemplateDir, NoAccountTemplateGetsTheMaskedId) {
    write("no_account.en.html",
          "{{code}} {{status}} {{citizen_id}}{{#support_contact}} [{{support_contact}}]{{/support_contact}}"
          "{{#reference}} ref {{reference}}{{/reference}}{{#retry_url}} <a href=\"{{retry_url}}\">{{retry_label}}</a>{{/retry_url}}");
    const TemplateSet set = load();
    EXPECT_EQ(render_no_account(Lang::en, {"001085012345", "IT <desk>", "R1", "/_vneid/login", ErrorKind::no_account, {}}, &set),
              "no_account 403 ********2345 [IT &lt;desk&gt;] ref R1 <a href=\"/_vneid/login\">Sign in again</a>");
    EXPECT_EQ(render_no_account(Lang::en, {"001085012345", "", "", "", ErrorKind::no_account, {}}, &set), "no_account 403 ********2345");
    EXPECT_EQ(render_no_account(Lang::vi, {"001085012345", "", "", "", ErrorKind::no_account, {}}, &set),
              render_no_account(Lang::vi, {"001085012345", "", "", "", ErrorKind::no_account, {}})) << "English only";
}

TEST_F(TemplateDir, NewPagePlaceholdersStayOnTheirOwnPages) {
    write("accounts.html", "{{citizen_id}}");
    EXPECT_NE(load_error().find("unknown placeholder {{citizen_id}} for accounts pages"), std::string::npos);
    fs::remove(dir_ / "accounts.html");
    write("no_account.html", "{{accounts_form}}");
    EXPECT_NE(load_error().find("unknown placeholder {{accounts_form}} for no_account pages"), std::string::npos);
}

TEST_F(TemplateDir, ErrorTemplateGetsTheSwitch) {
    write("error.html", "{{code}} {{status}}{{#switch_url}} <a href=\"{{switch_url}}\">{{switch_label}}</a>{{/switch_url}}");
    const TemplateSet set = load();
    EXPECT_EQ(render_error(Lang::vi, ErrorKind::level_too_low, {"R", "/l", "", "/_vneid/relogin?return=%2F&x"}, &set),
              "level_too_low 403 <a href=\"/_vneid/relogin?return=%2F&amp;x\">Đăng nhập bằng tài khoản VNeID khác</a>");
    EXPECT_EQ(render_error(Lang::vi, ErrorKind::level_too_low, {"R", "/l", ""}, &set), "level_too_low 403");
    EXPECT_EQ(render_error(Lang::en, ErrorKind::idp_cancelled, {"R", "/l", ""}, &set), "idp_cancelled 200");
}

TEST_F(TemplateDir, NoAccountTemplateGetsTheSwitchAndTheLinkForm) {
    write("no_account.html",
          "{{#switch_url}}[{{switch_url}}|{{switch_label}}]{{/switch_url}}"
          "{{#link_url}}({{link_url}}|{{link_label}}){{/link_url}}");
    const TemplateSet set = load();
    NoAccountParams params{"001085012345", "", "R", "/_vneid/login"};
    EXPECT_EQ(render_no_account(Lang::en, params, &set), "");
    params.switch_url = "/_vneid/relogin";
    params.link.mode = LinkMode::request;
    params.link.action_url = "/_vneid/link";
    params.link.csrf_token = "tok";
    EXPECT_EQ(render_no_account(Lang::en, params, &set),
              "[/_vneid/relogin|Sign in with another VNeID account](/_vneid/link|Link your one-stop account)");
}

TEST_F(TemplateDir, LogoutTemplateGetsTheWayBack) {
    write("logout.html", "{{#cancel_url}}<a href=\"{{cancel_url}}\">{{cancel_label}}</a>{{/cancel_url}}");
    const TemplateSet set = load();
    EXPECT_EQ(render_logout_confirm(Lang::vi, {"/_vneid/logout", "t", "", "/ho-so?id=7"}, &set),
              "<a href=\"/ho-so?id=7\">Quay lại</a>");
    EXPECT_EQ(render_logout_confirm(Lang::vi, {"/_vneid/logout", "t", ""}, &set), "");
}

TEST(TemplatePlaceholders, EveryPageOffersTheCommonOnes) {
    for (PageId page : kAllPageIds) {
        const auto& names = template_placeholders(page);
        for (std::string_view common : {"lang", "title", "portal_name", "stylesheet", "emblem", "message"}) {
            EXPECT_NE(std::find(names.begin(), names.end(), common), names.end())
                << page_file_stem(page) << " lacks " << common;
        }
    }
}

}  // namespace
}  // namespace vneid::pages

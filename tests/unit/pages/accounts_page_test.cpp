// The account chooser (GET /_vneid/accounts) and the account_required JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "pages/error_text.h"
#include "pages/pages.h"
#include "util/utf8.h"
#include "test_support.h"

namespace vneid::pages {
namespace {

using test::count;

AccountsPageParams three_accounts(std::string active) {
    AccountsPageParams p;
    p.accounts = {{"an.nv", "Nguyễn Văn An", "Phòng Tư pháp - Hộ tịch"},
                  {"an.nv.xa", "Nguyễn Văn An (xã)", "UBND xã Phước Lộc"},
                  {"an.mc", "Bộ phận Một cửa", "Bộ phận Tiếp nhận và Trả kết quả"}};
    p.active = std::move(active);
    p.action_url = "/_vneid/accounts";
    p.csrf_token = "csrf-tok";
    p.return_path = "/hoso?id=5";
    p.name = "Nguyễn Văn An";
    p.logout_url = "/_vneid/logout";
    return p;
}

// The <button ...> ... </button> whose value is `username`, or "".
std::string button_for(const std::string& html, const std::string& username) {
    std::size_t at = html.find("name=\"account\" value=\"" + username + "\"");
    if (at == std::string::npos) return "";
    std::size_t start = html.rfind("<button", at);
    std::size_t end = html.find("</button>", at);
    return html.substr(start, end + 9 - start);
}

TEST(AccountsPage, OnePostFormWithCsrfReturnAndAButtonPerAccount) {
    const std::string html = render_accounts(Lang::vi, three_accounts("an.nv.xa"));
    EXPECT_NE(html.find("<h1>Chọn tài khoản làm việc</h1>"), std::string::npos);
    EXPECT_EQ(count(html, "<form"), 1u);
    EXPECT_NE(html.find("<form method=\"post\" action=\"/_vneid/accounts\">"), std::string::npos);
    EXPECT_NE(html.find("<input type=\"hidden\" name=\"csrf\" value=\"csrf-tok\">"), std::string::npos);
    EXPECT_NE(html.find("<input type=\"hidden\" name=\"return\" value=\"/hoso?id=5\">"), std::string::npos);
    EXPECT_EQ(count(html, "<button class=\"account\" type=\"submit\" name=\"account\" value=\""), 3u);
    const std::string button = button_for(html, "an.mc");
    EXPECT_NE(button.find(">Bộ phận Một cửa<"), std::string::npos) << button;
    EXPECT_NE(button.find(">Bộ phận Tiếp nhận và Trả kết quả<"), std::string::npos) << button;
    EXPECT_NE(button.find(">an.mc<"), std::string::npos) << button;
    EXPECT_NE(html.find("<strong>Nguyễn Văn An</strong>"), std::string::npos);
    EXPECT_NE(html.find("href=\"/_vneid/logout\""), std::string::npos);
}

TEST(AccountsPage, MarksOnlyTheActiveAccount) {
    for (Lang lang : {Lang::vi, Lang::en}) {
        const std::string html = render_accounts(lang, three_accounts("an.nv.xa"));
        EXPECT_EQ(count(html, "aria-current=\"true\""), 1u);
        const std::string active = button_for(html, "an.nv.xa");
        EXPECT_NE(active.find("aria-current=\"true\""), std::string::npos) << active;
        EXPECT_NE(active.find(lang == Lang::vi ? ">Đang dùng<" : ">In use<"), std::string::npos) << active;
        EXPECT_EQ(button_for(html, "an.nv").find("aria-current"), std::string::npos);
        EXPECT_EQ(count(html, "class=\"badge\""), 1u);
    }
}

TEST(AccountsPage, WithoutActiveAccountAsksToChoose) {
    const std::string vi = render_accounts(Lang::vi, three_accounts(""));
    EXPECT_EQ(vi.find("aria-current=\""), std::string::npos);
    EXPECT_EQ(vi.find("class=\"badge\""), std::string::npos);
    EXPECT_NE(vi.find("Vui lòng chọn tài khoản làm việc để tiếp tục."), std::string::npos);
    const std::string en = render_accounts(Lang::en, three_accounts(""));
    EXPECT_NE(en.find("<html lang=\"en\">"), std::string::npos);
    EXPECT_NE(en.find("<h1>Choose your working account</h1>"), std::string::npos);
    EXPECT_NE(en.find("choose the account you will work with to continue"), std::string::npos);
    // With an active one the page says how to switch instead.
    EXPECT_EQ(render_accounts(Lang::vi, three_accounts("an.nv")).find("để tiếp tục"), std::string::npos);
}

TEST(AccountsPage, ActiveUsernameNotInTheListMarksNothing) {
    const std::string html = render_accounts(Lang::vi, three_accounts("someone.else"));
    EXPECT_EQ(html.find("aria-current=\""), std::string::npos);
    EXPECT_NE(html.find("Vui lòng chọn tài khoản làm việc để tiếp tục."), std::string::npos);
}

TEST(AccountsPage, UsernameStandsInForAMissingDisplayName) {
    AccountsPageParams p = three_accounts("");
    p.accounts = {{"ketoan01", "", ""}};
    const std::string button = button_for(render_accounts(Lang::vi, p), "ketoan01");
    EXPECT_NE(button.find("<span class=\"account-name\">ketoan01</span>"), std::string::npos) << button;
    EXPECT_EQ(count(button, "ketoan01"), 2u) << "value and name only: " << button;
    EXPECT_EQ(button.find("account-unit"), std::string::npos);
}

TEST(AccountsPage, EmptyReturnLeavesTheFieldOutAndNoAccountsNoForm) {
    AccountsPageParams p = three_accounts("");
    p.return_path.clear();
    EXPECT_EQ(render_accounts(Lang::vi, p).find("name=\"return\""), std::string::npos);
    p.accounts.clear();
    const std::string empty = render_accounts(Lang::vi, p);
    EXPECT_EQ(empty.find("<form"), std::string::npos);
    EXPECT_NE(empty.find("Không có tài khoản nào đang hoạt động"), std::string::npos);
}

TEST(AccountsPage, EscapesHostileNamesUnitsAndUsernames) {
    AccountsPageParams p = three_accounts("x\"><script>alert(1)</script>");
    p.accounts = {{"x\"><script>alert(1)</script>", "<script>alert('n')</script>", "</style><b>unit</b>"},
                  {"o'k", "Lê \"Bé\" & Co", "<iframe srcdoc=x>"}};
    p.name = "</title><script>alert(2)</script>";
    p.csrf_token = "\"><script>";
    p.return_path = "/\"><script>";
    p.action_url = "javascript:alert(1)";
    p.logout_url = "javascript:alert(2)";
    for (Lang lang : {Lang::vi, Lang::en}) {
        const std::string html = render_accounts(lang, p);
        for (const std::string& problem : test::page_problems(html, lang_tag(lang))) ADD_FAILURE() << problem;
        EXPECT_EQ(html.find("<script"), std::string::npos);
        EXPECT_EQ(html.find("<iframe"), std::string::npos);
        EXPECT_EQ(html.find("<b>unit"), std::string::npos);
        EXPECT_EQ(count(html, "</style>"), 1u);
        EXPECT_EQ(html.find("javascript:"), std::string::npos);
        EXPECT_NE(html.find("value=\"x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" aria-current=\"true\""),
                  std::string::npos);
        EXPECT_NE(html.find("&lt;script&gt;alert(&#39;n&#39;)&lt;/script&gt;"), std::string::npos);
        EXPECT_NE(html.find("&lt;/style&gt;&lt;b&gt;unit&lt;/b&gt;"), std::string::npos);
        EXPECT_NE(html.find("value=\"o&#39;k\""), std::string::npos);
        EXPECT_NE(html.find("Lê &quot;Bé&quot; &amp; Co"), std::string::npos);
        EXPECT_NE(html.find("&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;"), std::string::npos);
        // An unsafe action is dropped: the form posts back to the chooser's own URL.
        EXPECT_NE(html.find("<form method=\"post\">"), std::string::npos);
    }
}

TEST(AccountsPage, MalformedUtf8StaysValid) {
    AccountsPageParams p = three_accounts("");
    p.accounts = {{"u\xff", "Ng\xc3", "\x80"}};
    EXPECT_TRUE(util::is_valid_utf8(render_accounts(Lang::vi, p)));
}

TEST(AccountRequiredJson, SortedKeysCodeMessageAndUrl) {
    for (Lang lang : {Lang::vi, Lang::en}) {
        const std::string body = render_account_required_json(lang, "/_vneid/accounts?return=%2Fhoso");
        EXPECT_EQ(body.rfind("{\"accounts_url\":\"/_vneid/accounts?return=%2Fhoso\",\"error\":\"account_required\","
                             "\"message\":",
                             0),
                  0u)
            << body;
        const nlohmann::json parsed = nlohmann::json::parse(body);
        EXPECT_EQ(parsed.size(), 3u);
        EXPECT_EQ(parsed.at("message"), error_message(lang, ErrorKind::account_required, false));
    }
    EXPECT_NO_THROW(nlohmann::json::parse(render_account_required_json(Lang::vi, "\xff")));
}

}  // namespace
}  // namespace vneid::pages

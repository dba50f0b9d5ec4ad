// The switcher widget injected into the portal's pages ($vneid_switcher).
#include "pages/switcher.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>

#include "pages/csp.h"
#include "util/utf8.h"
#include "test_support.h"

namespace vneid::pages {
namespace {

using test::count;

SwitcherParams three_accounts(std::string active) {
    SwitcherParams p;
    p.accounts = {{"an.nv", "Nguyễn Văn An", "Phòng Tư pháp"},
                  {"an.nv.xa", "An (xã)", "UBND xã Phước Lộc"},
                  {"an.mc", "", ""}};
    p.active = std::move(active);
    p.action_url = "/_vneid/accounts";
    p.csrf_token = "csrf-tok";
    p.return_path = "/hoso?id=5";
    p.logout_url = "/_vneid/logout";
    p.name = "Nguyễn Văn An";
    return p;
}

std::string summary_of(const std::string& html) {
    std::size_t start = html.find("<summary>");
    return html.substr(start, html.find("</summary>") - start);
}

TEST(Switcher, IsAFragmentNotADocument) {
    const std::string html = render_switcher(Lang::vi, three_accounts("an.nv"));
    EXPECT_EQ(html.rfind("<div class=\"vneid-sw\" lang=\"vi\"><style>", 0), 0u) << html.substr(0, 80);
    EXPECT_EQ(html.substr(html.size() - 6), "</div>");
    for (const char* tag : {"<html", "<!DOCTYPE", "<head", "<body", "<main", "<h1", "<script", "<meta", "<title"}) {
        EXPECT_EQ(html.find(tag), std::string::npos) << tag;
    }
    EXPECT_EQ(html.find(" style=\""), std::string::npos);
    EXPECT_EQ(html.find(" on"), std::string::npos) << "no event handler attributes";
    EXPECT_EQ(count(html, "<details>"), 1u);
    EXPECT_LT(html.size(), 6000u) << "added to every portal page";
}

TEST(Switcher, SummaryNamesTheActiveAccountAndTheMenuOffersTheOthers) {
    const std::string html = render_switcher(Lang::vi, three_accounts("an.nv.xa"));
    // username and unit: a person's accounts often share one display name
    EXPECT_NE(summary_of(html).find("an.nv.xa · UBND xã Phước Lộc"), std::string::npos)
        << summary_of(html);
    EXPECT_EQ(count(html, "name=\"account\""), 2u);
    EXPECT_NE(html.find("name=\"account\" value=\"an.nv\">"), std::string::npos);
    EXPECT_NE(html.find("name=\"account\" value=\"an.mc\">"), std::string::npos);
    EXPECT_EQ(html.find("value=\"an.nv.xa\""), std::string::npos) << "the active one is not a switch target";
    EXPECT_NE(html.find("<b>Nguyễn Văn An</b><small>Phòng Tư pháp · an.nv</small>"), std::string::npos);
    EXPECT_NE(html.find("<b>an.mc</b></button>"), std::string::npos) << "username when no display name";
    EXPECT_NE(html.find("Chuyển sang tài khoản"), std::string::npos);
}

TEST(Switcher, WithoutActiveAccountTheSummaryNamesThePerson) {
    const std::string html = render_switcher(Lang::vi, three_accounts(""));
    EXPECT_NE(summary_of(html).find("Nguyễn Văn An"), std::string::npos);
    EXPECT_EQ(count(html, "name=\"account\""), 3u);
    EXPECT_NE(html.find("Chưa chọn tài khoản"), std::string::npos);
    SwitcherParams nameless = three_accounts("");
    nameless.name.clear();
    EXPECT_NE(summary_of(render_switcher(Lang::vi, nameless)).find("Chưa chọn tài khoản"), std::string::npos);
}

TEST(Switcher, MenuNamesThePersonUnlessTheActiveAccountDoes) {
    EXPECT_EQ(count(render_switcher(Lang::vi, three_accounts("an.nv")), "<b>Nguyễn Văn An</b>"), 1u);
    const std::string html = render_switcher(Lang::vi, three_accounts("an.nv.xa"));
    EXPECT_NE(html.find("<div class=\"vneid-sw-menu\"><p class=\"vneid-sw-cur\"><b>Nguyễn Văn An</b></p>"),
              std::string::npos);
}

TEST(Switcher, PostsSwitchAndLogoutWithCsrfAndLinksTheChooser) {
    const std::string html = render_switcher(Lang::vi, three_accounts("an.nv"));
    EXPECT_EQ(count(html, "<form"), 2u);
    EXPECT_NE(html.find("<form method=\"post\" action=\"/_vneid/accounts\">"), std::string::npos);
    EXPECT_NE(html.find("<form class=\"vneid-sw-sep\" method=\"post\" action=\"/_vneid/logout\">"),
              std::string::npos);
    EXPECT_EQ(count(html, "<input type=\"hidden\" name=\"csrf\" value=\"csrf-tok\">"), 2u);
    EXPECT_EQ(count(html, "<input type=\"hidden\" name=\"return\" value=\"/hoso?id=5\">"), 1u);
    EXPECT_NE(html.find("href=\"/_vneid/accounts?return=%2Fhoso%3Fid%3D5\">Tất cả tài khoản</a>"),
              std::string::npos);
    EXPECT_NE(html.find(">Đăng xuất</button>"), std::string::npos);
}

TEST(Switcher, FrontPageReturnNeedsNoQuery) {
    SwitcherParams p = three_accounts("an.nv");
    p.return_path = "/";
    EXPECT_NE(render_switcher(Lang::vi, p).find("href=\"/_vneid/accounts\">"), std::string::npos);
}

TEST(Switcher, OnlyOneAccountLeavesNoSwitchButtons) {
    SwitcherParams p = three_accounts("an.nv");
    p.accounts.resize(1);
    const std::string html = render_switcher(Lang::en, p);
    EXPECT_EQ(html.find("name=\"account\""), std::string::npos);
    EXPECT_EQ(html.find("Switch to"), std::string::npos);
    EXPECT_NE(html.find(">All accounts</a>"), std::string::npos);
    EXPECT_NE(html.find(">Sign out</button>"), std::string::npos);
    EXPECT_NE(html.find("lang=\"en\""), std::string::npos);
}

TEST(Switcher, UnsafeTargetsDropTheirFormsRatherThanPostToThePortal) {
    SwitcherParams p = three_accounts("an.nv");
    p.action_url = "javascript:alert(1)";
    p.logout_url = "//evil.example/logout";
    const std::string html = render_switcher(Lang::vi, p);
    EXPECT_EQ(html.find("<form"), std::string::npos);
    EXPECT_EQ(html.find("<a "), std::string::npos);
    EXPECT_EQ(html.find("csrf-tok"), std::string::npos);
    EXPECT_NE(summary_of(html).find("an.nv"), std::string::npos);
}

// Data can never end one of the widget's elements early: every "</" in the
// output closes one of the widget's own elements.
TEST(Switcher, EscapesEverythingAndNoDataCloseTags) {
    SwitcherParams p;
    p.accounts = {{"a\"><script>x</script>", "</style><script>alert(1)</script>", "</details></div><b>"},
                  {"o'k", "Lê \"Bé\" & Co", "</summary>"}};
    p.active = "o'k";
    p.action_url = "/_vneid/accounts?x=\"'<>";
    p.csrf_token = "\"></form><script>";
    p.return_path = "/</div>";
    p.logout_url = "/_vneid/logout";
    p.name = "</div></details><script>alert(2)</script>";
    for (Lang lang : {Lang::vi, Lang::en}) {
        const std::string html = render_switcher(lang, p);
        EXPECT_EQ(html.find("<script"), std::string::npos);
        EXPECT_EQ(count(html, "</style>"), 1u);
        EXPECT_EQ(count(html, "</details>"), 1u);
        EXPECT_EQ(count(html, "</summary>"), 1u);
        const std::set<std::string> own = {"style", "summary", "span", "b", "small", "p", "button",
                                           "form", "a", "div", "details"};
        for (std::size_t at = html.find("</"); at != std::string::npos; at = html.find("</", at + 2)) {
            const std::size_t end = html.find('>', at);
            EXPECT_EQ(own.count(html.substr(at + 2, end - at - 2)), 1u) << html.substr(at, 20);
        }
        EXPECT_NE(summary_of(html).find("o&#39;k · &lt;/summary&gt;"), std::string::npos)
            << summary_of(html);
        EXPECT_NE(html.find("value=\"a&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""), std::string::npos);
        EXPECT_NE(html.find("&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
        EXPECT_NE(html.find("action=\"/_vneid/accounts?x=&quot;&#39;&lt;&gt;\""), std::string::npos);
        EXPECT_TRUE(util::is_valid_utf8(html));
    }
}

TEST(Switcher, MalformedUtf8StaysValid) {
    SwitcherParams p = three_accounts("u\xff");
    p.accounts.push_back({"u\xff", "Ng\xc3", "\x80"});
    p.name = "\xe1\xba";
    EXPECT_TRUE(util::is_valid_utf8(render_switcher(Lang::vi, p)));
}

// Every rule is scoped under .vneid-sw, so the portal's elements are never
// restyled; the style block is constant, so a portal CSP can allow its hash.
TEST(SwitcherStyle, EverySelectorIsScopedToTheWidget) {
    const std::string css(switcher_stylesheet());
    EXPECT_EQ(css.find("</"), std::string::npos);
    EXPECT_EQ(css.find("url("), std::string::npos);
    EXPECT_EQ(css.find("@import"), std::string::npos);
    const std::regex rule(R"(([^{}]+)\{[^{}]*\})");
    std::size_t rules = 0;
    for (auto it = std::sregex_iterator(css.begin(), css.end(), rule); it != std::sregex_iterator(); ++it) {
        ++rules;
        std::string selectors = (*it)[1];
        std::size_t start = 0;
        while (true) {
            std::size_t comma = selectors.find(',', start);
            std::string selector = selectors.substr(start, comma - start);
            EXPECT_EQ(selector.rfind(".vneid-sw", 0), 0u) << selector;
            const char after = selector.size() > 9 ? selector[9] : ' ';
            EXPECT_TRUE(after == ' ' || after == ':') << "scoped, not merely prefixed: " << selector;
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    EXPECT_GT(rules, 10u);
    EXPECT_NE(css.find("z-index:2147483647"), std::string::npos);
    EXPECT_NE(css.find("position:fixed"), std::string::npos);
}

TEST(SwitcherStyle, EmittedBlockMatchesItsHash) {
    const std::string html = render_switcher(Lang::vi, three_accounts("an.nv"));
    EXPECT_EQ(test::style_content(html), switcher_stylesheet());
    EXPECT_EQ(style_hash_source(switcher_stylesheet()), test::independent_style_hash(switcher_stylesheet()));
}

// Operators whose portal sends a CSP copy the hash from docs/pages.md.
TEST(SwitcherStyle, DocumentedHashIsCurrent) {
    std::ifstream in(std::string(VNEID_SOURCE_DIR) + "/docs/pages.md");
    ASSERT_TRUE(in.is_open());
    const std::string doc{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const std::string hash = style_hash_source(switcher_stylesheet());
    EXPECT_NE(doc.find("style-src " + hash), std::string::npos)
        << "docs/pages.md must give the switcher's style hash " << hash;
}

}  // namespace
}  // namespace vneid::pages

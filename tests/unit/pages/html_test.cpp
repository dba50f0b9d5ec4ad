#include <gtest/gtest.h>

#include "pages/html.h"
#include "util/utf8.h"

namespace vneid::pages {
namespace {

using util::is_valid_utf8;

TEST(HtmlEscape, EscapesMarkupAndQuotes) {
    EXPECT_EQ(html_escape(R"(<a href="x" title='y'>&</a>)"),
              "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

TEST(HtmlEscape, KeepsVietnameseText) {
    EXPECT_EQ(html_escape("Nguyễn Văn Ánh"), "Nguyễn Văn Ánh");
    EXPECT_EQ(html_escape("emoji 🙂"), "emoji 🙂");
}

TEST(HtmlEscape, ReplacesMalformedUtf8AndControls) {
    const std::string replacement = "\xEF\xBF\xBD";
    EXPECT_EQ(html_escape("a\xff" "b"), "a" + replacement + "b");
    EXPECT_EQ(html_escape("\xC0\xAF"), replacement + replacement);       // overlong '/'
    EXPECT_EQ(html_escape("\xED\xA0\x80"), replacement + replacement + replacement);  // surrogate
    EXPECT_EQ(html_escape(std::string("x\0y", 3)), "x" + replacement + "y");
    EXPECT_EQ(html_escape("tab\tline\n"), "tab\tline\n");
    EXPECT_TRUE(is_valid_utf8(html_escape("\xe1\xba")));  // truncated sequence
}

TEST(SafeHref, AcceptsRelativeAndHttpUrls) {
    for (const char* url : {"/_vneid/login?return=%2Fhoso%3Fid%3D5", "login", "?a=b", "#top",
                            "https://portal.example.gov.vn/", "HTTP://x/", "/a:b", "./x:y"}) {
        EXPECT_TRUE(is_safe_href(url)) << url;
        EXPECT_EQ(safe_href(url), url);
    }
}

TEST(SafeHref, RejectsDangerousUrls) {
    for (const char* url : {"", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x",
                            "vbscript:x", "//evil.example", "/\\evil.example", "\\\\evil", "java\tscript:x",
                            " /x", "/x y", "/x\n"}) {
        EXPECT_FALSE(is_safe_href(url)) << url;
        EXPECT_EQ(safe_href(url), "");
    }
}

}  // namespace
}  // namespace vneid::pages

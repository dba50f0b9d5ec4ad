#include "request/set_cookie.h"

#include <gtest/gtest.h>

#include <string>

using vneid::request::parse_set_cookie;
using vneid::request::SetCookie;

namespace {

constexpr int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

// The views point into `header`: callers pass literals or live strings.
SetCookie parsed(std::string_view header, int64_t now = kNow) {
    auto c = parse_set_cookie(header, now);
    EXPECT_TRUE(c) << header;
    return c.value_or(SetCookie{});
}

bool deletes(const std::string& header, int64_t now = kNow) { return parsed(header, now).deletes; }

}  // namespace

TEST(SetCookie, NameValueAndAttributes) {
    SetCookie c = parsed("JSESSIONID=ABC123; Path=/portal; Domain=.example.vn; HttpOnly; Secure");
    EXPECT_EQ(c.name, "JSESSIONID");
    EXPECT_EQ(c.value, "ABC123");
    EXPECT_EQ(c.path, "/portal");
    EXPECT_EQ(c.domain, ".example.vn");
    EXPECT_FALSE(c.deletes);
}

TEST(SetCookie, AttributeNamesAnyCaseAndWhitespaceTrimmed) {
    SetCookie c = parsed("  sid = v1 ;  pAtH = /a ;\tDOMAIN=portal.gov.vn\t; max-AGE = 0 ");
    EXPECT_EQ(c.name, "sid");
    EXPECT_EQ(c.value, "v1");
    EXPECT_EQ(c.path, "/a");
    EXPECT_EQ(c.domain, "portal.gov.vn");
    EXPECT_TRUE(c.deletes);
    EXPECT_TRUE(deletes("sid=x; EXPIRES=Thu, 01 Jan 1970 00:00:00 GMT"));
}

TEST(SetCookie, ValuesKeepQuotesAndEquals) {
    EXPECT_EQ(parsed("sid=\"a b\"; Path=/").value, "\"a b\"");
    EXPECT_EQ(parsed("sid=a=b==").value, "a=b==");
    EXPECT_EQ(parsed("sid=").value, "");
    EXPECT_EQ(parsed("sid=;Path=/x").path, "/x");
}

TEST(SetCookie, RefusedLikeBrowsersDo) {
    EXPECT_FALSE(parse_set_cookie("", kNow));
    EXPECT_FALSE(parse_set_cookie("JSESSIONID", kNow));
    EXPECT_FALSE(parse_set_cookie("JSESSIONID; Path=/", kNow));  // '=' only in an attribute
    EXPECT_FALSE(parse_set_cookie("; sid=x", kNow));
    EXPECT_FALSE(parse_set_cookie("=x", kNow));
    EXPECT_FALSE(parse_set_cookie("  =x; Path=/", kNow));
    EXPECT_FALSE(parse_set_cookie(std::string("sid=a\0b", 7), kNow));
    EXPECT_FALSE(parse_set_cookie("sid=a\rb", kNow));
    EXPECT_FALSE(parse_set_cookie("s\x7f" "d=a", kNow));
    EXPECT_TRUE(parse_set_cookie("sid=a\tb", kNow));  // HTAB is allowed
    EXPECT_FALSE(parse_set_cookie("sid=" + std::string(4094, 'v'), kNow));
    EXPECT_TRUE(parse_set_cookie("sid=" + std::string(4093, 'v'), kNow));  // 4096 in all
}

TEST(SetCookie, LastPathAndDomainWinInvalidOnesIgnoredOrDefaulted) {
    EXPECT_EQ(parsed("a=1; Path=/x; Path=/y").path, "/y");
    // A Path not starting with '/' means the default path (§5.2.4): "".
    EXPECT_EQ(parsed("a=1; Path=/x; Path=y").path, "");
    EXPECT_EQ(parsed("a=1; Path=").path, "");
    EXPECT_EQ(parsed("a=1").path, "");
    // An empty Domain is ignored (§5.2.3): the earlier one stays.
    EXPECT_EQ(parsed("a=1; Domain=a.vn; Domain=").domain, "a.vn");
    EXPECT_EQ(parsed("a=1; Domain=a.vn; Domain=b.vn").domain, "b.vn");
    // An attribute value over 1024 bytes is ignored.
    const std::string long_path = "a=1; Path=/x; Path=/" + std::string(1024, 'p');
    EXPECT_EQ(parsed(long_path).path, "/x");
}

TEST(SetCookie, MaxAgeZeroOrNegativeDeletes) {
    EXPECT_TRUE(deletes("a=; Max-Age=0"));
    EXPECT_TRUE(deletes("a=; Max-Age=-1"));
    EXPECT_TRUE(deletes("a=; Max-Age=-0"));
    EXPECT_TRUE(deletes("a=; Max-Age=000"));
    EXPECT_TRUE(deletes("a=; Max-Age=-99999999999999999999999999"));
    EXPECT_FALSE(deletes("a=1; Max-Age=1"));
    EXPECT_FALSE(deletes("a=1; Max-Age=99999999999999999999999999"));
    // Not a number: ignored (§5.2.2), so not a deletion.
    EXPECT_FALSE(deletes("a=1; Max-Age="));
    EXPECT_FALSE(deletes("a=1; Max-Age=-"));
    EXPECT_FALSE(deletes("a=1; Max-Age=0x0"));
    EXPECT_FALSE(deletes("a=1; Max-Age=+0"));
    EXPECT_FALSE(deletes("a=1; Max-Age= 1 0"));
    // The last valid one counts.
    EXPECT_FALSE(deletes("a=1; Max-Age=0; Max-Age=60"));
    EXPECT_TRUE(deletes("a=1; Max-Age=60; Max-Age=0; Max-Age=junk"));
}

TEST(SetCookie, MaxAgeWinsOverExpires) {
    EXPECT_FALSE(deletes("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60"));
    EXPECT_FALSE(deletes("a=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
    EXPECT_TRUE(deletes("a=1; Max-Age=0; Expires=Fri, 01 Jan 2100 00:00:00 GMT"));
    // An invalid Max-Age does not shadow Expires.
    EXPECT_TRUE(deletes("a=1; Max-Age=soon; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
}

TEST(SetCookie, ExpiresInThePastDeletes) {
    EXPECT_TRUE(deletes("a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));           // RFC 1123
    EXPECT_TRUE(deletes("a=; expires=Thursday, 01-Jan-70 00:00:01 GMT"));        // RFC 850
    EXPECT_TRUE(deletes("a=; Expires=Thu Jan  1 00:00:00 1970"));                // asctime
    EXPECT_TRUE(deletes("a=; Expires=Wed, 31-Dec-2025 23:59:59 GMT"));
    EXPECT_FALSE(deletes("a=1; Expires=Fri, 01 Jan 2027 00:00:00 GMT"));
    EXPECT_FALSE(deletes("a=1; Expires=Friday, 01-Jan-27 00:00:00 GMT"));
    EXPECT_FALSE(deletes("a=1; Expires=Fri Jan  1 00:00:00 2027"));
    // At `now` exactly is already expired; one second later is not.
    EXPECT_TRUE(deletes("a=; Expires=Thu, 01 Jan 2026 00:00:00 GMT"));
    EXPECT_FALSE(deletes("a=1; Expires=Thu, 01 Jan 2026 00:00:01 GMT"));
    // The last parseable one counts.
    EXPECT_FALSE(deletes("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; "
                         "Expires=Fri, 01 Jan 2027 00:00:00 GMT"));
}

TEST(SetCookie, UnparseableExpiresIsNotADeletion) {
    for (const char* bad : {"yesterday", "0", "-1", "Thu, 01 Jan 1970", "31 Feb 2020 00:00:00",
                            "Thu, 01 Jan 1600 00:00:00 GMT", "01 Jan 2020 24:00:00",
                            "01 Jan 2020 00:60:00", "01 Jan 2020 00:00:60", "00 Jan 2020 00:00:00",
                            "01 Foo 2020 00:00:00", "01 Jan 2 00:00:00", ""}) {
        EXPECT_FALSE(deletes(std::string("a=1; Expires=") + bad)) << bad;
    }
}

#include "request/portal_cookies.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "request/cookie_header.h"
#include "request/set_cookie.h"

using vneid::request::expired_set_cookie;
using vneid::request::filter_cookies;
using vneid::request::is_cookie_name;

namespace {

using Keep = std::function<bool(std::string_view, std::string_view)>;

const Keep kKeepNone = [](std::string_view, std::string_view) { return false; };

// Keeps the named cookies whose value is `bound`.
Keep keep_value(std::string bound) {
    return [bound](std::string_view, std::string_view value) { return value == bound; };
}

struct Filtered {
    std::string header;
    std::vector<std::string> removed;
};

Filtered filter(std::string header, std::vector<std::string_view> names, const Keep& keep) {
    Filtered out;
    header.resize(filter_cookies(header.data(), header.size(), names, keep, &out.removed));
    out.header = header;
    return out;
}

using Names = std::vector<std::string>;

}  // namespace

TEST(PortalCookies, RemovesUnboundKeepsBoundAndOthers) {
    Filtered f = filter("a=1; JSESSIONID=old; b=2", {"JSESSIONID"}, keep_value("new"));
    EXPECT_EQ(f.header, "a=1; b=2");
    EXPECT_EQ(f.removed, Names{"JSESSIONID"});
    f = filter("a=1; JSESSIONID=new; b=2", {"JSESSIONID"}, keep_value("new"));
    EXPECT_EQ(f.header, "a=1; JSESSIONID=new; b=2");
    EXPECT_TRUE(f.removed.empty());
}

TEST(PortalCookies, DuplicatesKeepOneDropAnother) {
    // Two paths can give the browser two cookies of one name.
    Filtered f = filter("JSESSIONID=old; x=1; JSESSIONID=new; JSESSIONID=old2", {"JSESSIONID"},
                        keep_value("new"));
    EXPECT_EQ(f.header, "x=1; JSESSIONID=new");
    EXPECT_EQ(f.removed, Names{"JSESSIONID"});  // once, however many were dropped
}

TEST(PortalCookies, SeveralNamesExactAndCaseSensitive) {
    Filtered f = filter("JSESSIONID=1; PHPSESSID=2; jsessionid=3; JSESSIONID2=4; XJSESSIONID=5; "
                        "JSESSION=6; PHPSESSID=7",
                        {"JSESSIONID", "PHPSESSID"}, kKeepNone);
    EXPECT_EQ(f.header, "jsessionid=3; JSESSIONID2=4; XJSESSIONID=5; JSESSION=6");
    EXPECT_EQ(f.removed, (Names{"JSESSIONID", "PHPSESSID"}));
}

TEST(PortalCookies, KeepSeesNameAndValueAsSent) {
    std::vector<std::pair<std::string, std::string>> seen;
    Keep record = [&](std::string_view n, std::string_view v) {
        seen.emplace_back(n, v);
        return true;
    };
    Filtered f = filter(" sid = \"q v\" ;other=1;sid=a=b; sid", {"sid"}, record);
    EXPECT_EQ(f.header, "sid = \"q v\"; other=1; sid=a=b; sid");
    EXPECT_EQ(seen, (std::vector<std::pair<std::string, std::string>>{
                        {"sid", "\"q v\""}, {"sid", "a=b"}, {"sid", ""}}));
}

TEST(PortalCookies, QuotedValueWithSemicolonIsSplitLikeEverywhereElse) {
    // Cookie headers have no quoting: the ';' ends the pair, so the half
    // after it is its own pair (the same split as the gateway's cookie).
    Filtered f = filter("a=\"x; sid=evil\"; b=1", {"sid"}, kKeepNone);
    EXPECT_EQ(f.header, "a=\"x; b=1");
}

TEST(PortalCookies, BareSemicolonsAndWhitespace) {
    EXPECT_EQ(filter(";;sid=1;a;;b=2;", {"sid"}, kKeepNone).header, "a; b=2");
    EXPECT_EQ(filter("a;sid=1;b", {"sid"}, kKeepNone).header, "a; b");
    EXPECT_EQ(filter("a;b;sid=x;c", {"sid"}, kKeepNone).header, "a;b; c");
    EXPECT_EQ(filter("\t a=1 \t;\tsid=2\t; b=3 ", {"sid"}, kKeepNone).header, "a=1; b=3");
}

TEST(PortalCookies, EmptyAndAllRemoved) {
    Filtered f = filter("", {"sid"}, kKeepNone);
    EXPECT_EQ(f.header, "");
    EXPECT_TRUE(f.removed.empty());
    f = filter(" ; ;", {"sid"}, kKeepNone);
    EXPECT_EQ(f.header, "");
    f = filter("sid=1; PHPSESSID=2;sid=3", {"sid", "PHPSESSID"}, kKeepNone);
    EXPECT_EQ(f.header, "");
    EXPECT_EQ(f.removed, (Names{"sid", "PHPSESSID"}));
}

TEST(PortalCookies, NoNamesOrEmptyKeep) {
    EXPECT_EQ(filter("sid=1; a=2", {}, kKeepNone).header, "sid=1; a=2");
    // No predicate: no session, so no portal cookie is kept.
    EXPECT_EQ(filter("sid=1; a=2", {"sid"}, Keep()).header, "a=2");
}

TEST(PortalCookies, RemovedListedOnceAcrossHeaders) {
    // HTTP/2 may split cookies over several Cookie headers: one call each.
    std::vector<std::string> removed;
    std::vector<std::string_view> names{"sid"};
    for (std::string h : {"sid=1", "a=1; sid=2", "sid=3"})
        filter_cookies(h.data(), h.size(), names, kKeepNone, &removed);
    EXPECT_EQ(removed, Names{"sid"});
    std::string h = "sid=1";
    EXPECT_EQ(filter_cookies(h.data(), h.size(), names, kKeepNone, nullptr), 0u);
}

// The glue sizes nothing for growth: adversarial separators must not make
// the header longer, and nothing past len is written.
TEST(PortalCookies, NeverLongerThanTheInput) {
    std::string header;
    for (int i = 0; i < 1000; ++i) header += "sid;a;";
    const size_t len = header.size();
    std::string buf = header + "GUARD";
    size_t out = filter_cookies(buf.data(), len, {"sid"}, kKeepNone, nullptr);
    EXPECT_LE(out, len);
    EXPECT_EQ(buf.substr(len), "GUARD");
    // "a" 1000 times: the first 2 joined by ';' (no room for "; "), and so on.
    std::string kept = buf.substr(0, out);
    EXPECT_EQ(kept.substr(0, 5), "a; a;");
    size_t as = 0;
    for (char c : kept) as += c == 'a';
    EXPECT_EQ(as, 1000u);
    for (const char* in : {";a;sid;b", "sid;;;a", "a;sid=;b;sid", ";;;;", "=;sid=;=", "a;b;c"}) {
        std::string s = in;
        EXPECT_LE(filter_cookies(s.data(), s.size(), {"sid"}, kKeepNone, nullptr),
                  std::string(in).size())
            << in;
    }
}

TEST(PortalCookies, SameWalkerAsTheGatewayCookie) {
    // remove_cookie is filter_cookies with one name and no keeping.
    for (const char* in : {"vneid_session;a;a", " vneid_session=1 ;;vneid_session= 2",
                           "x=1;vneid_session", "=;=;vneid_session=;=", ";;;;",
                           "a;b;vneid_session=x;c", "vneid_session=a=b; c"}) {
        std::string a = in, b = in;
        a.resize(vneid::request::remove_cookie(a.data(), a.size(), "vneid_session"));
        b.resize(filter_cookies(b.data(), b.size(), {"vneid_session"}, kKeepNone, nullptr));
        EXPECT_EQ(a, b) << in;
    }
}

TEST(PortalCookies, ExpiredSetCookie) {
    const std::string tail = "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
    EXPECT_EQ(expired_set_cookie("JSESSIONID", "/portal", "gov.vn"),
              "JSESSIONID=; Path=/portal; Domain=gov.vn" + tail);
    EXPECT_EQ(expired_set_cookie("JSESSIONID", "", ""), "JSESSIONID=; Path=/" + tail);
    EXPECT_EQ(expired_set_cookie("sid", "/", ".a-b_c.vn"), "sid=; Path=/; Domain=.a-b_c.vn" + tail);
    // What browsers read back: a deletion of that very cookie.
    const std::string expired = expired_set_cookie("sid", "/a b", "x.vn");
    auto c = vneid::request::parse_set_cookie(expired, 0);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->name, "sid");
    EXPECT_EQ(c->value, "");
    EXPECT_EQ(c->path, "/a b");
    EXPECT_EQ(c->domain, "x.vn");
    EXPECT_TRUE(c->deletes);
}

TEST(PortalCookies, ExpiredSetCookieNeverEchoesUnsafeBytes) {
    const std::string plain = "sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
    for (const char* path : {"/a; Domain=evil.vn", "/a\r\nX: y", "/\xc3\xa1", "relative", "/\x7f",
                             "/\t"}) {
        EXPECT_EQ(expired_set_cookie("sid", path, ""), plain) << path;
    }
    for (const char* domain : {"evil.vn; Path=/", "a.vn\r\n", "\xc3\xa1.vn", "a vn", "a.vn:8080"}) {
        EXPECT_EQ(expired_set_cookie("sid", "", domain), plain) << domain;
    }
    EXPECT_EQ(expired_set_cookie("sid", "/" + std::string(1024, 'p'), ""), plain);
    // A name that is not a token is not echoed either.
    for (const char* name : {"", "a b", "a;b", "a=b", "a\r\n", "\xc3\xa1", "\"q\""}) {
        EXPECT_FALSE(is_cookie_name(name)) << name;
        EXPECT_EQ(expired_set_cookie(name, "/", ""), "") << name;
    }
    EXPECT_TRUE(is_cookie_name("ASP.NET_SessionId"));
    EXPECT_TRUE(is_cookie_name("__Host-sid"));
}

TEST(PortalCookies, ExpiredSetCookieHonoursNamePrefixes) {
    EXPECT_EQ(expired_set_cookie("__Secure-sid", "/p", "a.vn"),
              "__Secure-sid=; Path=/p; Domain=a.vn; Max-Age=0; "
              "Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure");
    // __Host-: Secure, Path=/ and no Domain, or browsers refuse it.
    EXPECT_EQ(expired_set_cookie("__host-sid", "/p", "a.vn"),
              "__host-sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure");
}

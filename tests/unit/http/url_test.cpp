#include "http/url.h"

#include <gtest/gtest.h>

using vneid::http::parse_absolute_http_url;
using vneid::http::safe_return_path;

TEST(ParseAbsoluteHttpUrl, AcceptsHttpAndHttps) {
    auto url = parse_absolute_http_url("https://sso.dancuquocgia.gov.vn/auth");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->scheme, "https");
    EXPECT_EQ(url->host, "sso.dancuquocgia.gov.vn");
    EXPECT_EQ(url->port, 443);
    EXPECT_EQ(url->path_and_query, "/auth");

    url = parse_absolute_http_url("HTTP://Mock.Local:8081/token?x=1");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->scheme, "http");
    EXPECT_EQ(url->host, "mock.local");
    EXPECT_EQ(url->port, 8081);
    EXPECT_EQ(url->path_and_query, "/token?x=1");
}

TEST(ParseAbsoluteHttpUrl, DefaultsPathAndPort) {
    auto url = parse_absolute_http_url("http://127.0.0.1");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->port, 80);
    EXPECT_EQ(url->path_and_query, "/");

    url = parse_absolute_http_url("https://idp.example?a=b");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->path_and_query, "/?a=b");

    url = parse_absolute_http_url("http://[::1]:9000/userinfo");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->host, "[::1]");
    EXPECT_EQ(url->port, 9000);
}

TEST(ParseAbsoluteHttpUrl, RejectsTable) {
    const char* rejected[] = {
        "",
        "sso.example/auth",                    // no scheme
        "/auth",                               // relative
        "ftp://sso.example/auth",              // scheme
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://",                            // no host
        "https:///auth",                       // no host
        "https://:443/auth",                   // no host
        "https://user:pw@sso.example/auth",    // userinfo
        "https://sso.example@evil.example/",   // userinfo
        "https://sso.example/auth#frag",       // fragment
        "https://sso.example/a b",             // space
        "https://sso.example/a\tb",            // control
        "https://sso.example/a\r\nX: y",       // CR/LF
        " https://sso.example/auth",           // leading space
        "https://sso.example\\@evil/",         // backslash
        "https://sso.example:0/",              // port 0
        "https://sso.example:65536/",          // port too large
        "https://sso.example:/",               // empty port
        "https://sso.example:80a/",            // bad port
        "https://sso.ex%61mple/",              // % in host
        "https://sso.example/%zz",             // bad escape
        "https://sso.example/%4",              // truncated escape
        "https://s\xc3\xa1.example/",          // non-ASCII host
        "https://[::1/",                       // broken IPv6
        "https://-bad.example/",
    };
    for (const char* text : rejected) {
        EXPECT_EQ(parse_absolute_http_url(text), std::nullopt) << "accepted: " << text;
    }
}

TEST(SafeReturnPath, KeepsLocalPaths) {
    EXPECT_EQ(safe_return_path("/"), "/");
    EXPECT_EQ(safe_return_path("/ok?a=b"), "/ok?a=b");
    EXPECT_EQ(safe_return_path("/mot-cua/ho-so/123?tab=2&x=http://y"),
              "/mot-cua/ho-so/123?tab=2&x=http://y");
    EXPECT_EQ(safe_return_path("/h\xe1\xbb\x93-s\xc6\xa1"), "/h\xe1\xbb\x93-s\xc6\xa1");
}

TEST(SafeReturnPath, RejectsTable) {
    const char* rejected[] = {
        "",
        "//evil.com",
        "//evil.com/path",
        "/\\evil.com",
        "/\\/evil.com",
        "\\\\evil.com",
        "https://x",
        "http://evil.com/",
        "javascript:alert(1)",
        "evil.com",
        "ok",
        "/path\\with\\backslash",
        "/ok\r\nSet-Cookie: a=b",
        "/ok\nx",
        "/ok\rx",
        "/\t/evil.com",
        "/ok\x7f",
    };
    for (const char* text : rejected) {
        EXPECT_EQ(safe_return_path(text), "/") << "kept: " << text;
    }
    EXPECT_EQ(safe_return_path(std::string_view("/ok\0x", 5)), "/");
}

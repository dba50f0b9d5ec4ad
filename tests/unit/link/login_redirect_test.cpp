#include "link/login_redirect.h"

#include <gtest/gtest.h>

using vneid::link::comparable_path;
using vneid::link::leads_to_login_page;
using vneid::link::redirect_path;

TEST(RedirectPath, ReferenceKinds) {
    EXPECT_EQ(redirect_path("/a/dang-nhap", "https://portal.vn/trang-chu?x=1#top"), "/trang-chu");
    EXPECT_EQ(redirect_path("/a/dang-nhap", "HTTP://portal.vn"), "/");
    EXPECT_EQ(redirect_path("/a/dang-nhap", "//portal.vn:8443/b"), "/b");
    EXPECT_EQ(redirect_path("/a/dang-nhap", "///portal.vn/b"), "/b");
    EXPECT_EQ(redirect_path("/a/dang-nhap", "/b/c?d"), "/b/c");
    EXPECT_EQ(redirect_path("/a/dang-nhap", "trang-chu"), "/a/trang-chu");
    EXPECT_EQ(redirect_path("/a/dang-nhap", "../trang-chu"), "/a/../trang-chu");
    EXPECT_EQ(redirect_path("/a/dang-nhap", "?loi=1"), "/a/dang-nhap");
    EXPECT_EQ(redirect_path("/a/dang-nhap", "#form"), "/a/dang-nhap");
    EXPECT_EQ(redirect_path("/a/dang-nhap", ""), "/a/dang-nhap");
    EXPECT_EQ(redirect_path("/", "x"), "/x");
    EXPECT_EQ(redirect_path("/a/dang-nhap", "  /b  "), "/b");
}

TEST(RedirectPath, BackslashesAreSlashes) {
    EXPECT_EQ(redirect_path("/dang-nhap", "/\\evil.example/x"), "/x");
    EXPECT_EQ(redirect_path("/dang-nhap", "\\dang-nhap"), "/dang-nhap");
}

TEST(RedirectPath, UnjudgeableValues) {
    EXPECT_EQ(redirect_path("/dang-nhap", "javascript:alert(1)"), std::nullopt);
    EXPECT_EQ(redirect_path("/dang-nhap", "ftp://host/x"), std::nullopt);
    EXPECT_EQ(redirect_path("/dang-nhap", "http:trang-chu"), std::nullopt);
    EXPECT_EQ(redirect_path("/dang-nhap", "/trang\x01-chu"), std::nullopt);
    EXPECT_EQ(redirect_path("/dang-nhap", "/a\r\nSet-Cookie: x=1"), std::nullopt);
}

TEST(ComparablePath, Normalisation) {
    EXPECT_EQ(comparable_path("/Dang-Nhap"), "/dang-nhap");
    EXPECT_EQ(comparable_path("/dang%2Dnhap"), "/dang-nhap");
    EXPECT_EQ(comparable_path("/a/%2e%2E/dang-nhap"), "/dang-nhap");
    EXPECT_EQ(comparable_path("/a/./b/../dang-nhap/"), "/a/dang-nhap");
    EXPECT_EQ(comparable_path("/login;jsessionid=ABC"), "/login");
    EXPECT_EQ(comparable_path("/a/..;x/login"), "/login");
    EXPECT_EQ(comparable_path("//a///b//"), "/a/b");
    EXPECT_EQ(comparable_path("/../.."), "/");
    EXPECT_EQ(comparable_path(""), "/");
    EXPECT_EQ(comparable_path("/a%2Fb"), "/a%2fb");  // an encoded '/' stays one segment
    EXPECT_EQ(comparable_path("/%C3%A0"), "/%c3%a0");
}

TEST(LeadsToLoginPage, BackToTheForm) {
    for (const char* location :
         {"/dang-nhap?loi=1", "?loi=1", "dang-nhap", "./dang-nhap", "/DANG-NHAP",
          "/dang-nhap/", "/dang-nhap;jsessionid=1F2E", "http://127.0.0.1:8080/dang-nhap",
          "https://portal.example.vn/dang-nhap?error", "//portal.example.vn/dang-nhap",
          "/x/../dang-nhap", "", "mailto:a@b", "http:dang-nhap"}) {
        EXPECT_TRUE(leads_to_login_page("/dang-nhap", location)) << location;
    }
}

TEST(LeadsToLoginPage, AnywhereElse) {
    for (const char* location : {"/", "/trang-chu", "trang-chu", "https://portal.example.vn/",
                                 "/dang-nhap/xong", "/dang-nhap2", "//other/home"}) {
        EXPECT_FALSE(leads_to_login_page("/dang-nhap", location)) << location;
    }
}

// Found by the portal_answer fuzz target (crashes/portal_answer/
// login-path-double-slash), a property of its own, not of the code: a login
// path that starts with "//" cannot be written back as a path-absolute
// Location, because browsers read "//x" as the host x.
TEST(LeadsToLoginPage, DoubleSlashReferenceIsAHost) {
    EXPECT_FALSE(leads_to_login_page("//dang-nhap", "//dang-nhap?loi=1"));
    EXPECT_TRUE(leads_to_login_page("//dang-nhap", "/dang-nhap?loi=1"));
    EXPECT_TRUE(leads_to_login_page("//dang-nhap", "http://portal//dang-nhap?loi=1"));
}

#include "request/cookie_header.h"

#include <gtest/gtest.h>

#include <string>

namespace {

std::string strip(std::string header, const char* name) {
    size_t len = vneid::request::remove_cookie(header.data(), header.size(), name);
    return header.substr(0, len);
}

}  // namespace

TEST(CookieHeader, RemovesOnlyTheGatewayCookie) {
    EXPECT_EQ(strip("a=1; vneid_session=SECRET; b=2", "vneid_session"), "a=1; b=2");
    EXPECT_EQ(strip("vneid_session=SECRET", "vneid_session"), "");
    EXPECT_EQ(strip("vneid_session=SECRET;other=x", "vneid_session"), "other=x");
}

TEST(CookieHeader, RemovesDuplicatesAndKeepsLookalikes) {
    EXPECT_EQ(strip("vneid_session=a; vneid_session_login=b; vneid_session=c; xvneid_session=d",
                    "vneid_session"),
              "vneid_session_login=b; xvneid_session=d");
}

TEST(CookieHeader, ToleratesOddSpacingAndEmptyPairs) {
    EXPECT_EQ(strip(" ;a=1 ;;  vneid_session = x ; b", "vneid_session"), "a=1; b");
}

TEST(CookieHeader, UntouchedWhenAbsent) {
    EXPECT_EQ(strip("a=1; b=2", "vneid_session"), "a=1; b=2");
}

TEST(CookieHeader, FindsExactlyWhatItStrips) {
    using vneid::request::find_cookie;
    EXPECT_EQ(find_cookie("a=1; vneid_session=tok; b=2", "vneid_session"), "tok");
    EXPECT_EQ(find_cookie("vneid_session = tok", "vneid_session"), "tok");
    EXPECT_FALSE(find_cookie("VNEID_SESSION=tok", "vneid_session"));
    EXPECT_FALSE(find_cookie("a=1, vneid_session=tok", "vneid_session"));
    EXPECT_FALSE(find_cookie("vneid_session_login=x", "vneid_session"));
    EXPECT_EQ(find_cookie("vneid_session=first; vneid_session=second", "vneid_session"), "first");
}

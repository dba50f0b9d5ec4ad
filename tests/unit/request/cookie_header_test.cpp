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

// Regression (issue 7): bare ';' separators used to be rebuilt as "; ",
// growing the value past the buffer the glue had sized for the input.
TEST(CookieHeader, NeverLongerThanTheInput) {
    std::string header = "vneid_session";
    for (int i = 0; i < 2000; ++i) header += ";a";
    const size_t len = header.size();
    std::string buf = header + "GUARD";
    size_t out = vneid::request::remove_cookie(buf.data(), len, "vneid_session");
    EXPECT_LE(out, len);
    EXPECT_EQ(buf.substr(len), "GUARD");
    std::string kept = buf.substr(0, out), pair;
    size_t pairs = 0;
    for (size_t at = 0; at <= kept.size(); ++at) {
        if (at == kept.size() || kept[at] == ';') {
            EXPECT_EQ(pair, "a");
            ++pairs;
            pair.clear();
        } else if (kept[at] != ' ') {
            pair += kept[at];
        }
    }
    EXPECT_EQ(pairs, 2000u);
    // "; " only where the removed bytes left room for it
    EXPECT_EQ(strip("a;b;vneid_session=x;c", "vneid_session"), "a;b; c");
    EXPECT_EQ(strip("a=1;;b=2", "vneid_session"), "a=1; b=2");
}

TEST(CookieHeader, RemovedIsWhatFindFinds) {
    using vneid::request::find_cookie;
    const char* inputs[] = {"vneid_session;a;a", " vneid_session=1 ;;vneid_session= 2",
                            "x=1;vneid_session", "=;=;vneid_session=;=",
                            ";;;;", "vneid_session=a=b; c"};
    for (const char* in : inputs) {
        std::string out = strip(in, "vneid_session");
        EXPECT_LE(out.size(), std::string(in).size()) << in;
        EXPECT_FALSE(find_cookie(out, "vneid_session")) << in << " -> " << out;
    }
}

#include "request/cookie_date.h"

#include <gtest/gtest.h>

#include <ctime>
#include <random>
#include <string>

using vneid::request::parse_cookie_date;

namespace {

std::string format(int64_t t, const char* pattern) {
    time_t tt = time_t(t);
    struct tm tm {};
    gmtime_r(&tt, &tm);
    char buf[64];
    size_t n = std::strftime(buf, sizeof buf, pattern, &tm);
    return {buf, n};
}

}  // namespace

TEST(CookieDate, TheThreeHttpForms) {
    EXPECT_EQ(parse_cookie_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
    EXPECT_EQ(parse_cookie_date("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
    EXPECT_EQ(parse_cookie_date("Sun Nov  6 08:49:37 1994"), 784111777);
    EXPECT_EQ(parse_cookie_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
}

TEST(CookieDate, LenientLikeBrowsers) {
    // Any order, any case, extra tokens, other delimiters, zone ignored.
    EXPECT_EQ(parse_cookie_date("1994 nov 6 8:49:37"), 784111777);
    EXPECT_EQ(parse_cookie_date("06-NOVEMBER-1994 08:49:37 UTC+7"), 784111777);
    EXPECT_EQ(parse_cookie_date("  Sun,06 Nov 1994 08:49:37GMT  "), 784111777);
    // Two-digit years: 70-99 are 19xx, 00-69 20xx.
    EXPECT_EQ(parse_cookie_date("01 Jan 69 00:00:00"), parse_cookie_date("01 Jan 2069 00:00:00"));
    EXPECT_EQ(parse_cookie_date("01 Jan 70 00:00:00"), 0);
    // Before 1970, down to 1601.
    EXPECT_EQ(parse_cookie_date("01 Jan 1601 00:00:00"), int64_t(-11644473600));
    EXPECT_EQ(parse_cookie_date("31 Dec 9999 23:59:59"), int64_t(253402300799));
    EXPECT_EQ(parse_cookie_date("29 Feb 2024 12:00:00"), int64_t(1709208000));
}

TEST(CookieDate, Refused) {
    for (const char* bad : {"", "GMT", "Sun, 06 Nov 1994", "06 Nov 1994 08:49", "Nov 1994 08:49:37",
                            "06 1994 08:49:37", "06 Nov 08:49:37", "29 Feb 2023 00:00:00",
                            "31 Apr 2020 00:00:00", "01 Jan 1600 00:00:00", "01 Jan 1 00:00:00",
                            "01 Jan 19700 00:00:00", "001 Jan 1970 00:00:00",
                            "01 Jan 1970 000:00:00", "01 Jan 1970 24:00:00"}) {
        EXPECT_FALSE(parse_cookie_date(bad)) << bad;
    }
}

// Against libc's own formatting over the whole range browsers accept.
TEST(CookieDate, AgreesWithGmtime) {
    std::mt19937_64 rng(9);
    std::uniform_int_distribution<int64_t> any(-11644473600, 253402300799);
    for (int i = 0; i < 3000; ++i) {
        int64_t t = any(rng);
        ASSERT_EQ(parse_cookie_date(format(t, "%a, %d %b %Y %H:%M:%S GMT")), t) << t;
        ASSERT_EQ(parse_cookie_date(format(t, "%c")), t) << format(t, "%c");  // asctime in C locale
        ASSERT_EQ(parse_cookie_date(format(t, "%A, %d-%b-%Y %H:%M:%S GMT")), t) << t;
        if (t >= 0 && t < 3155760000) {  // 1970..2069: what two-digit years can say
            ASSERT_EQ(parse_cookie_date(format(t, "%A, %d-%b-%y %H:%M:%S GMT")), t) << t;
        }
    }
}

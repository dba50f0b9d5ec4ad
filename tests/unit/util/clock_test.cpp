#include "util/clock.h"

#include <gtest/gtest.h>

namespace vneid::util {
namespace {

TEST(Clock, YearOfEpochBoundaries) {
    EXPECT_EQ(year_of(0), 1970);
    EXPECT_EQ(year_of(-1), 1969);              // 1969-12-31T23:59:59Z
    EXPECT_EQ(year_of(31535999), 1970);        // 1970-12-31T23:59:59Z
    EXPECT_EQ(year_of(31536000), 1971);        // 1971-01-01T00:00:00Z
}

TEST(Clock, YearOfLeapDaysAndCenturies) {
    EXPECT_EQ(year_of(951782400), 2000);       // 2000-02-29
    EXPECT_EQ(year_of(978307199), 2000);       // 2000-12-31T23:59:59Z
    EXPECT_EQ(year_of(978307200), 2001);       // 2001-01-01
    EXPECT_EQ(year_of(4102444799), 2099);      // 2099-12-31T23:59:59Z
    EXPECT_EQ(year_of(4102444800), 2100);      // 2100-01-01
    EXPECT_EQ(year_of(-2208988800), 1900);     // 1900-01-01
    EXPECT_EQ(year_of(-2208988801), 1899);
}

TEST(Clock, NowIsPlausible) {
    const int64_t now = now_unix();
    EXPECT_GT(now, 1704067200);  // after 2024-01-01
    EXPECT_GE(current_year_utc(), 2024);
}

}  // namespace
}  // namespace vneid::util

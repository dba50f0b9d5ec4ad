#include "request/header_names.h"

#include <gtest/gtest.h>

using vneid::request::header_has_prefix;
using vneid::request::safe_header_value;

TEST(HeaderPrefix, MatchesEverySpellingOfThePrefix) {
    for (const char* name : {"X-VNeID-Citizen-Id", "x-vneid-citizen-id", "X_VNEID_NAME",
                             "x_VnEiD-Level", "X-VNEID_Account", "X-VNeID-"}) {
        EXPECT_TRUE(header_has_prefix(name, "X-VNeID-")) << name;
    }
}

TEST(HeaderPrefix, LeavesOtherHeadersAlone) {
    for (const char* name : {"X-VNeI", "X-VNeIDx", "X-Forwarded-For", "VNeID-Name",
                             "X VNeID-Name", "", "Cookie"}) {
        EXPECT_FALSE(header_has_prefix(name, "X-VNeID-")) << name;
    }
}

TEST(HeaderPrefix, EmptyPrefixMatchesNothing) {
    EXPECT_FALSE(header_has_prefix("X-VNeID-Name", ""));
}

TEST(HeaderPrefix, CustomPrefix) {
    EXPECT_TRUE(header_has_prefix("x_motcua_user", "X-Motcua-"));
    EXPECT_FALSE(header_has_prefix("X-VNeID-Name", "X-Motcua-"));
}

TEST(HeaderValue, RejectsLineBreaksAndNul) {
    EXPECT_TRUE(safe_header_value("Nguyễn Văn An"));
    EXPECT_FALSE(safe_header_value("a\r\nX-Evil: 1"));
    EXPECT_FALSE(safe_header_value(std::string("a\0b", 3)));
}

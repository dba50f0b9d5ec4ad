#include "crypto/constant_time.h"

#include <gtest/gtest.h>

#include <string>

namespace vneid::crypto {
namespace {

TEST(ConstantTimeEqual, EqualContents) {
    EXPECT_TRUE(constant_time_equal("session-id", "session-id"));
    EXPECT_TRUE(constant_time_equal("", ""));
    EXPECT_TRUE(constant_time_equal(std::string_view{}, ""));
}

TEST(ConstantTimeEqual, DifferentContentsSameLength) {
    EXPECT_FALSE(constant_time_equal("session-id", "session-ie"));
    EXPECT_FALSE(constant_time_equal("xession-id", "session-id"));
}

TEST(ConstantTimeEqual, DifferentLengths) {
    EXPECT_FALSE(constant_time_equal("abc", "abcd"));
    EXPECT_FALSE(constant_time_equal("", "a"));
    EXPECT_FALSE(constant_time_equal("a", ""));
}

TEST(ConstantTimeEqual, ComparesPastEmbeddedNul) {
    const std::string a("ab\0cd", 5), b("ab\0ce", 5);
    EXPECT_TRUE(constant_time_equal(a, a));
    EXPECT_FALSE(constant_time_equal(a, b));
}

}  // namespace
}  // namespace vneid::crypto

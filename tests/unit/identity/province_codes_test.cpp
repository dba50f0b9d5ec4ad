#include "identity/province_codes.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace vneid::identity {
namespace {

TEST(ProvinceName, KnownCodes) {
    EXPECT_EQ(province_name("001"), "Hà Nội");
    EXPECT_EQ(province_name("031"), "Hải Phòng");
    EXPECT_EQ(province_name("048"), "Đà Nẵng");
    EXPECT_EQ(province_name("079"), "TP. Hồ Chí Minh");
    EXPECT_EQ(province_name("092"), "Cần Thơ");
    EXPECT_EQ(province_name("096"), "Cà Mau");
}

TEST(ProvinceName, UnknownCodes) {
    for (const char* code : {"000", "003", "099", "100", "960", "", "1", "01", "0001", "abc"}) {
        EXPECT_EQ(province_name(code), std::nullopt) << code;
    }
}

TEST(ProvinceName, ExactlySixtyThreeOfAllThreeDigitCodes) {
    int known = 0;
    for (int i = 0; i < 1000; ++i) {
        char code[4];
        std::snprintf(code, sizeof(code), "%03d", i);
        if (province_name(code)) ++known;
    }
    EXPECT_EQ(known, 63);
}

}  // namespace
}  // namespace vneid::identity

#include "util/base64.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace vneid::util {
namespace {

// RFC 4648 §10 test vectors.
const std::vector<std::pair<std::string, std::string>> kRfc4648 = {
    {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},       {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
};

std::string unpadded(std::string s) {
    while (!s.empty() && s.back() == '=') s.pop_back();
    return s;
}

TEST(Base64, EncodesRfc4648Vectors) {
    for (const auto& [plain, encoded] : kRfc4648) {
        EXPECT_EQ(base64_encode(plain), encoded) << plain;
    }
}

TEST(Base64, DecodesRfc4648VectorsPaddedAndUnpadded) {
    for (const auto& [plain, encoded] : kRfc4648) {
        EXPECT_EQ(base64_decode(encoded), plain) << encoded;
        EXPECT_EQ(base64_decode(unpadded(encoded)), plain) << encoded;
    }
}

TEST(Base64Url, EncodesUnpadded) {
    for (const auto& [plain, encoded] : kRfc4648) {
        EXPECT_EQ(base64url_encode(plain), unpadded(encoded)) << plain;
    }
}

TEST(Base64Url, DecodesPaddedAndUnpadded) {
    for (const auto& [plain, encoded] : kRfc4648) {
        EXPECT_EQ(base64url_decode(encoded), plain) << encoded;
        EXPECT_EQ(base64url_decode(unpadded(encoded)), plain) << encoded;
    }
}

TEST(Base64, AlphabetsDifferOnlyInLastTwoCharacters) {
    const std::string bytes("\xfb\xff\xbf", 3);
    EXPECT_EQ(base64_encode(bytes), "+/+/");
    EXPECT_EQ(base64url_encode(bytes), "-_-_");
    EXPECT_EQ(base64_decode("+/+/"), bytes);
    EXPECT_EQ(base64url_decode("-_-_"), bytes);
    // Each variant rejects the other's characters.
    EXPECT_EQ(base64_decode("-_-_"), std::nullopt);
    EXPECT_EQ(base64url_decode("+/+/"), std::nullopt);
}

TEST(Base64, RoundTripsAllByteValues) {
    std::string all;
    for (int i = 0; i < 256; ++i) all += char(i);
    for (size_t len = 0; len <= all.size(); len += 37) {
        std::string part = all.substr(0, len);
        EXPECT_EQ(base64_decode(base64_encode(part)), part);
        EXPECT_EQ(base64url_decode(base64url_encode(part)), part);
    }
}

TEST(Base64, RejectsCharactersOutsideTheAlphabet) {
    for (const char* bad : {"Zm9v!", "Zm 9v", "Zm9v\n", "Zm9\xc3\xa9"}) {
        EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
        EXPECT_EQ(base64url_decode(bad), std::nullopt) << bad;
    }
    EXPECT_EQ(base64_decode(std::string("Zm9v\0Zm9v", 9)), std::nullopt);
}

TEST(Base64, RejectsImpossibleLength) {
    EXPECT_EQ(base64_decode("Z"), std::nullopt);
    EXPECT_EQ(base64_decode("Zm9vY"), std::nullopt);
    EXPECT_EQ(base64url_decode("Zm9vY"), std::nullopt);
}

TEST(Base64, RejectsMalformedPadding) {
    for (const char* bad : {"=", "==", "Zg=", "Zg===", "Zm9v=", "Zm9v==", "Zg==Zg==",
                            "Z===", "Zm9=v", "===="}) {
        EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
        EXPECT_EQ(base64url_decode(bad), std::nullopt) << bad;
    }
}

}  // namespace
}  // namespace vneid::util

#include "crypto/random.h"

#include <gtest/gtest.h>

#include <set>

#include "util/base64.h"

namespace vneid::crypto {
namespace {

TEST(RandomBytes, HasRequestedLength) {
    for (size_t n : {0u, 1u, 16u, 32u, 1000u}) {
        EXPECT_EQ(random_bytes(n).size(), n);
    }
}

TEST(RandomBytes, DoesNotRepeat) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(random_bytes(16));
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(RandomBytes, UsesAllByteValuesOverALargeSample) {
    std::set<unsigned char> values;
    for (unsigned char c : random_bytes(1 << 16)) values.insert(c);
    EXPECT_EQ(values.size(), 256u);
}

TEST(RandomToken, IsUnpaddedBase64UrlOfNBytes) {
    const std::string token = random_token(32);
    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(token.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    auto decoded = util::base64url_decode(token);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->size(), 32u);
}

TEST(RandomToken, DoesNotRepeat) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(random_token(16));
    EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace vneid::crypto

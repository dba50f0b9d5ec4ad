#include "provider/callback_params.h"

#include <gtest/gtest.h>

using vneid::provider::parse_callback;

TEST(ParseCallback, KeepsPlusInCodeAndEncryptKey) {
    auto params = parse_callback("code=Ab+c/D==&state=st-1&encrypt_key=Zz+y%2Bx%3D");
    EXPECT_EQ(params.code, "Ab+c/D==");
    EXPECT_EQ(params.state, "st-1");
    EXPECT_EQ(params.encrypt_key, "Zz+y+x=");
    EXPECT_EQ(params.error, "");
}

TEST(ParseCallback, ReadsErrors) {
    auto params = parse_callback("error=access_denied&error_description=User%20cancelled&state=s");
    EXPECT_EQ(params.error, "access_denied");
    EXPECT_EQ(params.error_description, "User cancelled");
    EXPECT_EQ(params.code, "");
    EXPECT_EQ(params.state, "s");
}

TEST(ParseCallback, EmptyQuery) {
    auto params = parse_callback("");
    EXPECT_EQ(params.code, "");
    EXPECT_EQ(params.state, "");
    EXPECT_EQ(params.encrypt_key, "");
}

TEST(ParseCallback, FirstCodeWins) {
    EXPECT_EQ(parse_callback("code=one&code=two").code, "one");
}

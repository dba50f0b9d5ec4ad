// The C surface's share of policy: what the glue reads from a failed login
// and how it may log an ID number.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "vneid/vneid.h"

namespace {

vneid_login_result_t failed(const char* code) {
    vneid_login_result_t res;
    std::memset(&res, 0x5a, sizeof(res));
    vneid_login_fail(code, "detail", &res);
    return res;
}

TEST(LoginResult, UserCausedFollowsTheErrorKind) {
    for (const char* code : {"state_invalid", "level_too_low", "idp_denied", "citizen_id_invalid"}) {
        auto res = failed(code);
        EXPECT_EQ(res.ok, 0) << code;
        EXPECT_STREQ(res.error, code);
        EXPECT_EQ(res.user_caused, 1) << code;
    }
    for (const char* code : {"busy", "not_configured", "store_error", "idp_timeout",
                             "identity_too_long", "internal"}) {
        auto res = failed(code);
        EXPECT_STREQ(res.error, code);
        EXPECT_EQ(res.user_caused, 0) << code;
    }
}

TEST(LoginResult, FailureHasReferenceAndDetailButNoSession) {
    auto res = failed("busy");
    EXPECT_EQ(std::strlen(res.reference), 10u);
    EXPECT_STREQ(res.detail, "detail");
    EXPECT_STREQ(res.cookie, "");
}

TEST(LoginResult, UnknownCodeIsInternal) {
    auto res = failed("no_such_code");
    EXPECT_STREQ(res.error, "internal");
    EXPECT_EQ(res.user_caused, 0);
}

TEST(CitizenIdMasked, WritesTheMaskedForm) {
    char out[VNEID_CITIZEN_ID_SIZE];
    EXPECT_EQ(vneid_citizen_id_masked("001085012345", out), 12u);
    EXPECT_STREQ(out, "001******345");
    EXPECT_EQ(vneid_citizen_id_masked("", out), 0u);
    EXPECT_STREQ(out, "");
}

TEST(CitizenIdMasked, RefusesWhatCannotFit) {
    char out[VNEID_CITIZEN_ID_SIZE];
    EXPECT_EQ(vneid_citizen_id_masked("1234567890123456", out), 0u);  // 16: no room for NUL
    EXPECT_STREQ(out, "");
    EXPECT_EQ(vneid_citizen_id_masked("123456789012345", out), 15u);
    EXPECT_STREQ(out, "123*********345");
}

}  // namespace

// What VNeID's error= redirect means (provider/idp_denial.h): three of its
// error_description values have a page of their own; nothing else does.
#include <gtest/gtest.h>

#include "provider/idp_denial.h"

namespace vneid::provider {
namespace {

TEST(IdpDenial, VneidReasonsWithAccessDenied) {
    EXPECT_EQ(denial_failure("access_denied", "user_cancelled"), LoginFailure::idp_cancelled);
    EXPECT_EQ(denial_failure("access_denied", "account_locked"), LoginFailure::idp_account_locked);
    EXPECT_EQ(denial_failure("access_denied", "otp_exhausted"), LoginFailure::idp_otp_exhausted);
}

TEST(IdpDenial, AnythingElseStaysDenied) {
    EXPECT_EQ(denial_failure("access_denied", ""), LoginFailure::idp_denied);
    EXPECT_EQ(denial_failure("access_denied", "transaction_dead"), LoginFailure::idp_denied);
    // exact values only: they come from whoever opened the callback URL
    EXPECT_EQ(denial_failure("access_denied", "User_cancelled"), LoginFailure::idp_denied);
    EXPECT_EQ(denial_failure("access_denied", "user_cancelled "), LoginFailure::idp_denied);
    // another error with a known reason is not that reason
    EXPECT_EQ(denial_failure("server_error", "user_cancelled"), LoginFailure::idp_denied);
    EXPECT_EQ(denial_failure("", "account_locked"), LoginFailure::idp_denied);
}

}  // namespace
}  // namespace vneid::provider

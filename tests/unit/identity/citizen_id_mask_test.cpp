#include "identity/citizen_id_mask.h"

#include <gtest/gtest.h>

namespace vneid::identity {
namespace {

// The form the error log and vneidctl have always shown.
TEST(CitizenIdMask, KeepsThreeDigitsAtEachEnd) {
    EXPECT_EQ(mask_citizen_id("001085012345"), "001******345");
    EXPECT_EQ(mask_citizen_id("079190000321"), "079******321");
}

TEST(CitizenIdMask, KeepsTheLengthOfOddValues) {
    EXPECT_EQ(mask_citizen_id("1234567"), "123*567");
    EXPECT_EQ(mask_citizen_id("123456789012345"), "123*********345");
}

TEST(CitizenIdMask, HidesShortValuesEntirely) {
    EXPECT_EQ(mask_citizen_id(""), "");
    EXPECT_EQ(mask_citizen_id("12"), "**");
    EXPECT_EQ(mask_citizen_id("123456"), "******");
}

// The no_account page: the person recognises their own number by its end.
TEST(CitizenIdMaskLast4, KeepsOnlyTheLastFourDigits) {
    EXPECT_EQ(mask_citizen_id_last4("001085012345"), "********2345");
    EXPECT_EQ(mask_citizen_id_last4("079190000321"), "********0321");
}

TEST(CitizenIdMaskLast4, KeepsTheLengthAndHidesShortValues) {
    EXPECT_EQ(mask_citizen_id_last4("12345678"), "****5678");
    EXPECT_EQ(mask_citizen_id_last4("1234567"), "*******");
    EXPECT_EQ(mask_citizen_id_last4("1234"), "****");
    EXPECT_EQ(mask_citizen_id_last4(""), "");
}

}  // namespace
}  // namespace vneid::identity

#include "util/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace vneid::util {
namespace {

TEST(Utf8, Validates) {
    EXPECT_TRUE(is_valid_utf8("Hệ thống một cửa"));
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));   // U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong
    EXPECT_EQ(first_invalid_utf8("ab\x80"), 2u);
}

// What vneidctl's own validator refused before it used this one.
TEST(Utf8, RefusesWhatTheAccountDirectoryMustNotHold) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8(std::string("a\0b", 3)));  // NUL is ASCII: control checks catch it
    EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));              // overlong 2-byte
    EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));      // overlong 4-byte
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));          // surrogate U+D800
    EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));           // U+D7FF
    EXPECT_FALSE(is_valid_utf8("\xE1\xBA"));              // cut short
    EXPECT_FALSE(is_valid_utf8("\xBA"));                  // stray continuation
    EXPECT_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));  // 5-byte form
    EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Utf8, SequenceLengths) {
    EXPECT_EQ(utf8_sequence_length(""), 0u);
    EXPECT_EQ(utf8_sequence_length("a"), 1u);
    EXPECT_EQ(utf8_sequence_length("\xC3\xA1x"), 2u);   // á
    EXPECT_EQ(utf8_sequence_length("\xE1\xBB\x87"), 3u);  // ệ
    EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x99\x82"), 4u);
    EXPECT_EQ(utf8_sequence_length("\x80"), 0u);
    EXPECT_EQ(first_invalid_utf8("Việt"), std::string_view::npos);
}

}  // namespace
}  // namespace vneid::util

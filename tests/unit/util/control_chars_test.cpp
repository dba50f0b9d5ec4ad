#include "util/control_chars.h"

#include <gtest/gtest.h>

#include <string>

namespace vneid::util {
namespace {

TEST(ControlChars, AreC0AndDelOnly) {
    for (int c = 0; c < 256; ++c) {
        EXPECT_EQ(is_control_char(static_cast<unsigned char>(c)), c < 0x20 || c == 0x7f) << c;
    }
}

TEST(ControlChars, FindsOneAnywhere) {
    EXPECT_FALSE(has_control_chars(""));
    EXPECT_FALSE(has_control_chars("Nguyễn Văn An, phòng 2"));  // UTF-8, space, comma
    EXPECT_TRUE(has_control_chars("a\tb"));                     // TAB counts
    EXPECT_TRUE(has_control_chars("line\r\n"));
    EXPECT_TRUE(has_control_chars(std::string("x\0y", 3)));
    EXPECT_TRUE(has_control_chars("\x7f"));
    EXPECT_FALSE(has_control_chars("\xc2\x85"));  // U+0085 (C1) is a two-byte sequence
}

TEST(ControlChars, ReplacedInPlaceKeepingTheLength) {
    EXPECT_EQ(replace_control_chars("a\r\nb\tc\x7f", ' '), "a  b c ");
    EXPECT_EQ(replace_control_chars(std::string("\x1b[2J\0", 5), '?'), "?[2J?");
    EXPECT_EQ(replace_control_chars("Trần Thị Bích", '?'), "Trần Thị Bích");
    EXPECT_EQ(replace_control_chars("", ' '), "");
}

}  // namespace
}  // namespace vneid::util

// The one definition of a control character for the whole tree: the C0
// range and DEL. Values that reach HTTP headers, HTML, the error log or a
// terminal are checked or cleaned with these, each caller deciding whether
// to refuse, replace or escape (and whether TAB/LF/CR are allowed there).
#pragma once

#include <string>
#include <string_view>

namespace vneid::util {

// U+0000..U+001F and U+007F (bytes of UTF-8 text above 0x7F are never
// control characters here: C1 controls only exist as two-byte sequences).
constexpr bool is_control_char(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool has_control_chars(std::string_view s);

// Every control character replaced by `with`, so that the length and the
// position of everything else are kept.
std::string replace_control_chars(std::string s, char with);

}  // namespace vneid::util

// The one UTF-8 validator for the whole tree: pages and templates must be
// well-formed UTF-8, and so must what vneidctl writes into the directory.
#pragma once

#include <cstddef>
#include <string_view>

namespace vneid::util {

// Length of the well-formed UTF-8 sequence at the start of `s` (no overlongs,
// no surrogates, nothing above U+10FFFF), or 0 if it is malformed or empty.
std::size_t utf8_sequence_length(std::string_view s);

bool is_valid_utf8(std::string_view s);

// Byte offset of the first malformed sequence, or npos when valid; lets the
// template loader say where a file goes wrong.
std::size_t first_invalid_utf8(std::string_view s);

}  // namespace vneid::util

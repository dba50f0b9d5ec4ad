// ASCII case-insensitive comparison for protocol tokens (header values,
// cookie attribute names, month names): independent of the C locale, and
// no byte above 0x7F is ever folded.
#pragma once

#include <string_view>

namespace vneid::request {

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c; }

constexpr bool ascii_iequal(char a, char b) { return ascii_lower(a) == ascii_lower(b); }

constexpr bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!ascii_iequal(a[i], b[i])) return false;
    return true;
}

constexpr bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

}  // namespace vneid::request

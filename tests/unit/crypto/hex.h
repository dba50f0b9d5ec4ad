// Test-only helpers: hex literals for known-answer vectors.
#pragma once

#include <string>
#include <string_view>

namespace vneid::crypto::test {

inline std::string from_hex(std::string_view hex) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return c - 'A' + 10;
    };
    std::string out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        out += char(nibble(hex[i]) << 4 | nibble(hex[i + 1]));
    }
    return out;
}

inline std::string to_hex(std::string_view bytes) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    return out;
}

}  // namespace vneid::crypto::test

#include "util/base64.h"

#include <array>
#include <cstdint>

namespace vneid::util {
namespace {

constexpr char kStd[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encode(std::string_view in, const char* alphabet, bool pad) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) |
                     uint8_t(in[i + 2]);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    size_t rest = in.size() - i;
    if (rest == 1) {
        uint32_t v = uint8_t(in[i]) << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (pad) out += "==";
    } else if (rest == 2) {
        uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        if (pad) out += '=';
    }
    return out;
}

std::array<int8_t, 256> make_table(const char* alphabet) {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    for (int i = 0; i < 64; ++i) t[uint8_t(alphabet[i])] = int8_t(i);
    return t;
}

std::optional<std::string> decode(std::string_view in,
                                  const std::array<int8_t, 256>& table) {
    // Padding is optional, but when present it must complete the last
    // quantum: at most two '=' and a total length that is a multiple of 4.
    const size_t padded_size = in.size();
    size_t pad = 0;
    while (!in.empty() && in.back() == '=' && pad < 3) {
        in.remove_suffix(1);
        ++pad;
    }
    if (pad > 2 || (pad > 0 && padded_size % 4 != 0)) return std::nullopt;
    if (in.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(in.size() * 3 / 4);
    uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : in) {
        int8_t v = table[c];
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((acc >> bits) & 0xff);
        }
    }
    return out;
}

}  // namespace

std::string base64_encode(std::string_view in) { return encode(in, kStd, true); }

std::optional<std::string> base64_decode(std::string_view in) {
    static const auto table = make_table(kStd);
    return decode(in, table);
}

std::string base64url_encode(std::string_view in) {
    return encode(in, kUrl, false);
}

std::optional<std::string> base64url_decode(std::string_view in) {
    static const auto table = make_table(kUrl);
    return decode(in, table);
}

}  // namespace vneid::util

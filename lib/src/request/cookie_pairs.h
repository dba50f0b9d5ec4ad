// The one walker over "name=value" pairs separated by ';' (RFC 6265 §4.2.1
// and §5.2): Cookie request headers (the gateway's own cookie, the portal
// cookies) and Set-Cookie attributes all split through it, so what is found,
// what is stripped and what is parsed always agree.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace vneid::request::cookie_pairs {

// Optional whitespace (SP, HTAB) off both ends.
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Calls f(pair, key, value) for each non-empty pair, trimmed; key is what
// precedes the first '=' (the whole pair when there is none, value then
// empty). Stops early when f returns false.
template <typename F>
void for_each_pair(std::string_view header, F&& f) {
    while (!header.empty()) {
        size_t semi = header.find(';');
        std::string_view pair = trim(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
        if (pair.empty()) continue;
        size_t eq = pair.find('=');
        std::string_view key = trim(pair.substr(0, eq));
        std::string_view value =
            eq == std::string_view::npos ? std::string_view() : trim(pair.substr(eq + 1));
        if (!f(pair, key, value)) return;
    }
}

// Keeps, in place, the pairs for which keep(key, value) is true, in order;
// returns the new length, never more than len (callers size nothing for
// growth). Each kept pair moves left (memmove) and is preceded by "; " only
// where the input had room for it, else by the single ';' the input is known
// to have had there.
template <typename Keep>
size_t retain_pairs(char* header, size_t len, Keep&& keep) {
    size_t out = 0;
    for_each_pair({header, len}, [&](std::string_view pair, std::string_view key,
                                     std::string_view value) {
        if (!keep(key, value)) return true;
        const size_t at = size_t(pair.data() - header);
        if (out > 0) {
            if (out + 2 <= at) {
                header[out++] = ';';
                header[out++] = ' ';
            } else {
                header[out++] = ';';
            }
        }
        std::memmove(header + out, pair.data(), pair.size());
        out += pair.size();
        return true;
    });
    return out;
}

}  // namespace vneid::request::cookie_pairs

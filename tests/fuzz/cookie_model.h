// The Cookie header's pairs as RFC 6265 §4.2.1 reads them, for the cookie
// fuzz targets: written apart from the library's walker
// (request/cookie_pairs.h) so that a bug there is not mirrored here.
#pragma once

#include <string_view>
#include <vector>

namespace vneid_fuzz {

struct CookiePair {
    std::string_view text, key, value;  // the trimmed pair, its name, its value
    bool operator==(const CookiePair& o) const { return key == o.key && value == o.value; }
};

inline std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// ';'-separated, optional whitespace trimmed, empty pairs skipped, key =
// text before the first '='.
inline std::vector<CookiePair> cookie_pairs_of(std::string_view header) {
    std::vector<CookiePair> out;
    while (!header.empty()) {
        size_t semi = header.find(';');
        std::string_view text = trim_ows(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
        if (text.empty()) continue;
        size_t eq = text.find('=');
        out.push_back({text, trim_ows(text.substr(0, eq)),
                       eq == std::string_view::npos ? std::string_view()
                                                    : trim_ows(text.substr(eq + 1))});
    }
    return out;
}

}  // namespace vneid_fuzz

#include "request/cookie_header.h"

#include <cstring>
#include <string>

namespace vneid::request {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Calls f(pair, key, value) for each non-empty "key=value" pair.
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

}  // namespace

size_t remove_cookie(char* header, size_t len, std::string_view name) {
    // In place, and never longer than the input: each kept pair moves left
    // (memmove) and is preceded by "; " only where the input had room for
    // it, else by the single ';' the input is known to have had there.
    size_t out = 0;
    for_each_pair({header, len}, [&](std::string_view pair, std::string_view key,
                                     std::string_view) {
        if (key == name) return true;
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

std::optional<std::string_view> find_cookie(std::string_view header, std::string_view name) {
    std::optional<std::string_view> found;
    for_each_pair(header, [&](std::string_view, std::string_view key, std::string_view value) {
        if (key != name) return true;
        found = value;
        return false;
    });
    return found;
}

}  // namespace vneid::request

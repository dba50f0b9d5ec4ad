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

}  // namespace

size_t remove_cookie(char* header, size_t len, std::string_view name) {
    std::string kept;
    kept.reserve(len);
    std::string_view rest(header, len);
    while (!rest.empty()) {
        size_t semi = rest.find(';');
        std::string_view pair = trim(rest.substr(0, semi));
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
        if (pair.empty()) continue;
        std::string_view key = trim(pair.substr(0, pair.find('=')));
        if (key == name) continue;
        if (!kept.empty()) kept += "; ";
        kept += pair;
    }
    std::memcpy(header, kept.data(), kept.size());
    return kept.size();
}

}  // namespace vneid::request

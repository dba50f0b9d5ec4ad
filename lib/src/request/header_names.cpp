#include "request/header_names.h"

namespace vneid::request {
namespace {

char fold(char c) {
    if (c >= 'A' && c <= 'Z') return char(c - 'A' + 'a');
    if (c == '_') return '-';
    return c;
}

}  // namespace

bool header_has_prefix(std::string_view name, std::string_view prefix) {
    if (prefix.empty() || name.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        if (fold(name[i]) != fold(prefix[i])) return false;
    }
    return true;
}

bool safe_header_value(std::string_view value) {
    for (char c : value) {
        if (c == '\r' || c == '\n' || c == '\0') return false;
    }
    return true;
}

}  // namespace vneid::request

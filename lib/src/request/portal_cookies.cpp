#include "request/portal_cookies.h"

#include <algorithm>

#include "request/ascii_case.h"
#include "request/cookie_pairs.h"

namespace vneid::request {
namespace {

constexpr size_t kMaxAttributeOctets = 1024;  // browsers ignore longer values

// '/' then cookie-attribute octets (RFC 6265 av-octet: %x20-3A / %x3C-7E).
bool safe_path(std::string_view p) {
    if (p.empty() || p.front() != '/' || p.size() > kMaxAttributeOctets) return false;
    return std::all_of(p.begin(), p.end(), [](char c) { return c >= 0x20 && c <= 0x7e && c != ';'; });
}

bool safe_domain(std::string_view d) {
    if (d.empty() || d.size() > kMaxAttributeOctets) return false;
    return std::all_of(d.begin(), d.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.';
    });
}

}  // namespace

size_t filter_cookies(char* header, size_t len, const std::vector<std::string_view>& names,
                      const std::function<bool(std::string_view, std::string_view)>& keep,
                      std::vector<std::string>* removed) {
    return cookie_pairs::retain_pairs(header, len, [&](std::string_view key,
                                                       std::string_view value) {
        if (std::find(names.begin(), names.end(), key) == names.end()) return true;
        if (keep && keep(key, value)) return true;
        if (removed && std::find(removed->begin(), removed->end(), key) == removed->end())
            removed->emplace_back(key);
        return false;
    });
}

bool is_cookie_name(std::string_view name) {
    static constexpr std::string_view kSeparators = "()<>@,;:\\\"/[]?={} \t";
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return c > 0x20 && c < 0x7f && kSeparators.find(c) == std::string_view::npos;
    });
}

std::string expired_set_cookie(std::string_view name, std::string_view path,
                               std::string_view domain) {
    if (!is_cookie_name(name)) return {};
    // Cookie prefixes (RFC 6265bis §4.1.3), matched in any case as browsers do.
    const bool host_prefix = istarts_with(name, "__Host-");
    const bool secure_prefix = host_prefix || istarts_with(name, "__Secure-");
    std::string out(name);
    out += "=; Path=";
    out += !host_prefix && safe_path(path) ? path : std::string_view("/");
    if (!host_prefix && safe_domain(domain)) {
        out += "; Domain=";
        out += domain;
    }
    out += "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
    if (secure_prefix) out += "; Secure";
    return out;
}

}  // namespace vneid::request

#include "request/set_cookie.h"

#include "request/ascii_case.h"
#include "request/cookie_date.h"
#include "request/cookie_pairs.h"
#include "util/control_chars.h"

namespace vneid::request {
namespace {

// RFC 6265bis §5.6: browsers drop a longer name + value, and ignore a longer
// attribute value.
constexpr size_t kMaxPairOctets = 4096;
constexpr size_t kMaxAttributeOctets = 1024;

// RFC 6265 §5.2.2: an optional '-' and digits, else the attribute is
// ignored (nullopt). Only the sign matters here (<= 0 deletes), so values
// of any length are read without overflow.
std::optional<bool> max_age_deletes(std::string_view value) {
    bool negative = !value.empty() && value.front() == '-';
    if (negative) value.remove_prefix(1);
    if (value.empty()) return std::nullopt;
    bool zero = true;
    for (char c : value) {
        if (c < '0' || c > '9') return std::nullopt;
        zero = zero && c == '0';
    }
    return negative || zero;
}

}  // namespace

std::optional<SetCookie> parse_set_cookie(std::string_view header, int64_t now) {
    // The name-value pair is everything before the first ';', even if empty
    // (then there is no cookie), so it is split here, not by the walker,
    // which skips empty pairs.
    const size_t semi = header.find(';');
    const std::string_view pair = header.substr(0, semi);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    // RFC 6265bis §5.6: a control character other than HTAB in the pair
    // makes browsers drop the whole cookie.
    for (char c : pair)
        if (c != '\t' && util::is_control_char(static_cast<unsigned char>(c))) return std::nullopt;
    SetCookie out;
    out.name = cookie_pairs::trim(pair.substr(0, eq));
    out.value = cookie_pairs::trim(pair.substr(eq + 1));
    if (out.name.empty() || out.name.size() + out.value.size() > kMaxPairOctets)
        return std::nullopt;

    std::optional<bool> by_max_age, by_expires;
    std::string_view attributes =
        semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    // Later attributes override earlier ones of the same name (§5.3).
    cookie_pairs::for_each_pair(attributes, [&](std::string_view, std::string_view key,
                                                std::string_view value) {
        if (value.size() > kMaxAttributeOctets) return true;  // browsers ignore it
        if (iequals(key, "max-age")) {
            if (auto d = max_age_deletes(value)) by_max_age = d;
        } else if (iequals(key, "expires")) {
            if (auto when = parse_cookie_date(value)) by_expires = *when <= now;
        } else if (iequals(key, "path")) {
            out.path = !value.empty() && value.front() == '/' ? value : std::string_view();
        } else if (iequals(key, "domain")) {
            if (!value.empty()) out.domain = value;
        }
        return true;
    });
    out.deletes = by_max_age ? *by_max_age : by_expires.value_or(false);
    return out;
}

}  // namespace vneid::request

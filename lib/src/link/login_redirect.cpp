#include "link/login_redirect.h"

#include <algorithm>
#include <vector>

#include "util/control_chars.h"

namespace vneid::link {
namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c; }

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
    if (is_digit(c)) return c - '0';
    c = ascii_lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool is_unreserved(char c) {
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) before the ':'.
bool is_scheme(std::string_view s) {
    if (s.empty() || !is_alpha(s.front())) return false;
    for (char c : s)
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
    return true;
}

std::string_view trim_space(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// %2D is '-' to every server; %2F is not a '/' to most, so reserved
// characters stay encoded.
std::string decode_unreserved(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size()) {
            int hi = hex_value(in[i + 1]);
            int lo = hex_value(in[i + 2]);
            if (hi >= 0 && lo >= 0 && is_unreserved(char(hi * 16 + lo))) {
                out += char(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += in[i];
    }
    return out;
}

}  // namespace

std::optional<std::string> redirect_path(std::string_view base_path, std::string_view location) {
    std::string_view trimmed = trim_space(location);
    if (util::has_control_chars(trimmed)) return std::nullopt;
    // Browsers read '\' as '/' in http(s) URLs ("/\host" is another host).
    std::string ref(trimmed);
    for (char& c : ref)
        if (c == '\\') c = '/';
    ref.erase(std::min(ref.size(), ref.find_first_of("?#")));

    const size_t colon = ref.find(':');
    if (colon != std::string::npos && is_scheme(std::string_view(ref).substr(0, colon))) {
        std::string scheme = ref.substr(0, colon);
        for (char& c : scheme) c = ascii_lower(c);
        if (scheme != "http" && scheme != "https") return std::nullopt;
        ref.erase(0, colon + 1);
        // "http:path" is relative to a same-scheme base in browsers and an
        // authority to some clients: not worth guessing.
        if (ref.compare(0, 2, "//") != 0) return std::nullopt;
    }
    if (ref.compare(0, 2, "//") == 0) {
        // Browsers skip any number of slashes before an http(s) authority.
        size_t host = ref.find_first_not_of('/');
        if (host == std::string::npos) return std::string("/");
        size_t path = ref.find('/', host);
        return path == std::string::npos ? std::string("/") : ref.substr(path);
    }
    if (!ref.empty() && ref.front() == '/') return ref;
    // RFC 3986 §5.2.2: an empty path ("?loi=1") is the base path itself;
    // otherwise the reference replaces the base's last segment.
    if (ref.empty()) return std::string(base_path);
    size_t last_slash = base_path.rfind('/');
    std::string merged = last_slash == std::string_view::npos
                             ? std::string("/")
                             : std::string(base_path.substr(0, last_slash + 1));
    return merged + ref;
}

std::string comparable_path(std::string_view path) {
    const std::string decoded = decode_unreserved(path);
    std::vector<std::string_view> segments;
    std::string_view rest = decoded;
    while (!rest.empty()) {
        size_t slash = rest.find('/');
        std::string_view segment = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        segment = segment.substr(0, segment.find(';'));
        // Empty segments too: nginx's merge_slashes and many frameworks read
        // "/a//b" as "/a/b".
        if (segment.empty() || segment == ".") continue;
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
            continue;
        }
        segments.push_back(segment);
    }
    std::string out;
    for (std::string_view segment : segments) {
        out += '/';
        out += segment;
    }
    if (out.empty()) out = "/";
    for (char& c : out) c = ascii_lower(c);
    return out;
}

bool leads_to_login_page(std::string_view login_path, std::string_view location) {
    std::optional<std::string> path = redirect_path(login_path, location);
    return !path || comparable_path(*path) == comparable_path(login_path);
}

}  // namespace vneid::link

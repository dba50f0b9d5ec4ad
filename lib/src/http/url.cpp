#include "http/url.h"

#include <cctype>

#include "util/control_chars.h"

namespace vneid::http {
namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

std::string lowercase(std::string_view in) {
    std::string out(in);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Printable ASCII without space, '#' and '\', with well-formed %-escapes.
bool is_clean_ascii(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c <= 0x20 || c >= 0x7f || c == '#' || c == '\\') return false;
        if (c == '%' && (i + 2 >= text.size() || !is_hex(text[i + 1]) || !is_hex(text[i + 2])))
            return false;
    }
    return true;
}

bool is_reg_name(std::string_view host) {
    if (host.empty() || host.front() == '.' || host.front() == '-') return false;
    for (char c : host) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_')
            return false;
    }
    return true;
}

bool is_ipv6_literal(std::string_view host) {
    if (host.size() < 4 || host.front() != '[' || host.back() != ']') return false;
    for (char c : host.substr(1, host.size() - 2)) {
        if (!is_hex(c) && c != ':' && c != '.') return false;
    }
    return true;
}

std::optional<int> parse_port(std::string_view digits) {
    if (digits.empty() || digits.size() > 5) return std::nullopt;
    int port = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) return std::nullopt;
    return port;
}

}  // namespace

std::optional<Url> parse_absolute_http_url(std::string_view text) {
    if (!is_clean_ascii(text)) return std::nullopt;
    size_t sep = text.find("://");
    if (sep == std::string_view::npos) return std::nullopt;
    Url url;
    url.scheme = lowercase(text.substr(0, sep));
    if (url.scheme != "http" && url.scheme != "https") return std::nullopt;

    std::string_view rest = text.substr(sep + 3);
    size_t authority_end = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, authority_end);
    std::string_view tail =
        authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    if (authority.find('@') != std::string_view::npos) return std::nullopt;

    std::string_view host = authority;
    std::string_view port_text;
    bool has_port = false;
    size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
        host = authority.substr(0, colon);
        port_text = authority.substr(colon + 1);
        has_port = true;
    }
    if (!is_reg_name(host) && !is_ipv6_literal(host)) return std::nullopt;
    url.host = lowercase(host);
    if (has_port) {
        auto port = parse_port(port_text);
        if (!port) return std::nullopt;
        url.port = *port;
    } else {
        url.port = url.scheme == "https" ? 443 : 80;
    }

    url.path_and_query = std::string(tail);
    if (url.path_and_query.empty() || url.path_and_query.front() == '?')
        url.path_and_query.insert(0, "/");
    return url;
}

std::string safe_return_path(std::string_view raw) {
    if (raw.empty() || raw.front() != '/') return "/";
    if (raw.size() > 1 && (raw[1] == '/' || raw[1] == '\\')) return "/";
    if (util::has_control_chars(raw) || raw.find('\\') != std::string_view::npos) return "/";
    return std::string(raw);
}

}  // namespace vneid::http

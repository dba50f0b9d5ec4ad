#include "http/query.h"

namespace vneid::http {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view in, bool plus_is_space) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%' && i + 2 < in.size()) {
            int hi = hex_value(in[i + 1]);
            int lo = hex_value(in[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += char(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += (plus_is_space && c == '+') ? ' ' : c;
    }
    return out;
}

struct Param {
    std::string_view name;
    std::string_view value;
};

// Calls visit(Param) for each '&'-separated parameter until it returns false.
template <typename Visit>
void for_each_param(std::string_view raw, Visit visit) {
    while (!raw.empty()) {
        size_t amp = raw.find('&');
        std::string_view piece = raw.substr(0, amp);
        raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
        if (piece.empty()) continue;
        size_t eq = piece.find('=');
        Param p{piece.substr(0, eq),
                eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1)};
        if (!visit(p)) return;
    }
}

std::optional<std::string> find_param(std::string_view raw, std::string_view name,
                                      bool plus_is_space) {
    std::optional<std::string> found;
    for_each_param(raw, [&](const Param& p) {
        if (percent_decode(p.name, plus_is_space) != name) return true;
        found = percent_decode(p.value, plus_is_space);
        return false;
    });
    return found;
}

bool is_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
}

}  // namespace

std::optional<std::string> query_param(std::string_view raw_query, std::string_view name) {
    return find_param(raw_query, name, false);
}

size_t query_param_count(std::string_view raw_query, std::string_view name) {
    size_t count = 0;
    for_each_param(raw_query, [&](const Param& p) {
        if (percent_decode(p.name, false) == name) ++count;
        return true;
    });
    return count;
}

std::string url_encode(std::string_view in) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(in.size() * 3);
    for (unsigned char c : in) {
        if (is_unreserved(c)) {
            out += char(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty()) out += '&';
        out += url_encode(name);
        out += '=';
        out += url_encode(value);
    }
    return out;
}

std::optional<std::string> form_param(std::string_view body, std::string_view name) {
    return find_param(body, name, true);
}

}  // namespace vneid::http

#include "pages/html.h"

#include "util/control_chars.h"
#include "util/utf8.h"

namespace vneid::pages {
namespace {

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (lower(s[i]) != prefix[i]) return false;
    }
    return true;
}

}  // namespace

void append_escaped(std::string& out, std::string_view text) {
    out.reserve(out.size() + text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        unsigned char c = static_cast<unsigned char>(text[pos]);
        if (c >= 0x80) {
            std::size_t len = util::utf8_sequence_length(text.substr(pos));
            if (len == 0) {
                out += kReplacementChar;
                ++pos;
            } else {
                out.append(text.data() + pos, len);
                pos += len;
            }
            continue;
        }
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case '\t': case '\n': case '\r': out += char(c); break;
            default:
                if (util::is_control_char(c)) {
                    out += kReplacementChar;
                } else {
                    out += char(c);
                }
        }
        ++pos;
    }
}

std::string html_escape(std::string_view text) {
    std::string out;
    append_escaped(out, text);
    return out;
}

bool is_safe_href(std::string_view url) {
    if (url.empty() || url.find(' ') != std::string_view::npos || util::has_control_chars(url)) {
        return false;
    }
    if (starts_with_nocase(url, "https://") || starts_with_nocase(url, "http://")) return true;
    if (url.size() >= 2 && (url[0] == '/' || url[0] == '\\') && (url[1] == '/' || url[1] == '\\')) {
        return false;
    }
    // A ':' before the first '/', '?' or '#' would make it a scheme.
    std::size_t colon = url.find(':');
    std::size_t delimiter = url.find_first_of("/?#");
    return colon == std::string_view::npos || (delimiter != std::string_view::npos && delimiter < colon);
}

std::string_view safe_href(std::string_view url) {
    return is_safe_href(url) ? url : std::string_view{};
}

}  // namespace vneid::pages

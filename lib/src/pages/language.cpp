#include "pages/language.h"

#include <cstddef>

namespace vneid::pages {
namespace {

bool is_ows(char c) { return c == ' ' || c == '\t'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

// language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"   (RFC 4647 §2.1)
bool is_language_range(std::string_view s) {
    if (s == "*") return true;
    std::size_t subtag_len = 0;
    bool first_subtag = true;
    for (char c : s) {
        if (c == '-') {
            if (subtag_len == 0) return false;
            subtag_len = 0;
            first_subtag = false;
            continue;
        }
        bool ok = first_subtag ? is_alpha(c) : (is_alpha(c) || is_digit(c));
        if (!ok || ++subtag_len > 8) return false;
    }
    return subtag_len > 0;
}

// qvalue = ("0" ["." 0*3DIGIT]) / ("1" ["." 0*3("0")]), returned in thousandths.
bool parse_qvalue(std::string_view s, int& out) {
    if (s.empty() || (s[0] != '0' && s[0] != '1')) return false;
    int whole = s[0] - '0';
    int thousandths = 0;
    if (s.size() > 1) {
        if (s[1] != '.' || s.size() > 5) return false;
        int scale = 100;
        for (std::size_t i = 2; i < s.size(); ++i, scale /= 10) {
            if (!is_digit(s[i])) return false;
            thousandths += (s[i] - '0') * scale;
        }
    }
    if (whole == 1 && thousandths != 0) return false;
    out = whole * 1000 + thousandths;
    return true;
}

// Case-insensitive "range's primary subtag is `primary`": en, en-US, EN-gb.
bool has_primary_subtag(std::string_view range, std::string_view primary) {
    if (range.size() < primary.size()) return false;
    for (std::size_t i = 0; i < primary.size(); ++i) {
        if (lower(range[i]) != primary[i]) return false;
    }
    return range.size() == primary.size() || range[primary.size()] == '-';
}

}  // namespace

Lang negotiate_language(std::string_view header) {
    // Best q (in thousandths) given to each language; -1 = not mentioned.
    int q_vi = -1, q_en = -1, q_any = -1;
    while (!header.empty()) {
        std::size_t comma = header.find(',');
        std::string_view element = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);

        std::size_t semi = element.find(';');
        std::string_view range = trim(element.substr(0, semi));
        if (range.empty() || !is_language_range(range)) continue;

        int q = 1000;
        bool params_ok = true;
        while (semi != std::string_view::npos) {
            element = element.substr(semi + 1);
            semi = element.find(';');
            std::string_view param = trim(element.substr(0, semi));
            std::size_t eq = param.find('=');
            if (eq == std::string_view::npos) { params_ok = false; break; }
            std::string_view name = trim(param.substr(0, eq));
            if (name.size() == 1 && lower(name[0]) == 'q') {
                if (!parse_qvalue(trim(param.substr(eq + 1)), q)) { params_ok = false; break; }
            }
        }
        if (!params_ok) continue;

        if (range == "*") {
            if (q > q_any) q_any = q;
        } else if (has_primary_subtag(range, "vi")) {
            if (q > q_vi) q_vi = q;
        } else if (has_primary_subtag(range, "en")) {
            if (q > q_en) q_en = q;
        }
    }
    // "*" stands for every language not named explicitly.
    if (q_vi < 0) q_vi = q_any < 0 ? 0 : q_any;
    if (q_en < 0) q_en = q_any < 0 ? 0 : q_any;
    return q_en > q_vi ? Lang::en : Lang::vi;
}

std::string_view lang_tag(Lang lang) { return lang == Lang::en ? "en" : "vi"; }

}  // namespace vneid::pages

#include "request/cookie_date.h"

#include <array>
#include <cstddef>

#include "request/ascii_case.h"

namespace vneid::request {
namespace {

// RFC 6265 §5.1.1: delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
// (':' and the digits and letters are not delimiters).
bool is_delimiter(unsigned char c) {
    return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40) ||
           (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads min..max digits at `at`; the production ends there or at a
// non-digit (RFC 6265's "( non-digit *OCTET )" tails), else it fails.
bool read_digits(std::string_view t, size_t& at, size_t min, size_t max, int& out) {
    size_t n = 0;
    out = 0;
    while (at < t.size() && is_digit(t[at]) && n < max) {
        out = out * 10 + (t[at++] - '0');
        ++n;
    }
    return n >= min && (at == t.size() || !is_digit(t[at]));
}

// A day of month (1*2DIGIT) or year (2*4DIGIT) at the token's start.
bool leading_number(std::string_view t, size_t min, size_t max, int& out) {
    size_t at = 0;
    return read_digits(t, at, min, max, out);
}

bool read_time(std::string_view t, int& h, int& m, int& s) {
    size_t at = 0;
    // Each field "1*2DIGIT" followed by ':' (checked here, not by the
    // non-digit tail rule, which ':' also satisfies).
    if (!read_digits(t, at, 1, 2, h) || at >= t.size() || t[at++] != ':') return false;
    if (!read_digits(t, at, 1, 2, m) || at >= t.size() || t[at++] != ':') return false;
    return read_digits(t, at, 1, 2, s);
}

// "jan".."dec" as the token's first three letters, any case.
int read_month(std::string_view t) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (size_t i = 0; i < kMonths.size(); ++i)
        if (istarts_with(t, kMonths[i])) return int(i) + 1;
    return 0;
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int64_t y, int m) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 (H. Hinnant's days_from_civil); years here are
// 1601..9999, so no floor division is needed for the era.
int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    const int64_t era = y / 400;
    const int64_t year_of_era = y - era * 400;
    const int64_t day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

}  // namespace

std::optional<int64_t> parse_cookie_date(std::string_view text) {
    bool have_time = false, have_day = false, have_month = false, have_year = false;
    int hour = 0, minute = 0, second = 0, day = 0, month = 0, year = 0;
    size_t at = 0;
    while (at < text.size()) {
        while (at < text.size() && is_delimiter(static_cast<unsigned char>(text[at]))) ++at;
        size_t end = at;
        while (end < text.size() && !is_delimiter(static_cast<unsigned char>(text[end]))) ++end;
        std::string_view token = text.substr(at, end - at);
        at = end;
        if (token.empty()) break;
        // First match wins, in the RFC's order: a token is only ever one part.
        int h, m, sec, n;
        if (!have_time && read_time(token, h, m, sec)) {
            have_time = true;
            hour = h, minute = m, second = sec;
        } else if (!have_day && leading_number(token, 1, 2, n)) {
            have_day = true;
            day = n;
        } else if (!have_month && (n = read_month(token)) != 0) {
            have_month = true;
            month = n;
        } else if (!have_year && leading_number(token, 2, 4, n)) {
            have_year = true;
            year = n;
        }
    }
    if (!have_time || !have_day || !have_month || !have_year) return std::nullopt;
    if (year >= 70 && year <= 99) year += 1900;
    if (year >= 0 && year <= 69) year += 2000;
    if (year < 1601 || hour > 23 || minute > 59 || second > 59) return std::nullopt;
    if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
    return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

}  // namespace vneid::request

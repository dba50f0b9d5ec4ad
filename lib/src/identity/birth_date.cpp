#include "identity/birth_date.h"

namespace vneid::identity {
namespace {

bool all_digits(std::string_view s) {
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return !s.empty();
}

// Value of a run of ASCII digits; -1 if any character is not a digit.
int number(std::string_view digits) {
    if (!all_digits(digits)) return -1;
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool is_real_date(int year, int month, int day) {
    static const int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || month < 1 || month > 12 || day < 1) return false;
    int last = kDaysInMonth[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
    return day <= last;
}

std::optional<int> year_if_real(int year, int month, int day) {
    if (!is_real_date(year, month, day)) return std::nullopt;
    return year;
}

}  // namespace

std::optional<int> birth_year_of(std::string_view d) {
    switch (d.size()) {
        case 4: {  // YYYY
            int year = number(d);
            return year >= 1 ? std::optional<int>(year) : std::nullopt;
        }
        case 8:  // YYYYMMDD
            return year_if_real(number(d.substr(0, 4)), number(d.substr(4, 2)),
                                number(d.substr(6, 2)));
        case 10:
            if (d[4] == '-' && d[7] == '-') {  // YYYY-MM-DD
                return year_if_real(number(d.substr(0, 4)), number(d.substr(5, 2)),
                                    number(d.substr(8, 2)));
            }
            if (d[2] == '/' && d[5] == '/') {  // DD/MM/YYYY
                return year_if_real(number(d.substr(6, 4)), number(d.substr(3, 2)),
                                    number(d.substr(0, 2)));
            }
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

}  // namespace vneid::identity

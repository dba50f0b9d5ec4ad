// Citizen ID rules (lib/src/identity/: citizen_id, birth_date,
// province_codes), as applied to what the IdP sends.
// Input: first line = the 12-digit ID, second line = the birth date, then
// two bytes for the current year (1900 + 0..1023).
#include <string>

#include "fuzz_support.h"
#include "identity/birth_date.h"
#include "identity/citizen_id.h"
#include "identity/province_codes.h"

using namespace vneid::identity;

namespace {

bool all_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil): an independent check of "the day exists".
long days_from_civil(long y, long m, long d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool day_exists(long y, long m, long d) {
    if (m < 1 || m > 12 || d < 1) return false;
    long next = m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1);
    return d <= next - days_from_civil(y, m, 1);
}

long num(std::string_view s) { return std::stol(std::string(s)); }

// What birth_year_of should answer, from the documented formats.
std::optional<int> expected_year(std::string_view d) {
    long y = 0, m = 0, day = 0;
    if (d.size() == 4 && all_digits(d)) {
        y = num(d);
        return y >= 1 ? std::optional<int>(int(y)) : std::nullopt;
    }
    if (d.size() == 8 && all_digits(d)) {
        y = num(d.substr(0, 4)), m = num(d.substr(4, 2)), day = num(d.substr(6, 2));
    } else if (d.size() == 10 && d[4] == '-' && d[7] == '-' && all_digits(d.substr(0, 4)) &&
               all_digits(d.substr(5, 2)) && all_digits(d.substr(8, 2))) {
        y = num(d.substr(0, 4)), m = num(d.substr(5, 2)), day = num(d.substr(8, 2));
    } else if (d.size() == 10 && d[2] == '/' && d[5] == '/' && all_digits(d.substr(0, 2)) &&
               all_digits(d.substr(3, 2)) && all_digits(d.substr(6, 4))) {
        day = num(d.substr(0, 2)), m = num(d.substr(3, 2)), y = num(d.substr(6, 4));
    } else {
        return std::nullopt;
    }
    if (y < 1 || !day_exists(y, m, day)) return std::nullopt;
    return int(y);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string_view id = in.line();
    std::string_view birth_date = in.line();
    int current_year = 1900 + ((in.byte() << 8 | in.byte()) & 1023);

    std::optional<int> year = birth_year_of(birth_date);
    FUZZ_CHECK(year == expected_year(birth_date));

    if (id.size() >= 3) {
        std::optional<std::string_view> province = province_name(id.substr(0, 3));
        if (province) FUZZ_CHECK(all_digits(id.substr(0, 3)) && !province->empty());
    }

    CitizenIdCheck check = check_citizen_id(id, current_year, birth_date);
    FUZZ_CHECK(describe(check.problem) != nullptr);
    if (id.size() != 12) FUZZ_CHECK(check.problem == CitizenIdProblem::wrong_length);
    if (!check.ok()) return 0;

    // Accepted: 12 digits, a known province, a birth year that is not in the
    // future and agrees with the IdP's birth date when there is one.
    FUZZ_CHECK(id.size() == 12 && all_digits(id));
    FUZZ_CHECK(province_name(id.substr(0, 3)) == check.province);
    FUZZ_CHECK(check.birth_year >= 1900 && check.birth_year <= current_year);
    FUZZ_CHECK(check.birth_year % 100 == (id[4] - '0') * 10 + (id[5] - '0'));
    FUZZ_CHECK(check.female == ((id[3] - '0') % 2 == 1));
    if (!birth_date.empty()) FUZZ_CHECK(year == check.birth_year);
    return 0;
}

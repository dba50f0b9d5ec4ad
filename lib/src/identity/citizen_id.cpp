#include "identity/citizen_id.h"

#include <optional>

#include "identity/birth_date.h"
#include "identity/province_codes.h"

namespace vneid::identity {
namespace {

constexpr size_t kCitizenIdLength = 12;

bool all_ascii_digits(std::string_view s) {
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

// Digit 4: 0/1 -> 1900s, 2/3 -> 2000s, ... 8/9 -> 2300s; odd means female.
int century_start(char century_gender_digit) {
    return 1900 + (century_gender_digit - '0') / 2 * 100;
}

}  // namespace

CitizenIdCheck check_citizen_id(std::string_view id, int current_year,
                                std::string_view birth_date) {
    CitizenIdCheck check;
    if (id.size() != kCitizenIdLength) {
        check.problem = CitizenIdProblem::wrong_length;
        return check;
    }
    if (!all_ascii_digits(id)) {
        check.problem = CitizenIdProblem::not_digits;
        return check;
    }

    std::optional<std::string_view> province = province_name(id.substr(0, 3));
    check.female = (id[3] - '0') % 2 == 1;
    check.birth_year = century_start(id[3]) + (id[4] - '0') * 10 + (id[5] - '0');
    if (!province) {
        check.problem = CitizenIdProblem::unknown_province;
        return check;
    }
    check.province = *province;

    if (check.birth_year > current_year) {
        check.problem = CitizenIdProblem::birth_year_in_future;
        return check;
    }
    if (!birth_date.empty()) {
        std::optional<int> stated_year = birth_year_of(birth_date);
        if (!stated_year) {
            check.problem = CitizenIdProblem::birth_date_unparseable;
        } else if (*stated_year != check.birth_year) {
            check.problem = CitizenIdProblem::birth_date_mismatch;
        }
    }
    return check;
}

const char* describe(CitizenIdProblem problem) {
    switch (problem) {
        case CitizenIdProblem::none: return "valid";
        case CitizenIdProblem::wrong_length: return "citizen id is not 12 characters";
        case CitizenIdProblem::not_digits: return "citizen id has non-digit characters";
        case CitizenIdProblem::unknown_province: return "unknown province code";
        case CitizenIdProblem::birth_year_in_future:
            return "encoded birth year is in the future";
        case CitizenIdProblem::birth_date_mismatch:
            return "birth date does not match the citizen id";
        case CitizenIdProblem::birth_date_unparseable:
            return "birth date in an unknown format";
    }
    return "unknown problem";
}

}  // namespace vneid::identity

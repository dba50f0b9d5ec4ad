// Checks on the 12-digit personal ID number (số định danh cá nhân), the key of
// every staff identity (docs/vneid-protocol.md §5). Kept as a string: leading
// zeros matter. There is no check digit, so this only catches ids that cannot
// be real, and disagreement with the birth date the IdP returns.
#pragma once

#include <string_view>

namespace vneid::identity {

enum class CitizenIdProblem {
    none,
    wrong_length,            // not exactly 12 characters
    not_digits,              // a character other than ASCII 0-9
    unknown_province,        // digits 1-3 not a province code
    birth_year_in_future,    // digits 4-6 encode a year after current_year
    birth_date_mismatch,     // IdP birth date's year differs from the encoded year
    birth_date_unparseable,  // IdP birth date present but in no known format
};

struct CitizenIdCheck {
    CitizenIdProblem problem = CitizenIdProblem::none;
    // Decoded fields; filled in once the id got far enough to decode them
    // (always when problem is none), otherwise 0 / false / empty.
    int birth_year = 0;
    bool female = false;
    std::string_view province;  // Vietnamese name (UTF-8), static storage

    bool ok() const { return problem == CitizenIdProblem::none; }
};

// birth_date: as sent by the IdP (see birth_year_of for formats); empty when
// it sent none, in which case only the id itself is checked.
CitizenIdCheck check_citizen_id(std::string_view id, int current_year,
                                std::string_view birth_date = {});

// Short English text for logs, e.g. "unknown province code".
const char* describe(CitizenIdProblem problem);

}  // namespace vneid::identity

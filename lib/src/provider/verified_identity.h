// Who the IdP says logged in, as it said it: the caller validates the
// citizen id (12 digits, province, birth year) and the level.
#pragma once

#include <string>

namespace vneid::provider {

struct VerifiedIdentity {
    std::string citizen_id;    // kept a string: leading zeros matter
    std::string name;          // UTF-8, "" when the IdP sent none
    std::string birth_date;    // as sent, "" when absent
    std::string account_type;  // "" when absent
    int level = 0;             // identification level (1 or 2 for VNeID)
};

}  // namespace vneid::provider

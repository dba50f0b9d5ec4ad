// One portal account a staff member may work as, as the chooser, the
// switcher widget and whoami show it (live from the account directory).
#pragma once

#include <string>

namespace vneid::pages {

struct AccountChoice {
    std::string username;      // the portal's login name, the value the forms post
    std::string display_name;  // may be empty: the username is shown instead
    std::string unit;          // may be empty
};

}  // namespace vneid::pages

// One portal account a staff member may work as, as the chooser, the
// switcher widget and whoami show it (live from the account directory).
#pragma once

#include <string>
#include <vector>

namespace vneid::pages {

struct AccountChoice {
    std::string username;      // the portal's login name, the value the forms post
    std::string display_name;  // may be empty: the username is shown instead
    std::string unit;          // may be empty
};

// What the chooser page and the switcher menu show: the same for both.
struct AccountsView {
    std::vector<AccountChoice> accounts;  // the enabled linked accounts, in display order
    std::string active;                   // the active username, "" if none
    std::string action_url;               // POST target of the switch, e.g. "/_vneid/accounts";
                                          // also the chooser page's address (GET)
    std::string csrf_token;               // posted as "csrf"
    std::string return_path;              // posted as "return"; "" or "/": the front page
    std::string name;                     // the staff member's display name; may be empty
    std::string logout_url;               // the chooser: a link to the logout confirmation;
                                          // the switcher: its logout form's POST target
};

}  // namespace vneid::pages

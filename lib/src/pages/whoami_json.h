// GET /_vneid/whoami: who the session belongs to, for the portal's own
// scripts (the name in its header, the account switcher, the CSRF token its
// own logout button must post).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pages/account_choice.h"

namespace vneid::pages {

struct WhoamiIdentity {
    std::string_view citizen_id;
    std::string_view name;
    std::string_view account;              // the active username, "" if none
    std::vector<AccountChoice> accounts;   // the enabled linked accounts
    int level = 0;
    int64_t auth_time = 0;
    std::string_view csrf_token;
};

// {"authenticated":false} without a session (id null), else
// {"account","accounts":[{"display_name","unit","username"},...],"auth_time",
// "authenticated":true,"citizen_id","csrf_token","level","name"} (keys
// sorted). Malformed UTF-8 in a value becomes U+FFFD rather than failing the
// answer.
std::string render_whoami_json(const WhoamiIdentity* id);

}  // namespace vneid::pages

#include "pages/whoami_json.h"

#include <nlohmann/json.hpp>

namespace vneid::pages {

std::string render_whoami_json(const WhoamiIdentity* id) {
    nlohmann::json j;
    if (id == nullptr) {
        j["authenticated"] = false;
    } else {
        j["authenticated"] = true;
        j["citizen_id"] = id->citizen_id;
        j["name"] = id->name;
        j["level"] = id->level;
        j["account"] = id->account;
        j["accounts"] = nlohmann::json::array();
        for (const AccountChoice& account : id->accounts) {
            j["accounts"].push_back({{"username", account.username},
                                     {"display_name", account.display_name},
                                     {"unit", account.unit}});
        }
        j["auth_time"] = id->auth_time;
        j["csrf_token"] = id->csrf_token;
    }
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace vneid::pages

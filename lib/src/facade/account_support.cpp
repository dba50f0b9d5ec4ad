#include "facade/account_support.h"

#include <set>

#include "request/portal_cookies.h"

namespace vneid::facade {

std::vector<pages::AccountChoice> account_choices(session::Store& store,
                                                  std::string_view citizen_id) {
    std::vector<pages::AccountChoice> out;
    for (auto& a : store.enabled_accounts(citizen_id)) {
        out.push_back({std::move(a.username), std::move(a.display_name), std::move(a.unit)});
    }
    return out;
}

std::string expiry_lines(const std::vector<session::PortalCookieBinding>& bindings) {
    std::string out;
    std::set<std::string> seen;  // several values of one cookie: one expiry
    for (const auto& b : bindings) {
        std::string line = request::expired_set_cookie(b.name, b.path, b.domain);
        if (line.empty() || !seen.insert(line).second) continue;  // not a cookie name, or done
        if (!out.empty()) out += '\n';
        out += line;
    }
    return out;
}

}  // namespace vneid::facade

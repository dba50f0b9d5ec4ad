// What the accounts and portal-cookie wrappers share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pages/whoami_json.h"
#include "session/session_record.h"
#include "session/session_store.h"

namespace vneid::facade {

// The citizen's enabled accounts with their names and units, for pages.
std::vector<pages::AccountChoice> account_choices(session::Store& store,
                                                  std::string_view citizen_id);

// One Set-Cookie value per line expiring each binding, as the backend
// scoped it.
std::string expiry_lines(const std::vector<session::PortalCookieBinding>& bindings);

}  // namespace vneid::facade

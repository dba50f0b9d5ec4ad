// /_vneid/start: remember where the staff member was going, bind the login
// to this browser, and send the browser to VNeID.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "flow/gateway.h"
#include "session/session_store.h"

namespace vneid::flow {

struct LoginStart {
    std::string authorization_url;  // 302 target
    std::string binding;            // browser-binding cookie value to (re)set
};

// `binding` is the browser's existing binding cookie ("" if none): reusing
// it lets several tabs log in at once, each with its own state. The return
// path is made safe here (relative only).
LoginStart start_login(session::Store& store, const Gateway& gateway,
                       std::string_view return_path, std::string_view binding,
                       std::string_view origin, int64_t now);

}  // namespace vneid::flow

// Where a portal's redirect leads, for the portal login check's `redirect`
// rule: after a POST of the legacy credentials, a redirect back to the login
// page ("/dang-nhap?loi=1") is a refusal, one anywhere else a success. A
// false "anywhere else" links an account without its password, so every
// doubt here resolves towards "the login page again".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vneid::link {

// The path a Location header value leads to, resolved against `base_path`
// (the login URL's path, without its query), as a browser would: absolute
// ("https://host/p"), scheme-relative ("//host/p"), absolute-path ("/p") and
// relative ("p", "../p", "?q", "") references; '\' read as '/', query and
// fragment dropped. The host is deliberately not returned: a portal behind a
// proxy often redirects to its public name while the gateway calls an
// internal address, so only the path can say "the login page again".
// nullopt when the value cannot be judged: a control character, a scheme
// other than http(s), or "http:" not followed by "//".
std::optional<std::string> redirect_path(std::string_view base_path, std::string_view location);

// A path in the form two paths are compared in: %XX of unreserved
// characters decoded, ";params" dropped from each segment (Tomcat's
// ";jsessionid=..."), dot segments removed, trailing '/' dropped (except the
// root), ASCII letters lowercased (IIS and many legacy portals ignore case,
// so "/Login.aspx" is the login page "/login.aspx" again).
std::string comparable_path(std::string_view path);

// True when `location` leads back to the page at `login_path`, or cannot be
// judged (see redirect_path).
bool leads_to_login_page(std::string_view login_path, std::string_view location);

}  // namespace vneid::link

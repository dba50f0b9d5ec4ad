// The portal's own session cookies (vneid_portal_cookies): which ones the
// backend may see and how the browser is told to drop the others.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace vneid::request {

// Removes in place, from one Cookie request-header value, every pair whose
// name is one of `names` (exact, case-sensitive) and for which
// keep(name, value) is false (an empty `keep` keeps none: no session, no
// portal cookie). Values are compared as sent, quotes included. Returns the
// new length, never more than len; the other pairs keep their order (the
// same splitting and joining as remove_cookie). The names of removed pairs
// are appended to *removed (may be null) unless already there, so calling
// it for each of several Cookie headers lists each name once.
size_t filter_cookies(char* header, size_t len, const std::vector<std::string_view>& names,
                      const std::function<bool(std::string_view name, std::string_view value)>& keep,
                      std::vector<std::string>* removed);

// True for a cookie name a Set-Cookie can carry as is: an RFC 6265 token
// (visible ASCII without separators such as ';', '=', ',', '"' or space).
// For checking vneid_portal_cookies names when the configuration is read.
bool is_cookie_name(std::string_view name);

// A Set-Cookie value that makes the browser drop cookie `name` set with
// that Path and Domain:
// "NAME=; Path=P; Domain=D; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT".
// Path "/" when empty or not a valid path ('/' then visible ASCII or space,
// no ';', at most 1024 bytes); no Domain when empty or not a host name
// (letters, digits, '-', '_', '.'), so bytes from a backend's header are
// never echoed outside cookie-attribute syntax. "__Secure-" and "__Host-"
// names get "; Secure" (browsers refuse them without), and "__Host-" names
// Path=/ and no Domain, as that prefix requires. "" when !is_cookie_name(name).
std::string expired_set_cookie(std::string_view name, std::string_view path,
                               std::string_view domain);

}  // namespace vneid::request

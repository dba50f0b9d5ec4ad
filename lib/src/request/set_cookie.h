#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vneid::request {

// One Set-Cookie response header, as much of it as the gateway needs to
// follow a backend's own session cookie. Views point into the header.
struct SetCookie {
    std::string_view name, value;
    // The last valid Path (starting with '/'; "" when absent or not valid:
    // then the browser uses the request's default path) and the last
    // non-empty Domain, as written (a leading '.' kept).
    std::string_view path, domain;
    bool deletes = false;  // the cookie is being removed, not set
};

// Parses one Set-Cookie header value leniently, as browsers do (RFC 6265
// §5.2): the name=value pair before the first ';' (values keep their
// quotes, as the browser stores and sends them), then attributes whose names
// are case-insensitive, whitespace trimmed everywhere.
// nullopt: no '=' in the first pair, an empty name, a control character
// other than HTAB in the pair, or name + value over 4096 bytes (browsers
// drop such cookies; an attribute value over 1024 bytes is ignored, as they
// do).
// deletes: the last valid Max-Age is <= 0, or, without one, the last
// parseable Expires (cookie_date.h) is at or before `now` (unix seconds).
// Max-Age wins over Expires; an unparseable Expires or Max-Age is ignored.
std::optional<SetCookie> parse_set_cookie(std::string_view header, int64_t now);

}  // namespace vneid::request

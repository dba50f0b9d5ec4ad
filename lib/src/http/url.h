// URL checks at the two trust boundaries: IdP endpoints written by the
// operator (validated when nginx reads its configuration) and the post-login
// return path supplied by whoever sent the browser to /_vneid/login.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vneid::http {

struct Url {
    std::string scheme;           // "http" or "https", lowercased
    std::string host;             // lowercased; an IPv6 literal keeps its brackets
    int port = 0;                 // explicit, or 80/443 by scheme
    std::string path_and_query;   // at least "/"
};

// Accepts only absolute http(s) URLs with a host; refuses userinfo
// ("user@host"), fragments, whitespace, control and non-ASCII characters,
// backslashes, bad ports and malformed %-escapes.
std::optional<Url> parse_absolute_http_url(std::string_view text);

// The return target after login, already percent-decoded once by the caller.
// Returns `raw` when it is a path on this site: one leading '/', not followed
// by '/' or '\' (browsers read "//host" and "/\host" as another host), and no
// backslash or control character (CR/LF would split the Location header).
// Anything else yields "/".
std::string safe_return_path(std::string_view raw);

}  // namespace vneid::http

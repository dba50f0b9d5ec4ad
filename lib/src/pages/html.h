// Turning untrusted text into safe HTML.
#pragma once

#include <string>
#include <string_view>

namespace vneid::pages {

// Escapes text for use in element content and in quoted attribute values
// (& < > " ' all become references). Malformed UTF-8 and control characters
// other than tab/CR/LF become U+FFFD, so every page stays valid UTF-8 even
// when a value (a name from the IdP, a URL) is not.
std::string html_escape(std::string_view text);
void append_escaped(std::string& out, std::string_view text);

// True for hrefs the pages may link to: a relative reference ("/_vneid/login",
// "login?x=1") or an absolute http(s) URL. Rejects other schemes
// (javascript:, data:), scheme-relative "//host" and "/\host", and anything
// with whitespace or control characters, which browsers strip before parsing.
bool is_safe_href(std::string_view url);

// `url` if is_safe_href, otherwise an empty string; callers then omit the link.
std::string_view safe_href(std::string_view url);

}  // namespace vneid::pages

// Query strings and form bodies. Two decoders on purpose: VNeID puts base64
// codes (which contain '+') in the callback query, so the query decoder keeps
// '+' as '+'; the gateway's own HTML forms are application/x-www-form-urlencoded,
// where '+' means a space.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vneid::http {

// Value of the first `name` parameter in a raw query (without the leading '?'),
// percent-decoded, '+' kept. A parameter without '=' has the value "".
// A malformed escape ("%G1", a trailing '%') is kept literally.
std::optional<std::string> query_param(std::string_view raw_query, std::string_view name);

// How many times `name` occurs: lets callers refuse duplicated critical
// parameters (code, state) instead of silently taking the first.
size_t query_param_count(std::string_view raw_query, std::string_view name);

// RFC 3986: unreserved characters kept, every other byte as uppercase %XX
// (so '+' becomes %2B and a space %20).
std::string url_encode(std::string_view in);

// name=value&... with both sides url_encode'd.
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);

// Value of the first `name` field of an application/x-www-form-urlencoded
// body: '+' is a space, then percent-decoding.
std::optional<std::string> form_param(std::string_view body, std::string_view name);

}  // namespace vneid::http

#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace vneid::request {

// Removes every "name=value" pair called `name` from a Cookie header value,
// in place; returns the new length, which is never more than len (callers
// size nothing for growth). The rest keeps its order, joined by "; " where
// the input had room for it and by ";" where it had only a bare ';'.
size_t remove_cookie(char* header, size_t len, std::string_view name);

// The value of the first pair called exactly `name` (cookie names are
// case-sensitive), using the same splitting as remove_cookie, so what
// authenticates is exactly what gets stripped.
std::optional<std::string_view> find_cookie(std::string_view header, std::string_view name);

}  // namespace vneid::request

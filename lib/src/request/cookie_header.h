#pragma once

#include <cstddef>
#include <string_view>

namespace vneid::request {

// Removes every "name=value" pair called `name` from a Cookie header value,
// in place; returns the new length. The rest keeps its order and spacing
// ("a=1; b=2"), so the backend sees its own cookies unchanged.
size_t remove_cookie(char* header, size_t len, std::string_view name);

}  // namespace vneid::request

#pragma once

#include <string_view>

namespace vneid::crypto {

// Compares secrets without a timing side channel on their content
// (the length is not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace vneid::crypto

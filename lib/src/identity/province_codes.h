// Province codes: digits 1-3 of the 12-digit personal ID number (the 63-province
// coding that issued numbers still carry; see docs/vneid-protocol.md §5).
#pragma once

#include <optional>
#include <string_view>

namespace vneid::identity {

// Vietnamese name (UTF-8) of a 3-digit province code, or nullopt if unknown.
std::optional<std::string_view> province_name(std::string_view code);

}  // namespace vneid::identity

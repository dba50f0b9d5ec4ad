// The account directory's value: legacy portal accounts linked to one
// 12-digit citizen id.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vneid::session {

struct LegacyAccount {
    std::string username, display_name, unit;
};

// u8 version (1) | u32 n | n x (str username | str display_name | str unit)
std::string encode_accounts(const std::vector<LegacyAccount>& accounts);
std::optional<std::vector<LegacyAccount>> decode_accounts(std::string_view raw);

// Exactly 12 ASCII digits (số định danh cá nhân).
bool is_citizen_id(std::string_view s);

}  // namespace vneid::session

// Birth dates as identity providers send them (VNeID birthDate, DVCQG
// NgayThangNamSinh), reduced to the year the citizen ID encodes.
#pragma once

#include <optional>
#include <string_view>

namespace vneid::identity {

// Year of a date in one of: YYYY-MM-DD, DD/MM/YYYY, YYYYMMDD, YYYY.
// Month and day must exist in that year. nullopt for anything else.
std::optional<int> birth_year_of(std::string_view date);

}  // namespace vneid::identity

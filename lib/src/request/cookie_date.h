#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vneid::request {

// A cookie Expires date as browsers read it (RFC 6265 §5.1.1): tokens split
// at delimiters, the first time, day of month, month and year found in any
// order, so RFC 1123 ("Thu, 01 Jan 1970 00:00:00 GMT"), RFC 850
// ("Thursday, 01-Jan-70 00:00:00 GMT") and asctime ("Thu Jan  1 00:00:00
// 1970") all parse. Two-digit years: 70-99 are 19xx, 00-69 20xx. Always UTC
// (a zone name is ignored, as browsers do). Unix seconds, or nullopt when a
// part is missing or out of range, the year is before 1601 or the day does
// not exist (31 Feb).
std::optional<int64_t> parse_cookie_date(std::string_view text);

}  // namespace vneid::request

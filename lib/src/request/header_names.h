#pragma once

#include <string_view>

namespace vneid::request {

// True when `name` starts with `prefix`, ignoring case and treating '-' and
// '_' alike: FastCGI/CGI backends see X-VNeID-Name and X_VNeID_Name as the
// same HTTP_X_VNEID_NAME, so a forgery in either spelling must be caught.
bool header_has_prefix(std::string_view name, std::string_view prefix);

// True when a header value can be sent as is (no CR, LF or NUL).
bool safe_header_value(std::string_view value);

}  // namespace vneid::request

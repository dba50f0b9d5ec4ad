// Base64 (RFC 4648 §4) and base64url (§5, unpadded) codecs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vneid::util {

std::string base64_encode(std::string_view in);
// Accepts padded or unpadded input; rejects any other character.
std::optional<std::string> base64_decode(std::string_view in);

std::string base64url_encode(std::string_view in);
std::optional<std::string> base64url_decode(std::string_view in);

}  // namespace vneid::util

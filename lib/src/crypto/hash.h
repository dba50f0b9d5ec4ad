#pragma once

#include <string>
#include <string_view>

namespace vneid::crypto {

// Raw 32-byte digest.
std::string sha256(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

}  // namespace vneid::crypto

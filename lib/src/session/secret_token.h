// Session cookies and OAuth state values: 32 CSPRNG bytes, sent to the
// browser as 43 unpadded base64url characters, stored only as SHA-256.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vneid::session {

inline constexpr size_t kSecretBytes = 32;

struct SecretToken {
    std::string value;        // what the browser gets (cookie / state)
    std::string storage_key;  // sha256(raw bytes): the database key
};

SecretToken new_secret_token();

// The storage key for a token from the browser, or nullopt unless it is the
// canonical 43-character encoding of exactly 32 bytes (no padding, unused low
// bits zero), so one secret has exactly one valid spelling. No DB access.
std::optional<std::string> storage_key_of(std::string_view token);

}  // namespace vneid::session

#include "session/secret_token.h"

#include "crypto/hash.h"
#include "crypto/random.h"
#include "util/base64.h"

namespace vneid::session {
namespace {

constexpr size_t kTokenChars = 43;  // ceil(32 * 8 / 6)

// The last of 43 characters carries 4 data bits and 2 unused ones; only the
// characters whose unused bits are zero are canonical.
bool canonical_last_char(char c) {
    static constexpr std::string_view kCanonical = "AEIMQUYcgkosw048";
    return kCanonical.find(c) != std::string_view::npos;
}

}  // namespace

SecretToken new_secret_token() {
    std::string raw = crypto::random_bytes(kSecretBytes);
    return {util::base64url_encode(raw), crypto::sha256(raw)};
}

std::optional<std::string> storage_key_of(std::string_view token) {
    if (token.size() != kTokenChars || !canonical_last_char(token.back())) {
        return std::nullopt;
    }
    auto raw = util::base64url_decode(token);
    if (!raw || raw->size() != kSecretBytes) return std::nullopt;
    return crypto::sha256(*raw);
}

}  // namespace vneid::session

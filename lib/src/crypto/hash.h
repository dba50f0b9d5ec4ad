#pragma once

#include <string>
#include <string_view>

namespace vneid::crypto {

// Raw 32-byte digest.
std::string sha256(std::string_view data);
// The same into out, without allocating (a per-thread context is reused):
// for hashes on nginx's event loop, per request. Not for thread-pool tasks:
// the context is freed when its thread exits, and pool threads exit while
// OpenSSL cleans up at worker shutdown (see vneid_login_run).
void sha256_into(std::string_view data, unsigned char (&out)[32]);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

}  // namespace vneid::crypto

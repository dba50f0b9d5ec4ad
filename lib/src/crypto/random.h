// Secrets (session ids, state, CSRF tokens) come only from OpenSSL's CSPRNG.
#pragma once

#include <string>

namespace vneid::crypto {

// n bytes from RAND_bytes; throws CryptoError if the generator fails.
std::string random_bytes(size_t n);

// base64url (unpadded) of n random bytes.
std::string random_token(size_t n);

}  // namespace vneid::crypto

// A callback with encrypt_key carries the authorization code encrypted:
// encrypt_key is an AES key wrapped with our RSA public key, code is the
// AES-ECB ciphertext of the real code.
#pragma once

#include <string>
#include <string_view>

#include "crypto/rsa_private_key.h"
#include "provider/vneid/hybrid_decrypt.h"

namespace vneid::provider::vneid_profile {

// The plain code to send to the token endpoint. Throws DecryptError.
std::string decrypt_code(std::string_view code_base64, std::string_view encrypt_key_base64,
                         const crypto::RsaPrivateKey& client_key);

}  // namespace vneid::provider::vneid_profile

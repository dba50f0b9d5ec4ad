// VNeID's one encryption scheme, used for encrypted codes and {data,key}
// envelopes alike: a fresh AES key wrapped with the relying party's RSA
// public key (PKCS#1 v1.5), the payload in AES-ECB with PKCS#7 padding,
// both base64. Decrypt only: the gateway never produces ECB ciphertext.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "crypto/rsa_private_key.h"

namespace vneid::provider::vneid_profile {

// What went wrong, in words safe for the error log (no key material, no
// plaintext, no ciphertext).
class DecryptError : public std::runtime_error {
 public:
    using std::runtime_error::runtime_error;
};

// base64 -> RSA decrypt -> an AES-128/192/256 key.
std::string unwrap_aes_key(std::string_view wrapped_key_base64, const crypto::RsaPrivateKey& key);

// base64 -> AES-ECB decrypt with `aes_key`.
std::string decrypt_aes_base64(std::string_view aes_key, std::string_view data_base64);

}  // namespace vneid::provider::vneid_profile

// VNeID may wrap its token and user-info answers in {"data": .., "key": ..}:
// key is an AES key wrapped with our RSA public key, data the AES-ECB
// ciphertext of the real JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "crypto/rsa_private_key.h"
#include "provider/vneid/hybrid_decrypt.h"

namespace vneid::provider::vneid_profile {

// True for an object with the string members "data" and "key"; any other
// members are ignored (public integrations accept them, and one extra field
// from VNeID must not break every login).
bool is_envelope(const nlohmann::json& answer);

// The decrypted inner text (the JSON the IdP wrapped). Throws DecryptError.
std::string open_envelope(const nlohmann::json& envelope, const crypto::RsaPrivateKey& client_key);

}  // namespace vneid::provider::vneid_profile

// The IdP's half of VNeID's encryption, for tests: an RSA key pair and
// AES-ECB encryption (which the gateway itself never produces).
#pragma once

#include <string>
#include <string_view>

namespace vneid::provider::testing {

// A fresh 2048-bit RSA private key as PKCS#8 PEM.
std::string make_rsa_private_pem();

// Keys generated once per test binary: the relying party's own, and one
// that belongs to somebody else.
const std::string& rp_key_pem();
const std::string& stranger_key_pem();

// RSAES-PKCS1-v1_5 with the public half of `private_pem`.
std::string rsa_encrypt(const std::string& private_pem, std::string_view plaintext);

// AES-ECB, PKCS#7 padding; key of 16/24/32 bytes.
std::string aes_ecb_encrypt(std::string_view key, std::string_view plaintext);

// {"data": b64(AES(aes_key, inner_json)), "key": b64(RSA(aes_key))}
std::string make_envelope(const std::string& private_pem, std::string_view aes_key,
                          std::string_view inner_json);

}  // namespace vneid::provider::testing

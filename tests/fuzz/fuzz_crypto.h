// For the targets that need VNeID's encryption: the fixed test key, the
// IdP's half of the scheme (tests/unit/provider/test_crypto.h) and a VNeID
// provider configured with that key, as nginx would configure it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "crypto/rsa_private_key.h"
#include "fuzz_rsa_key.h"
#include "provider/provider_config.h"
#include "provider/vneid/vneid_provider.h"
#include "test_crypto.h"
#include "util/base64.h"

namespace vneid_fuzz {

inline const vneid::crypto::RsaPrivateKey& test_key() {
    static const auto key = vneid::crypto::RsaPrivateKey::load_pem(kTestRsaKeyPem);
    return *key;
}

// base64(RSA(test public key, plaintext)), wrapped once per distinct AES key
// rather than once per input.
inline const std::string& wrapped_b64(const std::string& plaintext) {
    static std::map<std::string, std::string> cache;
    auto it = cache.find(plaintext);
    if (it == cache.end()) {
        std::string wrapped = vneid::provider::testing::rsa_encrypt(kTestRsaKeyPem, plaintext);
        it = cache.emplace(plaintext, vneid::util::base64_encode(wrapped)).first;
    }
    return it->second;
}

// One of three fixed AES keys (16, 24 or 32 bytes, not base64 text).
inline std::string aes_key(uint8_t selector) {
    static const std::string bytes =
        "\x9c\x01\xf3\x7e\x42\xa8\x10\xd5\x66\xb1\x0f\xe9\x23\x8a\xc4\x57"
        "\x31\xfe\x07\x9d\xba\x48\x62\x1c\xe0\x75\x93\x2f\xd8\x04\xab\x6e";
    static const size_t sizes[] = {16, 24, 32};
    return bytes.substr(0, sizes[selector % 3]);
}

// AES-ECB ciphertext of `plaintext`, base64, optionally in Java MIME style
// (CRLF after every 76 characters), which the decoder must accept.
inline std::string encrypt_b64(const std::string& key, std::string_view plaintext, bool mime) {
    std::string text =
        vneid::util::base64_encode(vneid::provider::testing::aes_ecb_encrypt(key, plaintext));
    if (mime) {
        for (size_t at = 76; at < text.size(); at += 78) text.insert(at, "\r\n");
    }
    return text;
}

// The VNeID profile with the test key as vneid_client_key.
inline const vneid::provider::VneidProvider& test_provider() {
    static const vneid::provider::VneidProvider provider([] {
        vneid::provider::ProviderConfig config;
        config.authorization_endpoint = "https://sso.example.gov.vn/auth";
        config.token_endpoint = "https://sso.example.gov.vn/token";
        config.userinfo_endpoint = "https://sso.example.gov.vn/userinfo";
        config.client_id = "motcua-client";
        config.client_secret = "s3cret";
        config.client_key = vneid::crypto::RsaPrivateKey::load_pem(kTestRsaKeyPem);
        return config;
    }());
    return provider;
}

}  // namespace vneid_fuzz

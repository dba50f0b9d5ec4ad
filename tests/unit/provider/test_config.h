// A complete VNeID profile configuration for tests.
#pragma once

#include "crypto/rsa_private_key.h"
#include "provider/provider_config.h"
#include "test_crypto.h"

namespace vneid::provider::testing {

inline constexpr const char* kRedirectUri = "https://motcua.example.gov.vn/_vneid/callback";
inline constexpr const char* kClientSecret = "s3cret+value/ZZ";

inline ProviderConfig test_config(bool with_key = false) {
    ProviderConfig config;
    config.authorization_endpoint = "https://sso.example.gov.vn/auth";
    config.token_endpoint = "https://sso.example.gov.vn/token";
    config.userinfo_endpoint = "https://sso.example.gov.vn/userinfo";
    config.client_id = "motcua-client";
    config.client_secret = kClientSecret;
    if (with_key) config.client_key = crypto::RsaPrivateKey::load_pem(rp_key_pem());
    return config;
}

}  // namespace vneid::provider::testing

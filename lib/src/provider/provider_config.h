// What the operator configured for the identity provider (vneid_* directives),
// immutable once nginx has read its configuration and shared by reference.
#pragma once

#include <memory>
#include <string>

#include "crypto/rsa_private_key.h"

namespace vneid::provider {

// User-info claim names (vneid_claim FIELD NAME); defaults are VNeID's.
struct ClaimMap {
    std::string citizen_id = "citizenPid";
    std::string name = "fullName";
    std::string birth_date = "birthDate";
    std::string level = "accountLevel";
    // Read, not stored (bounded like the others); a string or an integer.
    std::string account_type = "accountType";
};

// vneid_token_code: what the token call carries when the callback had
// encrypt_key. Deployments disagree: most want the code decrypted with the
// key inside encrypt_key, some the code exactly as the callback carried it.
enum class TokenCode { decrypted, encrypted };

struct ProviderConfig {
    std::string profile = "vneid";  // vneid_provider: "vneid" | "oidc"
    // vneid_provider ... insecure: accept plain http:// endpoints (a local
    // test IdP). Off by default: the client secret and tokens travel in them.
    bool allow_plain_http = false;
    std::string authorization_endpoint, token_endpoint, userinfo_endpoint,
        end_session_endpoint;  // end_session may be empty
    std::string client_id, client_secret;
    // vneid_client_key: decrypts encrypt_key and {data,key} envelopes; may be null.
    std::shared_ptr<const crypto::RsaPrivateKey> client_key;
    std::string scope = "openid";
    // Extra query for the authorization request, e.g. "acr_values=LoA1";
    // appended raw after check_provider_config accepted it.
    std::string auth_params;
    ClaimMap claims;
    long timeout_ms = 5000;            // vneid_idp_timeout (used by the transport)
    std::string trusted_certificate;   // CA bundle for IdP calls; "" = system CAs
    TokenCode token_code = TokenCode::decrypted;
    // vneid_idp_proxy: outbound HTTP proxy for the token and user-info calls
    // ("http://host:port"); "" = direct. Used by the transport.
    std::string idp_proxy;
};

}  // namespace vneid::provider

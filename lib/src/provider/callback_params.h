// The IdP's redirect back to redirect_uri, as the provider needs it.
#pragma once

#include <string>
#include <string_view>

namespace vneid::provider {

struct CallbackParams {
    std::string code;           // base64 for VNeID: may contain '+'
    std::string state;
    std::string encrypt_key;    // VNeID: RSA-wrapped AES key of an encrypted code
    std::string error;          // OAuth2 error=, e.g. access_denied
    std::string error_description;
};

// Reads the raw callback query (without '?') with the '+'-preserving query
// decoder; absent parameters are "". First occurrence wins: callers that
// must refuse duplicates check http::query_param_count.
CallbackParams parse_callback(std::string_view raw_query);

}  // namespace vneid::provider

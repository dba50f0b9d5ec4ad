// The VNeID SSO profile (vneid_provider vneid): OAuth2 authorization code
// without id_token, nonce or PKCE; optional encrypted codes and {data,key}
// envelopes; identity from the user-info endpoint. See docs/vneid-protocol.md §2.
#pragma once

#include <nlohmann/json.hpp>

#include "provider/idp_call.h"
#include "provider/provider.h"

namespace vneid::provider {

class VneidProvider final : public Provider {
 public:
    // Expects a configuration that passed check_provider_config.
    explicit VneidProvider(ProviderConfig config);

    std::string authorization_url(std::string_view state, std::string_view redirect_uri,
                                  std::string_view nonce,
                                  std::string_view code_challenge) const override;
    VerifiedIdentity complete_login(const CallbackParams& callback, std::string_view redirect_uri,
                                    http::HttpTransport& transport) const override;
    std::string end_session_url(std::string_view post_logout_redirect_uri,
                                std::string_view state = {}) const override;

 private:
    std::string exchange_code(const CallbackParams& callback, std::string_view redirect_uri,
                              http::HttpTransport& transport) const;
    nlohmann::json fetch_userinfo(const std::string& access_token,
                                  http::HttpTransport& transport) const;
    // The answer's JSON object, opening a {data,key} envelope if it is one.
    nlohmann::json read_answer(const http::HttpResponse& response, IdpEndpoint endpoint) const;

    ProviderConfig config_;
};

}  // namespace vneid::provider

// One small interface per identity-provider profile (vneid, later oidc): the
// login flow and the tests drive it, the HTTP transport sits behind another.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "http/transport.h"
#include "provider/callback_params.h"
#include "provider/login_error.h"
#include "provider/provider_config.h"
#include "provider/verified_identity.h"

namespace vneid::provider {

class Provider {
 public:
    virtual ~Provider();

    // Where to send the browser. Profiles without nonce/PKCE ignore those
    // arguments, so the flow can always pass them.
    virtual std::string authorization_url(std::string_view state, std::string_view redirect_uri,
                                          std::string_view nonce,
                                          std::string_view code_challenge) const = 0;

    // Exchanges the callback for an identity (blocking: run it on a thread-pool
    // thread). The caller has already checked state. Throws LoginError.
    virtual VerifiedIdentity complete_login(const CallbackParams& callback,
                                            std::string_view redirect_uri,
                                            http::HttpTransport& transport) const = 0;

    // IdP logout URL, or "" when no end-session endpoint is configured.
    // `state` (may be empty: none) comes back with the browser to
    // post_logout_redirect_uri, as OpenID Connect RP-initiated logout does.
    virtual std::string end_session_url(std::string_view post_logout_redirect_uri,
                                        std::string_view state = {}) const = 0;
};

// Checks the configuration (check_provider_config) and builds the profile's
// provider. Throws std::invalid_argument naming the directive at fault.
std::unique_ptr<Provider> make_provider(ProviderConfig config);

}  // namespace vneid::provider

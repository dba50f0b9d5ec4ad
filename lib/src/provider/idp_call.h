// The OAuth2 back-channel calls (token, user-info) as login failures: maps
// transport errors and HTTP statuses to LoginFailure with a detail an
// operator can act on. Shared by the provider profiles.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "http/transport.h"
#include "provider/login_error.h"

namespace vneid::provider {

enum class IdpEndpoint { token, userinfo };

// "token endpoint" / "userinfo endpoint", to start log details.
const char* endpoint_label(IdpEndpoint endpoint);

// transport.send(); a TransportError becomes a LoginError (timeout ->
// idp_timeout, connect -> idp_unreachable, tls -> idp_tls, too_large ->
// idp_bad_answer, other -> idp_unreachable).
http::HttpResponse call_idp(http::HttpTransport& transport, const http::HttpRequest& request,
                            IdpEndpoint endpoint);

// Accepts 2xx. Token endpoint 400 with error=invalid_grant -> code_rejected;
// any other status -> idp_error (401 with a hint about credentials/IP allow-list).
void check_idp_status(const http::HttpResponse& response, IdpEndpoint endpoint);

// The body as a JSON object, else LoginError(idp_bad_answer, "<what> is not a JSON object").
nlohmann::json parse_json_object(std::string_view body, std::string_view what);

}  // namespace vneid::provider

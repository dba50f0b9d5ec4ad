#include "flow/login_start.h"

#include <stdexcept>

#include "crypto/hash.h"
#include "crypto/random.h"
#include "http/url.h"
#include "session/flow_limits.h"

namespace vneid::flow {
namespace {

bool usable_binding(std::string_view binding) {
    // our own format: 43 base64url characters
    if (binding.size() != 43) return false;
    for (char c : binding) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

LoginStart start_login(session::Store& store, const Gateway& gateway,
                       std::string_view return_path, std::string_view binding,
                       std::string_view origin, int64_t now) {
    LoginStart out;
    out.binding = usable_binding(binding) ? std::string(binding) : crypto::random_token(32);

    session::FlowRecord flow;
    flow.binding_hash = crypto::sha256(out.binding);
    // Everything stored comes from the client: bounded, so that a flow
    // costs little (flow_limits.h). An overlong return path becomes "/".
    flow.return_url = return_path.size() <= session::kMaxFlowReturnBytes
                          ? http::safe_return_path(return_path)
                          : std::string("/");
    flow.redirect_uri = gateway.redirect_uri_for(origin);
    if (flow.redirect_uri.size() > session::kMaxFlowRedirectUriBytes) {
        throw std::invalid_argument("redirect_uri built from the request is longer than " +
                                    std::to_string(session::kMaxFlowRedirectUriBytes) +
                                    " bytes (overlong Host header?)");
    }
    flow.created = now;
    flow.expires = now + gateway.settings().flow_ttl;
    std::string state = store.create_flow(flow);

    out.authorization_url =
        gateway.provider().authorization_url(state, flow.redirect_uri, "", "");
    return out;
}

}  // namespace vneid::flow

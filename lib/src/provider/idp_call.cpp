#include "provider/idp_call.h"

#include <string>

namespace vneid::provider {
namespace {

// An OAuth2 error code from the IdP ("invalid_client") goes into the log only
// when it looks like one: no free text, nothing that could forge log lines.
std::string oauth_error_code(std::string_view body) {
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_object()) return "";
    auto it = json.find("error");
    if (it == json.end() || !it->is_string()) return "";
    const std::string& code = it->get_ref<const std::string&>();
    if (code.empty() || code.size() > 64) return "";
    for (char c : code) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) return "";
    }
    return code;
}

}  // namespace

const char* endpoint_label(IdpEndpoint endpoint) {
    return endpoint == IdpEndpoint::token ? "token endpoint" : "userinfo endpoint";
}

http::HttpResponse call_idp(http::HttpTransport& transport, const http::HttpRequest& request,
                            IdpEndpoint endpoint) {
    try {
        return transport.send(request);
    } catch (const http::TransportError& e) {
        std::string detail = std::string(endpoint_label(endpoint)) + ": " + e.what();
        switch (e.kind()) {
            case http::TransportFailure::timeout:
                throw LoginError(LoginFailure::idp_timeout, detail);
            case http::TransportFailure::connect:
                throw LoginError(LoginFailure::idp_unreachable, detail);
            case http::TransportFailure::tls:
                throw LoginError(LoginFailure::idp_tls, detail);
            case http::TransportFailure::too_large:
                throw LoginError(LoginFailure::idp_bad_answer, detail);
            case http::TransportFailure::other:
                break;
        }
        throw LoginError(LoginFailure::idp_unreachable, detail);
    }
}

void check_idp_status(const http::HttpResponse& response, IdpEndpoint endpoint) {
    if (response.status >= 200 && response.status < 300) return;
    std::string label = endpoint_label(endpoint);
    std::string error_code = oauth_error_code(response.body);
    if (endpoint == IdpEndpoint::token && response.status == 400 && error_code == "invalid_grant")
        throw LoginError(LoginFailure::code_rejected,
                         "token endpoint refused the code (invalid_grant): expired or used "
                         "already");
    if (response.status == 401) {
        if (endpoint == IdpEndpoint::token)
            throw LoginError(LoginFailure::idp_error,
                             "token endpoint rejected the client (401): check client id/secret "
                             "and that this server's IP is allow-listed");
        throw LoginError(LoginFailure::idp_error,
                         "userinfo endpoint rejected the access token (401)");
    }
    std::string detail = label + " answered " + std::to_string(response.status);
    if (!error_code.empty()) detail += " (error " + error_code + ")";
    throw LoginError(LoginFailure::idp_error, detail);
}

nlohmann::json parse_json_object(std::string_view body, std::string_view what) {
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_object())
        throw LoginError(LoginFailure::idp_bad_answer, std::string(what) + " is not a JSON object");
    return json;
}

}  // namespace vneid::provider

#include "provider/vneid/vneid_provider.h"

#include <utility>

#include "http/query.h"
#include "provider/idp_denial.h"
#include "provider/vneid/claims.h"
#include "provider/vneid/encrypted_code.h"
#include "provider/vneid/envelope.h"

namespace vneid::provider {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

// Endpoints may already carry a query of their own.
std::string with_query(const std::string& endpoint, const std::string& query) {
    return endpoint + (endpoint.find('?') == std::string::npos ? '?' : '&') + query;
}

// The callback's error fields come from whoever opened the callback URL:
// keep them printable and short before they reach the error log.
std::string loggable(std::string_view text, size_t limit) {
    std::string out;
    for (unsigned char c : text.substr(0, limit)) out += (c >= 0x20 && c < 0x7f) ? char(c) : '?';
    return out;
}

bool is_header_safe(const std::string& token) {
    for (unsigned char c : token) {
        if (c <= 0x20 || c >= 0x7f) return false;
    }
    return !token.empty();
}

}  // namespace

VneidProvider::VneidProvider(ProviderConfig config) : config_(std::move(config)) {}

std::string VneidProvider::authorization_url(std::string_view state,
                                             std::string_view redirect_uri,
                                             std::string_view /*nonce*/,
                                             std::string_view /*code_challenge*/) const {
    // VNeID takes neither nonce nor PKCE (protocol §2.1).
    std::string query = http::form_encode({{"response_type", "code"},
                                           {"client_id", config_.client_id},
                                           {"redirect_uri", std::string(redirect_uri)},
                                           {"scope", config_.scope},
                                           {"state", std::string(state)}});
    if (!config_.auth_params.empty()) query += "&" + config_.auth_params;
    return with_query(config_.authorization_endpoint, query);
}

std::string VneidProvider::end_session_url(std::string_view post_logout_redirect_uri,
                                           std::string_view state) const {
    if (config_.end_session_endpoint.empty()) return "";
    Fields fields = {
        {"post_logout_redirect_uri", std::string(post_logout_redirect_uri)},
        {"client_id", config_.client_id}};
    if (!state.empty()) fields.emplace_back("state", std::string(state));
    return with_query(config_.end_session_endpoint, http::form_encode(fields));
}

VerifiedIdentity VneidProvider::complete_login(const CallbackParams& callback,
                                               std::string_view redirect_uri,
                                               http::HttpTransport& transport) const {
    if (!callback.error.empty()) {
        std::string detail = "IdP returned error=" + loggable(callback.error, 64);
        if (!callback.error_description.empty())
            detail += " (" + loggable(callback.error_description, 200) + ")";
        throw LoginError(denial_failure(callback.error, callback.error_description), detail);
    }
    if (callback.code.empty())
        throw LoginError(LoginFailure::missing_code, "callback without code or error");

    std::string access_token = exchange_code(callback, redirect_uri, transport);
    nlohmann::json userinfo = fetch_userinfo(access_token, transport);
    return vneid_profile::read_identity(userinfo, config_.claims);
}

std::string VneidProvider::exchange_code(const CallbackParams& callback,
                                         std::string_view redirect_uri,
                                         http::HttpTransport& transport) const {
    std::string code = callback.code;
    // vneid_token_code encrypted: the code goes to the token call exactly as
    // the callback carried it, next to encrypt_key; VNeID decrypts it itself.
    if (!callback.encrypt_key.empty() && config_.token_code == TokenCode::decrypted) {
        if (!config_.client_key)
            throw LoginError(LoginFailure::idp_bad_answer,
                             "callback has encrypt_key but vneid_client_key is not configured");
        try {
            code = vneid_profile::decrypt_code(callback.code, callback.encrypt_key,
                                               *config_.client_key);
        } catch (const vneid_profile::DecryptError& e) {
            throw LoginError(LoginFailure::idp_bad_answer,
                             std::string("encrypted code: ") + e.what());
        }
    }

    Fields fields = {{"grant_type", "authorization_code"},
                     {"code", code},
                     {"client_id", config_.client_id},
                     {"redirect_uri", std::string(redirect_uri)},
                     {"client_secret", config_.client_secret}};
    // VNeID expects the encrypt_key it sent back, unchanged (protocol §2.4).
    if (!callback.encrypt_key.empty()) fields.emplace_back("encrypt_key", callback.encrypt_key);

    http::HttpRequest request;
    request.method = "POST";
    request.url = config_.token_endpoint;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                       {"Accept", "application/json"}};
    request.body = http::form_encode(fields);

    http::HttpResponse response = call_idp(transport, request, IdpEndpoint::token);
    check_idp_status(response, IdpEndpoint::token);
    nlohmann::json token = read_answer(response, IdpEndpoint::token);

    auto access_token = token.find("access_token");
    if (access_token == token.end() || !access_token->is_string())
        throw LoginError(LoginFailure::idp_bad_answer, "token response has no access_token");
    std::string value = access_token->get<std::string>();
    if (!is_header_safe(value))
        throw LoginError(LoginFailure::idp_bad_answer,
                         "token response access_token is empty or not printable ASCII");
    return value;
}

nlohmann::json VneidProvider::fetch_userinfo(const std::string& access_token,
                                             http::HttpTransport& transport) const {
    http::HttpRequest request;
    request.method = "GET";
    request.url = config_.userinfo_endpoint;
    request.headers = {{"Authorization", "Bearer " + access_token},
                       {"Accept", "application/json"}};
    http::HttpResponse response = call_idp(transport, request, IdpEndpoint::userinfo);
    check_idp_status(response, IdpEndpoint::userinfo);
    return read_answer(response, IdpEndpoint::userinfo);
}

nlohmann::json VneidProvider::read_answer(const http::HttpResponse& response,
                                          IdpEndpoint endpoint) const {
    std::string what = endpoint == IdpEndpoint::token ? "token response" : "userinfo response";
    nlohmann::json answer = parse_json_object(response.body, what);
    if (!vneid_profile::is_envelope(answer)) return answer;

    std::string envelope_label = (endpoint == IdpEndpoint::token ? "token" : "userinfo") +
                                 std::string(" envelope");
    if (!config_.client_key)
        throw LoginError(LoginFailure::idp_bad_answer,
                         envelope_label + ": encrypted, but vneid_client_key is not configured");
    std::string inner;
    try {
        inner = vneid_profile::open_envelope(answer, *config_.client_key);
    } catch (const vneid_profile::DecryptError& e) {
        throw LoginError(LoginFailure::idp_bad_answer, envelope_label + ": " + e.what());
    }
    return parse_json_object(inner, envelope_label + " content");
}

}  // namespace vneid::provider

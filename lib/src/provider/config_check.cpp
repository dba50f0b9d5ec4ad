#include "provider/config_check.h"

#include <array>
#include <cctype>
#include <stdexcept>
#include <string>
#include <string_view>

#include "http/url.h"

namespace vneid::provider {
namespace {

[[noreturn]] void fail(std::string_view directive, std::string_view problem) {
    throw std::invalid_argument(std::string(directive) + ": " + std::string(problem));
}

void check_endpoint(std::string_view directive, const std::string& url, bool required,
                    bool allow_plain_http) {
    if (url.empty()) {
        if (required) fail(directive, "is required");
        return;
    }
    auto parsed = http::parse_absolute_http_url(url);
    if (!parsed)
        fail(directive, "\"" + url + "\" is not an absolute http(s) URL without user, "
                        "fragment or spaces");
    // Loopback gets no exemption: the opt-in is the only way, so it is
    // always visible in nginx -t's output.
    if (parsed->scheme != "https" && !allow_plain_http)
        fail(directive, "\"" + url + "\" is plain http: the client secret and tokens would "
                        "cross the network unencrypted; use https, or write "
                        "\"vneid_provider vneid insecure;\" for a local test identity provider");
}

// Parameters the authorization request already carries: letting auth_params
// repeat them would give the IdP two values to choose from.
constexpr std::array<std::string_view, 5> kOwnParams = {
    "response_type", "client_id", "redirect_uri", "scope", "state"};

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

bool is_query_char(unsigned char c) {
    return std::isalnum(c) || std::string_view("-._~!$'()*+,;:@/?%").find(char(c)) !=
                                  std::string_view::npos;
}

std::string describe(unsigned char c) {
    if (c > 0x20 && c < 0x7f) return std::string("'") + char(c) + "'";
    static constexpr char kHex[] = "0123456789ABCDEF";
    return std::string("byte 0x") + kHex[c >> 4] + kHex[c & 15];
}

// One name=value pair of vneid_auth_params.
void check_auth_param(std::string_view pair) {
    constexpr std::string_view directive = "vneid_auth_params";
    size_t eq = pair.find('=');
    if (eq == 0 || eq == std::string_view::npos)
        fail(directive, "expects name=value pairs joined by '&', e.g. acr_values=LoA1");
    for (size_t i = 0; i < pair.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(pair[i]);
        if (c == '=') continue;
        if (!is_query_char(c))
            fail(directive, "has a character that must be percent-encoded: " + describe(c));
        if (c == '%' && (i + 2 >= pair.size() || !is_hex(pair[i + 1]) || !is_hex(pair[i + 2])))
            fail(directive, "has a malformed %-escape");
    }
    for (std::string_view own : kOwnParams) {
        if (pair.substr(0, eq) == own)
            fail(directive, "must not set " + std::string(own) + " (the gateway sets it itself)");
    }
}

void check_auth_params(std::string_view params) {
    if (params.empty()) return;
    while (true) {
        size_t amp = params.find('&');
        check_auth_param(params.substr(0, amp));
        if (amp == std::string_view::npos) return;
        params.remove_prefix(amp + 1);
    }
}

// vneid_idp_proxy: an http:// proxy (the IdP calls tunnel through it with
// CONNECT); a user:password in it would end up in every error message.
void check_proxy(const std::string& proxy) {
    constexpr std::string_view directive = "vneid_idp_proxy";
    if (proxy.empty()) return;
    auto parsed = http::parse_absolute_http_url(proxy);
    if (!parsed || parsed->scheme != "http")
        fail(directive, "\"" + proxy + "\" is not an http:// proxy URL (http://host:port, "
                        "without user, path, query or fragment)");
    if (parsed->path_and_query != "/")
        fail(directive, "\"" + proxy + "\" must not have a path or query (http://host:port)");
}

}  // namespace

void check_provider_config(const ProviderConfig& config) {
    const bool http_ok = config.allow_plain_http;
    check_endpoint("vneid_authorization_endpoint", config.authorization_endpoint, true, http_ok);
    check_endpoint("vneid_token_endpoint", config.token_endpoint, true, http_ok);
    check_endpoint("vneid_userinfo_endpoint", config.userinfo_endpoint, true, http_ok);
    check_endpoint("vneid_end_session_endpoint", config.end_session_endpoint, false, http_ok);
    if (config.client_id.empty()) fail("vneid_client_id", "is required");
    if (config.client_secret.empty())
        fail("vneid_client_secret_file", "is required (the file must not be empty)");
    if (config.scope.empty()) fail("vneid_scope", "must not be empty");
    check_auth_params(config.auth_params);
    if (config.claims.citizen_id.empty() || config.claims.name.empty() ||
        config.claims.birth_date.empty() || config.claims.level.empty() ||
        config.claims.account_type.empty())
        fail("vneid_claim", "claim names must not be empty");
    if (config.timeout_ms <= 0) fail("vneid_idp_timeout", "must be positive");
    check_proxy(config.idp_proxy);
}

}  // namespace vneid::provider

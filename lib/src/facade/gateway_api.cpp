// extern "C" wrappers: building a server's gateway configuration.
#include <stdexcept>
#include <string_view>

#include "facade/c_api_support.h"
#include "facade/gateway_handle.h"
#include "pages/csp.h"

using namespace vneid;

namespace {

void set_if(std::string& field, const char* value) {
    if (value != nullptr && *value != '\0') field = value;
}

}  // namespace

extern "C" vneid_gateway_t* vneid_gateway_create(const vneid_gateway_conf_t* c,
                                                 char* err, size_t errlen) noexcept {
    return facade::guarded(err, errlen, static_cast<vneid_gateway_t*>(nullptr), [&] {
        flow::GatewaySettings s;
        auto& p = s.provider;
        set_if(p.profile, c->provider);
        p.allow_plain_http = c->insecure != 0;
        set_if(p.authorization_endpoint, c->authorization_endpoint);
        set_if(p.token_endpoint, c->token_endpoint);
        set_if(p.userinfo_endpoint, c->userinfo_endpoint);
        set_if(p.end_session_endpoint, c->end_session_endpoint);
        set_if(p.client_id, c->client_id);
        set_if(p.scope, c->scope);
        set_if(p.auth_params, c->auth_params);
        set_if(p.claims.citizen_id, c->claim_citizen_id);
        set_if(p.claims.name, c->claim_name);
        set_if(p.claims.birth_date, c->claim_birth_date);
        set_if(p.claims.level, c->claim_level);
        set_if(p.claims.account_type, c->claim_account_type);
        set_if(p.trusted_certificate, c->trusted_certificate);
        if (c->timeout_ms > 0) p.timeout_ms = c->timeout_ms;
        if (c->token_code != nullptr && *c->token_code != '\0') {
            std::string_view code = c->token_code;
            if (code == "encrypted") p.token_code = provider::TokenCode::encrypted;
            else if (code != "decrypted")
                throw std::invalid_argument("vneid_token_code: must be decrypted or encrypted");
        }
        set_if(p.idp_proxy, c->idp_proxy);
        set_if(s.client_secret_file, c->client_secret_file);
        set_if(s.client_key_file, c->client_key_file);
        set_if(s.redirect_uri, c->redirect_uri);
        set_if(s.templates_dir, c->templates_dir);
        s.idle_timeout = c->idle_timeout;
        s.max_age = c->max_age;
        s.require_account = c->require_account != 0;
        s.choose_always = c->choose_always != 0;
        auto handle = std::make_unique<vneid_gateway_s>();
        handle->gateway = std::make_unique<flow::Gateway>(std::move(s));
        return handle.release();  // freed by vneid_gateway_free (config pool cleanup)
    });
}

extern "C" void vneid_gateway_free(vneid_gateway_t* gw) noexcept {
    std::unique_ptr<vneid_gateway_s> owned(gw);
}

extern "C" const char* vneid_gateway_csp(const vneid_gateway_t* gw) noexcept {
    return gw->gateway->csp().c_str();
}

extern "C" const char* vneid_default_csp(void) noexcept {
    try {
        static const std::string csp = pages::content_security_policy();
        return csp.c_str();
    } catch (...) {
        return "default-src 'none'; frame-ancestors 'none'";  // no memory: stricter, never looser
    }
}

extern "C" int vneid_end_session_url(const vneid_gateway_t* gw, const char* origin,
                                     size_t origin_len, const char* path, size_t path_len,
                                     const char* state, size_t state_len,
                                     vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        std::string back = gw->gateway->post_logout_uri_for(
            {origin, origin_len}, path ? std::string_view(path, path_len) : std::string_view());
        std::string_view carried = state ? std::string_view(state, state_len) : std::string_view();
        return facade::to_buf(back.empty() ? back
                                           : gw->gateway->provider().end_session_url(back, carried),
                              out);
    });
}

// Everything one nginx server's login needs, built once when nginx reads its
// configuration and then shared read-only by the event loop and the
// thread-pool threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "http/curl_transport.h"
#include "pages/templates.h"
#include "provider/provider.h"
#include "provider/provider_config.h"

namespace vneid::flow {

struct GatewaySettings {
    provider::ProviderConfig provider;
    std::string client_secret_file;  // vneid_client_secret_file
    std::string client_key_file;     // vneid_client_key
    std::string redirect_uri = "/_vneid/callback";  // absolute, or a path on this server
    std::string templates_dir;       // vneid_templates
    std::string portal_name;
    int64_t flow_ttl = 600;          // seconds a started login stays valid
    int64_t idle_timeout = 1800;     // stored in new sessions for the sweeper
    int64_t max_age = 8 * 3600;
    bool require_account = true;     // vneid_require_account
    bool choose_always = false;      // vneid_account_chooser always
};

class Gateway {
 public:
    // Reads the secret and key files, loads templates, checks every setting.
    // Throws std::invalid_argument whose message names the directive.
    explicit Gateway(GatewaySettings settings);

    const GatewaySettings& settings() const { return settings_; }
    const provider::Provider& provider() const { return *provider_; }
    const pages::TemplateSet* templates() const { return templates_.get(); }
    const http::TransportOptions& transport_options() const { return transport_; }
    const std::string& csp() const { return csp_; }

    // redirect_uri as sent to the IdP: relative settings get the server's
    // origin ("https://motcua.example.gov.vn"), which the caller builds from
    // its configuration, never from the client's Host header.
    std::string redirect_uri_for(std::string_view origin) const;

    // Where VNeID's logout sends the browser back to: the front page of the
    // portal, on the origin of an absolute redirect_uri (registered with
    // VNeID), else on `origin`. "" when the redirect_uri is relative and
    // origin is "" (the server has no usable server_name).
    std::string front_page_for(std::string_view origin) const;

    // The same origin with `path` (the gateway's own logout page) instead of
    // "/": where VNeID's logout sends the browser back to.
    std::string post_logout_uri_for(std::string_view origin, std::string_view path) const;

 private:
    GatewaySettings settings_;
    std::unique_ptr<provider::Provider> provider_;
    std::unique_ptr<pages::TemplateSet> templates_;
    http::TransportOptions transport_;
    std::string csp_;
};

}  // namespace vneid::flow

#include "flow/gateway.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "crypto/crypto_error.h"
#include "crypto/rsa_private_key.h"
#include "http/url.h"
#include "pages/csp.h"

namespace vneid::flow {
namespace {

std::string read_secret_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::invalid_argument("\"vneid_client_secret_file\" cannot read \"" + path +
                                    "\": check the path and that the nginx master can read it");
    }
    std::stringstream buf;
    buf << in.rdbuf();
    std::string secret = buf.str();
    // Editors add a final newline; a secret never ends in whitespace.
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' ||
                               secret.back() == ' ' || secret.back() == '\t')) {
        secret.pop_back();
    }
    if (secret.empty()) {
        throw std::invalid_argument("\"vneid_client_secret_file\" \"" + path + "\" is empty");
    }
    return secret;
}

std::string read_trusted_certificates(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::invalid_argument("\"vneid_trusted_certificate\" cannot read \"" + path + "\"");
    }
    std::stringstream buf;
    buf << in.rdbuf();
    std::string pem = buf.str();
    if (pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
        throw std::invalid_argument("\"vneid_trusted_certificate\" \"" + path +
                                    "\" holds no PEM certificate");
    }
    return pem;
}

// "https://host[:port]", the port only when it is not the scheme's default.
std::string origin_of(const http::Url& url) {
    std::string origin = url.scheme + "://" + url.host;
    bool default_port = (url.scheme == "https" && url.port == 443) ||
                        (url.scheme == "http" && url.port == 80);
    if (!default_port) origin += ":" + std::to_string(url.port);
    return origin;
}

}  // namespace

Gateway::Gateway(GatewaySettings settings) : settings_(std::move(settings)) {
    auto& pc = settings_.provider;
    if (!settings_.client_secret_file.empty()) {
        pc.client_secret = read_secret_file(settings_.client_secret_file);
    }
    if (!settings_.client_key_file.empty()) {
        try {
            pc.client_key = crypto::RsaPrivateKey::load_pem_file(settings_.client_key_file);
        } catch (const crypto::CryptoError& e) {
            throw std::invalid_argument(std::string("\"vneid_client_key\" ") + e.what());
        }
    }
    if (settings_.redirect_uri.empty() ||
        (settings_.redirect_uri[0] != '/' &&
         !http::parse_absolute_http_url(settings_.redirect_uri))) {
        throw std::invalid_argument("\"vneid_redirect_uri\" must be an absolute http(s) URL or a path "
                                    "starting with \"/\"");
    }
    if (!settings_.templates_dir.empty()) {
        try {
            templates_ = std::make_unique<pages::TemplateSet>(
                pages::TemplateSet::load(settings_.templates_dir));
        } catch (const std::exception& e) {
            throw std::invalid_argument(std::string("\"vneid_templates\" ") + e.what());
        }
    }
    provider_ = provider::make_provider(pc);  // validates the rest
    if (!pc.trusted_certificate.empty()) {
        transport_.ca_pem = read_trusted_certificates(pc.trusted_certificate);
    }
    transport_.timeout_ms = pc.timeout_ms;
    transport_.connect_timeout_ms = std::min<long>(pc.timeout_ms, 3000);
    transport_.proxy = pc.idp_proxy;
    std::string end_session_origin;
    if (auto url = http::parse_absolute_http_url(pc.end_session_endpoint)) {
        end_session_origin = origin_of(*url);
    }
    csp_ = pages::content_security_policy(templates_.get(), end_session_origin);
}

std::string Gateway::redirect_uri_for(std::string_view origin) const {
    if (settings_.redirect_uri[0] != '/') return settings_.redirect_uri;
    // A relative path alone would be no redirect_uri VNeID could register.
    if (origin.empty())
        throw std::invalid_argument("\"vneid_redirect_uri\" is relative and the server has "
                                    "no usable server_name");
    return std::string(origin) + settings_.redirect_uri;
}

std::string Gateway::front_page_for(std::string_view origin) const {
    if (settings_.redirect_uri[0] == '/') return origin.empty() ? "" : std::string(origin) + "/";
    auto url = http::parse_absolute_http_url(settings_.redirect_uri);  // checked at start-up
    return url ? origin_of(*url) + "/" : "";
}

std::string Gateway::post_logout_uri_for(std::string_view origin, std::string_view path) const {
    std::string front = front_page_for(origin);
    if (front.empty() || path.empty() || path[0] != '/') return front;
    front.pop_back();  // the front page's "/"
    return front + std::string(path);
}

}  // namespace vneid::flow

// make_provider, configuration checks, and the URLs the provider builds.
#include <gtest/gtest.h>

#include "provider/config_check.h"
#include "provider/provider.h"
#include "test_config.h"

using namespace vneid::provider;
using vneid::provider::testing::kRedirectUri;
using vneid::provider::testing::test_config;

namespace {

std::string config_error(ProviderConfig config) {
    try {
        make_provider(std::move(config));
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(AuthorizationUrl, EncodesEveryParameter) {
    auto provider = make_provider(test_config());
    EXPECT_EQ(provider->authorization_url("st+/=ate", kRedirectUri, "nonce", "pkce-challenge"),
              "https://sso.example.gov.vn/auth?response_type=code&client_id=motcua-client"
              "&redirect_uri=https%3A%2F%2Fmotcua.example.gov.vn%2F_vneid%2Fcallback"
              "&scope=openid&state=st%2B%2F%3Date");
}

TEST(AuthorizationUrl, AppendsAuthParamsAndScope) {
    ProviderConfig config = test_config();
    config.scope = "openid profile";
    config.auth_params = "acr_values=LoA1&ui_locales=vi";
    auto provider = make_provider(config);
    EXPECT_EQ(provider->authorization_url("s", "http://x/cb", "", ""),
              "https://sso.example.gov.vn/auth?response_type=code&client_id=motcua-client"
              "&redirect_uri=http%3A%2F%2Fx%2Fcb&scope=openid%20profile&state=s"
              "&acr_values=LoA1&ui_locales=vi");
}

TEST(AuthorizationUrl, EndpointWithOwnQuery) {
    ProviderConfig config = test_config();
    config.authorization_endpoint = "https://sso.example.gov.vn/auth?tenant=hn";
    auto provider = make_provider(config);
    EXPECT_EQ(provider->authorization_url("s", "/cb", "", "").rfind(
                  "https://sso.example.gov.vn/auth?tenant=hn&response_type=code&", 0),
              0u);
}

TEST(EndSessionUrl, EmptyWithoutEndpoint) {
    EXPECT_EQ(make_provider(test_config())->end_session_url("https://x/"), "");
}

TEST(EndSessionUrl, EncodesRedirectAndClient) {
    ProviderConfig config = test_config();
    config.end_session_endpoint = "https://sso.example.gov.vn/logout";
    EXPECT_EQ(make_provider(config)->end_session_url("https://motcua.example.gov.vn/?bye=1"),
              "https://sso.example.gov.vn/logout?post_logout_redirect_uri="
              "https%3A%2F%2Fmotcua.example.gov.vn%2F%3Fbye%3D1&client_id=motcua-client");
}

TEST(MakeProvider, OidcIsNotSupportedYet) {
    ProviderConfig config = test_config();
    config.profile = "oidc";
    EXPECT_NE(config_error(config).find("not supported yet"), std::string::npos);
    config.profile = "saml";
    EXPECT_NE(config_error(config).find("unknown profile"), std::string::npos);
}

TEST(MakeProvider, NamesTheDirectiveAtFault) {
    ProviderConfig config = test_config();
    config.token_endpoint = "";
    EXPECT_EQ(config_error(config).rfind("vneid_token_endpoint: is required", 0), 0u);

    config = test_config();
    config.userinfo_endpoint = "https://user:pw@sso.example.gov.vn/userinfo";
    EXPECT_EQ(config_error(config).rfind("vneid_userinfo_endpoint:", 0), 0u);

    config = test_config();
    config.authorization_endpoint = "ftp://sso.example.gov.vn/auth";
    EXPECT_EQ(config_error(config).rfind("vneid_authorization_endpoint:", 0), 0u);

    config = test_config();
    config.end_session_endpoint = "/logout";
    EXPECT_EQ(config_error(config).rfind("vneid_end_session_endpoint:", 0), 0u);

    config = test_config();
    config.client_id = "";
    EXPECT_EQ(config_error(config).rfind("vneid_client_id:", 0), 0u);

    config = test_config();
    config.claims.level = "";
    EXPECT_EQ(config_error(config).rfind("vneid_claim:", 0), 0u);

    config = test_config();
    config.claims.account_type = "";
    EXPECT_EQ(config_error(config).rfind("vneid_claim:", 0), 0u);
}

// vneid_idp_proxy: an http:// proxy, host and port only.
TEST(MakeProvider, IdpProxyIsChecked) {
    for (const char* proxy : {"", "http://proxy.tinh.gov.vn:3128", "http://10.0.0.1:8080",
                              "http://[::1]:3128", "HTTP://Proxy:80/"}) {
        ProviderConfig config = test_config();
        config.idp_proxy = proxy;
        EXPECT_EQ(config_error(config), "") << proxy;
    }
    for (const char* proxy : {"proxy:3128", "https://proxy:3128", "socks5://proxy:1080",
                              "http://user:pw@proxy:3128", "http://proxy:3128/path",
                              "http://proxy:3128?x=1", "http://proxy:99999", "http://"}) {
        ProviderConfig config = test_config();
        config.idp_proxy = proxy;
        EXPECT_EQ(config_error(config).rfind("vneid_idp_proxy: ", 0), 0u) << proxy;
    }
}

TEST(MakeProvider, SecretNeverInErrors) {
    ProviderConfig config = test_config();
    config.token_endpoint = "not a url";
    EXPECT_EQ(config_error(config).find(config.client_secret), std::string::npos);
}

TEST(MakeProvider, AuthParamsAreChecked) {
    const char* accepted[] = {"", "acr_values=LoA1", "a=1&b=2", "prompt=login&max_age=0",
                              "x=a%20b", "claims=a:b/c"};
    for (const char* params : accepted) {
        ProviderConfig config = test_config();
        config.auth_params = params;
        EXPECT_EQ(config_error(config), "") << params;
    }
    const char* rejected[] = {"acr_values", "=x", "a=1&", "&a=1", "a=1&&b=2", "a=b c",
                              "a=1#frag", "a=%zz", "state=x", "a=1&client_id=evil",
                              "redirect_uri=https://evil/", "a=\r\nb", "a=\"<x>\""};
    for (const char* params : rejected) {
        ProviderConfig config = test_config();
        config.auth_params = params;
        EXPECT_EQ(config_error(config).rfind("vneid_auth_params:", 0), 0u) << params;
    }
}

// Plain http:// endpoints send the client secret in clear: refused unless
// the operator opts in (vneid_provider vneid insecure), loopback included.
TEST(MakeProvider, PlainHttpEndpointsNeedTheInsecureOptIn) {
    const std::pair<const char*, std::string ProviderConfig::*> endpoints[] = {
        {"vneid_authorization_endpoint", &ProviderConfig::authorization_endpoint},
        {"vneid_token_endpoint", &ProviderConfig::token_endpoint},
        {"vneid_userinfo_endpoint", &ProviderConfig::userinfo_endpoint},
        {"vneid_end_session_endpoint", &ProviderConfig::end_session_endpoint},
    };
    for (const auto& [directive, field] : endpoints) {
        for (const char* url : {"http://sso.example.gov.vn/x", "http://127.0.0.1:8900/x",
                                "http://localhost/x", "HTTP://[::1]/x"}) {
            ProviderConfig config = test_config();
            config.*field = url;
            std::string error = config_error(config);
            EXPECT_EQ(error.rfind(std::string(directive) + ": \"" + url + "\" is plain http", 0),
                      0u) << error;
            EXPECT_NE(error.find("vneid_provider vneid insecure"), std::string::npos) << error;
            config.allow_plain_http = true;
            EXPECT_EQ(config_error(config), "") << directive << " " << url;
        }
    }
}

// Where the browser is sent back to (redirect_uri, logout return): from the
// configuration and the origin the glue builds from server_name, never from
// anything the client sent (issue 7, item 10).
#include <gtest/gtest.h>

#include <stdexcept>

#include "flow/gateway.h"
#include "test_config.h"

using vneid::flow::Gateway;
using vneid::flow::GatewaySettings;
using vneid::provider::testing::test_config;

namespace {

Gateway gateway(const std::string& redirect_uri) {
    GatewaySettings settings;
    settings.provider = test_config();
    settings.redirect_uri = redirect_uri;
    return Gateway(std::move(settings));
}

}  // namespace

TEST(GatewayOrigin, RelativeRedirectUriUsesTheGivenOrigin) {
    Gateway gw = gateway("/_vneid/callback");
    EXPECT_EQ(gw.redirect_uri_for("https://motcua.example.gov.vn"),
              "https://motcua.example.gov.vn/_vneid/callback");
    EXPECT_EQ(gw.front_page_for("http://127.0.0.1:8080"), "http://127.0.0.1:8080/");
}

TEST(GatewayOrigin, RelativeRedirectUriWithoutOriginIsNoUri) {
    Gateway gw = gateway("/_vneid/callback");
    EXPECT_THROW(gw.redirect_uri_for(""), std::invalid_argument);
    EXPECT_EQ(gw.front_page_for(""), "");
}

TEST(GatewayOrigin, AbsoluteRedirectUriIgnoresTheOrigin) {
    Gateway gw = gateway("https://motcua.example.gov.vn/_vneid/callback");
    EXPECT_EQ(gw.redirect_uri_for("https://evil.example"),
              "https://motcua.example.gov.vn/_vneid/callback");
    EXPECT_EQ(gw.redirect_uri_for(""), "https://motcua.example.gov.vn/_vneid/callback");
    EXPECT_EQ(gw.front_page_for("https://evil.example"), "https://motcua.example.gov.vn/");
    EXPECT_EQ(gw.front_page_for(""), "https://motcua.example.gov.vn/");
    EXPECT_EQ(gateway("http://127.0.0.1:8080/cb").front_page_for(""), "http://127.0.0.1:8080/");
    EXPECT_EQ(gateway("https://Motcua.example.gov.vn:443/cb").front_page_for(""),
              "https://motcua.example.gov.vn/");
}

TEST(GatewayOrigin, MalformedAbsoluteRedirectUriIsAConfigError) {
    for (const char* uri : {"callback", "https://", "https://user@host/cb", "https://a b/cb",
                            "ftp://host/cb"}) {
        EXPECT_THROW(gateway(uri), std::invalid_argument) << uri;
    }
}

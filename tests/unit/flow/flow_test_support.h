// Shared pieces of the login-flow tests: a gateway whose IdP is two loopback
// HTTP servers (token and user-info, each with one canned answer), a fresh
// store per test, and the state/binding plumbing the glue would do.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "crypto/hash.h"
#include "flow/gateway.h"
#include "flow/login_callback.h"
#include "flow/login_start.h"
#include "http/query.h"
#include "http/url.h"
#include "session/session_store.h"
#include "test_http_server.h"
#include "../session/store_test_support.h"

namespace vneid::flow::testing {

using http::testing::http_response;
using http::testing::TestHttpServer;

// 2025-06-15: every sample citizen id below is plausible then.
inline constexpr int64_t kNow = 1750000000;
inline constexpr const char* kOrigin = "https://motcua.example.gov.vn";
inline constexpr const char* kCallback = "https://motcua.example.gov.vn/_vneid/callback";
inline constexpr const char* kAn = "001085012345";  // Nguyễn Văn An, born 1985

inline const std::string kToken =
    R"({"access_token":"AT-flow-1","token_type":"Bearer","expires_in":300,"scope":"openid"})";

// The user-info answer VNeID sends, with the fields given.
inline std::string userinfo_json(const std::string& citizen_id, const std::string& name,
                                 const std::string& birth_date, int level) {
    return R"({"citizenPid":")" + citizen_id + R"(","fullName":")" + name +
           R"(","birthDate":")" + birth_date + R"(","accountType":"CONG_DAN","accountLevel":)" +
           std::to_string(level) + "}";
}

// An IdP on loopback: /auth is never fetched (the browser goes there), the
// token and user-info endpoints answer once each per login.
class TestIdp {
 public:
    explicit TestIdp(const std::string& userinfo_body, int token_status = 200,
                     const std::string& token_body = kToken)
        : token_(TestHttpServer::Mode::respond,
                 http_response(token_status, "application/json", token_body)),
          userinfo_(TestHttpServer::Mode::respond,
                    http_response(200, "application/json", userinfo_body)) {}

    std::string token_url() const { return token_.url("/token"); }
    std::string userinfo_url() const { return userinfo_.url("/userinfo"); }
    std::string token_request() const { return token_.last_request(); }
    std::string userinfo_request() const { return userinfo_.last_request(); }

 private:
    TestHttpServer token_;
    TestHttpServer userinfo_;
};

inline GatewaySettings settings_for(const std::string& token_url,
                                    const std::string& userinfo_url) {
    GatewaySettings s;
    s.provider.allow_plain_http = true;  // the loopback test IdP
    s.provider.authorization_endpoint = "https://sso.example.gov.vn/auth";
    s.provider.token_endpoint = token_url;
    s.provider.userinfo_endpoint = userinfo_url;
    s.provider.client_id = "motcua-client";
    s.provider.client_secret = "flow-secret";
    s.provider.timeout_ms = 5000;
    s.redirect_uri = "/_vneid/callback";
    s.flow_ttl = 600;
    s.idle_timeout = 1800;
    s.max_age = 8 * 3600;
    return s;
}

// A gateway whose IdP endpoints nobody listens on: for the tests that never
// reach the IdP (start, check).
inline GatewaySettings offline_settings() {
    return settings_for("http://127.0.0.1:9/token", "http://127.0.0.1:9/userinfo");
}

// The query of the authorization URL the browser is sent to.
inline std::string query_of(const LoginStart& start) {
    auto url = http::parse_absolute_http_url(start.authorization_url);
    EXPECT_TRUE(url) << start.authorization_url;
    if (!url) return "";
    size_t q = url->path_and_query.find('?');
    return q == std::string::npos ? "" : url->path_and_query.substr(q + 1);
}

// The state the gateway put in the authorization URL.
inline std::string state_of(const LoginStart& start) {
    return http::query_param(query_of(start), "state").value_or("");
}

// The callback query the IdP would send for `state`.
inline std::string callback_query(const std::string& state, const std::string& code = "Co+de/1==") {
    return "code=" + http::url_encode(code) + "&state=" + http::url_encode(state);
}

// A store in a fresh directory, removed with the test.
class TempStore {
 public:
    TempStore() : store_(std::make_unique<session::Store>(dir_.path(), size_t(16) << 20)) {}
    session::Store& operator*() { return *store_; }
    session::Store* operator->() { return store_.get(); }

 private:
    session::testing::TempDir dir_;
    std::unique_ptr<session::Store> store_;
};

}  // namespace vneid::flow::testing

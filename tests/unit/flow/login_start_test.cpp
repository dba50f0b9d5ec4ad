// /_vneid/start in the core (flow::start_login): the return path is made
// safe and bounded, the browser binding is reused only when it is ours, the
// redirect_uri comes from the gateway's configuration, and the flow it
// stores is the one the callback can take, once, until it expires.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "flow_test_support.h"
#include "session/flow_limits.h"

namespace vneid::flow {
namespace {

using namespace vneid::flow::testing;

// A well-formed binding as the gateway makes them: 43 base64url characters.
const std::string kBinding = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";

bool is_token(const std::string& s) {
    if (s.size() != 43) return false;
    for (char c : s) {
        if (!(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    }
    return true;
}

class LoginStartTest : public ::testing::Test {
 protected:
    // The flow stored for `start`, taken (and so spent) with its own binding.
    std::optional<session::FlowRecord> take(const LoginStart& start, int64_t now = kNow) {
        bool foreign = false;
        auto flow = store->take_flow_bound(state_of(start), now, crypto::sha256(start.binding),
                                           &foreign);
        EXPECT_FALSE(foreign);
        return flow;
    }

    std::string stored_return(std::string_view return_path) {
        auto flow = take(start_login(*store, gateway, return_path, kBinding, kOrigin, kNow));
        EXPECT_TRUE(flow);
        return flow ? flow->return_url : "<no flow>";
    }

    TempStore store;
    Gateway gateway{offline_settings()};
};

TEST_F(LoginStartTest, StoresTheFlowTheCallbackNeeds) {
    ASSERT_EQ(kBinding.size(), 43u);
    LoginStart start = start_login(*store, gateway, "/ho-so?id=7", kBinding, kOrigin, kNow);
    std::string state = state_of(start);
    EXPECT_TRUE(is_token(state)) << state;
    EXPECT_EQ(store->stats().flows, 1u);

    auto flow = take(start);
    ASSERT_TRUE(flow);
    EXPECT_EQ(flow->return_url, "/ho-so?id=7");
    EXPECT_EQ(flow->redirect_uri, kCallback);
    EXPECT_EQ(flow->binding_hash, crypto::sha256(kBinding));
    EXPECT_EQ(flow->created, kNow);
    EXPECT_EQ(flow->expires, kNow + gateway.settings().flow_ttl);
}

TEST_F(LoginStartTest, AuthorizationUrlCarriesStateClientAndRedirectUri) {
    LoginStart start = start_login(*store, gateway, "/", kBinding, kOrigin, kNow);
    EXPECT_EQ(start.authorization_url.rfind("https://sso.example.gov.vn/auth?", 0), 0u)
        << start.authorization_url;
    std::string query = query_of(start);
    EXPECT_EQ(http::query_param(query, "response_type"), "code");
    EXPECT_EQ(http::query_param(query, "client_id"), "motcua-client");
    EXPECT_EQ(http::query_param(query, "redirect_uri"), kCallback);
    EXPECT_EQ(http::query_param_count(query, "state"), 1u);
    // Neither the binding nor the return path travels to the IdP.
    EXPECT_EQ(start.authorization_url.find(kBinding), std::string::npos);
}

TEST_F(LoginStartTest, EveryStartHasItsOwnState) {
    std::set<std::string> states;
    for (int i = 0; i < 5; ++i) {
        states.insert(state_of(start_login(*store, gateway, "/", kBinding, kOrigin, kNow)));
    }
    EXPECT_EQ(states.size(), 5u);
    EXPECT_EQ(store->stats().flows, 5u);
}

TEST_F(LoginStartTest, ReturnPathIsMadeSafe) {
    EXPECT_EQ(stored_return("/ho-so/123?tab=2#x"), "/ho-so/123?tab=2#x");
    EXPECT_EQ(stored_return("/"), "/");
    for (const char* unsafe :
         {"", "//evil.example/x", "/\\evil.example", "https://evil.example/", "javascript:alert(1)",
          "ho-so", "/a\r\nSet-Cookie: x=1", "/\t/evil.example", "\\\\evil.example"}) {
        EXPECT_EQ(stored_return(unsafe), "/") << "return path: " << unsafe;
    }
}

TEST_F(LoginStartTest, ReturnPathIsCapped) {
    std::string longest = "/" + std::string(session::kMaxFlowReturnBytes - 1, 'a');
    EXPECT_EQ(stored_return(longest), longest);
    EXPECT_EQ(stored_return(longest + "a"), "/");
    EXPECT_EQ(stored_return("/" + std::string(100000, 'a')), "/");
}

TEST_F(LoginStartTest, WellFormedBindingIsReused) {
    LoginStart a = start_login(*store, gateway, "/a", kBinding, kOrigin, kNow);
    LoginStart b = start_login(*store, gateway, "/b", kBinding, kOrigin, kNow);
    EXPECT_EQ(a.binding, kBinding);
    EXPECT_EQ(b.binding, kBinding);
    // Two tabs of one browser: each login keeps its own state and return path.
    EXPECT_NE(state_of(a), state_of(b));
    auto fa = take(a), fb = take(b);
    ASSERT_TRUE(fa && fb);
    EXPECT_EQ(fa->return_url, "/a");
    EXPECT_EQ(fb->return_url, "/b");
}

TEST_F(LoginStartTest, MalformedBindingIsReplacedByAFreshOne) {
    std::set<std::string> seen;
    for (const std::string& bad :
         {std::string(), std::string("short"), kBinding.substr(0, 42), kBinding + "A",
          kBinding.substr(0, 42) + "=", kBinding.substr(0, 42) + ".", kBinding.substr(0, 42) + "+",
          kBinding.substr(0, 42) + "/", kBinding.substr(0, 42) + ";",
          kBinding.substr(0, 42) + std::string(1, '\0')}) {
        LoginStart start = start_login(*store, gateway, "/", bad, kOrigin, kNow);
        EXPECT_NE(start.binding, bad);
        EXPECT_TRUE(is_token(start.binding)) << start.binding;
        seen.insert(start.binding);
        // The flow is bound to the new binding, not to what the browser sent.
        auto flow = take(start);
        ASSERT_TRUE(flow);
        EXPECT_EQ(flow->binding_hash, crypto::sha256(start.binding));
    }
    EXPECT_EQ(seen.size(), 10u);  // fresh each time
}

TEST_F(LoginStartTest, RedirectUriComesFromTheGatewayNotTheRequest) {
    // Relative setting: the origin the glue built from server_name.
    auto flow = take(start_login(*store, gateway, "/", kBinding, "http://127.0.0.1:8080", kNow));
    ASSERT_TRUE(flow);
    EXPECT_EQ(flow->redirect_uri, "http://127.0.0.1:8080/_vneid/callback");

    // Absolute setting: whatever origin the request suggests is ignored.
    GatewaySettings s = offline_settings();
    s.redirect_uri = kCallback;
    Gateway absolute(std::move(s));
    LoginStart start = start_login(*store, absolute, "/", kBinding, "https://evil.example", kNow);
    EXPECT_EQ(http::query_param(query_of(start), "redirect_uri"), kCallback);
    flow = take(start);
    ASSERT_TRUE(flow);
    EXPECT_EQ(flow->redirect_uri, kCallback);
}

TEST_F(LoginStartTest, NoRedirectUriMeansNoFlow) {
    EXPECT_THROW(start_login(*store, gateway, "/", kBinding, "", kNow), std::invalid_argument);
    std::string huge_origin = "https://" + std::string(session::kMaxFlowRedirectUriBytes, 'a');
    EXPECT_THROW(start_login(*store, gateway, "/", kBinding, huge_origin, kNow),
                 std::invalid_argument);
    EXPECT_EQ(store->stats().flows, 0u);
}

TEST_F(LoginStartTest, FlowLivesFlowTtl) {
    GatewaySettings s = offline_settings();
    s.flow_ttl = 60;
    Gateway short_lived(std::move(s));
    LoginStart in_time = start_login(*store, short_lived, "/", kBinding, kOrigin, kNow);
    LoginStart too_late = start_login(*store, short_lived, "/", kBinding, kOrigin, kNow);
    EXPECT_TRUE(take(in_time, kNow + 60));
    EXPECT_FALSE(take(too_late, kNow + 61));
}

}  // namespace
}  // namespace vneid::flow

#include "http/curl_transport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "test_http_server.h"

using namespace vneid::http;
using vneid::http::testing::http_response;
using vneid::http::testing::TestHttpServer;
using Clock = std::chrono::steady_clock;

namespace {

long elapsed_ms(Clock::time_point since) {
    auto elapsed = Clock::now() - since;
    return long(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
}

HttpRequest get(const std::string& url) { return HttpRequest{"GET", url, {}, ""}; }

TransportFailure failure_of(CurlTransport& transport, const HttpRequest& request) {
    try {
        transport.send(request);
    } catch (const TransportError& e) {
        return e.kind();
    }
    ADD_FAILURE() << "no TransportError";
    return TransportFailure::other;
}

}  // namespace

TEST(CurlTransport, GetReturnsStatusTypeAndBody) {
    TestHttpServer server(TestHttpServer::Mode::respond,
                          http_response(200, "application/json", R"({"ok":true})"));
    CurlTransport transport(TransportOptions{});
    HttpResponse response = transport.send(get(server.url("/userinfo?x=1")));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.content_type, "application/json");
    EXPECT_EQ(response.body, R"({"ok":true})");
    EXPECT_EQ(server.last_request().rfind("GET /userinfo?x=1 HTTP/1.1\r\n", 0), 0u);
    EXPECT_NE(server.last_request().find("User-Agent: vneid-gateway/0.1\r\n"), std::string::npos);
}

TEST(CurlTransport, PostSendsHeadersAndBody) {
    TestHttpServer server(TestHttpServer::Mode::respond, http_response(200, "", "{}"));
    CurlTransport transport(TransportOptions{});
    HttpRequest request{"POST",
                        server.url("/token"),
                        {{"Content-Type", "application/x-www-form-urlencoded"},
                         {"Accept", "application/json"}},
                        "code=a%2Bb&grant_type=authorization_code"};
    EXPECT_EQ(transport.send(request).status, 200);
    std::string seen = server.last_request();
    EXPECT_EQ(seen.rfind("POST /token HTTP/1.1\r\n", 0), 0u);
    EXPECT_NE(seen.find("Content-Type: application/x-www-form-urlencoded\r\n"), std::string::npos);
    EXPECT_NE(seen.find("Accept: application/json\r\n"), std::string::npos);
    EXPECT_EQ(seen.find("Expect:"), std::string::npos);
    EXPECT_EQ(seen.substr(seen.size() - 40), "code=a%2Bb&grant_type=authorization_code");
}

// vneid_idp_proxy: an http:// target goes to the proxy in absolute form
// (https ones tunnel with CONNECT; tests/integration/test_idp_proxy.py). The
// target's host does not resolve: only the proxy could have answered.
TEST(CurlTransport, ProxySendsEveryCallThroughIt) {
    TestHttpServer proxy(TestHttpServer::Mode::respond, http_response(200, "", "via proxy"));
    TransportOptions options;
    options.proxy = proxy.url();
    CurlTransport transport(options);
    HttpResponse response = transport.send(get("http://sso.vneid.invalid:8900/userinfo?x=1"));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "via proxy");
    EXPECT_EQ(proxy.last_request().rfind(
                  "GET http://sso.vneid.invalid:8900/userinfo?x=1 HTTP/1.1\r\n", 0),
              0u)
        << proxy.last_request();
}

TEST(CurlTransport, ProxyDownIsConnectFailure) {
    TransportOptions options;
    options.proxy = "http://127.0.0.1:" + std::to_string(TestHttpServer::unused_port());
    CurlTransport transport(options);
    EXPECT_EQ(failure_of(transport, get("http://sso.vneid.invalid/token")),
              TransportFailure::connect);
}

TEST(CurlTransport, ErrorStatusIsAnAnswerNotAnError) {
    TestHttpServer server(TestHttpServer::Mode::respond,
                          http_response(401, "application/json", R"({"error":"invalid_client"})"));
    CurlTransport transport(TransportOptions{});
    HttpResponse response = transport.send(get(server.url()));
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.body, R"({"error":"invalid_client"})");
}

TEST(CurlTransport, DoesNotFollowRedirects) {
    TestHttpServer target(TestHttpServer::Mode::respond, http_response(200, "", "followed"));
    std::string redirect = "HTTP/1.1 302 Found\r\nLocation: " + target.url() +
                           "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    TestHttpServer server(TestHttpServer::Mode::respond, redirect);
    CurlTransport transport(TransportOptions{});
    HttpResponse response = transport.send(get(server.url()));
    EXPECT_EQ(response.status, 302);
    EXPECT_EQ(response.body, "");
    EXPECT_EQ(target.last_request(), "");
}

TEST(CurlTransport, TimeoutIsBounded) {
    TestHttpServer server(TestHttpServer::Mode::silent);
    TransportOptions options;
    options.timeout_ms = 300;
    CurlTransport transport(options);
    auto start = Clock::now();
    EXPECT_EQ(failure_of(transport, get(server.url())), TransportFailure::timeout);
    EXPECT_LT(elapsed_ms(start), 2000);
    EXPECT_GE(elapsed_ms(start), 250);
}

TEST(CurlTransport, ConnectionRefused) {
    CurlTransport transport(TransportOptions{});
    std::string url = "http://127.0.0.1:" + std::to_string(TestHttpServer::unused_port()) + "/";
    try {
        transport.send(get(url));
        FAIL() << "no error";
    } catch (const TransportError& e) {
        EXPECT_EQ(e.kind(), TransportFailure::connect);
        EXPECT_NE(std::string(e.what()).find("GET http://127.0.0.1:"), std::string::npos);
    }
}

TEST(CurlTransport, ResponseTooLargeWithContentLength) {
    TestHttpServer server(TestHttpServer::Mode::respond,
                          http_response(200, "text/plain", std::string(5000, 'x')));
    TransportOptions options;
    options.max_response_bytes = 1000;
    CurlTransport transport(options);
    EXPECT_EQ(failure_of(transport, get(server.url())), TransportFailure::too_large);
}

TEST(CurlTransport, ResponseTooLargeWithoutContentLength) {
    TestHttpServer server(TestHttpServer::Mode::respond,
                          "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + std::string(5000, 'x'));
    TransportOptions options;
    options.max_response_bytes = 1000;
    CurlTransport transport(options);
    EXPECT_EQ(failure_of(transport, get(server.url())), TransportFailure::too_large);
}

TEST(CurlTransport, ResponseAtTheCapIsAccepted) {
    TestHttpServer server(TestHttpServer::Mode::respond,
                          http_response(200, "text/plain", std::string(1000, 'x')));
    TransportOptions options;
    options.max_response_bytes = 1000;
    CurlTransport transport(options);
    EXPECT_EQ(transport.send(get(server.url())).body.size(), 1000u);
}

TEST(CurlTransport, HttpsToPlainHttpPortFailsFast) {
    TestHttpServer server(TestHttpServer::Mode::respond, http_response(200, "", "plain"));
    TransportOptions options;
    options.timeout_ms = 3000;
    CurlTransport transport(options);
    auto start = Clock::now();
    std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/";
    TransportFailure failure = failure_of(transport, get(url));
    EXPECT_TRUE(failure == TransportFailure::tls || failure == TransportFailure::other)
        << to_string(failure);
    EXPECT_LT(elapsed_ms(start), 2500);
}

TEST(CurlTransport, MissingCaFileIsTlsFailure) {
    TestHttpServer server(TestHttpServer::Mode::respond, http_response(200, "", "plain"));
    TransportOptions options;
    options.ca_file = "/nonexistent/ca.pem";
    CurlTransport transport(options);
    std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/";
    EXPECT_EQ(failure_of(transport, get(url)), TransportFailure::tls);
}

TEST(CurlTransport, PeerHangingUpIsOther) {
    TestHttpServer server(TestHttpServer::Mode::hang_up);
    CurlTransport transport(TransportOptions{});
    EXPECT_EQ(failure_of(transport, get(server.url())), TransportFailure::other);
}

TEST(CurlTransport, OnlyHttpAndHttpsSchemes) {
    CurlTransport transport(TransportOptions{});
    EXPECT_EQ(failure_of(transport, get("file:///etc/passwd")), TransportFailure::other);
    EXPECT_EQ(failure_of(transport, get("ftp://127.0.0.1/")), TransportFailure::other);
}

TEST(CurlTransport, RefusesHeaderInjection) {
    TestHttpServer server(TestHttpServer::Mode::respond, http_response(200, "", ""));
    CurlTransport transport(TransportOptions{});
    HttpRequest request = get(server.url());
    request.headers = {{"Authorization", "Bearer abc\r\nX-Evil: 1"}};
    EXPECT_EQ(failure_of(transport, request), TransportFailure::other);
    EXPECT_EQ(server.last_request(), "");
}

TEST(CurlTransport, UnsupportedMethod) {
    CurlTransport transport(TransportOptions{});
    EXPECT_EQ(failure_of(transport, HttpRequest{"DELETE", "http://127.0.0.1:1/", {}, ""}),
              TransportFailure::other);
}

TEST(CurlTransport, CancelFlagStopsAHangingCall) {
    TestHttpServer server(TestHttpServer::Mode::silent);
    std::atomic<bool> cancel{false};
    TransportOptions options;
    options.timeout_ms = 10000;
    CurlTransport transport(options, &cancel);
    std::thread canceller([&cancel] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        cancel = true;
    });
    auto start = Clock::now();
    try {
        transport.send(get(server.url()));
        ADD_FAILURE() << "no error";
    } catch (const TransportError& e) {
        EXPECT_EQ(e.kind(), TransportFailure::other);
        EXPECT_NE(std::string(e.what()).find("cancelled"), std::string::npos);
    }
    canceller.join();
    EXPECT_LT(elapsed_ms(start), 3000);
}

TEST(CurlTransport, AlreadyCancelledDoesNotConnect) {
    TestHttpServer server(TestHttpServer::Mode::respond, http_response(200, "", ""));
    std::atomic<bool> cancel{true};
    CurlTransport transport(TransportOptions{}, &cancel);
    EXPECT_EQ(failure_of(transport, get(server.url())), TransportFailure::other);
    EXPECT_EQ(server.last_request(), "");
}

TEST(CurlTransport, ErrorMessageOmitsQuery) {
    CurlTransport transport(TransportOptions{});
    std::string url = "http://127.0.0.1:" + std::to_string(TestHttpServer::unused_port()) +
                      "/cb?code=SECRETCODE";
    try {
        transport.send(get(url));
        FAIL() << "no error";
    } catch (const TransportError& e) {
        EXPECT_EQ(std::string(e.what()).find("SECRETCODE"), std::string::npos) << e.what();
    }
}

TEST(CurlTransport, ConcurrentCallsFromThreads) {
    TestHttpServer server(TestHttpServer::Mode::respond, http_response(200, "", "ok"));
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {
            CurlTransport transport(TransportOptions{});
            for (int j = 0; j < 5; ++j) {
                if (transport.send(get(server.url())).body == "ok") ++ok;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 20);
}

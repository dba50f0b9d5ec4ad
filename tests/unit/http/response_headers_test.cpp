// The answer's header lines (HttpResponse::headers): what CurlTransport
// collects and header_values() finds. The portal login check reads its
// verdict from Location and Set-Cookie, so which block counts matters.
#include <gtest/gtest.h>

#include <string>

#include "http/curl_transport.h"
#include "http/transport.h"
#include "test_http_server.h"

using namespace vneid::http;
using vneid::http::testing::TestHttpServer;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

HttpResponse fetch(const std::string& raw_response) {
    TestHttpServer server(TestHttpServer::Mode::respond, raw_response);
    CurlTransport transport(TransportOptions{});
    return transport.send(HttpRequest{"GET", server.url("/"), {}, ""});
}

TransportFailure failure_of(const std::string& raw_response, std::string* message = nullptr) {
    try {
        fetch(raw_response);
    } catch (const TransportError& e) {
        if (message) *message = e.what();
        return e.kind();
    }
    ADD_FAILURE() << "no TransportError";
    return TransportFailure::other;
}

// A 200 answer with `lines` headers of about 1 KiB each.
std::string padded(int lines) {
    std::string out = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < lines; ++i)
        out += "X-Pad-" + std::to_string(i) + ": " + std::string(1000, 'p') + "\r\n";
    return out + "Content-Length: 0\r\nConnection: close\r\n\r\n";
}

}  // namespace

TEST(ResponseHeaders, CollectedInOrderNamesAsSentValuesTrimmed) {
    HttpResponse r = fetch(
        "HTTP/1.1 302 Found\r\n"
        "Location:   /trang-chu  \r\n"
        "set-cookie: a=1; Path=/\r\n"
        "Set-Cookie:b=2\r\n"
        "X-Empty:\r\n"
        "Content-Length: 0\r\n"
        "Connection: close\r\n\r\n");
    EXPECT_EQ(r.status, 302);
    EXPECT_EQ(r.headers, (Headers{{"Location", "/trang-chu"},
                                  {"set-cookie", "a=1; Path=/"},
                                  {"Set-Cookie", "b=2"},
                                  {"X-Empty", ""},
                                  {"Content-Length", "0"},
                                  {"Connection", "close"}}));
}

TEST(ResponseHeaders, OnlyTheFinalAnswerAfterAnInterimOne) {
    HttpResponse r = fetch(
        "HTTP/1.1 103 Early Hints\r\n"
        "Link: </style.css>; rel=preload\r\n"
        "Set-Cookie: early=1\r\n\r\n"
        "HTTP/1.1 200 OK\r\n"
        "Set-Cookie: final=1\r\n"
        "Content-Length: 2\r\n"
        "Connection: close\r\n\r\nok");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "ok");
    EXPECT_EQ(header_values(r, "set-cookie"), (std::vector<std::string_view>{"final=1"}));
    EXPECT_TRUE(header_values(r, "Link").empty());
}

TEST(ResponseHeaders, FoldedLineJoinsItsHeader) {
    HttpResponse r = fetch(
        "HTTP/1.1 200 OK\r\n"
        "X-Long: first\r\n"
        "\t second  \r\n"
        "Content-Length: 0\r\n"
        "Connection: close\r\n\r\n");
    EXPECT_EQ(header_values(r, "x-long"), (std::vector<std::string_view>{"first second"}));
}

TEST(ResponseHeaders, TrailersAreNotHeaders) {
    HttpResponse r = fetch(
        "HTTP/1.1 200 OK\r\n"
        "Transfer-Encoding: chunked\r\n"
        "Trailer: Set-Cookie\r\n"
        "Connection: close\r\n\r\n"
        "2\r\nok\r\n0\r\n"
        "Set-Cookie: late=1\r\n\r\n");
    EXPECT_EQ(r.body, "ok");
    EXPECT_TRUE(header_values(r, "Set-Cookie").empty());
}

TEST(ResponseHeaders, HeaderBlockOverTheCapIsTooLarge) {
    std::string message;
    EXPECT_EQ(failure_of(padded(80), &message), TransportFailure::too_large);  // ~81 KiB
    EXPECT_NE(message.find("headers larger than 65536 bytes"), std::string::npos) << message;
}

TEST(ResponseHeaders, HeaderBlockUnderTheCapIsKept) {
    EXPECT_EQ(fetch(padded(60)).headers.size(), 62u);  // ~61 KiB
}

TEST(HeaderValues, CaseInsensitiveNameAllValuesInOrder) {
    HttpResponse r;
    r.headers = {
        {"Set-Cookie", "a=1"}, {"Location", "/x"}, {"SET-COOKIE", "b=2"}, {"set-cookie", ""}};
    EXPECT_EQ(header_values(r, "set-cookie"), (std::vector<std::string_view>{"a=1", "b=2", ""}));
    EXPECT_EQ(header_values(r, "LOCATION"), (std::vector<std::string_view>{"/x"}));
    EXPECT_TRUE(header_values(r, "Set-Cookie2").empty());
    EXPECT_TRUE(header_values(r, "").empty());
}

TEST(HeaderValues, NoFoldingAboveAscii) {
    HttpResponse r;
    r.headers = {{"X-\xC3\x80", "v"}};
    EXPECT_TRUE(header_values(r, "x-\xC3\xA0").empty());
    EXPECT_EQ(header_values(r, "x-\xC3\x80").size(), 1u);
}

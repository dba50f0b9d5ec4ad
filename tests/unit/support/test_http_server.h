// A one-thread HTTP server on 127.0.0.1 for transport and login-flow tests: answers every
// connection with a canned response, or never answers, or hangs up at once.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

namespace vneid::http::testing {

class TestHttpServer {
 public:
    enum class Mode { respond, silent, hang_up };

    // raw_response: the exact bytes sent back (status line, headers, body).
    explicit TestHttpServer(Mode mode, std::string raw_response = "");
    ~TestHttpServer();
    TestHttpServer(const TestHttpServer&) = delete;
    TestHttpServer& operator=(const TestHttpServer&) = delete;

    int port() const { return port_; }
    std::string url(const std::string& path = "/") const;
    // The bytes of the last request received (headers and body).
    std::string last_request() const;

    // A port on 127.0.0.1 nobody listens on (bound, then closed).
    static int unused_port();

 private:
    void serve();
    void handle(int client);
    std::string read_request(int client);

    Mode mode_;
    std::string raw_response_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::string last_request_;
    std::thread thread_;
};

// "HTTP/1.1 <status>" response with Content-Length and Connection: close.
std::string http_response(int status, const std::string& content_type, const std::string& body);

}  // namespace vneid::http::testing

#include "test_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace vneid::http::testing {
namespace {

int bind_loopback(int* port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
        ::close(fd);
        throw std::runtime_error("bind failed");
    }
    socklen_t len = sizeof(addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    *port = ntohs(addr.sin_port);
    return fd;
}

bool readable(int fd, int timeout_ms) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, timeout_ms) > 0;
}

// Bytes the request still needs after the header block, from Content-Length.
size_t body_length(const std::string& head) {
    std::string lower;
    for (char c : head) lower += char(std::tolower(static_cast<unsigned char>(c)));
    size_t at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;
    return std::stoul(head.substr(at + 17));
}

}  // namespace

TestHttpServer::TestHttpServer(Mode mode, std::string raw_response)
    : mode_(mode), raw_response_(std::move(raw_response)) {
    listen_fd_ = bind_loopback(&port_);
    ::listen(listen_fd_, 16);
    thread_ = std::thread([this] { serve(); });
}

TestHttpServer::~TestHttpServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
}

std::string TestHttpServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::string TestHttpServer::last_request() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_request_;
}

int TestHttpServer::unused_port() {
    int port = 0;
    ::close(bind_loopback(&port));
    return port;
}

void TestHttpServer::serve() {
    while (!stop_) {
        if (!readable(listen_fd_, 20)) continue;
        int client = ::accept(listen_fd_, nullptr, nullptr);
        if (client < 0) continue;
        handle(client);
        ::close(client);
    }
}

void TestHttpServer::handle(int client) {
    if (mode_ == Mode::hang_up) return;
    std::string request = read_request(client);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        last_request_ = request;
    }
    if (mode_ == Mode::silent) {
        while (!stop_) {
            // Keep the connection open, answering nothing, until the client leaves.
            if (readable(client, 20)) {
                char buf[512];
                if (::recv(client, buf, sizeof(buf), 0) <= 0) return;
            }
        }
        return;
    }
    size_t sent = 0;
    while (sent < raw_response_.size()) {
        ssize_t n = ::send(client, raw_response_.data() + sent, raw_response_.size() - sent,
                           MSG_NOSIGNAL);
        if (n <= 0) return;
        sent += size_t(n);
    }
    ::shutdown(client, SHUT_WR);
    // Let the client read everything before the close resets the connection.
    char buf[512];
    while (readable(client, 200) && ::recv(client, buf, sizeof(buf), 0) > 0) {
    }
}

// Reads the header block and Content-Length body; gives up after 300 ms of
// silence (a TLS ClientHello never completes an HTTP header block).
std::string TestHttpServer::read_request(int client) {
    std::string data;
    char buf[4096];
    while (!stop_ && readable(client, 300)) {
        ssize_t n = ::recv(client, buf, sizeof(buf), 0);
        if (n <= 0) break;
        data.append(buf, size_t(n));
        size_t end = data.find("\r\n\r\n");
        if (end != std::string::npos && data.size() >= end + 4 + body_length(data.substr(0, end)))
            break;
    }
    return data;
}

std::string http_response(int status, const std::string& content_type, const std::string& body) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " X\r\n";
    if (!content_type.empty()) out += "Content-Type: " + content_type + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
    return out + body;
}

}  // namespace vneid::http::testing

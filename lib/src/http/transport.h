// The outbound HTTP seam: providers talk to the IdP only through
// HttpTransport, so tests drive them with scripted answers and the module
// runs them on a thread-pool thread with the libcurl implementation.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vneid::http {

struct HttpRequest {
    std::string method;  // "GET", "POST"
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

struct HttpResponse {
    long status = 0;
    std::string content_type;
    std::string body;
    // The final answer's header lines in the order received (not those of a
    // 1xx interim answer, nor chunked trailers): names as sent, values without the surrounding
    // whitespace; a folded continuation line is joined to its header with a
    // space. The portal login check reads Location and Set-Cookie from here.
    // "= {}" keeps the three-field aggregate initialisations warning-free.
    std::vector<std::pair<std::string, std::string>> headers = {};
};

// The values of every header called `name` (ASCII case-insensitive), in
// order; views into `response`, valid while it lives unchanged.
std::vector<std::string_view> header_values(const HttpResponse& response, std::string_view name);

// Why a request produced no HTTP answer; providers map these to login
// failures an operator can act on (timeout vs unreachable vs TLS trust).
enum class TransportFailure { timeout, connect, tls, too_large, other };

const char* to_string(TransportFailure failure);

// The message says what failed (host, libcurl's reason); never request
// headers or bodies, which carry secrets.
class TransportError : public std::runtime_error {
 public:
    TransportError(TransportFailure kind, const std::string& message)
        : std::runtime_error(message), kind_(kind) {}
    TransportFailure kind() const { return kind_; }

 private:
    TransportFailure kind_;
};

class HttpTransport {
 public:
    virtual ~HttpTransport();
    // Returns any HTTP answer, whatever its status; throws TransportError
    // when there is none.
    virtual HttpResponse send(const HttpRequest& request) = 0;
};

}  // namespace vneid::http

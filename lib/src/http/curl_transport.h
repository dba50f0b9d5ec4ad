// HttpTransport over blocking libcurl easy calls. Meant for nginx thread-pool
// threads: every send() uses its own easy handle and no signals, so
// concurrent calls from several threads are safe.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

#include "http/transport.h"

namespace vneid::http {

// curl_global_init exactly once per process (libcurl requires it before any
// thread creates a handle). CurlTransport calls it; the module may call it
// earlier, in init_process.
void http_global_init();

struct TransportOptions {
    std::string ca_file;  // PEM bundle trusted for the IdP; empty = system CAs
    // The same bundle already in memory (wins over ca_file): nginx reads it
    // as root at start-up, the unprivileged workers need not reach the file.
    std::string ca_pem;
    long timeout_ms = 5000;
    long connect_timeout_ms = 3000;
    size_t max_response_bytes = size_t(1) << 20;
    std::string user_agent = "vneid-gateway/0.1";
    // Outbound HTTP proxy ("http://host:port", vneid_idp_proxy): https
    // calls tunnel through it with CONNECT, http ones are sent to it in
    // absolute form. Empty: direct (libcurl's proxy environment variables
    // apply, as before).
    std::string proxy;
};

// TLS peer and host verification are always on; redirects are not followed
// (an IdP answer that redirects is an error, not something to chase, and the
// portal login check judges the redirect itself); only http and https are
// allowed. The answer's header lines are collected (HttpResponse::headers);
// more than 64 KiB of them is TransportFailure::too_large, like a body over
// max_response_bytes.
class CurlTransport : public HttpTransport {
 public:
    // `cancel`, when given, is polled during transfers: setting it to true
    // (e.g. the browser went away, nginx is reloading) aborts the call with
    // TransportFailure::other. It must outlive the transport.
    explicit CurlTransport(TransportOptions options, std::atomic<bool>* cancel = nullptr);

    HttpResponse send(const HttpRequest& request) override;

 private:
    TransportOptions options_;
    std::atomic<bool>* cancel_;
};

}  // namespace vneid::http

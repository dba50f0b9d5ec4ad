#include "http/curl_transport.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

namespace vneid::http {
namespace {

struct EasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

// A portal or IdP needs a few KiB of headers; the cap bounds what a hostile
// or broken server can make a worker hold, like max_response_bytes for the
// body.
constexpr size_t kMaxHeaderBytes = size_t(64) << 10;

// State the libcurl callbacks see during one send().
struct Transfer {
    std::string body;
    size_t max_bytes = 0;
    bool too_large = false;
    std::atomic<bool>* cancel = nullptr;
    // The header lines of the answer being received; a new status line
    // (after a 1xx, a proxy's CONNECT answer) starts them again.
    std::vector<std::pair<std::string, std::string>> headers;
    bool in_header_block = false;  // false after the blank line: trailers are not headers
    size_t header_bytes = 0;       // every header byte of the transfer, for the cap
    bool headers_too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    size_t n = size * count;
    if (transfer->body.size() + n > transfer->max_bytes) {
        transfer->too_large = true;
        return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
    }
    transfer->body.append(data, n);
    return n;
}

std::string_view trim_header_space(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

// libcurl hands over one complete header line at a time (CRLF included),
// status lines and the blank line that ends a block among them.
size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    size_t n = size * count;
    transfer->header_bytes += n;
    if (transfer->header_bytes > kMaxHeaderBytes) {
        transfer->headers_too_large = true;
        return 0;  // CURLE_WRITE_ERROR
    }
    std::string_view line(data, n);
    if (line.substr(0, 5) == "HTTP/") {
        transfer->headers.clear();
        transfer->in_header_block = true;
        return n;
    }
    if (!transfer->in_header_block) return n;
    if (trim_header_space(line).empty()) {
        transfer->in_header_block = false;
        return n;
    }
    if (line.front() == ' ' || line.front() == '\t') {
        // obs-fold (RFC 9112 §5.2): the line continues the previous value.
        if (!transfer->headers.empty()) {
            std::string& value = transfer->headers.back().second;
            if (!value.empty()) value += ' ';
            value += trim_header_space(line);
        }
        return n;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return n;  // not a header line
    transfer->headers.emplace_back(std::string(line.substr(0, colon)),
                                   std::string(trim_header_space(line.substr(colon + 1))));
    return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* transfer = static_cast<Transfer*>(user);
    return transfer->cancel && transfer->cancel->load() ? 1 : 0;
}

TransportFailure classify(CURLcode code) {
    switch (code) {
        case CURLE_OPERATION_TIMEDOUT:
            return TransportFailure::timeout;
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return TransportFailure::connect;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_USE_SSL_FAILED:
            return TransportFailure::tls;
        case CURLE_FILESIZE_EXCEEDED:
            return TransportFailure::too_large;
        default:
            return TransportFailure::other;
    }
}

// The query may carry parameters we do not want in logs; the host and path
// are what an operator needs.
std::string_view without_query(std::string_view url) {
    return url.substr(0, url.find_first_of("?#"));
}

bool has_line_break(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

HeaderList build_headers(const HttpRequest& request) {
    HeaderList list;
    auto append = [&list](const std::string& line) {
        curl_slist* grown = curl_slist_append(list.get(), line.c_str());
        if (!grown) throw TransportError(TransportFailure::other, "out of memory");
        static_cast<void>(list.release());  // `grown` is the same list, extended
        list.reset(grown);
    };
    for (const auto& [name, value] : request.headers) {
        // A header value from the IdP (a bearer token) must not be able to
        // inject further header lines.
        if (name.empty() || has_line_break(name) || has_line_break(value))
            throw TransportError(TransportFailure::other,
                                 "refusing header '" + name + "' with a line break or NUL");
        append(name + ": " + value);
    }
    append("Expect:");  // no 100-continue round trip for small POST bodies
    return list;
}

template <typename T>
void set(CURL* handle, CURLoption option, T value) {
    CURLcode code = curl_easy_setopt(handle, option, value);
    if (code != CURLE_OK)
        throw TransportError(TransportFailure::other,
                             std::string("libcurl option rejected: ") + curl_easy_strerror(code));
}

}  // namespace

void http_global_init() {
    static std::once_flag once;
    std::call_once(once, [] {
        CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
        if (code != CURLE_OK)
            throw TransportError(TransportFailure::other,
                                 std::string("curl_global_init failed: ") +
                                     curl_easy_strerror(code));
    });
}

CurlTransport::CurlTransport(TransportOptions options, std::atomic<bool>* cancel)
    : options_(std::move(options)), cancel_(cancel) {
    http_global_init();
}

HttpResponse CurlTransport::send(const HttpRequest& request) {
    EasyHandle easy(curl_easy_init());
    if (!easy) throw TransportError(TransportFailure::other, "curl_easy_init failed");
    CURL* h = easy.get();

    Transfer transfer;
    transfer.max_bytes = options_.max_response_bytes;
    transfer.cancel = cancel_;
    HeaderList headers = build_headers(request);
    char error_text[CURL_ERROR_SIZE] = "";

    set(h, CURLOPT_URL, request.url.c_str());
    set(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM-based DNS timeouts in threads
    set(h, CURLOPT_ERRORBUFFER, error_text);
#if LIBCURL_VERSION_NUM >= 0x075500
    set(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    set(h, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    set(h, CURLOPT_FOLLOWLOCATION, 0L);
    set(h, CURLOPT_SSL_VERIFYPEER, 1L);
    set(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_pem.empty()) {
        curl_blob blob{const_cast<char*>(options_.ca_pem.data()), options_.ca_pem.size(),
                       CURL_BLOB_NOCOPY};
        set(h, CURLOPT_CAINFO_BLOB, &blob);
    } else if (!options_.ca_file.empty()) {
        set(h, CURLOPT_CAINFO, options_.ca_file.c_str());
    }
    if (!options_.proxy.empty()) {
        set(h, CURLOPT_PROXY, options_.proxy.c_str());
        set(h, CURLOPT_PROXYTYPE, long(CURLPROXY_HTTP));
        set(h, CURLOPT_NOPROXY, "");  // every call goes through it, whatever NO_PROXY says
    }
    set(h, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
    set(h, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    set(h, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options_.max_response_bytes));
    set(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
    set(h, CURLOPT_HTTPHEADER, headers.get());
    set(h, CURLOPT_WRITEFUNCTION, &on_body);
    set(h, CURLOPT_WRITEDATA, static_cast<void*>(&transfer));
    set(h, CURLOPT_HEADERFUNCTION, &on_header);
    set(h, CURLOPT_HEADERDATA, static_cast<void*>(&transfer));
    if (cancel_) {
        set(h, CURLOPT_NOPROGRESS, 0L);
        set(h, CURLOPT_XFERINFOFUNCTION, &on_progress);
        set(h, CURLOPT_XFERINFODATA, static_cast<void*>(&transfer));
    }

    if (request.method == "GET") {
        set(h, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "POST") {
        set(h, CURLOPT_POST, 1L);
        set(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
        set(h, CURLOPT_POSTFIELDS, request.body.c_str());
    } else {
        throw TransportError(TransportFailure::other,
                             "unsupported HTTP method '" + request.method + "'");
    }

    std::string where = request.method + " " + std::string(without_query(request.url));
    if (cancel_ && cancel_->load())
        throw TransportError(TransportFailure::other, where + ": cancelled");
    CURLcode code = curl_easy_perform(h);
    if (code != CURLE_OK) {
        if (transfer.headers_too_large)
            throw TransportError(TransportFailure::too_large,
                                 where + ": answer headers larger than " +
                                     std::to_string(kMaxHeaderBytes) + " bytes");
        if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED)
            throw TransportError(TransportFailure::too_large,
                                 where + ": answer larger than " +
                                     std::to_string(options_.max_response_bytes) + " bytes");
        if (code == CURLE_ABORTED_BY_CALLBACK)
            throw TransportError(TransportFailure::other, where + ": cancelled");
        std::string reason = error_text[0] ? error_text : curl_easy_strerror(code);
        throw TransportError(classify(code), where + ": " + reason);
    }

    HttpResponse response;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    const char* content_type = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type)
        response.content_type = content_type;
    response.body = std::move(transfer.body);
    response.headers = std::move(transfer.headers);
    return response;
}

}  // namespace vneid::http

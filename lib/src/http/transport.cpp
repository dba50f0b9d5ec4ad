#include "http/transport.h"

namespace vneid::http {
namespace {

// Header names are ASCII tokens: no locale, no folding above 0x7F. (The
// same as request/ascii_case.h, but http/ sits below request/.)
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

}  // namespace

HttpTransport::~HttpTransport() = default;

std::vector<std::string_view> header_values(const HttpResponse& response, std::string_view name) {
    std::vector<std::string_view> out;
    for (const auto& [key, value] : response.headers)
        if (iequals(key, name)) out.emplace_back(value);
    return out;
}

const char* to_string(TransportFailure failure) {
    switch (failure) {
        case TransportFailure::timeout: return "timeout";
        case TransportFailure::connect: return "connect";
        case TransportFailure::tls: return "tls";
        case TransportFailure::too_large: return "too_large";
        case TransportFailure::other: return "other";
    }
    return "other";
}

}  // namespace vneid::http

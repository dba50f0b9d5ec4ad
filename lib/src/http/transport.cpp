#include "http/transport.h"

namespace vneid::http {

HttpTransport::~HttpTransport() = default;

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

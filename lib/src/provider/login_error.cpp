#include "provider/login_error.h"

namespace vneid::provider {

const char* to_string(LoginFailure failure) {
    switch (failure) {
        case LoginFailure::idp_denied: return "idp_denied";
        case LoginFailure::idp_cancelled: return "idp_cancelled";
        case LoginFailure::idp_account_locked: return "idp_account_locked";
        case LoginFailure::idp_otp_exhausted: return "idp_otp_exhausted";
        case LoginFailure::idp_timeout: return "idp_timeout";
        case LoginFailure::idp_unreachable: return "idp_unreachable";
        case LoginFailure::idp_tls: return "idp_tls";
        case LoginFailure::idp_error: return "idp_error";
        case LoginFailure::idp_bad_answer: return "idp_bad_answer";
        case LoginFailure::code_rejected: return "code_rejected";
        case LoginFailure::missing_code: return "missing_code";
        case LoginFailure::identity_too_long: return "identity_too_long";
    }
    return "unknown";
}

LoginError::LoginError(LoginFailure failure, std::string detail)
    : std::runtime_error(std::string(to_string(failure)) + ": " + detail),
      failure_(failure),
      detail_(std::move(detail)) {}

}  // namespace vneid::provider

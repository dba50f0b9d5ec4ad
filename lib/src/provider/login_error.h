// Why a login could not complete, in categories the flow turns into a page
// for the user, a metric and an error-log line for the operator.
#pragma once

#include <stdexcept>
#include <string>

namespace vneid::provider {

enum class LoginFailure {
    idp_denied,       // the callback carried error= for another reason (IdP refused)
    idp_cancelled,    // VNeID: error=access_denied, the staff member pressed cancel
    idp_account_locked,  // VNeID: error=access_denied, the VNeID account is locked
    idp_otp_exhausted,   // VNeID: error=access_denied, every OTP try was wrong
    idp_timeout,      // the IdP did not answer in time
    idp_unreachable,  // no connection to the IdP (DNS, refused, reset)
    idp_tls,          // TLS handshake or certificate verification failed
    idp_error,        // the IdP answered with an HTTP error status
    idp_bad_answer,   // the answer could not be read (JSON, envelope, claims)
    code_rejected,    // invalid_grant: the code expired or was used already
    missing_code,     // the callback had neither code nor error
    identity_too_long,  // a claim longer than a session can keep (identity_limits.h)
};

// Stable lowercase name ("idp_timeout"), for logs and metrics labels.
const char* to_string(LoginFailure failure);

// detail() is for the error log, e.g. "token endpoint answered 503"; it
// never holds secrets (client secret, codes, tokens, keys).
class LoginError : public std::runtime_error {
 public:
    LoginError(LoginFailure failure, std::string detail);
    LoginFailure failure() const { return failure_; }
    const std::string& detail() const { return detail_; }

 private:
    LoginFailure failure_;
    std::string detail_;
};

}  // namespace vneid::provider

#include "provider/idp_denial.h"

namespace vneid::provider {

LoginFailure denial_failure(std::string_view error, std::string_view description) {
    // Exact matches only: the values come from whoever opened the callback
    // URL, and an unknown reason must keep the generic page.
    if (error != "access_denied") return LoginFailure::idp_denied;
    if (description == "user_cancelled") return LoginFailure::idp_cancelled;
    if (description == "account_locked") return LoginFailure::idp_account_locked;
    if (description == "otp_exhausted") return LoginFailure::idp_otp_exhausted;
    return LoginFailure::idp_denied;
}

}  // namespace vneid::provider

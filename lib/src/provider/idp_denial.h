// What an IdP's error= redirect to the callback means. VNeID sends
// error=access_denied for every refusal and says why in error_description;
// three of its reasons need their own page (a cancel is no error, a locked
// account and used-up OTP tries each have their own next step).
#pragma once

#include <string_view>

#include "provider/login_error.h"

namespace vneid::provider {

// error=access_denied with error_description user_cancelled, account_locked
// or otp_exhausted: idp_cancelled, idp_account_locked, idp_otp_exhausted.
// Anything else (another error, another or no description): idp_denied.
LoginFailure denial_failure(std::string_view error, std::string_view description);

}  // namespace vneid::provider

#include "pages/error_kind.h"

namespace vneid::pages {

ErrorInfo error_info(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::bad_request:        return {400, "bad_request"};
        case ErrorKind::not_found:          return {404, "not_found"};
        case ErrorKind::method_not_allowed: return {405, "method_not_allowed"};
        case ErrorKind::state_invalid:      return {400, "state_invalid"};
        case ErrorKind::idp_denied:         return {403, "idp_denied"};
        case ErrorKind::idp_cancelled:      return {200, "idp_cancelled"};
        case ErrorKind::idp_account_locked: return {403, "idp_account_locked"};
        case ErrorKind::idp_otp_exhausted:  return {403, "idp_otp_exhausted"};
        case ErrorKind::idp_timeout:        return {504, "idp_timeout"};
        case ErrorKind::idp_unreachable:    return {503, "idp_unreachable"};
        case ErrorKind::idp_tls:            return {502, "idp_tls"};
        case ErrorKind::idp_error:          return {502, "idp_error"};
        case ErrorKind::idp_bad_answer:     return {502, "idp_bad_answer"};
        case ErrorKind::code_rejected:      return {400, "code_rejected"};
        case ErrorKind::level_too_low:      return {403, "level_too_low"};
        case ErrorKind::citizen_id_invalid: return {403, "citizen_id_invalid"};
        case ErrorKind::identity_too_long:  return {403, "identity_too_long"};
        case ErrorKind::no_account:         return {403, "no_account"};
        case ErrorKind::account_not_linked: return {403, "account_not_linked"};
        case ErrorKind::account_required:   return {403, "account_required"};
        case ErrorKind::link_refused:       return {403, "link_refused"};
        case ErrorKind::link_limited:       return {429, "link_limited"};
        case ErrorKind::link_unavailable:   return {503, "link_unavailable"};
        case ErrorKind::link_expired:       return {400, "link_expired"};
        case ErrorKind::account_taken:      return {403, "account_taken"};
        case ErrorKind::account_disabled:   return {403, "account_disabled"};
        case ErrorKind::busy:               return {503, "busy"};
        case ErrorKind::csrf_invalid:       return {403, "csrf_invalid"};
        case ErrorKind::session_expired:    return {401, "session_expired"};
        case ErrorKind::login_required:     return {401, "login_required"};
        case ErrorKind::reauth_required:    return {401, "reauth_required"};
        case ErrorKind::store_error:        return {503, "store_error"};
        case ErrorKind::not_configured:     return {500, "not_configured"};
        case ErrorKind::internal:           return {500, "internal"};
    }
    return {500, "internal"};
}

bool is_user_caused(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::state_invalid:
        case ErrorKind::level_too_low:
        case ErrorKind::idp_denied:
        case ErrorKind::idp_cancelled:
        case ErrorKind::idp_account_locked:
        case ErrorKind::idp_otp_exhausted:
        case ErrorKind::citizen_id_invalid:
        case ErrorKind::account_not_linked:
        case ErrorKind::account_required:
        case ErrorKind::link_refused:
        case ErrorKind::link_limited:
        case ErrorKind::link_expired:
        case ErrorKind::account_taken:
        case ErrorKind::account_disabled:
            return true;
        default:
            return false;
    }
}

bool is_calm(ErrorKind kind) { return error_info(kind).http_status < 400; }

std::optional<ErrorKind> error_kind_from_code(std::string_view code) {
    for (ErrorKind kind : kAllErrorKinds) {
        if (code == error_info(kind).code) return kind;
    }
    return std::nullopt;
}

}  // namespace vneid::pages

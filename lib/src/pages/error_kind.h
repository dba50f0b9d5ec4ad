// Every way a login or gateway request can fail, with its HTTP status and a
// stable machine code (used in JSON answers, logs and template overrides).
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace vneid::pages {

enum class ErrorKind {
    bad_request,
    not_found,
    method_not_allowed,
    state_invalid,       // login flow expired, invalid, or finished in another tab
    idp_denied,          // the IdP returned error= for a reason without its own page
    idp_cancelled,       // the staff member cancelled at VNeID: HTTP 200, not an error look
    idp_account_locked,  // VNeID: the VNeID account is locked
    idp_otp_exhausted,   // VNeID: every OTP try was wrong, the sign-in was cancelled
    idp_timeout,
    idp_unreachable,
    idp_tls,
    idp_error,           // the IdP answered 4xx/5xx
    idp_bad_answer,      // garbage, undecryptable
    code_rejected,       // authorization code expired or already used
    level_too_low,
    citizen_id_invalid,
    identity_too_long,   // a claim or the linked accounts exceed what a session keeps
    no_account,          // no enabled legacy account linked to this ID number
    account_not_linked,  // the account chosen is not linked to this ID number, or is disabled
    account_required,    // a session with no active account (a script asked; people get the chooser)
    link_refused,        // self-service linking: the portal refused the username/password
    link_limited,        // too many link attempts for this ID number or address: wait
    link_unavailable,    // the portal's login could not be asked (down, slow, 5xx)
    link_expired,        // the linking form outlived its pending record (or was used)
    account_taken,       // the account is linked to another ID number
    account_disabled,    // the account is linked to this ID number but disabled
    busy,                // thread pool queue full
    csrf_invalid,
    session_expired,
    login_required,      // no session at all (a script asked; people get a redirect)
    reauth_required,     // vneid_max_auth_age: the VNeID sign-in is too old for this page
                         // (a script asked; people get a redirect to a fresh login)
    store_error,
    not_configured,      // this server cannot run a login (no provider, no usable origin)
    internal,
};

inline constexpr std::array<ErrorKind, 34> kAllErrorKinds = {
    ErrorKind::bad_request,     ErrorKind::not_found,       ErrorKind::method_not_allowed,
    ErrorKind::state_invalid,   ErrorKind::idp_denied,      ErrorKind::idp_cancelled,
    ErrorKind::idp_account_locked, ErrorKind::idp_otp_exhausted, ErrorKind::idp_timeout,
    ErrorKind::idp_unreachable, ErrorKind::idp_tls,         ErrorKind::idp_error,
    ErrorKind::idp_bad_answer,  ErrorKind::code_rejected,   ErrorKind::level_too_low,
    ErrorKind::citizen_id_invalid, ErrorKind::identity_too_long, ErrorKind::no_account,
    ErrorKind::account_not_linked, ErrorKind::account_required,
    ErrorKind::link_refused,    ErrorKind::link_limited,    ErrorKind::link_unavailable,
    ErrorKind::link_expired,    ErrorKind::account_taken,   ErrorKind::account_disabled,
    ErrorKind::busy,            ErrorKind::csrf_invalid,    ErrorKind::session_expired,
    ErrorKind::login_required,  ErrorKind::reauth_required, ErrorKind::store_error,
    ErrorKind::not_configured,  ErrorKind::internal,
};

struct ErrorInfo {
    int http_status;
    const char* code;  // stable machine code, e.g. "idp_timeout"
};

ErrorInfo error_info(ErrorKind kind);
std::optional<ErrorKind> error_kind_from_code(std::string_view code);

// A failed login the person at the browser brought about (an old or foreign
// login link, a cancel at VNeID, an identity the gateway refuses), or a
// request their own browser got wrong (an account that is not theirs or no
// longer enabled, no account chosen yet): the error log says [warn], because
// nothing is wrong with the gateway; everything else (the IdP, the store, the
// configuration) is an [error] an operator must see. no_account stays an
// [error]: only the unit's IT can fix the directory, and the page sends the
// person to them with the reference code, which they must find in the log.
bool is_user_caused(ErrorKind kind);

// A kind whose status is not an error (idp_cancelled, 200): its page has
// the calm look (an info icon), since nothing went wrong.
bool is_calm(ErrorKind kind);

}  // namespace vneid::pages

// Self-service account linking proves that a VNeID citizen owns a legacy
// portal account by asking the portal itself: the gateway POSTs the
// username and password to the portal's own login URL (vneid_link_verify)
// and reads the answer as a browser would. The portal's code cannot change,
// so its answer is all there is; what counts as "logged in" is configured.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "http/transport.h"

namespace vneid::link {

enum class SuccessRule { redirect, cookie };

struct PortalLoginCheck {
    std::string url;                       // absolute http(s) URL
    std::string username_field = "username";
    std::string password_field = "password";
    SuccessRule rule = SuccessRule::redirect;
    std::string cookie_name;               // rule == cookie
};

// "" when usable, else why not, naming the option (for nginx -t; the caller
// adds the directive's name and line): the URL absolute http/https with a
// host; field names non-empty form-safe tokens (<= 64 bytes, no '&', '=' or
// control characters) and not the same; with the cookie rule, the cookie
// name an RFC 6265 token. Values quoted in a message have their control
// characters replaced and are cut at 100 bytes.
std::string config_problem(const PortalLoginCheck& check);

// One of the directive's option words: "username_field=NAME",
// "password_field=NAME", "success=redirect", "success=cookie:NAME". Returns
// "" and updates `check`, or a problem (check unchanged). A later word wins
// over an earlier one of the same option.
std::string apply_option(PortalLoginCheck& check, std::string_view word);

enum class Verdict { accepted, refused, unavailable };

const char* to_string(Verdict verdict);  // "accepted", "refused", "unavailable"

// Judges the portal's answer to the credentials, without I/O:
// - 5xx and 429 → unavailable (the portal could not say; the attempt is not
//   the user's fault);
// - redirect rule: 301, 302, 303, 307 or 308 with exactly one distinct
//   Location that does not lead back to the login page → accepted. "Leads
//   back" compares paths only (login_redirect.h): any host, query and
//   fragment ignored, dot segments, ";params", trailing '/' and ASCII case
//   normalised, and an unjudgeable Location counts as the login page;
// - cookie rule: a 2xx or 3xx answer whose last Set-Cookie for cookie_name
//   (exact name) has a non-empty value other than "deleted" (or "\"\"") and
//   does not expire it (Max-Age <= 0, or Expires at or before `now`) →
//   accepted;
// - everything else → refused.
// The two-argument form uses the current time.
Verdict judge_answer(const PortalLoginCheck& check, const http::HttpResponse& answer);
Verdict judge_answer(const PortalLoginCheck& check, const http::HttpResponse& answer,
                     int64_t now);

// POSTs `username_field=<username>&password_field=<password>`
// (application/x-www-form-urlencoded, RFC 3986 percent-encoding of the UTF-8
// bytes as they are) to check.url through `transport`, without cookies or
// redirects of its own, and judges the answer. The request body is cleansed
// (OPENSSL_cleanse) after the call, also when it throws; the answer
// (portal cookies included) is dropped here. TransportError propagates: the
// caller maps it to unavailable. std::invalid_argument when
// config_problem(check) is not empty (nothing is sent).
Verdict check_login(const PortalLoginCheck& check, std::string_view username,
                    std::string_view password, http::HttpTransport& transport);

}  // namespace vneid::link

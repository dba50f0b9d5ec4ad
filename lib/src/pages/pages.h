// The gateway's own pages: login, errors, logout. Every function returns a
// complete UTF-8 HTML document (or JSON) in the requested language; all
// values are HTML-escaped, and the pages load nothing from elsewhere, so they
// work under content_security_policy(). Send them with
//   Content-Type: text/html; charset=utf-8
//   Content-Language: lang_tag(lang), Vary: Accept-Language
//   Content-Security-Policy: content_security_policy(templates)
//   Cache-Control: no-store
// Pass the TemplateSet loaded from `vneid_templates` (or nullptr) to let the
// operator's templates replace the built-in design.
#pragma once

#include <string>
#include <string_view>

#include "pages/csp.h"
#include "pages/error_kind.h"
#include "pages/language.h"
#include "pages/templates.h"

namespace vneid::pages {

struct LoginPageParams {
    std::string start_url;    // e.g. "/_vneid/start?return=%2Fhoso%3Fid%3D5", already URL-encoded
    std::string portal_name;  // may be empty: a generic system name is shown
};
std::string render_login(Lang lang, const LoginPageParams& params, const TemplateSet* templates = nullptr);

struct ErrorPageParams {
    std::string reference_id;  // shown to the user, also written to the error log; may be empty
    std::string retry_url;     // e.g. the login URL with return; may be empty (no button)
};
std::string render_error(Lang lang, ErrorKind kind, const ErrorPageParams& params,
                         const TemplateSet* templates = nullptr);

// {"error":"<code>","message":"<localized sentence>","reference":"<id>"} for
// XHR/API clients; "reference" is "" when there is none.
std::string render_error_json(Lang lang, ErrorKind kind, std::string_view reference_id);

struct LoggedOutParams {
    std::string login_url;
};
std::string render_logged_out(Lang lang, const LoggedOutParams& params, const TemplateSet* templates = nullptr);

// GET /logout: a confirmation form that POSTs to action_url with the hidden
// field "csrf", so a link or image elsewhere cannot sign staff out.
struct LogoutFormParams {
    std::string action_url;
    std::string csrf_token;
    std::string name;  // display name of the signed-in staff member; may be empty
};
std::string render_logout_confirm(Lang lang, const LogoutFormParams& params,
                                  const TemplateSet* templates = nullptr);

}  // namespace vneid::pages

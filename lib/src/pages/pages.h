// The gateway's own pages: login, errors, logout, the account chooser. Every
// function returns a complete UTF-8 HTML document (or JSON) in the requested
// language, except render_switcher (switcher.h), a fragment; all
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
#include <vector>

#include "pages/account_choice.h"
#include "pages/csp.h"
#include "pages/error_kind.h"
#include "pages/language.h"
#include "pages/switcher.h"
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

// GET /_vneid/accounts: the chooser. One POST form to action_url with the
// hidden fields "csrf" and "return" (omitted when return_path is empty) and
// one <button type="submit" name="account" value="USERNAME"> per account;
// the active one carries aria-current="true" and an "Đang dùng" badge.
// With no active account the page asks to choose one.
using AccountsPageParams = AccountsView;
std::string render_accounts(Lang lang, const AccountsPageParams& params,
                            const TemplateSet* templates = nullptr);

// The no_account page (HTTP 403, code "no_account"): the ErrorKind::no_account
// title and message, the ID number masked but for its last 4 digits, the
// unit's support contact and the reference code.
struct NoAccountParams {
    std::string citizen_id;       // raw; the page shows only "********2345"
    std::string support_contact;  // vneid_support_contact text; may be empty
    std::string reference_id;     // may be empty
    std::string retry_url;        // "Đăng nhập lại" button; may be empty (no button)
};
std::string render_no_account(Lang lang, const NoAccountParams& params,
                              const TemplateSet* templates = nullptr);

// {"accounts_url":"...","error":"account_required","message":"..."} for a
// script whose session has no active account yet (HTTP 403).
std::string render_account_required_json(Lang lang, std::string_view accounts_url);

}  // namespace vneid::pages

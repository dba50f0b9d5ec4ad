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
#include "pages/link_form.h"
#include "pages/switcher.h"
#include "pages/templates.h"

namespace vneid::pages {

struct LoginPageParams {
    std::string start_url;    // e.g. "/_vneid/start?return=%2Fhoso%3Fid%3D5", already URL-encoded
    std::string portal_name;  // may be empty: a generic system name is shown
};
std::string render_login(Lang lang, const LoginPageParams& params, const TemplateSet* templates = nullptr);

// The reference shows; the code and the HTTP status are folded into a
// <details class="tech"> "Chi tiết kỹ thuật". A calm kind (is_calm: a
// cancelled sign-in) gets the info icon instead of the error one.
struct ErrorPageParams {
    std::string reference_id;  // shown to the user, also written to the error log; may be empty
    std::string retry_url;     // e.g. the login URL with return; may be empty (no button)
    std::string note;          // a sentence after the message ("try again in 12 minutes")
    std::string switch_url = {};  // "Đăng nhập bằng tài khoản VNeID khác" (<endpoint>relogin?return=...),
                                  // on refusals after a VNeID sign-in; may be empty (no button)
};
std::string render_error(Lang lang, ErrorKind kind, const ErrorPageParams& params,
                         const TemplateSet* templates = nullptr);

// {"error":"<code>","message":"<localized sentence>","reference":"<id>"} for
// XHR/API clients; "reference" is "" when there is none.
std::string render_error_json(Lang lang, ErrorKind kind, std::string_view reference_id);
// The same with a note after the message and numeric fields
// ("retry_after", "tries_left").
struct JsonNumber {
    std::string_view name;
    long long value;
};
std::string render_error_json(Lang lang, ErrorKind kind, std::string_view reference_id,
                              std::string_view note, const std::vector<JsonNumber>& numbers);

struct LoggedOutParams {
    std::string login_url;
};
std::string render_logged_out(Lang lang, const LoggedOutParams& params, const TemplateSet* templates = nullptr);

// GET /logout: a confirmation form that POSTs to action_url with the hidden
// field "csrf", so a link or image elsewhere cannot sign staff out.
// cancel_url: "Quay lại", back to where the staff member was (may be
// empty: no link).
struct LogoutFormParams {
    std::string action_url;
    std::string csrf_token;
    std::string name;  // display name of the signed-in staff member; may be empty
    std::string cancel_url = {};
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
// unit's support contact and the reference code, and the self-service
// linking form (link_form.h) when the gateway offers one. After a refused
// attempt (kind link_refused) the same page again, with that title and
// message and the form saying why. Operator templates replace only the
// first page (kind no_account); they get {{link_url}} to offer the form,
// which the gateway then shows in its own design. The code and the status
// are folded away as on the error page.
struct NoAccountParams {
    std::string citizen_id;       // raw; the page shows only "********2345"
    std::string support_contact;  // vneid_support_contact text; may be empty
    std::string reference_id;     // may be empty
    std::string retry_url;        // "Đăng nhập lại" button; may be empty (no button)
    ErrorKind kind = ErrorKind::no_account;  // or link_refused
    LinkFormView link = {};
    std::string switch_url = {};  // "Đăng nhập bằng tài khoản VNeID khác"; may be empty
};
std::string render_no_account(Lang lang, const NoAccountParams& params,
                              const TemplateSet* templates = nullptr);

// After a link request was recorded (HTTP 200): what happens next, the
// account asked for, the ID number masked, whom to contact, and the sign-in
// button for when the request is approved.
struct LinkRequestedParams {
    std::string citizen_id;       // raw; shown masked
    std::string username;         // the account asked for
    std::string support_contact;  // may be empty
    std::string login_url;        // may be empty (no button)
};
std::string render_link_requested(Lang lang, const LinkRequestedParams& params);

// {"accounts_url":"...","error":"account_required","message":"..."} for a
// script whose session has no active account yet (HTTP 403).
std::string render_account_required_json(Lang lang, std::string_view accounts_url);

}  // namespace vneid::pages

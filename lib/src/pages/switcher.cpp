// The switcher widget injected into the portal's pages. It lives among CSS it
// does not control, so its own rules reset what the portal's element rules
// could have set (margins, borders, fonts, text transforms) and use px/em
// sizes from `font-size: medium` (the reader's chosen text size), not rem,
// which follows the portal's root font size.
#include "pages/switcher.h"

#include "http/query.h"
#include "pages/accounts_form.h"
#include "pages/html.h"
#include "pages/page_values.h"
#include "pages/ui_text.h"

namespace vneid::pages {
namespace {

// The summary is a red pill with a white rim and a shadow, legible on light
// and dark pages alike; the menu is a white panel. Contrast: white on red
// 6.9:1, muted grey on white 7.6:1 (6.7:1 on the pink hover), red link on
// the pink hover 6.1:1. z-index: the largest 32-bit value, above the
// portal's own menus and overlays.
constexpr std::string_view kStyle =
    ".vneid-sw{position:fixed;top:8px;right:8px;z-index:2147483647;font:400 medium/1.4 system-ui,-apple-system,"
    "\"Segoe UI\",Roboto,Arial,sans-serif;color:#1b1f24;text-align:left}"
    ".vneid-sw *{box-sizing:border-box;margin:0;padding:0;border:0;background:none;box-shadow:none;float:none;"
    "width:auto;height:auto;min-width:0;max-width:none;font:inherit;color:inherit;letter-spacing:normal;"
    "text-transform:none;text-decoration:none;text-align:left;text-shadow:none}"
    ".vneid-sw summary{display:block;list-style:none;cursor:pointer;max-width:16em;padding:5px 14px;"
    "border:2px solid #fff;border-radius:999px;background:#b3121f;color:#fff;font-size:.875em;font-weight:600;"
    "white-space:nowrap;overflow:hidden;text-overflow:ellipsis;box-shadow:0 2px 8px rgba(0,0,0,.35)}"
    ".vneid-sw summary::-webkit-details-marker{display:none}"
    ".vneid-sw summary::after{content:\" \\25BE\"}"
    ".vneid-sw .vneid-sw-menu{position:absolute;right:0;top:100%;margin-top:6px;width:20em;"
    "max-width:calc(100vw - 16px);max-height:calc(100vh - 64px);overflow:auto;padding:6px;font-size:.875em;"
    "background:#fff;border:1px solid #8a96a3;border-radius:10px;box-shadow:0 10px 30px rgba(0,0,0,.3)}"
    ".vneid-sw .vneid-sw-h{padding:6px 8px 2px;color:#4a5560;font-size:.857em;font-weight:700}"
    ".vneid-sw .vneid-sw-cur,.vneid-sw .vneid-sw-acct,.vneid-sw .vneid-sw-link{display:block;width:100%;"
    "padding:6px 8px;border-radius:6px;overflow-wrap:anywhere}"
    ".vneid-sw .vneid-sw-acct,.vneid-sw .vneid-sw-link{cursor:pointer;-webkit-appearance:none;appearance:none}"
    ".vneid-sw .vneid-sw-acct:hover,.vneid-sw .vneid-sw-link:hover{background:#fdecee}"
    ".vneid-sw b{display:block;font-weight:700}"
    ".vneid-sw small{display:block;color:#4a5560;font-size:.857em}"
    ".vneid-sw .vneid-sw-link{color:#b3121f;text-decoration:underline}"
    ".vneid-sw .vneid-sw-sep{margin-top:6px;padding-top:6px;border-top:1px solid #d8dde3}"
    ".vneid-sw .vneid-sw-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
    "white-space:nowrap}"
    ".vneid-sw :focus-visible{outline:3px solid #0b57d0;outline-offset:2px}"
    "@media (forced-colors:active){.vneid-sw summary,.vneid-sw .vneid-sw-menu{border:1px solid CanvasText}}"
    "@media print{.vneid-sw{display:none}}";

// "<b>Name</b><small>unit · username</small>" for one account.
void append_account_lines(std::string& html, const AccountChoice& account) {
    html += "<b>";
    append_escaped(html, account_label(account));
    html += "</b>";
    std::string detail = account.unit;
    if (!account.display_name.empty()) {
        if (!detail.empty()) detail += " · ";
        detail += account.username;
    }
    if (!detail.empty()) {
        html += "<small>";
        append_escaped(html, detail);
        html += "</small>";
    }
}

// The chooser page keeps the return path, so "all accounts" comes back here.
std::string chooser_url(std::string_view action_url, std::string_view return_path) {
    std::string url(action_url);
    if (!return_path.empty() && return_path != "/") {
        url += action_url.find('?') == std::string_view::npos ? '?' : '&';
        url += "return=";
        url += http::url_encode(return_path);
    }
    return url;
}

const AccountChoice* find_active(const SwitcherParams& params) {
    if (params.active.empty()) return nullptr;
    for (const AccountChoice& account : params.accounts) {
        if (account.username == params.active) return &account;
    }
    return nullptr;
}

void append_switch_form(std::string& html, Lang lang, const SwitcherParams& params,
                        std::string_view action_url, const AccountChoice* active) {
    if (params.accounts.size() == (active ? 1u : 0u)) return;  // nobody else to become
    html += "<p class=\"vneid-sw-h\">";
    html += ui::switcher_switch_to.in(lang);
    html += "</p><form method=\"post\" action=\"";
    append_escaped(html, action_url);
    html += "\">";
    append_hidden(html, "csrf", params.csrf_token);
    if (!params.return_path.empty()) append_hidden(html, "return", params.return_path);
    for (const AccountChoice& account : params.accounts) {
        if (&account == active) continue;
        html += "<button class=\"vneid-sw-acct\" type=\"submit\" name=\"account\" value=\"";
        append_escaped(html, account.username);
        html += "\">";
        append_account_lines(html, account);
        html += "</button>";
    }
    html += "</form>";
}

}  // namespace

std::string_view switcher_stylesheet() { return kStyle; }

std::string render_switcher(Lang lang, const SwitcherParams& params) {
    // A form without a usable action would post to the portal page itself.
    const std::string_view action_url = safe_href(params.action_url);
    const std::string_view logout_url = safe_href(params.logout_url);
    const AccountChoice* active = find_active(params);

    std::string html;
    html.reserve(kStyle.size() + 1024 + 256 * params.accounts.size());
    html += "<div class=\"vneid-sw\" lang=\"";
    html += lang_tag(lang);
    html += "\"><style>";
    html += kStyle;
    html += "</style><details><summary><span class=\"vneid-sw-sr\">";
    html += ui::switcher_current.in(lang);
    html += ": </span>";
    if (active) {
        // The username and unit, not the name: a person's accounts usually
        // all bear the same name, and a switch must show in the corner.
        append_escaped(html, active->username);
        if (!active->unit.empty()) {
            html += " · ";
            append_escaped(html, active->unit);
        }
    } else if (!params.name.empty()) {
        append_escaped(html, params.name);
    } else {
        html += ui::switcher_none.in(lang);
    }
    html += "</summary><div class=\"vneid-sw-menu\">";
    // The person, unless the active account already bears their name.
    if (!params.name.empty() && (active == nullptr || account_label(*active) != params.name)) {
        html += "<p class=\"vneid-sw-cur\"><b>";
        append_escaped(html, params.name);
        html += "</b></p>";
    }
    html += "<p class=\"vneid-sw-h\">";
    html += ui::switcher_current.in(lang);
    html += "</p><p class=\"vneid-sw-cur\">";
    if (active) {
        append_account_lines(html, *active);
    } else {
        html += "<small>";
        html += ui::switcher_none.in(lang);
        html += "</small>";
    }
    html += "</p>";
    if (!action_url.empty()) {
        append_switch_form(html, lang, params, action_url, active);
        html += "<div class=\"vneid-sw-sep\"><a class=\"vneid-sw-link\" href=\"";
        append_escaped(html, chooser_url(action_url, params.return_path));
        html += "\">";
        html += ui::switcher_all.in(lang);
        html += "</a></div>";
    }
    if (!logout_url.empty()) {
        html += "<form class=\"vneid-sw-sep\" method=\"post\" action=\"";
        append_escaped(html, logout_url);
        html += "\">";
        append_hidden(html, "csrf", params.csrf_token);
        html += "<button class=\"vneid-sw-link\" type=\"submit\">";
        html += ui::logout_submit.in(lang);
        html += "</button></form>";
    }
    html += "</div></details></div>";
    return html;
}

}  // namespace vneid::pages

#include "pages/accounts_form.h"

#include "pages/html.h"
#include "pages/page_values.h"
#include "pages/pages.h"
#include "pages/ui_text.h"

namespace vneid::pages {
namespace {

void append_account_button(std::string& html, Lang lang, const AccountChoice& account, bool active) {
    html += "<li><button class=\"account\" type=\"submit\" name=\"account\" value=\"";
    append_escaped(html, account.username);
    html += '"';
    if (active) html += " aria-current=\"true\"";
    html += "><span class=\"account-name\">";
    append_escaped(html, account_label(account));
    html += "</span>";
    if (active) {
        html += "<span class=\"badge\">";
        html += ui::account_in_use.in(lang);
        html += "</span>";
    }
    if (!account.unit.empty()) {
        html += "<span class=\"account-unit\">";
        append_escaped(html, account.unit);
        html += "</span>";
    }
    // The username is the name line already when there is no display name.
    if (!account.display_name.empty()) {
        html += "<span class=\"account-user\">";
        append_escaped(html, account.username);
        html += "</span>";
    }
    html += "</button></li>\n";
}

}  // namespace

std::string_view account_label(const AccountChoice& account) {
    return account.display_name.empty() ? std::string_view(account.username) : account.display_name;
}

std::string_view active_label(const std::vector<AccountChoice>& accounts, std::string_view active) {
    if (active.empty()) return {};
    for (const AccountChoice& account : accounts) {
        if (account.username == active) return account_label(account);
    }
    return {};
}

std::string accounts_form(Lang lang, const AccountsView& params) {
    std::string html;
    if (params.accounts.empty()) return html;  // the page's message says there is none
    html += "<form method=\"post\"";
    // Without a usable action the form posts back to the chooser's own URL.
    if (std::string_view action = safe_href(params.action_url); !action.empty()) {
        html += " action=\"";
        append_escaped(html, action);
        html += '"';
    }
    html += ">\n";
    append_hidden(html, "csrf", params.csrf_token);
    // An empty field would override the return= of the form's URL.
    if (!params.return_path.empty()) append_hidden(html, "return", params.return_path);
    html += "<ul class=\"accounts\" aria-label=\"";
    html += ui::accounts_list_label.in(lang);
    html += "\">\n";
    for (const AccountChoice& account : params.accounts) {
        append_account_button(html, lang, account, !params.active.empty() && account.username == params.active);
    }
    html += "</ul>\n</form>";
    return html;
}

}  // namespace vneid::pages

// The account chooser (GET /_vneid/accounts): the staff member's linked
// portal accounts, each a submit button of one POST form, the active one
// marked. Switching needs no new VNeID login, only this form's CSRF token.
#include "pages/accounts_form.h"
#include "pages/html.h"
#include "pages/layout.h"
#include "pages/page_values.h"
#include "pages/pages.h"
#include "pages/ui_text.h"

namespace vneid::pages {
namespace {

std::string_view lead_text(Lang lang, const AccountsPageParams& params) {
    if (params.accounts.empty()) return ui::accounts_none.in(lang);
    // An active username missing from the list (just unlinked) counts as none.
    const bool marked = !active_label(params.accounts, params.active).empty();
    return (marked ? ui::accounts_switch_lead : ui::accounts_choose_to_continue).in(lang);
}

std::string accounts_main(Lang lang, const AccountsPageParams& params, std::string_view form,
                          std::string_view logout_url) {
    std::string html;
    html += "<h1>";
    html += ui::accounts_heading.in(lang);
    html += "</h1>\n";
    append_signed_in_as(html, lang, params.name);
    html += "<p class=\"lead\">";
    html += lead_text(lang, params);
    html += "</p>\n";
    html += form;
    append_action_link(html, logout_url, ui::logout_submit.in(lang), true);
    return html;
}

}  // namespace

std::string render_accounts(Lang lang, const AccountsPageParams& params, const TemplateSet* templates) {
    const std::string_view logout_url = safe_href(params.logout_url);
    const std::string_view title = ui::accounts_heading.in(lang);
    const std::string form = accounts_form(lang, params);

    if (const Template* custom = templates ? templates->find(PageId::accounts, lang) : nullptr) {
        std::vector<TemplateValue> values = common_template_values(lang, title, {});
        values.push_back({"message", lead_text(lang, params)});
        values.push_back({"name", params.name});
        values.push_back({"active_account", active_label(params.accounts, params.active)});
        values.push_back({"accounts_form", form, true});
        values.push_back({"logout_url", logout_url});
        values.push_back({"logout_label", ui::logout_submit.in(lang)});
        return custom->render(values);
    }
    const std::string main_html = accounts_main(lang, params, form, logout_url);
    return render_document({lang, title, {}, main_html});
}

}  // namespace vneid::pages

// After a link request: the staff member learns that an administrator has
// to approve it and that a fresh VNeID sign-in picks the account up.
#include <string>

#include "identity/citizen_id_mask.h"
#include "pages/html.h"
#include "pages/layout.h"
#include "pages/page_values.h"
#include "pages/pages.h"
#include "pages/ui_text.h"

namespace vneid::pages {

std::string render_link_requested(Lang lang, const LinkRequestedParams& params) {
    const std::string_view title = ui::link_requested_heading.in(lang);
    std::string html = "<h1>";
    html += title;
    html += "</h1>\n<p>";
    html += ui::link_requested_message.in(lang);
    html += "</p>\n<div class=\"details\">\n";
    append_detail(html, ui::link_requested_account.in(lang), params.username);
    append_detail(html, ui::no_account_id_label.in(lang),
                  identity::mask_citizen_id_last4(params.citizen_id));
    html += "</div>\n";
    append_support_contact(html, lang, params.support_contact);
    append_action_link(html, safe_href(params.login_url), ui::sign_in_again.in(lang), true);
    return render_document({lang, title, {}, html});
}

}  // namespace vneid::pages

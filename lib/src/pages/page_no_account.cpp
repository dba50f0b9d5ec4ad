// The no_account page: the VNeID login worked but no enabled portal account
// is linked to the ID number. It tells the person whom to ask (the unit's IT
// or one-stop administrator) and what to give them: the last digits of the
// ID number and the reference code of the error log line; and, when the
// gateway offers it, the form that links the account right away. As on the
// error page, the code and status sit in "Chi tiết kỹ thuật", and "Sign in
// with another VNeID account" lets the next person at a shared PC in.
#include <string>

#include "identity/citizen_id_mask.h"
#include "pages/error_parts.h"
#include "pages/error_text.h"
#include "pages/html.h"
#include "pages/layout.h"
#include "pages/page_values.h"
#include "pages/pages.h"
#include "pages/ui_text.h"

namespace vneid::pages {
namespace {

struct NoAccountView {
    std::string_view masked_id;
    std::string_view message;
    std::string_view retry_url;
    std::string_view switch_url;
};

std::string no_account_main(Lang lang, const NoAccountParams& params, const NoAccountView& view) {
    const ErrorText& text = error_text(params.kind);
    const std::string form = link_form(lang, params.link);

    std::string html;
    append_status_heading(html, params.kind, text.title.in(lang), view.message);
    append_support_contact(html, lang, params.support_contact);
    if (!view.masked_id.empty() || !params.reference_id.empty()) {
        html += "<div class=\"details\">\n";
        if (!view.masked_id.empty()) append_detail(html, ui::no_account_id_label.in(lang), view.masked_id);
        if (!params.reference_id.empty()) append_detail(html, ui::reference_label.in(lang), params.reference_id);
        html += "</div>";
    }
    if (!params.reference_id.empty()) {
        html += "\n<p class=\"details-note\">";
        html += ui::no_account_give_reference.in(lang);
        html += "</p>";
    }
    append_technical_details(html, lang, error_info(params.kind));
    html += form;
    // With the form, signing in again is the second choice.
    append_error_actions(html, lang,
                         {view.retry_url, error_text(ErrorKind::no_account).action_label.in(lang),
                          view.switch_url, !form.empty()});
    return html;
}

}  // namespace

std::string render_no_account(Lang lang, const NoAccountParams& params, const TemplateSet* templates) {
    const ErrorText& text = error_text(params.kind);
    const ErrorInfo info = error_info(params.kind);
    const std::string masked_id = identity::mask_citizen_id_last4(params.citizen_id);
    // The reference is on the page already; the message need not repeat it.
    const std::string message = error_message(lang, params.kind, false);
    const NoAccountView view{masked_id, message, safe_href(params.retry_url),
                             safe_href(params.switch_url)};
    const std::string_view title = text.title.in(lang);

    const Template* custom = templates && params.kind == ErrorKind::no_account
                                 ? templates->find(PageId::no_account, lang)
                                 : nullptr;
    if (custom) {
        const std::string status = std::to_string(info.http_status);
        std::vector<TemplateValue> values = common_template_values(lang, title, {});
        values.push_back({"message", message});
        values.push_back({"citizen_id", masked_id});
        values.push_back({"support_contact", params.support_contact});
        values.push_back({"reference", params.reference_id});
        values.push_back({"retry_url", view.retry_url});
        values.push_back({"retry_label", text.action_label.in(lang)});
        values.push_back({"switch_url", view.switch_url});
        values.push_back({"switch_label", view.switch_url.empty() ? "" : ui::sign_in_other_vneid.in(lang)});
        values.push_back({"code", info.code});
        values.push_back({"status", status});
        const bool offers_link = !link_form(lang, params.link).empty();
        values.push_back({"link_url", offers_link ? safe_href(params.link.action_url) : ""});
        values.push_back({"link_label", offers_link ? ui::link_heading.in(lang) : ""});
        return custom->render(values);
    }
    const std::string main_html = no_account_main(lang, params, view);
    return render_document({lang, title, {}, main_html});
}

}  // namespace vneid::pages

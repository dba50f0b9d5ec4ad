// Signing out: the confirmation form (GET /logout) and the signed-out page.
// Logout is a POST with a CSRF token, so the GET only asks, and offers
// "Quay lại" for the staff member who did not mean to sign out.
#include "pages/html.h"
#include "pages/icons.h"
#include "pages/layout.h"
#include "pages/page_values.h"
#include "pages/pages.h"
#include "pages/ui_text.h"

namespace vneid::pages {
namespace {

std::string logout_main(Lang lang, const LogoutFormParams& params, std::string_view action_url,
                        std::string_view cancel_url) {
    std::string html;
    html += icons::sign_out();
    html += "\n<h1>";
    html += ui::logout_heading.in(lang);
    html += "</h1>\n";
    append_signed_in_as(html, lang, params.name);
    html += "<p>";
    html += ui::logout_question.in(lang);
    html += "</p>\n<form method=\"post\"";
    // Without a usable action the form posts back to /logout itself.
    if (!action_url.empty()) {
        html += " action=\"";
        append_escaped(html, action_url);
        html += "\"";
    }
    html += ">\n<input type=\"hidden\" name=\"csrf\" value=\"";
    append_escaped(html, params.csrf_token);
    html += "\">\n<div class=\"actions\"><button class=\"button\" type=\"submit\">";
    html += ui::logout_submit.in(lang);
    html += "</button>";
    // Staying signed in is the other answer: back to the page they came from.
    if (!cancel_url.empty()) {
        html += "<a class=\"button button-secondary\" href=\"";
        append_escaped(html, cancel_url);
        html += "\">";
        html += ui::logout_cancel.in(lang);
        html += "</a>";
    }
    html += "</div>\n</form>";
    return html;
}

std::string logged_out_main(Lang lang, std::string_view login_url) {
    std::string html;
    html += icons::success();
    html += "\n<h1>";
    html += ui::logged_out_heading.in(lang);
    html += "</h1>\n<p>";
    html += ui::logged_out_message.in(lang);
    html += "</p>";
    append_action_link(html, login_url, ui::sign_in_again.in(lang));
    return html;
}

}  // namespace

std::string render_logout_confirm(Lang lang, const LogoutFormParams& params, const TemplateSet* templates) {
    const std::string_view action_url = safe_href(params.action_url);
    const std::string_view cancel_url = safe_href(params.cancel_url);
    const std::string_view title = ui::logout_heading.in(lang);

    if (const Template* custom = templates ? templates->find(PageId::logout, lang) : nullptr) {
        std::vector<TemplateValue> values = common_template_values(lang, title, {});
        values.push_back({"message", ui::logout_question.in(lang)});
        values.push_back({"action_url", action_url});
        values.push_back({"csrf", params.csrf_token});
        values.push_back({"name", params.name});
        values.push_back({"submit_label", ui::logout_submit.in(lang)});
        values.push_back({"cancel_url", cancel_url});
        values.push_back({"cancel_label", cancel_url.empty() ? "" : ui::logout_cancel.in(lang)});
        return custom->render(values);
    }
    const std::string main_html = logout_main(lang, params, action_url, cancel_url);
    return render_document({lang, title, {}, main_html});
}

std::string render_logged_out(Lang lang, const LoggedOutParams& params, const TemplateSet* templates) {
    const std::string_view login_url = safe_href(params.login_url);
    const std::string_view title = ui::logged_out_heading.in(lang);

    if (const Template* custom = templates ? templates->find(PageId::logged_out, lang) : nullptr) {
        std::vector<TemplateValue> values = common_template_values(lang, title, {});
        values.push_back({"message", ui::logged_out_message.in(lang)});
        values.push_back({"login_url", login_url});
        values.push_back({"login_label", ui::sign_in_again.in(lang)});
        return custom->render(values);
    }
    const std::string main_html = logged_out_main(lang, login_url);
    return render_document({lang, title, {}, main_html});
}

}  // namespace vneid::pages

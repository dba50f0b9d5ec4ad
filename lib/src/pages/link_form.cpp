#include "pages/link_form.h"

#include "pages/html.h"
#include "pages/page_values.h"
#include "pages/ui_text.h"

namespace vneid::pages {
namespace {

void append_problem(std::string& html, Lang lang, const LinkFormView& view) {
    if (view.problem == LinkProblem::none) return;
    html += "<p class=\"alert\" role=\"alert\">";
    if (view.problem == LinkProblem::fill_in) {
        html += ui::link_fill_in.in(lang);
    } else {
        html += ui::link_wrong_password.in(lang);
        if (view.tries_left >= 0) {
            html += ' ';
            html += ui::link_tries_left_before.in(lang);
            html += std::to_string(view.tries_left);
            html += ui::link_tries_left_after.in(lang);
        }
    }
    html += "</p>\n";
}

// A labelled input; autocomplete values let password managers fill the
// portal's own credentials rather than VNeID's.
void append_field(std::string& html, std::string_view id, std::string_view type,
                  std::string_view label, std::string_view autocomplete, std::string_view value) {
    html += "<div class=\"field\"><label for=\"";
    html += id;
    html += "\">";
    html += label;
    html += "</label><input id=\"";
    html += id;
    html += "\" name=\"";
    html += id;
    html += "\" type=\"";
    html += type;
    html += "\" autocomplete=\"";
    html += autocomplete;
    html += "\" required";
    if (!value.empty()) {
        html += " value=\"";
        append_escaped(html, value);
        html += '"';
    }
    html += "></div>\n";
}

}  // namespace

std::string link_form(Lang lang, const LinkFormView& view) {
    const std::string_view action = safe_href(view.action_url);
    if (view.mode == LinkMode::off || view.csrf_token.empty() || action.empty()) return {};
    const bool verify = view.mode == LinkMode::verify;

    std::string html = "\n<section class=\"link-form\" aria-labelledby=\"link-heading\">\n";
    html += "<h2 id=\"link-heading\">";
    html += ui::link_heading.in(lang);
    html += "</h2>\n<p>";
    html += (verify ? ui::link_verify_lead : ui::link_request_lead).in(lang);
    html += "</p>\n";
    append_problem(html, lang, view);
    html += "<form method=\"post\" action=\"";
    append_escaped(html, action);
    html += "\">\n";
    append_hidden(html, "csrf", view.csrf_token);
    append_field(html, "username", "text", ui::link_username_label.in(lang), "username", view.username);
    if (verify) {
        append_field(html, "password", "password", ui::link_password_label.in(lang),
                     "current-password", {});
    }
    html += "<div class=\"actions\"><button class=\"button\" type=\"submit\">";
    html += (verify ? ui::link_submit_verify : ui::link_submit_request).in(lang);
    html += "</button></div>\n</form>\n</section>";
    return html;
}

}  // namespace vneid::pages

#include "pages/error_parts.h"

#include "pages/html.h"
#include "pages/icons.h"
#include "pages/ui_text.h"

namespace vneid::pages {
namespace {

void append_button(std::string& html, std::string_view href, std::string_view label,
                   bool secondary) {
    html += secondary ? "<a class=\"button button-secondary\" href=\"" : "<a class=\"button\" href=\"";
    append_escaped(html, href);
    html += "\">";
    append_escaped(html, label);
    html += "</a>";
}

}  // namespace

void append_status_heading(std::string& html, ErrorKind kind, std::string_view title,
                           std::string_view message) {
    html += is_calm(kind) ? icons::info() : icons::error();
    html += "\n<h1>";
    html += title;
    html += "</h1>\n<p>";
    html += message;
    html += "</p>\n";
}

void append_technical_details(std::string& html, Lang lang, const ErrorInfo& info) {
    html += "\n<details class=\"tech\"><summary>";
    html += ui::technical_details.in(lang);
    html += "</summary>\n<p>";
    html += ui::error_code_label.in(lang);
    html += ": ";
    html += info.code;
    html += " · HTTP ";
    html += std::to_string(info.http_status);
    html += "</p>\n</details>";
}

void append_error_actions(std::string& html, Lang lang, const ErrorActions& actions) {
    if (actions.retry_url.empty() && actions.switch_url.empty()) return;
    html += "\n<div class=\"actions\">";
    if (!actions.retry_url.empty()) {
        append_button(html, actions.retry_url, actions.retry_label, actions.retry_secondary);
    }
    if (!actions.switch_url.empty()) {
        append_button(html, actions.switch_url, ui::sign_in_other_vneid.in(lang), true);
    }
    html += "</div>";
}

}  // namespace vneid::pages

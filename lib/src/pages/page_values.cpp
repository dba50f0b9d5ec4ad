#include "pages/page_values.h"

#include "pages/html.h"
#include "pages/icons.h"
#include "pages/layout.h"
#include "pages/stylesheet.h"
#include "pages/ui_text.h"

namespace vneid::pages {

std::vector<TemplateValue> common_template_values(Lang lang, std::string_view title,
                                                  std::string_view portal_name) {
    return {
        {"lang", lang_tag(lang)},
        {"title", title},
        {"portal_name", display_portal_name(lang, portal_name)},
        {"stylesheet", style_element(), true},
        {"emblem", icons::emblem(), true},
    };
}

void append_action_link(std::string& html, std::string_view href, std::string_view label,
                        bool secondary) {
    if (href.empty()) return;
    html += secondary ? "\n<div class=\"actions\"><a class=\"button button-secondary\" href=\""
                      : "\n<div class=\"actions\"><a class=\"button\" href=\"";
    append_escaped(html, href);
    html += "\">";
    append_escaped(html, label);
    html += "</a></div>";
}

void append_detail(std::string& html, std::string_view label, std::string_view value) {
    html += "<p>";
    html += label;
    html += ": <code>";
    append_escaped(html, value);
    html += "</code></p>\n";
}

void append_support_contact(std::string& html, Lang lang, std::string_view contact) {
    if (contact.empty()) return;
    html += "<p class=\"notice\">";
    html += ui::no_account_support_label.in(lang);
    html += ": <strong>";
    append_escaped(html, contact);
    html += "</strong></p>\n";
}

void append_hidden(std::string& html, std::string_view name, std::string_view value) {
    html += "<input type=\"hidden\" name=\"";
    html += name;
    html += "\" value=\"";
    append_escaped(html, value);
    html += "\">\n";
}

void append_signed_in_as(std::string& html, Lang lang, std::string_view name) {
    if (name.empty()) return;
    html += "<p class=\"signed-in-as\">";
    html += ui::logout_signed_in_as.in(lang);
    html += " <strong>";
    append_escaped(html, name);
    html += "</strong>.</p>\n";
}

}  // namespace vneid::pages

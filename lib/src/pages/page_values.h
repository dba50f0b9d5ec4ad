// Helpers shared by the page_*.cpp files: the operator-template values and
// the markup pieces several built-in pages use.
#pragma once

#include <string>
#include <vector>

#include "pages/language.h"
#include "pages/templates.h"

namespace vneid::pages {

// Values every template may use: lang, title, portal_name, stylesheet, emblem.
std::vector<TemplateValue> common_template_values(Lang lang, std::string_view title,
                                                  std::string_view portal_name);

// "<div class=actions>" with one link styled as a button (nothing when href
// is empty); href and label are escaped.
void append_action_link(std::string& html, std::string_view href, std::string_view label,
                        bool secondary = false);

// "<label>: <code>value</code>" (value escaped), a line of an error page's details.
void append_detail(std::string& html, std::string_view label, std::string_view value);

// "Support contact: <strong>contact</strong>" as a notice (nothing when empty).
void append_support_contact(std::string& html, Lang lang, std::string_view contact);

// <input type="hidden" name="NAME" value="VALUE"> (value escaped), a line.
void append_hidden(std::string& html, std::string_view name, std::string_view value);

// "Signed in as <name>." (nothing when name is empty).
void append_signed_in_as(std::string& html, Lang lang, std::string_view name);

}  // namespace vneid::pages

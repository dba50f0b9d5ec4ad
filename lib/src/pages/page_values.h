// Helpers shared by the page_*.cpp files for the operator-template path.
#pragma once

#include <string>
#include <vector>

#include "pages/language.h"
#include "pages/templates.h"

namespace vneid::pages {

// Values every template may use: lang, title, portal_name, stylesheet, emblem.
std::vector<TemplateValue> common_template_values(Lang lang, std::string_view title,
                                                  std::string_view portal_name);

}  // namespace vneid::pages

#include "pages/page_values.h"

#include "pages/icons.h"
#include "pages/layout.h"
#include "pages/stylesheet.h"

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

}  // namespace vneid::pages

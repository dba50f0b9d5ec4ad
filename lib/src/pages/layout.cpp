#include "pages/layout.h"

#include "pages/html.h"
#include "pages/icons.h"
#include "pages/stylesheet.h"
#include "pages/ui_text.h"

namespace vneid::pages {

std::string_view display_portal_name(Lang lang, std::string_view portal_name) {
    return portal_name.empty() ? ui::default_portal_name.in(lang) : portal_name;
}

std::string render_document(const PageFrame& frame) {
    const Lang lang = frame.lang;
    const std::string_view portal = display_portal_name(lang, frame.portal_name);

    std::string out;
    out.reserve(8192 + frame.main_html.size());
    out += "<!DOCTYPE html>\n<html lang=\"";
    out += lang_tag(lang);
    out += "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           // The login URL carries the return path; keep it away from the IdP.
           "<meta name=\"referrer\" content=\"same-origin\">\n"
           "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
           // Empty icon: no favicon request that would hit the protected portal.
           "<link rel=\"icon\" href=\"data:,\">\n<title>";
    append_escaped(out, frame.title);
    out += " · ";
    append_escaped(out, portal);
    out += "</title>\n";
    out += style_element();
    out += "\n</head>\n<body>\n<header class=\"site-header\">\n<div class=\"site-header-inner\">";
    out += icons::emblem();
    out += "<div class=\"brand\"><span class=\"brand-kicker\">";
    out += ui::brand_kicker.in(lang);
    out += "</span><span class=\"brand-name\">";
    append_escaped(out, portal);
    out += "</span></div>\n</div>\n</header>\n<main>\n<div class=\"card\">\n";
    out += frame.main_html;
    out += "\n</div>\n</main>\n<footer class=\"site-footer\">\n<div class=\"site-footer-inner\">";
    out += ui::footer.in(lang);
    out += "</div>\n</footer>\n</body>\n</html>\n";
    return out;
}

}  // namespace vneid::pages

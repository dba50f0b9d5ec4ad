// The frame every built-in page shares: head (charset, viewport, stylesheet),
// header with the emblem and portal name, <main>, footer. Landmarks and one
// h1 per page let screen-reader users jump straight to the content.
#pragma once

#include <string>
#include <string_view>

#include "pages/language.h"

namespace vneid::pages {

struct PageFrame {
    Lang lang;
    std::string_view title;        // plain text: the page's h1, also used in <title>
    std::string_view portal_name;  // plain text; empty means the generic system name
    std::string_view main_html;    // trusted markup built by a page_*.cpp
};

std::string render_document(const PageFrame& frame);

// The portal name to display: the configured one, or the generic system name.
std::string_view display_portal_name(Lang lang, std::string_view portal_name);

}  // namespace vneid::pages

// Inline SVG artwork (no external images: the CSP forbids them). All of it is
// decorative, so it is hidden from screen readers; the text carries meaning.
#pragma once

#include <string_view>

namespace vneid::pages::icons {

// Red shield with a gold star: the gateway's mark in the page header. It is
// deliberately not the national emblem, whose use is regulated.
std::string_view emblem();
std::string_view id_card();   // inside the VNeID login button
std::string_view chevron();   // "go" arrow at the end of the login button
std::string_view error();     // error pages
std::string_view info();      // a calm outcome on the error page (a cancelled sign-in)
std::string_view success();   // logged-out page
std::string_view sign_out();  // logout confirmation

}  // namespace vneid::pages::icons

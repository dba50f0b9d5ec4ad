// A piece of user-facing text in both page languages, kept side by side so a
// missing translation is visible in review and caught by the tests.
#pragma once

#include <string_view>

#include "pages/language.h"

namespace vneid::pages {

struct Localized {
    std::string_view vi;
    std::string_view en;

    constexpr std::string_view in(Lang lang) const { return lang == Lang::en ? en : vi; }
};

}  // namespace vneid::pages

// The one inline stylesheet all built-in pages share. It is emitted verbatim
// inside <style>, and the Content-Security-Policy allows exactly its hash.
#pragma once

#include <string_view>

namespace vneid::pages {

// Exact text between <style> and </style>.
std::string_view stylesheet();

// "<style>" + stylesheet() + "</style>", also offered to templates as {{stylesheet}}.
std::string_view style_element();

}  // namespace vneid::pages

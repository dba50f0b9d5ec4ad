// Which language the gateway's pages are shown in.
#pragma once

#include <string_view>

namespace vneid::pages {

enum class Lang { vi, en };

// Picks the page language from an Accept-Language header (RFC 9110 §12.5.4).
// Vietnamese is the default; English is chosen only when the browser gives
// English (any "en" or "en-*" range) a strictly higher q-value than
// Vietnamese. Malformed elements are skipped, so garbage yields vi.
Lang negotiate_language(std::string_view accept_language);

// BCP 47 tag for the lang attribute and the Content-Language header.
std::string_view lang_tag(Lang lang);

}  // namespace vneid::pages

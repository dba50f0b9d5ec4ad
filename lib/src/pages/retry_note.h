// The sentence that says when a refused request may be tried again (the
// Retry-After of busy and link_limited), added after the error's message.
#pragma once

#include <cstdint>
#include <string>

#include "pages/language.h"

namespace vneid::pages {

// "Bạn có thể thử lại sau khoảng 5 giây." under a minute, else in whole
// minutes rounded up ("... 15 phút."); "" when seconds <= 0.
std::string retry_after_note(Lang lang, int64_t seconds);

}  // namespace vneid::pages

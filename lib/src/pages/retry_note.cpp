#include "pages/retry_note.h"

#include "pages/ui_text.h"

namespace vneid::pages {

std::string retry_after_note(Lang lang, int64_t seconds) {
    if (seconds <= 0) return {};
    // A busy gateway asks for 5 s: "about 1 minute" would make people wait for nothing.
    if (seconds < 60) {
        return std::string(ui::retry_after_before.in(lang)) + std::to_string(seconds) +
               std::string(ui::retry_after_seconds.in(lang));
    }
    const int64_t minutes = (seconds + 59) / 60;
    return std::string(ui::retry_after_before.in(lang)) + std::to_string(minutes) +
           std::string(ui::retry_after_minutes.in(lang));
}

}  // namespace vneid::pages

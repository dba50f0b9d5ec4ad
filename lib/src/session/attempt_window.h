// A fixed-window counter (the `counters` database): how many attempts since
// the window started. Every value in `counters` has this format, so the
// sweep can drop the windows that are over without knowing their limits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vneid::session {

struct AttemptWindow {
    int64_t start = 0, end = 0;  // unix seconds: [start, end)
    uint32_t count = 0;
};

// u8 version (1) | i64 start | i64 end | u32 count (byte_codec.h).
std::string encode_attempt_window(const AttemptWindow& w);
std::optional<AttemptWindow> decode_attempt_window(std::string_view raw);

// Its end has come, or the wall clock stepped back to well before it
// started (a window must never outlive its length by a clock step).
bool attempt_window_is_over(const AttemptWindow& w, int64_t now);

}  // namespace vneid::session

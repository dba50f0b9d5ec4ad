#include "session/attempt_window.h"

#include "session/byte_codec.h"
#include "session/session_record.h"

namespace vneid::session {
namespace {

constexpr uint8_t kAttemptWindowVersion = 1;

}  // namespace

std::string encode_attempt_window(const AttemptWindow& w) {
    ByteWriter out;
    out.u8(kAttemptWindowVersion);
    out.i64(w.start);
    out.i64(w.end);
    out.u32(w.count);
    return out.take();
}

std::optional<AttemptWindow> decode_attempt_window(std::string_view raw) {
    ByteReader r(raw);
    uint8_t version;
    AttemptWindow w;
    bool ok = r.u8(&version) && version >= 1 && r.i64(&w.start) && r.i64(&w.end) &&
              r.u32(&w.count);
    if (!ok || (version == kAttemptWindowVersion && r.remaining() != 0)) return std::nullopt;
    return w;
}

bool attempt_window_is_over(const AttemptWindow& w, int64_t now) {
    // Small steps back (NTP) keep the window; a larger one restarts it, as
    // sessions are rebased beyond the same tolerance (session_record.h).
    return now >= w.end || w.start - now > kClockStepTolerance;
}

}  // namespace vneid::session

#include "session/session_record.h"

#include <algorithm>
#include <cstdint>

#include "session/byte_codec.h"

namespace vneid::session {
namespace {

constexpr size_t kHeaderSize = 1 + 5 * 8 + 4;
constexpr size_t kCreatedOffset = 1;

}  // namespace

std::string encode_session(const SessionRecord& rec) {
    ByteWriter w;
    w.u8(kSessionRecordVersion);
    w.i64(rec.created);
    w.i64(rec.last_activity);
    w.i64(rec.auth_time);
    w.i64(rec.idle_timeout);
    w.i64(rec.max_age);
    w.u32(uint32_t(rec.level));
    w.str(rec.citizen_id);
    w.str(rec.name);
    w.str(rec.birth_date);
    w.u32(uint32_t(rec.accounts.size()));
    for (const auto& a : rec.accounts) w.str(a);
    w.str(rec.active_account);
    w.str(rec.csrf_token);
    w.u32(uint32_t(rec.portal_cookies.size()));
    for (const auto& b : rec.portal_cookies) {
        w.str(b.name);
        w.str(b.value_hash);
        w.str(b.path);
        w.str(b.domain);
    }
    return w.take();
}

std::optional<SessionRecord> decode_session(std::string_view raw) {
    ByteReader r(raw);
    uint8_t version;
    if (!r.u8(&version) || version < 1) return std::nullopt;
    SessionRecord rec;
    uint32_t n;
    bool ok = r.i64(&rec.created) && r.i64(&rec.last_activity) &&
              r.i64(&rec.auth_time) && r.i64(&rec.idle_timeout) &&
              r.i64(&rec.max_age) && r.i32(&rec.level) && r.str(&rec.citizen_id) &&
              r.str(&rec.name) && r.str(&rec.birth_date) && r.count(&n, 4);
    if (!ok) return std::nullopt;
    rec.accounts.resize(n);
    for (auto& a : rec.accounts) {
        if (!r.str(&a)) return std::nullopt;
    }
    if (!r.str(&rec.active_account) || !r.str(&rec.csrf_token)) return std::nullopt;
    // Version 1 records end here; a tail would mean corruption.
    if (version == 1) {
        if (r.remaining() != 0) return std::nullopt;
        return rec;
    }
    if (!r.count(&n, 16)) return std::nullopt;
    rec.portal_cookies.resize(n);
    for (auto& b : rec.portal_cookies) {
        if (!r.str(&b.name) || !r.str(&b.value_hash) || !r.str(&b.path) ||
            !r.str(&b.domain)) {
            return std::nullopt;
        }
    }
    if (version == 2 && r.remaining() != 0) return std::nullopt;
    return rec;
}

std::optional<SessionTimes> peek_session_times(std::string_view raw) {
    if (raw.size() < kHeaderSize || uint8_t(raw[0]) < 1) return std::nullopt;
    SessionTimes t;
    peek_i64_le(raw, kCreatedOffset, &t.created);
    peek_i64_le(raw, kLastActivityOffset, &t.last_activity);
    peek_i64_le(raw, 25, &t.idle_timeout);
    peek_i64_le(raw, 33, &t.max_age);
    return t;
}

std::string with_last_activity(std::string_view raw, int64_t last_activity) {
    std::string out(raw);
    poke_i64_le(out, kLastActivityOffset, last_activity);
    return out;
}

std::string with_times(std::string_view raw, int64_t created, int64_t last_activity) {
    std::string out(raw);
    poke_i64_le(out, kCreatedOffset, created);
    poke_i64_le(out, kLastActivityOffset, last_activity);
    return out;
}

bool clock_stepped_back(const SessionTimes& t, int64_t now) {
    // Compared, not subtracted: a damaged record's times are arbitrary.
    return std::max(t.created, t.last_activity) > now + kClockStepTolerance;
}

SessionTimes rebased_to(const SessionTimes& t, int64_t now) {
    SessionTimes out = t;
    const int64_t later = std::max(t.created, t.last_activity);
    if (later <= now) return out;
    int64_t step;
    if (__builtin_sub_overflow(later, now, &step)) step = INT64_MAX;
    if (__builtin_sub_overflow(t.created, step, &out.created)) out.created = INT64_MIN;
    if (__builtin_sub_overflow(t.last_activity, step, &out.last_activity)) {
        out.last_activity = INT64_MIN;
    }
    return out;
}

bool is_expired(int64_t created, int64_t last_activity, int64_t idle_timeout,
                int64_t max_age, int64_t now) {
    // 128-bit: a damaged record's times and limits are arbitrary int64, and
    // a saturated difference would still misjudge limits near INT64_MAX.
    using Wide = __int128;
    return (idle_timeout > 0 && Wide(now) - last_activity > idle_timeout) ||
           (max_age > 0 && Wide(now) - created > max_age);
}

}  // namespace vneid::session

#include "session/pending_link_record.h"

#include "session/byte_codec.h"

namespace vneid::session {
namespace {

constexpr uint8_t kPendingLinkVersion = 1;
constexpr size_t kExpiresOffset = 1;
constexpr size_t kAuthTimeOffset = 9;

}  // namespace

std::string encode_pending_link(const PendingLink& rec) {
    ByteWriter w;
    w.u8(kPendingLinkVersion);
    w.i64(rec.expires);
    w.i64(rec.auth_time);
    w.u32(uint32_t(rec.level));
    w.str(rec.citizen_id);
    w.str(rec.name);
    w.str(rec.birth_date);
    w.str(rec.return_url);
    w.str(rec.csrf);
    return w.take();
}

std::optional<PendingLink> decode_pending_link(std::string_view raw) {
    ByteReader r(raw);
    uint8_t version;
    PendingLink rec;
    bool ok = r.u8(&version) && version >= 1 && r.i64(&rec.expires) &&
              r.i64(&rec.auth_time) && r.i32(&rec.level) && r.str(&rec.citizen_id) &&
              r.str(&rec.name) && r.str(&rec.birth_date) && r.str(&rec.return_url) &&
              r.str(&rec.csrf);
    if (!ok || (version == kPendingLinkVersion && r.remaining() != 0)) return std::nullopt;
    return rec;
}

std::optional<PendingLinkTimes> peek_pending_link_times(std::string_view raw) {
    PendingLinkTimes t;
    if (raw.empty() || uint8_t(raw[0]) < 1 || !peek_i64_le(raw, kExpiresOffset, &t.expires) ||
        !peek_i64_le(raw, kAuthTimeOffset, &t.auth_time)) {
        return std::nullopt;
    }
    return t;
}

}  // namespace vneid::session

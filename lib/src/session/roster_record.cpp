#include "session/roster_record.h"

#include "session/byte_codec.h"

namespace vneid::session {
namespace {

constexpr uint8_t kRosterVersion = 1;
constexpr uint8_t kFlagDisabled = 0x01;

}  // namespace

std::string encode_roster_entry(const RosterEntry& entry) {
    ByteWriter w;
    w.u8(kRosterVersion);
    w.str(entry.display_name);
    w.str(entry.unit);
    w.u8(entry.disabled ? kFlagDisabled : 0);
    return w.take();
}

std::optional<RosterEntry> decode_roster_entry(std::string_view username,
                                               std::string_view raw) {
    ByteReader r(raw);
    uint8_t version, flags;
    RosterEntry entry;
    entry.username = std::string(username);
    if (!r.u8(&version) || version < 1 || !r.str(&entry.display_name) ||
        !r.str(&entry.unit) || !r.u8(&flags)) {
        return std::nullopt;
    }
    if (version == kRosterVersion && (r.remaining() != 0 || (flags & ~kFlagDisabled) != 0)) {
        return std::nullopt;
    }
    entry.disabled = (flags & kFlagDisabled) != 0;
    return entry;
}

}  // namespace vneid::session

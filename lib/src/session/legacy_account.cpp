#include "session/legacy_account.h"

#include "session/byte_codec.h"

namespace vneid::session {
namespace {

constexpr uint8_t kAccountsVersion = 2;
constexpr uint8_t kFlagDisabled = 0x01;
constexpr uint8_t kKnownFlags = kFlagDisabled;

// Version 2's tail: one flags byte per account. A record of exactly this
// version must hold nothing else (strict, like version 1); a newer one may
// carry more tail and flags we do not know, which we ignore.
bool read_flags(ByteReader& r, uint8_t version, std::vector<LegacyAccount>& out) {
    for (auto& a : out) {
        uint8_t flags;
        if (!r.u8(&flags)) return false;
        if (version == 2 && (flags & ~kKnownFlags) != 0) return false;
        a.disabled = (flags & kFlagDisabled) != 0;
    }
    return version > 2 || r.remaining() == 0;
}

}  // namespace

std::string encode_accounts(const std::vector<LegacyAccount>& accounts) {
    ByteWriter w;
    w.u8(kAccountsVersion);
    w.u32(uint32_t(accounts.size()));
    for (const auto& a : accounts) {
        w.str(a.username);
        w.str(a.display_name);
        w.str(a.unit);
    }
    for (const auto& a : accounts) w.u8(a.disabled ? kFlagDisabled : 0);
    return w.take();
}

std::optional<std::vector<LegacyAccount>> decode_accounts(std::string_view raw) {
    ByteReader r(raw);
    uint8_t version;
    uint32_t n;
    if (!r.u8(&version) || version < 1 || !r.count(&n, 12)) return std::nullopt;
    std::vector<LegacyAccount> out(n);
    for (auto& a : out) {
        if (!r.str(&a.username) || !r.str(&a.display_name) || !r.str(&a.unit)) {
            return std::nullopt;
        }
    }
    if (version == 1) {
        // Written before accounts could be disabled: all enabled.
        if (r.remaining() != 0) return std::nullopt;
        return out;
    }
    if (!read_flags(r, version, out)) return std::nullopt;
    return out;
}

bool is_citizen_id(std::string_view s) {
    if (s.size() != 12) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

bool is_account_name(std::string_view s) {
    if (s.empty() || s.size() > kMaxUsernameBytes) return false;
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7f || c == ',') return false;
    }
    return true;
}

}  // namespace vneid::session

#include "session/legacy_account.h"

#include "session/byte_codec.h"

namespace vneid::session {
namespace {

constexpr uint8_t kAccountsVersion = 1;

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
    if (version == 1 && r.remaining() != 0) return std::nullopt;
    return out;
}

bool is_citizen_id(std::string_view s) {
    if (s.size() != 12) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace vneid::session

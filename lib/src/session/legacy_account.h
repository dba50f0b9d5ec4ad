// The account directory's value: legacy portal accounts linked to one
// 12-digit citizen id.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vneid::session {

struct LegacyAccount {
    std::string username, display_name, unit;
    // Still linked, but never used (not at login, not in the chooser, never
    // sent to the portal): set by `vneidctl accounts disable`.
    bool disabled = false;
};

// Encoding (little-endian, see byte_codec.h):
//   version 1: u8 1 | u32 n | n x (str username | str display_name | str unit)
//   version 2: the version-1 body with u8 2, then n x u8 flags (bit 0 =
//              disabled; the other bits must be 0), one per account in order.
// Later versions only append after what earlier versions hold, and a reader
// ignores the tail of a newer version than its own (and flag bits it does
// not know), so an older binary still reads newer records — it only misses
// the newer fields. That is also why the flags are a tail and not a byte
// after each account's unit: a version-1 reader stops before them.
// The encoder always writes the newest version.
std::string encode_accounts(const std::vector<LegacyAccount>& accounts);
std::optional<std::vector<LegacyAccount>> decode_accounts(std::string_view raw);

// Exactly 12 ASCII digits (số định danh cá nhân).
bool is_citizen_id(std::string_view s);

// Longest username a session carries (its account list travels in
// fixed-size buffers on the request path).
inline constexpr size_t kMaxUsernameBytes = 127;
// A username a session can carry and a header can list: 1 to
// kMaxUsernameBytes bytes, no control character, no comma (accounts are
// comma-separated in X-VNeID-Accounts).
bool is_account_name(std::string_view s);

// Who holds a legacy account in the directory, seen from one citizen.
enum class AccountOwner {
    nobody,                 // linked to no citizen id (maybe in the roster)
    this_citizen,           // linked to this citizen, enabled
    this_citizen_disabled,  // linked to this citizen, disabled by an administrator
    another_citizen,        // linked to another citizen id (enabled or not)
};

}  // namespace vneid::session

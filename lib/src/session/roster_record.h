// The roster: portal accounts an administrator imported without an ID
// number (username -> display name, unit), waiting for their owner to claim
// them through self-service linking, which proves the password. Claimed or
// linked by vneidctl, an account leaves the roster for the directory.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vneid::session {

struct RosterEntry {
    std::string username, display_name, unit;
    // Set by an import (status column): the account is linked disabled when
    // it is claimed, as an administrator's disable is never undone silently.
    bool disabled = false;
};

// Key: the username. Value: u8 version (1) | str display_name | str unit |
// u8 flags (bit 0 = disabled; other bits must be 0 in version 1). A reader
// ignores the tail of a newer version.
std::string encode_roster_entry(const RosterEntry& entry);
std::optional<RosterEntry> decode_roster_entry(std::string_view username,
                                               std::string_view raw);

}  // namespace vneid::session

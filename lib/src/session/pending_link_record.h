// A pending link: the identity a VNeID login verified, parked for the
// no_account page's "link your account" form. Not a session: it grants
// nothing but that form, for a few minutes, once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vneid::session {

struct PendingLink {
    std::string citizen_id, name, birth_date;
    int level = 0;
    int64_t auth_time = 0;   // the VNeID login, unix seconds
    int64_t expires = 0;     // unix seconds, must be set
    std::string return_url;  // <= kMaxFlowReturnBytes, like flows
    std::string csrf;        // the form's token (Store::create_pending_link fills it)
};

// u8 version (1) | i64 expires | i64 auth_time | u32 level | str citizen_id |
// str name | str birth_date | str return_url | str csrf (byte_codec.h).
// A reader ignores the tail of a newer version, as for flows.
std::string encode_pending_link(const PendingLink& rec);
std::optional<PendingLink> decode_pending_link(std::string_view raw);

// The two times from the fixed header, for the sweeper.
struct PendingLinkTimes {
    int64_t expires = 0, auth_time = 0;
};
std::optional<PendingLinkTimes> peek_pending_link_times(std::string_view raw);

// Past its expiry, or (the wall clock stepped back) a login in what is now
// the future by more than the record's own lifetime: never immortal.
inline bool pending_link_is_over(const PendingLinkTimes& t, int64_t now) {
    if (now > t.expires) return true;
    return t.auth_time > 0 && t.auth_time - now > t.expires - t.auth_time;
}

}  // namespace vneid::session

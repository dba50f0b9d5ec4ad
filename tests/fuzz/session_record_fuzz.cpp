// Session records as read back from the LMDB store
// (lib/src/session/session_record.h): the full decoder, the fixed-offset
// peek the hot path and the sweeper use, and the in-place activity update.
// Input: the stored bytes.
#include <string>

#include "fuzz_support.h"
#include "session/session_record.h"

using namespace vneid::session;

namespace {

bool same_bindings(const std::vector<PortalCookieBinding>& a,
                   const std::vector<PortalCookieBinding>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name || a[i].value_hash != b[i].value_hash ||
            a[i].path != b[i].path || a[i].domain != b[i].domain) {
            return false;
        }
    }
    return true;
}

bool same(const SessionRecord& a, const SessionRecord& b) {
    return a.citizen_id == b.citizen_id && a.name == b.name && a.birth_date == b.birth_date &&
           a.level == b.level && a.accounts == b.accounts && a.active_account == b.active_account &&
           a.csrf_token == b.csrf_token && a.created == b.created &&
           a.last_activity == b.last_activity && a.auth_time == b.auth_time &&
           a.idle_timeout == b.idle_timeout && a.max_age == b.max_age &&
           same_bindings(a.portal_cookies, b.portal_cookies);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string_view raw = in.rest();

    std::optional<SessionRecord> rec = decode_session(raw);
    std::optional<SessionTimes> times = peek_session_times(raw);
    if (rec) {
        // Re-encoding gives the stored bytes back: a version-1 record gains
        // version 2's (empty) list of portal cookies, a newer version loses
        // its unknown tail; and it decodes to the same record.
        std::string again = encode_session(*rec);
        if (uint8_t(raw[0]) == 1) {
            FUZZ_CHECK(again.substr(1) == std::string(raw.substr(1)) + std::string(4, '\0'));
        } else {
            FUZZ_CHECK(again.size() <= raw.size());
            FUZZ_CHECK(again.substr(1) == raw.substr(1, again.size() - 1));
        }
        if (uint8_t(raw[0]) == kSessionRecordVersion) FUZZ_CHECK(again == raw);
        std::optional<SessionRecord> back = decode_session(again);
        FUZZ_CHECK(back && same(*back, *rec));
        // The peek reads the same times as the full decode.
        FUZZ_CHECK(times && times->created == rec->created &&
                   times->last_activity == rec->last_activity &&
                   times->idle_timeout == rec->idle_timeout && times->max_age == rec->max_age);
    }
    if (!times) return 0;

    // Refreshing last_activity in place changes exactly that field.
    const int64_t now = 1795000000;
    std::string touched = with_last_activity(raw, now);
    FUZZ_CHECK(touched.size() == raw.size());
    std::optional<SessionTimes> t2 = peek_session_times(touched);
    FUZZ_CHECK(t2 && t2->last_activity == now && t2->created == times->created &&
               t2->idle_timeout == times->idle_timeout && t2->max_age == times->max_age);
    FUZZ_CHECK(touched.substr(0, kLastActivityOffset) == raw.substr(0, kLastActivityOffset));
    FUZZ_CHECK(touched.substr(kLastActivityOffset + 8) == raw.substr(kLastActivityOffset + 8));
    if (rec) {
        std::optional<SessionRecord> moved = decode_session(touched);
        FUZZ_CHECK(moved && moved->last_activity == now);
        moved->last_activity = rec->last_activity;
        FUZZ_CHECK(same(*moved, *rec));
    }
    // Expiry on whatever times a damaged record holds (the sweeper's test)
    // is the header's formula, computed without overflow.
    using Wide = __int128;
    bool expected = (times->idle_timeout > 0 &&
                     Wide(now) - times->last_activity > times->idle_timeout) ||
                    (times->max_age > 0 && Wide(now) - times->created > times->max_age);
    FUZZ_CHECK(is_expired(times->created, times->last_activity, times->idle_timeout,
                          times->max_age, now) == expected);
    return 0;
}

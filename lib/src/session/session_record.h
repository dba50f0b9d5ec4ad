// What the store keeps per staff session, and its binary encoding.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vneid::session {

// A portal session cookie (vneid_portal_cookies) the backend issued to this
// session while `account` was active; only the value's SHA-256 is kept.
struct PortalCookieBinding {
    std::string name, value_hash, path, domain;
};
inline constexpr size_t kMaxPortalCookieBindings = 8;

struct SessionRecord {
    std::string citizen_id, name, birth_date;
    int level = 0;
    std::vector<std::string> accounts;
    std::string active_account;
    std::string csrf_token;  // per-session random, for POST forms (logout, account switch)
    int64_t created = 0, last_activity = 0, auth_time = 0;
    // Policy at creation, so the sweeper can work without nginx config.
    int64_t idle_timeout = 0, max_age = 0;
    // Portal cookies issued under active_account, oldest first (version 2).
    std::vector<PortalCookieBinding> portal_cookies;
};

// Encoding, all integers little-endian:
//   u8 version | i64 created | i64 last_activity | i64 auth_time
//   | i64 idle_timeout | i64 max_age | i32 level
//   | str citizen_id | str name | str birth_date
//   | u32 n, n x str accounts | str active_account | str csrf_token
//   version 2 appends: u32 n, n x (str name | str value_hash | str path
//   | str domain)
// (str = u32 length + bytes). accounts is the list at login; the request
// path reads the live directory instead (Store::lookup_session). The timestamps sit at fixed offsets so the hot
// path can refresh last_activity and the sweeper can test expiry without a
// full decode. Later versions append fields; older readers ignore the tail.
inline constexpr uint8_t kSessionRecordVersion = 2;
inline constexpr size_t kLastActivityOffset = 9;

std::string encode_session(const SessionRecord& rec);
// nullopt for truncated, unknown-version or otherwise malformed input.
std::optional<SessionRecord> decode_session(std::string_view raw);

// The fields expiry depends on, read from the fixed header.
struct SessionTimes {
    int64_t created = 0, last_activity = 0, idle_timeout = 0, max_age = 0;
};
std::optional<SessionTimes> peek_session_times(std::string_view raw);

// A copy of raw with last_activity replaced (raw must have passed
// peek_session_times); unknown trailing fields of newer versions survive.
std::string with_last_activity(std::string_view raw, int64_t last_activity);

// A copy of raw with created and last_activity replaced.
std::string with_times(std::string_view raw, int64_t created, int64_t last_activity);

// When the wall clock steps back, stored times lie in the future: ages come
// out negative and a session would never expire until the clock caught up
// (for years, after a bad RTC). Beyond a tolerance for the second or so by
// which workers' clocks differ, both times are shifted back by the step, so
// that the idle and absolute limits keep counting elapsed time from now.
inline constexpr int64_t kClockStepTolerance = 60;
bool clock_stepped_back(const SessionTimes& t, int64_t now);
// t with created and last_activity shifted so that the later of them is now.
SessionTimes rebased_to(const SessionTimes& t, int64_t now);

// Idle: idle_timeout > 0 && now - last_activity > idle_timeout.
// Absolute: max_age > 0 && now - created > max_age. 0 means no limit.
bool is_expired(int64_t created, int64_t last_activity, int64_t idle_timeout,
                int64_t max_age, int64_t now);

}  // namespace vneid::session

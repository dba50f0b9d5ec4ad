// Step-up for sensitive locations (vneid_max_auth_age): is the VNeID
// authentication behind a session too old for a location that demands a
// recent one?
#pragma once

#include <cstdint>

namespace vneid::session {

// True when a location with max_auth_age (seconds; 0 or less: no limit)
// must send the session through a fresh login: now - auth_time >
// max_auth_age. Fails closed: an unknown auth_time (0 or less) is too old,
// and so is one more than kClockStepTolerance in the future (the wall clock
// stepped back; the session's other times are rebased, auth_time is not, so
// it would otherwise count as fresh until the clock caught up).
bool auth_too_old(int64_t auth_time, int64_t max_auth_age, int64_t now);

}  // namespace vneid::session

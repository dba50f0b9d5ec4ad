#include "session/auth_age.h"

#include "session/session_record.h"

namespace vneid::session {

bool auth_too_old(int64_t auth_time, int64_t max_auth_age, int64_t now) {
    if (max_auth_age <= 0) return false;
    if (auth_time <= 0) return true;
    if (auth_time > now && auth_time - now > kClockStepTolerance) return true;
    // auth_time <= now + tolerance here, so the difference cannot overflow
    // for any now a clock gives.
    return now > auth_time && now - auth_time > max_auth_age;
}

}  // namespace vneid::session

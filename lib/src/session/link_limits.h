// Limits on self-service linking attempts: each attempt sends a password to
// the portal's login, so guessing must stay slow. Fixed windows, counted in
// the store so that every worker shares them.
#pragma once

#include <cstdint>

namespace vneid::session {

struct AttemptLimit {
    uint32_t max;    // attempts per window; must be > 0
    int64_t window;  // seconds; must be > 0
};

struct LinkLimits {
    // One person's guesses at one account's password.
    AttemptLimit per_citizen{5, 900};
    // Looser: a whole office sits behind one NAT address, and one person's
    // typos must not lock the others out.
    AttemptLimit per_address{30, 900};
};

struct AttemptGrant {
    bool allowed = false;
    // When refused: seconds until the counters that are full have all
    // restarted (at least 1).
    int64_t retry_after = 0;
    // Attempts the citizen has left after this one (when refused: as they
    // stand, 0 if the citizen's counter is the full one).
    uint32_t citizen_left = 0;
};

}  // namespace vneid::session

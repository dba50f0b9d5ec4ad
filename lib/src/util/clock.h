// Wall-clock helpers in UTC. Pure arithmetic (no gmtime/localtime), so they
// are thread-safe and independent of the TZ of the nginx worker.
#pragma once

#include <cstdint>

namespace vneid::util {

// Seconds since the Unix epoch, from the system clock.
int64_t now_unix();

// Proleptic Gregorian calendar year (UTC) containing the given Unix time.
int year_of(int64_t unix_seconds);

// year_of(now_unix()).
int current_year_utc();

}  // namespace vneid::util

#include "util/clock.h"

#include <chrono>

namespace vneid::util {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

// Floor division: Unix times before 1970 must land on the previous day.
int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Year of a day count since 1970-01-01 (H. Hinnant's civil_from_days,
// working in 400-year eras that start on 0000-03-01).
int64_t year_from_days(int64_t days) {
    const int64_t z = days + 719468;
    const int64_t era = floor_div(z, 146097);
    const int64_t day_of_era = z - era * 146097;
    const int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 -
                                              year_of_era / 100);
    const int64_t march_based_month = (5 * day_of_year + 2) / 153;  // 0 = March
    const int64_t year = year_of_era + era * 400;
    return march_based_month >= 10 ? year + 1 : year;  // Jan, Feb: next civil year
}

}  // namespace

int64_t now_unix() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

int year_of(int64_t unix_seconds) {
    return int(year_from_days(floor_div(unix_seconds, kSecondsPerDay)));
}

int current_year_utc() { return year_of(now_unix()); }

}  // namespace vneid::util

#include "identity/birth_date.h"

#include <gtest/gtest.h>

namespace vneid::identity {
namespace {

TEST(BirthYearOf, AcceptedFormats) {
    EXPECT_EQ(birth_year_of("1990-05-17"), 1990);  // YYYY-MM-DD
    EXPECT_EQ(birth_year_of("17/05/1990"), 1990);  // DD/MM/YYYY
    EXPECT_EQ(birth_year_of("19900517"), 1990);    // YYYYMMDD
    EXPECT_EQ(birth_year_of("1990"), 1990);        // YYYY
    EXPECT_EQ(birth_year_of("01/01/2001"), 2001);
    EXPECT_EQ(birth_year_of("2001-12-31"), 2001);
}

TEST(BirthYearOf, LeapDays) {
    EXPECT_EQ(birth_year_of("2000-02-29"), 2000);  // divisible by 400
    EXPECT_EQ(birth_year_of("29/02/2004"), 2004);
    EXPECT_EQ(birth_year_of("1900-02-29"), std::nullopt);  // century, not leap
    EXPECT_EQ(birth_year_of("20010229"), std::nullopt);
}

TEST(BirthYearOf, RejectsImpossibleDates) {
    for (const char* bad : {"1990-00-10", "1990-13-10", "1990-04-31", "1990-01-00",
                            "1990-01-32", "31/04/1990", "00/01/1990", "19901301",
                            "0000", "0000-01-01"}) {
        EXPECT_EQ(birth_year_of(bad), std::nullopt) << bad;
    }
}

TEST(BirthYearOf, RejectsOtherFormats) {
    for (const char* bad : {"", "90", "199", "19900", "1990-5-17", "17-05-1990",
                            "1990/05/17", "05/17/199x", " 1990", "1990 ", "1990-05-17T00:00:00",
                            "17.05.1990", "abcd", "199O", "+990", "-990", "1990-0a-17"}) {
        EXPECT_EQ(birth_year_of(bad), std::nullopt) << bad;
    }
}

}  // namespace
}  // namespace vneid::identity

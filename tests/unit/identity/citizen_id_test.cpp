#include "identity/citizen_id.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vneid::identity {
namespace {

constexpr int kYear = 2025;
using P = CitizenIdProblem;

TEST(CheckCitizenId, Male1900s) {
    CitizenIdCheck c = check_citizen_id("001090123456", kYear);
    EXPECT_TRUE(c.ok());
    EXPECT_EQ(c.problem, P::none);
    EXPECT_EQ(c.birth_year, 1990);
    EXPECT_FALSE(c.female);
    EXPECT_EQ(c.province, "Hà Nội");
}

TEST(CheckCitizenId, Female1900s) {
    CitizenIdCheck c = check_citizen_id("079185000001", kYear);
    EXPECT_TRUE(c.ok());
    EXPECT_EQ(c.birth_year, 1985);
    EXPECT_TRUE(c.female);
    EXPECT_EQ(c.province, "TP. Hồ Chí Minh");
}

TEST(CheckCitizenId, Male2000s) {
    CitizenIdCheck c = check_citizen_id("048205999999", kYear);
    EXPECT_TRUE(c.ok());
    EXPECT_EQ(c.birth_year, 2005);
    EXPECT_FALSE(c.female);
    EXPECT_EQ(c.province, "Đà Nẵng");
}

TEST(CheckCitizenId, Female2000s) {
    CitizenIdCheck c = check_citizen_id("096301234567", kYear);
    EXPECT_TRUE(c.ok());
    EXPECT_EQ(c.birth_year, 2001);
    EXPECT_TRUE(c.female);
    EXPECT_EQ(c.province, "Cà Mau");
}

TEST(CheckCitizenId, EdgesOfTheCentury) {
    EXPECT_EQ(check_citizen_id("001000000000", kYear).birth_year, 1900);
    EXPECT_EQ(check_citizen_id("001199000000", kYear).birth_year, 1999);
    EXPECT_EQ(check_citizen_id("001200000000", kYear).birth_year, 2000);
}

TEST(CheckCitizenId, LeadingZerosAreSignificant) {
    // Stored as a number the id would lose "00" and be 10 digits.
    EXPECT_TRUE(check_citizen_id("001090000000", kYear).ok());
    EXPECT_EQ(check_citizen_id("1090000000", kYear).problem, P::wrong_length);
    EXPECT_EQ(check_citizen_id("002090000000", kYear).province, "Hà Giang");
}

TEST(CheckCitizenId, WrongLength) {
    for (const char* id : {"", "00109012345", "0010901234567", "001090123456 ",
                           "012345678"}) {  // last: an old 9-digit CMND
        EXPECT_EQ(check_citizen_id(id, kYear).problem, P::wrong_length) << id;
    }
}

TEST(CheckCitizenId, NotDigits) {
    for (const char* id : {"00109012345a", "001090 23456", "-01090123456", "0010901234.6",
                           "0010901234\xc3\xa9"}) {  // 12 bytes, last one UTF-8 "é"
        EXPECT_EQ(check_citizen_id(id, kYear).problem, P::not_digits) << id;
    }
    const std::string with_nul("00109012345\0", 12);
    EXPECT_EQ(check_citizen_id(with_nul, kYear).problem, P::not_digits);
}

TEST(CheckCitizenId, UnknownProvince) {
    for (const char* id : {"000090123456", "003090123456", "099090123456", "100090123456"}) {
        CitizenIdCheck c = check_citizen_id(id, kYear);
        EXPECT_EQ(c.problem, P::unknown_province) << id;
        EXPECT_TRUE(c.province.empty());
    }
}

TEST(CheckCitizenId, BirthYearInFuture) {
    CitizenIdCheck c = check_citizen_id("001230123456", kYear);  // 2030
    EXPECT_EQ(c.problem, P::birth_year_in_future);
    EXPECT_EQ(c.birth_year, 2030);
    for (const char* id : {"001400123456", "001500123456", "001699123456", "001700000000",
                           "001800000000", "001999000000"}) {  // 2100s-2300s
        EXPECT_EQ(check_citizen_id(id, kYear).problem, P::birth_year_in_future) << id;
    }
    // Born this year is fine; next year is not.
    EXPECT_TRUE(check_citizen_id("001225123456", 2025).ok());
    EXPECT_EQ(check_citizen_id("001226123456", 2025).problem, P::birth_year_in_future);
}

TEST(CheckCitizenId, LaterCenturiesDecodeWhenTheirTimeComes) {
    CitizenIdCheck c = check_citizen_id("001512000000", 2150);
    EXPECT_TRUE(c.ok());
    EXPECT_EQ(c.birth_year, 2112);
    EXPECT_TRUE(c.female);
    EXPECT_EQ(check_citizen_id("001642000000", 2300).birth_year, 2242);
    EXPECT_EQ(check_citizen_id("001942000000", 2400).birth_year, 2342);
}

TEST(CheckCitizenId, BirthDateInEveryFormatMatches) {
    for (const char* date : {"1990-05-17", "17/05/1990", "19900517", "1990"}) {
        EXPECT_TRUE(check_citizen_id("001090123456", kYear, date).ok()) << date;
    }
}

TEST(CheckCitizenId, BirthDateMismatch) {
    for (const char* date : {"1991-05-17", "17/05/2090", "19890517", "2090"}) {
        EXPECT_EQ(check_citizen_id("001090123456", kYear, date).problem,
                  P::birth_date_mismatch) << date;
    }
    // Same two last digits, other century.
    EXPECT_EQ(check_citizen_id("001205123456", kYear, "1905-01-01").problem,
              P::birth_date_mismatch);
}

TEST(CheckCitizenId, BirthDateUnparseable) {
    for (const char* date : {"17-05-1990", "1990/05/17", "1990-02-30", "90", "unknown"}) {
        EXPECT_EQ(check_citizen_id("001090123456", kYear, date).problem,
                  P::birth_date_unparseable) << date;
    }
}

TEST(CheckCitizenId, EmptyBirthDateMeansNoneSent) {
    EXPECT_TRUE(check_citizen_id("001090123456", kYear, "").ok());
}

TEST(CheckCitizenId, IdProblemsComeBeforeBirthDateProblems) {
    EXPECT_EQ(check_citizen_id("003090123456", kYear, "garbage").problem,
              P::unknown_province);
    EXPECT_EQ(check_citizen_id("001230123456", kYear, "1990").problem,
              P::birth_year_in_future);
    EXPECT_EQ(check_citizen_id("00109012345", kYear, "1990").problem, P::wrong_length);
}

TEST(DescribeCitizenIdProblem, EveryProblemHasItsOwnText) {
    std::set<std::string> texts;
    for (P p : {P::none, P::wrong_length, P::not_digits, P::unknown_province,
                P::birth_year_in_future, P::birth_date_mismatch, P::birth_date_unparseable}) {
        const std::string text = describe(p);
        EXPECT_FALSE(text.empty());
        texts.insert(text);
    }
    EXPECT_EQ(texts.size(), 7u);
    EXPECT_STREQ(describe(P::unknown_province), "unknown province code");
}

}  // namespace
}  // namespace vneid::identity

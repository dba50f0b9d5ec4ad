#include "provider/vneid/claims.h"

#include <gtest/gtest.h>

#include "provider/login_error.h"

using namespace vneid::provider;
using vneid::provider::vneid_profile::read_identity;
using nlohmann::json;

namespace {

std::string bad_claim(const json& userinfo) {
    try {
        read_identity(userinfo, ClaimMap{});
    } catch (const LoginError& e) {
        EXPECT_EQ(e.failure(), LoginFailure::idp_bad_answer);
        return e.detail();
    }
    ADD_FAILURE() << "accepted: " << userinfo.dump();
    return "";
}

}  // namespace

TEST(Claims, ReadsDefaults) {
    json userinfo = json::parse(R"({"citizenPid":"001099012345","fullName":"A",)"
                                R"("birthDate":"1999","accountType":3,"accountLevel":1})");
    auto identity = read_identity(userinfo, ClaimMap{});
    EXPECT_EQ(identity.citizen_id, "001099012345");
    EXPECT_EQ(identity.name, "A");
    EXPECT_EQ(identity.birth_date, "1999");
    EXPECT_EQ(identity.account_type, "3");
    EXPECT_EQ(identity.level, 1);
}

TEST(Claims, OptionalFieldsMayBeAbsentOrNull) {
    auto identity = read_identity(
        json::parse(R"({"citizenPid":"001099012345","birthDate":null,"accountLevel":"2"})"),
        ClaimMap{});
    EXPECT_EQ(identity.name, "");
    EXPECT_EQ(identity.birth_date, "");
    EXPECT_EQ(identity.level, 2);
}

TEST(Claims, RejectsWrongShapes) {
    EXPECT_NE(bad_claim(json::parse(R"({"citizenPid":1234,"accountLevel":2})")).find("number"),
              std::string::npos);
    EXPECT_NE(bad_claim(json::parse(R"({"citizenPid":1.5e11,"accountLevel":2})")).find("number"),
              std::string::npos);
    bad_claim(json::parse(R"({"citizenPid":["001"],"accountLevel":2})"));
    bad_claim(json::parse(R"({"citizenPid":"001099012345","fullName":5,"accountLevel":2})"));
    bad_claim(json::parse(R"({"citizenPid":"001099012345","birthDate":{},"accountLevel":2})"));
    bad_claim(json::parse(R"({"citizenPid":"001099012345","accountLevel":2.0})"));
    bad_claim(json::parse(R"({"citizenPid":"001099012345","accountLevel":-1})"));
    bad_claim(json::parse(R"({"citizenPid":"001099012345","accountLevel":""})"));
    bad_claim(json::parse(R"({"citizenPid":"001099012345","accountLevel":" 2"})"));
    bad_claim(json::parse(R"({"citizenPid":"001099012345","accountLevel":true})"));
    EXPECT_EQ(bad_claim(json::parse(R"({"citizenPid":"001099012345"})")),
              "userinfo claim 'accountLevel' is missing (identification level)");
}

TEST(Claims, LevelOutsideTheKnownRangeIsABadAnswer) {
    EXPECT_NE(bad_claim(json::parse(R"({"citizenPid":"001099012345","accountLevel":1000000000})")),
              "");
    EXPECT_NE(bad_claim(json::parse(R"({"citizenPid":"001099012345","accountLevel":"10"})")), "");
    EXPECT_NE(bad_claim(json::parse(R"({"citizenPid":"001099012345","accountLevel":-1})")), "");
}

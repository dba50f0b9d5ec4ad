#include "provider/vneid/claims.h"

#include <gtest/gtest.h>

#include "provider/identity_limits.h"
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

// Level-like claims come as strings in some deployments and integers in
// others (IAL, accountLevel): both read the same (issue 12, item 7).
TEST(Claims, LevelAsStringOrInteger) {
    ClaimMap claims;
    claims.level = "IAL";
    for (const char* ial : {"2", "\"2\"", "\"02\""}) {
        json userinfo = json::parse(std::string(R"({"citizenPid":"001099012345","IAL":)") + ial +
                                    "}");
        EXPECT_EQ(read_identity(userinfo, claims).level, 2) << ial;
    }
    // larger than any signed integer: out of range, never wrapped into it
    EXPECT_NE(bad_claim(json::parse(R"({"citizenPid":"001099012345",)"
                                    R"("accountLevel":18446744073709551615})"))
                  .find("out of range"),
              std::string::npos);
}

// vneid_claim account_type NAME (e.g. LoaiTaiKhoan): read from that claim,
// a string or an integer kept as text; another shape is ignored (not used).
TEST(Claims, AccountTypeIsMappable) {
    ClaimMap claims;
    claims.account_type = "LoaiTaiKhoan";
    json userinfo = json::parse(R"({"citizenPid":"001099012345","accountLevel":2,)"
                                R"("accountType":"CONG_DAN","LoaiTaiKhoan":3})");
    EXPECT_EQ(read_identity(userinfo, claims).account_type, "3");
    userinfo["LoaiTaiKhoan"] = "CAN_BO";
    EXPECT_EQ(read_identity(userinfo, claims).account_type, "CAN_BO");
    userinfo["LoaiTaiKhoan"] = json::array({1});
    EXPECT_EQ(read_identity(userinfo, claims).account_type, "");
    userinfo.erase("LoaiTaiKhoan");
    EXPECT_EQ(read_identity(userinfo, claims).account_type, "");  // accountType no longer read
    // and bounded under its configured name
    userinfo["LoaiTaiKhoan"] = std::string(kMaxAccountTypeBytes + 1, 'x');
    try {
        read_identity(userinfo, claims);
        ADD_FAILURE() << "accepted";
    } catch (const LoginError& e) {
        EXPECT_EQ(e.failure(), LoginFailure::identity_too_long);
        EXPECT_NE(e.detail().find("'LoaiTaiKhoan'"), std::string::npos) << e.detail();
    }
}

// A claim longer than a session can keep would log in and then answer 503
// on every request (issue 7, item 7): the login refuses it instead.
namespace {

LoginError too_long(const json& userinfo, const ClaimMap& claims = ClaimMap{}) {
    try {
        read_identity(userinfo, claims);
    } catch (const LoginError& e) {
        return e;
    }
    ADD_FAILURE() << "accepted a claim that does not fit";
    return LoginError(LoginFailure::idp_denied, "");
}

json with(const char* claim, const std::string& value) {
    json userinfo = json::parse(R"({"citizenPid":"001099012345","fullName":"A",)"
                                R"("birthDate":"1999-01-01","accountLevel":2})");
    userinfo[claim] = value;
    return userinfo;
}

}  // namespace

TEST(ClaimLimits, HugeNameIsRefusedWithoutEchoingIt) {
    const std::string name(200 * 1024, 'N');
    LoginError e = too_long(with("fullName", name));
    EXPECT_EQ(e.failure(), LoginFailure::identity_too_long);
    EXPECT_NE(e.detail().find("'fullName' is 204800 bytes"), std::string::npos) << e.detail();
    EXPECT_NE(e.detail().find("255"), std::string::npos) << e.detail();
    EXPECT_EQ(e.detail().find("NNNN"), std::string::npos);
    EXPECT_LT(e.detail().size(), 200u);
}

TEST(ClaimLimits, NameUpToTheRequestPathBufferIsAccepted) {
    // 85 three-byte Vietnamese letters: 255 bytes of UTF-8, the most that
    // vneid_identity_t.name holds.
    std::string name;
    for (int i = 0; i < 85; ++i) name += "ễ";
    ASSERT_EQ(name.size(), kMaxNameBytes);
    EXPECT_EQ(read_identity(with("fullName", name), ClaimMap{}).name, name);
    EXPECT_EQ(too_long(with("fullName", name + "a")).failure(), LoginFailure::identity_too_long);
}

TEST(ClaimLimits, EveryStoredClaimIsBounded) {
    EXPECT_EQ(too_long(with("citizenPid", std::string(kMaxCitizenIdBytes + 1, '0'))).failure(),
              LoginFailure::identity_too_long);
    EXPECT_EQ(too_long(with("birthDate", std::string(kMaxBirthDateBytes + 1, '1'))).failure(),
              LoginFailure::identity_too_long);
    EXPECT_EQ(too_long(with("accountType", std::string(kMaxAccountTypeBytes + 1, 'x'))).failure(),
              LoginFailure::identity_too_long);
    // the level is a number 0-9 whatever its spelling
    EXPECT_NE(bad_claim(with("accountLevel", std::string(1000, '1'))).find("small integer"),
              std::string::npos);
}

TEST(ClaimLimits, TheMessageNamesTheConfiguredClaim) {
    ClaimMap claims;
    claims.name = "hoTen";
    json userinfo = json::parse(R"({"citizenPid":"001099012345","accountLevel":2})");
    userinfo["hoTen"] = std::string(300, 'x');
    EXPECT_NE(too_long(userinfo, claims).detail().find("'hoTen'"), std::string::npos);
}

TEST(ClaimLimits, BoundsComeFromTheRequestPathBuffers) {
    // vneid_session_check refuses a field that does not fit its buffer
    // (with its NUL); the login must refuse exactly what it would.
    static_assert(kMaxNameBytes + 1 == VNEID_NAME_SIZE);
    static_assert(kMaxCitizenIdBytes + 1 == VNEID_CITIZEN_ID_SIZE);
    static_assert(kMaxAccountBytes + 1 == VNEID_ACCOUNT_SIZE);
    static_assert(kMaxAccountsBytes + 1 == VNEID_ACCOUNTS_SIZE);
    SUCCEED();
}

#include "pages/whoami_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace vneid::pages {
namespace {

TEST(WhoamiJson, WithoutSessionOnlySaysSo) {
    EXPECT_EQ(render_whoami_json(nullptr), R"({"authenticated":false})");
}

TEST(WhoamiJson, CarriesTheSessionsIdentity) {
    WhoamiIdentity who;
    who.citizen_id = "001085012345";
    who.name = "Nguyễn Văn An";
    who.account = "an.nv";
    who.accounts = {{"an.nv", "Nguyễn Văn An", "Phòng Tư pháp"}, {"an.nv2", "", ""}};
    who.level = 2;
    who.auth_time = 1764552000;
    who.csrf_token = "tok";
    EXPECT_EQ(render_whoami_json(&who),
              R"({"account":"an.nv","accounts":[)"
              R"({"display_name":"Nguyễn Văn An","unit":"Phòng Tư pháp","username":"an.nv"},)"
              R"({"display_name":"","unit":"","username":"an.nv2"}],"auth_time":1764552000,)"
              R"("authenticated":true,"citizen_id":"001085012345","csrf_token":"tok",)"
              R"("level":2,"name":"Nguyễn Văn An"})");
}

TEST(WhoamiJson, NoAccountsIsAnEmptyList) {
    WhoamiIdentity who;
    auto j = nlohmann::json::parse(render_whoami_json(&who));
    EXPECT_TRUE(j.at("accounts").is_array());
    EXPECT_TRUE(j.at("accounts").empty());
    EXPECT_EQ(j.at("account"), "");
}

TEST(WhoamiJson, MalformedUtf8IsReplacedNotAFailure) {
    WhoamiIdentity who;
    who.name = "Ng\xff";
    who.accounts = {{"u\xff", "\xc3", "ok"}};
    std::string body;
    ASSERT_NO_THROW(body = render_whoami_json(&who));
    const auto j = nlohmann::json::parse(body);
    EXPECT_EQ(j.at("name"), "Ng\xEF\xBF\xBD");
    EXPECT_EQ(j.at("accounts").at(0).at("username"), "u\xEF\xBF\xBD");
    EXPECT_EQ(j.at("accounts").at(0).at("unit"), "ok");
}

}  // namespace
}  // namespace vneid::pages

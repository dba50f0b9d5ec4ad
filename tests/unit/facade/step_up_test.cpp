// The C surface of the step-up (vneid_max_auth_age): the decision on a
// vneid_identity_t, the login location that forces the sign-in page, and
// the 401 JSON a script gets.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <cstring>
#include <string>
#include <utility>

#include "facade_test_support.h"
#include "pages/error_text.h"
#include "vneid/vneid.h"

namespace vneid::facade::testing {
namespace {

constexpr int64_t kNow = 1'780'000'000;

TEST(StepUpApi, DecidesOnTheIdentitysAuthTime) {
    vneid_identity_t id{};
    id.created = kNow - 7200;           // the session's own times do not count
    id.last_activity = kNow;
    id.auth_time = kNow - 600;
    EXPECT_EQ(vneid_auth_too_old(&id, 0, kNow), 0);
    EXPECT_EQ(vneid_auth_too_old(&id, 900, kNow), 0);
    EXPECT_EQ(vneid_auth_too_old(&id, 600, kNow), 0);
    EXPECT_EQ(vneid_auth_too_old(&id, 599, kNow), 1);
    id.auth_time = 0;
    EXPECT_EQ(vneid_auth_too_old(&id, 900, kNow), 1);
    EXPECT_EQ(vneid_auth_too_old(nullptr, 900, kNow), 1);
}

TEST(StepUpApi, LocationForcesTheLoginPageAndKeepsTheReturn) {
    const std::string ep = "/_vneid/";
    const std::string uri = "/ho-so/duyet?id=7&b=x y";
    Buf out;
    ASSERT_EQ(vneid_reauth_location(ep.data(), ep.size(), uri.data(), uri.size(), &out), 0);
    Buf plain;
    ASSERT_EQ(vneid_login_location(ep.data(), ep.size(), uri.data(), uri.size(), &plain), 0);
    EXPECT_EQ(out.str(), plain.str() + "&reauth=1");
    EXPECT_EQ(out.str().rfind("/_vneid/login?return=%2Fho-so%2Fduyet%3Fid%3D7", 0), 0u)
        << out.str();

    // the same return as the plain login: the front page needs none, a
    // foreign URL becomes the front page, "//x" is nginx's path "/x"
    const std::pair<std::string, std::string> cases[] = {
        {"/", "/_vneid/login?reauth=1"},
        {"https://evil.example/x", "/_vneid/login?reauth=1"},
        {"//evil.example/", "/_vneid/login?return=%2Fevil.example%2F&reauth=1"},
    };
    for (const auto& [u, expected] : cases) {
        Buf o;
        ASSERT_EQ(vneid_reauth_location(ep.data(), ep.size(), u.data(), u.size(), &o), 0);
        EXPECT_EQ(o.str(), expected) << u;
    }
}

TEST(StepUpApi, JsonSaysReauthWithTheLoginUrlInBothLanguages) {
    const std::string url = "/_vneid/login?return=%2Fduyet&reauth=1";
    for (auto [al, lang] : {std::pair{"vi", pages::Lang::vi},
                            std::pair{"en-US,en;q=0.8", pages::Lang::en}}) {
        Buf out;
        ASSERT_EQ(vneid_reauth_json(al, std::strlen(al), url.data(), url.size(), &out), 0);
        const auto body = nlohmann::json::parse(out.str());
        EXPECT_EQ(body.at("error"), "reauth_required");
        EXPECT_EQ(body.at("login_url"), url);
        EXPECT_EQ(body.at("reauth"), true);
        EXPECT_EQ(body.at("reference"), "");
        EXPECT_EQ(body.at("message"),
                  pages::error_message(lang, pages::ErrorKind::reauth_required, false));
    }
    Buf none;
    ASSERT_EQ(vneid_reauth_json(nullptr, 0, url.data(), url.size(), &none), 0);
    EXPECT_NE(nlohmann::json::parse(none.str()).at("message").get<std::string>().find("VNeID"),
              std::string::npos);
}

}  // namespace
}  // namespace vneid::facade::testing

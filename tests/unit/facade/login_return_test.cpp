// What the glue reads from a login through the C surface (issue 11): a
// failure after the state was accepted carries the flow's return, so the
// page's retry keeps the destination; the detail never repeats the code.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "facade_test_support.h"
#include "http/query.h"

namespace {

using namespace vneid::facade::testing;
using vneid::flow::testing::kNow;
using vneid::flow::testing::kOrigin;

class LoginReturn : public ::testing::Test {
 protected:
    // Starts a login to `ret`; returns the callback's state.
    std::string start(const std::string& ret) {
        Buf location, new_binding;
        char err[256] = "";
        EXPECT_EQ(vneid_login_start(gw.get(), store.get(), ret.data(), ret.size(),
                                    "", 0, kOrigin, std::strlen(kOrigin), kNow, &location,
                                    &new_binding, err, sizeof(err)),
                  0)
            << err;
        binding = new_binding.str();
        const std::string url = location.str();
        return vneid::http::query_param(url.substr(url.find('?') + 1), "state").value_or("");
    }

    // The callback `query` of this browser, begun and run as the glue does.
    vneid_login_result_t callback(const std::string& query, std::string* return_url) {
        vneid_login_result_t res{};
        vneid_login_t* login = vneid_login_begin(gw.get(), store.get(), query.data(), query.size(),
                                                 binding.data(), binding.size(), 2, VNEID_LINK_OFF,
                                                 kNow + 1, &res);
        if (login != nullptr) {
            vneid_login_run(login, kNow + 1);
            vneid_login_result(login, &res);
            vneid_login_free(login);
        }
        *return_url = res.return_url.data ? std::string(res.return_url.data, res.return_url.len) : "";
        vneid_buf_free(&res.return_url);
        return res;
    }

    CStore store;
    std::unique_ptr<vneid_gateway_s> gw = offline_gateway();
    std::string binding;
};

TEST_F(LoginReturn, AVneidRefusalKeepsTheReturn) {
    const std::string state = start("/ho-so?id=7");
    std::string ret;
    auto res = callback("error=access_denied&error_description=otp_exhausted&state=" +
                            vneid::http::url_encode(state),
                        &ret);
    EXPECT_EQ(res.ok, 0);
    EXPECT_STREQ(res.error, "idp_otp_exhausted");
    EXPECT_EQ(res.user_caused, 1);
    EXPECT_STREQ(res.detail, "IdP returned error=access_denied (otp_exhausted)");
    EXPECT_EQ(ret, "/ho-so?id=7");
}

TEST_F(LoginReturn, AnUnreachableIdpKeepsTheReturnToo) {
    const std::string state = start("/ho-so?id=8");
    std::string ret;
    auto res = callback("code=abc&state=" + vneid::http::url_encode(state), &ret);
    EXPECT_STREQ(res.error, "idp_unreachable");
    EXPECT_EQ(std::string(res.detail).rfind("idp_unreachable", 0), std::string::npos) << res.detail;
    EXPECT_EQ(ret, "/ho-so?id=8");
}

TEST_F(LoginReturn, ARefusedStateHasNone) {
    start("/ho-so?id=7");
    std::string ret;
    auto res = callback("code=abc&state=unknown", &ret);
    EXPECT_STREQ(res.error, "state_invalid");
    EXPECT_EQ(ret, "");
    vneid_login_result_t failed{};
    vneid_login_fail("busy", "queue full", &failed);
    EXPECT_EQ(failed.return_url.data, nullptr);
}

}  // namespace

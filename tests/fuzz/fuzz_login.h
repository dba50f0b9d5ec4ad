// Runs VneidProvider::complete_login, the real entry point for what the IdP
// answers, on scripted token and user-info bodies.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "fake_transport.h"
#include "fuzz_crypto.h"
#include "fuzz_support.h"
#include "provider/callback_params.h"
#include "provider/login_error.h"
#include "provider/verified_identity.h"

namespace vneid_fuzz {

struct LoginResult {
    std::optional<vneid::provider::VerifiedIdentity> identity;
    vneid::provider::LoginFailure failure{};
};

inline bool same_identity(const vneid::provider::VerifiedIdentity& a,
                          const vneid::provider::VerifiedIdentity& b) {
    return a.citizen_id == b.citizen_id && a.name == b.name && a.birth_date == b.birth_date &&
           a.account_type == b.account_type && a.level == b.level;
}

// Both answers come with status 200. Anything the bodies hold must end as an
// identity or a LoginError: no other exception may escape to the flow.
inline LoginResult login_with(const std::string& token_body, const std::string& userinfo_body) {
    vneid::provider::testing::FakeTransport transport;
    transport.answer(200, token_body);
    transport.answer(200, userinfo_body);
    vneid::provider::CallbackParams callback;
    callback.code = "code";
    callback.state = "state";
    LoginResult result;
    try {
        result.identity = test_provider().complete_login(
            callback, "https://motcua.example.gov.vn/_vneid/callback", transport);
        // Shapes read_identity promises.
        FUZZ_CHECK(result.identity->level >= 0 && result.identity->level <= 9);
    } catch (const vneid::provider::LoginError& e) {
        result.failure = e.failure();
        // The calls worked and answered 200: whatever the bodies hold is a
        // problem with the answer, never a transport, status or callback one.
        using F = vneid::provider::LoginFailure;
        const F f = e.failure();
        bool content = f != F::idp_denied && f != F::idp_timeout && f != F::idp_unreachable &&
                       f != F::idp_tls && f != F::idp_error && f != F::code_rejected &&
                       f != F::missing_code;
        if (!content)
            std::fprintf(stderr, "login failed as %s: %s\n", vneid::provider::to_string(f),
                         e.detail().c_str());
        FUZZ_CHECK(content);
    }
    return result;
}

inline const std::string& good_token_body() {
    static const std::string body = R"({"access_token":"tok-123","token_type":"Bearer"})";
    return body;
}

inline const std::string& good_userinfo_body() {
    static const std::string body =
        R"({"citizenPid":"001099012345","fullName":"Nguyễn Văn A","birthDate":"1999-05-12","accountLevel":2})";
    return body;
}

}  // namespace vneid_fuzz

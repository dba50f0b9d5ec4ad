// The user-info answer (lib/src/provider/vneid/claims.h) through the VNeID
// provider's complete_login, then the citizen-id checks the login flow runs
// on what it returns.
// Input: the user-info response body.
#include <string>

#include "fuzz_login.h"
#include "identity/citizen_id.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string body(in.rest());
    vneid_fuzz::LoginResult result = vneid_fuzz::login_with(vneid_fuzz::good_token_body(), body);
    if (!result.identity) return 0;

    // The claims were JSON strings somewhere in the body.
    FUZZ_CHECK(result.identity->citizen_id.size() <= body.size());
    FUZZ_CHECK(result.identity->name.size() <= body.size());
    auto check = vneid::identity::check_citizen_id(result.identity->citizen_id, 2026,
                                                   result.identity->birth_date);
    FUZZ_CHECK(vneid::identity::describe(check.problem) != nullptr);
    return 0;
}

#include "provider/identity_limits.h"

#include "provider/login_error.h"

namespace vneid::provider {
namespace {

void check_length(const std::string& claim, const std::string& value, size_t limit) {
    if (value.size() <= limit) return;
    throw LoginError(LoginFailure::identity_too_long,
                     "userinfo claim '" + claim + "' is " + std::to_string(value.size()) +
                         " bytes, longer than the " + std::to_string(limit) +
                         " the gateway can keep in a session");
}

}  // namespace

void check_identity_lengths(const VerifiedIdentity& identity, const ClaimMap& claims) {
    check_length(claims.citizen_id, identity.citizen_id, kMaxCitizenIdBytes);
    check_length(claims.name, identity.name, kMaxNameBytes);
    check_length(claims.birth_date, identity.birth_date, kMaxBirthDateBytes);
    check_length(claims.account_type, identity.account_type, kMaxAccountTypeBytes);
}

std::string accounts_problem(const std::vector<std::string>& usernames) {
    size_t joined = 0;
    for (size_t i = 0; i < usernames.size(); ++i) {
        const size_t size = usernames[i].size();
        if (size > kMaxAccountBytes)
            return "a linked account name is " + std::to_string(size) +
                   " bytes, longer than " + std::to_string(kMaxAccountBytes);
        joined += size + (i ? 1 : 0);  // the comma of vneid_identity_t.accounts
    }
    if (joined > kMaxAccountsBytes)
        return std::to_string(usernames.size()) + " linked accounts take " +
               std::to_string(joined) + " bytes joined, more than " +
               std::to_string(kMaxAccountsBytes);
    return "";
}

}  // namespace vneid::provider

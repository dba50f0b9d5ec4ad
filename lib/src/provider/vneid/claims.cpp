#include "provider/vneid/claims.h"

#include <climits>
#include <string>

#include "provider/identity_limits.h"
#include "provider/login_error.h"

namespace vneid::provider::vneid_profile {
namespace {

[[noreturn]] void bad_claim(const std::string& name, const std::string& problem) {
    throw LoginError(LoginFailure::idp_bad_answer, "userinfo claim '" + name + "' " + problem);
}

const nlohmann::json* find_claim(const nlohmann::json& userinfo, const std::string& name) {
    auto it = userinfo.find(name);
    if (it == userinfo.end() || it->is_null()) return nullptr;
    return &*it;
}

std::string optional_string(const nlohmann::json& userinfo, const std::string& name) {
    const nlohmann::json* value = find_claim(userinfo, name);
    if (!value) return "";
    if (!value->is_string()) bad_claim(name, "is not a string");
    return value->get<std::string>();
}

// Decree 69/2024/ND-CP knows levels 1 and 2; leave room for a later one,
// but nothing that is not a plain small level.
constexpr int kMaxLevel = 9;

int read_level(const nlohmann::json& userinfo, const std::string& name) {
    const nlohmann::json* value = find_claim(userinfo, name);
    if (!value) bad_claim(name, "is missing (identification level)");
    if (value->is_number_unsigned()) {
        // Unsigned first: a huge value must not wrap into range as long long.
        if (value->get<unsigned long long>() > kMaxLevel) bad_claim(name, "is out of range (0-9)");
        return int(value->get<unsigned long long>());
    }
    if (value->is_number_integer()) {
        auto level = value->get<long long>();
        if (level < 0 || level > kMaxLevel) bad_claim(name, "is out of range (0-9)");
        return int(level);
    }
    if (value->is_string()) {
        const std::string& text = value->get_ref<const std::string&>();
        if (text.empty() || text.size() > 3) bad_claim(name, "is not a small integer");
        int level = 0;
        for (char c : text) {
            if (c < '0' || c > '9') bad_claim(name, "is not a small integer");
            level = level * 10 + (c - '0');
        }
        if (level > kMaxLevel) bad_claim(name, "is out of range (0-9)");
        return level;
    }
    bad_claim(name, "is neither an integer nor a digit string");
}

}  // namespace

VerifiedIdentity read_identity(const nlohmann::json& userinfo, const ClaimMap& claims) {
    VerifiedIdentity identity;
    const nlohmann::json* citizen_id = find_claim(userinfo, claims.citizen_id);
    if (!citizen_id) bad_claim(claims.citizen_id, "is missing (citizen id)");
    if (citizen_id->is_number())
        bad_claim(claims.citizen_id, "is a JSON number (leading zeros would be lost)");
    if (!citizen_id->is_string()) bad_claim(claims.citizen_id, "is not a string");
    identity.citizen_id = citizen_id->get<std::string>();
    identity.name = optional_string(userinfo, claims.name);
    identity.birth_date = optional_string(userinfo, claims.birth_date);
    identity.level = read_level(userinfo, claims.level);

    // Deployments send it as a string ("CONG_DAN") or an integer (3): both
    // are kept as text; another shape is ignored (the login does not use it).
    if (const nlohmann::json* type = find_claim(userinfo, claims.account_type)) {
        if (type->is_string()) identity.account_type = type->get<std::string>();
        else if (type->is_number_integer()) identity.account_type = type->dump();
    }
    check_identity_lengths(identity, claims);
    return identity;
}

}  // namespace vneid::provider::vneid_profile

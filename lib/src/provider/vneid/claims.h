// Reads the identity out of VNeID's user-info JSON by the configured claim names.
#pragma once

#include <nlohmann/json.hpp>

#include "provider/provider_config.h"
#include "provider/verified_identity.h"

namespace vneid::provider::vneid_profile {

// citizen id: required string (a JSON number is refused: leading zeros are
// lost); name, birth date: strings, "" when absent; level: required integer
// or digit string ("2"), whichever a deployment sends (IAL, accountLevel);
// account type (accountType, or LoaiTaiKhoan mapped by vneid_claim): optional
// string or integer, kept as text. Wrong shapes throw
// LoginError(idp_bad_answer) naming the claim, never its value; claims longer
// than a session can keep throw LoginError(identity_too_long).
VerifiedIdentity read_identity(const nlohmann::json& userinfo, const ClaimMap& claims);

}  // namespace vneid::provider::vneid_profile

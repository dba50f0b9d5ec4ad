// How long each identity field a session keeps may be. The request path
// copies a session into the fixed buffers of vneid_identity_t (vneid.h); a
// longer field would make a session that logs in and then answers 503 on
// every request, logout included. So the login refuses it, with these
// bounds derived from those buffers (one byte goes to the terminating NUL).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "provider/provider_config.h"
#include "provider/verified_identity.h"
#include "vneid/vneid.h"

namespace vneid::provider {

inline constexpr size_t kMaxCitizenIdBytes = VNEID_CITIZEN_ID_SIZE - 1;  // valid ids have 12
inline constexpr size_t kMaxNameBytes = VNEID_NAME_SIZE - 1;             // UTF-8 bytes
inline constexpr size_t kMaxAccountBytes = VNEID_ACCOUNT_SIZE - 1;       // one username
inline constexpr size_t kMaxAccountsBytes = VNEID_ACCOUNTS_SIZE - 1;     // all, comma separated
// Stored in the session but not on the request path: a date needs 10
// bytes, an ISO timestamp 29; this only stops absurd values.
inline constexpr size_t kMaxBirthDateBytes = 64;
// Read but never stored; bounded so no claim is unbounded.
inline constexpr size_t kMaxAccountTypeBytes = 64;

// Throws LoginError(identity_too_long) naming the claim and both lengths
// (never the value) when a claim is longer than its bound.
void check_identity_lengths(const VerifiedIdentity& identity, const ClaimMap& claims);

// "" when the usernames linked to a citizen fit the request path (each one,
// and all of them joined by commas), else what does not fit, for the log.
std::string accounts_problem(const std::vector<std::string>& usernames);

}  // namespace vneid::provider

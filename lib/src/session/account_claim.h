// What claiming a legacy account takes, inside a caller's transaction:
// finding who holds it, and linking it with its roster entry. Shared by
// self-service linking (account_claims.cpp) and approved link requests
// (link_requests.cpp).
#pragma once

#include <string>
#include <string_view>

#include "session/legacy_account.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"

namespace vneid::session {

// The owner of username as txn sees the directory: the citizen's own entry
// first, then a scan of the others (exact compare). *other gets the other
// citizen id when that is the owner.
AccountOwner account_owner_in(LmdbTxn& txn, const Databases& dbs,
                              std::string_view citizen_id, std::string_view username,
                              std::string* other);

// Appends username to the citizen's list (txn must be a write transaction,
// and nobody must own the account): display name, unit and disabled flag
// from its roster entry, which is removed, else fallback_name, no unit,
// enabled. Returns nobody (linked, enabled) or this_citizen_disabled.
// Throws StoreError when the citizen's list is there but unreadable (it is
// not overwritten).
AccountOwner link_with_roster_entry(LmdbTxn& txn, const Databases& dbs,
                                    std::string_view citizen_id, std::string_view username,
                                    std::string_view fallback_name);

}  // namespace vneid::session

// Store: the roster, portal accounts imported without an ID number. Their
// owners claim them through self-service linking (account_claims.cpp);
// linking them any other way takes them out too (account_directory.cpp).
#include <stdexcept>

#include "session/lmdb_cursor.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/session_store.h"

namespace vneid::session {

void Store::put_roster_batch(const std::vector<RosterEntry>& entries) {
    put_accounts_batch({}, entries);
}

std::vector<RosterEntry> Store::roster() {
    std::vector<RosterEntry> out;
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    LmdbCursor cursor(txn, env_->dbs().roster);
    std::string_view key, value;
    for (bool more = cursor.first(&key, &value); more; more = cursor.next(&key, &value)) {
        if (auto entry = decode_roster_entry(key, value)) out.push_back(std::move(*entry));
    }
    return out;
}

std::optional<RosterEntry> Store::roster_entry(std::string_view username) {
    if (!is_account_name(username)) return std::nullopt;
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    auto raw = txn.get(env_->dbs().roster, username);
    return raw ? decode_roster_entry(username, *raw) : std::nullopt;
}

bool Store::remove_roster_entry(std::string_view username) {
    if (username.empty() || username.size() > kMaxUsernameBytes) return false;  // not a key
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    if (!txn.del(env_->dbs().roster, username)) return false;
    txn.commit();
    return true;
}

}  // namespace vneid::session

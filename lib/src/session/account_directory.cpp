// Store: the account directory (citizen id -> linked legacy accounts).
// Accounts linked here leave the roster (account_roster.cpp).
#include <stdexcept>

#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/lmdb_cursor.h"
#include "session/session_store.h"

namespace vneid::session {

void Store::put_accounts(std::string_view citizen_id,
                         const std::vector<LegacyAccount>& accounts) {
    put_accounts_batch({{std::string(citizen_id), accounts}});
}

void Store::put_accounts_batch(
    const std::vector<std::pair<std::string, std::vector<LegacyAccount>>>& lists,
    const std::vector<RosterEntry>& roster) {
    for (const auto& [citizen_id, accounts] : lists) {
        if (!is_citizen_id(citizen_id)) {
            throw std::invalid_argument("citizen id must be 12 digits: '" + citizen_id + "'");
        }
    }
    for (const auto& entry : roster) {
        if (!is_account_name(entry.username)) {
            throw std::invalid_argument("roster: unusable account name '" + entry.username +
                                        "' (1 to 127 bytes, no comma or control character)");
        }
    }
    const Databases& dbs = env_->dbs();
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    for (const auto& entry : roster) {
        txn.put(dbs.roster, entry.username, encode_roster_entry(entry));
    }
    for (const auto& [citizen_id, accounts] : lists) {
        if (accounts.empty()) {
            txn.del(dbs.accounts, citizen_id);
        } else {
            txn.put(dbs.accounts, citizen_id, encode_accounts(accounts));
        }
        // Linked now: no longer waiting in the roster for its owner.
        for (const auto& a : accounts) {
            if (!a.username.empty() && a.username.size() <= kMaxUsernameBytes) {
                txn.del(dbs.roster, a.username);
            }
        }
    }
    txn.commit();
}

std::vector<std::pair<std::string, std::vector<LegacyAccount>>> Store::list_accounts(
    size_t* unreadable) {
    std::vector<std::pair<std::string, std::vector<LegacyAccount>>> out;
    size_t bad = 0;
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    LmdbCursor cursor(txn, env_->dbs().accounts);
    std::string_view key, value;
    for (bool more = cursor.first(&key, &value); more; more = cursor.next(&key, &value)) {
        auto list = decode_accounts(value);
        if (!list) {
            ++bad;
            continue;
        }
        out.emplace_back(std::string(key), std::move(*list));
    }
    if (unreadable) *unreadable = bad;
    return out;
}

std::vector<LegacyAccount> Store::get_accounts(std::string_view citizen_id) {
    if (!is_citizen_id(citizen_id)) return {};
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    auto raw = txn.get(env_->dbs().accounts, citizen_id);
    if (!raw) return {};
    auto accounts = decode_accounts(*raw);
    return accounts ? std::move(*accounts) : std::vector<LegacyAccount>{};
}

}  // namespace vneid::session

// Store: who owns a legacy account, and claiming one (self-service linking,
// once the portal's own login accepted the password).
#include <stdexcept>

#include "session/account_claim.h"
#include "session/lmdb_cursor.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/session_store.h"

namespace vneid::session {
namespace {

// Scans under a read transaction this many times before scanning under the
// write lock: a busy gateway commits activity writes all the time, but
// rarely twice in a row within one scan.
constexpr int kScansWithoutLock = 2;

void check_claim_args(std::string_view citizen_id, std::string_view username) {
    if (!is_citizen_id(citizen_id)) {
        throw std::invalid_argument("citizen id must be 12 digits");
    }
    if (!is_account_name(username)) {
        throw std::invalid_argument("an account name is 1 to 127 bytes without commas or "
                                    "control characters");
    }
}

std::optional<AccountOwner> owner_in_list(std::string_view raw, std::string_view username) {
    // Most lists cannot hold the name at all: skip decoding them.
    if (raw.find(username) == std::string_view::npos) return std::nullopt;
    auto list = decode_accounts(raw);
    if (!list) return std::nullopt;
    for (const auto& a : *list) {
        if (a.username == username) {
            return a.disabled ? AccountOwner::this_citizen_disabled : AccountOwner::this_citizen;
        }
    }
    return std::nullopt;
}

}  // namespace

AccountOwner account_owner_in(LmdbTxn& txn, const Databases& dbs,
                              std::string_view citizen_id, std::string_view username,
                              std::string* other) {
    if (auto own = txn.get(dbs.accounts, citizen_id)) {
        if (auto owner = owner_in_list(*own, username)) return *owner;
    }
    LmdbCursor cursor(txn, dbs.accounts);
    std::string_view key, value;
    for (bool more = cursor.first(&key, &value); more; more = cursor.next(&key, &value)) {
        if (key == citizen_id || !owner_in_list(value, username)) continue;
        if (other) *other = std::string(key);
        return AccountOwner::another_citizen;
    }
    return AccountOwner::nobody;
}

AccountOwner link_with_roster_entry(LmdbTxn& txn, const Databases& dbs,
                                    std::string_view citizen_id, std::string_view username,
                                    std::string_view fallback_name) {
    LegacyAccount account{std::string(username), std::string(fallback_name), ""};
    if (auto raw = txn.get(dbs.roster, username)) {
        if (auto entry = decode_roster_entry(username, *raw)) {
            account.display_name = entry->display_name;
            account.unit = entry->unit;
            account.disabled = entry->disabled;
        }
        txn.del(dbs.roster, username);  // linked now (an unreadable entry goes too)
    }
    std::vector<LegacyAccount> list;
    if (auto raw = txn.get(dbs.accounts, citizen_id)) {
        auto decoded = decode_accounts(*raw);
        if (!decoded) {
            throw StoreError("session store: the account list of a citizen id is unreadable; "
                             "not overwritten (store " + txn.env().dir() + ")");
        }
        list = std::move(*decoded);
    }
    list.push_back(std::move(account));
    txn.put(dbs.accounts, citizen_id, encode_accounts(list));
    return list.back().disabled ? AccountOwner::this_citizen_disabled : AccountOwner::nobody;
}

void Store::with_account_owner(
    std::string_view citizen_id, std::string_view username,
    const std::function<bool(LmdbTxn&, AccountOwner, const std::string&)>& edit) {
    const Databases& dbs = env_->dbs();
    for (int round = 0;; ++round) {
        const bool under_lock = round >= kScansWithoutLock;
        AccountOwner owner = AccountOwner::nobody;
        std::string other;
        size_t seen_txn = 0;
        if (!under_lock) {
            LmdbTxn txn(*env_, LmdbTxn::read_only);
            owner = account_owner_in(txn, dbs, citizen_id, username, &other);
            seen_txn = mdb_txn_id(txn.get());
        }
        LmdbTxn txn(*env_, LmdbTxn::read_write);
        if (under_lock) {
            owner = account_owner_in(txn, dbs, citizen_id, username, &other);
        } else if (mdb_txn_id(txn.get()) != seen_txn + 1) {
            continue;  // a write came in between: what the scan saw may be stale
        }
        if (edit(txn, owner, other)) txn.commit();
        return;
    }
}

AccountOwner Store::account_owner(std::string_view citizen_id, std::string_view username) {
    check_claim_args(citizen_id, username);
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    return account_owner_in(txn, env_->dbs(), citizen_id, username, nullptr);
}

AccountOwner Store::claim_account(std::string_view citizen_id, std::string_view username,
                                  std::string_view name_from_vneid) {
    check_claim_args(citizen_id, username);
    AccountOwner result = AccountOwner::nobody;
    with_account_owner(citizen_id, username,
                       [&](LmdbTxn& txn, AccountOwner owner, const std::string&) {
                           if (owner != AccountOwner::nobody) {
                               result = owner;
                               return false;  // nothing changes
                           }
                           result = link_with_roster_entry(txn, env_->dbs(), citizen_id,
                                                           username, name_from_vneid);
                           return true;
                       });
    return result;
}

}  // namespace vneid::session

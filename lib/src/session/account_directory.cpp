// Store: the account directory (citizen id -> linked legacy accounts).
#include <stdexcept>

#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/session_store.h"

namespace vneid::session {

void Store::put_accounts(std::string_view citizen_id,
                         const std::vector<LegacyAccount>& accounts) {
    if (!is_citizen_id(citizen_id)) {
        throw std::invalid_argument("citizen id must be 12 digits: '" +
                                    std::string(citizen_id) + "'");
    }
    const MDB_dbi db = env_->dbs().accounts;
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    if (accounts.empty()) {
        txn.del(db, citizen_id);
    } else {
        txn.put(db, citizen_id, encode_accounts(accounts));
    }
    txn.commit();
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

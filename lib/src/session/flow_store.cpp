// Store: pending logins (OAuth state + nonce + PKCE verifier), single use.
#include <stdexcept>

#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/secret_token.h"
#include "session/session_store.h"

namespace vneid::session {

std::string Store::create_flow(FlowRecord rec) {
    if (rec.expires <= 0) {
        throw std::invalid_argument("create_flow: expires must be set");
    }
    return put_under_new_token(env_->dbs().flows, encode_flow(rec), "login state");
}

std::optional<FlowRecord> Store::take_flow(std::string_view state, int64_t now) {
    auto key = storage_key_of(state);
    if (!key) return std::nullopt;
    const MDB_dbi db = env_->dbs().flows;
    {
        // Forged or replayed states are answered without the write lock.
        LmdbTxn txn(*env_, LmdbTxn::read_only);
        if (!txn.get(db, *key)) return std::nullopt;
    }
    std::optional<FlowRecord> rec;
    {
        LmdbTxn txn(*env_, LmdbTxn::read_write);
        auto raw = txn.get(db, *key);
        if (!raw) return std::nullopt;  // taken by a concurrent callback
        rec = decode_flow(*raw);
        txn.del(db, *key);
        txn.commit();
    }
    if (!rec || now > rec->expires) return std::nullopt;
    return rec;
}

}  // namespace vneid::session

// Store: pending logins (OAuth state + nonce + PKCE verifier), single use.
#include <stdexcept>

#include "crypto/constant_time.h"
#include "session/flow_index.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/secret_token.h"
#include "session/session_store.h"

namespace vneid::session {

// create_flow, with its bounds: flow_admission.cpp.

std::optional<FlowRecord> Store::take_flow(std::string_view state, int64_t now) {
    return take_flow_bound(state, now, {}, nullptr);
}

std::optional<FlowRecord> Store::take_flow_bound(std::string_view state, int64_t now,
                                                 std::string_view binding_hash,
                                                 bool* foreign) {
    if (foreign) *foreign = false;
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
        if (foreign && rec &&
            !crypto::constant_time_equal(rec->binding_hash, binding_hash)) {
            *foreign = true;
            return std::nullopt;  // not this browser's: not spent
        }
        txn.del(db, *key);
        if (rec) unindex_flow(txn, env_->dbs(), *key, *rec);
        txn.commit();
    }
    if (!rec || flow_is_over(rec->created, rec->expires, now)) return std::nullopt;
    return rec;
}

bool Store::restore_flow(std::string_view state, const FlowRecord& rec) {
    auto key = storage_key_of(state);
    if (!key) return false;
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    if (txn.get(env_->dbs().flows, *key)) return false;
    txn.put(env_->dbs().flows, *key, encode_flow(rec));
    index_flow(txn, env_->dbs(), *key, rec);
    txn.commit();
    return true;
}

size_t Store::pending_flows_of(std::string_view binding_hash, int64_t now) {
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    return count_flows_of_binding(txn, env_->dbs(), binding_hash, now);
}

}  // namespace vneid::session

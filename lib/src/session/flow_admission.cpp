// Store::create_flow: a new pending login, admitted within FlowLimits so that
// a flood of /_vneid/start can neither fill the store nor starve sessions.
#include <stdexcept>

#include "session/flow_index.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/session_store.h"
#include "session/store_usage.h"

namespace vneid::session {
namespace {

// A lowered max_pending is reached over several starts, each bounded.
constexpr int kMaxEvictionsPerFlow = 16;
// Over the map share, each new flow pushes out two: flows shrink.
constexpr int kEvictionsOverShare = 2;
// return + redirect_uri at their caps, plus the small fields.
constexpr size_t kMaxFlowRecordBytes =
    kMaxFlowReturnBytes + kMaxFlowRedirectUriBytes + 1024;

void make_room_for_flow(LmdbTxn& txn, const Databases& dbs, const FlowRecord& rec,
                        const FlowLimits& limits) {
    if (limits.max_per_binding > 0) {
        trim_flows_of_binding(txn, dbs, rec.binding_hash, limits.max_per_binding);
    }
    for (int i = 0; i < kMaxEvictionsPerFlow && txn.entries(dbs.flows) >= limits.max_pending;
         ++i) {
        if (!evict_oldest_flow(txn, dbs)) break;
    }
    const unsigned used = map_used_percent(txn);
    if (used < limits.max_map_percent) return;
    int evicted = 0;
    while (evicted < kEvictionsOverShare && evict_oldest_flow(txn, dbs)) ++evicted;
    if (evicted == 0) {
        throw StoreError("session store is " + std::to_string(used) +
                         "% full: no room for new logins (signed-in staff are not "
                         "affected); the sweep frees expired sessions, or raise "
                         "vneid_store size= (store " + txn.env().dir() + ")");
    }
}

}  // namespace

void Store::set_flow_limits(const FlowLimits& limits) { flow_limits_ = limits; }

std::string Store::create_flow(FlowRecord rec) {
    if (rec.expires <= 0) {
        throw std::invalid_argument("create_flow: expires must be set");
    }
    const std::string value = encode_flow(rec);
    if (value.size() > kMaxFlowRecordBytes) {
        throw std::invalid_argument("create_flow: login state of " +
                                    std::to_string(value.size()) + " bytes is too large");
    }
    const Databases& dbs = env_->dbs();
    InsertHooks hooks;
    hooks.before = [&](LmdbTxn& txn) { make_room_for_flow(txn, dbs, rec, flow_limits_); };
    hooks.after = [&](LmdbTxn& txn, const std::string& key) { index_flow(txn, dbs, key, rec); };
    return put_under_new_token(dbs.flows, value, "login state", hooks);
}

}  // namespace vneid::session

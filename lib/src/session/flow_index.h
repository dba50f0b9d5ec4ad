// A second index of pending login flows (database flow_index), so that the
// store can bound them: flows are keyed by the hash of a random state, which
// says nothing about age or browser. Two kinds of entries, both written and
// removed in the same write transaction as the flow itself:
//
//   'o' | be64 created | storage key                       -> le64 expires
//   'b' | u8 n | binding hash (n bytes) | be64 created | storage key
//                                                          -> le64 expires
//
// Big-endian times sort oldest first. An entry whose flow has gone (taken
// by an older binary, say) is dropped when met, and by the sweep.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "session/flow_record.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"

namespace vneid::session {

void index_flow(LmdbTxn& txn, const Databases& dbs, std::string_view key,
                const FlowRecord& rec);
void unindex_flow(LmdbTxn& txn, const Databases& dbs, std::string_view key,
                  const FlowRecord& rec);

// Deletes the oldest pending flow and its entries; false if there is none.
bool evict_oldest_flow(LmdbTxn& txn, const Databases& dbs);

// Deletes this browser's oldest flows until fewer than `keep` remain.
void trim_flows_of_binding(LmdbTxn& txn, const Databases& dbs,
                           std::string_view binding_hash, size_t keep);

// How many of this browser's flows are still pending (live and not over).
size_t count_flows_of_binding(LmdbTxn& txn, const Databases& dbs,
                              std::string_view binding_hash, int64_t now);

// For the sweep: an entry of an expired flow (or an unreadable entry).
bool flow_index_entry_is_garbage(std::string_view key, std::string_view value,
                                 int64_t now);

}  // namespace vneid::session

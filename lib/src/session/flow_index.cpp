#include "session/flow_index.h"

#include <string>
#include <vector>

#include "session/byte_codec.h"
#include "session/lmdb_cursor.h"

namespace vneid::session {
namespace {

constexpr char kByAge = 'o';
constexpr char kByBinding = 'b';
constexpr size_t kStorageKeySize = 32;  // sha256
constexpr int kMaxOrphansPerEviction = 64;

void put_be64(std::string& out, int64_t v) {
    for (int i = 7; i >= 0; --i) out += char((uint64_t(v) >> (8 * i)) & 0xff);
}

int64_t get_be64(std::string_view in) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8; ++i) v = (v << 8) | uint8_t(in[i]);
    return int64_t(v);
}

std::string binding_prefix(std::string_view binding_hash) {
    std::string k(1, kByBinding);
    k += char(uint8_t(binding_hash.size() > 255 ? 255 : binding_hash.size()));
    k.append(binding_hash.substr(0, 255));
    return k;
}

std::string age_key(int64_t created, std::string_view key) {
    std::string k(1, kByAge);
    put_be64(k, created);
    k.append(key);
    return k;
}

std::string binding_key(std::string_view binding_hash, int64_t created,
                        std::string_view key) {
    std::string k = binding_prefix(binding_hash);
    put_be64(k, created);
    k.append(key);
    return k;
}

std::string expires_value(int64_t expires) {
    ByteWriter w;
    w.i64(expires);
    return w.take();
}

// created and the flow's storage key from the tail of an entry's key.
bool split_tail(std::string_view entry, size_t head, int64_t* created, std::string* key) {
    if (entry.size() != head + 8 + kStorageKeySize) return false;
    *created = get_be64(entry.substr(head, 8));
    key->assign(entry.substr(head + 8));
    return true;
}

bool split_entry(std::string_view entry, int64_t* created, std::string* key) {
    if (entry.empty()) return false;
    if (entry[0] == kByAge) return split_tail(entry, 1, created, key);
    if (entry[0] == kByBinding && entry.size() >= 2) {
        return split_tail(entry, 2 + uint8_t(entry[1]), created, key);
    }
    return false;
}

// The first entry whose key starts with prefix, copied (the cursor is gone
// before anything is deleted).
bool first_with_prefix(LmdbTxn& txn, MDB_dbi db, const std::string& prefix,
                       std::string* out) {
    LmdbCursor cursor(txn, db);
    std::string_view k = prefix, v;
    if (!cursor.seek(&k, &v) || k.substr(0, prefix.size()) != prefix) return false;
    out->assign(k);
    return true;
}

// Deletes the flow under `key` and every entry of it; false if it was gone.
bool delete_flow(LmdbTxn& txn, const Databases& dbs, const std::string& key,
                 int64_t created) {
    std::optional<FlowRecord> rec;
    if (auto raw = txn.get(dbs.flows, key)) rec = decode_flow(*raw);
    const bool existed = txn.del(dbs.flows, key);
    txn.del(dbs.flow_index, age_key(created, key));
    if (rec) txn.del(dbs.flow_index, binding_key(rec->binding_hash, rec->created, key));
    return existed;
}

}  // namespace

void index_flow(LmdbTxn& txn, const Databases& dbs, std::string_view key,
                const FlowRecord& rec) {
    const std::string expires = expires_value(rec.expires);
    txn.put(dbs.flow_index, age_key(rec.created, key), expires);
    txn.put(dbs.flow_index, binding_key(rec.binding_hash, rec.created, key), expires);
}

void unindex_flow(LmdbTxn& txn, const Databases& dbs, std::string_view key,
                  const FlowRecord& rec) {
    txn.del(dbs.flow_index, age_key(rec.created, key));
    txn.del(dbs.flow_index, binding_key(rec.binding_hash, rec.created, key));
}

bool evict_oldest_flow(LmdbTxn& txn, const Databases& dbs) {
    for (int orphans = 0; orphans < kMaxOrphansPerEviction; ++orphans) {
        std::string entry;
        if (!first_with_prefix(txn, dbs.flow_index, std::string(1, kByAge), &entry)) {
            return false;
        }
        int64_t created;
        std::string key;
        if (!split_entry(entry, &created, &key)) {
            txn.del(dbs.flow_index, entry);
            continue;
        }
        if (delete_flow(txn, dbs, key, created)) return true;
    }
    return false;
}

void trim_flows_of_binding(LmdbTxn& txn, const Databases& dbs,
                           std::string_view binding_hash, size_t keep) {
    const std::string prefix = binding_prefix(binding_hash);
    struct Pending {
        std::string entry, key;
        int64_t created;
    };
    std::vector<Pending> live;
    {
        LmdbCursor cursor(txn, dbs.flow_index);
        std::string_view k = prefix, v;
        for (bool more = cursor.seek(&k, &v); more && k.substr(0, prefix.size()) == prefix;
             more = cursor.next(&k, &v)) {
            Pending p{std::string(k), {}, 0};
            split_entry(k, &p.created, &p.key);
            live.push_back(std::move(p));
        }
    }
    // Oldest first (key order); entries of flows already gone only go.
    size_t count = 0;
    for (const auto& p : live) {
        if (!p.key.empty() && txn.get(dbs.flows, p.key)) {
            ++count;
        } else {
            txn.del(dbs.flow_index, p.entry);
        }
    }
    for (const auto& p : live) {
        if (count < keep) break;
        if (p.key.empty()) continue;
        if (delete_flow(txn, dbs, p.key, p.created)) --count;
    }
}

size_t count_flows_of_binding(LmdbTxn& txn, const Databases& dbs,
                              std::string_view binding_hash, int64_t now) {
    const std::string prefix = binding_prefix(binding_hash);
    size_t count = 0;
    LmdbCursor cursor(txn, dbs.flow_index);
    std::string_view k = prefix, v;
    for (bool more = cursor.seek(&k, &v); more && k.substr(0, prefix.size()) == prefix;
         more = cursor.next(&k, &v)) {
        int64_t created = 0, expires = 0;
        std::string key;
        if (split_entry(k, &created, &key) && peek_i64_le(v, 0, &expires) &&
            !flow_is_over(created, expires, now) && txn.get(dbs.flows, key)) {
            ++count;
        }
    }
    return count;
}

bool flow_index_entry_is_garbage(std::string_view key, std::string_view value,
                                 int64_t now) {
    int64_t created, expires;
    std::string flow_key;
    if (!split_entry(key, &created, &flow_key) || !peek_i64_le(value, 0, &expires)) {
        return true;
    }
    return flow_is_over(created, expires, now);
}

}  // namespace vneid::session

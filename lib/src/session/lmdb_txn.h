// RAII LMDB transaction: aborted by the destructor unless committed, so an
// exception anywhere leaves the store untouched and the write lock released.
// A thread holds at most one at a time (end a read before starting a write):
// each holds LmdbEnv::map_in_use() shared, which a remap takes exclusively.
#pragma once

#include <lmdb.h>

#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string_view>

#include "session/lmdb_env.h"
#include "session/store_error.h"

namespace vneid::session {

inline MDB_val to_val(std::string_view s) {
    return MDB_val{s.size(), const_cast<char*>(s.data())};
}
inline std::string_view to_view(const MDB_val& v) {
    return {static_cast<const char*>(v.mv_data), v.mv_size};
}

class LmdbTxn {
 public:
    enum Mode { read_only, read_write };

    LmdbTxn(const LmdbEnv& env, Mode mode) : env_(env), map_in_use_(env.map_in_use()) {
        const unsigned flags = mode == read_only ? MDB_RDONLY : 0;
        int rc = mdb_txn_begin(env.get(), nullptr, flags, &txn_);
        if (rc == MDB_MAP_RESIZED) {
            map_in_use_.unlock();
            env.adopt_grown_map();
            map_in_use_.lock();
            rc = mdb_txn_begin(env.get(), nullptr, flags, &txn_);
        }
        if (rc != 0) {
            txn_ = nullptr;
            throw lmdb_error(rc, "begin transaction", env_.dir());
        }
    }
    ~LmdbTxn() {
        if (txn_) mdb_txn_abort(txn_);
    }
    LmdbTxn(const LmdbTxn&) = delete;
    LmdbTxn& operator=(const LmdbTxn&) = delete;

    MDB_txn* get() const { return txn_; }
    const LmdbEnv& env() const { return env_; }

    // The view points into the map and is valid until the transaction ends.
    std::optional<std::string_view> get(MDB_dbi dbi, std::string_view key) {
        MDB_val k = to_val(key), v;
        int rc = mdb_get(txn_, dbi, &k, &v);
        if (rc == MDB_NOTFOUND) return std::nullopt;
        check(rc, "read");
        return to_view(v);
    }
    void put(MDB_dbi dbi, std::string_view key, std::string_view value) {
        MDB_val k = to_val(key), v = to_val(value);
        check(mdb_put(txn_, dbi, &k, &v, 0), "write");
    }
    // false if the key already exists (nothing written).
    bool put_new(MDB_dbi dbi, std::string_view key, std::string_view value) {
        MDB_val k = to_val(key), v = to_val(value);
        int rc = mdb_put(txn_, dbi, &k, &v, MDB_NOOVERWRITE);
        if (rc == MDB_KEYEXIST) return false;
        check(rc, "write");
        return true;
    }
    // false if there was no such key.
    bool del(MDB_dbi dbi, std::string_view key) {
        MDB_val k = to_val(key);
        int rc = mdb_del(txn_, dbi, &k, nullptr);
        if (rc == MDB_NOTFOUND) return false;
        check(rc, "delete");
        return true;
    }
    size_t entries(MDB_dbi dbi) {
        MDB_stat st;
        check(mdb_stat(txn_, dbi, &st), "stat");
        return st.ms_entries;
    }
    void commit() {
        MDB_txn* txn = txn_;
        txn_ = nullptr;  // mdb_txn_commit frees the txn even when it fails
        int rc = mdb_txn_commit(txn);
        if (rc != 0) throw lmdb_error(rc, "commit", env_.dir());
    }

 private:
    void check(int rc, const char* what) const {
        if (rc != 0) throw lmdb_error(rc, what, env_.dir());
    }

    const LmdbEnv& env_;
    std::shared_lock<std::shared_mutex> map_in_use_;  // released after txn_ ends
    MDB_txn* txn_ = nullptr;
};

}  // namespace vneid::session

// RAII LMDB cursor for scans. Declare it after its transaction so it is
// closed first; in a write transaction call close() before commit().
#pragma once

#include <lmdb.h>

#include <string_view>

#include "session/lmdb_txn.h"

namespace vneid::session {

class LmdbCursor {
 public:
    LmdbCursor(LmdbTxn& txn, MDB_dbi dbi) : txn_(txn) {
        int rc = mdb_cursor_open(txn.get(), dbi, &cursor_);
        if (rc != 0) throw lmdb_error(rc, "open cursor", txn.env().dir());
    }
    ~LmdbCursor() { close(); }
    LmdbCursor(const LmdbCursor&) = delete;
    LmdbCursor& operator=(const LmdbCursor&) = delete;

    void close() {
        if (cursor_) mdb_cursor_close(cursor_);
        cursor_ = nullptr;
    }

    // Each returns false at the end of the database.
    bool first(std::string_view* key, std::string_view* value) {
        return step(MDB_FIRST, key, value);
    }
    bool next(std::string_view* key, std::string_view* value) {
        return step(MDB_NEXT, key, value);
    }
    // The first entry with a key >= *key.
    bool seek(std::string_view* key, std::string_view* value) {
        MDB_val k = to_val(*key), v;
        return finish(mdb_cursor_get(cursor_, &k, &v, MDB_SET_RANGE), k, v, key, value);
    }

 private:
    bool step(MDB_cursor_op op, std::string_view* key, std::string_view* value) {
        MDB_val k, v;
        return finish(mdb_cursor_get(cursor_, &k, &v, op), k, v, key, value);
    }
    bool finish(int rc, const MDB_val& k, const MDB_val& v, std::string_view* key,
                std::string_view* value) {
        if (rc == MDB_NOTFOUND) return false;
        if (rc != 0) throw lmdb_error(rc, "scan", txn_.env().dir());
        *key = to_view(k);
        *value = to_view(v);
        return true;
    }

    LmdbTxn& txn_;
    MDB_cursor* cursor_ = nullptr;
};

}  // namespace vneid::session

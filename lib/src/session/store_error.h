// Errors of the session store, worded for the admin reading nginx's error.log.
#pragma once

#include <stdexcept>
#include <string>

namespace vneid::session {

class StoreError : public std::runtime_error {
 public:
    explicit StoreError(const std::string& what, int lmdb_rc = 0)
        : std::runtime_error(what), lmdb_rc_(lmdb_rc) {}
    // The LMDB (or errno) code behind the error, 0 if none.
    int lmdb_rc() const { return lmdb_rc_; }
    // MDB_MAP_FULL: callers that can do with less (smaller batches, no
    // activity update) retry or degrade instead of failing.
    bool map_full() const;

 private:
    int lmdb_rc_;
};

// Builds the error for a failed LMDB call: names the store directory, the
// operation and mdb_strerror, with a hint for the conditions an admin can fix
// (map full, too many readers, map grown by another process).
StoreError lmdb_error(int rc, const std::string& what, const std::string& dir);

}  // namespace vneid::session

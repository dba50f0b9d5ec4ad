// Errors of the session store, worded for the admin reading nginx's error.log.
#pragma once

#include <stdexcept>
#include <string>

namespace vneid::session {

class StoreError : public std::runtime_error {
 public:
    using std::runtime_error::runtime_error;
};

// Builds the error for a failed LMDB call: names the store directory, the
// operation and mdb_strerror, with a hint for the conditions an admin can fix
// (map full, too many readers, map grown by another process).
StoreError lmdb_error(int rc, const std::string& what, const std::string& dir);

}  // namespace vneid::session

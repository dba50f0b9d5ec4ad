// Opening the store from vneidctl: never creates the store directory, and
// as root works as the directory's owner while LMDB opens the files.
#pragma once

#include <memory>
#include <string>

#include "session/session_store.h"

namespace vneidctl {

// Opens the store without ever creating its directory: a directory made here
// (possibly as root) would not be usable by nginx's workers.
class StoreAccess {
 public:
    // Throws vneid::session::StoreError (exit 1) when the directory is
    // missing or cannot be opened.
    explicit StoreAccess(const std::string& dir);
    vneid::session::Store& store() { return *store_; }

 private:
    std::unique_ptr<vneid::session::Store> store_;
};

}  // namespace vneidctl

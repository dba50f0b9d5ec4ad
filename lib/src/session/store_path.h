// What the nginx master (root) does to the store directory before workers
// start, without ever following a path the worker user controls: a
// symlink planted in the worker-owned directory (lock.mdb -> /etc/shadow)
// must never get a root-side open, write or chown.
#pragma once

#include <sys/types.h>

#include <string>

#include "session/unique_fd.h"

namespace vneid::session {

// mkdir -p dir (new directories 0755, the store directory itself 0700),
// walking from "/" one component at a time with O_NOFOLLOW. A symlink on the
// way, or as the store directory itself, is followed only when root (or this
// process's user) owns it. Returns the opened directory. Throws StoreError
// naming the offending path.
UniqueFd open_store_directory(const std::string& dir);

// The opened store directory must be owned by root or by uid; it is then
// given to uid/gid (gid < 0 leaves the group) through the descriptor.
void hand_over_directory(int dfd, const std::string& dir, uid_t uid, long gid);

// dir/name, if it exists, must be a regular file (not a symlink, FIFO or
// device) with a single link, owned by root or by uid; it is then given to
// uid/gid through an O_NOFOLLOW descriptor. Missing files are left for the
// worker user to create.
void hand_over_file(int dfd, const std::string& dir, const char* name, uid_t uid,
                    long gid);

}  // namespace vneid::session

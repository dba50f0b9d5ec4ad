// Runs a check with another user's credentials, in a short-lived child
// process: what the nginx master (root) must know is whether the *worker*
// user can use the store, and the only exact answer is to try as that user.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

namespace vneid::session {

// Forks; the child takes uid, gid and uid's supplementary groups, runs
// check() and reports. Returns "" when check() returned, else its
// exception's message (or why the child failed). The child is killed after
// timeout_ms (a lock held forever must not hang nginx -t or a reload).
// SIGCHLD is blocked meanwhile so that nginx's master does not reap the
// child as an unknown process.
std::string run_as_user(uid_t uid, gid_t gid, const std::function<void()>& check,
                        int timeout_ms);

}  // namespace vneid::session

// Store::prepare: filesystem setup by the nginx master (as root) so that the
// unprivileged workers can open the store. Root never opens LMDB here: the
// files live in a directory the worker user owns, so anything there may be
// a trap (a symlink to a root file). Root only walks to the directory with
// O_NOFOLLOW and fchowns what it opened; opening the environment (and
// creating its files) is tried as the worker user, which also proves the
// workers will be able to write to it.
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "session/lmdb_env.h"
#include "session/run_as_user.h"
#include "session/session_store.h"
#include "session/store_path.h"

namespace vneid::session {
namespace {

constexpr const char* kStoreFiles[] = {"data.mdb", "lock.mdb"};
constexpr int kCheckTimeoutMs = 10000;

std::string worker_name(long uid) {
    return uid >= 0 ? "the nginx worker user (uid " + std::to_string(uid) + ")"
                    : "this process";
}

// As the worker user: can it write the directory and the files that exist,
// and open the environment (creating the files with its own uid)?
void check_store_usable(const std::string& dir, size_t map_size, long uid, bool in_child) {
    if (access(dir.c_str(), W_OK | X_OK) != 0) {
        throw StoreError("session store: " + dir + ": " + worker_name(uid) +
                         " cannot write to this directory: " + std::strerror(errno));
    }
    for (const char* name : kStoreFiles) {
        const std::string path = dir + "/" + name;
        if (access(path.c_str(), F_OK) != 0) continue;
        if (access(path.c_str(), R_OK | W_OK) != 0) {
            throw StoreError("session store: " + path + ": " + worker_name(uid) +
                             " cannot read and write this file (" + std::strerror(errno) +
                             "); it must belong to that user with mode 0600");
        }
    }
    if (in_child) {
        LmdbEnv env(dir, map_size);
    } else {
        open_shared_env(dir, map_size);  // never a second handle in this process
    }
}

}  // namespace

void Store::prepare(const std::string& dir, size_t map_size, long uid, long gid) {
    UniqueFd dfd = open_store_directory(dir);
    if (uid < 0) {
        // Workers run as this very user: nothing to hand over.
        dfd.reset();
        check_store_usable(dir, map_size, uid, false);
        return;
    }
    hand_over_directory(dfd.get(), dir, uid_t(uid), gid);
    for (const char* name : kStoreFiles) hand_over_file(dfd.get(), dir, name, uid_t(uid), gid);
    dfd.reset();
    const gid_t as_gid = gid >= 0 ? gid_t(gid) : getegid();
    std::string problem = run_as_user(uid_t(uid), as_gid,
                                      [&] { check_store_usable(dir, map_size, uid, true); },
                                      kCheckTimeoutMs);
    if (!problem.empty()) throw StoreError(problem);
}

}  // namespace vneid::session

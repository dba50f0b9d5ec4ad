// Store::prepare: filesystem setup by the nginx master (as root) so that the
// unprivileged workers can open the store.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "session/lmdb_env.h"
#include "session/session_store.h"

namespace vneid::session {
namespace {

std::string errno_text() { return std::strerror(errno); }

// mkdir -p; the store directory itself gets 0700 (sessions are secrets),
// parents it creates 0755 so the unprivileged workers can reach it.
void make_directories(const std::string& dir) {
    if (dir.empty()) throw StoreError("session store: empty directory path");
    for (size_t pos = dir.find('/', 1);; pos = dir.find('/', pos + 1)) {
        std::string prefix = dir.substr(0, pos);
        mode_t mode = pos == std::string::npos ? 0700 : 0755;
        if (mkdir(prefix.c_str(), mode) != 0 && errno != EEXIST) {
            throw StoreError("session store: cannot create directory " + prefix + ": " +
                             errno_text());
        }
        if (pos == std::string::npos) break;
    }
    struct stat st;
    if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        throw StoreError("session store: " + dir + " exists and is not a directory");
    }
}

void change_owner(const std::string& path, long uid, long gid) {
    if (chown(path.c_str(), uid_t(uid), gid < 0 ? gid_t(-1) : gid_t(gid)) != 0) {
        throw StoreError("session store: cannot give " + path + " to uid " +
                         std::to_string(uid) + " gid " + std::to_string(gid) + ": " +
                         errno_text());
    }
}

}  // namespace

void Store::prepare(const std::string& dir, size_t map_size, long uid, long gid) {
    make_directories(dir);
    // Creates data.mdb, lock.mdb and the named databases; closed again at
    // the end of this scope, before the master forks any worker.
    open_shared_env(dir, map_size);
    if (uid >= 0) {
        change_owner(dir, uid, gid);
        change_owner(dir + "/data.mdb", uid, gid);
        change_owner(dir + "/lock.mdb", uid, gid);
    }
}

}  // namespace vneid::session

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>

#include "session/lmdb_env.h"
#include "session/store_error.h"

namespace vneid::session {
namespace {

struct OpenEnv {
    pid_t pid = 0;
    std::weak_ptr<LmdbEnv> env;
};

}  // namespace

std::shared_ptr<LmdbEnv> open_shared_env(const std::string& dir, size_t map_size) {
    struct stat st;
    if (stat(dir.c_str(), &st) != 0) {
        throw StoreError("session store directory " + dir + ": " + std::strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
        throw StoreError("session store " + dir + " is not a directory");
    }
    // Keyed by device+inode so different spellings of one path match.
    static std::mutex mutex;
    static std::map<std::pair<dev_t, ino_t>, OpenEnv> open_envs;
    std::lock_guard<std::mutex> lock(mutex);
    OpenEnv& entry = open_envs[{st.st_dev, st.st_ino}];
    if (entry.pid == getpid()) {
        if (auto env = entry.env.lock()) return env;
    }
    auto env = std::make_shared<LmdbEnv>(dir, map_size);
    entry = {getpid(), env};
    return env;
}

}  // namespace vneid::session

#include "store_access.h"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "session/store_error.h"

namespace vneidctl {
namespace {

// Root working as the store directory's owner for a while: the directory
// belongs to nginx's worker user, so as root, LMDB's open would follow
// whatever that user planted there (lock.mdb -> /etc/shadow gets
// overwritten). Opened as the owner, a planted link gains nothing, and
// files created are the owner's. Root comes back afterwards (an import may
// read a file only root can).
class AsDirectoryOwner {
 public:
    AsDirectoryOwner(const std::string& dir, const struct stat& st) {
        if (geteuid() != 0 || st.st_uid == 0) return;
        if (setgroups(0, nullptr) != 0 || setegid(st.st_gid) != 0 ||
            seteuid(st.st_uid) != 0) {
            throw vneid::session::StoreError("cannot act as the owner (uid " +
                                             std::to_string(st.st_uid) + ") of " + dir +
                                             ": " + std::strerror(errno));
        }
        switched_ = true;
    }
    ~AsDirectoryOwner() {
        if (switched_ && (seteuid(0) != 0 || setegid(0) != 0)) std::abort();
    }
    AsDirectoryOwner(const AsDirectoryOwner&) = delete;
    AsDirectoryOwner& operator=(const AsDirectoryOwner&) = delete;

 private:
    bool switched_ = false;
};

}  // namespace

StoreAccess::StoreAccess(const std::string& dir) {
    struct stat st;
    if (stat(dir.c_str(), &st) != 0) {
        throw vneid::session::StoreError(
            "store directory " + dir + " does not exist (" + std::strerror(errno) +
            "); check the path in vneid_store, and start nginx once so that it "
            "creates the store with the right owner");
    }
    if (!S_ISDIR(st.st_mode)) {
        throw vneid::session::StoreError("store " + dir + " is not a directory");
    }
    AsDirectoryOwner owner(dir, st);
    const std::string data = dir + "/data.mdb";
    if (access(data.c_str(), F_OK) != 0) {
        std::cerr << "vneidctl: warning: no store in " << dir
                  << " yet; creating an empty one\n";
    }
    // map_size 0: adopt the size nginx configured for this store.
    store_ = std::make_unique<vneid::session::Store>(dir, 0);
}

}  // namespace vneidctl

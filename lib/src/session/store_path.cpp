#include "session/store_path.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "session/store_error.h"

namespace vneid::session {
namespace {

constexpr int kMaxSymlinks = 40;  // as the kernel's ELOOP limit

std::string errno_text() { return std::strerror(errno); }

[[noreturn]] void fail(const std::string& path, const std::string& why) {
    throw StoreError("session store: " + path + ": " + why);
}

std::vector<std::string> components(const std::string& path) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        std::string part = path.substr(start, slash - start);
        if (!part.empty() && part != ".") out.push_back(std::move(part));
        start = slash + 1;
    }
    return out;
}

UniqueFd open_fd(int at, const char* name, int flags, const std::string& shown) {
    int fd = openat(at, name, flags | O_CLOEXEC);
    if (fd < 0) fail(shown, errno_text());
    return UniqueFd(fd);
}

std::string read_link(int at, const std::string& name, const std::string& shown) {
    std::vector<char> buf(4096);
    ssize_t n = readlinkat(at, name.c_str(), buf.data(), buf.size());
    if (n < 0) fail(shown, "cannot read symbolic link: " + errno_text());
    if (size_t(n) >= buf.size()) fail(shown, "symbolic link target too long");
    return std::string(buf.data(), size_t(n));
}

std::string join(const std::string& base, const std::string& name) {
    return base.empty() || base.back() == '/' ? base + name : base + "/" + name;
}

// Resolves path from directory `start`, creating missing directories.
// `store_last`: the last component is the store directory itself (0700).
UniqueFd walk(int start, std::string shown, const std::string& path, bool store_last,
              int* links_left) {
    UniqueFd cur = open_fd(start, ".", O_RDONLY | O_DIRECTORY, shown.empty() ? "." : shown);
    const auto parts = components(path);
    for (size_t i = 0; i < parts.size(); ++i) {
        const std::string& name = parts[i];
        const bool last = i + 1 == parts.size();
        const std::string here = join(shown, name);
        struct stat st;
        if (fstatat(cur.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno != ENOENT) fail(here, errno_text());
            const mode_t mode = last && store_last ? 0700 : 0755;
            if (mkdirat(cur.get(), name.c_str(), mode) != 0 && errno != EEXIST) {
                fail(here, "cannot create directory: " + errno_text());
            }
            if (fstatat(cur.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
                fail(here, errno_text());
            }
        }
        if (S_ISLNK(st.st_mode)) {
            if (st.st_uid != 0 && st.st_uid != geteuid()) {
                fail(here, "is a symbolic link owned by uid " + std::to_string(st.st_uid) +
                               "; refusing to follow it (only links owned by root are "
                               "followed on the way to the store)");
            }
            if (--*links_left < 0) fail(here, "too many levels of symbolic links");
            const std::string target = read_link(cur.get(), name, here);
            const bool absolute = target[0] == '/';
            UniqueFd root;
            if (absolute) root = open_fd(AT_FDCWD, "/", O_RDONLY | O_DIRECTORY, "/");
            cur = walk(absolute ? root.get() : cur.get(), absolute ? "/" : shown, target,
                       last && store_last, links_left);
            shown = here;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) fail(here, "exists and is not a directory");
        // O_NOFOLLOW: swapped for a symlink since the fstatat, the open fails.
        cur = open_fd(cur.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW, here);
        shown = here;
    }
    return cur;
}

bool owned_by_root_or(const struct stat& st, uid_t uid) {
    return st.st_uid == 0 || st.st_uid == uid;
}

void give(int fd, const struct stat& st, const std::string& path, uid_t uid, long gid) {
    const bool group_differs = gid >= 0 && st.st_gid != gid_t(gid);
    if (st.st_uid == uid && !group_differs) return;
    if (fchown(fd, uid, gid < 0 ? gid_t(-1) : gid_t(gid)) != 0) {
        fail(path, "cannot give it to uid " + std::to_string(uid) + " gid " +
                       std::to_string(gid) + ": " + errno_text());
    }
}

}  // namespace

UniqueFd open_store_directory(const std::string& dir) {
    if (dir.empty()) throw StoreError("session store: empty directory path");
    const bool absolute = dir[0] == '/';
    UniqueFd start = open_fd(AT_FDCWD, absolute ? "/" : ".", O_RDONLY | O_DIRECTORY,
                             absolute ? "/" : ".");
    int links_left = kMaxSymlinks;
    return walk(start.get(), absolute ? "/" : "", dir, true, &links_left);
}

void hand_over_directory(int dfd, const std::string& dir, uid_t uid, long gid) {
    struct stat st;
    if (fstat(dfd, &st) != 0) fail(dir, errno_text());
    if (!S_ISDIR(st.st_mode)) fail(dir, "is not a directory");
    if (!owned_by_root_or(st, uid)) {
        fail(dir, "is owned by uid " + std::to_string(st.st_uid) +
                      "; the store directory must belong to root or to the nginx "
                      "worker user (uid " + std::to_string(uid) + ")");
    }
    give(dfd, st, dir, uid, gid);
}

void hand_over_file(int dfd, const std::string& dir, const char* name, uid_t uid,
                    long gid) {
    const std::string path = join(dir, name);
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) return;  // the worker user creates it
        fail(path, errno_text());
    }
    if (S_ISLNK(st.st_mode)) {
        fail(path, "is a symbolic link; the store files must be regular files "
                   "(refusing to open or chown it as root)");
    }
    if (!S_ISREG(st.st_mode)) fail(path, "is not a regular file");
    // O_NONBLOCK: should it have been swapped for a FIFO, open does not hang.
    UniqueFd fd = open_fd(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, path);
    if (fstat(fd.get(), &st) != 0) fail(path, errno_text());
    if (!S_ISREG(st.st_mode)) fail(path, "is not a regular file");
    if (st.st_nlink != 1) {
        // A hard link to a root file would otherwise be handed to the worker.
        fail(path, "has " + std::to_string(st.st_nlink) +
                       " hard links; a store file must have exactly one");
    }
    if (!owned_by_root_or(st, uid)) {
        fail(path, "is owned by uid " + std::to_string(st.st_uid) +
                       "; store files must belong to the nginx worker user (uid " +
                       std::to_string(uid) + ")");
    }
    give(fd.get(), st, path, uid, gid);
}

}  // namespace vneid::session

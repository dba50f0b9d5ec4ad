#include "session/run_as_user.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <vector>

#include "session/unique_fd.h"

namespace vneid::session {
namespace {

constexpr size_t kMaxReport = 4096;
const char kOk[] = "OK";

int64_t now_ms() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

void write_all(int fd, const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += size_t(n);
    }
}

// In the child: never returns.
[[noreturn]] void child(int out, uid_t uid, gid_t gid, const std::string& user,
                        const std::function<void()>& check) {
    std::string report;
    if ((!user.empty() ? initgroups(user.c_str(), gid) : setgroups(0, nullptr)) != 0 ||
        setgid(gid) != 0 || setuid(uid) != 0) {
        report = std::string("cannot switch to uid ") + std::to_string(uid) + ": " +
                 std::strerror(errno);
    } else {
        try {
            check();
            report = kOk;
        } catch (const std::exception& e) {
            report = e.what();
        } catch (...) {
            report = "unknown error";
        }
    }
    write_all(out, report.substr(0, kMaxReport));
    _exit(0);  // no atexit handlers, no flushing of the parent's stdio
}

std::string user_name(uid_t uid) {
    struct passwd pw, *found = nullptr;
    std::vector<char> buf(16384);
    if (getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) != 0 || !found) return "";
    return pw.pw_name;
}

class BlockedSigchld {
 public:
    BlockedSigchld() {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGCHLD);
        pthread_sigmask(SIG_BLOCK, &set, &old_);
    }
    ~BlockedSigchld() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
    BlockedSigchld(const BlockedSigchld&) = delete;
    BlockedSigchld& operator=(const BlockedSigchld&) = delete;

 private:
    sigset_t old_;
};

// Reads the child's report until EOF or the deadline; false on timeout.
bool read_report(int fd, int64_t deadline, std::string* out) {
    char buf[512];
    for (;;) {
        int64_t left = deadline - now_ms();
        if (left <= 0) return false;
        struct pollfd p = {fd, POLLIN, 0};
        int rc = poll(&p, 1, int(left));
        if (rc < 0 && errno == EINTR) continue;
        if (rc <= 0) return rc == 0 ? false : true;
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return true;
        if (out->size() < kMaxReport) out->append(buf, size_t(n));
    }
}

}  // namespace

std::string run_as_user(uid_t uid, gid_t gid, const std::function<void()>& check,
                        int timeout_ms) {
    const std::string user = user_name(uid);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        return std::string("cannot create a pipe: ") + std::strerror(errno);
    }
    UniqueFd in(fds[0]), out(fds[1]);
    BlockedSigchld blocked;
    pid_t pid = fork();
    if (pid < 0) return std::string("cannot fork: ") + std::strerror(errno);
    if (pid == 0) {
        in.reset();
        child(out.get(), uid, gid, user, check);
    }
    out.reset();
    std::string report;
    const bool finished = read_report(in.get(), now_ms() + timeout_ms, &report);
    if (!finished) kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!finished) {
        return "no answer within " + std::to_string(timeout_ms / 1000) +
               " s (is another process holding the store's lock?)";
    }
    if (report == kOk) return "";
    if (!report.empty()) return report;
    if (WIFSIGNALED(status)) {
        return "the check process died on signal " + std::to_string(WTERMSIG(status));
    }
    return "the check process ended without an answer";
}

}  // namespace vneid::session

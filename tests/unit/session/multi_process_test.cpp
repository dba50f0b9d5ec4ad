// Several nginx workers, vneidctl and test helpers use one store directory.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>

#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;
constexpr size_t kMap = size_t(16) << 20;

// Runs body in a forked child; returns its exit status (0 = success).
// The child leaves with _exit so no parent state is torn down twice.
template <class F>
int in_child(F body) {
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int rc = 99;
        try {
            rc = body();
        } catch (const std::exception& e) {
            fprintf(stderr, "child: %s\n", e.what());
        }
        _exit(rc);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(MultiProcess, TwoStoresOnOneDirectorySeeEachOther) {
    testing::TempDir dir;
    Store worker1(dir.path(), kMap);
    Store worker2(dir.path(), kMap);
    std::string cookie = worker1.create_session(testing::staff_session(), kT0);
    EXPECT_EQ(worker2.lookup_session(cookie, {}, kT0, false, nullptr), LookupStatus::ok);
    EXPECT_TRUE(worker2.destroy_session(cookie));
    EXPECT_EQ(worker1.lookup_session(cookie, {}, kT0, false, nullptr), LookupStatus::none);
}

TEST(MultiProcess, StoreOutlivesAnotherStoreOnTheSameDirectory) {
    testing::TempDir dir;
    Store kept(dir.path(), kMap);
    std::string cookie = kept.create_session(testing::staff_session(), kT0);
    { Store helper(dir.path(), kMap); }  // e.g. a test helper opening and closing
    EXPECT_EQ(kept.lookup_session(cookie, {}, kT0, false, nullptr), LookupStatus::ok);
    EXPECT_TRUE(kept.destroy_session(cookie));
}

TEST(MultiProcess, ForkedChildOpensItsOwnStoreAndSharesSessions) {
    testing::TempDir dir;
    std::optional<Store> parent_store;
    parent_store.emplace(dir.path(), kMap);
    std::string from_parent = parent_store->create_session(testing::staff_session(), kT0);

    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    int rc = in_child([&] {
        close(fds[0]);
        // What the child inherited belongs to the parent: dropping it must
        // not disturb the parent's environment.
        parent_store.reset();
        Store own(dir.path(), kMap);
        if (own.lookup_session(from_parent, {}, kT0, false, nullptr) != LookupStatus::ok) {
            return 1;
        }
        std::string from_child =
            own.create_session(testing::staff_session("079090000111"), kT0);
        return write(fds[1], from_child.data(), from_child.size()) == 43 ? 0 : 2;
    });
    close(fds[1]);
    ASSERT_EQ(rc, 0);
    char buf[64];
    ssize_t n = read(fds[0], buf, sizeof buf);
    close(fds[0]);
    ASSERT_EQ(n, 43);
    std::string from_child(buf, size_t(n));

    SessionRecord out;
    ASSERT_EQ(parent_store->lookup_session(from_child, {}, kT0, false, &out), LookupStatus::ok);
    EXPECT_EQ(out.citizen_id, "079090000111");
    EXPECT_EQ(parent_store->lookup_session(from_parent, {}, kT0, false, nullptr),
              LookupStatus::ok);
    EXPECT_EQ(parent_store->stats().sessions, 2u);
}

TEST(MultiProcess, ConcurrentWritersInSeveralProcesses) {
    testing::TempDir dir;
    Store parent(dir.path(), kMap);
    constexpr int kChildren = 3, kEach = 300;
    std::vector<pid_t> pids;
    for (int c = 0; c < kChildren; ++c) {
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            int rc = 0;
            try {
                Store own(dir.path(), kMap);
                for (int i = 0; i < kEach; ++i) {
                    std::string cookie = own.create_session(testing::staff_session(), kT0);
                    if (own.lookup_session(cookie, {0, 0, 0}, kT0 + i + 1, true, nullptr) !=
                        LookupStatus::ok) {
                        rc = 1;
                    }
                    own.sweep(kT0 + i, 10);
                }
            } catch (const std::exception& e) {
                fprintf(stderr, "child: %s\n", e.what());
                rc = 2;
            }
            _exit(rc);
        }
        pids.push_back(pid);
    }
    for (int i = 0; i < 200; ++i) parent.create_session(testing::staff_session(), kT0);
    for (pid_t pid : pids) {
        int status = 0;
        waitpid(pid, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    EXPECT_EQ(parent.stats().sessions, size_t(kChildren * kEach + 200));
}

// Reader slots held by live processes (the rows of mdb_reader_list).
int reader_slots(const std::string& dir) {
    auto env = open_shared_env(dir, kMap);
    int rows = 0;
    mdb_reader_list(
        env->get(), [](const char*, void* ctx) { ++*static_cast<int*>(ctx); return 0; },
        &rows);
    return rows - 1;  // minus the header line
}

TEST(MultiProcess, ReaderSlotsOfKilledProcessesAreReclaimed) {
    testing::TempDir dir;
    Store store(dir.path(), kMap);
    std::string cookie = store.create_session(testing::staff_session(), kT0);
    // A worker that dies inside a read transaction leaves its reader slot
    // behind, pinning old pages; sweep's mdb_reader_check frees it.
    int rc = in_child([&]() -> int {
        auto env = open_shared_env(dir.path(), kMap);
        LmdbTxn txn(*env, LmdbTxn::read_only);
        _exit(0);
    });
    ASSERT_EQ(rc, 0);
    EXPECT_EQ(reader_slots(dir.path()), 1);
    EXPECT_EQ(store.sweep(kT0, 10), 0u);
    EXPECT_EQ(reader_slots(dir.path()), 0);
    EXPECT_EQ(store.lookup_session(cookie, {}, kT0, false, nullptr), LookupStatus::ok);
}

TEST(StoreSetup, MissingDirectoryIsAClearError) {
    testing::TempDir dir;
    const std::string missing = dir.path() + "/nope";
    try {
        Store s(missing, kMap);
        FAIL() << "opened a missing directory";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
    }
}

TEST(StoreSetup, PrepareCreatesPrivateDirectoryAndFiles) {
    testing::TempDir dir;
    const std::string store_dir = dir.path() + "/var/lib/vneid";
    Store::prepare(store_dir, kMap, -1, -1);
    struct stat st;
    ASSERT_EQ(stat(store_dir.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    ASSERT_EQ(stat((store_dir + "/data.mdb").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(stat((store_dir + "/lock.mdb").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    // Idempotent (runs again on every reload), and the result is usable.
    Store::prepare(store_dir, kMap, -1, -1);
    Store s(store_dir, kMap);
    EXPECT_EQ(s.stats().sessions, 0u);
}

TEST(StoreSetup, PrepareHandsFilesToTheWorkerUser) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (chown)";
    testing::TempDir dir;
    chmod(dir.path().c_str(), 0755);  // mkdtemp's 0700 would keep the worker out
    const std::string store_dir = dir.path() + "/store";
    Store::prepare(store_dir, kMap, 65534, 65534);
    for (const std::string& p : {store_dir, store_dir + "/data.mdb", store_dir + "/lock.mdb"}) {
        struct stat st;
        ASSERT_EQ(stat(p.c_str(), &st), 0);
        EXPECT_EQ(st.st_uid, 65534u) << p;
        EXPECT_EQ(st.st_gid, 65534u) << p;
    }
    // A worker running as that user can use it.
    int rc = in_child([&] {
        if (setgid(65534) != 0 || setuid(65534) != 0) return 3;
        Store own(store_dir, kMap);
        std::string c = own.create_session(testing::staff_session(), kT0);
        return own.lookup_session(c, {}, kT0, false, nullptr) == LookupStatus::ok ? 0 : 1;
    });
    EXPECT_EQ(rc, 0);
}

TEST(StoreSetup, PrepareReportsWhatFailed) {
    testing::TempDir dir;
    const std::string file = dir.path() + "/a-file";
    FILE* f = fopen(file.c_str(), "w");
    ASSERT_TRUE(f);
    fclose(f);
    try {
        Store::prepare(file + "/store", kMap, -1, -1);
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace vneid::session

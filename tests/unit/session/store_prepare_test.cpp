// Store::prepare as nginx's master runs it (as root) on a directory the
// worker user owns: nothing planted there may get a root-side open, write or
// chown, and a store the workers could not write is refused up front.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr size_t kMap = size_t(1) << 20;
constexpr uid_t kWorker = 65534;  // nobody / nogroup, as nginx's default user
constexpr gid_t kWorkerGroup = 65534;

class Prepare : public ::testing::Test {
 protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "needs root (the master's situation)";
        chmod(dir.path().c_str(), 0755);  // the worker must reach the store
        store = dir.path() + "/store";
        // A root-owned file the worker user would love to own or overwrite.
        victim = dir.path() + "/victim";
        std::ofstream(victim) << "root's data\n";
        chmod(victim.c_str(), 0644);
    }

    // prepare's error message, "" if it succeeded.
    std::string prepare_error(const std::string& path) {
        try {
            Store::prepare(path, kMap, kWorker, kWorkerGroup);
            return "";
        } catch (const StoreError& e) {
            return e.what();
        }
    }

    void expect_victim_untouched() {
        struct stat st;
        ASSERT_EQ(lstat(victim.c_str(), &st), 0);
        EXPECT_EQ(st.st_uid, 0u);
        EXPECT_EQ(st.st_gid, 0u);
        EXPECT_EQ(st.st_mode & 07777, 0644u);
        EXPECT_EQ(testing::read_file(victim), "root's data\n");
    }

    // As the worker user would: its own directory, then a planted link.
    void plant(const std::string& link, const std::string& target) {
        ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
        ASSERT_EQ(lchown(link.c_str(), kWorker, kWorkerGroup), 0);
    }

    testing::TempDir dir;
    std::string store, victim;
};

TEST_F(Prepare, HandsANewStoreToTheWorkerUser) {
    EXPECT_EQ(prepare_error(store), "");
    for (const std::string& p : {store, store + "/data.mdb", store + "/lock.mdb"}) {
        struct stat st;
        ASSERT_EQ(lstat(p.c_str(), &st), 0) << p;
        EXPECT_EQ(st.st_uid, kWorker) << p;
        EXPECT_EQ(st.st_gid, kWorkerGroup) << p;
    }
    EXPECT_EQ(prepare_error(store), "");  // every reload
}

TEST_F(Prepare, RefusesAPlantedLockFileSymlink) {
    ASSERT_EQ(prepare_error(store), "");
    ASSERT_EQ(unlink((store + "/lock.mdb").c_str()), 0);
    plant(store + "/lock.mdb", victim);
    std::string error = prepare_error(store);
    EXPECT_NE(error.find(store + "/lock.mdb"), std::string::npos) << error;
    EXPECT_NE(error.find("symbolic link"), std::string::npos) << error;
    expect_victim_untouched();
}

TEST_F(Prepare, RefusesAPlantedDataFileSymlinkInANewStore) {
    ASSERT_EQ(mkdir(store.c_str(), 0700), 0);
    ASSERT_EQ(chown(store.c_str(), kWorker, kWorkerGroup), 0);
    plant(store + "/data.mdb", victim);
    std::string error = prepare_error(store);
    EXPECT_NE(error.find(store + "/data.mdb"), std::string::npos) << error;
    expect_victim_untouched();
}

TEST_F(Prepare, RefusesAHardLinkToARootFile) {
    ASSERT_EQ(prepare_error(store), "");
    ASSERT_EQ(unlink((store + "/lock.mdb").c_str()), 0);
    ASSERT_EQ(link(victim.c_str(), (store + "/lock.mdb").c_str()), 0);
    std::string error = prepare_error(store);
    EXPECT_NE(error.find("hard links"), std::string::npos) << error;
    expect_victim_untouched();
}

TEST_F(Prepare, RefusesAStoreDirectoryThatIsTheWorkersSymlink) {
    // The worker user may write where the store lives: it replaces the
    // store directory by a link to a root directory.
    const std::string parent = dir.path() + "/lib";
    ASSERT_EQ(mkdir(parent.c_str(), 0755), 0);
    ASSERT_EQ(chown(parent.c_str(), kWorker, kWorkerGroup), 0);
    const std::string rootdir = dir.path() + "/rootdir";
    ASSERT_EQ(mkdir(rootdir.c_str(), 0755), 0);
    plant(parent + "/store", rootdir);
    std::string error = prepare_error(parent + "/store");
    EXPECT_NE(error.find(parent + "/store"), std::string::npos) << error;
    EXPECT_NE(error.find("owned by uid 65534"), std::string::npos) << error;
    struct stat st;
    ASSERT_EQ(stat(rootdir.c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, 0u);
    EXPECT_EQ(access((rootdir + "/data.mdb").c_str(), F_OK), -1);
}

TEST_F(Prepare, RefusesAWorkerSymlinkOnTheWayToTheStore) {
    const std::string parent = dir.path() + "/lib";
    ASSERT_EQ(mkdir(parent.c_str(), 0755), 0);
    ASSERT_EQ(chown(parent.c_str(), kWorker, kWorkerGroup), 0);
    const std::string rootdir = dir.path() + "/rootdir";
    ASSERT_EQ(mkdir(rootdir.c_str(), 0755), 0);
    plant(parent + "/nginx", rootdir);
    std::string error = prepare_error(parent + "/nginx/vneid");
    EXPECT_NE(error.find(parent + "/nginx"), std::string::npos) << error;
    EXPECT_EQ(access((rootdir + "/vneid").c_str(), F_OK), -1);
}

TEST_F(Prepare, FollowsARootOwnedSymlink) {
    // An admin's own choice (the store on another disk) keeps working.
    const std::string real = dir.path() + "/srv-vneid";
    ASSERT_EQ(symlink(real.c_str(), store.c_str()), 0);
    EXPECT_EQ(prepare_error(store), "");
    struct stat st;
    ASSERT_EQ(stat((real + "/data.mdb").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, kWorker);
}

TEST_F(Prepare, RefusesFilesOfAnotherUser) {
    ASSERT_EQ(prepare_error(store), "");
    ASSERT_EQ(chown((store + "/data.mdb").c_str(), 12345, 12345), 0);
    std::string error = prepare_error(store);
    EXPECT_NE(error.find(store + "/data.mdb"), std::string::npos) << error;
    EXPECT_NE(error.find("owned by uid 12345"), std::string::npos) << error;
}

TEST_F(Prepare, RefusesAStoreTheWorkerCannotWrite) {
    ASSERT_EQ(prepare_error(store), "");
    ASSERT_EQ(chmod((store + "/data.mdb").c_str(), 0400), 0);
    std::string error = prepare_error(store);
    EXPECT_NE(error.find(store + "/data.mdb"), std::string::npos) << error;
    EXPECT_NE(error.find("uid 65534"), std::string::npos) << error;
    EXPECT_NE(error.find("cannot read and write"), std::string::npos) << error;
}

TEST_F(Prepare, RefusesADirectoryTheWorkerCannotWrite) {
    ASSERT_EQ(prepare_error(store), "");
    ASSERT_EQ(chmod(store.c_str(), 0500), 0);
    std::string error = prepare_error(store);
    EXPECT_NE(error.find(store), std::string::npos) << error;
    EXPECT_NE(error.find("cannot write to this directory"), std::string::npos) << error;
}

TEST_F(Prepare, HandsOverRootOwnedFilesFromARootVneidctl) {
    ASSERT_EQ(mkdir(store.c_str(), 0700), 0);
    { Store made_by_root(store, kMap); }
    EXPECT_EQ(prepare_error(store), "");
    struct stat st;
    ASSERT_EQ(stat((store + "/data.mdb").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, kWorker);
}

}  // namespace
}  // namespace vneid::session

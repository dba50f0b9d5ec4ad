// A copy of the store must not yield usable cookies or login states.
#include <gtest/gtest.h>

#include "crypto/hash.h"
#include "session/session_store.h"
#include "store_test_support.h"
#include "util/base64.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;

TEST(StoredSecrets, OnlySha256OfTheIdReachesTheDataFile) {
    testing::TempDir dir;
    std::vector<std::string> cookies, states;
    {
        Store store(dir.path(), size_t(16) << 20);
        for (int i = 0; i < 20; ++i) {
            cookies.push_back(store.create_session(testing::staff_session(), kT0));
            // one browser each: a browser's own flows are capped (FlowLimits)
            states.push_back(store.create_flow(
                {"b" + std::to_string(i), "/", "/cb", "n", "v", kT0, kT0 + 60}));
        }
        // Touch and update paths rewrite records: they must not add the id either.
        for (auto& c : cookies) {
            store.lookup_session(c, {0, 0, 0}, kT0 + 100, true, nullptr);
            store.update_session(c, [](SessionRecord& r) { r.active_account = "x"; });
        }
        store.sync();
    }
    const std::string data = testing::read_file(dir.path() + "/data.mdb");
    ASSERT_GT(data.size(), 0u);
    auto check = [&](const std::string& token) {
        std::string raw = *util::base64url_decode(token);
        ASSERT_EQ(raw.size(), 32u);
        EXPECT_EQ(data.find(raw), std::string::npos) << "raw id stored";
        EXPECT_EQ(data.find(token), std::string::npos) << "cookie string stored";
        EXPECT_EQ(data.find(util::base64_encode(raw).substr(0, 40)), std::string::npos);
        EXPECT_NE(data.find(crypto::sha256(raw)), std::string::npos) << "key is not sha256(id)";
    };
    for (auto& c : cookies) check(c);
    for (auto& s : states) check(s);
}

TEST(StoredSecrets, FilesAreOwnerOnly) {
    testing::TempDir dir;
    Store store(dir.path(), size_t(1) << 20);
    for (const char* f : {"/data.mdb", "/lock.mdb"}) {
        auto perms = std::filesystem::status(dir.path() + f).permissions();
        EXPECT_EQ(perms & std::filesystem::perms::all,
                  std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)
            << f;
    }
}

}  // namespace
}  // namespace vneid::session

#include "session/verified_session_cache.h"

#include <gtest/gtest.h>

#include <cstring>

using vneid::session::VerifiedSessionCache;

namespace {

vneid_identity_t identity(int64_t created, int64_t last_activity) {
    vneid_identity_t id{};
    std::strcpy(id.citizen_id, "001085012345");
    id.level = 2;
    id.created = created;
    id.last_activity = last_activity;
    return id;
}

const vneid_session_policy_t kPolicy{600, 3600, 60};

}  // namespace

TEST(VerifiedSessionCache, AnswersForAVerifiedSessionOfTheSameGeneration) {
    VerifiedSessionCache cache;
    cache.put("cookie", identity(1000, 1000), 1000, 7);
    vneid_identity_t out{};
    ASSERT_TRUE(cache.find("cookie", kPolicy, 1001, true, 7, &out));
    EXPECT_STREQ(out.citizen_id, "001085012345");
    EXPECT_FALSE(cache.find("cookiE", kPolicy, 1001, true, 7, &out));
}

TEST(VerifiedSessionCache, AnyWriteInTheStoreSendsTheNextRequestToTheStore) {
    VerifiedSessionCache cache;
    cache.put("cookie", identity(1000, 1000), 1000, 7);
    vneid_identity_t out{};
    EXPECT_FALSE(cache.find("cookie", kPolicy, 1000, false, 8, &out));
    EXPECT_FALSE(cache.find("cookie", kPolicy, 1000, false, 7, &out));  // dropped
}

TEST(VerifiedSessionCache, ForgetsAfterItsLifetime) {
    VerifiedSessionCache cache;
    cache.put("cookie", identity(1000, 1000), 1000, 7);
    vneid_identity_t out{};
    EXPECT_TRUE(cache.find("cookie", kPolicy, 1000 + VerifiedSessionCache::kTtlSeconds, false, 7,
                           &out));
    EXPECT_FALSE(cache.find("cookie", kPolicy, 1001 + VerifiedSessionCache::kTtlSeconds, false,
                            7, &out));
}

TEST(VerifiedSessionCache, LeavesExpiryAndActivityWritesToTheStore) {
    VerifiedSessionCache cache;
    vneid_identity_t out{};
    cache.put("idle", identity(1000, 1000), 1001, 7);
    vneid_session_policy_t tight{2, 3600, 1};
    EXPECT_FALSE(cache.find("idle", tight, 1003, false, 7, &out));  // maybe idle-expired
    cache.put("busy", identity(1000, 1000), 1000, 7);
    EXPECT_TRUE(cache.find("busy", kPolicy, 1000, true, 7, &out));
    EXPECT_FALSE(cache.find("busy", vneid_session_policy_t{600, 3600, 0}, 1000, true, 7, &out));
}

TEST(VerifiedSessionCache, EraseOnLogout) {
    VerifiedSessionCache cache;
    cache.put("cookie", identity(1000, 1000), 1000, 7);
    cache.erase("cookie");
    vneid_identity_t out{};
    EXPECT_FALSE(cache.find("cookie", kPolicy, 1000, false, 7, &out));
}

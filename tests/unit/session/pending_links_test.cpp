// Pending links: the verified identity a VNeID login parks for the
// no_account page's link form. Single use, short-lived, stored under the
// token's hash only, swept when over.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "crypto/hash.h"
#include "session/pending_link_record.h"
#include "session/session_store.h"
#include "store_test_support.h"
#include "util/base64.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;

PendingLink identity(int64_t expires = kT0 + 600) {
    PendingLink p;
    p.citizen_id = "001085012345";
    p.name = "Nguyễn Thị Minh Khai";
    p.birth_date = "1985-03-12";
    p.level = 2;
    p.auth_time = kT0;
    p.expires = expires;
    p.return_url = "/ho-so?id=1";
    return p;
}

class PendingLinks : public ::testing::Test {
 protected:
    testing::TempDir dir;
    Store store{dir.path(), size_t(16) << 20};
};

TEST_F(PendingLinks, FoundUntilTakenOnce) {
    const std::string token = store.create_pending_link(identity());
    EXPECT_EQ(token.size(), 43u);
    auto found = store.find_pending_link(token, kT0 + 1);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->citizen_id, "001085012345");
    EXPECT_EQ(found->name, "Nguyễn Thị Minh Khai");
    EXPECT_EQ(found->birth_date, "1985-03-12");
    EXPECT_EQ(found->level, 2);
    EXPECT_EQ(found->auth_time, kT0);
    EXPECT_EQ(found->expires, kT0 + 600);
    EXPECT_EQ(found->return_url, "/ho-so?id=1");
    // A fresh form token: 32 random bytes, base64url.
    EXPECT_EQ(found->csrf.size(), 43u);
    EXPECT_EQ(util::base64url_decode(found->csrf)->size(), 32u);
    // find is a look, not a use
    EXPECT_TRUE(store.find_pending_link(token, kT0 + 2));
    EXPECT_EQ(store.stats().pending_links, 1u);

    auto taken = store.take_pending_link(token, kT0 + 3);
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->csrf, found->csrf);
    EXPECT_FALSE(store.take_pending_link(token, kT0 + 3));  // single use
    EXPECT_FALSE(store.find_pending_link(token, kT0 + 3));
    EXPECT_EQ(store.stats().pending_links, 0u);
}

TEST_F(PendingLinks, KeepsAGivenCsrfAndEachGetsItsOwn) {
    PendingLink p = identity();
    p.csrf = "given-token";
    const std::string a = store.create_pending_link(p);
    EXPECT_EQ(store.find_pending_link(a, kT0)->csrf, "given-token");
    const std::string b = store.create_pending_link(identity());
    const std::string c = store.create_pending_link(identity());
    EXPECT_NE(b, c);
    EXPECT_NE(store.find_pending_link(b, kT0)->csrf, store.find_pending_link(c, kT0)->csrf);
}

TEST_F(PendingLinks, ExpiredIsNotFoundAndTakingItDeletesIt) {
    const std::string token = store.create_pending_link(identity(kT0 + 600));
    EXPECT_TRUE(store.find_pending_link(token, kT0 + 600));  // now > expires: over
    EXPECT_FALSE(store.find_pending_link(token, kT0 + 601));
    EXPECT_FALSE(store.take_pending_link(token, kT0 + 601));
    EXPECT_EQ(store.stats().pending_links, 0u);
    EXPECT_FALSE(store.take_pending_link(token, kT0));  // gone, even for an earlier clock
}

TEST_F(PendingLinks, AClockSteppedFarBackDoesNotKeepItAlive) {
    const std::string token = store.create_pending_link(identity(kT0 + 600));
    EXPECT_TRUE(store.find_pending_link(token, kT0 - 500));
    EXPECT_FALSE(store.find_pending_link(token, kT0 - 601));  // before the login by > lifetime
    EXPECT_EQ(store.sweep(kT0 - 86400, 100), 1u);
}

TEST_F(PendingLinks, MalformedOrUnknownTokens) {
    store.create_pending_link(identity());
    for (const char* t : {"", "short", "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
                          "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB",  // non-canonical
                          "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {  // unknown
        EXPECT_FALSE(store.find_pending_link(t, kT0)) << t;
        EXPECT_FALSE(store.take_pending_link(t, kT0)) << t;
    }
    EXPECT_EQ(store.stats().pending_links, 1u);
}

TEST_F(PendingLinks, RefusesBadRecords) {
    PendingLink p = identity();
    p.expires = 0;
    EXPECT_THROW(store.create_pending_link(p), std::invalid_argument);
    for (const char* id : {"", "00108501234", "0010850123456", "00108501234x"}) {
        p = identity();
        p.citizen_id = id;
        EXPECT_THROW(store.create_pending_link(p), std::invalid_argument) << id;
    }
    p = identity();
    p.return_url = "/" + std::string(kMaxFlowReturnBytes, 'a');
    EXPECT_THROW(store.create_pending_link(p), std::invalid_argument);
    p.return_url.resize(kMaxFlowReturnBytes);
    EXPECT_NO_THROW(store.create_pending_link(p));
    p = identity();
    p.name = std::string(5000, 'n');
    EXPECT_THROW(store.create_pending_link(p), std::invalid_argument);
    EXPECT_EQ(store.stats().pending_links, 1u);
}

TEST_F(PendingLinks, OnlyOneOfParallelTakesGetsIt) {
    for (int round = 0; round < 20; ++round) {
        const std::string token = store.create_pending_link(identity());
        std::atomic<int> got{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&] {
                if (store.take_pending_link(token, kT0)) ++got;
            });
        }
        for (auto& t : threads) t.join();
        EXPECT_EQ(got.load(), 1);
    }
}

TEST_F(PendingLinks, SweepRemovesTheExpiredAndKeepsTheLive) {
    const std::string gone1 = store.create_pending_link(identity(kT0 + 60));
    const std::string gone2 = store.create_pending_link(identity(kT0 + 300));
    const std::string live = store.create_pending_link(identity(kT0 + 600));
    EXPECT_EQ(store.sweep(kT0 + 59, 100), 0u);
    EXPECT_EQ(store.sweep(kT0 + 301, 100), 2u);
    EXPECT_EQ(store.stats().pending_links, 1u);
    EXPECT_TRUE(store.find_pending_link(live, kT0 + 301));
    auto r = store.sweep_for(kT0 + 601, std::chrono::milliseconds(50));
    EXPECT_FALSE(r.more);
    EXPECT_EQ(r.deleted, 1u);
    EXPECT_EQ(store.stats().pending_links, 0u);
}

TEST(PendingLinkSecrets, OnlySha256OfTheTokenReachesTheDataFile) {
    testing::TempDir dir;
    std::vector<std::string> tokens;
    {
        Store store(dir.path(), size_t(16) << 20);
        for (int i = 0; i < 10; ++i) tokens.push_back(store.create_pending_link(identity()));
        store.sync();
    }
    const std::string data = testing::read_file(dir.path() + "/data.mdb");
    for (const auto& token : tokens) {
        const std::string raw = *util::base64url_decode(token);
        EXPECT_EQ(data.find(raw), std::string::npos);
        EXPECT_EQ(data.find(token), std::string::npos);
        EXPECT_NE(data.find(crypto::sha256(raw)), std::string::npos);
    }
}

TEST(PendingLinkRecord, RoundTripsAndRejectsDamage) {
    PendingLink p = identity();
    p.csrf = "c";
    p.level = -1;
    const std::string raw = encode_pending_link(p);
    auto back = decode_pending_link(raw);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->level, -1);
    EXPECT_EQ(back->csrf, "c");
    EXPECT_EQ(back->return_url, p.return_url);
    auto times = peek_pending_link_times(raw);
    ASSERT_TRUE(times);
    EXPECT_EQ(times->expires, p.expires);
    EXPECT_EQ(times->auth_time, p.auth_time);
    for (size_t n = 0; n < raw.size(); ++n) {
        EXPECT_FALSE(decode_pending_link(raw.substr(0, n))) << n;
    }
    EXPECT_FALSE(decode_pending_link(raw + "x"));  // version 1 has no tail
    std::string newer = raw + "tail";
    newer[0] = 2;
    EXPECT_TRUE(decode_pending_link(newer));  // a newer version's tail is ignored
    EXPECT_FALSE(peek_pending_link_times(raw.substr(0, 16)));
    std::string zero = raw;
    zero[0] = 0;
    EXPECT_FALSE(decode_pending_link(zero));
}

}  // namespace
}  // namespace vneid::session

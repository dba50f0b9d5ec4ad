// Attempt limits of self-service linking: fixed windows per citizen and per
// client address, in the store (shared by every worker), swept when over.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "session/attempt_window.h"
#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;
const char kAn[] = "001085012345";
const char kBich[] = "079190004321";
const char kOffice[] = "203.0.113.7";

class LinkAttempts : public ::testing::Test {
 protected:
    testing::TempDir dir;
    Store store{dir.path(), size_t(16) << 20};
    LinkLimits limits;  // 5 per citizen, 30 per address, 15 minutes

    AttemptGrant attempt(const std::string& citizen, const std::string& address, int64_t now) {
        return store.begin_link_attempt(citizen, address, limits, now);
    }
};

TEST_F(LinkAttempts, FiveAllowedThenRefusedUntilTheWindowEnds) {
    for (uint32_t i = 0; i < 5; ++i) {
        auto g = attempt(kAn, kOffice, kT0 + i * 10);
        EXPECT_TRUE(g.allowed) << i;
        EXPECT_EQ(g.citizen_left, 4 - i);
        EXPECT_EQ(g.retry_after, 0);
    }
    auto refused = attempt(kAn, kOffice, kT0 + 100);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after, 800);  // the window started at kT0
    EXPECT_EQ(refused.citizen_left, 0u);
    // a refusal changes nothing: the window does not grow
    EXPECT_EQ(attempt(kAn, kOffice, kT0 + 899).retry_after, 1);
    // the window over: a new one starts
    auto again = attempt(kAn, kOffice, kT0 + 900);
    EXPECT_TRUE(again.allowed);
    EXPECT_EQ(again.citizen_left, 4u);
    for (int i = 0; i < 4; ++i) EXPECT_TRUE(attempt(kAn, kOffice, kT0 + 1000).allowed);
    EXPECT_EQ(attempt(kAn, kOffice, kT0 + 1000).retry_after, 800);  // window from kT0+900
}

TEST_F(LinkAttempts, TheCitizenLimitHoldsFromAnyAddress) {
    for (int i = 0; i < 5; ++i) {
        EXPECT_TRUE(attempt(kAn, "198.51.100." + std::to_string(i), kT0).allowed);
    }
    EXPECT_FALSE(attempt(kAn, "192.0.2.1", kT0).allowed);
    EXPECT_TRUE(attempt(kBich, "192.0.2.1", kT0).allowed);  // another person is not limited
}

TEST_F(LinkAttempts, TheAddressLimitIsSeparateAndLooser) {
    // 30 attempts from one office address, six people, five each
    for (int person = 0; person < 6; ++person) {
        const std::string citizen = "00108501234" + std::to_string(person);
        for (int i = 0; i < 5; ++i) EXPECT_TRUE(attempt(citizen, kOffice, kT0 + person).allowed);
    }
    auto refused = attempt(kBich, kOffice, kT0 + 60);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after, 900 - 60);
    EXPECT_EQ(refused.citizen_left, 5u);  // the address is full, not the person
    EXPECT_TRUE(attempt(kBich, "192.0.2.99", kT0 + 60).allowed);  // from elsewhere: fine
    EXPECT_TRUE(attempt(kBich, kOffice, kT0 + 900).allowed);
}

TEST_F(LinkAttempts, RetryAfterWaitsForEveryFullCounter) {
    limits.per_citizen = {2, 600};
    limits.per_address = {2, 900};
    EXPECT_TRUE(attempt(kAn, kOffice, kT0).allowed);
    EXPECT_TRUE(attempt(kAn, kOffice, kT0 + 100).allowed);
    EXPECT_EQ(attempt(kAn, kOffice, kT0 + 100).retry_after, 800);  // the address's window
    EXPECT_EQ(attempt(kAn, "192.0.2.1", kT0 + 100).retry_after, 500);  // the citizen's only
}

TEST_F(LinkAttempts, AnUnansweredAttemptIsGivenBack) {
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(attempt(kAn, kOffice, kT0).allowed);
    store.end_link_attempt(kAn, kOffice, false, kT0 + 1);  // the portal was down
    auto g = attempt(kAn, kOffice, kT0 + 2);
    EXPECT_TRUE(g.allowed);
    EXPECT_EQ(g.citizen_left, 0u);
    EXPECT_FALSE(attempt(kAn, kOffice, kT0 + 3).allowed);
    // refunds never go below zero, and a counter back at zero is gone
    for (int i = 0; i < 10; ++i) store.end_link_attempt(kBich, "192.0.2.1", false, kT0);
    EXPECT_EQ(attempt(kBich, "192.0.2.1", kT0).citizen_left, 4u);
    store.end_link_attempt(kBich, "192.0.2.1", false, kT0);
    EXPECT_EQ(store.sweep(kT0 + 100000, 100), 2u);  // An's and the office's; Bích's are gone
}

TEST_F(LinkAttempts, ARightPasswordForgivesTheCitizensTypos) {
    limits.per_address = {6, 900};
    for (int i = 0; i < 4; ++i) EXPECT_TRUE(attempt(kAn, kOffice, kT0).allowed);
    store.end_link_attempt(kAn, kOffice, true, kT0 + 1);
    // the citizen starts afresh; the address gave back only this attempt
    auto g = attempt(kAn, kOffice, kT0 + 2);
    EXPECT_TRUE(g.allowed);
    EXPECT_EQ(g.citizen_left, 4u);
    EXPECT_TRUE(attempt(kBich, kOffice, kT0 + 2).allowed);  // 3 + 2 = 5 on the address
    EXPECT_TRUE(attempt(kBich, kOffice, kT0 + 2).allowed);
    EXPECT_FALSE(attempt(kBich, kOffice, kT0 + 2).allowed);
}

TEST_F(LinkAttempts, ParallelAttemptsNeverExceedTheLimit) {
    std::atomic<int> allowed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 5; ++i) {
                if (store.begin_link_attempt(kAn, "192.0.2." + std::to_string(t), limits, kT0)
                        .allowed) {
                    ++allowed;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(allowed.load(), 5);
}

TEST_F(LinkAttempts, SweepRemovesWindowsThatAreOver) {
    EXPECT_TRUE(attempt(kAn, kOffice, kT0).allowed);
    EXPECT_TRUE(attempt(kBich, "192.0.2.1", kT0 + 300).allowed);
    EXPECT_EQ(store.sweep(kT0 + 899, 100), 0u);
    EXPECT_EQ(store.sweep(kT0 + 900, 100), 2u);  // An's and the office's
    EXPECT_EQ(attempt(kBich, "192.0.2.1", kT0 + 900).citizen_left, 3u);  // Bích's kept
    EXPECT_EQ(store.sweep(kT0 + 1200, 100), 2u);
    auto r = store.sweep_for(kT0 + 1200, std::chrono::milliseconds(50));
    EXPECT_EQ(r.deleted, 0u);
    EXPECT_FALSE(r.more);
}

TEST_F(LinkAttempts, AClockSteppedFarBackRestartsTheWindow) {
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(attempt(kAn, kOffice, kT0).allowed);
    EXPECT_FALSE(attempt(kAn, kOffice, kT0 - 30).allowed);  // within the tolerance
    EXPECT_TRUE(attempt(kAn, kOffice, kT0 - 3600).allowed);
}

TEST_F(LinkAttempts, RefusesBadArguments) {
    EXPECT_THROW(attempt("00108501234", kOffice, kT0), std::invalid_argument);
    EXPECT_THROW(attempt(kAn, std::string(256, '1'), kT0), std::invalid_argument);
    EXPECT_THROW(store.end_link_attempt("x", kOffice, false, kT0), std::invalid_argument);
    limits.per_citizen.max = 0;
    EXPECT_THROW(attempt(kAn, kOffice, kT0), std::invalid_argument);
    limits = LinkLimits{};
    limits.per_address.window = 0;
    EXPECT_THROW(attempt(kAn, kOffice, kT0), std::invalid_argument);
    limits = LinkLimits{};
    EXPECT_TRUE(attempt(kAn, "", kT0).allowed);  // no address known: one shared counter
    EXPECT_TRUE(attempt(kAn, std::string(255, '1'), kT0).allowed);
}

TEST(AttemptWindowCodec, RoundTripsAndRejectsDamage) {
    const std::string raw = encode_attempt_window({kT0, kT0 + 900, 7});
    auto w = decode_attempt_window(raw);
    ASSERT_TRUE(w);
    EXPECT_EQ(w->start, kT0);
    EXPECT_EQ(w->end, kT0 + 900);
    EXPECT_EQ(w->count, 7u);
    for (size_t n = 0; n < raw.size(); ++n) EXPECT_FALSE(decode_attempt_window(raw.substr(0, n)));
    EXPECT_FALSE(decode_attempt_window(raw + "x"));
    EXPECT_FALSE(attempt_window_is_over(*w, kT0 + 899));
    EXPECT_TRUE(attempt_window_is_over(*w, kT0 + 900));
    EXPECT_FALSE(attempt_window_is_over(*w, kT0 - 60));
    EXPECT_TRUE(attempt_window_is_over(*w, kT0 - 61));
}

}  // namespace
}  // namespace vneid::session

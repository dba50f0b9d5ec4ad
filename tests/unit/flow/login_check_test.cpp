// The event-loop half of /_vneid/callback (PendingLogin::check): the state is
// single use and short-lived, and only the browser that started the login
// can spend it. A foreign or missing binding is refused without spending the
// state, so whoever else sees the callback URL cannot void the real login.
#include <gtest/gtest.h>

#include "crypto/random.h"
#include "flow_test_support.h"

namespace vneid::flow {
namespace {

using namespace vneid::flow::testing;

class LoginCheckTest : public ::testing::Test {
 protected:
    void SetUp() override {
        start = start_login(*store, gateway, "/ho-so?id=7", "", kOrigin, kNow);
        state = state_of(start);
        ASSERT_FALSE(state.empty());
    }

    // One callback as the glue runs it; fills `failure` when refused.
    bool check(const std::string& query, const std::string& binding, int64_t now = kNow) {
        PendingLogin pending;
        failure = LoginOutcome{};
        return pending.check(*store, gateway, query, binding, 2, now, &failure);
    }

    void expect_refused(const char* detail_part) {
        EXPECT_FALSE(failure.ok);
        EXPECT_EQ(failure.error, pages::ErrorKind::state_invalid);
        EXPECT_NE(failure.log_detail.find(detail_part), std::string::npos) << failure.log_detail;
        EXPECT_EQ(failure.reference.size(), 10u);
        EXPECT_TRUE(failure.cookie.empty());
        // A refused state tells nothing about where it was going: the
        // return could be anyone's.
        EXPECT_EQ(failure.return_url, "");
    }

    TempStore store;
    Gateway gateway{offline_settings()};
    LoginStart start;
    std::string state;
    LoginOutcome failure;
};

TEST_F(LoginCheckTest, RightBindingSucceeds) {
    EXPECT_TRUE(check(callback_query(state), start.binding)) << failure.log_detail;
    EXPECT_EQ(store->stats().flows, 0u);  // spent
}

TEST_F(LoginCheckTest, StateIsSingleUse) {
    ASSERT_TRUE(check(callback_query(state), start.binding));
    EXPECT_FALSE(check(callback_query(state), start.binding));
    expect_refused("unknown, used or expired state");
    // A different code with the same state is no way around it.
    EXPECT_FALSE(check(callback_query(state, "another-code"), start.binding));
    expect_refused("unknown, used or expired state");
}

TEST_F(LoginCheckTest, ExpiredStateIsRefused) {
    const int64_t ttl = gateway.settings().flow_ttl;
    EXPECT_FALSE(check(callback_query(state), start.binding, kNow + ttl + 1));
    expect_refused("unknown, used or expired state");
    // and it stays refused, even back within its lifetime
    EXPECT_FALSE(check(callback_query(state), start.binding, kNow + 1));
}

TEST_F(LoginCheckTest, LastSecondOfTheLifetimeStillCounts) {
    EXPECT_TRUE(check(callback_query(state), start.binding, kNow + gateway.settings().flow_ttl));
}

TEST_F(LoginCheckTest, UnknownStateIsRefused) {
    EXPECT_FALSE(check(callback_query(crypto::random_token(32)), start.binding));
    expect_refused("unknown, used or expired state");
    EXPECT_FALSE(check(callback_query("not-a-state"), start.binding));
    expect_refused("unknown, used or expired state");
    EXPECT_EQ(store->stats().flows, 1u);  // the real one is untouched
}

TEST_F(LoginCheckTest, MissingBindingIsRefusedAndDoesNotSpendTheState) {
    EXPECT_FALSE(check(callback_query(state), ""));
    expect_refused("binding cookie missing or different");
    EXPECT_EQ(store->stats().flows, 1u);
    EXPECT_TRUE(check(callback_query(state), start.binding)) << failure.log_detail;
}

TEST_F(LoginCheckTest, DifferentBindingIsRefusedAndDoesNotSpendTheState) {
    // Another browser, with a well-formed binding of its own.
    LoginStart other = start_login(*store, gateway, "/", "", kOrigin, kNow);
    ASSERT_NE(other.binding, start.binding);
    for (const std::string& foreign :
         {other.binding, crypto::random_token(32), start.binding.substr(0, 42),
          start.binding + "x", std::string("x")}) {
        EXPECT_FALSE(check(callback_query(state), foreign)) << foreign;
        expect_refused("binding cookie missing or different");
    }
    EXPECT_EQ(store->stats().flows, 2u);
    // The real browser still completes its login, once.
    EXPECT_TRUE(check(callback_query(state), start.binding)) << failure.log_detail;
    EXPECT_FALSE(check(callback_query(state), start.binding));
}

TEST_F(LoginCheckTest, OneBindingCannotSpendAnotherTabsStateWithItsOwn) {
    // Two logins of two browsers: each binding opens only its own state.
    LoginStart other = start_login(*store, gateway, "/", "", kOrigin, kNow);
    EXPECT_FALSE(check(callback_query(state_of(other)), start.binding));
    EXPECT_FALSE(check(callback_query(state), other.binding));
    EXPECT_TRUE(check(callback_query(state_of(other)), other.binding));
    EXPECT_TRUE(check(callback_query(state), start.binding));
}

TEST_F(LoginCheckTest, QueryWithoutExactlyOneStateIsRefusedWithoutSpendingIt) {
    for (const std::string& query :
         {std::string("code=abc"), std::string(""), "state=" + state + "&state=" + state + "&code=a",
          "code=a&code=b&state=" + state}) {
        EXPECT_FALSE(check(query, start.binding)) << query;
        expect_refused("without exactly one state");
    }
    EXPECT_TRUE(check(callback_query(state), start.binding)) << failure.log_detail;
}

TEST_F(LoginCheckTest, AnAcceptedStateKnowsItsReturn) {
    PendingLogin pending;
    EXPECT_EQ(pending.return_url(), "");
    ASSERT_TRUE(pending.check(*store, gateway, callback_query(state), start.binding, 2, kNow, &failure));
    EXPECT_EQ(pending.return_url(), "/ho-so?id=7");
}

TEST_F(LoginCheckTest, FailuresHaveTheirOwnReferences) {
    check(callback_query("x"), start.binding);
    std::string first = failure.reference;
    check(callback_query("x"), start.binding);
    EXPECT_NE(failure.reference, first);
}

}  // namespace
}  // namespace vneid::flow

// Self-service linking (flow/account_link.h): the no_account login parks the
// identity, the form's post is checked on the event loop, and the portal's
// login is asked over a scripted transport: refusals count, limits hold,
// an unreachable portal costs nothing, and success opens a session as the
// account, once.
#include <gtest/gtest.h>

#include <vector>

#include "flow/account_link.h"
#include "http/query.h"
#include "session/legacy_account.h"
#include "flow_test_support.h"

namespace vneid::flow {
namespace {

using namespace vneid::flow::testing;
using session::LegacyAccount;
using session::SessionPolicy;
using session::SessionRecord;

constexpr const char* kBich = "079190004321";
constexpr const char* kPassword = "Mk#c&u=a+1";

// The portal's login as the tests script it; remembers what was posted.
class ScriptedPortal : public http::HttpTransport {
 public:
    long status = 302;
    std::string location = "/";
    bool down = false;
    std::vector<http::HttpRequest> posted;

    http::HttpResponse send(const http::HttpRequest& request) override {
        posted.push_back(request);
        if (down) throw http::TransportError(http::TransportFailure::connect, "POST portal: refused");
        http::HttpResponse answer;
        answer.status = status;
        if (!location.empty()) answer.headers.push_back({"Location", location});
        return answer;
    }
};

class AccountLinkTest : public ::testing::Test {
 protected:
    AccountLinkTest() {
        settings = offline_settings();
        check.url = "http://portal.example/dang-nhap";
    }

    // A parked identity, as the callback leaves it for An.
    std::string park(const std::string& citizen_id = kAn) {
        session::Store::PendingLink who;
        who.citizen_id = citizen_id;
        who.name = "Nguyễn Văn An";
        who.birth_date = "1985-03-12";
        who.level = 2;
        who.auth_time = kNow;
        who.return_url = "/ho-so?id=7";
        token = park_identity(*store, who, kNow, &csrf);
        return token;
    }

    std::string form(const std::string& username, const std::string& password) const {
        return http::form_encode({{"csrf", csrf}, {"username", username}, {"password", password}});
    }

    LinkOutcome post(const std::string& body, pages::LinkMode mode = pages::LinkMode::verify,
                     const std::string& address = "10.0.0.7", bool cross_site = false) {
        PendingAccountLink link;
        LinkOutcome early;
        if (!link.check(*store, mode, token, body, cross_site, kNow + 5, &early)) return early;
        return link.complete(*store, settings, check, address, kNow + 6, portal);
    }

    TempStore store;
    GatewaySettings settings;
    link::PortalLoginCheck check;
    ScriptedPortal portal;
    std::string token, csrf;
};

TEST_F(AccountLinkTest, RightPasswordLinksTheAccountAndOpensASessionAsIt) {
    park();
    LinkOutcome out = post(form("an.nv", kPassword));
    ASSERT_EQ(out.result, LinkResult::linked) << out.log_detail;
    EXPECT_EQ(out.return_url, "/ho-so?id=7");

    ASSERT_EQ(portal.posted.size(), 1u);
    EXPECT_EQ(portal.posted[0].method, "POST");
    EXPECT_EQ(portal.posted[0].url, "http://portal.example/dang-nhap");
    EXPECT_EQ(portal.posted[0].body, http::form_encode({{"username", "an.nv"}, {"password", kPassword}}));

    auto accounts = store->get_accounts(kAn);
    ASSERT_EQ(accounts.size(), 1u);
    EXPECT_EQ(accounts[0].username, "an.nv");
    SessionRecord rec;
    ASSERT_EQ(store->lookup_session(out.cookie, SessionPolicy{}, kNow + 7, false, &rec),
              session::LookupStatus::ok);
    EXPECT_EQ(rec.active_account, "an.nv");
    EXPECT_EQ(rec.citizen_id, kAn);
    EXPECT_EQ(rec.auth_time, kNow);  // the VNeID login, not the link
    EXPECT_EQ(store->account_logins().count({kAn, "an.nv"}), 1u);

    // Single use: the same form cannot link or log in again.
    EXPECT_EQ(post(form("an.nv", kPassword)).result, LinkResult::expired);
    EXPECT_NE(out.log_detail.find("account linked"), std::string::npos);
    EXPECT_EQ(out.log_detail.find(kPassword), std::string::npos);
}

TEST_F(AccountLinkTest, WrongPasswordIsRefusedCountedAndTheFormStaysUsable) {
    park();
    portal.status = 200;  // the login page again
    portal.location.clear();
    LinkOutcome out = post(form("an.nv", "wrong"));
    ASSERT_EQ(out.result, LinkResult::refused);
    EXPECT_EQ(out.tries_left, 4);
    EXPECT_EQ(out.csrf, csrf);
    EXPECT_TRUE(store->get_accounts(kAn).empty());
    EXPECT_EQ(out.log_detail.find("wrong"), std::string::npos);

    portal.status = 302;
    portal.location = "/";
    EXPECT_EQ(post(form("an.nv", kPassword)).result, LinkResult::linked);
}

TEST_F(AccountLinkTest, RedirectBackToTheLoginPageIsARefusal) {
    park();
    portal.location = "/dang-nhap?loi=1";
    EXPECT_EQ(post(form("an.nv", "wrong")).result, LinkResult::refused);
}

TEST_F(AccountLinkTest, SixthAttemptWithinTheWindowIsLimitedWithoutAskingThePortal) {
    park();
    portal.status = 200;
    portal.location.clear();
    for (int i = 0; i < 5; i++) {
        LinkOutcome out = post(form("an.nv", "wrong"));
        ASSERT_EQ(out.result, LinkResult::refused) << i;
        EXPECT_EQ(out.tries_left, 4 - i);
    }
    LinkOutcome limited = post(form("an.nv", kPassword));
    EXPECT_EQ(limited.result, LinkResult::limited);
    EXPECT_GT(limited.retry_after, 0);
    EXPECT_LE(limited.retry_after, 900);
    EXPECT_EQ(portal.posted.size(), 5u);
}

TEST_F(AccountLinkTest, AnUnreachablePortalCostsNoAttempt) {
    park();
    portal.down = true;
    for (int i = 0; i < 7; i++) {
        EXPECT_EQ(post(form("an.nv", kPassword)).result, LinkResult::unavailable) << i;
    }
    portal.down = false;
    EXPECT_EQ(post(form("an.nv", kPassword)).result, LinkResult::linked);
}

TEST_F(AccountLinkTest, PortalTroubleStatusIsUnavailable) {
    park();
    portal.status = 503;
    portal.location.clear();
    EXPECT_EQ(post(form("an.nv", kPassword)).result, LinkResult::unavailable);
}

TEST_F(AccountLinkTest, AnAccountOfAnotherCitizenIsNeverAskedFor) {
    store->put_accounts(kBich, {LegacyAccount{"an.nv", "", ""}});
    park();
    EXPECT_EQ(post(form("an.nv", kPassword)).result, LinkResult::taken);
    EXPECT_TRUE(portal.posted.empty());
    EXPECT_TRUE(store->get_accounts(kAn).empty());
}

TEST_F(AccountLinkTest, ADisabledAccountOfTheSameCitizenIsRefused) {
    LegacyAccount disabled{"an.nv", "", ""};
    disabled.disabled = true;
    store->put_accounts(kAn, {disabled});
    park();
    EXPECT_EQ(post(form("an.nv", kPassword)).result, LinkResult::disabled);
    EXPECT_TRUE(portal.posted.empty());
}

TEST_F(AccountLinkTest, TheFormIsRefusedWithoutItsTokenOrFromAnotherSite) {
    park();
    const std::string good = form("an.nv", kPassword);
    const std::string no_csrf = http::form_encode({{"username", "an.nv"}, {"password", kPassword}});
    EXPECT_EQ(post(no_csrf).result, LinkResult::csrf_invalid);
    EXPECT_EQ(post(good, pages::LinkMode::verify, "10.0.0.7", true).result,
              LinkResult::csrf_invalid);
    token = "AAAA";
    EXPECT_EQ(post(good).result, LinkResult::expired);
    EXPECT_TRUE(portal.posted.empty());
}

TEST_F(AccountLinkTest, AFormOlderThanTenMinutesHasExpired) {
    park();
    PendingAccountLink link;
    LinkOutcome early;
    EXPECT_FALSE(link.check(*store, pages::LinkMode::verify, token, form("an.nv", kPassword),
                            false, kNow + kPendingLinkSeconds + 1, &early));
    EXPECT_EQ(early.result, LinkResult::expired);
}

TEST_F(AccountLinkTest, MissingFieldsAskToFillIn) {
    park();
    EXPECT_EQ(post(form("  ", kPassword)).result, LinkResult::fill_in);
    EXPECT_EQ(post(form("an.nv", "")).result, LinkResult::fill_in);
    EXPECT_EQ(post(form("a,b", kPassword)).result, LinkResult::fill_in);
    EXPECT_TRUE(portal.posted.empty());
}

TEST_F(AccountLinkTest, RequestModeRecordsARequestAndSpendsTheForm) {
    park();
    LinkOutcome out = post(form(" an.nv ", ""), pages::LinkMode::request);
    ASSERT_EQ(out.result, LinkResult::requested);
    auto requests = store->link_requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].citizen_id, kAn);
    EXPECT_EQ(requests[0].username, "an.nv");
    EXPECT_EQ(requests[0].name, "Nguyễn Văn An");
    EXPECT_TRUE(portal.posted.empty());
    EXPECT_EQ(post(form("an.nv", ""), pages::LinkMode::request).result, LinkResult::expired);
}

TEST_F(AccountLinkTest, OffModeTakesNoForm) {
    park();
    EXPECT_EQ(post(form("an.nv", kPassword), pages::LinkMode::off).result, LinkResult::expired);
}

TEST_F(AccountLinkTest, TheFormCanBeShownAgainUntilItIsSpent) {
    park();
    LinkOutcome again = link_form_again(*store, token, kNow + 1);
    EXPECT_EQ(again.result, LinkResult::form);
    EXPECT_EQ(again.csrf, csrf);
    EXPECT_EQ(again.citizen_id, kAn);
    EXPECT_EQ(link_form_again(*store, "nope", kNow + 1).result, LinkResult::expired);
}

// The pages built from these outcomes send the retry and "another VNeID
// account" back to where the login was going (issue 11).
TEST_F(AccountLinkTest, EveryAnswerWithThePendingLinkKnowsItsReturn) {
    park();
    EXPECT_EQ(link_form_again(*store, token, kNow + 1).return_url, "/ho-so?id=7");
    EXPECT_EQ(post(form("  ", kPassword)).return_url, "/ho-so?id=7");  // fill_in
    EXPECT_EQ(post(http::form_encode({{"username", "an.nv"}})).return_url, "/ho-so?id=7");  // csrf
    portal.status = 200;
    portal.location.clear();
    for (int i = 0; i < 5; i++) {
        LinkOutcome refused = post(form("an.nv", "wrong"));
        ASSERT_EQ(refused.result, LinkResult::refused);
        EXPECT_EQ(refused.return_url, "/ho-so?id=7");
    }
    LinkOutcome limited = post(form("an.nv", kPassword));
    ASSERT_EQ(limited.result, LinkResult::limited);
    EXPECT_EQ(limited.return_url, "/ho-so?id=7");

    store->put_accounts(kBich, {LegacyAccount{"bich.tt", "", ""}});
    LinkOutcome taken = post(form("bich.tt", kPassword));
    ASSERT_EQ(taken.result, LinkResult::taken);
    EXPECT_EQ(taken.return_url, "/ho-so?id=7");
    // No pending link: nothing to go back to.
    EXPECT_EQ(link_form_again(*store, "nope", kNow + 1).return_url, "");
}

}  // namespace
}  // namespace vneid::flow

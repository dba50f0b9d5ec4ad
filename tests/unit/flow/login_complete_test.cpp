// The thread-pool half of /_vneid/callback (PendingLogin::complete), against
// a loopback IdP reached through the real CurlTransport: the identity checks
// (citizen id rules, vneid_min_level, claim and account lengths), the linked
// accounts from the directory, and a fresh session for every login.
#include <gtest/gtest.h>

#include <set>

#include "flow/account_link.h"
#include "http/query.h"
#include "provider/identity_limits.h"
#include "session/legacy_account.h"
#include "flow_test_support.h"

namespace vneid::flow {
namespace {

using namespace vneid::flow::testing;
using session::LegacyAccount;
using session::LookupStatus;
using session::SessionPolicy;
using session::SessionRecord;

const std::string kAnInfo = userinfo_json(kAn, "Nguyễn Văn An", "1985-03-12", 2);

class LoginCompleteTest : public ::testing::Test {
 protected:
    // An has one linked account unless a test links others.
    LoginCompleteTest() { store->put_accounts(kAn, {LegacyAccount{"an.nv", "", ""}}); }

    // One whole login (start, check, complete) against `idp`, with the
    // callback served by a location of vneid_min_level `min_level`.
    LoginOutcome login(const TestIdp& idp, int min_level = 2,
                       void (*adjust)(GatewaySettings&) = nullptr, bool offer_link = false) {
        GatewaySettings settings = settings_for(idp.token_url(), idp.userinfo_url());
        if (adjust) adjust(settings);
        Gateway gateway(std::move(settings));
        LoginStart start = start_login(*store, gateway, "/ho-so?id=7", "", kOrigin, kNow);
        PendingLogin pending;
        LoginOutcome failure;
        if (!pending.check(*store, gateway, callback_query(state_of(start)), start.binding,
                           min_level, kNow, &failure)) {
            ADD_FAILURE() << "check refused: " << failure.log_detail;
            return failure;
        }
        binding = start.binding;
        state = state_of(start);
        pending.offer_link(offer_link);
        return pending.complete(*store, gateway, kNow + 1);
    }

    SessionRecord session_of(const LoginOutcome& out) {
        SessionRecord rec;
        EXPECT_EQ(store->lookup_session(out.cookie, SessionPolicy{1800, 8 * 3600, 60}, kNow + 2,
                                        false, &rec),
                  LookupStatus::ok);
        return rec;
    }

    void expect_refused(const LoginOutcome& out, pages::ErrorKind kind, const char* detail_part) {
        EXPECT_FALSE(out.ok);
        EXPECT_EQ(out.error, kind) << out.log_detail;
        EXPECT_NE(out.log_detail.find(detail_part), std::string::npos) << out.log_detail;
        // The glue logs "<code>: <detail>": never "idp_denied: idp_denied: ..."
        const std::string code = pages::error_info(kind).code;
        EXPECT_NE(out.log_detail.rfind(code + ":", 0), 0u) << out.log_detail;
        EXPECT_EQ(out.reference.size(), 10u);
        EXPECT_TRUE(out.cookie.empty());
        EXPECT_EQ(store->stats().sessions, 0u) << "a refused login made a session";
    }

    TempStore store;
    std::string binding, state;
};

TEST_F(LoginCompleteTest, GoodLoginMakesASession) {
    TestIdp idp(kAnInfo);
    LoginOutcome out = login(idp);
    ASSERT_TRUE(out.ok) << out.log_detail;
    EXPECT_EQ(out.return_url, "/ho-so?id=7");
    EXPECT_EQ(out.citizen_id, kAn);
    EXPECT_EQ(out.level, 2);
    EXPECT_EQ(store->stats().sessions, 1u);

    SessionRecord rec = session_of(out);
    EXPECT_EQ(rec.citizen_id, kAn);
    EXPECT_EQ(rec.name, "Nguyễn Văn An");
    EXPECT_EQ(rec.birth_date, "1985-03-12");
    EXPECT_EQ(rec.level, 2);
    EXPECT_EQ(rec.accounts, (std::vector<std::string>{"an.nv"}));
    EXPECT_EQ(rec.active_account, "an.nv");
    EXPECT_EQ(rec.auth_time, kNow + 1);
    EXPECT_EQ(rec.created, kNow + 1);
    EXPECT_EQ(rec.idle_timeout, 1800);
    EXPECT_EQ(rec.max_age, 8 * 3600);
}

TEST_F(LoginCompleteTest, TokenCallUsesTheFlowsRedirectUriAndTheCode) {
    TestIdp idp(kAnInfo);
    ASSERT_TRUE(login(idp).ok);
    std::string request = idp.token_request();
    size_t body_at = request.find("\r\n\r\n");
    ASSERT_NE(body_at, std::string::npos) << request;
    std::string body = request.substr(body_at + 4);
    EXPECT_EQ(request.rfind("POST /token HTTP/1.1\r\n", 0), 0u) << request;
    EXPECT_EQ(http::form_param(body, "code"), "Co+de/1==");
    EXPECT_EQ(http::form_param(body, "redirect_uri"), kCallback);
    EXPECT_EQ(http::form_param(body, "client_id"), "motcua-client");
    EXPECT_NE(idp.userinfo_request().find("Authorization: Bearer AT-flow-1\r\n"),
              std::string::npos)
        << idp.userinfo_request();
}

TEST_F(LoginCompleteTest, EveryLoginGetsAFreshSession) {
    TestIdp idp(kAnInfo);
    std::set<std::string> cookies;
    for (int i = 0; i < 3; ++i) {
        LoginOutcome out = login(idp);
        ASSERT_TRUE(out.ok) << out.log_detail;
        EXPECT_EQ(out.cookie.size(), 43u);
        // Nothing the browser or the IdP saw becomes the session id.
        EXPECT_NE(out.cookie, binding);
        EXPECT_NE(out.cookie, state);
        cookies.insert(out.cookie);
    }
    EXPECT_EQ(cookies.size(), 3u);
    EXPECT_EQ(store->stats().sessions, 3u);
}

TEST_F(LoginCompleteTest, LinkedAccountsComeFromTheDirectory) {
    store->put_accounts(kAn, {LegacyAccount{"an.nv", "Nguyễn Văn An", "Một cửa"},
                              LegacyAccount{"an.nv.ketoan", "", "Kế toán"}});
    store->put_accounts("079190004321", {LegacyAccount{"bich.tt", "", ""}});
    TestIdp idp(kAnInfo);
    LoginOutcome out = login(idp);
    ASSERT_TRUE(out.ok) << out.log_detail;
    SessionRecord rec = session_of(out);
    EXPECT_EQ(rec.accounts, (std::vector<std::string>{"an.nv", "an.nv.ketoan"}));
    // Several and never one chosen: none until the chooser.
    EXPECT_EQ(rec.active_account, "");
    EXPECT_TRUE(out.choose_account);
}

TEST_F(LoginCompleteTest, OneAccountIsActiveStraightAway) {
    TestIdp idp(kAnInfo);
    LoginOutcome out = login(idp);
    ASSERT_TRUE(out.ok) << out.log_detail;
    EXPECT_FALSE(out.choose_account);
    EXPECT_EQ(session_of(out).active_account, "an.nv");
    // and the rollout history has the login
    auto logins = store->account_logins();
    ASSERT_EQ(logins.count({kAn, "an.nv"}), 1u);
    EXPECT_EQ(logins.at({kAn, "an.nv"}).count, 1u);
    EXPECT_EQ(logins.at({kAn, "an.nv"}).first, kNow + 1);
}

TEST_F(LoginCompleteTest, TheAccountChosenLastIsActiveAtTheNextLogin) {
    store->put_accounts(kAn, {LegacyAccount{"an.nv", "", ""}, LegacyAccount{"an.kt", "", ""},
                              LegacyAccount{"an.vt", "", ""}});
    TestIdp idp(kAnInfo);
    LoginOutcome first = login(idp);
    ASSERT_TRUE(first.ok) << first.log_detail;
    ASSERT_EQ(store->switch_account(first.cookie, "an.vt", kNow, nullptr),
              session::Store::SwitchStatus::ok);
    LoginOutcome second = login(idp);
    ASSERT_TRUE(second.ok) << second.log_detail;
    EXPECT_FALSE(second.choose_account);
    EXPECT_EQ(session_of(second).active_account, "an.vt");
    // ... unless the operator wants the chooser every time
    LoginOutcome third = login(idp, 2, [](GatewaySettings& s) { s.choose_always = true; });
    ASSERT_TRUE(third.ok) << third.log_detail;
    EXPECT_TRUE(third.choose_account);
    EXPECT_EQ(session_of(third).active_account, "");
}

TEST_F(LoginCompleteTest, ARememberedAccountNoLongerEnabledIsNotUsed) {
    store->put_accounts(kAn, {LegacyAccount{"an.nv", "", ""}, LegacyAccount{"an.kt", "", ""},
                              LegacyAccount{"an.vt", "", ""}});
    TestIdp idp(kAnInfo);
    LoginOutcome first = login(idp);
    ASSERT_EQ(store->switch_account(first.cookie, "an.vt", kNow, nullptr),
              session::Store::SwitchStatus::ok);
    LegacyAccount disabled{"an.vt", "", ""};
    disabled.disabled = true;
    store->put_accounts(kAn, {LegacyAccount{"an.nv", "", ""}, LegacyAccount{"an.kt", "", ""},
                              disabled});
    LoginOutcome second = login(idp);
    ASSERT_TRUE(second.ok) << second.log_detail;
    EXPECT_TRUE(second.choose_account);
    SessionRecord rec = session_of(second);
    EXPECT_EQ(rec.active_account, "");
    EXPECT_EQ(rec.accounts, (std::vector<std::string>{"an.nv", "an.kt"}));
}

TEST_F(LoginCompleteTest, NoEnabledAccountMakesNoSession) {
    LegacyAccount disabled{"an.nv", "", ""};
    disabled.disabled = true;
    store->put_accounts(kAn, {disabled});
    TestIdp idp(kAnInfo);
    LoginOutcome out = login(idp);
    expect_refused(out, pages::ErrorKind::no_account, "no enabled account");
    EXPECT_EQ(out.citizen_id, kAn);  // for the page's masked id
    EXPECT_EQ(out.link_token, "");   // linking not offered
}

TEST_F(LoginCompleteTest, NoAccountParksTheIdentityForTheLinkingForm) {
    store->put_accounts(kAn, {});
    TestIdp idp(kAnInfo);
    LoginOutcome out = login(idp, 2, nullptr, true);
    expect_refused(out, pages::ErrorKind::no_account, "no enabled account");
    ASSERT_EQ(out.link_token.size(), 43u);
    auto parked = store->find_pending_link(out.link_token, kNow + 2);
    ASSERT_TRUE(parked);
    EXPECT_EQ(parked->citizen_id, kAn);
    EXPECT_EQ(parked->name, "Nguyễn Văn An");
    EXPECT_EQ(parked->level, 2);
    EXPECT_EQ(parked->return_url, "/ho-so?id=7");
    EXPECT_EQ(parked->csrf, out.link_csrf);
    EXPECT_EQ(parked->expires, kNow + 1 + kPendingLinkSeconds);
    EXPECT_FALSE(store->find_pending_link(out.link_token, kNow + 2 + kPendingLinkSeconds));
}

TEST_F(LoginCompleteTest, WithoutRequireAccountASessionHasNoAccount) {
    store->put_accounts(kAn, {});
    TestIdp idp(kAnInfo);
    LoginOutcome out = login(idp, 2, [](GatewaySettings& s) { s.require_account = false; });
    ASSERT_TRUE(out.ok) << out.log_detail;
    EXPECT_FALSE(out.choose_account);
    SessionRecord rec = session_of(out);
    EXPECT_TRUE(rec.accounts.empty());
    EXPECT_EQ(rec.active_account, "");
}

TEST_F(LoginCompleteTest, ControlCharactersNeverReachTheSession) {
    store->put_accounts(kAn, {LegacyAccount{"an\r\nX-Evil: 1", "", ""},
                              LegacyAccount{"an,nv", "", ""}, LegacyAccount{"an.nv", "", ""}});
    TestIdp idp(userinfo_json(kAn, "Nguy\\u1ec5n\\r\\nX-Evil: 1\\u0000\\u007f", "1985-03-12", 2));
    LoginOutcome out = login(idp);
    ASSERT_TRUE(out.ok) << out.log_detail;
    SessionRecord rec = session_of(out);
    EXPECT_EQ(rec.name, "Nguyễn  X-Evil: 1  ");  // each one a space
    // Usernames that would break the header list are never offered.
    EXPECT_EQ(rec.accounts, (std::vector<std::string>{"an.nv"}));
    for (const std::string& value : {rec.name, rec.accounts.at(0), rec.active_account}) {
        for (unsigned char c : value) EXPECT_FALSE(c < 0x20 || c == 0x7f) << value;
    }
}

// --- citizen id rules ---------------------------------------------------------

TEST_F(LoginCompleteTest, CitizenIdMustBeTwelveDigits) {
    for (const char* bad : {"00108501234", "0010850123456", "00108501234X", "001085 12345"}) {
        TestIdp idp(userinfo_json(bad, "An", "1985-03-12", 2));
        expect_refused(login(idp), pages::ErrorKind::citizen_id_invalid, "citizen id rejected");
    }
}

TEST_F(LoginCompleteTest, CitizenIdNeedsAKnownProvince) {
    TestIdp idp(userinfo_json("999085012345", "An", "1985-03-12", 2));
    expect_refused(login(idp), pages::ErrorKind::citizen_id_invalid, "province");
}

TEST_F(LoginCompleteTest, CitizenIdBirthYearNotInTheFuture) {
    // Digit 4 = 2: born in the 2000s; digits 5-6 = 30: 2030, after 2025.
    TestIdp idp(userinfo_json("001230012345", "An", "", 2));
    expect_refused(login(idp), pages::ErrorKind::citizen_id_invalid, "citizen id rejected");
}

TEST_F(LoginCompleteTest, CitizenIdMustAgreeWithTheBirthDate) {
    TestIdp idp(userinfo_json(kAn, "An", "1990-03-12", 2));  // the id says 1985
    expect_refused(login(idp), pages::ErrorKind::citizen_id_invalid, "citizen id rejected");
}

// --- identification level -----------------------------------------------------

TEST_F(LoginCompleteTest, LevelBelowTheLocationsMinimumIsRefused) {
    TestIdp idp(userinfo_json(kAn, "An", "1985-03-12", 1));
    LoginOutcome out = login(idp, 2);
    expect_refused(out, pages::ErrorKind::level_too_low, "below vneid_min_level 2");
    EXPECT_EQ(out.citizen_id, kAn);  // for the log line
    EXPECT_EQ(out.level, 1);
}

TEST_F(LoginCompleteTest, LevelAtTheMinimumIsEnough) {
    TestIdp idp(userinfo_json(kAn, "An", "1985-03-12", 1));
    LoginOutcome out = login(idp, 1);
    ASSERT_TRUE(out.ok) << out.log_detail;
    EXPECT_EQ(session_of(out).level, 1);
}

TEST_F(LoginCompleteTest, MinimumComesFromTheCallbacksLocation) {
    TestIdp idp(kAnInfo);  // level 2
    expect_refused(login(idp, 3), pages::ErrorKind::level_too_low, "below vneid_min_level 3");
}

// --- lengths the request path can carry ----------------------------------------

TEST_F(LoginCompleteTest, OverlongNameIsIdentityTooLong) {
    TestIdp idp(userinfo_json(kAn, std::string(provider::kMaxNameBytes + 1, 'a'), "1985-03-12", 2));
    expect_refused(login(idp), pages::ErrorKind::identity_too_long, "claim 'fullName'");
}

TEST_F(LoginCompleteTest, OverlongCitizenIdIsIdentityTooLong) {
    TestIdp idp(userinfo_json(std::string(40, '0'), "An", "1985-03-12", 2));
    expect_refused(login(idp), pages::ErrorKind::identity_too_long, "claim 'citizenPid'");
}

TEST_F(LoginCompleteTest, LongestNameFits) {
    TestIdp idp(userinfo_json(kAn, std::string(provider::kMaxNameBytes, 'a'), "1985-03-12", 2));
    LoginOutcome out = login(idp);
    ASSERT_TRUE(out.ok) << out.log_detail;
    EXPECT_EQ(session_of(out).name.size(), provider::kMaxNameBytes);
}

TEST_F(LoginCompleteTest, OverlongLinkedAccountIsIdentityTooLong) {
    store->put_accounts(kAn, {LegacyAccount{std::string(provider::kMaxAccountBytes + 1, 'a'), "",
                                            ""}});
    TestIdp idp(kAnInfo);
    LoginOutcome out = login(idp);
    expect_refused(out, pages::ErrorKind::identity_too_long, "account directory");
    EXPECT_EQ(out.citizen_id, kAn);
}

TEST_F(LoginCompleteTest, TooManyLinkedAccountsIsIdentityTooLong) {
    std::vector<LegacyAccount> many(9, LegacyAccount{std::string(provider::kMaxAccountBytes, 'a'),
                                                     "", ""});
    store->put_accounts(kAn, many);
    TestIdp idp(kAnInfo);
    expect_refused(login(idp), pages::ErrorKind::identity_too_long, "account directory");
}

// --- the IdP's refusals --------------------------------------------------------

TEST_F(LoginCompleteTest, RejectedCodeMakesNoSession) {
    TestIdp idp(kAnInfo, 400, R"({"error":"invalid_grant","error_description":"used"})");
    expect_refused(login(idp), pages::ErrorKind::code_rejected, "code");
    EXPECT_EQ(idp.userinfo_request(), "");  // never asked who it was
}

TEST_F(LoginCompleteTest, UnreachableIdpMakesNoSession) {
    TestIdp idp(kAnInfo);
    GatewaySettings s = settings_for("", "");
    LoginOutcome out;
    {
        // Token endpoint on a port nobody listens on.
        int port = TestHttpServer::unused_port();
        s.provider.token_endpoint = "http://127.0.0.1:" + std::to_string(port) + "/token";
        s.provider.userinfo_endpoint = idp.userinfo_url();
        Gateway gateway(std::move(s));
        LoginStart start = start_login(*store, gateway, "/", "", kOrigin, kNow);
        PendingLogin pending;
        ASSERT_TRUE(pending.check(*store, gateway, callback_query(state_of(start)), start.binding,
                                  2, kNow, &out));
        out = pending.complete(*store, gateway, kNow);
    }
    expect_refused(out, pages::ErrorKind::idp_unreachable, "");
}

// One login that VNeID sends back with `error_query` instead of a code.
LoginOutcome denied(TempStore& store, const std::string& error_query, std::string* token_request) {
    TestIdp idp(kAnInfo);
    Gateway gateway(settings_for(idp.token_url(), idp.userinfo_url()));
    LoginStart start = start_login(*store, gateway, "/ho-so?id=7", "", kOrigin, kNow);
    PendingLogin pending;
    LoginOutcome out;
    EXPECT_TRUE(pending.check(*store, gateway, error_query + "&state=" + state_of(start),
                              start.binding, 2, kNow, &out));
    out = pending.complete(*store, gateway, kNow);
    *token_request = idp.token_request();
    return out;
}

TEST_F(LoginCompleteTest, DeniedCallbackCallsNoIdp) {
    std::string token_request;
    auto out = denied(store, "error=access_denied&error_description=transaction_dead", &token_request);
    expect_refused(out, pages::ErrorKind::idp_denied, "access_denied");
    EXPECT_EQ(token_request, "");
}

// VNeID's reasons with a page of their own (issue 11).
TEST_F(LoginCompleteTest, VneidReasonsGetTheirOwnKinds) {
    const std::pair<const char*, pages::ErrorKind> reasons[] = {
        {"user_cancelled", pages::ErrorKind::idp_cancelled},
        {"account_locked", pages::ErrorKind::idp_account_locked},
        {"otp_exhausted", pages::ErrorKind::idp_otp_exhausted},
    };
    for (auto [reason, kind] : reasons) {
        std::string token_request;
        auto out = denied(store, std::string("error=access_denied&error_description=") + reason,
                          &token_request);
        expect_refused(out, kind, reason);
        EXPECT_EQ(out.log_detail, std::string("IdP returned error=access_denied (") + reason + ")");
        EXPECT_EQ(token_request, "") << reason;
    }
    std::string token_request;
    expect_refused(denied(store, "error=access_denied", &token_request), pages::ErrorKind::idp_denied,
                   "error=access_denied");
}

// The retry on the error page goes back where the login was going.
TEST_F(LoginCompleteTest, FailuresKeepTheReturnOfTheFlow) {
    std::string token_request;
    EXPECT_EQ(denied(store, "error=access_denied&error_description=user_cancelled", &token_request)
                  .return_url,
              "/ho-so?id=7");
    TestIdp level_one(userinfo_json(kAn, "Nguyễn Văn An", "1985-03-12", 1));
    EXPECT_EQ(login(level_one).return_url, "/ho-so?id=7");
    store->put_accounts(kAn, {});
    TestIdp unlinked(kAnInfo);
    auto out = login(unlinked);
    EXPECT_EQ(out.error, pages::ErrorKind::no_account);
    EXPECT_EQ(out.return_url, "/ho-so?id=7");
}

}  // namespace
}  // namespace vneid::flow

#include "link/portal_login_check.h"

#include <gtest/gtest.h>

#include <deque>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "http/curl_transport.h"
#include "test_http_server.h"

using namespace vneid::link;
using vneid::http::HttpRequest;
using vneid::http::HttpResponse;
using vneid::http::HttpTransport;
using vneid::http::TransportError;
using vneid::http::TransportFailure;
using vneid::http::testing::http_response;
using vneid::http::testing::TestHttpServer;

namespace {

constexpr int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z
const char* const kLoginUrl = "https://portal.example.vn/mot-cua/dang-nhap";

PortalLoginCheck redirect_check() {
    PortalLoginCheck check;
    check.url = kLoginUrl;
    return check;
}

PortalLoginCheck cookie_check(const std::string& name = ".ASPXAUTH") {
    PortalLoginCheck check = redirect_check();
    check.rule = SuccessRule::cookie;
    check.cookie_name = name;
    return check;
}

HttpResponse answer(long status, std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpResponse r;
    r.status = status;
    r.headers = std::move(headers);
    return r;
}

HttpResponse redirect_to(const std::string& location, long status = 302) {
    return answer(status, {{"Location", location}});
}

Verdict judged(const PortalLoginCheck& check, const HttpResponse& r) {
    return judge_answer(check, r, kNow);
}

// Records what check_login sends, answers from a script.
class ScriptedTransport : public HttpTransport {
 public:
    explicit ScriptedTransport(HttpResponse reply) : reply_(std::move(reply)) {}
    explicit ScriptedTransport(TransportFailure failure) : failure_(failure), fails_(true) {}

    HttpResponse send(const HttpRequest& request) override {
        requests.push_back(request);
        if (fails_) throw TransportError(failure_, "POST " + request.url + ": refused");
        return reply_;
    }

    std::vector<HttpRequest> requests;

 private:
    HttpResponse reply_;
    TransportFailure failure_ = TransportFailure::other;
    bool fails_ = false;
};

}  // namespace

// --- judge_answer, redirect rule

TEST(JudgeRedirect, RedirectElsewhereIsAccepted) {
    PortalLoginCheck check = redirect_check();
    EXPECT_EQ(judged(check, redirect_to("/")), Verdict::accepted);
    EXPECT_EQ(judged(check, redirect_to("/mot-cua/trang-chu")), Verdict::accepted);
    EXPECT_EQ(judged(check, redirect_to("trang-chu")), Verdict::accepted);  // relative
    EXPECT_EQ(judged(check, redirect_to("https://portal.example.vn/mot-cua/")), Verdict::accepted);
    for (long status : {301L, 302L, 303L, 307L, 308L})
        EXPECT_EQ(judged(check, redirect_to("/", status)), Verdict::accepted) << status;
}

TEST(JudgeRedirect, BackToTheLoginPageIsRefused) {
    PortalLoginCheck check = redirect_check();
    EXPECT_EQ(judged(check, redirect_to("/mot-cua/dang-nhap?error=1")), Verdict::refused);
    EXPECT_EQ(judged(check, redirect_to("dang-nhap?loi=sai-mat-khau")), Verdict::refused);
    EXPECT_EQ(judged(check, redirect_to("?loi=1")), Verdict::refused);
    EXPECT_EQ(judged(check, redirect_to(std::string(kLoginUrl) + "#loi")), Verdict::refused);
    EXPECT_EQ(judged(check, redirect_to("https://PORTAL.example.vn:443/mot-cua/dang-nhap")),
              Verdict::refused);
    // The portal's public name while the gateway calls an internal address.
    EXPECT_EQ(judged(check, redirect_to("http://10.0.0.5:8080/mot-cua/dang-nhap?e=1")),
              Verdict::refused);
    EXPECT_EQ(judged(check, redirect_to("/mot-cua/Dang-Nhap;jsessionid=A1")), Verdict::refused);
}

TEST(JudgeRedirect, NotARedirectIsRefused) {
    PortalLoginCheck check = redirect_check();
    EXPECT_EQ(judged(check, answer(200)), Verdict::refused);  // the form again
    EXPECT_EQ(judged(check, answer(200, {{"Location", "/"}})), Verdict::refused);
    EXPECT_EQ(judged(check, answer(304, {{"Location", "/"}})), Verdict::refused);
    EXPECT_EQ(judged(check, answer(300, {{"Location", "/"}})), Verdict::refused);
    EXPECT_EQ(judged(check, answer(401)), Verdict::refused);
    EXPECT_EQ(judged(check, answer(403)), Verdict::refused);
    EXPECT_EQ(judged(check, answer(0)), Verdict::refused);
}

TEST(JudgeRedirect, MissingOrAmbiguousLocationIsRefused) {
    PortalLoginCheck check = redirect_check();
    EXPECT_EQ(judged(check, answer(302)), Verdict::refused);
    EXPECT_EQ(judged(check, answer(302, {{"Location", ""}})), Verdict::refused);
    EXPECT_EQ(judged(check, answer(302, {{"Location", "/"}, {"Location", "/dang-nhap"}})),
              Verdict::refused);
    EXPECT_EQ(judged(check, answer(302, {{"location", "/"}, {"LOCATION", "/"}})),
              Verdict::accepted);
    EXPECT_EQ(judged(check, redirect_to("javascript:alert(1)")), Verdict::refused);
}

TEST(JudgeRedirect, CookiesDoNotMatter) {
    PortalLoginCheck check = redirect_check();
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie", "SESSION=abc"}})), Verdict::refused);
}

// --- judge_answer, cookie rule

TEST(JudgeCookie, TheNamedCookieSetIsAccepted) {
    PortalLoginCheck check = cookie_check();
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie", ".ASPXAUTH=0A1B2C; path=/; HttpOnly"}})),
              Verdict::accepted);
    EXPECT_EQ(judged(check, answer(302, {{"Location", "/mot-cua/dang-nhap"},
                                         {"Set-Cookie", "ASP.NET_SessionId=x"},
                                         {"set-cookie", ".ASPXAUTH=0A1B2C"}})),
              Verdict::accepted);
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie", ".ASPXAUTH=v; Max-Age=3600"}})),
              Verdict::accepted);
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie",
                                          ".ASPXAUTH=v; Expires=Wed, 01 Jan 2031 00:00:00 GMT"}})),
              Verdict::accepted);
}

TEST(JudgeCookie, OtherCookiesOrRemovalsAreRefused) {
    PortalLoginCheck check = cookie_check();
    EXPECT_EQ(judged(check, answer(200)), Verdict::refused);
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie", "ASP.NET_SessionId=abc"}})),
              Verdict::refused);
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie", ".aspxauth=abc"}})), Verdict::refused);
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie", ".ASPXAUTH="}})), Verdict::refused);
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie", ".ASPXAUTH=\"\""}})), Verdict::refused);
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie", ".ASPXAUTH=deleted; path=/"}})),
              Verdict::refused);
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie", ".ASPXAUTH=v; Max-Age=0"}})),
              Verdict::refused);
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie",
                                          ".ASPXAUTH=v; Expires=Thu, 01 Jan 1970 00:00:00 GMT"}})),
              Verdict::refused);
    EXPECT_EQ(judged(check, answer(200, {{"X-Set-Cookie", ".ASPXAUTH=v"}})), Verdict::refused);
}

TEST(JudgeCookie, TheLastSetCookieOfTheNameWins) {
    PortalLoginCheck check = cookie_check();
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie", ".ASPXAUTH=v"},
                                         {"Set-Cookie", ".ASPXAUTH=; Max-Age=0"}})),
              Verdict::refused);
    EXPECT_EQ(judged(check, answer(200, {{"Set-Cookie", ".ASPXAUTH=; Max-Age=0"},
                                         {"Set-Cookie", ".ASPXAUTH=v"}})),
              Verdict::accepted);
}

TEST(JudgeCookie, AnErrorStatusWithTheCookieIsRefused) {
    PortalLoginCheck check = cookie_check();
    EXPECT_EQ(judged(check, answer(401, {{"Set-Cookie", ".ASPXAUTH=v"}})), Verdict::refused);
    EXPECT_EQ(judged(check, answer(404, {{"Set-Cookie", ".ASPXAUTH=v"}})), Verdict::refused);
}

// --- judge_answer, the portal could not say

TEST(JudgeAnswer, ServerErrorsAndThrottlingAreUnavailable) {
    for (const PortalLoginCheck& check : {redirect_check(), cookie_check()}) {
        for (long status : {500L, 502L, 503L, 504L, 599L, 429L})
            EXPECT_EQ(judged(check, answer(status, {{"Location", "/"},
                                                    {"Set-Cookie", ".ASPXAUTH=v"}})),
                      Verdict::unavailable)
                << status;
        EXPECT_EQ(judged(check, answer(600, {{"Location", "/"}})), Verdict::refused);
    }
}

TEST(JudgeAnswer, CurrentTimeOverload) {
    EXPECT_EQ(judge_answer(cookie_check(), answer(200, {{"Set-Cookie", ".ASPXAUTH=v"}})),
              Verdict::accepted);
    EXPECT_EQ(judge_answer(redirect_check(), redirect_to("/")), Verdict::accepted);
}

TEST(Verdict, Names) {
    EXPECT_STREQ(to_string(Verdict::accepted), "accepted");
    EXPECT_STREQ(to_string(Verdict::refused), "refused");
    EXPECT_STREQ(to_string(Verdict::unavailable), "unavailable");
}

// --- configuration

TEST(ConfigProblem, DefaultsWithAUrlAreUsable) {
    EXPECT_EQ(config_problem(redirect_check()), "");
    EXPECT_EQ(config_problem(cookie_check()), "");
    PortalLoginCheck plain;
    plain.url = "http://127.0.0.1:8080/dang-nhap";
    EXPECT_EQ(config_problem(plain), "");
}

TEST(ConfigProblem, Url) {
    for (const char* url : {"", "/dang-nhap", "ftp://portal/x", "https://", "https://user@portal/",
                            "https://portal/a#b", "https://portal:0/", "portal.example.vn/login"}) {
        PortalLoginCheck check;
        check.url = url;
        std::string problem = config_problem(check);
        EXPECT_NE(problem.find("URL"), std::string::npos) << url << ": " << problem;
    }
}

TEST(ConfigProblem, FieldNames) {
    PortalLoginCheck check = redirect_check();
    for (const std::string& bad : {std::string(), std::string("a&b"), std::string("a=b"),
                                   std::string("a\nb"), std::string(65, 'f')}) {
        check.username_field = bad;
        EXPECT_NE(config_problem(check).find("username_field"), std::string::npos) << bad;
    }
    check.username_field = std::string(64, 'f');
    EXPECT_EQ(config_problem(check), "");
    check.username_field = "ten_dang_nhap";
    check.password_field = "";
    EXPECT_NE(config_problem(check).find("password_field"), std::string::npos);
    check.password_field = "ten_dang_nhap";
    EXPECT_NE(config_problem(check).find("the same"), std::string::npos);
    check.password_field = "mật khẩu[]";  // url-encoded when sent
    EXPECT_EQ(config_problem(check), "");
}

TEST(ConfigProblem, CookieName) {
    EXPECT_NE(config_problem(cookie_check("")).find("success=cookie"), std::string::npos);
    EXPECT_NE(config_problem(cookie_check("a b")).find("success=cookie"), std::string::npos);
    EXPECT_NE(config_problem(cookie_check("a;b")).find("success=cookie"), std::string::npos);
    EXPECT_EQ(config_problem(cookie_check("PHPSESSID")), "");
    PortalLoginCheck redirect = redirect_check();
    redirect.cookie_name = "a b";  // unused by the redirect rule
    EXPECT_EQ(config_problem(redirect), "");
}

TEST(ConfigProblem, QuotedValuesAreOneBoundedLine) {
    PortalLoginCheck check;
    check.url = "https://portal/\r\nX" + std::string(500, 'x');
    std::string problem = config_problem(check);
    EXPECT_EQ(problem.find_first_of("\r\n"), std::string::npos) << problem;
    EXPECT_LT(problem.size(), 200u);
}

TEST(ApplyOption, Words) {
    PortalLoginCheck check = redirect_check();
    EXPECT_EQ(apply_option(check, "username_field=tai_khoan"), "");
    EXPECT_EQ(apply_option(check, "password_field=mat_khau"), "");
    EXPECT_EQ(check.username_field, "tai_khoan");
    EXPECT_EQ(check.password_field, "mat_khau");
    EXPECT_EQ(apply_option(check, "success=cookie:PORTALSESSION"), "");
    EXPECT_EQ(check.rule, SuccessRule::cookie);
    EXPECT_EQ(check.cookie_name, "PORTALSESSION");
    EXPECT_EQ(apply_option(check, "success=redirect"), "");
    EXPECT_EQ(check.rule, SuccessRule::redirect);
    EXPECT_EQ(check.cookie_name, "");
    EXPECT_EQ(config_problem(check), "");
}

TEST(ApplyOption, ProblemsLeaveTheCheckUnchanged) {
    PortalLoginCheck check = redirect_check();
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"username_field=", "username_field"},
        {"password_field=a&b", "password_field"},
        {"success=cookie:", "success=cookie"},
        {"success=cookie:a,b", "success=cookie"},
        {"success=cookie", "success="},
        {"success=", "success="},
        {"success=REDIRECT", "success="},
        {"Username_field=x", "unknown option"},
        {"user=x", "unknown option"},
        {"", "unknown option"},
    };
    for (const auto& [word, named] : cases) {
        std::string problem = apply_option(check, word);
        EXPECT_NE(problem.find(named), std::string::npos) << word << ": " << problem;
        EXPECT_EQ(check.username_field, "username");
        EXPECT_EQ(check.password_field, "password");
        EXPECT_EQ(check.rule, SuccessRule::redirect);
    }
}

// --- check_login

TEST(CheckLogin, PostsTheFormAndJudges) {
    ScriptedTransport transport(redirect_to("/mot-cua/"));
    EXPECT_EQ(check_login(redirect_check(), "nguyenvana", "MatKhau123", transport),
              Verdict::accepted);
    ASSERT_EQ(transport.requests.size(), 1u);
    const HttpRequest& sent = transport.requests[0];
    EXPECT_EQ(sent.method, "POST");
    EXPECT_EQ(sent.url, kLoginUrl);
    EXPECT_EQ(sent.headers, (std::vector<std::pair<std::string, std::string>>{
                                {"Content-Type", "application/x-www-form-urlencoded"}}));
    EXPECT_EQ(sent.body, "username=nguyenvana&password=MatKhau123");
}

TEST(CheckLogin, EncodesVietnameseAndFormSyntax) {
    PortalLoginCheck check = redirect_check();
    check.username_field = "tên đăng nhập";
    check.password_field = "mk";
    ScriptedTransport transport(answer(200));
    EXPECT_EQ(check_login(check, "trần.thị_b~", "a&b=c+d%e f", transport), Verdict::refused);
    ASSERT_EQ(transport.requests.size(), 1u);
    EXPECT_EQ(transport.requests[0].body,
              "t%C3%AAn%20%C4%91%C4%83ng%20nh%E1%BA%ADp=tr%E1%BA%A7n.th%E1%BB%8B_b~"
              "&mk=a%26b%3Dc%2Bd%25e%20f");
}

TEST(CheckLogin, EmptyValuesAreSentAsSuch) {
    ScriptedTransport transport(answer(200));
    EXPECT_EQ(check_login(redirect_check(), "", "", transport), Verdict::refused);
    EXPECT_EQ(transport.requests.at(0).body, "username=&password=");
}

TEST(CheckLogin, CookieRuleAndUnavailable) {
    ScriptedTransport ok(answer(200, {{"Set-Cookie", ".ASPXAUTH=abc; HttpOnly"}}));
    EXPECT_EQ(check_login(cookie_check(), "u", "p", ok), Verdict::accepted);
    ScriptedTransport busy(answer(503));
    EXPECT_EQ(check_login(cookie_check(), "u", "p", busy), Verdict::unavailable);
}

TEST(CheckLogin, TransportErrorPropagates) {
    ScriptedTransport transport(TransportFailure::timeout);
    try {
        check_login(redirect_check(), "u", "p", transport);
        FAIL() << "no TransportError";
    } catch (const TransportError& e) {
        EXPECT_EQ(e.kind(), TransportFailure::timeout);
    }
    EXPECT_EQ(transport.requests.size(), 1u);
}

TEST(CheckLogin, UnusableCheckSendsNothing) {
    PortalLoginCheck check = redirect_check();
    check.url = "/dang-nhap";
    ScriptedTransport transport(redirect_to("/"));
    EXPECT_THROW(check_login(check, "u", "p", transport), std::invalid_argument);
    EXPECT_TRUE(transport.requests.empty());
}

// --- through libcurl against a loopback portal

TEST(CheckLoginOverCurl, RedirectIsJudgedNotFollowedAndHeadersAreRead) {
    TestHttpServer home(TestHttpServer::Mode::respond, http_response(200, "text/html", "home"));
    TestHttpServer portal(TestHttpServer::Mode::respond,
                          "HTTP/1.1 302 Found\r\n"
                          "Location: " + home.url("/trang-chu") + "\r\n"
                          "Set-Cookie: PORTALSESSION=s3cr3t; Path=/; HttpOnly\r\n"
                          "Content-Length: 0\r\nConnection: close\r\n\r\n");
    PortalLoginCheck check;
    check.url = portal.url("/dang-nhap");
    vneid::http::CurlTransport transport(vneid::http::TransportOptions{});

    EXPECT_EQ(check_login(check, "cán_bộ", "p@ss w&rd", transport), Verdict::accepted);
    EXPECT_EQ(home.last_request(), "");  // the redirect was not followed

    std::string seen = portal.last_request();
    EXPECT_EQ(seen.rfind("POST /dang-nhap HTTP/1.1\r\n", 0), 0u) << seen;
    EXPECT_NE(seen.find("Content-Type: application/x-www-form-urlencoded\r\n"), std::string::npos);
    EXPECT_EQ(seen.find("Cookie:"), std::string::npos);
    const std::string body = "username=c%C3%A1n_b%E1%BB%99&password=p%40ss%20w%26rd";
    EXPECT_EQ(seen.substr(seen.size() - body.size()), body);

    check.rule = SuccessRule::cookie;
    check.cookie_name = "PORTALSESSION";
    EXPECT_EQ(check_login(check, "u", "p", transport), Verdict::accepted);
    check.cookie_name = "OTHER";
    EXPECT_EQ(check_login(check, "u", "p", transport), Verdict::refused);
}

TEST(CheckLoginOverCurl, TheFormAgainIsRefused) {
    TestHttpServer portal(TestHttpServer::Mode::respond,
                          http_response(200, "text/html; charset=utf-8",
                                        "<form>Sai tên đăng nhập hoặc mật khẩu</form>"));
    PortalLoginCheck check;
    check.url = portal.url("/dang-nhap");
    vneid::http::CurlTransport transport(vneid::http::TransportOptions{});
    EXPECT_EQ(check_login(check, "u", "wrong", transport), Verdict::refused);
}

TEST(CheckLoginOverCurl, PortalDownIsATransportError) {
    PortalLoginCheck check;
    check.url = "http://127.0.0.1:" + std::to_string(TestHttpServer::unused_port()) + "/dang-nhap";
    vneid::http::CurlTransport transport(vneid::http::TransportOptions{});
    try {
        check_login(check, "u", "p", transport);
        FAIL() << "no TransportError";
    } catch (const TransportError& e) {
        EXPECT_EQ(e.kind(), TransportFailure::connect);
    }
}

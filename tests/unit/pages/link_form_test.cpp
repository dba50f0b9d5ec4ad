// The self-service linking form on the not-linked page, the page after a
// refusal, and the "request sent" page.
#include <gtest/gtest.h>

#include <string>

#include "pages/link_form.h"
#include "pages/pages.h"

namespace vneid::pages {
namespace {

LinkFormView verify_form() {
    LinkFormView view;
    view.mode = LinkMode::verify;
    view.action_url = "/_vneid/link";
    view.csrf_token = "tok\"en";
    return view;
}

bool has(const std::string& html, const std::string& part) {
    return html.find(part) != std::string::npos;
}

TEST(LinkForm, VerifyAsksForUsernameAndPasswordWithTheToken) {
    const std::string html = link_form(Lang::vi, verify_form());
    EXPECT_TRUE(has(html, "<form method=\"post\" action=\"/_vneid/link\">")) << html;
    EXPECT_TRUE(has(html, "<input type=\"hidden\" name=\"csrf\" value=\"tok&quot;en\">")) << html;
    EXPECT_TRUE(has(html, "name=\"username\" type=\"text\" autocomplete=\"username\" required")) << html;
    EXPECT_TRUE(has(html, "name=\"password\" type=\"password\" autocomplete=\"current-password\" required"))
        << html;
    EXPECT_TRUE(has(html, "Liên kết tài khoản một cửa"));
    EXPECT_FALSE(has(html, "role=\"alert\""));
}

TEST(LinkForm, RequestModeAsksOnlyForTheUsername) {
    LinkFormView view = verify_form();
    view.mode = LinkMode::request;
    const std::string html = link_form(Lang::en, view);
    EXPECT_TRUE(has(html, "name=\"username\""));
    EXPECT_FALSE(has(html, "name=\"password\""));
    EXPECT_TRUE(has(html, "Send link request"));
}

TEST(LinkForm, NothingWhenOffOrWithoutTokenOrSafeAction) {
    LinkFormView view = verify_form();
    view.mode = LinkMode::off;
    EXPECT_EQ(link_form(Lang::vi, view), "");
    view = verify_form();
    view.csrf_token.clear();
    EXPECT_EQ(link_form(Lang::vi, view), "");
    view = verify_form();
    view.action_url = "javascript:alert(1)";
    EXPECT_EQ(link_form(Lang::vi, view), "");
}

TEST(LinkForm, ARefusalSaysTheTriesLeftAndKeepsTheUsernameEscaped) {
    LinkFormView view = verify_form();
    view.problem = LinkProblem::wrong_password;
    view.tries_left = 3;
    view.username = "an<nv>";
    const std::string html = link_form(Lang::vi, view);
    EXPECT_TRUE(has(html, "Tên đăng nhập hoặc mật khẩu không đúng. Bạn còn 3 lần thử.")) << html;
    EXPECT_TRUE(has(html, "value=\"an&lt;nv&gt;\"")) << html;
    view.problem = LinkProblem::fill_in;
    EXPECT_TRUE(has(link_form(Lang::en, view), "Please enter the username"));
}

TEST(LinkForm, TheNotLinkedPageCarriesTheFormBeforeSigningInAgain) {
    NoAccountParams params;
    params.citizen_id = "001085012345";
    params.retry_url = "/_vneid/login";
    params.link = verify_form();
    const std::string html = render_no_account(Lang::vi, params);
    const size_t form = html.find("<form method=\"post\"");
    const size_t again = html.find("button-secondary\" href=\"/_vneid/login\"");
    ASSERT_NE(form, std::string::npos) << html;
    ASSERT_NE(again, std::string::npos) << html;
    EXPECT_LT(form, again);
    EXPECT_TRUE(has(html, "no_account · HTTP 403"));

    params.kind = ErrorKind::link_refused;
    params.link.problem = LinkProblem::wrong_password;
    params.link.tries_left = 4;
    const std::string refused = render_no_account(Lang::vi, params);
    EXPECT_TRUE(has(refused, "Chưa liên kết được tài khoản"));
    EXPECT_TRUE(has(refused, "link_refused · HTTP 403"));
    EXPECT_TRUE(has(refused, "Bạn còn 4 lần thử."));
}

TEST(LinkForm, WithoutAFormSigningInAgainIsTheMainButton) {
    NoAccountParams params;
    params.citizen_id = "001085012345";
    params.retry_url = "/_vneid/login";
    const std::string html = render_no_account(Lang::vi, params);
    EXPECT_FALSE(has(html, "<form"));
    EXPECT_TRUE(has(html, "<a class=\"button\" href=\"/_vneid/login\"")) << html;
}

TEST(LinkRequested, SaysWhatHappensNextWithTheMaskedId) {
    const std::string html =
        render_link_requested(Lang::vi, {"001085012345", "an.nv", "Tổ CNTT <1>", "/_vneid/login"});
    EXPECT_TRUE(has(html, "Đã gửi yêu cầu liên kết"));
    EXPECT_TRUE(has(html, "<code>an.nv</code>"));
    EXPECT_TRUE(has(html, "********2345"));
    EXPECT_FALSE(has(html, "001085012345"));
    EXPECT_TRUE(has(html, "Tổ CNTT &lt;1&gt;"));
    EXPECT_TRUE(has(html, "href=\"/_vneid/login\""));
}

TEST(ErrorPage, ANoteFollowsTheMessageInHtmlAndJson) {
    ErrorPageParams params{"", "/_vneid/link", "Bạn có thể thử lại sau khoảng 12 phút."};
    EXPECT_TRUE(has(render_error(Lang::vi, ErrorKind::link_limited, params),
                    "Bạn có thể thử lại sau khoảng 12 phút."));
    const std::string json =
        render_error_json(Lang::en, ErrorKind::link_limited, "", "Try later.", {{"retry_after", 700}});
    EXPECT_TRUE(has(json, "\"error\":\"link_limited\"")) << json;
    EXPECT_TRUE(has(json, "Try later.\"")) << json;
    EXPECT_TRUE(has(json, "\"retry_after\":700")) << json;
}

}  // namespace
}  // namespace vneid::pages

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "pages/error_text.h"
#include "pages/pages.h"
#include "util/utf8.h"

namespace vneid::pages {
namespace {

TEST(ErrorKinds, StatusesMatchTheContract) {
    const std::pair<ErrorKind, int> expected[] = {
        {ErrorKind::bad_request, 400},      {ErrorKind::not_found, 404},
        {ErrorKind::method_not_allowed, 405}, {ErrorKind::state_invalid, 400},
        {ErrorKind::idp_denied, 403},       {ErrorKind::idp_cancelled, 200},
        {ErrorKind::idp_account_locked, 403}, {ErrorKind::idp_otp_exhausted, 403},
        {ErrorKind::idp_timeout, 504},
        {ErrorKind::idp_unreachable, 503},  {ErrorKind::idp_tls, 502},
        {ErrorKind::idp_error, 502},        {ErrorKind::idp_bad_answer, 502},
        {ErrorKind::code_rejected, 400},    {ErrorKind::level_too_low, 403},
        {ErrorKind::citizen_id_invalid, 403}, {ErrorKind::identity_too_long, 403},
        {ErrorKind::no_account, 403},       {ErrorKind::account_not_linked, 403},
        {ErrorKind::account_required, 403},
        {ErrorKind::link_refused, 403},     {ErrorKind::link_limited, 429},
        {ErrorKind::link_unavailable, 503}, {ErrorKind::link_expired, 400},
        {ErrorKind::account_taken, 403},    {ErrorKind::account_disabled, 403},
        {ErrorKind::busy, 503},             {ErrorKind::csrf_invalid, 403},
        {ErrorKind::session_expired, 401},  {ErrorKind::login_required, 401},
        {ErrorKind::reauth_required, 401},
        {ErrorKind::store_error, 503},      {ErrorKind::not_configured, 500},
        {ErrorKind::internal, 500},
    };
    ASSERT_EQ(std::size(expected), kAllErrorKinds.size());
    for (auto [kind, status] : expected) {
        EXPECT_EQ(error_info(kind).http_status, status) << error_info(kind).code;
    }
}

TEST(ErrorKinds, CodesAreStableUniqueAndRoundTrip) {
    EXPECT_STREQ(error_info(ErrorKind::idp_timeout).code, "idp_timeout");
    EXPECT_STREQ(error_info(ErrorKind::level_too_low).code, "level_too_low");
    EXPECT_STREQ(error_info(ErrorKind::no_account).code, "no_account");
    EXPECT_STREQ(error_info(ErrorKind::account_not_linked).code, "account_not_linked");
    EXPECT_STREQ(error_info(ErrorKind::account_required).code, "account_required");
    EXPECT_STREQ(error_info(ErrorKind::reauth_required).code, "reauth_required");
    std::set<std::string> seen;
    for (ErrorKind kind : kAllErrorKinds) {
        const std::string code = error_info(kind).code;
        EXPECT_TRUE(seen.insert(code).second) << "duplicate code " << code;
        EXPECT_EQ(error_kind_from_code(code), kind) << code;
    }
    EXPECT_EQ(error_kind_from_code(""), std::nullopt);
    EXPECT_EQ(error_kind_from_code("IDP_TIMEOUT"), std::nullopt);
    EXPECT_EQ(error_kind_from_code("idp_timeout "), std::nullopt);
    EXPECT_EQ(error_kind_from_code("nope"), std::nullopt);
}

TEST(ErrorKinds, EveryKindHasVietnameseAndEnglishText) {
    for (ErrorKind kind : kAllErrorKinds) {
        const ErrorText& text = error_text(kind);
        const char* code = error_info(kind).code;
        for (const Localized* item : {&text.title, &text.message, &text.action_label}) {
            EXPECT_FALSE(item->vi.empty()) << code;
            EXPECT_FALSE(item->en.empty()) << code;
            EXPECT_NE(item->vi, item->en) << code;
            EXPECT_TRUE(util::is_valid_utf8(item->vi)) << code;
        }
        // Messages are full sentences that end with a full stop.
        EXPECT_EQ(text.message.vi.back(), '.') << code;
        EXPECT_EQ(text.message.en.back(), '.') << code;
    }
}

TEST(ErrorKinds, TitlesAreDistinct) {
    std::set<std::string_view> vi, en;
    for (ErrorKind kind : kAllErrorKinds) {
        EXPECT_TRUE(vi.insert(error_text(kind).title.vi).second) << error_info(kind).code;
        EXPECT_TRUE(en.insert(error_text(kind).title.en).second) << error_info(kind).code;
    }
}

TEST(ErrorKinds, LevelTooLowExplainsLevelTwo) {
    const std::string vi = error_message(Lang::vi, ErrorKind::level_too_low, false);
    EXPECT_NE(vi.find("Tài khoản VNeID của bạn mới ở mức 1."), std::string::npos);
    EXPECT_NE(vi.find("tài khoản định danh điện tử mức 2"), std::string::npos);
    EXPECT_NE(error_message(Lang::en, ErrorKind::level_too_low, false).find("level 2"), std::string::npos);
}

TEST(ErrorKinds, TransientFailuresSayTryLaterAndContactIt) {
    for (ErrorKind kind : {ErrorKind::busy, ErrorKind::idp_timeout, ErrorKind::idp_unreachable,
                           ErrorKind::idp_tls, ErrorKind::idp_error, ErrorKind::idp_bad_answer}) {
        const std::string vi = error_message(Lang::vi, kind, true);
        EXPECT_NE(vi.find("thử lại sau ít phút"), std::string::npos) << error_info(kind).code;
        EXPECT_NE(vi.find("mã tham chiếu"), std::string::npos) << error_info(kind).code;
        const std::string en = error_message(Lang::en, kind, false);
        EXPECT_NE(en.find("in a few minutes"), std::string::npos) << error_info(kind).code;
        EXPECT_EQ(en.find("reference"), std::string::npos) << "no reference to mention";
    }
}

// The glue logs these at [warn] and every other failed login at [error].
// no_account is not among them: IT looks its reference up in the log; nor
// is link_unavailable, the portal's trouble.
TEST(ErrorKinds, UserCausedAreTheRefusalsOfTheBrowsersOwnLogin) {
    const std::set<ErrorKind> user = {ErrorKind::state_invalid,      ErrorKind::level_too_low,
                                      ErrorKind::idp_denied,         ErrorKind::idp_cancelled,
                                      ErrorKind::idp_account_locked, ErrorKind::idp_otp_exhausted,
                                      ErrorKind::citizen_id_invalid,
                                      ErrorKind::account_not_linked, ErrorKind::account_required,
                                      ErrorKind::link_refused,       ErrorKind::link_limited,
                                      ErrorKind::link_expired,       ErrorKind::account_taken,
                                      ErrorKind::account_disabled};
    for (ErrorKind kind : kAllErrorKinds) {
        EXPECT_EQ(is_user_caused(kind), user.count(kind) == 1) << error_info(kind).code;
    }
}

// Issue 11: what VNeID said, each with its own next step.
TEST(ErrorKinds, VneidOutcomesSayWhatHappenedAndWhatToDo) {
    EXPECT_STREQ(error_info(ErrorKind::idp_cancelled).code, "idp_cancelled");
    EXPECT_STREQ(error_info(ErrorKind::idp_account_locked).code, "idp_account_locked");
    EXPECT_STREQ(error_info(ErrorKind::idp_otp_exhausted).code, "idp_otp_exhausted");

    // a cancel is calm: no error status, the sign-in button
    EXPECT_EQ(error_text(ErrorKind::idp_cancelled).title.vi, "Bạn đã hủy đăng nhập");
    EXPECT_EQ(error_text(ErrorKind::idp_cancelled).title.en, "Sign-in cancelled");
    EXPECT_EQ(error_text(ErrorKind::idp_cancelled).action_label.vi, "Đăng nhập");
    EXPECT_FALSE(error_text(ErrorKind::idp_cancelled).suggest_support);
    // a locked account: who unlocks it, and that the unit's IT cannot
    const std::string locked = error_message(Lang::vi, ErrorKind::idp_account_locked, true);
    EXPECT_NE(locked.find("cơ quan Công an nơi cư trú"), std::string::npos) << locked;
    EXPECT_NE(locked.find("ứng dụng VNeID"), std::string::npos) << locked;
    EXPECT_NE(error_message(Lang::en, ErrorKind::idp_account_locked, true).find("police"),
              std::string::npos);
    // OTP tries used up: wait a few minutes, then sign in again
    const std::string otp = error_message(Lang::vi, ErrorKind::idp_otp_exhausted, true);
    EXPECT_NE(otp.find("chờ vài phút rồi đăng nhập lại"), std::string::npos) << otp;
    EXPECT_NE(error_message(Lang::en, ErrorKind::idp_otp_exhausted, true).find("wait a few minutes"),
              std::string::npos);
}

TEST(ErrorKinds, OnlyTheCancelIsCalm) {
    for (ErrorKind kind : kAllErrorKinds) {
        EXPECT_EQ(is_calm(kind), kind == ErrorKind::idp_cancelled) << error_info(kind).code;
    }
}

// The pages speak of a "phiên đăng nhập", never a "lượt đăng nhập" (issue 11).
TEST(ErrorKinds, SignInIsAPhienNeverALuot) {
    for (ErrorKind kind : kAllErrorKinds) {
        const ErrorText& text = error_text(kind);
        for (std::string_view words : {text.title.vi, text.message.vi, text.action_label.vi}) {
            EXPECT_EQ(words.find("ượt đăng nhập"), std::string_view::npos) << error_info(kind).code;
        }
    }
    EXPECT_EQ(error_text(ErrorKind::state_invalid).title.vi, "Phiên đăng nhập không còn hiệu lực");
    EXPECT_EQ(error_text(ErrorKind::code_rejected).title.vi, "Phiên đăng nhập đã hết hạn");
}

TEST(ErrorKinds, AccountErrorsSendThePersonToTheChooser) {
    EXPECT_NE(error_message(Lang::vi, ErrorKind::account_not_linked, false).find("chọn một tài khoản khác"),
              std::string::npos);
    EXPECT_EQ(error_text(ErrorKind::account_not_linked).action_label.vi, "Chọn tài khoản");
    EXPECT_EQ(error_text(ErrorKind::account_required).action_label.en, "Choose an account");
    EXPECT_NE(error_message(Lang::vi, ErrorKind::no_account, false).find("liên kết tài khoản"), std::string::npos);
}

// vneid_max_auth_age: a script whose session's VNeID sign-in is too old is
// told to sign in with VNeID again (a person is sent there), not that the
// session ended; nothing is wrong, so no [warn] either.
TEST(ErrorKinds, ReauthRequiredAsksForAFreshVneidSignIn) {
    EXPECT_EQ(error_info(ErrorKind::reauth_required).http_status, 401);
    EXPECT_FALSE(is_user_caused(ErrorKind::reauth_required));
    EXPECT_EQ(error_text(ErrorKind::reauth_required).title.vi, "Cần xác thực lại bằng VNeID");
    EXPECT_EQ(error_text(ErrorKind::reauth_required).title.en, "Sign in with VNeID again");
    EXPECT_EQ(error_text(ErrorKind::reauth_required).action_label.vi, "Đăng nhập lại");
    const std::string vi = error_message(Lang::vi, ErrorKind::reauth_required, false);
    EXPECT_NE(vi.find("đăng nhập lại bằng VNeID"), std::string::npos) << vi;
    EXPECT_NE(vi.find("đúng trang đang làm việc"), std::string::npos) << vi;
    EXPECT_NE(error_message(Lang::en, ErrorKind::reauth_required, false).find("recent VNeID sign-in"),
              std::string::npos);
}

TEST(ErrorJson, ParsesAndHasTheFields) {
    for (ErrorKind kind : kAllErrorKinds) {
        for (Lang lang : {Lang::vi, Lang::en}) {
            const std::string body = render_error_json(lang, kind, "R-7f3a\"<x>");
            nlohmann::json parsed = nlohmann::json::parse(body);
            EXPECT_EQ(parsed.at("error"), error_info(kind).code);
            EXPECT_EQ(parsed.at("message"), error_message(lang, kind, true));
            EXPECT_EQ(parsed.at("reference"), "R-7f3a\"<x>");
            EXPECT_EQ(parsed.size(), 3u);
        }
    }
}

TEST(ErrorJson, VietnameseMessageIsUtf8AndEmptyReferenceIsEmptyString) {
    nlohmann::json parsed = nlohmann::json::parse(render_error_json(Lang::vi, ErrorKind::session_expired, ""));
    EXPECT_EQ(parsed.at("error"), "session_expired");
    EXPECT_NE(parsed.at("message").get<std::string>().find("Vui lòng đăng nhập lại"), std::string::npos);
    EXPECT_EQ(parsed.at("reference"), "");
}

TEST(ErrorJson, MalformedReferenceDoesNotThrow) {
    std::string body;
    ASSERT_NO_THROW(body = render_error_json(Lang::en, ErrorKind::internal, "\xff\xfe"));
    EXPECT_NO_THROW(nlohmann::json::parse(body));
}

}  // namespace
}  // namespace vneid::pages

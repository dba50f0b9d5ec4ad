// VneidProvider::complete_login driven through a scripted transport.
#include <gtest/gtest.h>

#include <tuple>

#include <nlohmann/json.hpp>

#include "http/query.h"
#include "provider/provider.h"
#include "fake_transport.h"
#include "test_config.h"
#include "test_crypto.h"
#include "util/base64.h"

using namespace vneid::provider;
using namespace vneid::provider::testing;
using vneid::http::form_param;
using vneid::http::TransportFailure;
using vneid::util::base64_encode;

namespace {

const char* kToken =
    R"({"access_token":"AT-123.xyz","token_type":"Bearer","expires_in":300,"scope":"openid"})";
const char* kUserinfo =
    R"({"citizenPid":"001099012345","fullName":"Nguyễn Văn An","birthDate":"1999-05-17",)"
    R"("accountType":"CONG_DAN","accountLevel":2})";

CallbackParams callback(std::string code, std::string encrypt_key = "") {
    CallbackParams params;
    params.code = std::move(code);
    params.state = "state-1";
    params.encrypt_key = std::move(encrypt_key);
    return params;
}

// Runs complete_login expecting a LoginError; checks that no secret leaked into it.
LoginError login_error(const ProviderConfig& config, FakeTransport& transport,
                       const CallbackParams& params = callback("Co+de/1==")) {
    auto provider = make_provider(config);
    try {
        provider->complete_login(params, kRedirectUri, transport);
    } catch (const LoginError& e) {
        std::string text = e.what();
        for (const std::string& secret :
             {std::string(kClientSecret), params.code, std::string("AT-123.xyz")}) {
            if (!secret.empty()) {
                EXPECT_EQ(text.find(secret), std::string::npos) << "secret in: " << text;
            }
        }
        return e;
    }
    ADD_FAILURE() << "no LoginError";
    return LoginError(LoginFailure::idp_error, "none");
}

std::string header(const vneid::http::HttpRequest& request, const std::string& name) {
    for (const auto& [key, value] : request.headers) {
        if (key == name) return value;
    }
    return "";
}

}  // namespace

TEST(VneidLogin, PlainFlow) {
    FakeTransport transport;
    transport.answer(200, kToken);
    transport.answer(200, kUserinfo);
    auto provider = make_provider(test_config());
    VerifiedIdentity identity = provider->complete_login(
        parse_callback("code=Co+de/1==&state=state-1"), kRedirectUri, transport);

    EXPECT_EQ(identity.citizen_id, "001099012345");
    EXPECT_EQ(identity.name, "Nguyễn Văn An");
    EXPECT_EQ(identity.birth_date, "1999-05-17");
    EXPECT_EQ(identity.account_type, "CONG_DAN");
    EXPECT_EQ(identity.level, 2);

    ASSERT_EQ(transport.requests.size(), 2u);
    const auto& token = transport.requests[0];
    EXPECT_EQ(token.method, "POST");
    EXPECT_EQ(token.url, "https://sso.example.gov.vn/token");
    EXPECT_EQ(header(token, "Content-Type"), "application/x-www-form-urlencoded");
    EXPECT_EQ(header(token, "Accept"), "application/json");
    EXPECT_EQ(token.body,
              "grant_type=authorization_code&code=Co%2Bde%2F1%3D%3D&client_id=motcua-client"
              "&redirect_uri=https%3A%2F%2Fmotcua.example.gov.vn%2F_vneid%2Fcallback"
              "&client_secret=s3cret%2Bvalue%2FZZ");
    // As the IdP's form decoder reads it: '+' intact, redirect_uri exact.
    EXPECT_EQ(form_param(token.body, "code"), "Co+de/1==");
    EXPECT_EQ(form_param(token.body, "redirect_uri"), kRedirectUri);
    EXPECT_EQ(form_param(token.body, "client_secret"), kClientSecret);
    EXPECT_EQ(form_param(token.body, "encrypt_key"), std::nullopt);

    const auto& userinfo = transport.requests[1];
    EXPECT_EQ(userinfo.method, "GET");
    EXPECT_EQ(userinfo.url, "https://sso.example.gov.vn/userinfo");
    EXPECT_EQ(header(userinfo, "Authorization"), "Bearer AT-123.xyz");
    EXPECT_EQ(header(userinfo, "Accept"), "application/json");
    EXPECT_EQ(userinfo.body, "");
}

TEST(VneidLogin, CustomClaimMapAndStringLevel) {
    ProviderConfig config = test_config();
    config.claims.citizen_id = "SoDinhDanh";
    config.claims.name = "HoVaTen";
    config.claims.birth_date = "NgayThangNamSinh";
    config.claims.level = "IAL";
    FakeTransport transport;
    transport.answer(200, kToken);
    transport.answer(200, R"({"SoDinhDanh":"079203000001","HoVaTen":"Trần Thị B",)"
                          R"("NgayThangNamSinh":"20030102","IAL":"1","citizenPid":"x"})");
    auto identity = make_provider(config)->complete_login(callback("c"), kRedirectUri, transport);
    EXPECT_EQ(identity.citizen_id, "079203000001");
    EXPECT_EQ(identity.name, "Trần Thị B");
    EXPECT_EQ(identity.birth_date, "20030102");
    EXPECT_EQ(identity.level, 1);
    EXPECT_EQ(identity.account_type, "");
}

TEST(VneidLogin, EncryptedCodeAndEnvelopes) {
    const std::string code_key = "0123456789abcdef";                   // AES-128
    const std::string token_key = "token-key-24-bytes-long!";          // AES-192
    const std::string userinfo_key = "userinfo-key-is-32-bytes-long!!!";  // AES-256
    const std::string real_code = "real+code/XYZ=";
    std::string encrypt_key = base64_encode(rsa_encrypt(rp_key_pem(), code_key));
    std::string encrypted_code = base64_encode(aes_ecb_encrypt(code_key, real_code));

    FakeTransport transport;
    transport.answer(200, make_envelope(rp_key_pem(), token_key, kToken));
    transport.answer(200, make_envelope(rp_key_pem(), userinfo_key, kUserinfo));
    auto provider = make_provider(test_config(true));
    auto identity = provider->complete_login(callback(encrypted_code, encrypt_key), kRedirectUri,
                                             transport);
    EXPECT_EQ(identity.citizen_id, "001099012345");
    EXPECT_EQ(identity.level, 2);

    ASSERT_EQ(transport.requests.size(), 2u);
    const std::string& body = transport.requests[0].body;
    EXPECT_EQ(form_param(body, "code"), real_code);
    EXPECT_EQ(form_param(body, "encrypt_key"), encrypt_key);  // echoed unchanged
    EXPECT_EQ(body.substr(body.rfind('&')), "&encrypt_key=" + vneid::http::url_encode(encrypt_key));
    EXPECT_EQ(header(transport.requests[1], "Authorization"), "Bearer AT-123.xyz");
}

// vneid_token_code encrypted: the code exactly as the callback carried it,
// next to encrypt_key; no vneid_client_key needed to decrypt it.
TEST(VneidLogin, TokenCodeEncryptedSendsTheCodeAsReceived) {
    const std::string code_key = "0123456789abcdef";
    std::string encrypt_key = base64_encode(rsa_encrypt(rp_key_pem(), code_key));
    std::string encrypted_code = base64_encode(aes_ecb_encrypt(code_key, "real+code/XYZ="));
    for (bool with_key : {false, true}) {
        ProviderConfig config = test_config(with_key);
        config.token_code = TokenCode::encrypted;
        FakeTransport transport;
        transport.answer(200, kToken);
        transport.answer(200, kUserinfo);
        auto identity = make_provider(config)->complete_login(callback(encrypted_code, encrypt_key),
                                                              kRedirectUri, transport);
        EXPECT_EQ(identity.citizen_id, "001099012345");
        ASSERT_EQ(transport.requests.size(), 2u);
        const std::string& body = transport.requests[0].body;
        EXPECT_EQ(form_param(body, "code"), encrypted_code) << with_key;
        EXPECT_EQ(form_param(body, "encrypt_key"), encrypt_key) << with_key;
    }
}

// Without encrypt_key both settings send the callback's code.
TEST(VneidLogin, TokenCodeEncryptedWithoutEncryptKeyIsThePlainCode) {
    ProviderConfig config = test_config();
    config.token_code = TokenCode::encrypted;
    FakeTransport transport;
    transport.answer(200, kToken);
    transport.answer(200, kUserinfo);
    make_provider(config)->complete_login(callback("Co+de/1=="), kRedirectUri, transport);
    ASSERT_EQ(transport.requests.size(), 2u);
    EXPECT_EQ(form_param(transport.requests[0].body, "code"), "Co+de/1==");
    EXPECT_EQ(form_param(transport.requests[0].body, "encrypt_key"), std::nullopt);
}

// One more member next to data and key (issue 12, item 7) is still an
// envelope, for both answers.
TEST(VneidLogin, EnvelopesWithExtraMembers) {
    auto extended = [](const char* inner, const std::string& aes) {
        nlohmann::json envelope = nlohmann::json::parse(make_envelope(rp_key_pem(), aes, inner));
        envelope["status"] = 200;
        envelope["message"] = "OK";
        return envelope.dump();
    };
    FakeTransport transport;
    transport.answer(200, extended(kToken, "0123456789abcdef"));
    transport.answer(200, extended(kUserinfo, std::string(32, 'u')));
    auto identity =
        make_provider(test_config(true))->complete_login(callback("c"), kRedirectUri, transport);
    EXPECT_EQ(identity.name, "Nguyễn Văn An");
    EXPECT_EQ(header(transport.requests[1], "Authorization"), "Bearer AT-123.xyz");
}

// DVCQG-style claims: IAL and LoaiTaiKhoan as integers in one deployment,
// strings in another; accountType mapped with vneid_claim account_type.
TEST(VneidLogin, LevelAndAccountTypeAsStringsOrIntegers) {
    ProviderConfig config = test_config();
    config.claims.citizen_id = "SoDinhDanh";
    config.claims.level = "IAL";
    config.claims.account_type = "LoaiTaiKhoan";
    const std::tuple<const char*, const char*, int, const char*> cases[] = {
        {"2", "3", 2, "3"},
        {"\"2\"", "\"3\"", 2, "3"},
        {"1", "\"CONG_DAN\"", 1, "CONG_DAN"},
        {"\"1\"", "1", 1, "1"}};
    for (auto [ial, type, level, account_type] : cases) {
        FakeTransport transport;
        transport.answer(200, kToken);
        transport.answer(200, std::string(R"({"SoDinhDanh":"079203000001","IAL":)") + ial +
                                  R"(,"LoaiTaiKhoan":)" + type + R"(,"accountType":"X"})");
        auto identity =
            make_provider(config)->complete_login(callback("c"), kRedirectUri, transport);
        EXPECT_EQ(identity.level, level) << ial;
        EXPECT_EQ(identity.account_type, account_type) << type;
    }
}

TEST(VneidLogin, PlainCodeWithEnvelopedAnswers) {
    FakeTransport transport;
    transport.answer(200, make_envelope(rp_key_pem(), "0123456789abcdef", kToken));
    transport.answer(200, kUserinfo);
    auto identity =
        make_provider(test_config(true))->complete_login(callback("c"), kRedirectUri, transport);
    EXPECT_EQ(identity.name, "Nguyễn Văn An");
}

TEST(VneidLogin, ErrorCallbackIsDeniedWithoutCalls) {
    FakeTransport transport;
    CallbackParams params = parse_callback(
        "error=access_denied&error_description=User%20cancelled%0D%0Afake&state=s");
    LoginError e = login_error(test_config(), transport, params);
    EXPECT_EQ(e.failure(), LoginFailure::idp_denied);
    EXPECT_NE(e.detail().find("access_denied"), std::string::npos);
    EXPECT_EQ(e.detail().find('\n'), std::string::npos);
    EXPECT_TRUE(transport.requests.empty());
}

// VNeID's own reasons (issue 11): each its own failure, still without a call.
TEST(VneidLogin, VneidReasonsAreTheirOwnFailures) {
    const std::pair<const char*, LoginFailure> reasons[] = {
        {"user_cancelled", LoginFailure::idp_cancelled},
        {"account_locked", LoginFailure::idp_account_locked},
        {"otp_exhausted", LoginFailure::idp_otp_exhausted},
        {"transaction_dead", LoginFailure::idp_denied},
    };
    for (auto [reason, failure] : reasons) {
        FakeTransport transport;
        LoginError e = login_error(test_config(), transport,
                                   parse_callback(std::string("error=access_denied&error_description=") +
                                                  reason + "&state=s"));
        EXPECT_EQ(e.failure(), failure) << reason;
        // the glue logs "<code>: <detail>": the detail does not start with a code
        EXPECT_EQ(e.detail(), std::string("IdP returned error=access_denied (") + reason + ")");
        EXPECT_TRUE(transport.requests.empty());
    }
}

TEST(VneidLogin, MissingCode) {
    FakeTransport transport;
    EXPECT_EQ(login_error(test_config(), transport, callback("")).failure(),
              LoginFailure::missing_code);
    EXPECT_TRUE(transport.requests.empty());
}

TEST(VneidLogin, InvalidGrantIsCodeRejected) {
    FakeTransport transport;
    transport.answer(400, R"({"error":"invalid_grant","error_description":"Code expired"})");
    EXPECT_EQ(login_error(test_config(), transport).failure(), LoginFailure::code_rejected);
    EXPECT_EQ(transport.requests.size(), 1u);
}

TEST(VneidLogin, OtherBadRequestIsIdpError) {
    FakeTransport transport;
    transport.answer(400, R"({"error":"invalid_request"})");
    LoginError e = login_error(test_config(), transport);
    EXPECT_EQ(e.failure(), LoginFailure::idp_error);
    EXPECT_EQ(e.detail(), "token endpoint answered 400 (error invalid_request)");
}

TEST(VneidLogin, Token401HintsAtCredentialsAndAllowList) {
    FakeTransport transport;
    transport.answer(401, R"({"error":"invalid_client"})");
    LoginError e = login_error(test_config(), transport);
    EXPECT_EQ(e.failure(), LoginFailure::idp_error);
    EXPECT_EQ(e.detail(),
              "token endpoint rejected the client (401): check client id/secret and that this "
              "server's IP is allow-listed");
}

TEST(VneidLogin, ServerErrorsAreIdpErrors) {
    FakeTransport transport;
    transport.answer(503, "<html>Service Unavailable</html>", "text/html");
    LoginError e = login_error(test_config(), transport);
    EXPECT_EQ(e.failure(), LoginFailure::idp_error);
    EXPECT_EQ(e.detail(), "token endpoint answered 503");

    FakeTransport transport2;
    transport2.answer(200, kToken);
    transport2.answer(500, "oops");
    e = login_error(test_config(), transport2);
    EXPECT_EQ(e.failure(), LoginFailure::idp_error);
    EXPECT_EQ(e.detail(), "userinfo endpoint answered 500");
}

TEST(VneidLogin, Userinfo401IsIdpError) {
    FakeTransport transport;
    transport.answer(200, kToken);
    transport.answer(401, "");
    LoginError e = login_error(test_config(), transport);
    EXPECT_EQ(e.failure(), LoginFailure::idp_error);
    EXPECT_NE(e.detail().find("userinfo endpoint"), std::string::npos);
}

TEST(VneidLogin, GarbageAnswersAreBadAnswers) {
    for (const char* body : {"", "not json", "[1,2]", "\"str\"", "{\"access_token\":", "null"}) {
        FakeTransport transport;
        transport.answer(200, body);
        EXPECT_EQ(login_error(test_config(), transport).failure(), LoginFailure::idp_bad_answer)
            << body;
    }
    FakeTransport transport;
    transport.answer(200, kToken);
    transport.answer(200, "<html>login</html>", "text/html");
    EXPECT_EQ(login_error(test_config(), transport).failure(), LoginFailure::idp_bad_answer);
}

TEST(VneidLogin, MissingOrUnusableAccessToken) {
    for (const char* body : {R"({"token_type":"Bearer"})", R"({"access_token":42})",
                             R"({"access_token":""})", R"({"access_token":"a b"})",
                             R"({"access_token":"a\r\nX-Evil: 1"})"}) {
        FakeTransport transport;
        transport.answer(200, body);
        LoginError e = login_error(test_config(), transport);
        EXPECT_EQ(e.failure(), LoginFailure::idp_bad_answer) << body;
        EXPECT_NE(e.detail().find("access_token"), std::string::npos);
        EXPECT_EQ(transport.requests.size(), 1u);
    }
}

TEST(VneidLogin, EnvelopeForAnotherKeyIsBadAnswer) {
    FakeTransport transport;
    transport.answer(200, make_envelope(stranger_key_pem(), "0123456789abcdef", kToken));
    LoginError e = login_error(test_config(true), transport);
    EXPECT_EQ(e.failure(), LoginFailure::idp_bad_answer);
    EXPECT_EQ(e.detail().rfind("token envelope: RSA decryption failed", 0), 0u) << e.detail();
}

TEST(VneidLogin, UserinfoEnvelopeWithCorruptData) {
    nlohmann::json envelope = nlohmann::json::parse(
        make_envelope(rp_key_pem(), "0123456789abcdef", kUserinfo));
    std::string data = envelope["data"];
    data[5] = data[5] == 'A' ? 'B' : 'A';
    data.resize(data.size() - 8);  // no longer whole AES blocks
    envelope["data"] = data;
    FakeTransport transport;
    transport.answer(200, kToken);
    transport.answer(200, envelope.dump());
    LoginError e = login_error(test_config(true), transport);
    EXPECT_EQ(e.failure(), LoginFailure::idp_bad_answer);
    EXPECT_EQ(e.detail().rfind("userinfo envelope: ", 0), 0u) << e.detail();
}

TEST(VneidLogin, EnvelopeWithoutClientKey) {
    FakeTransport transport;
    transport.answer(200, make_envelope(rp_key_pem(), "0123456789abcdef", kToken));
    LoginError e = login_error(test_config(false), transport);
    EXPECT_EQ(e.failure(), LoginFailure::idp_bad_answer);
    EXPECT_NE(e.detail().find("vneid_client_key"), std::string::npos);
}

TEST(VneidLogin, EncryptKeyWithoutClientKey) {
    FakeTransport transport;
    LoginError e = login_error(test_config(false), transport, callback("Y29kZQ==", "a2V5"));
    EXPECT_EQ(e.failure(), LoginFailure::idp_bad_answer);
    EXPECT_NE(e.detail().find("vneid_client_key"), std::string::npos);
    EXPECT_TRUE(transport.requests.empty());
}

TEST(VneidLogin, UndecryptableCodeIsBadAnswer) {
    std::string encrypt_key = base64_encode(rsa_encrypt(stranger_key_pem(), "0123456789abcdef"));
    FakeTransport transport;
    LoginError e = login_error(test_config(true), transport,
                               callback(base64_encode(std::string(32, 'x')), encrypt_key));
    EXPECT_EQ(e.failure(), LoginFailure::idp_bad_answer);
    EXPECT_EQ(e.detail().rfind("encrypted code: RSA decryption failed", 0), 0u) << e.detail();
    EXPECT_TRUE(transport.requests.empty());
}

TEST(VneidLogin, NumericCitizenIdIsRefused) {
    FakeTransport transport;
    transport.answer(200, kToken);
    transport.answer(200, R"({"citizenPid":1099012345,"fullName":"A","accountLevel":2})");
    LoginError e = login_error(test_config(), transport);
    EXPECT_EQ(e.failure(), LoginFailure::idp_bad_answer);
    EXPECT_NE(e.detail().find("citizenPid"), std::string::npos);
    EXPECT_NE(e.detail().find("number"), std::string::npos);
    EXPECT_EQ(e.detail().find("1099012345"), std::string::npos);
}

TEST(VneidLogin, MissingCitizenIdOrLevel) {
    for (const char* body : {R"({"fullName":"A","accountLevel":2})",
                             R"({"citizenPid":"001099012345","fullName":"A"})",
                             R"({"citizenPid":"001099012345","accountLevel":"two"})"}) {
        FakeTransport transport;
        transport.answer(200, kToken);
        transport.answer(200, body);
        EXPECT_EQ(login_error(test_config(), transport).failure(), LoginFailure::idp_bad_answer)
            << body;
    }
}

TEST(VneidLogin, TransportFailuresMap) {
    struct Case {
        TransportFailure kind;
        LoginFailure expected;
    };
    const Case cases[] = {{TransportFailure::timeout, LoginFailure::idp_timeout},
                          {TransportFailure::connect, LoginFailure::idp_unreachable},
                          {TransportFailure::tls, LoginFailure::idp_tls},
                          {TransportFailure::too_large, LoginFailure::idp_bad_answer},
                          {TransportFailure::other, LoginFailure::idp_unreachable}};
    for (const Case& c : cases) {
        FakeTransport transport;
        transport.fail(c.kind, "POST https://sso.example.gov.vn/token: reason");
        LoginError e = login_error(test_config(), transport);
        EXPECT_EQ(e.failure(), c.expected) << vneid::http::to_string(c.kind);
        EXPECT_EQ(e.detail(), "token endpoint: POST https://sso.example.gov.vn/token: reason");
    }
}

TEST(VneidLogin, UserinfoTimeout) {
    FakeTransport transport;
    transport.answer(200, kToken);
    transport.fail(TransportFailure::timeout, "GET https://sso.example.gov.vn/userinfo: slow");
    LoginError e = login_error(test_config(), transport);
    EXPECT_EQ(e.failure(), LoginFailure::idp_timeout);
    EXPECT_EQ(e.detail().rfind("userinfo endpoint: ", 0), 0u);
}

TEST(LoginFailureNames, AreStable) {
    EXPECT_STREQ(to_string(LoginFailure::idp_denied), "idp_denied");
    EXPECT_STREQ(to_string(LoginFailure::code_rejected), "code_rejected");
    EXPECT_STREQ(to_string(LoginFailure::missing_code), "missing_code");
    EXPECT_STREQ(to_string(LoginFailure::idp_cancelled), "idp_cancelled");
    EXPECT_STREQ(to_string(LoginFailure::idp_account_locked), "idp_account_locked");
    EXPECT_STREQ(to_string(LoginFailure::idp_otp_exhausted), "idp_otp_exhausted");
    LoginError e(LoginFailure::idp_tls, "token endpoint: bad certificate");
    EXPECT_STREQ(e.what(), "idp_tls: token endpoint: bad certificate");
}

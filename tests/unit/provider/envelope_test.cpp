// The {data,key} envelope and the encrypted code, hit directly.
#include <gtest/gtest.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "crypto/rsa_private_key.h"
#include "provider/vneid/encrypted_code.h"
#include "provider/vneid/envelope.h"
#include "test_crypto.h"
#include "util/base64.h"

using namespace vneid::provider::vneid_profile;
using namespace vneid::provider::testing;
using vneid::crypto::RsaPrivateKey;
using vneid::util::base64_encode;
using nlohmann::json;

namespace {

std::shared_ptr<const RsaPrivateKey> rp_key() { return RsaPrivateKey::load_pem(rp_key_pem()); }

std::string decrypt_error(const std::function<void()>& action) {
    try {
        action();
    } catch (const DecryptError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Envelope, Recognised) {
    EXPECT_TRUE(is_envelope(json{{"data", "x"}, {"key", "y"}}));
    EXPECT_FALSE(is_envelope(json{{"data", "x"}}));
    // Extra members are ignored (issue 12, item 7): one more field from
    // VNeID must not break every login.
    EXPECT_TRUE(is_envelope(json{{"data", "x"}, {"key", "y"}, {"access_token", "z"}}));
    EXPECT_TRUE(is_envelope(json{{"data", "x"}, {"key", "y"}, {"status", 0}, {"ts", nullptr}}));
    EXPECT_FALSE(is_envelope(json{{"data", "x"}, {"status", 0}}));
    EXPECT_FALSE(is_envelope(json{{"data", "x"}, {"key", nullptr}, {"status", 0}}));
    EXPECT_FALSE(is_envelope(json{{"data", 1}, {"key", "y"}}));
    EXPECT_FALSE(is_envelope(json{{"data", "x"}, {"kez", "y"}}));
    EXPECT_FALSE(is_envelope(json::array({"data", "key"})));
    EXPECT_FALSE(is_envelope(json("data")));
}

TEST(Envelope, OpensWithEachAesKeySize) {
    for (std::string aes_key : {std::string(16, 'k'), std::string(24, 'l'), std::string(32, 'm')}) {
        json envelope = json::parse(make_envelope(rp_key_pem(), aes_key, R"({"a":"Việt"})"));
        EXPECT_EQ(open_envelope(envelope, *rp_key()), R"({"a":"Việt"})");
    }
}

TEST(Envelope, OpensIgnoringExtraMembers) {
    json envelope = json::parse(make_envelope(rp_key_pem(), std::string(32, 'k'), R"({"a":1})"));
    envelope["status"] = "OK";
    envelope["timestamp"] = 1733040000;
    envelope["data_version"] = json::object();
    EXPECT_EQ(open_envelope(envelope, *rp_key()), R"({"a":1})");
}

TEST(Envelope, AcceptsBase64TextKeyAndLineBrokenData) {
    std::string aes_key(32, 'q');
    std::string data = base64_encode(aes_ecb_encrypt(aes_key, std::string(100, 'z')));
    data.insert(76, "\r\n");  // Java MIME encoder style
    json envelope = {{"data", data},
                     {"key", base64_encode(rsa_encrypt(rp_key_pem(), base64_encode(aes_key)))}};
    EXPECT_EQ(open_envelope(envelope, *rp_key()), std::string(100, 'z'));
}

// Found by tests/fuzz/encrypted_code_fuzz.cpp: base64 text of a 16-byte key
// is 24 characters, a raw AES-192 key size, and was used as that raw key.
TEST(Envelope, AcceptsBase64TextOf128BitKey) {
    std::string aes_key(16, '\x9c');
    std::string code = decrypt_code(base64_encode(aes_ecb_encrypt(aes_key, "\x01")),
                                    base64_encode(rsa_encrypt(rp_key_pem(), base64_encode(aes_key))),
                                    *rp_key());
    EXPECT_EQ(code, "\x01");
    // A raw 24-byte key of base64 characters without padding stays raw.
    std::string raw24 = "0123456789abcdef01234567";
    EXPECT_EQ(decrypt_code(base64_encode(aes_ecb_encrypt(raw24, "c")),
                           base64_encode(rsa_encrypt(rp_key_pem(), raw24)), *rp_key()),
              "c");
}

TEST(Envelope, FailuresSaySafelyWhat) {
    auto key = rp_key();
    EXPECT_EQ(decrypt_error([&] {
                  open_envelope(json{{"data", "AAAA"}, {"key", "not base64!"}}, *key);
              }),
              "wrapped AES key is not base64");
    EXPECT_EQ(decrypt_error([&] {
                  open_envelope(json::parse(make_envelope(stranger_key_pem(), "0123456789abcdef",
                                                          "{}")),
                                *key);
              }).rfind("RSA decryption failed", 0),
              0u);
    EXPECT_EQ(decrypt_error([&] {
                  json e = {{"data", "AAAA"},
                            {"key", base64_encode(rsa_encrypt(rp_key_pem(), "short"))}};
                  open_envelope(e, *key);
              }),
              "unwrapped AES key has 5 bytes (expected 16, 24 or 32)");
    EXPECT_EQ(decrypt_error([&] {
                  std::string wrapped = rsa_encrypt(rp_key_pem(), std::string(16, 'k'));
                  json e = {{"data", base64_encode(std::string(17, 'x'))},
                            {"key", base64_encode(wrapped)}};
                  open_envelope(e, *key);
              }).rfind("AES decryption failed", 0),
              0u);
    EXPECT_EQ(decrypt_error([&] { open_envelope(json{{"data", "x"}}, *key); }),
              "not a {data,key} envelope");
}

TEST(EncryptedCode, Decrypts) {
    std::string aes_key = "0123456789abcdef";
    std::string code = "abc+def/ghi==";
    EXPECT_EQ(decrypt_code(base64_encode(aes_ecb_encrypt(aes_key, code)),
                           base64_encode(rsa_encrypt(rp_key_pem(), aes_key)), *rp_key()),
              code);
}

TEST(EncryptedCode, WrongKeyOrGarbage) {
    std::string aes_key = "0123456789abcdef";
    std::string code_b64 = base64_encode(aes_ecb_encrypt(aes_key, "code"));
    EXPECT_EQ(decrypt_error([&] {
                  decrypt_code(code_b64, base64_encode(rsa_encrypt(stranger_key_pem(), aes_key)),
                               *rp_key());
              }).rfind("RSA decryption failed", 0),
              0u);
    EXPECT_EQ(decrypt_error([&] {
                  decrypt_code("%%%", base64_encode(rsa_encrypt(rp_key_pem(), aes_key)), *rp_key());
              }),
              "encrypted data is not base64");
    EXPECT_EQ(decrypt_error([&] {
                  // Decrypts under the wrong AES key: the padding check fails.
                  decrypt_code(code_b64,
                               base64_encode(rsa_encrypt(rp_key_pem(), "fedcba9876543210")),
                               *rp_key());
              }).rfind("AES decryption failed", 0),
              0u);
}

#include "crypto/rsa_private_key.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "crypto/aes_ecb.h"
#include "crypto/crypto_error.h"
#include "crypto/random.h"
#include "test_keys.h"

namespace vneid::crypto {
namespace {

using test::PemForm;
using test::TempDir;

// Key generation is slow and ctest runs each test in its own process: make
// each key on first use only.
class RsaPrivateKeyTest : public ::testing::Test {
 protected:
    static EVP_PKEY* rsa2048() {
        static const test::Pkey key = test::generate_rsa(2048);
        return key.get();
    }
    static EVP_PKEY* rsa1024() {
        static const test::Pkey key = test::generate_rsa(1024);
        return key.get();
    }
    static EVP_PKEY* rsa_pss() {
        static const test::Pkey key = test::generate_rsa_pss();
        return key.get();
    }
    static EVP_PKEY* ec() {
        static const test::Pkey key = test::generate_ec_p256();
        return key.get();
    }

    // The CryptoError message of loading `path`, or "" if it loaded.
    static std::string load_error(const std::string& path) {
        try {
            RsaPrivateKey::load_pem_file(path);
        } catch (const CryptoError& e) {
            return e.what();
        }
        return "";
    }

    static void expect_load_error(const std::string& path, const std::string& problem) {
        const std::string what = load_error(path);
        EXPECT_NE(what.find(path), std::string::npos) << what;
        EXPECT_NE(what.find(problem), std::string::npos) << what;
    }

    TempDir dir_;
};

TEST_F(RsaPrivateKeyTest, DecryptsWithPkcs8Pem) {
    auto key = RsaPrivateKey::load_pem_file(
        dir_.write("key.pem", test::to_pem(rsa2048(), PemForm::pkcs8)));
    const std::string aes_key = random_bytes(16);
    EXPECT_EQ(key->decrypt_pkcs1v15(test::rsa_encrypt_pkcs1(rsa2048(), aes_key)), aes_key);
}

TEST_F(RsaPrivateKeyTest, DecryptsWithPkcs1Pem) {
    const std::string pem = test::to_pem(rsa2048(), PemForm::pkcs1);
    ASSERT_NE(pem.find("BEGIN RSA PRIVATE KEY"), std::string::npos);
    auto key = RsaPrivateKey::load_pem_file(dir_.write("key.pem", pem));
    const std::string aes_key = random_bytes(32);
    EXPECT_EQ(key->decrypt_pkcs1v15(test::rsa_encrypt_pkcs1(rsa2048(), aes_key)), aes_key);
}

TEST_F(RsaPrivateKeyTest, LoadsFromMemory) {
    auto key = RsaPrivateKey::load_pem(test::to_pem(rsa2048(), PemForm::pkcs8));
    EXPECT_EQ(key->decrypt_pkcs1v15(test::rsa_encrypt_pkcs1(rsa2048(), "k")), "k");
    EXPECT_THROW(RsaPrivateKey::load_pem("garbage"), CryptoError);
    EXPECT_THROW(RsaPrivateKey::load_pem(""), CryptoError);
    EXPECT_THROW(RsaPrivateKey::load_pem(std::string_view{}), CryptoError);
}

TEST_F(RsaPrivateKeyTest, DecryptsEmptyMessage) {
    auto key = RsaPrivateKey::load_pem(test::to_pem(rsa2048(), PemForm::pkcs8));
    EXPECT_EQ(key->decrypt_pkcs1v15(test::rsa_encrypt_pkcs1(rsa2048(), "")), "");
}

TEST_F(RsaPrivateKeyTest, OpensTheIdpEnvelope) {
    // {data, key}: key = RSA(aes key), data = AES-ECB(json); see protocol §2.5.
    auto key = RsaPrivateKey::load_pem(test::to_pem(rsa2048(), PemForm::pkcs8));
    const std::string aes_key = random_bytes(16);
    const std::string json = R"({"access_token":"t","token_type":"Bearer"})";
    std::string data;
    {
        // Encrypt the JSON as the IdP would: AES-ECB with PKCS#7.
        std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(
            EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
        data.resize(json.size() + 16);
        int n1 = 0, n2 = 0;
        auto* out = reinterpret_cast<unsigned char*>(data.data());
        ASSERT_EQ(EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_ecb(), nullptr,
                                     reinterpret_cast<const unsigned char*>(aes_key.data()),
                                     nullptr), 1);
        ASSERT_EQ(EVP_EncryptUpdate(ctx.get(), out, &n1,
                                    reinterpret_cast<const unsigned char*>(json.data()),
                                    int(json.size())), 1);
        ASSERT_EQ(EVP_EncryptFinal_ex(ctx.get(), out + n1, &n2), 1);
        data.resize(size_t(n1 + n2));
    }
    const std::string recovered_key =
        key->decrypt_pkcs1v15(test::rsa_encrypt_pkcs1(rsa2048(), aes_key));
    EXPECT_EQ(aes_ecb_decrypt(recovered_key, data), json);
}

TEST_F(RsaPrivateKeyTest, RejectsCiphertextOfWrongLength) {
    auto key = RsaPrivateKey::load_pem(test::to_pem(rsa2048(), PemForm::pkcs8));
    const std::string ciphertext = test::rsa_encrypt_pkcs1(rsa2048(), "k");
    EXPECT_THROW(key->decrypt_pkcs1v15(""), CryptoError);
    EXPECT_THROW(key->decrypt_pkcs1v15(ciphertext.substr(1)), CryptoError);
    EXPECT_THROW(key->decrypt_pkcs1v15(ciphertext + "x"), CryptoError);
}

TEST_F(RsaPrivateKeyTest, RejectsCiphertextForAnotherKey) {
    auto key = RsaPrivateKey::load_pem(test::to_pem(rsa2048(), PemForm::pkcs8));
    test::Pkey other = test::generate_rsa(2048);
    const std::string secret = "0123456789abcdef";
    // OpenSSL >= 3.2 answers bad padding with a synthetic message instead of
    // an error (implicit rejection); either way the secret must not come out.
    try {
        EXPECT_NE(key->decrypt_pkcs1v15(test::rsa_encrypt_pkcs1(other.get(), secret)), secret);
    } catch (const CryptoError& e) {
        EXPECT_STREQ(e.what(), "RSA PKCS#1 v1.5 decryption failed");
    }
}

TEST_F(RsaPrivateKeyTest, TamperedCiphertextGivesOneUniformError) {
    auto key = RsaPrivateKey::load_pem(test::to_pem(rsa2048(), PemForm::pkcs8));
    std::string ciphertext = test::rsa_encrypt_pkcs1(rsa2048(), "0123456789abcdef");
    ciphertext[ciphertext.size() / 2] ^= 0x40;
    try {
        EXPECT_NE(key->decrypt_pkcs1v15(ciphertext), "0123456789abcdef");
    } catch (const CryptoError& e) {
        EXPECT_STREQ(e.what(), "RSA PKCS#1 v1.5 decryption failed");
    }
}

TEST_F(RsaPrivateKeyTest, MissingFileCannotBeRead) {
    expect_load_error(dir_.path("absent.pem"), "cannot read");
}

TEST_F(RsaPrivateKeyTest, DirectoryCannotBeRead) {
    const std::string sub = dir_.path("sub");
    std::filesystem::create_directory(sub);
    expect_load_error(sub, "cannot read");
}

TEST_F(RsaPrivateKeyTest, GarbageIsNotAPemPrivateKey) {
    const std::string path = dir_.write("garbage.pem", "SECRET-GARBAGE\x01\x02 not a key\n");
    expect_load_error(path, "not a PEM private key");
    EXPECT_EQ(load_error(path).find("SECRET-GARBAGE"), std::string::npos);
}

TEST_F(RsaPrivateKeyTest, EmptyFileIsNotAPemPrivateKey) {
    expect_load_error(dir_.write("empty.pem", ""), "not a PEM private key");
}

TEST_F(RsaPrivateKeyTest, PublicKeyIsNotAPemPrivateKey) {
    expect_load_error(dir_.write("pub.pem", test::to_pem(rsa2048(), PemForm::public_key)),
                      "not a PEM private key");
}

TEST_F(RsaPrivateKeyTest, EcKeyIsNotAnRsaKey) {
    expect_load_error(dir_.write("ec.pem", test::to_pem(ec(), PemForm::pkcs8)),
                      "not an RSA key");
}

TEST_F(RsaPrivateKeyTest, RsaPssKeyIsNotAnRsaKey) {
    expect_load_error(dir_.write("pss.pem", test::to_pem(rsa_pss(), PemForm::pkcs8)),
                      "not an RSA key");
}

TEST_F(RsaPrivateKeyTest, Rsa1024IsTooSmall) {
    expect_load_error(dir_.write("small.pem", test::to_pem(rsa1024(), PemForm::pkcs8)),
                      "key too small (<2048 bits)");
}

TEST_F(RsaPrivateKeyTest, EncryptedPkcs8IsRefusedWithoutPrompting) {
    const std::string pem = test::to_pem(rsa2048(), PemForm::pkcs8_encrypted);
    ASSERT_NE(pem.find("BEGIN ENCRYPTED PRIVATE KEY"), std::string::npos);
    expect_load_error(dir_.write("enc8.pem", pem), "encrypted");
}

TEST_F(RsaPrivateKeyTest, EncryptedPkcs1IsRefusedWithoutPrompting) {
    const std::string pem = test::to_pem(rsa2048(), PemForm::pkcs1_encrypted);
    ASSERT_NE(pem.find("Proc-Type: 4,ENCRYPTED"), std::string::npos);
    expect_load_error(dir_.write("enc1.pem", pem), "encrypted");
}

TEST_F(RsaPrivateKeyTest, ErrorMessagesCarryNoKeyMaterial) {
    // A truncated PEM: its base64 body must not leak into the message.
    std::string pem = test::to_pem(rsa2048(), PemForm::pkcs8);
    const std::string body_line = pem.substr(pem.find('\n') + 1, 64);
    pem.resize(pem.size() / 2);
    const std::string what = load_error(dir_.write("cut.pem", pem));
    EXPECT_NE(what.find("not a PEM private key"), std::string::npos) << what;
    EXPECT_EQ(what.find(body_line), std::string::npos) << what;
}

// Keys as an operator makes them with the openssl CLI (skipped without it).
TEST_F(RsaPrivateKeyTest, LoadsKeysMadeByTheOpensslCli) {
    const std::string pkcs1 = dir_.path("cli-pkcs1.pem"), pkcs8 = dir_.path("cli-pkcs8.pem");
    const std::string cmd =
        "openssl genrsa -traditional -out '" + pkcs1 + "' 2048 2>/dev/null && " +
        "openssl pkcs8 -topk8 -nocrypt -in '" + pkcs1 + "' -out '" + pkcs8 + "' 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "openssl CLI not usable";

    std::ifstream in(pkcs1);
    const std::string pem((std::istreambuf_iterator<char>(in)), {});
    ASSERT_NE(pem.find("BEGIN RSA PRIVATE KEY"), std::string::npos);
    test::Pkey reference = test::from_pem(pem);
    const std::string ciphertext = test::rsa_encrypt_pkcs1(reference.get(), "aes-key-16-bytes");
    for (const std::string& path : {pkcs1, pkcs8}) {
        EXPECT_EQ(RsaPrivateKey::load_pem_file(path)->decrypt_pkcs1v15(ciphertext),
                  "aes-key-16-bytes") << path;
    }
}

}  // namespace
}  // namespace vneid::crypto

#include "crypto/aes_ecb.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "crypto/crypto_error.h"
#include "hex.h"

namespace vneid::crypto {
namespace {

using test::from_hex;

// Test-only encryptor: the library deliberately offers no ECB encryption.
// pkcs7 = false encrypts whole blocks as they are (to forge bad padding).
std::string encrypt_ecb(std::string_view key, std::string_view plain, bool pkcs7 = true) {
    const EVP_CIPHER* cipher = key.size() == 16   ? EVP_aes_128_ecb()
                               : key.size() == 24 ? EVP_aes_192_ecb()
                                                  : EVP_aes_256_ecb();
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(
        EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    std::string out(plain.size() + 16, '\0');
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    int n1 = 0, n2 = 0;
    if (!ctx ||
        EVP_EncryptInit_ex(ctx.get(), cipher, nullptr,
                           reinterpret_cast<const unsigned char*>(key.data()), nullptr) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx.get(), pkcs7 ? 1 : 0) != 1 ||
        EVP_EncryptUpdate(ctx.get(), o, &n1,
                          reinterpret_cast<const unsigned char*>(plain.data()),
                          int(plain.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), o + n1, &n2) != 1) {
        throw std::runtime_error("test encryptor failed");
    }
    out.resize(size_t(n1 + n2));
    return out;
}

const std::string kKey128 = from_hex("2b7e151628aed2a6abf7158809cf4f3c");

// NIST SP 800-38A, F.1.1 / F.1.3 / F.1.5 (ECB-AES128/192/256 encrypt).
struct NistVector {
    const char* name;
    std::string key;
    std::string ciphertext;
};
const std::string kNistPlaintext = from_hex(
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
const NistVector kNist[] = {
    {"AES-128", kKey128,
     from_hex("3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
              "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4")},
    {"AES-192", from_hex("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b"),
     from_hex("bd334f1d6e45f25ff712a214571fa5cc974104846d0ad3ad7734ecb3ecee4eef"
              "ef7afd2270e2e60adce0ba2face6444e9a4b41ba738d6c72fb16691603c18e0e")},
    {"AES-256", from_hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"),
     from_hex("f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870"
              "b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7")},
};

TEST(AesEcbDecrypt, NistVectorsWithAPaddingBlockAppended) {
    // The NIST plaintext is block-aligned, so PKCS#7 adds a full block of 0x10.
    const std::string pad_block(16, '\x10');
    for (const NistVector& v : kNist) {
        ASSERT_EQ(encrypt_ecb(v.key, kNistPlaintext, false), v.ciphertext) << v.name;
        const std::string ciphertext = v.ciphertext + encrypt_ecb(v.key, pad_block, false);
        EXPECT_EQ(aes_ecb_decrypt(v.key, ciphertext), kNistPlaintext) << v.name;
    }
}

TEST(AesEcbDecrypt, RoundTripsEveryLengthAndKeySize) {
    for (const NistVector& v : kNist) {
        for (size_t len = 0; len <= 49; ++len) {
            const std::string plain(len, char('a' + len % 26));
            const std::string ciphertext = encrypt_ecb(v.key, plain);
            ASSERT_EQ(ciphertext.size() % 16, 0u);
            EXPECT_EQ(aes_ecb_decrypt(v.key, ciphertext), plain) << v.name << " " << len;
        }
    }
}

TEST(AesEcbDecrypt, DecryptsJsonLikeTheIdpEnvelope) {
    const std::string json = R"({"access_token":"abc+/=","token_type":"Bearer"})";
    EXPECT_EQ(aes_ecb_decrypt(kKey128, encrypt_ecb(kKey128, json)), json);
}

TEST(AesEcbDecrypt, RejectsBadPadding) {
    const std::string bad_last_blocks[] = {
        std::string(15, 'x') + '\x00',                 // pad length 0
        std::string(15, 'x') + '\x11',                 // pad length 17 > block
        std::string(14, 'x') + "\x03\x02",             // claims 2, bytes differ
        std::string(13, 'x') + "\x01\x03\x03",         // claims 3, one byte wrong
        std::string(16, '\x20'),                       // claims 32
    };
    for (const std::string& block : bad_last_blocks) {
        const std::string ciphertext = encrypt_ecb(kKey128, std::string(16, 'p') + block, false);
        EXPECT_THROW(aes_ecb_decrypt(kKey128, ciphertext), CryptoError);
    }
}

TEST(AesEcbDecrypt, BadPaddingMessageHasNoPlaintextOrKey) {
    const std::string ciphertext =
        encrypt_ecb(kKey128, "SECRET-PLAINTEXT" + std::string(15, 'x') + '\x00', false);
    try {
        aes_ecb_decrypt(kKey128, ciphertext);
        FAIL() << "expected CryptoError";
    } catch (const CryptoError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("padding"), std::string::npos) << what;
        EXPECT_EQ(what.find("SECRET"), std::string::npos) << what;
        EXPECT_EQ(what.find("2b7e1516"), std::string::npos) << what;
    }
}

TEST(AesEcbDecrypt, RejectsLengthNotAPositiveMultipleOf16) {
    const std::string good = encrypt_ecb(kKey128, "hello");
    EXPECT_THROW(aes_ecb_decrypt(kKey128, ""), CryptoError);
    EXPECT_THROW(aes_ecb_decrypt(kKey128, good.substr(0, 15)), CryptoError);
    EXPECT_THROW(aes_ecb_decrypt(kKey128, good + "x"), CryptoError);
    EXPECT_THROW(aes_ecb_decrypt(kKey128, good + good.substr(0, 8)), CryptoError);
}

TEST(AesEcbDecrypt, RejectsKeySizesOtherThan16_24_32) {
    const std::string ciphertext = encrypt_ecb(kKey128, "hello");
    for (size_t n : {0u, 1u, 8u, 15u, 17u, 20u, 23u, 25u, 31u, 33u, 64u}) {
        EXPECT_THROW(aes_ecb_decrypt(std::string(n, 'k'), ciphertext), CryptoError) << n;
    }
}

TEST(AesEcbDecrypt, WrongKeyFailsOrYieldsOtherText) {
    // With a wrong key the last block decrypts to noise: PKCS#7 usually rejects
    // it, and when the noise happens to look padded the text still differs.
    const std::string plain = "the token response";
    const std::string ciphertext = encrypt_ecb(kKey128, plain);
    std::string wrong_key = kKey128;
    wrong_key[0] ^= 1;
    try {
        EXPECT_NE(aes_ecb_decrypt(wrong_key, ciphertext), plain);
    } catch (const CryptoError&) {
    }
}

}  // namespace
}  // namespace vneid::crypto

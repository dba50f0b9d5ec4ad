#include "crypto/aes_ecb.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <climits>
#include <memory>

#include "crypto/crypto_error.h"

namespace vneid::crypto {
namespace {

constexpr size_t kBlockBytes = 16;

struct CipherCtxDeleter {
    void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
};
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

const EVP_CIPHER* ecb_cipher_for(size_t key_bytes) {
    switch (key_bytes) {
        case 16: return EVP_aes_128_ecb();
        case 24: return EVP_aes_192_ecb();
        case 32: return EVP_aes_256_ecb();
        default: return nullptr;
    }
}

}  // namespace

std::string aes_ecb_decrypt(std::string_view key, std::string_view ciphertext) {
    const EVP_CIPHER* cipher = ecb_cipher_for(key.size());
    if (!cipher) {
        throw CryptoError("AES key must be 16, 24 or 32 bytes, got " +
                          std::to_string(key.size()));
    }
    // Padding always adds at least one byte, so a valid ciphertext has >= 1 block.
    if (ciphertext.empty() || ciphertext.size() % kBlockBytes != 0) {
        throw CryptoError("AES-ECB ciphertext length " + std::to_string(ciphertext.size()) +
                          " is not a positive multiple of 16");
    }
    if (ciphertext.size() > size_t(INT_MAX) - kBlockBytes) {
        throw CryptoError("AES-ECB ciphertext too large");
    }

    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx ||
        EVP_DecryptInit_ex(ctx.get(), cipher, nullptr,
                           reinterpret_cast<const unsigned char*>(key.data()),
                           nullptr) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx.get(), 1) != 1) {
        throw CryptoError("AES-ECB setup failed: " + take_openssl_error());
    }

    std::string plain(ciphertext.size() + kBlockBytes, '\0');
    auto* out = reinterpret_cast<unsigned char*>(plain.data());
    int update_len = 0, final_len = 0;
    if (EVP_DecryptUpdate(ctx.get(), out, &update_len,
                          reinterpret_cast<const unsigned char*>(ciphertext.data()),
                          int(ciphertext.size())) != 1) {
        OPENSSL_cleanse(plain.data(), plain.size());
        throw CryptoError("AES-ECB decryption failed: " + take_openssl_error());
    }
    // The only way Final fails here is a malformed PKCS#7 pad (wrong key or
    // corrupted data); keep OpenSSL's reason out of it.
    if (EVP_DecryptFinal_ex(ctx.get(), out + update_len, &final_len) != 1) {
        OPENSSL_cleanse(plain.data(), plain.size());
        ERR_clear_error();
        throw CryptoError("AES-ECB decryption failed: bad padding");
    }
    plain.resize(size_t(update_len) + size_t(final_len));
    return plain;
}

}  // namespace vneid::crypto

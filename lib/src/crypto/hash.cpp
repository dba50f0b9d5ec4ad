#include "crypto/hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "crypto/crypto_error.h"

namespace vneid::crypto {
namespace {

// EVP_sha256() makes OpenSSL 3 look the algorithm up on every call; the
// session check hashes a cookie per request, so fetch it once.
const EVP_MD* sha256_md() {
    static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md ? md : EVP_sha256();
}

struct DigestContext {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~DigestContext() { EVP_MD_CTX_free(ctx); }
};

}  // namespace

void sha256_into(std::string_view data, unsigned char (&out)[32]) {
    thread_local DigestContext reused;
    unsigned int len = 0;
    if (reused.ctx == nullptr || EVP_DigestInit_ex2(reused.ctx, sha256_md(), nullptr) != 1 ||
        EVP_DigestUpdate(reused.ctx, data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(reused.ctx, out, &len) != 1 || len != 32) {
        throw CryptoError("SHA-256 failed: " + take_openssl_error());
    }
}

std::string sha256(std::string_view data) {
    std::string out(SHA256_DIGEST_LENGTH, '\0');
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(),
                   reinterpret_cast<unsigned char*>(out.data()), &len,
                   sha256_md(), nullptr) != 1) {
        throw CryptoError("SHA-256 failed: " + take_openssl_error());
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    static const char kHex[] = "0123456789abcdef";
    std::string raw = sha256(data), hex;
    hex.reserve(raw.size() * 2);
    for (unsigned char c : raw) {
        hex += kHex[c >> 4];
        hex += kHex[c & 15];
    }
    return hex;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    // OpenSSL 3 fails HMAC() when key and data pointers are both null, which
    // a default std::string_view has: point empty inputs at a real byte.
    static const unsigned char kNothing = 0;
    const void* key_ptr = key.empty() ? static_cast<const void*>(&kNothing) : key.data();
    const auto* data_ptr = data.empty()
        ? &kNothing : reinterpret_cast<const unsigned char*>(data.data());
    std::string out(EVP_MAX_MD_SIZE, '\0');
    unsigned int len = 0;
    if (HMAC(EVP_sha256(), key_ptr, int(key.size()), data_ptr, data.size(),
             reinterpret_cast<unsigned char*>(out.data()), &len) == nullptr) {
        throw CryptoError("HMAC-SHA256 failed: " + take_openssl_error());
    }
    out.resize(len);
    return out;
}

}  // namespace vneid::crypto

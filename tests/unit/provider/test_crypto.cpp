#include "test_crypto.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "util/base64.h"

namespace vneid::provider::testing {
namespace {

struct PkeyDeleter {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct PkeyCtxDeleter {
    void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct CipherCtxDeleter {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
struct BioDeleter {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test crypto: ") + what);
}

Pkey read_pem(const std::string& pem) {
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    check(key != nullptr, "PEM_read_bio_PrivateKey");
    return key;
}

const EVP_CIPHER* ecb_cipher(size_t key_size) {
    switch (key_size) {
        case 16: return EVP_aes_128_ecb();
        case 24: return EVP_aes_192_ecb();
        case 32: return EVP_aes_256_ecb();
    }
    throw std::runtime_error("test crypto: bad AES key size");
}

}  // namespace

std::string make_rsa_private_pem() {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048)));
    check(key != nullptr, "EVP_PKEY_Q_keygen");
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ==
              1,
          "PEM_write_bio_PrivateKey");
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, size_t(size));
}

const std::string& rp_key_pem() {
    static const std::string pem = make_rsa_private_pem();
    return pem;
}

const std::string& stranger_key_pem() {
    static const std::string pem = make_rsa_private_pem();
    return pem;
}

std::string rsa_encrypt(const std::string& private_pem, std::string_view plaintext) {
    Pkey key = read_pem(private_pem);
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(EVP_PKEY_CTX_new(key.get(), nullptr));
    check(ctx && EVP_PKEY_encrypt_init(ctx.get()) == 1, "EVP_PKEY_encrypt_init");
    check(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) == 1, "padding");
    auto in = reinterpret_cast<const unsigned char*>(plaintext.data());
    size_t out_len = 0;
    check(EVP_PKEY_encrypt(ctx.get(), nullptr, &out_len, in, plaintext.size()) == 1, "size");
    std::string out(out_len, '\0');
    check(EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &out_len, in,
                           plaintext.size()) == 1,
          "EVP_PKEY_encrypt");
    out.resize(out_len);
    return out;
}

std::string aes_ecb_encrypt(std::string_view key, std::string_view plaintext) {
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter> ctx(EVP_CIPHER_CTX_new());
    check(ctx && EVP_EncryptInit_ex(ctx.get(), ecb_cipher(key.size()), nullptr,
                                    reinterpret_cast<const unsigned char*>(key.data()),
                                    nullptr) == 1,
          "EVP_EncryptInit_ex");
    std::string out(plaintext.size() + 16, '\0');
    int len = 0, tail = 0;
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    check(EVP_EncryptUpdate(ctx.get(), dst, &len,
                            reinterpret_cast<const unsigned char*>(plaintext.data()),
                            int(plaintext.size())) == 1,
          "EVP_EncryptUpdate");
    check(EVP_EncryptFinal_ex(ctx.get(), dst + len, &tail) == 1, "EVP_EncryptFinal_ex");
    out.resize(size_t(len + tail));
    return out;
}

std::string make_envelope(const std::string& private_pem, std::string_view aes_key,
                          std::string_view inner_json) {
    nlohmann::json envelope = {
        {"data", util::base64_encode(aes_ecb_encrypt(aes_key, inner_json))},
        {"key", util::base64_encode(rsa_encrypt(private_pem, aes_key))}};
    return envelope.dump();
}

}  // namespace vneid::provider::testing

// Test-only key helpers: generate keys, write them as PEM in the forms
// operators may hand us, and encrypt to an RSA public key like VNeID does.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vneid::crypto::test {

struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

inline Pkey generate_rsa(size_t bits) {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits));
    if (!key) throw std::runtime_error("RSA keygen failed");
    return key;
}

// EVP_PKEY_Q_keygen only knows "RSA" sizes, so RSA-PSS goes through a ctx.
inline Pkey generate_rsa_pss() {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "RSA-PSS", nullptr), &EVP_PKEY_CTX_free);
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 2048) != 1 ||
        EVP_PKEY_generate(ctx.get(), &raw) != 1) {
        throw std::runtime_error("RSA-PSS keygen failed");
    }
    return Pkey(raw);
}

inline Pkey generate_ec_p256() {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key) throw std::runtime_error("EC keygen failed");
    return key;
}

enum class PemForm { pkcs8, pkcs1, pkcs8_encrypted, pkcs1_encrypted, public_key };

inline std::string to_pem(EVP_PKEY* key, PemForm form) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    static unsigned char pass[] = "test-passphrase";
    const int pass_len = int(sizeof(pass) - 1);
    int ok = 0;
    switch (form) {
        case PemForm::pkcs8:
            ok = PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
            break;
        case PemForm::pkcs1:
            ok = PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0,
                                                      nullptr, nullptr);
            break;
        case PemForm::pkcs8_encrypted:
            ok = PEM_write_bio_PrivateKey(bio.get(), key, EVP_aes_256_cbc(), pass, pass_len,
                                          nullptr, nullptr);
            break;
        case PemForm::pkcs1_encrypted:
            ok = PEM_write_bio_PrivateKey_traditional(bio.get(), key, EVP_aes_256_cbc(), pass,
                                                      pass_len, nullptr, nullptr);
            break;
        case PemForm::public_key:
            ok = PEM_write_bio_PUBKEY(bio.get(), key);
            break;
    }
    if (ok != 1) throw std::runtime_error("PEM write failed");
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, size_t(len));
}

inline Pkey from_pem(const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), int(pem.size())), &BIO_free);
    Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) throw std::runtime_error("PEM read failed");
    return key;
}

// RSAES-PKCS1-v1_5 with the public half, as the IdP encrypts AES keys.
inline std::string rsa_encrypt_pkcs1(EVP_PKEY* key, std::string_view plain) {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), &EVP_PKEY_CTX_free);
    size_t len = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(plain.data());
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_encrypt(ctx.get(), nullptr, &len, in, plain.size()) != 1) {
        throw std::runtime_error("RSA encrypt setup failed");
    }
    std::string out(len, '\0');
    if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, in,
                         plain.size()) != 1) {
        throw std::runtime_error("RSA encrypt failed");
    }
    out.resize(len);
    return out;
}

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
 public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "vneid-test-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string write(const std::string& name, std::string_view contents) const {
        const std::string file = (path_ / name).string();
        std::ofstream(file, std::ios::binary) << contents;
        return file;
    }
    std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
    std::filesystem::path path_;
};

}  // namespace vneid::crypto::test

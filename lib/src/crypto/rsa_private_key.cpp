#include "crypto/rsa_private_key.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>

#include "crypto/crypto_error.h"

namespace vneid::crypto {
namespace {

constexpr int kMinRsaBits = 2048;
// A PEM RSA key of even 16384 bits is ~13 KB: anything bigger is the wrong file
// (and capping the read keeps `nginx -t` from hanging on /dev/zero).
constexpr size_t kMaxPemFileBytes = 1 << 20;

struct PkeyDeleter {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxDeleter {
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct BioDeleter {
    void operator()(BIO* p) const { BIO_free(p); }
};
struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace

struct RsaPrivateKey::Impl {
    PkeyPtr key;
};

namespace {

// Holds PEM text read from disk; wiped on every exit path.
struct WipedString {
    std::string text;
    ~WipedString() { OPENSSL_cleanse(text.data(), text.size()); }
};

// Passphrase callback that never supplies one: without it OpenSSL would
// prompt on the terminal. Records that the key asked for a passphrase.
int refuse_passphrase(char*, int, int, void* asked) {
    *static_cast<bool*>(asked) = true;
    return -1;
}

bool looks_encrypted(std::string_view pem) {
    return pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string_view::npos ||
           pem.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos;
}

[[noreturn]] void fail(const std::string& source, const std::string& problem) {
    ERR_clear_error();
    throw CryptoError(source + ": " + problem);
}

std::shared_ptr<const RsaPrivateKey> parse(std::string_view pem, const std::string& source) {
    if (pem.size() > INT_MAX) fail(source, "not a PEM private key (too large)");
    if (pem.empty()) fail(source, "not a PEM private key (empty)");
    BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    if (!bio) fail(source, "cannot read (out of memory)");

    bool asked_passphrase = false;
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase,
                                        &asked_passphrase));
    if (!key) {
        if (asked_passphrase || looks_encrypted(pem)) {
            fail(source, "encrypted PEM private key (passphrase-protected keys are "
                         "not supported; store it unencrypted, readable only by nginx)");
        }
        fail(source, "not a PEM private key");
    }
    ERR_clear_error();
    // EVP_PKEY_RSA only: RSA-PSS keys are restricted to signing.
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) fail(source, "not an RSA key");
    if (EVP_PKEY_get_bits(key.get()) < kMinRsaBits) {
        fail(source, "key too small (<2048 bits)");
    }

    auto impl = std::make_unique<RsaPrivateKey::Impl>();
    impl->key = std::move(key);
    return std::make_shared<const RsaPrivateKey>(std::move(impl));
}

}  // namespace

RsaPrivateKey::RsaPrivateKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RsaPrivateKey::~RsaPrivateKey() = default;

std::shared_ptr<const RsaPrivateKey> RsaPrivateKey::load_pem_file(const std::string& path) {
    const std::string source = "RSA private key file \"" + path + "\"";
    FilePtr file(std::fopen(path.c_str(), "rb"));
    if (!file) fail(source, std::string("cannot read (") + std::strerror(errno) + ")");

    WipedString pem;
    pem.text.reserve(16 * 1024);  // real keys fit: no unwiped copies from regrowth
    char chunk[4096];
    size_t got;
    while ((got = std::fread(chunk, 1, sizeof(chunk), file.get())) > 0) {
        pem.text.append(chunk, got);
        if (pem.text.size() > kMaxPemFileBytes) {
            OPENSSL_cleanse(chunk, sizeof(chunk));
            fail(source, "cannot read (larger than 1 MiB, not a key file)");
        }
    }
    OPENSSL_cleanse(chunk, sizeof(chunk));
    if (std::ferror(file.get())) {
        fail(source, std::string("cannot read (") + std::strerror(errno) + ")");
    }
    return parse(pem.text, source);
}

std::shared_ptr<const RsaPrivateKey> RsaPrivateKey::load_pem(std::string_view pem) {
    return parse(pem, "RSA private key");
}

std::string RsaPrivateKey::decrypt_pkcs1v15(std::string_view ciphertext) const {
    // One message for every failure, without OpenSSL's reason: callers feed
    // this attacker-supplied data (encrypt_key), and distinguishable padding
    // errors would be a Bleichenbacher oracle on the RP key.
    static const char kFailed[] = "RSA PKCS#1 v1.5 decryption failed";

    const size_t modulus_bytes = size_t(EVP_PKEY_get_size(impl_->key.get()));
    if (ciphertext.size() != modulus_bytes) {
        throw CryptoError("RSA ciphertext has the wrong length for the key");
    }
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, impl_->key.get(), nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1) {
        throw CryptoError("RSA decryption setup failed: " + take_openssl_error());
    }

    const auto* in = reinterpret_cast<const unsigned char*>(ciphertext.data());
    size_t out_len = 0;
    if (EVP_PKEY_decrypt(ctx.get(), nullptr, &out_len, in, ciphertext.size()) != 1) {
        ERR_clear_error();
        throw CryptoError(kFailed);
    }
    std::string plain(out_len, '\0');
    if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()),
                         &out_len, in, ciphertext.size()) != 1) {
        OPENSSL_cleanse(plain.data(), plain.size());
        ERR_clear_error();
        throw CryptoError(kFailed);
    }
    plain.resize(out_len);
    return plain;
}

}  // namespace vneid::crypto

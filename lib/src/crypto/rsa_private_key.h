// The relying party's RSA private key (vneid_client_key): VNeID encrypts the
// AES keys of encrypt_key and of {data,key} envelopes to its public half.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace vneid::crypto {

class RsaPrivateKey {
 public:
    // Throws CryptoError naming the path and what is wrong (unreadable, not
    // a PEM private key, not RSA). Accepts PKCS#1 and PKCS#8 PEM.
    static std::shared_ptr<const RsaPrivateKey> load_pem_file(const std::string& path);
    static std::shared_ptr<const RsaPrivateKey> load_pem(std::string_view pem);

    // RSAES-PKCS1-v1_5 decryption; throws CryptoError on failure.
    std::string decrypt_pkcs1v15(std::string_view ciphertext) const;

    ~RsaPrivateKey();
    RsaPrivateKey(const RsaPrivateKey&) = delete;
    RsaPrivateKey& operator=(const RsaPrivateKey&) = delete;

    struct Impl;
    explicit RsaPrivateKey(std::unique_ptr<Impl> impl);

 private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace vneid::crypto

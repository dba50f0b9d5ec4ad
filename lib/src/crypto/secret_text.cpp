#include "crypto/secret_text.h"

#include <openssl/crypto.h>

namespace vneid::crypto {

void wipe_string(std::string& text) noexcept {
    // The whole capacity: a shorter value may have left older bytes behind.
    text.resize(text.capacity());
    OPENSSL_cleanse(text.data(), text.size());
    text.clear();
}

SecretText& SecretText::operator=(SecretText&& other) noexcept {
    if (this != &other) {
        wipe();
        text_ = std::move(other.text_);
        other.wipe();
    }
    return *this;
}

void SecretText::wipe() noexcept { wipe_string(text_); }

}  // namespace vneid::crypto

// A password on its way through the gateway: its bytes are wiped when the
// holder goes, so a core dump or a reused heap block does not keep it.
#pragma once

#include <string>
#include <string_view>

namespace vneid::crypto {

class SecretText {
 public:
    SecretText() = default;
    explicit SecretText(std::string text) : text_(std::move(text)) {}
    ~SecretText() { wipe(); }
    SecretText(const SecretText&) = delete;
    SecretText& operator=(const SecretText&) = delete;
    SecretText(SecretText&& other) noexcept : text_(std::move(other.text_)) { other.wipe(); }
    SecretText& operator=(SecretText&& other) noexcept;

    std::string_view view() const { return text_; }
    bool empty() const { return text_.empty(); }
    void wipe() noexcept;

 private:
    std::string text_;
};

// Wipes a string's bytes in place (OPENSSL_cleanse), then empties it.
void wipe_string(std::string& text) noexcept;

}  // namespace vneid::crypto

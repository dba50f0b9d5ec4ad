#pragma once

#include <stdexcept>
#include <string>

namespace vneid::crypto {

// Carries OpenSSL's reason where there is one; never key material.
class CryptoError : public std::runtime_error {
 public:
    using std::runtime_error::runtime_error;
};

// Text of the oldest queued OpenSSL error (queue is cleared), or "".
std::string take_openssl_error();

}  // namespace vneid::crypto

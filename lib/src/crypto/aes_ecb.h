#pragma once

#include <string>
#include <string_view>

namespace vneid::crypto {

// AES-ECB with PKCS#7 padding, no IV: what VNeID uses for codes and
// envelopes. Key of 16/24/32 bytes selects AES-128/192/256. Decrypt only:
// the gateway never produces ECB ciphertext. Throws CryptoError on a bad
// key length, a bad length or bad padding.
std::string aes_ecb_decrypt(std::string_view key, std::string_view ciphertext);

}  // namespace vneid::crypto

#include "crypto/random.h"

#include <openssl/rand.h>

#include "crypto/crypto_error.h"
#include "util/base64.h"

namespace vneid::crypto {

std::string random_bytes(size_t n) {
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), int(n)) != 1) {
        throw CryptoError("CSPRNG failure: " + take_openssl_error());
    }
    return out;
}

std::string random_token(size_t n) { return util::base64url_encode(random_bytes(n)); }

}  // namespace vneid::crypto

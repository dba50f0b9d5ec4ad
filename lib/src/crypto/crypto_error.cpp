#include "crypto/crypto_error.h"

#include <openssl/err.h>

namespace vneid::crypto {

std::string take_openssl_error() {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "";
    char buf[256];
    ERR_error_string_n(code, buf, sizeof(buf));
    return buf;
}

}  // namespace vneid::crypto

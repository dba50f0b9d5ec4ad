#include "provider/vneid/encrypted_code.h"

namespace vneid::provider::vneid_profile {

std::string decrypt_code(std::string_view code_base64, std::string_view encrypt_key_base64,
                         const crypto::RsaPrivateKey& client_key) {
    std::string aes_key = unwrap_aes_key(encrypt_key_base64, client_key);
    std::string code = decrypt_aes_base64(aes_key, code_base64);
    if (code.empty()) throw DecryptError("the decrypted code is empty");
    return code;
}

}  // namespace vneid::provider::vneid_profile

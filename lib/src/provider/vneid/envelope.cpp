#include "provider/vneid/envelope.h"

namespace vneid::provider::vneid_profile {

// Any object with string members "data" and "key": VNeID may add members
// (a status, a timestamp) next to them, and those must not break a login.
bool is_envelope(const nlohmann::json& answer) {
    if (!answer.is_object()) return false;
    auto data = answer.find("data");
    auto key = answer.find("key");
    return data != answer.end() && data->is_string() && key != answer.end() && key->is_string();
}

std::string open_envelope(const nlohmann::json& envelope, const crypto::RsaPrivateKey& client_key) {
    if (!is_envelope(envelope)) throw DecryptError("not a {data,key} envelope");
    std::string aes_key =
        unwrap_aes_key(envelope["key"].get_ref<const std::string&>(), client_key);
    return decrypt_aes_base64(aes_key, envelope["data"].get_ref<const std::string&>());
}

}  // namespace vneid::provider::vneid_profile

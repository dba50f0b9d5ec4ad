#include "provider/vneid/hybrid_decrypt.h"

#include "crypto/aes_ecb.h"
#include "crypto/crypto_error.h"
#include "util/base64.h"

namespace vneid::provider::vneid_profile {
namespace {

bool is_aes_key_size(size_t n) { return n == 16 || n == 24 || n == 32; }

// Java's MIME base64 encoder breaks lines; the characters carry no data.
std::string without_line_breaks(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c != '\r' && c != '\n') out += c;
    }
    return out;
}

std::string decode_base64(std::string_view text, const char* what) {
    auto bytes = util::base64_decode(without_line_breaks(text));
    if (!bytes || bytes->empty()) throw DecryptError(std::string(what) + " is not base64");
    return std::move(*bytes);
}

}  // namespace

std::string unwrap_aes_key(std::string_view wrapped_key_base64, const crypto::RsaPrivateKey& key) {
    std::string wrapped = decode_base64(wrapped_key_base64, "wrapped AES key");
    std::string aes_key;
    try {
        aes_key = key.decrypt_pkcs1v15(wrapped);
    } catch (const crypto::CryptoError&) {
        throw DecryptError(
            "RSA decryption failed (is vneid_client_key the key pair registered with VNeID?)");
    }
    // The protocol is unpublished: accept a key sent as base64 text too.
    // Padded text first: base64 of a 16-byte key is 24 characters ending in
    // "==", which would otherwise pass for a raw AES-192 key (a raw key of
    // that shape is a 1 in 2^60 draw). Unpadded 32-character text stays
    // read as a raw AES-256 key, like a 32-character ASCII or hex key.
    auto decoded = util::base64_decode(aes_key);
    bool text_key = decoded && is_aes_key_size(decoded->size());
    if (text_key && !aes_key.empty() && aes_key.back() == '=') return std::move(*decoded);
    if (is_aes_key_size(aes_key.size())) return aes_key;
    if (text_key) return std::move(*decoded);
    throw DecryptError("unwrapped AES key has " + std::to_string(aes_key.size()) +
                       " bytes (expected 16, 24 or 32)");
}

std::string decrypt_aes_base64(std::string_view aes_key, std::string_view data_base64) {
    std::string ciphertext = decode_base64(data_base64, "encrypted data");
    try {
        return crypto::aes_ecb_decrypt(aes_key, ciphertext);
    } catch (const crypto::CryptoError&) {
        throw DecryptError("AES decryption failed (wrong key or corrupted data)");
    }
}

}  // namespace vneid::provider::vneid_profile

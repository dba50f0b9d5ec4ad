// Encrypted authorization codes (lib/src/provider/vneid/encrypted_code.h,
// hybrid_decrypt.h): a callback's code and encrypt_key, decrypted with the
// fixed test key (fuzz_rsa_key.h).
// Input: first byte picks the mode.
//  even: as the callback sends them: next line = code (base64), rest =
//        encrypt_key (base64). The seeds carry keys wrapped to the test key,
//        so mutating the code reaches AES.
//  odd:  made here, since the fuzzer cannot get through RSA: next byte picks
//        the AES key and its form (raw bytes or base64 text, as the unwrap
//        accepts both), then the rest is the plain code; it must come back
//        exactly.
#include <string>

#include "fuzz_crypto.h"
#include "fuzz_support.h"
#include "provider/vneid/encrypted_code.h"

using vneid::provider::vneid_profile::decrypt_code;
using vneid::provider::vneid_profile::DecryptError;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    const vneid::crypto::RsaPrivateKey& key = vneid_fuzz::test_key();

    if (in.byte() % 2 == 0) {
        std::string_view code = in.line();
        std::string_view encrypt_key = in.rest();
        try {
            std::string plain = decrypt_code(code, encrypt_key, key);
            FUZZ_CHECK(!plain.empty());
            FUZZ_CHECK(plain.size() <= code.size());
        } catch (const DecryptError&) {
            // Refused: the login fails with idp_bad_answer.
        }
        return 0;
    }

    uint8_t choice = in.byte();
    std::string plain(in.rest());
    std::string aes = vneid_fuzz::aes_key(choice);
    // Base64 text of a 24-byte key is 32 characters, as long as a raw
    // AES-256 key, and is read as one (hybrid_decrypt.cpp): not a round trip.
    bool as_text = (choice & 4) && aes.size() != 24;
    std::string wrapped = vneid_fuzz::wrapped_b64(as_text ? vneid::util::base64_encode(aes) : aes);
    std::string code = vneid_fuzz::encrypt_b64(aes, plain, choice & 8);
    try {
        FUZZ_CHECK(decrypt_code(code, wrapped, key) == plain);
    } catch (const DecryptError&) {
        // Only an empty code is refused.
        FUZZ_CHECK(plain.empty());
    }
    return 0;
}

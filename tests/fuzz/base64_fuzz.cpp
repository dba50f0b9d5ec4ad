// Base64 and base64url (lib/src/util/base64.h), and the session cookie's
// canonical-spelling check built on base64url (session::storage_key_of).
// Input: bytes, used both as text to decode and as data to encode.
#include <string>

#include "fuzz_support.h"
#include "session/secret_token.h"
#include "util/base64.h"

using namespace vneid::util;

namespace {

using Decode = std::optional<std::string> (*)(std::string_view);
using Encode = std::string (*)(std::string_view);

void check_codec(std::string_view in, Encode encode, Decode decode, bool padded) {
    // Encoding round-trips any bytes, at the expected length.
    std::string text = encode(in);
    FUZZ_CHECK(decode(text) == std::string(in));
    size_t full = (in.size() + 2) / 3 * 4;
    FUZZ_CHECK(padded ? text.size() == full : text.size() == (in.size() * 4 + 2) / 3);
    if (padded) {
        // Padding is optional for the decoder.
        std::string bare = text.substr(0, text.find('='));
        FUZZ_CHECK(decode(bare) == std::string(in));
    } else {
        FUZZ_CHECK(text.find('=') == std::string::npos);
    }

    // Decoding: bounded output, and what it decodes re-encodes to text that
    // decodes to the same bytes (non-canonical spellings are accepted).
    std::optional<std::string> bytes = decode(in);
    if (!bytes) return;
    FUZZ_CHECK(bytes->size() <= in.size() * 3 / 4);
    FUZZ_CHECK(decode(encode(*bytes)) == bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input input(data, size);
    std::string_view in = input.rest();
    check_codec(in, base64_encode, base64_decode, true);
    check_codec(in, base64url_encode, base64url_decode, false);

    // A session cookie or state value has exactly one accepted spelling.
    if (std::optional<std::string> key = vneid::session::storage_key_of(in)) {
        FUZZ_CHECK(key->size() == 32);
        std::optional<std::string> raw = base64url_decode(in);
        FUZZ_CHECK(raw && raw->size() == vneid::session::kSecretBytes);
        FUZZ_CHECK(base64url_encode(*raw) == in);
    }
    return 0;
}

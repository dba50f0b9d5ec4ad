// {data,key} envelopes (lib/src/provider/vneid/envelope.h, hybrid_decrypt.h)
// around the IdP's answers, opened with the fixed test key (fuzz_rsa_key.h).
// Input: first byte picks the mode.
//  even: the rest is the token endpoint's answer, through complete_login.
//        The seeds include envelopes wrapped to the test key, so mutating
//        "data" reaches AES.
//  odd:  made here, since the fuzzer cannot get through RSA: next byte picks
//        the AES key and base64 style, the rest is the user-info JSON to
//        wrap. It must open to exactly that text (also with one member
//        more next to data and key: extra members are ignored), and the
//        login must end as it does with the same JSON unwrapped.
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_login.h"
#include "provider/vneid/envelope.h"

using nlohmann::json;
using namespace vneid::provider::vneid_profile;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);

    if (in.byte() % 2 == 0) {
        std::string token_body(in.rest());
        vneid_fuzz::login_with(token_body, vneid_fuzz::good_userinfo_body());
        // is_envelope's promise, whatever the text.
        json answer = json::parse(token_body, nullptr, false);
        if (is_envelope(answer)) {
            FUZZ_CHECK(answer.is_object() && answer["data"].is_string() &&
                       answer["key"].is_string());
        }
        return 0;
    }

    uint8_t choice = in.byte();
    std::string inner(in.rest());
    std::string aes = vneid_fuzz::aes_key(choice);
    // As an IdP sends it: JSON text on the wire, parsed by the gateway.
    std::string wire = json{{"data", vneid_fuzz::encrypt_b64(aes, inner, choice & 8)},
                            {"key", vneid_fuzz::wrapped_b64(aes)}}
                           .dump();
    json envelope = json::parse(wire);
    FUZZ_CHECK(is_envelope(envelope));
    FUZZ_CHECK(open_envelope(envelope, vneid_fuzz::test_key()) == inner);
    // Members next to "data" and "key" are ignored: the same envelope with
    // one more (as a VNeID deployment may add) opens to the same text.
    json extended = envelope;
    extended[choice & 16 ? "status" : "timestamp"] = choice & 32 ? json(inner) : json(choice);
    FUZZ_CHECK(is_envelope(extended));
    FUZZ_CHECK(open_envelope(extended, vneid_fuzz::test_key()) == inner);

    // Wrapping is transparent to the login, unless the inner text is itself
    // an envelope (only one layer is opened).
    if (is_envelope(json::parse(inner, nullptr, false))) return 0;
    vneid_fuzz::LoginResult wrapped = vneid_fuzz::login_with(vneid_fuzz::good_token_body(), wire);
    vneid_fuzz::LoginResult plain = vneid_fuzz::login_with(vneid_fuzz::good_token_body(), inner);
    FUZZ_CHECK(wrapped.identity.has_value() == plain.identity.has_value());
    if (plain.identity) FUZZ_CHECK(vneid_fuzz::same_identity(*wrapped.identity, *plain.identity));
    else FUZZ_CHECK(wrapped.failure == plain.failure);
    return 0;
}

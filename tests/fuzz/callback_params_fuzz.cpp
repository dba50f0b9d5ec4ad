// The IdP's callback query (lib/src/provider/callback_params.h).
// Input: the raw query string, without '?'.
#include <string>

#include "fuzz_support.h"
#include "http/query.h"
#include "provider/callback_params.h"

using vneid::provider::CallbackParams;
using vneid::provider::parse_callback;

namespace {

bool same(const CallbackParams& a, const CallbackParams& b) {
    return a.code == b.code && a.state == b.state && a.encrypt_key == b.encrypt_key &&
           a.error == b.error && a.error_description == b.error_description;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string_view raw = in.rest();
    CallbackParams p = parse_callback(raw);

    // Decoding only shrinks: no field is longer than the whole query.
    for (const std::string* f : {&p.code, &p.state, &p.encrypt_key, &p.error, &p.error_description})
        FUZZ_CHECK(f->size() <= raw.size());
    // A '+' in a base64 code survives (VNeID's codes contain it).
    if (!p.code.empty() && raw.find("code=") == 0 && raw.find_first_of("%&") == std::string_view::npos)
        FUZZ_CHECK(p.code == raw.substr(5));

    // What we parsed, re-encoded the way an IdP would, parses the same.
    std::string again = vneid::http::form_encode({{"state", p.state},
                                                  {"code", p.code},
                                                  {"encrypt_key", p.encrypt_key},
                                                  {"error", p.error},
                                                  {"error_description", p.error_description}});
    FUZZ_CHECK(same(parse_callback(again), p));
    // Duplicates: the first occurrence wins, and query_param_count sees both.
    std::string doubled = again + "&code=" + vneid::http::url_encode(p.code + "x");
    FUZZ_CHECK(parse_callback(doubled).code == p.code);
    FUZZ_CHECK(vneid::http::query_param_count(doubled, "code") == 2);
    return 0;
}

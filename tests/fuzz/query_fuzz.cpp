// Query strings and form bodies (lib/src/http/query.h).
// Input: first line = a parameter name, the rest = a raw query / form body.
#include <string>
#include <utility>
#include <vector>

#include "fuzz_support.h"
#include "http/query.h"

using namespace vneid::http;

namespace {

bool is_unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
}

bool is_upper_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

// url_encode's output: unreserved characters and uppercase %XX only.
void check_encoded(std::string_view in, const std::string& out) {
    size_t escapes = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        if (is_unreserved(out[i])) continue;
        FUZZ_CHECK(out[i] == '%' && i + 2 < out.size() && is_upper_hex(out[i + 1]) &&
                   is_upper_hex(out[i + 2]));
        i += 2;
        ++escapes;
    }
    FUZZ_CHECK(out.size() == in.size() + 2 * escapes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string_view name = in.line();
    std::string_view raw = in.rest();

    // Parsing: a value exactly when the name occurs; decoding never grows.
    std::optional<std::string> value = query_param(raw, name);
    size_t count = query_param_count(raw, name);
    FUZZ_CHECK(value.has_value() == (count > 0));
    if (value) FUZZ_CHECK(value->size() <= raw.size());
    std::optional<std::string> field = form_param(raw, name);
    // The two decoders differ only in what '+' means.
    if (raw.find('+') == std::string_view::npos) FUZZ_CHECK(field == value);
    if (!value) FUZZ_CHECK(!field || name.find(' ') != std::string_view::npos);

    // Encoding round-trips through both decoders, whatever the bytes.
    std::string encoded_name = url_encode(name);
    std::string encoded_value = url_encode(raw);
    check_encoded(name, encoded_name);
    check_encoded(raw, encoded_value);
    std::string form = form_encode({{std::string(name), std::string(raw)},
                                    {"other", "x"},
                                    {std::string(name), "second"}});
    FUZZ_CHECK(query_param(form, name) == std::string(raw));
    FUZZ_CHECK(form_param(form, name) == std::string(raw));
    FUZZ_CHECK(query_param_count(form, name) == (name == "other" ? 3u : 2u));
    return 0;
}

// Cookie header (lib/src/request/cookie_header.h): find_cookie and
// remove_cookie checked against each other and against the header's contract.
// Input: first line = a cookie name, the rest = the Cookie header value.
// Every name that occurs in the header is tried too, so the fuzzer does not
// have to guess one.
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cookie_model.h"
#include "fuzz_support.h"
#include "request/cookie_header.h"

using vneid::request::find_cookie;
using vneid::request::remove_cookie;

namespace {

using Pair = vneid_fuzz::CookiePair;

std::vector<Pair> pairs_of(std::string_view header) { return vneid_fuzz::cookie_pairs_of(header); }

void check_removal(std::string_view header, std::string_view name) {
    std::optional<std::string_view> found = find_cookie(header, name);
    if (found) FUZZ_CHECK(vneid_fuzz::points_into(*found, header));

    // An exact-size heap copy, as the glue passes it: ASan sees any write
    // past the input (the issue 7 overflow).
    auto buf = std::make_unique<char[]>(header.size());
    if (!header.empty()) std::memcpy(buf.get(), header.data(), header.size());
    size_t len = remove_cookie(buf.get(), header.size(), name);
    FUZZ_CHECK(len <= header.size());
    std::string_view out(buf.get(), len);

    // What authenticated is gone, and nothing of that name is left.
    FUZZ_CHECK(!find_cookie(out, name));
    // Every other cookie survives, in order, with its value.
    std::vector<Pair> expected;
    for (const Pair& p : pairs_of(header))
        if (p.key != name) expected.push_back(p);
    FUZZ_CHECK(pairs_of(out) == expected);
    for (const Pair& p : expected) FUZZ_CHECK(find_cookie(out, p.key) == find_cookie(header, p.key));
    // Nothing left to remove: a second pass changes nothing.
    std::string again(out);
    again.resize(remove_cookie(again.data(), again.size(), name));
    FUZZ_CHECK(again == out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string_view name = in.line();
    std::string_view header = in.rest();
    check_removal(header, name);

    // The header's own names, a few distinct ones: bounded work per input.
    std::vector<std::string_view> tried;
    for (const Pair& p : pairs_of(header)) {
        if (tried.size() == 4) break;
        bool seen = false;
        for (std::string_view t : tried) seen = seen || t == p.key;
        if (seen) continue;
        tried.push_back(p.key);
        check_removal(header, p.key);
    }
    return 0;
}

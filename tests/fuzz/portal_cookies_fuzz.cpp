// Portal cookie filtering (lib/src/request/portal_cookies.h) against a
// model of its contract.
// Input: first line = the portal cookie names, separated by spaces; second
// line = the keep() answers, one bit per call (cycled; none: keep nothing);
// the rest = the Cookie header value. When the first byte of the second
// line has its high bit set, the header's own first names are portal
// cookies too, so the fuzzer does not have to guess them.
#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cookie_model.h"
#include "fuzz_support.h"
#include "request/portal_cookies.h"

using vneid::request::filter_cookies;

namespace {

using Pair = vneid_fuzz::CookiePair;

std::vector<Pair> pairs_of(std::string_view header) { return vneid_fuzz::cookie_pairs_of(header); }

std::vector<std::string_view> split_names(std::string_view line) {
    std::vector<std::string_view> out;
    while (!line.empty() && out.size() < 8) {
        size_t sp = line.find(' ');
        if (sp != 0) out.push_back(line.substr(0, sp));
        line = sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1);
    }
    return out;
}

// keep() answers bit i of `bits` (cycled) on its i-th call: the same name
// and value can be kept once and dropped the next time.
struct Answers {
    std::string_view bits;
    size_t calls = 0;
    bool next() {
        if (bits.empty()) return false;
        size_t i = calls++ % (bits.size() * 8);
        return (uint8_t(bits[i / 8]) >> (i % 8)) & 1;
    }
};

bool contains(const std::vector<std::string_view>& v, std::string_view s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::vector<std::string_view> names = split_names(in.line());
    const std::string_view bits = in.line();
    const std::string_view header = in.rest();
    const std::vector<Pair> pairs = pairs_of(header);
    if (!bits.empty() && (uint8_t(bits[0]) & 0x80)) {
        for (const Pair& p : pairs)
            if (names.size() < 12 && !contains(names, p.key)) names.push_back(p.key);
    }

    // The model: which pairs stay, which names go, which calls keep() gets.
    Answers model_answers{bits};
    std::vector<std::string_view> kept, gone;
    std::vector<Pair> calls;
    size_t named_kept = 0;
    for (const Pair& p : pairs) {
        if (!contains(names, p.key)) {
            kept.push_back(p.text);
            continue;
        }
        calls.push_back(p);
        if (model_answers.next()) {
            kept.push_back(p.text);
            ++named_kept;
        } else if (!contains(gone, p.key)) {
            gone.push_back(p.key);
        }
    }

    // An exact-size heap copy, as the glue passes it: ASan sees any write
    // past the input.
    auto buf = std::make_unique<char[]>(header.size());
    if (!header.empty()) std::memcpy(buf.get(), header.data(), header.size());
    Answers answers{bits};
    size_t call = 0;
    std::vector<std::string> removed;
    size_t len = filter_cookies(
        buf.get(), header.size(), names,
        [&](std::string_view name, std::string_view value) {
            // Called once per named pair, in order, with its name and value.
            FUZZ_CHECK(call < calls.size());
            FUZZ_CHECK(name == calls[call].key && value == calls[call].value);
            ++call;
            return answers.next();
        },
        &removed);
    FUZZ_CHECK(call == calls.size());
    FUZZ_CHECK(len <= header.size());
    FUZZ_CHECK(removed.size() == gone.size() &&
               std::equal(removed.begin(), removed.end(), gone.begin()));

    // The output is the kept pairs' own bytes, in order, joined by ";" or
    // "; ": nothing invented, nothing reordered.
    std::string_view out(buf.get(), len);
    for (size_t i = 0; i < kept.size(); ++i) {
        if (i > 0) {
            FUZZ_CHECK(!out.empty() && out.front() == ';');
            out.remove_prefix(1);
            // Pairs are trimmed, so a space here can only be the separator's.
            if (!out.empty() && out.front() == ' ') out.remove_prefix(1);
        }
        FUZZ_CHECK(out.substr(0, kept[i].size()) == kept[i]);
        out.remove_prefix(kept[i].size());
    }
    FUZZ_CHECK(out.empty());

    // A second pass keeping nothing leaves no portal cookie at all, and
    // changes nothing when none was left.
    std::string again(buf.get(), len);
    again.resize(filter_cookies(again.data(), again.size(), names, nullptr, nullptr));
    for (const Pair& p : pairs_of(again)) FUZZ_CHECK(!contains(names, p.key));
    if (named_kept == 0) FUZZ_CHECK(again == std::string_view(buf.get(), len));
    return 0;
}

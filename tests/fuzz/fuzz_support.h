// Shared by the fuzz targets (tests/fuzz/*_fuzz.cpp): a check that holds in
// every build and a reader that splits one fuzz input into parts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// assert() is compiled out under NDEBUG, and both the fuzz build and the
// replay build are RelWithDebInfo: a broken property must abort regardless,
// so libFuzzer saves the input and the replay test fails.
#define FUZZ_CHECK(cond) \
    ((cond) ? (void)0 : ::vneid_fuzz::property_failed(#cond, __FILE__, __LINE__))

namespace vneid_fuzz {

[[noreturn]] inline void property_failed(const char* what, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: fuzz property violated: %s\n", file, line, what);
    std::abort();
}

// Takes an input apart front to back. Text targets use lines, so the seed
// files stay readable: "first line = a name, the rest = the header".
class Input {
 public:
    Input(const uint8_t* data, size_t size)
        : rest_(size ? reinterpret_cast<const char*>(data) : "", size) {}

    // Up to the next '\n' (not included); everything left if there is none.
    std::string_view line() {
        size_t nl = rest_.find('\n');
        std::string_view out = rest_.substr(0, nl);
        rest_ = nl == std::string_view::npos ? std::string_view() : rest_.substr(nl + 1);
        return out;
    }

    // The next byte, or 0 once the input is used up.
    uint8_t byte() {
        if (rest_.empty()) return 0;
        uint8_t b = uint8_t(rest_.front());
        rest_.remove_prefix(1);
        return b;
    }

    std::string_view rest() {
        std::string_view out = rest_;
        rest_ = {};
        return out;
    }

    bool empty() const { return rest_.empty(); }

 private:
    std::string_view rest_;
};

// True when `part` lies inside `whole`: views the parsers hand back must
// point into their input, never at a temporary.
inline bool points_into(std::string_view part, std::string_view whole) {
    if (part.empty()) return true;
    auto p = reinterpret_cast<uintptr_t>(part.data());
    auto w = reinterpret_cast<uintptr_t>(whole.data());
    return p >= w && p + part.size() <= w + whole.size();
}

}  // namespace vneid_fuzz

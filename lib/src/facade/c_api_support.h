// Helpers for the extern "C" surface: exceptions stop here.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "vneid/vneid.h"

namespace vneid::facade {

inline void set_error(char* err, size_t errlen, const char* what) {
    if (err && errlen) std::snprintf(err, errlen, "%s", what);
}

// Runs f; any exception becomes `failure` plus its message in err.
template <typename F, typename R>
R guarded(char* err, size_t errlen, R failure, F&& f) noexcept {
    try {
        return f();
    } catch (const std::exception& e) {
        set_error(err, errlen, e.what());
    } catch (...) {
        set_error(err, errlen, "unknown error");
    }
    return failure;
}

// Hands a string to C code; 0 on success.
inline int to_buf(const std::string& s, vneid_buf_t* out) noexcept {
    out->data = static_cast<char*>(out->alloc ? out->alloc(out->pool, s.size() + 1)
                                              : std::malloc(s.size() + 1));
    if (out->data == nullptr) {
        out->len = 0;
        return -1;
    }
    std::memcpy(out->data, s.data(), s.size());
    out->data[s.size()] = '\0';
    out->len = s.size();
    return 0;
}

// Copies into a fixed C field; false (and an empty field) if it won't fit,
// so a truncated value never passes for a real one.
template <size_t N>
bool copy_field(char (&dst)[N], const std::string& src) noexcept {
    if (src.size() >= N) {
        dst[0] = '\0';
        return false;
    }
    std::memcpy(dst, src.data(), src.size());
    dst[src.size()] = '\0';
    return true;
}

}  // namespace vneid::facade

// Little-endian, length-prefixed binary encoding for store records. The
// reader never reads past its input: every accessor reports failure instead,
// so truncated or garbage records are rejected, not trusted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vneid::session {

class ByteWriter {
 public:
    void u8(uint8_t v) { out_ += char(v); }
    void u32(uint32_t v) { put_le(v, 4); }
    void i64(int64_t v) { put_le(uint64_t(v), 8); }
    void str(std::string_view s) {
        u32(uint32_t(s.size()));
        out_.append(s.data(), s.size());
    }
    std::string take() { return std::move(out_); }

 private:
    void put_le(uint64_t v, int n) {
        for (int i = 0; i < n; ++i) out_ += char((v >> (8 * i)) & 0xff);
    }
    std::string out_;
};

class ByteReader {
 public:
    explicit ByteReader(std::string_view in) : in_(in) {}

    bool u8(uint8_t* v) {
        if (in_.empty()) return false;
        *v = uint8_t(in_[0]);
        in_.remove_prefix(1);
        return true;
    }
    bool u32(uint32_t* v) {
        uint64_t x;
        if (!get_le(4, &x)) return false;
        *v = uint32_t(x);
        return true;
    }
    bool i64(int64_t* v) {
        uint64_t x;
        if (!get_le(8, &x)) return false;
        *v = int64_t(x);
        return true;
    }
    bool i32(int* v) {
        uint32_t x;
        if (!u32(&x)) return false;
        *v = int(int32_t(x));
        return true;
    }
    bool str(std::string* s) {
        uint32_t len;
        if (!u32(&len) || len > in_.size()) return false;
        s->assign(in_.data(), len);
        in_.remove_prefix(len);
        return true;
    }
    // A count of items that each take at least min_item_size bytes: rejects
    // counts the remaining input cannot hold, so garbage cannot make us
    // reserve gigabytes.
    bool count(uint32_t* n, size_t min_item_size) {
        if (!u32(n)) return false;
        return size_t(*n) <= in_.size() / min_item_size;
    }
    size_t remaining() const { return in_.size(); }

 private:
    bool get_le(size_t n, uint64_t* v) {
        if (in_.size() < n) return false;
        uint64_t x = 0;
        for (size_t i = 0; i < n; ++i) x |= uint64_t(uint8_t(in_[i])) << (8 * i);
        in_.remove_prefix(n);
        *v = x;
        return true;
    }
    std::string_view in_;
};

// Fixed-width field access at a known offset (used to patch or peek a field
// without decoding the whole record).
inline bool peek_i64_le(std::string_view in, size_t offset, int64_t* v) {
    if (in.size() < offset + 8) return false;
    uint64_t x = 0;
    for (size_t i = 0; i < 8; ++i) x |= uint64_t(uint8_t(in[offset + i])) << (8 * i);
    *v = int64_t(x);
    return true;
}

inline void poke_i64_le(std::string& out, size_t offset, int64_t v) {
    for (size_t i = 0; i < 8; ++i) out[offset + i] = char((uint64_t(v) >> (8 * i)) & 0xff);
}

}  // namespace vneid::session

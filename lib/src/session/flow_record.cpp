#include "session/flow_record.h"

#include "session/byte_codec.h"

namespace vneid::session {
namespace {

constexpr uint8_t kFlowRecordVersion = 1;

}  // namespace

std::string encode_flow(const FlowRecord& rec) {
    ByteWriter w;
    w.u8(kFlowRecordVersion);
    w.i64(rec.created);
    w.i64(rec.expires);
    w.str(rec.binding_hash);
    w.str(rec.return_url);
    w.str(rec.redirect_uri);
    w.str(rec.nonce);
    w.str(rec.pkce_verifier);
    return w.take();
}

std::optional<FlowRecord> decode_flow(std::string_view raw) {
    ByteReader r(raw);
    uint8_t version;
    FlowRecord rec;
    bool ok = r.u8(&version) && version >= 1 && r.i64(&rec.created) &&
              r.i64(&rec.expires) && r.str(&rec.binding_hash) &&
              r.str(&rec.return_url) && r.str(&rec.redirect_uri) &&
              r.str(&rec.nonce) && r.str(&rec.pkce_verifier);
    if (!ok || (version == 1 && r.remaining() != 0)) return std::nullopt;
    return rec;
}

std::optional<int64_t> peek_flow_expires(std::string_view raw) {
    int64_t expires;
    if (raw.empty() || uint8_t(raw[0]) < 1 || !peek_i64_le(raw, 9, &expires)) {
        return std::nullopt;
    }
    return expires;
}

std::optional<int64_t> peek_flow_created(std::string_view raw) {
    int64_t created;
    if (raw.empty() || uint8_t(raw[0]) < 1 || !peek_i64_le(raw, 1, &created)) {
        return std::nullopt;
    }
    return created;
}

}  // namespace vneid::session

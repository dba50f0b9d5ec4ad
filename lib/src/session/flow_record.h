// A pending login (OAuth state): what the callback needs to finish it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vneid::session {

struct FlowRecord {
    std::string binding_hash;   // ties the flow to the browser that started it
    std::string return_url;
    std::string redirect_uri;
    std::string nonce;
    std::string pkce_verifier;
    int64_t created = 0;
    int64_t expires = 0;        // unix seconds; the flow is unusable after it
};

// u8 version (1) | i64 created | i64 expires | 5 x str, as in session_record.h.
std::string encode_flow(const FlowRecord& rec);
std::optional<FlowRecord> decode_flow(std::string_view raw);
// expires from the fixed header, for the sweeper.
std::optional<int64_t> peek_flow_expires(std::string_view raw);
// created from the fixed header.
std::optional<int64_t> peek_flow_created(std::string_view raw);

// Past its expiry, or created in what is now the future by more than its
// own lifetime (the wall clock stepped back): a flow is never immortal.
inline bool flow_is_over(int64_t created, int64_t expires, int64_t now) {
    return now > expires || created - now > expires - created;
}

}  // namespace vneid::session

// Pending-login (flow) records as read back from the LMDB store
// (lib/src/session/flow_record.h): the decoder and the sweeper's peek.
// Input: the stored bytes.
#include <string>

#include "fuzz_support.h"
#include "session/flow_record.h"

using namespace vneid::session;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string_view raw = in.rest();

    std::optional<FlowRecord> rec = decode_flow(raw);
    std::optional<int64_t> expires = peek_flow_expires(raw);
    if (!rec) return 0;

    // Re-encoding gives the stored bytes back (a newer version's unknown
    // tail aside) and decodes to the same record.
    std::string again = encode_flow(*rec);
    FUZZ_CHECK(again.size() <= raw.size());
    FUZZ_CHECK(again.substr(1) == raw.substr(1, again.size() - 1));
    if (uint8_t(raw[0]) == 1) FUZZ_CHECK(again == raw);
    std::optional<FlowRecord> back = decode_flow(again);
    FUZZ_CHECK(back && back->binding_hash == rec->binding_hash && back->return_url == rec->return_url &&
               back->redirect_uri == rec->redirect_uri && back->nonce == rec->nonce &&
               back->pkce_verifier == rec->pkce_verifier && back->created == rec->created &&
               back->expires == rec->expires);
    // The sweeper's peek agrees with the full decode.
    FUZZ_CHECK(expires && *expires == rec->expires);
    return 0;
}

// Account-directory records as read back from the LMDB store
// (lib/src/session/legacy_account.h): the legacy portal accounts linked to
// one citizen id, with their disabled flags (version 2).
// Input: the stored bytes.
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "session/legacy_account.h"

using namespace vneid::session;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string_view raw = in.rest();

    std::optional<std::vector<LegacyAccount>> accounts = decode_accounts(raw);
    if (!accounts) return 0;
    const uint8_t version = uint8_t(raw[0]);
    const size_t n = accounts->size();
    // Each account takes at least its three length prefixes.
    FUZZ_CHECK(n <= raw.size() / 12);
    FUZZ_CHECK(version >= 1);

    // The encoder writes version 2: the version-1 body, then one flags byte
    // per account. Decoding read that body from raw unchanged (any version),
    // and version 1 has nothing after it.
    std::string again = encode_accounts(*accounts);
    FUZZ_CHECK(again.size() >= n + 1 && uint8_t(again[0]) == 2);
    const size_t body = again.size() - n;
    FUZZ_CHECK(body <= raw.size());
    FUZZ_CHECK(again.substr(1, body - 1) == raw.substr(1, body - 1));
    if (version == 1) FUZZ_CHECK(body == raw.size());
    if (version == 2) FUZZ_CHECK(again == raw);
    for (size_t i = 0; i < n; ++i) {
        const bool stored = version >= 2 && (uint8_t(raw[body + i]) & 1);
        FUZZ_CHECK((*accounts)[i].disabled == stored);
        FUZZ_CHECK(uint8_t(again[body + i]) == (stored ? 1 : 0));
    }

    std::optional<std::vector<LegacyAccount>> back = decode_accounts(again);
    FUZZ_CHECK(back && back->size() == n);
    for (size_t i = 0; i < n; ++i) {
        const LegacyAccount &a = (*back)[i], &b = (*accounts)[i];
        FUZZ_CHECK(a.username == b.username && a.display_name == b.display_name &&
                   a.unit == b.unit && a.disabled == b.disabled);
    }
    return 0;
}

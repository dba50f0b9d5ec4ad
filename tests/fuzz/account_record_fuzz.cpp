// Account-directory records as read back from the LMDB store
// (lib/src/session/legacy_account.h): the legacy portal accounts linked to
// one citizen id.
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
    // Each account takes at least its three length prefixes.
    FUZZ_CHECK(accounts->size() <= raw.size() / 12);

    std::string again = encode_accounts(*accounts);
    FUZZ_CHECK(again.size() <= raw.size());
    FUZZ_CHECK(again.substr(1) == raw.substr(1, again.size() - 1));
    if (uint8_t(raw[0]) == 1) FUZZ_CHECK(again == raw);
    std::optional<std::vector<LegacyAccount>> back = decode_accounts(again);
    FUZZ_CHECK(back && back->size() == accounts->size());
    for (size_t i = 0; i < back->size(); ++i) {
        const LegacyAccount &a = (*back)[i], &b = (*accounts)[i];
        FUZZ_CHECK(a.username == b.username && a.display_name == b.display_name && a.unit == b.unit);
    }
    return 0;
}

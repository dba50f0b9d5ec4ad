// extern "C" wrappers over lib/src/identity: what the glue may log of an ID.
#include <cstring>

#include "facade/c_api_support.h"
#include "identity/citizen_id_mask.h"

using namespace vneid;

extern "C" size_t vneid_citizen_id_masked(const char* id, char* out) noexcept {
    out[0] = '\0';
    if (id == nullptr) return 0;
    size_t len = strnlen(id, VNEID_CITIZEN_ID_SIZE);
    if (len == VNEID_CITIZEN_ID_SIZE) return 0;
    return facade::guarded(nullptr, 0, size_t(0), [&] {
        std::string masked = identity::mask_citizen_id({id, len});
        std::memcpy(out, masked.c_str(), masked.size() + 1);
        return masked.size();
    });
}

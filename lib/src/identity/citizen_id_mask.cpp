#include "identity/citizen_id_mask.h"

namespace vneid::identity {

std::string mask_citizen_id(std::string_view id) {
    if (id.size() < 7) return std::string(id.size(), '*');
    std::string out(id.size(), '*');
    out.replace(0, 3, id.substr(0, 3));
    out.replace(id.size() - 3, 3, id.substr(id.size() - 3));
    return out;
}

std::string mask_citizen_id_last4(std::string_view id) {
    std::string out(id.size(), '*');
    if (id.size() >= 8) out.replace(id.size() - 4, 4, id.substr(id.size() - 4));
    return out;
}

}  // namespace vneid::identity

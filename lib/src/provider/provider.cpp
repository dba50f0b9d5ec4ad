#include "provider/provider.h"

#include <stdexcept>

#include "provider/config_check.h"
#include "provider/vneid/vneid_provider.h"

namespace vneid::provider {

Provider::~Provider() = default;

std::unique_ptr<Provider> make_provider(ProviderConfig config) {
    if (config.profile == "oidc")
        throw std::invalid_argument(
            "vneid_provider: the \"oidc\" profile is not supported yet; use \"vneid\"");
    if (config.profile != "vneid")
        throw std::invalid_argument("vneid_provider: unknown profile \"" + config.profile +
                                    "\" (expected vneid or oidc)");
    check_provider_config(config);
    return std::make_unique<VneidProvider>(std::move(config));
}

}  // namespace vneid::provider

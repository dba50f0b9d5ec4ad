// Configuration errors found when nginx reads its configuration (nginx -t),
// not on the first login.
#pragma once

#include "provider/provider_config.h"

namespace vneid::provider {

// Throws std::invalid_argument with a message naming the directive and the
// problem (never the client secret).
void check_provider_config(const ProviderConfig& config);

}  // namespace vneid::provider

// Bounds on pending logins, so that anonymous /_vneid/start requests can
// never fill the store: every start stores a flow for its lifetime (10 min).
#pragma once

#include <cstddef>

namespace vneid::session {

struct FlowLimits {
    // Flows stored at once; a new one beyond this pushes the oldest out.
    size_t max_pending = 10000;
    // Per browser (binding cookie): several tabs may log in at once, a loop
    // of one browser only replaces its own oldest flows.
    size_t max_per_binding = 8;
    // New flows are admitted only while the store's data take less than this
    // share of the map (each then pushes out older flows instead of adding
    // to them); the rest is kept for sessions, so that a login which reached
    // the callback can always be stored.
    unsigned max_map_percent = 50;
};

// Longest `return` path a flow keeps (longer ones become "/"), and the
// longest redirect_uri (which a relative vneid_redirect_uri takes from the
// request's Host).
inline constexpr size_t kMaxFlowReturnBytes = 2048;
inline constexpr size_t kMaxFlowRedirectUriBytes = 2048;

}  // namespace vneid::session

#pragma once

#include <optional>
#include <string_view>

namespace vneid::request {

// What the browser told us about why it sent the request.
struct RequestHints {
    std::optional<std::string_view> sec_fetch_mode;
    std::optional<std::string_view> sec_fetch_dest;
    std::optional<std::string_view> accept;
    bool x_requested_with = false;
};

// A top-level page load by a person (answer with a redirect to the login
// page) as opposed to XHR/fetch/API/sub-resource requests (answer 401 JSON:
// a redirect to an HTML login page would only confuse a script). Follows
// Fetch Metadata first, then the legacy signals.
bool is_navigation(const RequestHints& hints);

}  // namespace vneid::request

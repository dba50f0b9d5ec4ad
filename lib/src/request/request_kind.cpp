#include "request/request_kind.h"

#include <algorithm>
#include <string>

#include "request/ascii_case.h"

namespace vneid::request {
namespace {

bool icontains(std::string_view haystack, std::string_view needle) {
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                          ascii_iequal);
    return it != haystack.end();
}

}  // namespace

bool is_navigation(const RequestHints& hints) {
    if (hints.x_requested_with) return false;
    if (hints.sec_fetch_mode) return iequals(*hints.sec_fetch_mode, "navigate");
    if (hints.sec_fetch_dest) {
        return iequals(*hints.sec_fetch_dest, "document") ||
               iequals(*hints.sec_fetch_dest, "iframe");
    }
    // Browsers without Fetch Metadata still ask for HTML when navigating.
    return hints.accept && icontains(*hints.accept, "text/html");
}

}  // namespace vneid::request

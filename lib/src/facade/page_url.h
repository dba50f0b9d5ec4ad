// "<endpoint><page>?return=<url-encoded path>", the way the glue's
// vneid_page_location builds it, for the pages the core links to itself
// (the linking pages' retry and "another VNeID account" buttons).
#pragma once

#include <string>
#include <string_view>

#include "http/query.h"
#include "http/url.h"

namespace vneid::facade {

// A return that is not a path of this site becomes "/", which is left out
// (the endpoint's own default).
inline std::string page_url(std::string_view endpoint, std::string_view page,
                            std::string_view return_path) {
    std::string url(endpoint);
    url += page;
    const std::string back = http::safe_return_path(return_path);
    if (back != "/") url += "?return=" + http::url_encode(back);
    return url;
}

}  // namespace vneid::facade

#include "request/cookie_header.h"

#include "request/cookie_pairs.h"

namespace vneid::request {

size_t remove_cookie(char* header, size_t len, std::string_view name) {
    return cookie_pairs::retain_pairs(
        header, len, [name](std::string_view key, std::string_view) { return key != name; });
}

std::optional<std::string_view> find_cookie(std::string_view header, std::string_view name) {
    std::optional<std::string_view> found;
    cookie_pairs::for_each_pair(header, [&](std::string_view, std::string_view key,
                                            std::string_view value) {
        if (key != name) return true;
        found = value;
        return false;
    });
    return found;
}

}  // namespace vneid::request

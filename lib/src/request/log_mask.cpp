#include "request/log_mask.h"

#include <algorithm>

namespace vneid::request {

std::string mask_query_values(std::string_view request_line,
                              std::initializer_list<std::string_view> names) {
    std::string out;
    out.reserve(request_line.size());
    const size_t query = request_line.find('?');
    if (query == std::string_view::npos) return std::string(request_line);
    size_t end = request_line.find(' ', query);
    if (end == std::string_view::npos) end = request_line.size();

    out.append(request_line.substr(0, query + 1));
    size_t pos = query + 1;
    while (pos <= end) {
        size_t next = request_line.find_first_of("&; ", pos);
        if (next == std::string_view::npos || next > end) next = end;
        std::string_view param = request_line.substr(pos, next - pos);
        const size_t eq = param.find('=');
        const std::string_view name = param.substr(0, eq);
        if (eq != std::string_view::npos &&
            std::find(names.begin(), names.end(), name) != names.end()) {
            const size_t value_len = param.size() - eq - 1;
            out.append(param.substr(0, eq + 1));
            out.append(std::min<size_t>(value_len, 3), '*');
        } else {
            out.append(param);
        }
        if (next >= end) break;
        out.push_back(request_line[next]);
        pos = next + 1;
    }
    out.append(request_line.substr(end));
    return out;
}

}  // namespace vneid::request

// What nginx logs of a request line must not carry the callback's secrets:
// the authorization code (exchangeable for tokens until it is used) and the
// state. nginx puts r->request_line in every error-log line's context and in
// the access log's $request, so the gateway hands it a masked copy.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace vneid::request {

// The request line ("GET /cb?code=X&state=Y HTTP/1.1") with the value of
// each query parameter named in `names` replaced: a value of up to 3 bytes
// by as many '*', a longer one by "***". Parameters are split at '&' and ';'
// in the query (from the first '?' to the next space); names compare
// exactly, undecoded. Never longer than the input; unchanged when nothing
// matches.
std::string mask_query_values(std::string_view request_line,
                              std::initializer_list<std::string_view> names);

}  // namespace vneid::request

#include "provider/callback_params.h"

#include "http/query.h"

namespace vneid::provider {

CallbackParams parse_callback(std::string_view raw_query) {
    auto get = [raw_query](std::string_view name) {
        return http::query_param(raw_query, name).value_or("");
    };
    CallbackParams params;
    params.code = get("code");
    params.state = get("state");
    params.encrypt_key = get("encrypt_key");
    params.error = get("error");
    params.error_description = get("error_description");
    return params;
}

}  // namespace vneid::provider

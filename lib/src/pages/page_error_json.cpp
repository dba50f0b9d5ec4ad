// The error answers for XHR/fetch/API clients, which cannot show an HTML page.
#include <nlohmann/json.hpp>

#include "pages/error_text.h"
#include "pages/pages.h"

namespace vneid::pages {

std::string render_error_json(Lang lang, ErrorKind kind, std::string_view reference_id) {
    nlohmann::ordered_json body;
    body["error"] = error_info(kind).code;
    body["message"] = error_message(lang, kind, !reference_id.empty());
    body["reference"] = std::string(reference_id);
    // Replace rather than throw on malformed UTF-8 in the reference.
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string render_account_required_json(Lang lang, std::string_view accounts_url) {
    // Keys sorted, like the other JSON answers (nlohmann::json keeps a map).
    nlohmann::json body;
    body["accounts_url"] = std::string(accounts_url);
    body["error"] = error_info(ErrorKind::account_required).code;
    body["message"] = error_message(lang, ErrorKind::account_required, false);
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace vneid::pages

// The error answer for XHR/fetch/API clients, which cannot show an HTML page.
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

}  // namespace vneid::pages

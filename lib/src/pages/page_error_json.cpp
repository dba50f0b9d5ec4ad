// The error answers for XHR/fetch/API clients, which cannot show an HTML page.
#include <nlohmann/json.hpp>

#include "pages/error_text.h"
#include "pages/pages.h"

namespace vneid::pages {

std::string render_error_json(Lang lang, ErrorKind kind, std::string_view reference_id) {
    return render_error_json(lang, kind, reference_id, {}, {});
}

std::string render_error_json(Lang lang, ErrorKind kind, std::string_view reference_id,
                              std::string_view note, const std::vector<JsonNumber>& numbers) {
    nlohmann::ordered_json body;
    body["error"] = error_info(kind).code;
    std::string message = error_message(lang, kind, !reference_id.empty());
    if (!note.empty()) message += ' ' + std::string(note);
    body["message"] = message;
    body["reference"] = std::string(reference_id);
    for (const JsonNumber& number : numbers) body[std::string(number.name)] = number.value;
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

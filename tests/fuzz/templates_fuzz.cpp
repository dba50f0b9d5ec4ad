// Operator page templates (lib/src/pages/templates.h): the template text and
// the values rendered into it (names from the IdP, URLs, messages).
// Input: first byte = the page; next line = the values, '|'-separated, in
// the order of template_placeholders(page); the rest = the template source.
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "pages/templates.h"
#include "util/utf8.h"

using namespace vneid::pages;
using vneid::util::is_valid_utf8;

namespace {

size_t count_markup(std::string_view s) {
    size_t n = 0;
    for (char c : s) n += c == '<' || c == '>' || c == '"' || c == '\'';
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    PageId page = kAllPageIds[in.byte() % kAllPageIds.size()];
    std::string_view value_line = in.line();
    std::string_view source = in.rest();

    // Values from the input; "stylesheet", "emblem" and "accounts_form" are
    // the built-in markup, fixed text here as in the real pages.
    std::vector<TemplateValue> values;
    for (std::string_view name : template_placeholders(page)) {
        if (name == "stylesheet" || name == "emblem" || name == "accounts_form") {
            values.push_back({name, "<b class=\"m\">mark</b>", true});
            continue;
        }
        size_t bar = value_line.find('|');
        values.push_back({name, value_line.substr(0, bar), false});
        value_line = bar == std::string_view::npos ? std::string_view() : value_line.substr(bar + 1);
    }

    std::optional<Template> compiled;
    try {
        compiled = Template::compile(source, page, "fuzz.html");
    } catch (const TemplateError& e) {
        FUZZ_CHECK(e.path() == "fuzz.html");
        return 0;
    }
    std::string page_html = compiled->render(values);

    // Values are escaped: the same template with every value replaced by a
    // harmless "x" (same sections taken) has exactly as many <, >, " and '.
    std::vector<TemplateValue> plain = values;
    for (TemplateValue& v : plain)
        if (!v.markup && !v.text.empty()) v.text = "x";
    FUZZ_CHECK(count_markup(page_html) == count_markup(compiled->render(plain)));
    // A UTF-8 template stays UTF-8 whatever bytes the values hold.
    if (is_valid_utf8(source)) FUZZ_CHECK(is_valid_utf8(page_html));
    // The CSP allows the template's own <style> blocks by hash, one each.
    for (const std::string& hash : compiled->style_hash_sources())
        FUZZ_CHECK(hash.rfind("'sha256-", 0) == 0 && hash.back() == '\'');
    return 0;
}

// Error pages: what happened, what to do next, and the reference code that
// lets the IT unit find the matching line in the error log.
#include <string>

#include "pages/error_text.h"
#include "pages/html.h"
#include "pages/icons.h"
#include "pages/layout.h"
#include "pages/page_values.h"
#include "pages/pages.h"
#include "pages/ui_text.h"

namespace vneid::pages {
namespace {

std::string error_main(Lang lang, ErrorKind kind, std::string_view message, std::string_view reference,
                       std::string_view retry_url) {
    const ErrorText& text = error_text(kind);
    const ErrorInfo info = error_info(kind);

    std::string html;
    append_error_heading(html, text.title.in(lang), message);
    html += "<div class=\"details\">\n";
    if (!reference.empty()) append_detail(html, ui::reference_label.in(lang), reference);
    append_error_code(html, lang, info);
    html += "</div>";
    append_action_link(html, retry_url, text.action_label.in(lang));
    return html;
}

}  // namespace

std::string render_error(Lang lang, ErrorKind kind, const ErrorPageParams& params, const TemplateSet* templates) {
    const ErrorText& text = error_text(kind);
    const ErrorInfo info = error_info(kind);
    std::string message = error_message(lang, kind, !params.reference_id.empty());
    if (!params.note.empty()) {
        message += ' ';
        append_escaped(message, params.note);
    }
    const std::string_view retry_url = safe_href(params.retry_url);
    const std::string_view title = text.title.in(lang);

    if (const Template* custom = templates ? templates->find(PageId::error, lang) : nullptr) {
        const std::string status = std::to_string(info.http_status);
        std::vector<TemplateValue> values = common_template_values(lang, title, {});
        values.push_back({"message", message});
        values.push_back({"reference", params.reference_id});
        values.push_back({"retry_url", retry_url});
        values.push_back({"retry_label", text.action_label.in(lang)});
        values.push_back({"code", info.code});
        values.push_back({"status", status});
        return custom->render(values);
    }
    const std::string main_html = error_main(lang, kind, message, params.reference_id, retry_url);
    return render_document({lang, title, {}, main_html});
}

}  // namespace vneid::pages

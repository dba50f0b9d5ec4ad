// Error pages: what happened, what to do next, and the reference code that
// lets the IT unit find the matching line in the error log. The code and the
// HTTP status are folded into "Chi tiết kỹ thuật": staff read the message,
// IT asks for the rest.
#include <string>

#include "pages/error_parts.h"
#include "pages/error_text.h"
#include "pages/html.h"
#include "pages/layout.h"
#include "pages/page_values.h"
#include "pages/pages.h"
#include "pages/ui_text.h"

namespace vneid::pages {
namespace {

struct ErrorView {
    std::string_view message;  // markup: the escaped note is in it
    std::string_view retry_url;
    std::string_view switch_url;
};

std::string error_main(Lang lang, ErrorKind kind, std::string_view reference, const ErrorView& view) {
    const ErrorText& text = error_text(kind);

    std::string html;
    append_status_heading(html, kind, text.title.in(lang), view.message);
    if (!reference.empty()) {
        html += "<div class=\"details\">\n";
        append_detail(html, ui::reference_label.in(lang), reference);
        html += "</div>";
    }
    append_technical_details(html, lang, error_info(kind));
    append_error_actions(html, lang, {view.retry_url, text.action_label.in(lang), view.switch_url});
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
    const ErrorView view{message, safe_href(params.retry_url), safe_href(params.switch_url)};
    const std::string_view title = text.title.in(lang);

    if (const Template* custom = templates ? templates->find(PageId::error, lang) : nullptr) {
        const std::string status = std::to_string(info.http_status);
        std::vector<TemplateValue> values = common_template_values(lang, title, {});
        values.push_back({"message", message});
        values.push_back({"reference", params.reference_id});
        values.push_back({"retry_url", view.retry_url});
        values.push_back({"retry_label", text.action_label.in(lang)});
        values.push_back({"switch_url", view.switch_url});
        values.push_back({"switch_label", view.switch_url.empty() ? "" : ui::sign_in_other_vneid.in(lang)});
        values.push_back({"code", info.code});
        values.push_back({"status", status});
        return custom->render(values);
    }
    const std::string main_html = error_main(lang, kind, params.reference_id, view);
    return render_document({lang, title, {}, main_html});
}

}  // namespace vneid::pages

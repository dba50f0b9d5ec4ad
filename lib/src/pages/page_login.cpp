// The login page: the staff procedure's "Đăng nhập bằng tài khoản VNeID" →
// "Tài khoản Định danh điện tử cấp bởi Bộ Công an" choice, as one big link.
#include "pages/html.h"
#include "pages/icons.h"
#include "pages/layout.h"
#include "pages/page_values.h"
#include "pages/pages.h"
#include "pages/ui_text.h"

namespace vneid::pages {
namespace {

std::string login_main(Lang lang, std::string_view start_url) {
    std::string html;
    html += "<h1>";
    html += ui::login_heading.in(lang);
    html += "</h1>\n<p class=\"lead\">";
    html += ui::login_lead.in(lang);
    html += "</p>\n<h2>";
    html += ui::login_choice.in(lang);
    html += "</h2>\n<a class=\"button button-login\" href=\"";
    append_escaped(html, start_url);
    html += "\">";
    html += icons::id_card();
    html += "<span class=\"button-text\"><span class=\"button-title\">";
    html += ui::login_button_main.in(lang);
    html += "</span> <span class=\"button-sub\">";
    html += ui::login_button_sub.in(lang);
    html += "</span></span>";
    html += icons::chevron();
    html += "</a>\n<h2>";
    html += ui::login_steps_heading.in(lang);
    html += "</h2>\n<ol class=\"steps\">\n<li>";
    html += ui::login_step_id.in(lang);
    html += "</li>\n<li>";
    html += ui::login_step_password.in(lang);
    html += "</li>\n<li>";
    html += ui::login_step_otp.in(lang);
    html += "</li>\n</ol>\n<p class=\"notice\">";
    html += ui::login_notice.in(lang);
    html += "</p>";
    return html;
}

}  // namespace

std::string render_login(Lang lang, const LoginPageParams& params, const TemplateSet* templates) {
    const std::string_view start_url = safe_href(params.start_url);
    const std::string_view title = ui::login_heading.in(lang);

    if (const Template* custom = templates ? templates->find(PageId::login, lang) : nullptr) {
        std::string button_label(ui::login_button_main.in(lang));
        button_label += ' ';
        button_label += ui::login_button_sub.in(lang);
        std::vector<TemplateValue> values = common_template_values(lang, title, params.portal_name);
        values.push_back({"start_url", start_url});
        values.push_back({"message", ui::login_message.in(lang)});
        values.push_back({"button_label", button_label});
        values.push_back({"notice", ui::login_notice.in(lang)});
        return custom->render(values);
    }
    const std::string main_html = login_main(lang, start_url);
    return render_document({lang, title, params.portal_name, main_html});
}

}  // namespace vneid::pages

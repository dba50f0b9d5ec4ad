// The pieces the two error pages (render_error, render_no_account) share:
// the heading with its icon, the technical details a staff member can
// leave folded, and the buttons that lead on.
#pragma once

#include <string>
#include <string_view>

#include "pages/error_kind.h"
#include "pages/language.h"

namespace vneid::pages {

// The icon (the error look, or the calm info look for is_calm kinds), the
// title and the message (markup the caller vouches for).
void append_status_heading(std::string& html, ErrorKind kind, std::string_view title,
                           std::string_view message);

// <details class="tech"> "Chi tiết kỹ thuật" holding "Error code: <code> ·
// HTTP <status>": what IT needs, folded away from what staff read.
void append_technical_details(std::string& html, Lang lang, const ErrorInfo& info);

// The ways on, in one row: the retry (a button, or a secondary one when
// something else on the page comes first) and "Sign in with another VNeID
// account" (secondary). A link with an empty href is left out, and so is
// the row when both are; hrefs must have passed safe_href.
struct ErrorActions {
    std::string_view retry_url;
    std::string_view retry_label;
    std::string_view switch_url;
    bool retry_secondary = false;
};
void append_error_actions(std::string& html, Lang lang, const ErrorActions& actions);

}  // namespace vneid::pages

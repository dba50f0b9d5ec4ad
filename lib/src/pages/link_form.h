// The self-service linking form on the not-linked page: the staff member's
// legacy username (and, when the portal's login checks it, the password)
// posted to <endpoint>link with the pending link's csrf value.
#pragma once

#include <string>

#include "pages/language.h"

namespace vneid::pages {

enum class LinkMode { off, verify, request };

// What went wrong with the previous post of the form, shown above it.
enum class LinkProblem { none, wrong_password, fill_in };

struct LinkFormView {
    LinkMode mode = LinkMode::off;
    std::string action_url;  // POST target, e.g. "/_vneid/link"
    std::string csrf_token;  // posted as "csrf"
    std::string username;    // typed last time (never the password)
    LinkProblem problem = LinkProblem::none;
    int tries_left = -1;     // >= 0: said after a wrong password
};

// "" when mode is off, or without a token or a usable action (no form can
// work then; the page still says whom to contact).
std::string link_form(Lang lang, const LinkFormView& view);

}  // namespace vneid::pages

// What vneid_link_check_t is on the C++ side, and the C link settings as
// the core's types.
#pragma once

#include "link/portal_login_check.h"
#include "pages/link_form.h"
#include "vneid/vneid.h"

struct vneid_link_check_s {
    vneid::link::PortalLoginCheck check;
};

namespace vneid::facade {

inline pages::LinkMode link_mode_of(int mode) {
    switch (mode) {
        case VNEID_LINK_VERIFY: return pages::LinkMode::verify;
        case VNEID_LINK_REQUEST: return pages::LinkMode::request;
        default: return pages::LinkMode::off;
    }
}

inline pages::LinkFormView link_form_view(const vneid_link_form_t& form) {
    pages::LinkFormView view;
    view.mode = link_mode_of(form.mode);
    if (form.action) view.action_url.assign(form.action, form.action_len);
    if (form.csrf) view.csrf_token = form.csrf;
    return view;
}

}  // namespace vneid::facade

// extern "C" wrappers: the gateway's pages and small parsing helpers.
#include <cstdio>

#include "facade/c_api_support.h"
#include "facade/gateway_handle.h"
#include "facade/page_support.h"
#include "flow/login_callback.h"
#include "http/query.h"
#include "http/url.h"
#include "pages/pages.h"

using namespace vneid;
using vneid::facade::lang_of;
using vneid::facade::templates_of;

namespace {

int param_to_buf(const std::optional<std::string>& value, vneid_buf_t* out) {
    if (!value) return 0;
    return facade::to_buf(*value, out) == 0 ? 1 : -1;
}

}  // namespace

extern "C" int vneid_page_login(const vneid_gateway_t* gw, const char* al, size_t al_len,
                                const char* start_url, size_t start_len,
                                vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        pages::LoginPageParams params;
        params.start_url.assign(start_url, start_len);
        if (gw) params.portal_name = gw->gateway->settings().portal_name;
        return facade::to_buf(pages::render_login(lang_of(al, al_len), params, templates_of(gw)),
                              out);
    });
}

extern "C" int vneid_page_logged_out(const vneid_gateway_t* gw, const char* al,
                                     size_t al_len, const char* login_url, size_t login_len,
                                     vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        pages::LoggedOutParams params;
        params.login_url.assign(login_url, login_len);
        return facade::to_buf(
            pages::render_logged_out(lang_of(al, al_len), params, templates_of(gw)), out);
    });
}

extern "C" int vneid_page_logout_confirm(const vneid_gateway_t* gw, const char* al,
                                         size_t al_len, const char* action_url,
                                         size_t action_len, const vneid_identity_t* id,
                                         vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        pages::LogoutFormParams params;
        params.action_url.assign(action_url, action_len);
        params.csrf_token = id->csrf;
        params.name = id->name;
        return facade::to_buf(
            pages::render_logout_confirm(lang_of(al, al_len), params, templates_of(gw)), out);
    });
}

extern "C" int vneid_page_error(const vneid_gateway_t* gw, const char* al, size_t al_len,
                                const char* code, const char* reference,
                                const char* retry_url, size_t retry_len, int json,
                                vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        auto kind = pages::error_kind_from_code(code ? code : "")
                        .value_or(pages::ErrorKind::internal);
        auto lang = lang_of(al, al_len);
        std::string ref = reference ? reference : "";
        std::string body;
        if (json) {
            body = pages::render_error_json(lang, kind, ref);
        } else {
            pages::ErrorPageParams params;
            params.reference_id = ref;
            if (retry_url) params.retry_url.assign(retry_url, retry_len);
            body = pages::render_error(lang, kind, params, templates_of(gw));
        }
        if (facade::to_buf(body, out) != 0) return -1;
        return pages::error_info(kind).http_status;
    });
}

extern "C" void vneid_new_reference(char* out) noexcept {
    std::string ref;
    try {
        ref = flow::new_reference();
    } catch (...) {
        ref = "0000000000";  // no randomness left: the page still renders
    }
    std::snprintf(out, VNEID_REFERENCE_SIZE, "%s", ref.c_str());
}

extern "C" int vneid_safe_return_path(const char* raw, size_t len, vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        return facade::to_buf(http::safe_return_path({raw, len}), out);
    });
}

extern "C" int vneid_start_location(const char* endpoint, size_t endpoint_len,
                                    const char* return_path, size_t return_len,
                                    vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        std::string back = http::safe_return_path({return_path, return_len});
        std::string url(endpoint, endpoint_len);
        url += "start";
        if (back != "/") url += "?return=" + http::url_encode(back);
        return facade::to_buf(url, out);
    });
}

extern "C" int vneid_query_param(const char* query, size_t len, const char* name,
                                 vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        return param_to_buf(http::query_param({query, len}, name), out);
    });
}

extern "C" int vneid_form_param(const char* body, size_t len, const char* name,
                                vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        return param_to_buf(http::form_param({body, len}, name), out);
    });
}

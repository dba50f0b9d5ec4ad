// extern "C" wrappers: the gateway's pages and small parsing helpers.
#include <cstdio>

#include "facade/c_api_support.h"
#include "facade/page_url.h"
#include "facade/gateway_handle.h"
#include "facade/page_support.h"
#include "flow/login_callback.h"
#include "http/query.h"
#include "http/url.h"
#include "pages/pages.h"
#include "pages/retry_note.h"

using namespace vneid;
using vneid::facade::lang_of;
using vneid::facade::templates_of;

namespace {

int param_to_buf(const std::optional<std::string>& value, vneid_buf_t* out) {
    if (!value) return 0;
    return facade::to_buf(*value, out) == 0 ? 1 : -1;
}

std::string text_of(const char* s, size_t len) { return s ? std::string(s, len) : std::string(); }

// The page (or JSON) for one vneid_error_page_t; the status to send.
int render_error_page(const vneid_gateway_t* gw, pages::Lang lang, const vneid_error_page_t& page,
                      vneid_buf_t* out) {
    auto kind = pages::error_kind_from_code(page.code ? page.code : "")
                    .value_or(pages::ErrorKind::internal);
    const std::string ref = page.reference ? page.reference : "";
    const std::string note = pages::retry_after_note(lang, page.retry_after);
    std::string body;
    if (page.json) {
        std::vector<pages::JsonNumber> numbers;
        if (page.retry_after > 0) numbers.push_back({"retry_after", page.retry_after});
        body = pages::render_error_json(lang, kind, ref, note, numbers);
    } else {
        pages::ErrorPageParams params{ref, text_of(page.retry_url, page.retry_len), note,
                                      text_of(page.switch_url, page.switch_len)};
        body = pages::render_error(lang, kind, params, templates_of(gw));
    }
    if (facade::to_buf(body, out) != 0) return -1;
    return pages::error_info(kind).http_status;
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

extern "C" int vneid_logout_confirm_page(const vneid_gateway_t* gw, const char* al,
                                         size_t al_len, const char* action_url,
                                         size_t action_len, const char* cancel_url,
                                         size_t cancel_len, const vneid_identity_t* id,
                                         vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        pages::LogoutFormParams params;
        params.action_url.assign(action_url, action_len);
        params.csrf_token = id->csrf;
        params.name = id->name;
        // The return comes from the query: only a path of this site.
        params.cancel_url = http::safe_return_path(text_of(cancel_url, cancel_len));
        return facade::to_buf(
            pages::render_logout_confirm(lang_of(al, al_len), params, templates_of(gw)), out);
    });
}

extern "C" int vneid_error_page(const vneid_gateway_t* gw, const char* al, size_t al_len,
                                const vneid_error_page_t* page, vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        return render_error_page(gw, lang_of(al, al_len), *page, out);
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
        return facade::to_buf(
            facade::page_url({endpoint, endpoint_len}, "start", {return_path, return_len}), out);
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

// extern "C" wrappers over lib/src/request: per-request decisions.
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "facade/c_api_support.h"
#include "facade/page_url.h"
#include "http/query.h"
#include "http/url.h"
#include "pages/language.h"
#include "pages/pages.h"
#include "request/cookie_header.h"
#include "request/header_names.h"
#include "request/log_mask.h"
#include "request/request_kind.h"

using namespace vneid;

namespace {

std::optional<std::string_view> opt(const char* p, size_t len) {
    if (p == nullptr) return std::nullopt;
    return std::string_view(p, len);
}

}  // namespace

extern "C" int vneid_header_has_prefix(const char* name, size_t len,
                                       const char* prefix, size_t prefix_len) noexcept {
    return request::header_has_prefix({name, len}, {prefix, prefix_len}) ? 1 : 0;
}

extern "C" int vneid_request_is_navigation(const vneid_request_hints_t* h) noexcept {
    request::RequestHints hints;
    hints.sec_fetch_mode = opt(h->sec_fetch_mode, h->sec_fetch_mode_len);
    hints.sec_fetch_dest = opt(h->sec_fetch_dest, h->sec_fetch_dest_len);
    hints.accept = opt(h->accept, h->accept_len);
    hints.x_requested_with = h->x_requested_with != 0;
    return request::is_navigation(hints) ? 1 : 0;
}

extern "C" size_t vneid_cookie_remove(char* header, size_t len, const char* name,
                                      size_t name_len) noexcept {
    return facade::guarded(nullptr, 0, len, [&] {
        return request::remove_cookie(header, len, {name, name_len});
    });
}

extern "C" int vneid_cookie_find(const char* header, size_t len, const char* name,
                                 size_t name_len, const char** value,
                                 size_t* value_len) noexcept {
    auto found = request::find_cookie({header, len}, {name, name_len});
    if (!found) return 0;
    *value = found->data();
    *value_len = found->size();
    return 1;
}

extern "C" int vneid_page_location(const char* endpoint, size_t endpoint_len, const char* page,
                                   const char* uri, size_t uri_len, vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        // "//private/x" is a path nginx serves as "/private/x": keep it
        // as such rather than losing it to the protocol-relative check.
        std::string_view path(uri, uri_len);
        while (path.size() > 1 && path[0] == '/' && path[1] == '/') path.remove_prefix(1);
        return facade::to_buf(facade::page_url({endpoint, endpoint_len}, page, path), out);
    });
}

extern "C" int vneid_login_location(const char* endpoint, size_t endpoint_len,
                                    const char* uri, size_t uri_len,
                                    vneid_buf_t* out) noexcept {
    return vneid_page_location(endpoint, endpoint_len, "login", uri, uri_len, out);
}

extern "C" int vneid_unauthenticated_json(const char* accept_language, size_t len,
                                          int expired, const char* login_url,
                                          size_t login_url_len, vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        auto lang = pages::negotiate_language(
            accept_language ? std::string_view(accept_language, len) : "");
        auto body = nlohmann::json::parse(
            pages::render_error_json(lang,
                                     expired ? pages::ErrorKind::session_expired
                                             : pages::ErrorKind::login_required,
                                     ""));
        body["login_url"] = std::string(login_url, login_url_len);
        return facade::to_buf(body.dump(), out);
    });
}

extern "C" int vneid_reauth_location(const char* endpoint, size_t endpoint_len,
                                     const char* uri, size_t uri_len,
                                     vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        std::string_view path(uri, uri_len);
        while (path.size() > 1 && path[0] == '/' && path[1] == '/') path.remove_prefix(1);
        std::string url = facade::page_url({endpoint, endpoint_len}, "login", path);
        url += url.find('?') == std::string::npos ? "?reauth=1" : "&reauth=1";
        return facade::to_buf(url, out);
    });
}

extern "C" int vneid_reauth_json(const char* accept_language, size_t len,
                                 const char* login_url, size_t login_url_len,
                                 vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        auto lang = pages::negotiate_language(
            accept_language ? std::string_view(accept_language, len) : "");
        auto body = nlohmann::json::parse(
            pages::render_error_json(lang, pages::ErrorKind::reauth_required, ""));
        body["login_url"] = std::string(login_url, login_url_len);
        body["reauth"] = true;
        return facade::to_buf(body.dump(), out);
    });
}

extern "C" size_t vneid_mask_callback_line(const char* line, size_t len, char* out) noexcept {
    try {
        const std::string masked = request::mask_query_values({line, len}, {"code", "state"});
        if (masked.size() > len) return 0;  // cannot happen: masking never grows
        std::memcpy(out, masked.data(), masked.size());
        return masked.size();
    } catch (...) {
        return 0;
    }
}

// extern "C" wrappers: the portal's own session cookies (vneid_portal_cookies).
#include <algorithm>
#include <cstring>

#include "crypto/constant_time.h"
#include "crypto/hash.h"
#include "facade/account_support.h"
#include "facade/c_api_support.h"
#include "facade/store_handle.h"
#include "request/portal_cookies.h"
#include "request/set_cookie.h"

using namespace vneid;

namespace {

std::vector<std::string_view> views(const vneid_str_t* items, size_t n) {
    std::vector<std::string_view> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) out.emplace_back(items[i].data, items[i].len);
    return out;
}

// Bound: the session holds a binding of this name whose hash matches.
// Every binding is compared, in constant time, whatever matched before.
bool is_bound(const vneid_identity_t* id, std::string_view name, std::string_view value) {
    if (id == nullptr || id->account[0] == '\0') return false;
    unsigned char hash[VNEID_HASH_SIZE];
    crypto::sha256_into(value, hash);
    const std::string_view mine(reinterpret_cast<const char*>(hash), sizeof(hash));
    bool bound = false;
    for (unsigned i = 0; i < id->nportal && i < VNEID_PORTAL_COOKIES_MAX; ++i) {
        const auto& b = id->portal[i];
        bool same = crypto::constant_time_equal(
            {reinterpret_cast<const char*>(b.value_hash), sizeof(b.value_hash)}, mine);
        bound |= same && name == b.name;
    }
    return bound;
}

std::vector<std::string_view> lines(std::string_view all) {
    std::vector<std::string_view> out;
    while (!all.empty()) {
        size_t nl = all.find('\n');
        if (nl != 0) out.push_back(all.substr(0, nl));
        all = nl == std::string_view::npos ? "" : all.substr(nl + 1);
    }
    return out;
}

}  // namespace

extern "C" size_t vneid_portal_cookies_filter(const vneid_identity_t* id, char* header,
                                              size_t len, const vneid_str_t* names,
                                              size_t nnames, vneid_buf_t* removed) noexcept {
    return facade::guarded(nullptr, 0, size_t(-1), [&] {
        std::vector<std::string> gone;
        size_t kept = request::filter_cookies(
            header, len, views(names, nnames),
            [&](std::string_view name, std::string_view value) {
                return is_bound(id, name, value);
            },
            &gone);
        std::string list;
        for (const auto& name : gone) list += name + "\n";
        if (!list.empty() && facade::to_buf(list, removed) != 0) return size_t(-1);
        return kept;
    });
}

extern "C" int vneid_portal_cookies_expiry(vneid_store_t* store, const char* names,
                                           size_t len, vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        std::vector<session::PortalCookieBinding> scoped;
        for (auto name : lines({names, len})) {
            auto scope = store->store->portal_cookie_scope(name);
            scoped.push_back({std::string(name), "", scope ? scope->path : "",
                              scope ? scope->domain : ""});
        }
        return facade::to_buf(facade::expiry_lines(scoped), out);
    });
}

extern "C" long vneid_portal_cookies_issued(vneid_store_t* store, const char* cookie,
                                            size_t cookie_len, const char* account,
                                            const vneid_str_t* names, size_t nnames,
                                            const vneid_str_t* set_cookies, size_t n,
                                            int64_t now, char* err, size_t errlen) noexcept {
    return facade::guarded(err, errlen, -1L, [&] {
        auto wanted = views(names, nnames);
        std::vector<session::PortalCookieBinding> issued;
        for (auto header : views(set_cookies, n)) {
            auto c = request::parse_set_cookie(header, now);
            if (!c || c->deletes || c->value.empty()) continue;
            if (std::find(wanted.begin(), wanted.end(), c->name) == wanted.end()) continue;
            issued.push_back({std::string(c->name), crypto::sha256(c->value),
                              std::string(c->path), std::string(c->domain)});
        }
        if (issued.empty()) return 0L;
        long bound = long(store->store->bind_portal_cookies({cookie, cookie_len},
                                                            account ? account : "", issued));
        store->recent.erase({cookie, cookie_len});
        return bound;
    });
}

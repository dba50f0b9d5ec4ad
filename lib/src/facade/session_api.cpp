// extern "C" wrappers over sessions: the per-request check and its helpers.
#include "crypto/constant_time.h"
#include <cstring>

#include "facade/account_support.h"
#include "facade/c_api_support.h"
#include "facade/store_handle.h"
#include "pages/whoami_json.h"
#include "session/auth_age.h"

using namespace vneid;

namespace {

// The enabled accounts, comma separated, as many whole ones as fit: the
// header is informational (the chooser reads the directory), and a long
// list linked later must not make every request of the session fail.
void fill_accounts(const std::vector<std::string>& accounts, vneid_identity_t* id) {
    size_t used = 0;
    for (const auto& item : accounts) {
        size_t need = item.size() + (used ? 1 : 0);
        if (used + need >= sizeof(id->accounts)) break;
        if (used) id->accounts[used++] = ',';
        std::memcpy(id->accounts + used, item.data(), item.size());
        used += item.size();
    }
    id->accounts[used] = '\0';
}

// Bindings whose name the struct cannot hold are left out: their cookie is
// then not forwarded, which costs the portal a new session, nothing more.
void fill_portal_cookies(const session::SessionRecord& rec, vneid_identity_t* id) {
    id->nportal = 0;
    for (const auto& b : rec.portal_cookies) {
        if (id->nportal == VNEID_PORTAL_COOKIES_MAX) break;
        auto& slot = id->portal[id->nportal];
        if (b.value_hash.size() != sizeof(slot.value_hash) ||
            !facade::copy_field(slot.name, b.name)) {
            continue;
        }
        std::memcpy(slot.value_hash, b.value_hash.data(), sizeof(slot.value_hash));
        ++id->nportal;
    }
}

// False when a field does not fit: such a session is refused rather than
// forwarded with a truncated identity.
bool fill_identity(const session::SessionRecord& rec, vneid_identity_t* id) {
    bool fits = facade::copy_field(id->citizen_id, rec.citizen_id) &&
                facade::copy_field(id->name, rec.name) &&
                facade::copy_field(id->account, rec.active_account) &&
                facade::copy_field(id->csrf, rec.csrf_token);
    fill_accounts(rec.accounts, id);
    fill_portal_cookies(rec, id);
    id->level = rec.level;
    id->created = rec.created;
    id->last_activity = rec.last_activity;
    id->auth_time = rec.auth_time;
    return fits;
}

int to_c_status(session::LookupStatus status) {
    switch (status) {
        case session::LookupStatus::ok: return VNEID_SESSION_OK;
        case session::LookupStatus::none: return VNEID_SESSION_NONE;
        case session::LookupStatus::invalid: return VNEID_SESSION_INVALID;
        case session::LookupStatus::expired: return VNEID_SESSION_EXPIRED;
    }
    return VNEID_SESSION_ERROR;
}

}  // namespace

extern "C" const char* vneid_session_status_name(int status) noexcept {
    switch (status) {
        case VNEID_SESSION_OK: return "ok";
        case VNEID_SESSION_NONE: return "none";
        case VNEID_SESSION_INVALID: return "invalid";
        case VNEID_SESSION_EXPIRED: return "expired";
        default: return "error";
    }
}

extern "C" int vneid_session_check(vneid_store_t* store, const char* cookie,
                                   size_t cookie_len,
                                   const vneid_session_policy_t* policy, int64_t now,
                                   int activity, vneid_identity_t* id, char* err,
                                   size_t errlen) noexcept {
    return facade::guarded(err, errlen, int(VNEID_SESSION_ERROR), [&] {
        std::string_view value(cookie, cookie_len);
        uint64_t generation = store->store->write_generation();
        if (store->recent.find(value, *policy, now, activity != 0, generation, id)) {
            return int(VNEID_SESSION_OK);
        }
        session::SessionPolicy p;
        p.idle_timeout = policy->idle_timeout;
        p.max_age = policy->max_age;
        p.touch_interval = policy->refresh;
        session::SessionRecord rec;
        auto status = store->store->lookup_session({cookie, cookie_len}, p, now,
                                                   activity != 0, &rec);
        if (status != session::LookupStatus::ok) return to_c_status(status);
        if (!fill_identity(rec, id)) {
            facade::set_error(err, errlen, "session record too large for the request path");
            return int(VNEID_SESSION_ERROR);
        }
        store->recent.put(value, *id, now, generation);
        return int(VNEID_SESSION_OK);
    });
}

extern "C" int vneid_session_end(vneid_store_t* store, const char* cookie, size_t cookie_len,
                                 vneid_buf_t* expired, char* err, size_t errlen) noexcept {
    return facade::guarded(err, errlen, -1, [&] {
        store->recent.erase({cookie, cookie_len});
        std::vector<session::PortalCookieBinding> dropped;
        bool ended = store->store->end_session({cookie, cookie_len}, &dropped);
        if (expired && facade::to_buf(facade::expiry_lines(dropped), expired) != 0) return -1;
        return ended ? 1 : 0;
    });
}

extern "C" int vneid_csrf_valid(const vneid_identity_t* id, const char* token,
                                size_t len) noexcept {
    if (id->csrf[0] == '\0' || token == nullptr) return 0;
    return crypto::constant_time_equal(id->csrf, {token, len}) ? 1 : 0;
}

extern "C" int vneid_identity_json(vneid_store_t* store, const vneid_identity_t* id,
                                   vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        if (id == nullptr) return facade::to_buf(pages::render_whoami_json(nullptr), out);
        pages::WhoamiIdentity who;
        who.citizen_id = id->citizen_id;
        who.name = id->name;
        who.account = id->account;
        who.accounts = facade::account_choices(*store->store, id->citizen_id);
        who.level = id->level;
        who.auth_time = id->auth_time;
        who.csrf_token = id->csrf;
        return facade::to_buf(pages::render_whoami_json(&who), out);
    });
}

extern "C" int vneid_auth_too_old(const vneid_identity_t* id, int64_t max_auth_age,
                                  int64_t now) noexcept {
    if (id == nullptr) return 1;
    return session::auth_too_old(id->auth_time, max_auth_age, now) ? 1 : 0;
}

// extern "C" wrappers over sessions: the per-request check and its helpers.
#include "crypto/constant_time.h"
#include "facade/c_api_support.h"
#include "facade/store_handle.h"
#include "pages/whoami_json.h"

using namespace vneid;

namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += ',';
        out += item;
    }
    return out;
}

// The inverse of join(), for vneid_identity_t.accounts.
std::vector<std::string_view> split(std::string_view all) {
    std::vector<std::string_view> items;
    while (!all.empty()) {
        size_t comma = all.find(',');
        items.push_back(all.substr(0, comma));
        all = comma == std::string_view::npos ? "" : all.substr(comma + 1);
    }
    return items;
}

// False when a field does not fit: such a session is refused rather than
// forwarded with a truncated identity.
bool fill_identity(const session::SessionRecord& rec, vneid_identity_t* id) {
    bool fits = facade::copy_field(id->citizen_id, rec.citizen_id) &&
                facade::copy_field(id->name, rec.name) &&
                facade::copy_field(id->account, rec.active_account) &&
                facade::copy_field(id->accounts, join(rec.accounts)) &&
                facade::copy_field(id->csrf, rec.csrf_token);
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

extern "C" int vneid_session_destroy(vneid_store_t* store, const char* cookie,
                                     size_t cookie_len, char* err, size_t errlen) noexcept {
    return facade::guarded(err, errlen, -1, [&] {
        store->recent.erase({cookie, cookie_len});
        return store->store->destroy_session({cookie, cookie_len}) ? 1 : 0;
    });
}

extern "C" int vneid_csrf_valid(const vneid_identity_t* id, const char* token,
                                size_t len) noexcept {
    if (id->csrf[0] == '\0' || token == nullptr) return 0;
    return crypto::constant_time_equal(id->csrf, {token, len}) ? 1 : 0;
}

extern "C" int vneid_identity_json(const vneid_identity_t* id, vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        if (id == nullptr) return facade::to_buf(pages::render_whoami_json(nullptr), out);
        pages::WhoamiIdentity who;
        who.citizen_id = id->citizen_id;
        who.name = id->name;
        who.account = id->account;
        who.accounts = split(id->accounts);
        who.level = id->level;
        who.auth_time = id->auth_time;
        who.csrf_token = id->csrf;
        return facade::to_buf(pages::render_whoami_json(&who), out);
    });
}

// extern "C" wrappers: the login's start and callback halves.
#include <openssl/crypto.h>

#include <cstdio>

#include "crypto/hash.h"
#include "facade/c_api_support.h"
#include "facade/gateway_handle.h"
#include "facade/store_handle.h"
#include "flow/login_start.h"
#include "pages/error_kind.h"
#include "session/store_error.h"

using namespace vneid;

namespace {

// flow::login_failure that cannot throw: without memory or randomness the
// reference (or the detail) stays empty, never the kind of failure.
flow::LoginOutcome failure_of(pages::ErrorKind kind, const char* detail) noexcept {
    flow::LoginOutcome out;
    out.error = kind;
    try {
        out = flow::login_failure(kind, detail ? detail : "");
    } catch (...) {
    }
    return out;
}

// The same for a login whose state was accepted: it keeps the flow's
// return, as complete()'s own failures do, so the retry does too.
flow::LoginOutcome failure_of(const vneid_login_s& login, pages::ErrorKind kind,
                              const char* detail) noexcept {
    flow::LoginOutcome out = failure_of(kind, detail);
    try {
        out.return_url = login.pending.return_url();
    } catch (...) {
    }
    return out;
}

// The store failing and everything else are different pages ("store_error",
// 503, worth a retry; "internal", 500) and different things for the
// operator to look at, so exceptions are told apart by where they came from.
pages::ErrorKind kind_of_current_exception() noexcept {
    try {
        throw;
    } catch (const session::StoreError&) {
        return pages::ErrorKind::store_error;
    } catch (...) {
        return pages::ErrorKind::internal;
    }
}

const char* what_of_current_exception() noexcept {
    try {
        throw;
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}

void fill_result(const flow::LoginOutcome& o, vneid_login_result_t* res) noexcept {
    const vneid_buf_t memory = res->return_url;  // the caller's allocator
    *res = vneid_login_result_t{};
    res->return_url.alloc = memory.alloc;
    res->return_url.pool = memory.pool;
    res->ok = o.ok ? 1 : 0;
    std::snprintf(res->error, sizeof(res->error), "%s", pages::error_info(o.error).code);
    res->user_caused = !o.ok && pages::is_user_caused(o.error) ? 1 : 0;
    facade::copy_field(res->reference, o.reference);
    std::snprintf(res->detail, sizeof(res->detail), "%s", o.log_detail.c_str());  // cut to fit
    facade::copy_field(res->cookie, o.cookie);
    facade::copy_field(res->citizen_id, o.citizen_id);
    res->level = o.level;
    res->choose_account = o.choose_account ? 1 : 0;
    // Both or neither: a token without its form token is no form.
    if (!facade::copy_field(res->link_token, o.link_token) ||
        !facade::copy_field(res->link_csrf, o.link_csrf)) {
        res->link_token[0] = res->link_csrf[0] = '\0';
    }
    // On a failure too, once the state was accepted: the retry keeps it.
    if (o.ok || !o.return_url.empty()) facade::to_buf(o.return_url, &res->return_url);
}

// The binding cookie may go when none of this browser's logins is pending
// (a store that cannot say keeps it: a stale cookie costs nothing).
bool binding_done(session::Store& store, std::string_view binding, int64_t now) noexcept {
    try {
        return !binding.empty() && store.pending_flows_of(crypto::sha256(binding), now) == 0;
    } catch (...) {
        return false;
    }
}

}  // namespace

extern "C" int vneid_login_start(const vneid_gateway_t* gw, vneid_store_t* store,
                                 const char* return_path, size_t return_len,
                                 const char* binding, size_t binding_len,
                                 const char* origin, size_t origin_len, int64_t now,
                                 vneid_buf_t* location, vneid_buf_t* new_binding,
                                 char* err, size_t errlen) noexcept {
    try {
        auto start = flow::start_login(*store->store, *gw->gateway,
                                       {return_path, return_len}, {binding, binding_len},
                                       {origin, origin_len}, now);
        if (facade::to_buf(start.authorization_url, location) != 0) {
            facade::set_error(err, errlen, "out of memory");
            return VNEID_LOGIN_INTERNAL;
        }
        if (facade::to_buf(start.binding, new_binding) != 0) {
            vneid_buf_free(location);
            facade::set_error(err, errlen, "out of memory");
            return VNEID_LOGIN_INTERNAL;
        }
        return 0;
    } catch (...) {
        facade::set_error(err, errlen, what_of_current_exception());
        return kind_of_current_exception() == pages::ErrorKind::store_error
                   ? VNEID_LOGIN_STORE_ERROR
                   : VNEID_LOGIN_INTERNAL;
    }
}

extern "C" vneid_login_t* vneid_login_begin(const vneid_gateway_t* gw,
                                            vneid_store_t* store, const char* query,
                                            size_t query_len, const char* binding,
                                            size_t binding_len, int min_level,
                                            int link_mode, int64_t now,
                                            vneid_login_result_t* res) noexcept {
    try {
        flow::LoginOutcome failure;
        auto handle = std::make_unique<vneid_login_s>();
        handle->gateway = gw->gateway.get();
        handle->store = store->store.get();
        handle->pending.offer_link(link_mode == VNEID_LINK_VERIFY ||
                                   link_mode == VNEID_LINK_REQUEST);
        const bool accepted =
            handle->pending.check(*handle->store, *handle->gateway, {query, query_len},
                                  {binding, binding_len}, min_level, now, &failure);
        handle->binding_done = binding_done(*handle->store, {binding, binding_len}, now);
        if (accepted) return handle.release();  // freed by vneid_login_free
        fill_result(failure, res);
        res->binding_done = handle->binding_done ? 1 : 0;
    } catch (...) {
        fill_result(failure_of(kind_of_current_exception(), what_of_current_exception()), res);
    }
    return nullptr;
}

extern "C" void vneid_login_fail(const char* code, const char* detail,
                                 vneid_login_result_t* res) noexcept {
    auto kind = pages::error_kind_from_code(code ? code : "").value_or(pages::ErrorKind::internal);
    fill_result(failure_of(kind, detail), res);
}

extern "C" int vneid_login_requeue(vneid_login_t* login, vneid_login_result_t* res) noexcept {
    try {
        if (!login->pending.put_back(*login->store)) return -1;
        login->binding_done = false;
        res->binding_done = 0;
        return 0;
    } catch (...) {
        return -1;
    }
}

extern "C" void vneid_login_run(vneid_login_t* login, int64_t now) noexcept {
    try {
        login->outcome = login->pending.complete(*login->store, *login->gateway, now);
    } catch (...) {
        login->outcome = failure_of(*login, kind_of_current_exception(), what_of_current_exception());
    }
    // The thread's OpenSSL state (error queue, DRBGs) goes now, not in a
    // destructor when the pool thread exits: at worker shutdown nginx lets
    // its threads finish exiting while the process runs OpenSSL's atexit
    // cleanup, and a late destructor then frees into freed memory (seen as
    // "exited on signal 11" after "exit" on a loaded machine).
    OPENSSL_thread_stop();
}

extern "C" void vneid_login_cancel(vneid_login_t* login) noexcept {
    login->pending.cancel_flag().store(true);
}

extern "C" void vneid_login_result(vneid_login_t* login, vneid_login_result_t* res) noexcept {
    if (!login->outcome) {
        login->outcome = failure_of(*login, pages::ErrorKind::internal, "login task did not run");
    }
    fill_result(*login->outcome, res);
    res->binding_done = login->binding_done ? 1 : 0;
}

extern "C" void vneid_login_free(vneid_login_t* login) noexcept {
    std::unique_ptr<vneid_login_s> owned(login);
}

// extern "C" wrappers: the login's start and callback halves.
#include "facade/c_api_support.h"
#include "facade/gateway_handle.h"
#include "facade/store_handle.h"
#include "flow/login_start.h"
#include "pages/error_kind.h"

using namespace vneid;

namespace {

void fill_result(const flow::LoginOutcome& o, vneid_login_result_t* res) {
    *res = vneid_login_result_t{};
    res->ok = o.ok ? 1 : 0;
    facade::copy_field(res->error, std::string(pages::error_info(o.error).code));
    facade::copy_field(res->reference, o.reference);
    std::string detail = o.log_detail.substr(0, sizeof(res->detail) - 1);
    facade::copy_field(res->detail, detail);
    facade::copy_field(res->cookie, o.cookie);
    facade::copy_field(res->citizen_id, o.citizen_id);
    res->level = o.level;
    if (o.ok) facade::to_buf(o.return_url, &res->return_url);
}

}  // namespace

extern "C" int vneid_login_start(const vneid_gateway_t* gw, vneid_store_t* store,
                                 const char* return_path, size_t return_len,
                                 const char* binding, size_t binding_len,
                                 const char* origin, size_t origin_len, int64_t now,
                                 vneid_buf_t* location, vneid_buf_t* new_binding,
                                 char* err, size_t errlen) {
    return facade::guarded(err, errlen, -1, [&] {
        auto start = flow::start_login(*store->store, *gw->gateway,
                                       {return_path, return_len}, {binding, binding_len},
                                       {origin, origin_len}, now);
        if (facade::to_buf(start.authorization_url, location) != 0) return -1;
        if (facade::to_buf(start.binding, new_binding) != 0) {
            vneid_buf_free(location);
            return -1;
        }
        return 0;
    });
}

extern "C" vneid_login_t* vneid_login_begin(const vneid_gateway_t* gw,
                                            vneid_store_t* store, const char* query,
                                            size_t query_len, const char* binding,
                                            size_t binding_len, int min_level,
                                            int64_t now,
                                            vneid_login_result_t* res) {
    flow::LoginOutcome failure;
    auto* login = facade::guarded(res->detail, sizeof(res->detail),
                                  static_cast<vneid_login_t*>(nullptr), [&] {
        auto handle = std::make_unique<vneid_login_s>();
        handle->gateway = gw->gateway.get();
        handle->store = store->store.get();
        if (!handle->pending.check(*handle->store, *handle->gateway, {query, query_len},
                                   {binding, binding_len}, min_level, now, &failure)) {
            return static_cast<vneid_login_t*>(nullptr);
        }
        return handle.release();  // freed by vneid_login_free
    });
    if (login == nullptr) {
        if (failure.reference.empty()) {
            std::string detail = res->detail;
            failure = flow::login_failure(pages::ErrorKind::store_error, detail);
        }
        fill_result(failure, res);
    }
    return login;
}

extern "C" void vneid_login_fail(const char* code, const char* detail,
                                 vneid_login_result_t* res) {
    try {
        auto kind = pages::error_kind_from_code(code).value_or(pages::ErrorKind::internal);
        fill_result(flow::login_failure(kind, detail), res);
    } catch (...) {
        *res = vneid_login_result_t{};
        std::snprintf(res->error, sizeof(res->error), "internal");
    }
}

extern "C" void vneid_login_run(vneid_login_t* login, int64_t now) {
    try {
        login->outcome = login->pending.complete(*login->store, *login->gateway, now);
    } catch (const std::exception& e) {
        login->outcome = flow::login_failure(pages::ErrorKind::store_error, e.what());
    } catch (...) {
        login->outcome = flow::login_failure(pages::ErrorKind::internal, "unknown error");
    }
}

extern "C" void vneid_login_cancel(vneid_login_t* login) {
    login->pending.cancel_flag().store(true);
}

extern "C" void vneid_login_result(vneid_login_t* login, vneid_login_result_t* res) {
    try {
        if (!login->outcome) {
            login->outcome = flow::login_failure(pages::ErrorKind::internal,
                                                 "login task did not run");
        }
        fill_result(*login->outcome, res);
    } catch (...) {
        *res = vneid_login_result_t{};
        std::snprintf(res->error, sizeof(res->error), "internal");
    }
}

extern "C" void vneid_login_free(vneid_login_t* login) {
    std::unique_ptr<vneid_login_s> owned(login);
}

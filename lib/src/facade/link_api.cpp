// extern "C" wrappers: self-service linking (<endpoint>link). The core
// decides the answer (flow/account_link.h); this file turns it into a page,
// a status and a log line the glue only has to send and write.
#include <openssl/crypto.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "facade/c_api_support.h"
#include "facade/gateway_handle.h"
#include "facade/link_support.h"
#include "facade/page_support.h"
#include "facade/page_url.h"
#include "facade/store_handle.h"
#include "flow/account_link.h"
#include "flow/login_callback.h"
#include "http/url.h"
#include "pages/pages.h"
#include "pages/retry_note.h"
#include "pages/ui_text.h"
#include "session/store_error.h"

using namespace vneid;
using flow::LinkOutcome;
using flow::LinkResult;

namespace {

// What the answer is rendered with, copied out of the request's memory so
// the pool thread and the result never touch nginx's.
struct LinkContext {
    const vneid_gateway_t* gw = nullptr;
    session::Store* store = nullptr;
    const link::PortalLoginCheck* check = nullptr;
    pages::LinkMode mode = pages::LinkMode::off;
    std::string token;
    pages::Lang lang = pages::Lang::vi;
    bool json = false;
    std::string endpoint, contact;

    explicit LinkContext(const vneid_link_page_t& page)
        : gw(page.gw),
          store(page.store->store.get()),
          check(page.check ? &page.check->check : nullptr),
          mode(facade::link_mode_of(page.mode)),
          token(page.token ? std::string(page.token, page.token_len) : std::string()),
          lang(facade::lang_of(page.accept_language, page.al_len)),
          json(page.json != 0),
          endpoint(page.endpoint, page.endpoint_len),
          contact(page.contact ? std::string(page.contact, page.contact_len) : std::string()) {}

    std::string form_url() const { return endpoint + "link"; }
    // A new login, back to where the first one was going (the pending
    // link's return; "" when the outcome has none).
    std::string login_url(const LinkOutcome& o) const {
        return facade::page_url(endpoint, "login", o.return_url);
    }
    // "Sign in with another VNeID account": the glue's <endpoint>relogin
    // ends VNeID's session first, else the retry is the same person again.
    std::string switch_url(const LinkOutcome& o) const {
        return facade::page_url(endpoint, "relogin", o.return_url);
    }
};

struct Answer {
    int status = 500;
    std::string body;
    const char* code = "";  // the error shown, for a log line that has none
};

// An error page's buttons and the sentence after its message.
struct ErrorLinks {
    std::string retry_url;
    std::string switch_url;  // "": no "another VNeID account"
    std::string note;
};

Answer error_answer(const LinkContext& ctx, pages::ErrorKind kind, const std::string& reference,
                    const ErrorLinks& links, const std::vector<pages::JsonNumber>& numbers = {}) {
    Answer a;
    a.status = pages::error_info(kind).http_status;
    a.code = pages::error_info(kind).code;
    if (ctx.json) {
        a.body = pages::render_error_json(ctx.lang, kind, reference, links.note, numbers);
    } else {
        pages::ErrorPageParams params{reference, links.retry_url, links.note, links.switch_url};
        a.body = pages::render_error(ctx.lang, kind, params, facade::templates_of(ctx.gw));
    }
    return a;
}

// A refusal of this person's own linking (taken, disabled, limited): the
// retry is a new login to the same page, and another VNeID account.
ErrorLinks relogin_links(const LinkContext& ctx, const LinkOutcome& o, std::string note = {}) {
    return {ctx.login_url(o), ctx.switch_url(o), std::move(note)};
}

// Trouble with the form itself (the portal, the store, a stale token): the
// form again.
ErrorLinks form_links(const LinkContext& ctx) { return {ctx.form_url(), {}, {}}; }

// The no_account page with the form again (the gateway's own design).
Answer form_answer(const LinkContext& ctx, const LinkOutcome& o, pages::ErrorKind kind,
                   pages::LinkProblem problem, const std::string& reference = {}) {
    Answer a;
    a.status = pages::error_info(kind).http_status;
    a.code = pages::error_info(kind).code;
    if (ctx.json) {
        std::vector<pages::JsonNumber> numbers;
        if (o.tries_left >= 0) numbers.push_back({"tries_left", o.tries_left});
        a.body = pages::render_error_json(ctx.lang, kind, reference, {}, numbers);
        return a;
    }
    pages::NoAccountParams params;
    params.citizen_id = o.citizen_id;
    params.support_contact = ctx.contact;
    params.reference_id = reference;
    params.retry_url = ctx.login_url(o);
    params.switch_url = ctx.switch_url(o);
    params.kind = kind;
    params.link.mode = ctx.mode;
    params.link.action_url = ctx.form_url();
    params.link.csrf_token = o.csrf;
    params.link.username = o.username;
    params.link.problem = problem;
    params.link.tries_left = o.tries_left;
    a.body = pages::render_no_account(ctx.lang, params, nullptr);
    return a;
}

Answer requested_answer(const LinkContext& ctx, const LinkOutcome& o) {
    Answer a;
    a.status = 200;
    if (ctx.json) {
        nlohmann::json body;
        body["status"] = "requested";
        body["username"] = o.username;
        a.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
        a.body = pages::render_link_requested(ctx.lang, {o.citizen_id, o.username, ctx.contact,
                                                         ctx.login_url(o)});
    }
    return a;
}

void set_log(vneid_link_result_t* res, int level, const std::string& line) {
    res->log_level = level;
    std::snprintf(res->log, sizeof(res->log), "%s", line.c_str());  // cut to fit
}

// The outcome as what the glue sends: status, page, cookies, log line.
void render(const LinkContext& ctx, const LinkOutcome& o, vneid_link_result_t* res) {
    using K = pages::ErrorKind;
    Answer a;
    std::string ref;
    auto with_ref = [&] { return ref = flow::new_reference(); };
    int level = VNEID_LOG_WARN;

    switch (o.result) {
        case LinkResult::linked:
            facade::copy_field(res->cookie, o.cookie);
            res->end_link = 1;
            res->status = 303;
            set_log(res, VNEID_LOG_NOTICE, o.log_detail);
            if (facade::to_buf(http::safe_return_path(o.return_url), &res->location) != 0)
                res->status = -1;
            return;
        case LinkResult::requested:
            a = requested_answer(ctx, o);
            res->end_link = 1;
            level = VNEID_LOG_NOTICE;
            break;
        case LinkResult::form:
            a = form_answer(ctx, o, K::no_account, pages::LinkProblem::none);
            a.status = 200;  // the form asked for, not a refusal
            level = VNEID_LOG_NONE;
            break;
        case LinkResult::refused:
            a = form_answer(ctx, o, K::link_refused, pages::LinkProblem::wrong_password,
                            with_ref());
            break;
        case LinkResult::fill_in:
            a = form_answer(ctx, o, K::no_account, pages::LinkProblem::fill_in);
            level = VNEID_LOG_NONE;
            if (ctx.json) {
                a = error_answer(ctx, K::bad_request, with_ref(), {});
                level = VNEID_LOG_INFO;
            }
            break;
        case LinkResult::limited:
            res->retry_after = static_cast<long>(o.retry_after > 0 ? o.retry_after : 1);
            a = error_answer(ctx, K::link_limited, with_ref(),
                             relogin_links(ctx, o, pages::retry_after_note(ctx.lang, res->retry_after)),
                             {{"retry_after", res->retry_after}});
            break;
        case LinkResult::unavailable:
            a = error_answer(ctx, K::link_unavailable, with_ref(), form_links(ctx));
            level = VNEID_LOG_ERR;
            break;
        case LinkResult::expired:
            a = error_answer(ctx, K::link_expired, with_ref(), {ctx.login_url(o), {}, {}});
            res->end_link = 1;
            break;
        case LinkResult::taken:
            a = error_answer(ctx, K::account_taken, with_ref(), relogin_links(ctx, o));
            break;
        case LinkResult::disabled:
            a = error_answer(ctx, K::account_disabled, with_ref(), relogin_links(ctx, o));
            break;
        case LinkResult::csrf_invalid:
            a = error_answer(ctx, K::csrf_invalid, with_ref(), form_links(ctx));
            break;
        case LinkResult::store_error:
            a = error_answer(ctx, K::store_error, with_ref(), form_links(ctx));
            level = VNEID_LOG_ERR;
            break;
        case LinkResult::internal:
            a = error_answer(ctx, K::internal, with_ref(), form_links(ctx));
            level = VNEID_LOG_ERR;
            break;
    }
    facade::copy_field(res->reference, ref);
    // A reference on the page must find its line in the log.
    std::string line = o.log_detail;
    if (line.empty() && !ref.empty()) line = std::string("account link: ") + a.code;
    if (!line.empty()) set_log(res, level, line);
    res->status = facade::to_buf(a.body, &res->body) == 0 ? a.status : -1;
}

LinkOutcome failure_of_current_exception() noexcept {
    LinkOutcome o;
    try {
        throw;
    } catch (const session::StoreError& e) {
        o.result = LinkResult::store_error;
        o.log_detail = std::string("account link: store: ") + e.what();
    } catch (const std::exception& e) {
        o.result = LinkResult::internal;
        o.log_detail = std::string("account link: ") + e.what();
    } catch (...) {
        o.result = LinkResult::internal;
        o.log_detail = "account link: unknown error";
    }
    return o;
}

// The caller's allocators survive; everything else starts empty.
void reset(vneid_link_result_t* res) noexcept {
    const vneid_buf_t body = res->body, location = res->location;
    *res = vneid_link_result_t{};
    res->status = -1;
    res->body.alloc = body.alloc;
    res->body.pool = body.pool;
    res->location.alloc = location.alloc;
    res->location.pool = location.pool;
}

void render_guarded(const LinkContext& ctx, const LinkOutcome& o,
                    vneid_link_result_t* res) noexcept {
    try {
        render(ctx, o, res);
    } catch (...) {
        res->status = -1;
    }
}

}  // namespace

struct vneid_link_s {
    LinkContext ctx;
    flow::PendingAccountLink pending;
    std::string address;
    std::optional<LinkOutcome> outcome;

    explicit vneid_link_s(const vneid_link_page_t& page) : ctx(page) {}
};

extern "C" vneid_link_check_t* vneid_link_check_create(const char* url, size_t url_len,
                                                       const vneid_str_t* options, size_t n,
                                                       char* err, size_t errlen) noexcept {
    return facade::guarded(err, errlen, static_cast<vneid_link_check_t*>(nullptr), [&] {
        auto made = std::make_unique<vneid_link_check_s>();
        made->check.url.assign(url, url_len);
        std::string problem;
        for (size_t i = 0; i < n && problem.empty(); i++) {
            problem = link::apply_option(made->check, {options[i].data, options[i].len});
        }
        if (problem.empty()) problem = link::config_problem(made->check);
        if (!problem.empty()) {
            facade::set_error(err, errlen, problem.c_str());
            return static_cast<vneid_link_check_t*>(nullptr);
        }
        return made.release();  // freed by vneid_link_check_free
    });
}

extern "C" void vneid_link_check_free(vneid_link_check_t* check) noexcept {
    std::unique_ptr<vneid_link_check_s> owned(check);
}

extern "C" int vneid_link_show(const vneid_link_page_t* page, int64_t now,
                               vneid_link_result_t* res) noexcept {
    reset(res);
    try {
        LinkContext ctx(*page);
        LinkOutcome o;
        try {
            o = ctx.mode == pages::LinkMode::off ? flow::link_outcome(LinkResult::expired)
                                                 : flow::link_form_again(*ctx.store, ctx.token, now);
        } catch (...) {
            o = failure_of_current_exception();
        }
        render_guarded(ctx, o, res);
    } catch (...) {
        res->status = -1;
    }
    return res->status < 0 ? -1 : 0;
}

extern "C" vneid_link_t* vneid_link_begin(const vneid_link_page_t* page, const char* form,
                                          size_t form_len, int cross_site, const char* address,
                                          size_t address_len, int64_t now,
                                          vneid_link_result_t* res) noexcept {
    reset(res);
    try {
        auto handle = std::make_unique<vneid_link_s>(*page);
        handle->address.assign(address ? address : "", address ? address_len : 0);
        LinkOutcome early;
        bool run = false;
        try {
            run = handle->pending.check(*handle->ctx.store, handle->ctx.mode, handle->ctx.token,
                                        {form ? form : "", form ? form_len : 0}, cross_site != 0,
                                        now, &early);
            if (run && !handle->ctx.check) {
                run = false;
                early = flow::link_outcome(LinkResult::internal,
                                           "account link: verify mode without vneid_link_verify");
            }
        } catch (...) {
            early = failure_of_current_exception();
        }
        if (run) return handle.release();  // freed by vneid_link_free
        render_guarded(handle->ctx, early, res);
    } catch (...) {
        res->status = -1;
    }
    return nullptr;
}

extern "C" void vneid_link_run(vneid_link_t* link, int64_t now) noexcept {
    try {
        link->outcome = link->pending.complete(*link->ctx.store, *link->ctx.gw->gateway,
                                               *link->ctx.check, link->address, now);
    } catch (...) {
        link->outcome = failure_of_current_exception();
    }
    OPENSSL_thread_stop();  // as vneid_login_run: no late per-thread cleanup
}

extern "C" void vneid_link_cancel(vneid_link_t* link) noexcept {
    link->pending.cancel_flag().store(true);
}

extern "C" void vneid_link_result(vneid_link_t* link, vneid_link_result_t* res) noexcept {
    reset(res);
    if (!link->outcome) {
        link->outcome = flow::link_outcome(LinkResult::internal, "account link task did not run");
    }
    render_guarded(link->ctx, *link->outcome, res);
}

extern "C" void vneid_link_free(vneid_link_t* link) noexcept {
    std::unique_ptr<vneid_link_s> owned(link);
}


/*
 * vneid-gateway: the callback's IdP calls (token, user-info) in an nginx
 * thread-pool task (ngx_http_vneid_task.c), started from the access phase;
 * the phases resume through r->write_event_handler when the task is done.
 */


#include "ngx_http_vneid_module.h"


static ngx_int_t ngx_http_vneid_login_post(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx, ngx_thread_pool_t *pool);
static void ngx_http_vneid_login_run(void *data, int64_t now);
static void ngx_http_vneid_login_done(ngx_http_request_t *r);
static void ngx_http_vneid_login_cancel(void *data);
static void ngx_http_vneid_login_free(void *data);
static ngx_int_t ngx_http_vneid_login_fail(ngx_http_vneid_ctx_t *ctx,
    const char *code, const char *detail);


ngx_int_t
ngx_http_vneid_callback_access(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx)
{
    ngx_str_t                    binding, name;
    ngx_http_vneid_srv_conf_t   *vscf;
    ngx_http_vneid_loc_conf_t   *vlcf;
    ngx_http_vneid_main_conf_t  *vmcf;

    if (ctx->login_done) {
        return NGX_DECLINED;
    }

    if (ctx->login_posted) {
        /* a spurious wake-up while the task runs */
        return NGX_AGAIN;
    }

    if (!(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))) {
        return NGX_DECLINED;    /* the content handler answers 405 */
    }

    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);
    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);

    /* the return URL is copied into the pool when the task is done */
    ngx_http_vneid_buf(r, &ctx->result.return_url);

    if (vscf->idp.gateway == NULL || vmcf->store == NULL
        || vmcf->thread_pool == NULL)
    {
        return ngx_http_vneid_login_fail(ctx, "not_configured",
                                         "no identity provider configured "
                                         "for this server (vneid_client_id, "
                                         "vneid_*_endpoint)");
    }

    if (ngx_http_vneid_binding_cookie_name(r, &name) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_str_null(&binding);
    (void) ngx_http_vneid_get_cookie(r, &name, &binding);

    /* state and browser binding are checked before any outbound call */

    ctx->login = vneid_login_begin(vscf->idp.gateway, vmcf->store,
                                   (char *) r->args.data, r->args.len,
                                   (char *) binding.data, binding.len,
                                   (int) vlcf->min_level,
                                   (int) vlcf->link_mode, ngx_time(),
                                   &ctx->result);
    if (ctx->login == NULL) {
        ctx->login_done = 1;
        return NGX_DECLINED;
    }

    return ngx_http_vneid_login_post(r, ctx, vmcf->thread_pool);
}


/* the IdP calls go to the thread pool; the request waits, blocked */

static ngx_int_t
ngx_http_vneid_login_post(ngx_http_request_t *r, ngx_http_vneid_ctx_t *ctx,
    ngx_thread_pool_t *pool)
{
    ngx_int_t               rc;
    ngx_http_vneid_task_t   task;

    task.run = ngx_http_vneid_login_run;
    task.cancel = ngx_http_vneid_login_cancel;
    task.free = ngx_http_vneid_login_free;
    task.done = ngx_http_vneid_login_done;
    task.data = ctx->login;

    rc = ngx_http_vneid_task_post(r, pool, &ctx->guard, &task);

    if (rc == NGX_BUSY) {
        /* the state goes back: the page's retry is this same callback */
        ctx->login_requeued = vneid_login_requeue(ctx->login, &ctx->result)
                              == 0;

        return ngx_http_vneid_login_fail(ctx, "busy",
                                         ctx->login_requeued
                                         ? "thread pool queue is full (the "
                                           "state is kept for a retry): "
                                           "raise max_queue or threads of "
                                           "the vneid_thread_pool"
                                         : "thread pool queue is full: "
                                           "raise max_queue or threads of "
                                           "the vneid_thread_pool");
    }

    if (rc != NGX_OK) {
        ctx->login = NULL;
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ctx->login_posted = 1;

    return NGX_AGAIN;
}


static ngx_int_t
ngx_http_vneid_login_fail(ngx_http_vneid_ctx_t *ctx, const char *code,
    const char *detail)
{
    vneid_login_fail(code, detail, &ctx->result);
    ctx->login_done = 1;

    return NGX_DECLINED;
}


static void
ngx_http_vneid_login_run(void *data, int64_t now)
{
    vneid_login_run(data, now);
}


/* the outcome, then the phases go on to the content handler */

static void
ngx_http_vneid_login_done(ngx_http_request_t *r)
{
    ngx_http_vneid_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_vneid_module);

    vneid_login_result(ctx->login, &ctx->result);
    ctx->login_done = 1;

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "vneid login task done ok:%d", ctx->result.ok);

    r->write_event_handler(r);
}


static void
ngx_http_vneid_login_cancel(void *data)
{
    vneid_login_cancel(data);
}


static void
ngx_http_vneid_login_free(void *data)
{
    vneid_login_free(data);
}


/*
 * vneid-gateway: the callback's IdP calls (token, user-info) in an nginx
 * thread-pool task, from the access phase, so the worker's event loop keeps
 * serving everyone else. The shape follows nginx's own thread handlers and
 * nginx-module-notes.md §2.2: blocked++ while the task runs, a
 * non-cancelable guard timer so a reload does not drop the request, and
 * re-entry through r->write_event_handler when the task is done.
 */


#include "ngx_http_vneid_module.h"


typedef struct {
    vneid_login_t           *login;
    int64_t                  now;
} ngx_http_vneid_task_ctx_t;


static void ngx_http_vneid_login_thread(void *data, ngx_log_t *log);
static void ngx_http_vneid_login_done(ngx_event_t *ev);
static void ngx_http_vneid_login_guard(ngx_event_t *ev);
static void ngx_http_vneid_login_cancel(void *data);
static void ngx_http_vneid_login_free(void *data);
static ngx_int_t ngx_http_vneid_login_post(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx, ngx_thread_pool_t *pool);
static ngx_int_t ngx_http_vneid_login_fail(ngx_http_vneid_ctx_t *ctx,
    const char *code, const char *detail);


#define NGX_HTTP_VNEID_GUARD_INTERVAL  1000


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
                                   (int) vlcf->min_level, ngx_time(),
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
    ngx_thread_task_t          *task;
    ngx_pool_cleanup_t         *cln;
    ngx_http_cleanup_t         *hcln;
    ngx_http_vneid_task_ctx_t  *t;

    cln = ngx_pool_cleanup_add(r->pool, 0);
    if (cln == NULL) {
        vneid_login_free(ctx->login);
        ctx->login = NULL;
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    cln->handler = ngx_http_vneid_login_free;
    cln->data = ctx->login;

    /* runs when the request is terminated: stop waiting for the IdP */

    hcln = ngx_http_cleanup_add(r, 0);
    if (hcln == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    hcln->handler = ngx_http_vneid_login_cancel;
    hcln->data = ctx->login;

    task = ngx_thread_task_alloc(r->pool, sizeof(ngx_http_vneid_task_ctx_t));
    if (task == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    t = task->ctx;
    t->login = ctx->login;
    t->now = ngx_time();

    task->handler = ngx_http_vneid_login_thread;
    task->event.handler = ngx_http_vneid_login_done;
    task->event.data = r;
    task->event.log = r->connection->log;

    if (ngx_thread_task_post(pool, task) != NGX_OK) {
        /* the state is spent: the page asks the staff member to retry */
        return ngx_http_vneid_login_fail(ctx, "busy",
                                         "thread pool queue is full: raise "
                                         "max_queue or threads of the "
                                         "vneid_thread_pool");
    }

    ctx->login_posted = 1;

    /* the request, and its pool holding the task, stay until done */
    r->main->blocked++;
    r->aio = 1;

    ctx->guard.handler = ngx_http_vneid_login_guard;
    ctx->guard.data = r;
    ctx->guard.log = r->connection->log;
    ngx_add_timer(&ctx->guard, NGX_HTTP_VNEID_GUARD_INTERVAL);

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
ngx_http_vneid_login_thread(void *data, ngx_log_t *log)
{
    ngx_http_vneid_task_ctx_t  *t = data;

    /* a pool thread: only the core and libc, never nginx objects */

    vneid_login_run(t->login, t->now);
}


static void
ngx_http_vneid_login_done(ngx_event_t *ev)
{
    ngx_connection_t      *c;
    ngx_http_request_t    *r;
    ngx_http_vneid_ctx_t  *ctx;

    r = ev->data;
    c = r->connection;

    ngx_http_set_log_request(c->log, r);

    ctx = ngx_http_get_module_ctx(r, ngx_http_vneid_module);

    r->main->blocked--;
    r->aio = 0;

    if (ctx->guard.timer_set) {
        ngx_del_timer(&ctx->guard);
    }

    vneid_login_result(ctx->login, &ctx->result);
    ctx->login_done = 1;

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, c->log, 0,
                   "vneid login task done ok:%d c->error:%d",
                   ctx->result.ok, c->error);

#if (nginx_version >= 1025004)
    if (r->done || r->main->terminated) {
#else
    if (r->done) {
#endif
        c->write->handler(c->write);

    } else {
        r->write_event_handler(r);
        ngx_http_run_posted_requests(c);
    }
}


/* a non-cancelable timer: a gracefully exiting worker waits for the task */

static void
ngx_http_vneid_login_guard(ngx_event_t *ev)
{
    ngx_log_debug0(NGX_LOG_DEBUG_HTTP, ev->log, 0,
                   "vneid login still waiting for the identity provider");

    ngx_add_timer(ev, NGX_HTTP_VNEID_GUARD_INTERVAL);
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


/*
 * vneid-gateway: blocking work of the core (the callback's IdP calls, the
 * portal login of self-service linking) in an nginx thread-pool task, so
 * the worker's event loop keeps serving everyone else. The shape follows
 * nginx's own thread handlers and nginx-module-notes.md §2.2: blocked++
 * while the task runs, a non-cancelable guard timer so a reload does not
 * drop the request, and the caller's done handler when the task is over.
 */


#include "ngx_http_vneid_module.h"


typedef struct {
    ngx_http_vneid_task_t    spec;
    int64_t                  now;
    ngx_event_t             *guard;
} ngx_http_vneid_task_ctx_t;


static void ngx_http_vneid_task_thread(void *data, ngx_log_t *log);
static void ngx_http_vneid_task_done(ngx_event_t *ev);
static void ngx_http_vneid_task_guard(ngx_event_t *ev);
static void ngx_http_vneid_task_cancel(void *data);


#define NGX_HTTP_VNEID_GUARD_INTERVAL  1000


/*
 * NGX_OK: the task runs, the request waits (spec->done answers later);
 * NGX_BUSY: the pool's queue is full; NGX_ERROR: no memory. spec->data
 * is freed by spec->free in every case: with the request's pool, or at
 * once when that cannot be arranged.
 */

ngx_int_t
ngx_http_vneid_task_post(ngx_http_request_t *r, ngx_thread_pool_t *pool,
    ngx_event_t *guard, ngx_http_vneid_task_t *spec)
{
    ngx_thread_task_t          *task;
    ngx_pool_cleanup_t         *cln;
    ngx_http_cleanup_t         *hcln;
    ngx_http_vneid_task_ctx_t  *t;

    task = ngx_thread_task_alloc(r->pool, sizeof(ngx_http_vneid_task_ctx_t));
    if (task == NULL) {
        spec->free(spec->data);
        return NGX_ERROR;
    }

    t = task->ctx;
    t->spec = *spec;
    t->now = ngx_time();
    t->guard = guard;

    cln = ngx_pool_cleanup_add(r->pool, 0);
    if (cln == NULL) {
        spec->free(spec->data);
        return NGX_ERROR;
    }

    cln->handler = spec->free;
    cln->data = spec->data;

    /* runs when the request is terminated: stop waiting for the far end */

    hcln = ngx_http_cleanup_add(r, 0);
    if (hcln == NULL) {
        return NGX_ERROR;
    }

    hcln->handler = ngx_http_vneid_task_cancel;
    hcln->data = &t->spec;

    task->handler = ngx_http_vneid_task_thread;
    task->event.handler = ngx_http_vneid_task_done;
    task->event.data = r;
    task->event.log = r->connection->log;

    if (ngx_thread_task_post(pool, task) != NGX_OK) {
        return NGX_BUSY;
    }

    /* the request, and its pool holding the task, stay until done */
    r->main->blocked++;
    r->aio = 1;

    guard->handler = ngx_http_vneid_task_guard;
    guard->data = r;
    guard->log = r->connection->log;
    ngx_add_timer(guard, NGX_HTTP_VNEID_GUARD_INTERVAL);

    return NGX_OK;
}


static void
ngx_http_vneid_task_thread(void *data, ngx_log_t *log)
{
    ngx_http_vneid_task_ctx_t  *t = data;

    /* a pool thread: only the core and libc, never nginx objects */

    t->spec.run(t->spec.data, t->now);
}


static void
ngx_http_vneid_task_done(ngx_event_t *ev)
{
    ngx_connection_t           *c;
    ngx_http_request_t         *r;
    ngx_thread_task_t          *task;
    ngx_http_vneid_task_ctx_t  *t;

    r = ev->data;
    c = r->connection;
    task = (ngx_thread_task_t *) ((u_char *) ev
                                  - offsetof(ngx_thread_task_t, event));
    t = task->ctx;

    ngx_http_set_log_request(c->log, r);

    r->main->blocked--;
    r->aio = 0;

    if (t->guard->timer_set) {
        ngx_del_timer(t->guard);
    }

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, c->log, 0,
                   "vneid task done c->error:%d", c->error);

#if (nginx_version >= 1025004)
    if (r->done || r->main->terminated) {
#else
    if (r->done) {
#endif
        /* nobody to answer: let nginx finish closing the request */
        c->write->handler(c->write);
        return;
    }

    t->spec.done(r);
    ngx_http_run_posted_requests(c);
}


/* a non-cancelable timer: a gracefully exiting worker waits for the task */

static void
ngx_http_vneid_task_guard(ngx_event_t *ev)
{
    ngx_log_debug0(NGX_LOG_DEBUG_HTTP, ev->log, 0,
                   "vneid task still waiting for the far end");

    ngx_add_timer(ev, NGX_HTTP_VNEID_GUARD_INTERVAL);
}


static void
ngx_http_vneid_task_cancel(void *data)
{
    ngx_http_vneid_task_t  *spec = data;

    spec->cancel(spec->data);
}


/*
 * vneid-gateway: the access phase. On every request: strip forged identity
 * headers, look the session up (an LMDB read, microseconds, inline), then
 * inject verified identity or answer 302/401.
 */


#include "ngx_http_vneid_module.h"


static ngx_int_t ngx_http_vneid_strip_headers(ngx_http_request_t *r,
    ngx_str_t *prefix);
static ngx_int_t ngx_http_vneid_remove_header(ngx_http_request_t *r,
    ngx_table_elt_t *elt);
static ngx_int_t ngx_http_vneid_list_remove(ngx_list_t *l,
    ngx_list_part_t *part, ngx_uint_t i);
static void ngx_http_vneid_parse_cookie(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx, ngx_str_t *name);
static ngx_int_t ngx_http_vneid_strip_cookie(ngx_http_request_t *r,
    ngx_str_t *name);
static ngx_int_t ngx_http_vneid_subrequest_access(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf);
static ngx_int_t ngx_http_vneid_own_headers(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_inject_headers(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, vneid_identity_t *id);
static ngx_int_t ngx_http_vneid_unauthenticated(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx);
static ngx_int_t ngx_http_vneid_finish(ngx_http_request_t *r, ngx_int_t rc);
static void ngx_http_vneid_ctx_cleanup(void *data);


ngx_int_t
ngx_http_vneid_access_handler(ngx_http_request_t *r)
{
    ngx_uint_t                  activity;
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_core_loc_conf_t   *clcf;
    char                        ref[VNEID_REFERENCE_SIZE];
    ngx_http_vneid_srv_conf_t  *vscf;
    ngx_http_vneid_loc_conf_t  *vlcf;

    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);

    if (!vlcf->governed) {
        /* Debian loads modules for every vhost: no directive, no effect */
        return NGX_DECLINED;
    }

    if (r != r->main) {
        /* nginx skips this phase for subrequests: see the precontent one */
        return NGX_DECLINED;
    }

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    /* in every mode: no client-sent identity header reaches the backend */

    if (ngx_http_vneid_strip_headers(r, &vlcf->header_prefix) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (vlcf->mode == NGX_HTTP_VNEID_OFF && !vlcf->endpoint
        && r->headers_in.cookies.nelts == 0 && !r->internal)
    {
        return NGX_DECLINED;
    }

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ctx->headers_stripped = 1;
    ctx->deferred = 0;

    /* read once, then never forwarded, whatever the mode */

    if (!ctx->cookie_stripped) {
        ngx_http_vneid_parse_cookie(r, ctx, &vscf->cookie_name);
        ctx->cookie_stripped = 1;

        if (ngx_http_vneid_strip_cookie(r, &vscf->cookie_name) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    }

    /* the login binding is the endpoint's to read, nobody else's */

    if (!vlcf->endpoint && !ctx->binding_stripped) {
        ctx->binding_stripped = 1;

        if (ngx_http_vneid_strip_cookie(r, &vscf->binding_cookie_name)
            != NGX_OK)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    }

    if (vlcf->endpoint) {
        if (r->uri.len == vscf->endpoint.len + 8
            && ngx_strncmp(r->uri.data + vscf->endpoint.len, "callback", 8)
               == 0)
        {
            /* the IdP calls run here, so the event loop stays free */
            return ngx_http_vneid_callback_access(r, ctx);
        }

        return NGX_DECLINED;
    }

    if (vlcf->mode == NGX_HTTP_VNEID_OFF) {
        return NGX_DECLINED;
    }

    activity = 1;

    if (vscf->activity == NGX_HTTP_VNEID_ACTIVITY_NAV
        && (r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD)))
    {
        /* a polling widget must not keep an abandoned desk logged in */
        activity = ngx_http_vneid_is_navigation(r);
    }

    if (!ctx->access_done) {
        /* a variable may have looked the session up without activity */
        ctx->checked = 0;
        ctx->access_done = 1;
    }

    if (ngx_http_vneid_check_session(r, ctx, activity) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->status == VNEID_SESSION_OK) {
        if (ctx->id.level < vlcf->min_level) {
            ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                          "vneid: identification level %d is below "
                          "vneid_min_level %i here", ctx->id.level,
                          vlcf->min_level);

            return ngx_http_vneid_finish(r,
                       ngx_http_vneid_send_error(r, "level_too_low", NULL));
        }

        if (vlcf->headers
            && ngx_http_vneid_inject_headers(r, vlcf, &ctx->id) != NGX_OK)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        return NGX_OK;
    }

    if (vlcf->mode == NGX_HTTP_VNEID_OPTIONAL) {
        /* a store failure, too, makes an optional page anonymous */
        return NGX_DECLINED;
    }

    if (ctx->status == VNEID_SESSION_ERROR) {
        vneid_new_reference(ref);

        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "vneid: session could not be checked [ref %s]", ref);

        return ngx_http_vneid_finish(r,
                   ngx_http_vneid_send_error(r, "store_error", ref));
    }

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_core_module);

    if (clcf->satisfy == NGX_HTTP_SATISFY_ANY) {
        /*
         * one rule among others: "allow" or "auth_basic" may still grant
         * access; if none does, the last handler asks for the login
         */
        ctx->deferred = 1;
        return NGX_HTTP_UNAUTHORIZED;
    }

    return ngx_http_vneid_unauthenticated(r, vlcf, ctx);
}


/*
 * Runs after every other access handler (registered first, nginx calls
 * them in reverse). Only under "satisfy any", when no rule granted access:
 * instead of nginx's bare 401, the login a staff member expects. A script
 * asking a location that also has auth_basic keeps that 401 and its
 * WWW-Authenticate, so machine clients can still authenticate.
 */

ngx_int_t
ngx_http_vneid_access_last_handler(ngx_http_request_t *r)
{
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_vneid_loc_conf_t  *vlcf;

    if (r != r->main) {
        return NGX_DECLINED;
    }

    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);
    if (!vlcf->governed) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_get_module_ctx(r, ngx_http_vneid_module);
    if (ctx == NULL || !ctx->deferred) {
        return NGX_DECLINED;
    }

    ctx->deferred = 0;

    if (r->headers_out.www_authenticate
        && !ngx_http_vneid_is_navigation(r))
    {
        return NGX_HTTP_UNAUTHORIZED;
    }

    r->access_code = 0;

    if (r->headers_out.www_authenticate) {
        r->headers_out.www_authenticate->hash = 0;
        r->headers_out.www_authenticate = NULL;
    }

    return ngx_http_vneid_unauthenticated(r, vlcf, ctx);
}


/*
 * nginx runs no access handler for subrequests (SSI include, addition,
 * mirror), so they are checked here, in the precontent phase, before any
 * content handler or proxy sees them.
 */

ngx_int_t
ngx_http_vneid_subrequest_handler(ngx_http_request_t *r)
{
    ngx_int_t                   rc;
    ngx_http_vneid_loc_conf_t  *vlcf;

    if (r == r->main) {
        return NGX_DECLINED;
    }

    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);
    if (!vlcf->governed) {
        return NGX_DECLINED;
    }

    rc = ngx_http_vneid_subrequest_access(r, vlcf);

    return rc == NGX_OK ? NGX_DECLINED : rc;
}


/*
 * A subrequest shares the main request's headers. It may reach a protected location only when the main request
 * went through this module (headers and cookie sanitised), and only on the
 * main request's verified session; anything else is refused, not guessed.
 */

static ngx_int_t
ngx_http_vneid_subrequest_access(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf)
{
    ngx_uint_t             verified;
    ngx_http_vneid_ctx_t  *ctx;

    if (vlcf->mode == NGX_HTTP_VNEID_OFF && !vlcf->endpoint) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (vlcf->endpoint || !ctx->headers_stripped) {
        goto refuse;
    }

    if (ngx_http_vneid_check_session(r->main, ctx, 0) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    verified = ctx->status == VNEID_SESSION_OK
               && ctx->id.level >= vlcf->min_level;

    if (vlcf->mode == NGX_HTTP_VNEID_ON && !verified) {
        goto refuse;
    }

    /*
     * this location's prefix may differ from the main request's, and the
     * list is the main request's: sanitise and inject into a copy
     */

    if (ngx_http_vneid_own_headers(r) != NGX_OK
        || ngx_http_vneid_strip_headers(r, &vlcf->header_prefix) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (verified && vlcf->headers
        && ngx_http_vneid_inject_headers(r, vlcf, &ctx->id) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return verified ? NGX_OK : NGX_DECLINED;

refuse:

    ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                  "vneid: subrequest \"%V\" to a protected location refused: "
                  "the main request carries no verified identity", &r->uri);

    return NGX_HTTP_FORBIDDEN;
}


/*
 * The context lives in a pool cleanup, as in the realip module: internal
 * redirects (index, try_files, error_page) wipe module contexts, but the
 * session found before them, and the cookie already stripped from the
 * headers, must stay.
 */

ngx_http_vneid_ctx_t *
ngx_http_vneid_get_ctx(ngx_http_request_t *r)
{
    ngx_pool_cleanup_t    *cln;
    ngx_http_request_t    *mr;
    ngx_http_vneid_ctx_t  *ctx;

    mr = r->main;

    ctx = ngx_http_get_module_ctx(mr, ngx_http_vneid_module);
    if (ctx) {
        return ctx;
    }

    if (mr->internal || mr->filter_finalize) {
        for (cln = mr->pool->cleanup; cln; cln = cln->next) {
            if (cln->handler == ngx_http_vneid_ctx_cleanup) {
                ctx = cln->data;
                ngx_http_set_ctx(mr, ctx, ngx_http_vneid_module);
                return ctx;
            }
        }
    }

    cln = ngx_pool_cleanup_add(mr->pool, sizeof(ngx_http_vneid_ctx_t));
    if (cln == NULL) {
        return NULL;
    }

    ctx = cln->data;
    ngx_memzero(ctx, sizeof(ngx_http_vneid_ctx_t));
    ctx->status = VNEID_SESSION_NONE;

    cln->handler = ngx_http_vneid_ctx_cleanup;
    ngx_http_set_ctx(mr, ctx, ngx_http_vneid_module);

    return ctx;
}


static void
ngx_http_vneid_ctx_cleanup(void *data)
{
    /* nothing to free: the handler only marks the context for lookup */
}


ngx_int_t
ngx_http_vneid_check_session(ngx_http_request_t *r, ngx_http_vneid_ctx_t *ctx,
    ngx_uint_t activity)
{
    ngx_str_t                    value;
    vneid_session_policy_t       policy;
    ngx_http_vneid_srv_conf_t   *vscf;
    ngx_http_vneid_main_conf_t  *vmcf;
    char                         err[NGX_HTTP_VNEID_ERRLEN];

    if (ctx->checked) {
        return NGX_OK;
    }

    ctx->checked = 1;
    ctx->status = VNEID_SESSION_NONE;

    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    ngx_http_vneid_parse_cookie(r, ctx, &vscf->cookie_name);

    value = ctx->cookie;

    if (value.len == 0) {
        return NGX_OK;
    }

    if (vmcf->store == NULL) {
        if (vmcf->enabled) {
            ctx->status = VNEID_SESSION_ERROR;
            ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                          "vneid: session store is not open");
        }

        return NGX_OK;
    }

    policy.idle_timeout = vscf->idle_timeout;
    policy.max_age = vscf->max_age;
    policy.refresh = vscf->refresh;

    ctx->status = vneid_session_check(vmcf->store, (char *) value.data,
                                      value.len, &policy, ngx_time(),
                                      activity, &ctx->id, err, sizeof(err));

    if (ctx->status == VNEID_SESSION_ERROR) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "vneid session store: %s", err);

    } else if (ctx->status == VNEID_SESSION_INVALID) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "vneid: malformed session cookie \"%V\" ignored",
                      &vscf->cookie_name);
    }

    return NGX_OK;
}


ngx_table_elt_t *
ngx_http_vneid_find_header(ngx_http_request_t *r, const char *name,
    size_t len)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    part = &r->headers_in.headers.part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                return NULL;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (h[i].key.len == len
            && ngx_strncasecmp(h[i].key.data, (u_char *) name, len) == 0)
        {
            return &h[i];
        }
    }
}


/* the pages' language comes from Accept-Language; empty when absent */

void
ngx_http_vneid_accept_language(ngx_http_request_t *r, ngx_str_t *lang)
{
    ngx_table_elt_t  *h;

    h = ngx_http_vneid_find_header(r, "Accept-Language", 15);

    if (h == NULL) {
        ngx_str_null(lang);
        return;
    }

    *lang = h->value;
}


static ngx_int_t
ngx_http_vneid_strip_headers(ngx_http_request_t *r, ngx_str_t *prefix)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    part = &r->headers_in.headers.part;
    i = 0;

    for ( ;; ) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                return NGX_OK;
            }

            part = part->next;
            i = 0;
            continue;
        }

        h = part->elts;

        if (!vneid_header_has_prefix((char *) h[i].key.data, h[i].key.len,
                                     (char *) prefix->data, prefix->len))
        {
            i++;
            continue;
        }

        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "vneid: removed client-sent header \"%V\"", &h[i].key);

        if (ngx_http_vneid_list_remove(&r->headers_in.headers, part, i)
            != NGX_OK)
        {
            return NGX_ERROR;
        }

        /*
         * element i is gone: either the part now starts at the next element
         * (i == 0), or it ends before i and the rest, if any, is the next
         * part; the loop head moves on in both cases
         */
    }
}


static ngx_int_t
ngx_http_vneid_remove_header(ngx_http_request_t *r, ngx_table_elt_t *elt)
{
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    for (part = &r->headers_in.headers.part; part; part = part->next) {
        h = part->elts;

        if (elt >= h && elt < h + part->nelts) {
            return ngx_http_vneid_list_remove(&r->headers_in.headers, part,
                                              elt - h);
        }
    }

    return NGX_OK;
}


/*
 * Removes element i without moving any other element: headers_in keeps
 * pointers into the list (Host, Cookie, ...), so parts are shrunk, split or
 * unlinked instead of compacted. Two rules of nginx's list code are kept:
 * every part after the first holds at least one element (walkers read h[0]
 * of the next part unchecked), and ngx_list_push() may only write into the
 * last part while l->nalloc does not exceed that part's real room.
 */

static ngx_int_t
ngx_http_vneid_list_remove(ngx_list_t *l, ngx_list_part_t *part,
    ngx_uint_t i)
{
    ngx_list_part_t  *prev, *rest;

    if (part->nelts == 1) {

        if (part == &l->part) {
            if (part->next == NULL) {
                /* the only part: a fresh array, so pushes have full room */
                part->elts = ngx_palloc(l->pool, l->nalloc * l->size);
                if (part->elts == NULL) {
                    return NGX_ERROR;
                }

                part->nelts = 0;
                return NGX_OK;
            }

            rest = part->next;
            *part = *rest;

            if (l->last == rest) {
                l->last = part;
            }

            return NGX_OK;
        }

        for (prev = &l->part; prev->next != part; prev = prev->next) {
            /* void */
        }

        prev->next = part->next;
        part->nelts = 0;     /* an iterator still on it moves on */

        if (l->last == part) {
            /* prev's room is unknown: make the next push start a part */
            l->last = prev;
            l->nalloc = prev->nelts ? prev->nelts : 1;

            if (prev->nelts == 0) {
                /* only the empty first part is left */
                prev->elts = ngx_palloc(l->pool, l->nalloc * l->size);
                if (prev->elts == NULL) {
                    return NGX_ERROR;
                }
            }
        }

        return NGX_OK;
    }

    if (i == part->nelts - 1) {
        part->nelts--;
        return NGX_OK;
    }

    if (i == 0) {
        part->elts = (char *) part->elts + l->size;
        part->nelts--;

        if (part == l->last) {
            l->nalloc = part->nelts;
        }

        return NGX_OK;
    }

    rest = ngx_palloc(l->pool, sizeof(ngx_list_part_t));
    if (rest == NULL) {
        return NGX_ERROR;
    }

    rest->elts = (char *) part->elts + (i + 1) * l->size;
    rest->nelts = part->nelts - i - 1;
    rest->next = part->next;

    part->nelts = i;
    part->next = rest;

    if (part == l->last) {
        l->last = rest;
        l->nalloc = rest->nelts;
    }

    return NGX_OK;
}


/* once per request, before the access handler strips the cookie */

static void
ngx_http_vneid_parse_cookie(ngx_http_request_t *r, ngx_http_vneid_ctx_t *ctx,
    ngx_str_t *name)
{
    if (ctx->cookie_parsed) {
        return;
    }

    ctx->cookie_parsed = 1;

    (void) ngx_http_vneid_get_cookie(r, name, &ctx->cookie);
}


/* the gateway's cookies are its own business: never forwarded upstream */

static ngx_int_t
ngx_http_vneid_strip_cookie(ngx_http_request_t *r, ngx_str_t *name)
{
    size_t            len;
    u_char           *copy;
    ngx_uint_t        i;
    ngx_table_elt_t **cookies;

    cookies = r->headers_in.cookies.elts;

    for (i = 0; i < r->headers_in.cookies.nelts; /* void */) {

        if (ngx_strlcasestrn(cookies[i]->value.data,
                             cookies[i]->value.data + cookies[i]->value.len,
                             name->data, name->len - 1)
            == NULL)
        {
            i++;
            continue;
        }

        copy = ngx_pnalloc(r->pool, cookies[i]->value.len);
        if (copy == NULL) {
            return NGX_ERROR;
        }

        ngx_memcpy(copy, cookies[i]->value.data, cookies[i]->value.len);

        /* removal is in place and never grows; fail closed if it did */

        len = vneid_cookie_remove((char *) copy, cookies[i]->value.len,
                                  (char *) name->data, name->len);

        if (len > cookies[i]->value.len) {
            ngx_log_error(NGX_LOG_ALERT, r->connection->log, 0,
                          "vneid: cookie removal grew the header");
            return NGX_ERROR;
        }

        cookies[i]->value.data = copy;
        cookies[i]->value.len = len;

        if (len) {
            i++;
            continue;
        }

        if (ngx_http_vneid_remove_header(r, cookies[i]) != NGX_OK) {
            return NGX_ERROR;
        }

        /*
         * the list slot is free for the next push (an identity header):
         * $http_cookie and $cookie_* must not see it through this array
         */

        ngx_memmove(&cookies[i], &cookies[i + 1],
                    (r->headers_in.cookies.nelts - i - 1)
                    * sizeof(ngx_table_elt_t *));
        r->headers_in.cookies.nelts--;
    }

    return NGX_OK;
}


/*
 * A subrequest's headers_in is a struct copy of the main request's, its list
 * still pointing at the main request's parts: pushing onto it would write
 * into the main request. Give the subrequest a list of its own first.
 */

static ngx_int_t
ngx_http_vneid_own_headers(ngx_http_request_t *r)
{
    ngx_uint_t        i, n;
    ngx_list_t        shared;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h, *copy;

    /* initialised in place: a list's "last" points into the list itself */

    shared = r->headers_in.headers;
    n = 0;

    for (part = &shared.part; part; part = part->next) {
        n += part->nelts;
    }

    if (ngx_list_init(&r->headers_in.headers, r->pool,
                      n + NGX_HTTP_VNEID_NHEADERS, sizeof(ngx_table_elt_t))
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    for (part = &shared.part; part; part = part->next) {
        h = part->elts;

        for (i = 0; i < part->nelts; i++) {
            copy = ngx_list_push(&r->headers_in.headers);
            if (copy == NULL) {
                return NGX_ERROR;
            }

            *copy = h[i];
        }
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_vneid_inject_headers(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, vneid_identity_t *id)
{
    size_t                 len;
    ngx_uint_t             i;
    ngx_table_elt_t       *h;
    ngx_http_vneid_ctx_t  *ctx;
    const char            *values[NGX_HTTP_VNEID_NHEADERS];

    /* the values live in the request's context as long as the request */

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    (void) ngx_snprintf(ctx->level, sizeof(ctx->level), "%d%Z", id->level);

    values[0] = id->citizen_id;
    values[1] = id->name;
    values[2] = (char *) ctx->level;
    values[3] = id->account;
    values[4] = id->accounts;

    for (i = 0; i < NGX_HTTP_VNEID_NHEADERS; i++) {
        len = ngx_strlen(values[i]);
        if (len == 0) {
            continue;
        }

        h = ngx_list_push(&r->headers_in.headers);
        if (h == NULL) {
            return NGX_ERROR;
        }

        *h = vlcf->identity_headers[i];
        h->value.data = (u_char *) values[i];
        h->value.len = len;
    }

    return NGX_OK;
}


ngx_uint_t
ngx_http_vneid_is_navigation(ngx_http_request_t *r)
{
    ngx_table_elt_t        *h;
    vneid_request_hints_t   hints;

    ngx_memzero(&hints, sizeof(vneid_request_hints_t));

    h = ngx_http_vneid_find_header(r, "Sec-Fetch-Mode", 14);
    if (h) {
        hints.sec_fetch_mode = (char *) h->value.data;
        hints.sec_fetch_mode_len = h->value.len;
    }

    h = ngx_http_vneid_find_header(r, "Sec-Fetch-Dest", 14);
    if (h) {
        hints.sec_fetch_dest = (char *) h->value.data;
        hints.sec_fetch_dest_len = h->value.len;
    }

    h = ngx_http_vneid_find_header(r, "Accept", 6);
    if (h) {
        hints.accept = (char *) h->value.data;
        hints.accept_len = h->value.len;
    }

    hints.x_requested_with =
        ngx_http_vneid_find_header(r, "X-Requested-With", 16) != NULL;

    return vneid_request_is_navigation(&hints);
}


static ngx_int_t
ngx_http_vneid_unauthenticated(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx)
{
    ngx_int_t                   rc;
    ngx_str_t                   uri, lang;
    vneid_buf_t                 location, body;
    ngx_table_elt_t            *h;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    /* the original request: where to come back after login */

    uri = r->unparsed_uri;

    if (vneid_login_location((char *) vscf->endpoint.data, vscf->endpoint.len,
                             (char *) uri.data, uri.len, &location)
        != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (vlcf->unauth_action == NGX_HTTP_VNEID_UNAUTH_REDIRECT
        || (vlcf->unauth_action == NGX_HTTP_VNEID_UNAUTH_AUTO
            && ngx_http_vneid_is_navigation(r)))
    {
        ngx_http_clear_location(r);

        h = ngx_list_push(&r->headers_out.headers);
        if (h == NULL) {
            vneid_buf_free(&location);
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        h->hash = 1;
        ngx_str_set(&h->key, "Location");
        h->value.len = location.len;
        h->value.data = ngx_pnalloc(r->pool, location.len);

        if (h->value.data == NULL) {
            vneid_buf_free(&location);
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        ngx_memcpy(h->value.data, location.data, location.len);
        vneid_buf_free(&location);

        r->headers_out.location = h;

        return NGX_HTTP_MOVED_TEMPORARILY;
    }

    ngx_http_vneid_accept_language(r, &lang);

    rc = vneid_unauthenticated_json((char *) lang.data,
                                    lang.len,
                                    ctx->status == VNEID_SESSION_EXPIRED,
                                    location.data, location.len, &body);
    vneid_buf_free(&location);

    if (rc != 0) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    rc = ngx_http_vneid_send(r, NGX_HTTP_UNAUTHORIZED,
                             "application/json; charset=utf-8", &body);

    return ngx_http_vneid_finish(r, rc);
}


/* the access phase answered itself: finish the request there */

static ngx_int_t
ngx_http_vneid_finish(ngx_http_request_t *r, ngx_int_t rc)
{
    ngx_http_finalize_request(r, rc);

    return NGX_DONE;
}

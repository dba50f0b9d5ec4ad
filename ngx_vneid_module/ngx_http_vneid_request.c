
/*
 * vneid-gateway: what the feature files ask of a request: its context,
 * its session, its headers, cookies and query, and what kind of request
 * it is. Leaf of the glue: calls nothing but nginx and the core.
 */


#include "ngx_http_vneid_module.h"


static void ngx_http_vneid_ctx_cleanup(void *data);
static void *ngx_http_vneid_palloc(void *pool, size_t size);


/* headers, variables and injection all follow this one table */

ngx_http_vneid_field_t  ngx_http_vneid_fields[NGX_HTTP_VNEID_NFIELDS] = {
    { ngx_string("Citizen-Id"), ngx_string("vneid_citizen_id"),
      offsetof(vneid_identity_t, citizen_id) },
    { ngx_string("Name"), ngx_string("vneid_name"),
      offsetof(vneid_identity_t, name) },
    { ngx_string("Level"), ngx_string("vneid_level"), -1 },
    { ngx_string("Account"), ngx_string("vneid_account"),
      offsetof(vneid_identity_t, account) },
    { ngx_string("Accounts"), ngx_string("vneid_accounts"),
      offsetof(vneid_identity_t, accounts) }
};


/* the value of field i of a verified session; empty when absent */

void
ngx_http_vneid_field_value(ngx_http_vneid_ctx_t *ctx, ngx_uint_t i,
    ngx_str_t *value)
{
    u_char  *p;

    if (ngx_http_vneid_fields[i].offset < 0) {
        /* bounded to 0-9 by the core; the buffer holds any int */
        p = ngx_snprintf(ctx->level, sizeof(ctx->level), "%d", ctx->id.level);
        value->data = ctx->level;
        value->len = p - ctx->level;
        return;
    }

    value->data = (u_char *) &ctx->id + ngx_http_vneid_fields[i].offset;
    value->len = ngx_strlen(value->data);
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


/* once per request, before the access handler strips the cookie */

void
ngx_http_vneid_parse_cookie(ngx_http_request_t *r, ngx_http_vneid_ctx_t *ctx,
    ngx_str_t *name)
{
    if (ctx->cookie_parsed) {
        return;
    }

    ctx->cookie_parsed = 1;

    (void) ngx_http_vneid_get_cookie(r, name, &ctx->cookie);
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


/*
 * The first cookie called exactly NAME, with the core's parser: the same one
 * that strips the session cookie, so what authenticates is what is removed.
 */

ngx_int_t
ngx_http_vneid_get_cookie(ngx_http_request_t *r, ngx_str_t *name,
    ngx_str_t *value)
{
    size_t            len;
    ngx_uint_t        n;
    const char       *found;
    ngx_table_elt_t  *h;

    for (n = 0; (h = ngx_http_vneid_cookie_header(r, n)); n++) {
        if (vneid_cookie_find((char *) h->value.data, h->value.len,
                              (char *) name->data, name->len, &found, &len))
        {
            value->data = (u_char *) found;
            value->len = len;
            return NGX_OK;
        }
    }

    return NGX_DECLINED;
}


/*
 * The Cookie header lines: an array of pointers up to nginx 1.22, a chain
 * through "next" since 1.23. These two are the only places that know.
 */

ngx_table_elt_t *
ngx_http_vneid_cookie_header(ngx_http_request_t *r, ngx_uint_t n)
{
#if (nginx_version >= 1023000)

    ngx_table_elt_t  *h;

    for (h = r->headers_in.cookie; h && n; h = h->next, n--) {
        /* void */
    }

    return h;

#else

    ngx_table_elt_t  **cookies;

    if (n >= r->headers_in.cookies.nelts) {
        return NULL;
    }

    cookies = r->headers_in.cookies.elts;

    return cookies[n];

#endif
}


/* drops the n-th Cookie line from what $http_cookie and $cookie_* read */

void
ngx_http_vneid_cookie_unlink(ngx_http_request_t *r, ngx_uint_t n)
{
#if (nginx_version >= 1023000)

    ngx_table_elt_t  **ph;

    for (ph = &r->headers_in.cookie; *ph && n; ph = &(*ph)->next, n--) {
        /* void */
    }

    if (*ph) {
        *ph = (*ph)->next;
    }

#else

    ngx_table_elt_t  **cookies;

    if (n >= r->headers_in.cookies.nelts) {
        return;
    }

    cookies = r->headers_in.cookies.elts;

    ngx_memmove(&cookies[n], &cookies[n + 1],
                (r->headers_in.cookies.nelts - n - 1)
                * sizeof(ngx_table_elt_t *));
    r->headers_in.cookies.nelts--;

#endif
}


/* "<session cookie>_login": ties a pending login to the browser */

ngx_int_t
ngx_http_vneid_binding_cookie_name(ngx_http_request_t *r, ngx_str_t *name)
{
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    *name = vscf->binding_cookie_name;

    return NGX_OK;
}


/* "<endpoint>login": where every "sign in again" button points */

ngx_int_t
ngx_http_vneid_login_url(ngx_http_request_t *r, ngx_str_t *url)
{
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    return ngx_http_vneid_concat(r->pool, &vscf->endpoint, "login", url);
}


ngx_int_t
ngx_http_vneid_concat(ngx_pool_t *pool, ngx_str_t *head, const char *tail,
    ngx_str_t *out)
{
    size_t  len;

    len = ngx_strlen(tail);

    out->len = head->len + len;
    out->data = ngx_pnalloc(pool, out->len);
    if (out->data == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(ngx_cpymem(out->data, head->data, head->len), tail, len);

    return NGX_OK;
}


ngx_int_t
ngx_http_vneid_query(ngx_http_request_t *r, const char *name,
    ngx_str_t *value)
{
    ngx_int_t    rc;
    vneid_buf_t  buf;

    ngx_http_vneid_buf(r, &buf);
    ngx_str_null(value);

    rc = vneid_query_param((char *) r->args.data, r->args.len, name, &buf);
    if (rc < 0) {
        return NGX_ERROR;
    }

    if (rc == 0) {
        return NGX_OK;
    }

    value->data = ngx_pnalloc(r->pool, buf.len + 1);
    if (value->data == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(value->data, buf.data, buf.len);
    value->len = buf.len;

    return NGX_OK;
}


/*
 * "scheme://server_name[:port]" for a relative vneid_redirect_uri and the
 * logout return: the name from the configuration, the scheme and port of
 * the connection, never the client's Host header.  NGX_DECLINED (origin
 * empty): the server has no usable server_name or needs none.
 */

ngx_int_t
ngx_http_vneid_origin(ngx_http_request_t *r, ngx_str_t *origin)
{
    u_char                     *p;
    in_port_t                   port;
    ngx_uint_t                  tls;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    ngx_str_null(origin);

    if (vscf->idp.origin_host.len == 0) {
        return NGX_DECLINED;
    }

    if (ngx_connection_local_sockaddr(r->connection, NULL, 0) != NGX_OK) {
        return NGX_ERROR;
    }

    port = ngx_inet_get_port(r->connection->local_sockaddr);
    tls = 0;

#if (NGX_HTTP_SSL)
    tls = (r->connection->ssl != NULL);
#endif

    p = ngx_pnalloc(r->pool, sizeof("https://:65535") - 1
                             + vscf->idp.origin_host.len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    origin->data = p;

    p = ngx_sprintf(p, "%s://%V", tls ? "https" : "http",
                    &vscf->idp.origin_host);

    if (port != (tls ? 443 : 80)) {
        p = ngx_sprintf(p, ":%ui", (ngx_uint_t) port);
    }

    origin->len = p - origin->data;

    return NGX_OK;
}


/* the core allocates what it hands back from the request's pool */

void
ngx_http_vneid_buf(ngx_http_request_t *r, vneid_buf_t *buf)
{
    buf->data = NULL;
    buf->len = 0;
    buf->alloc = ngx_http_vneid_palloc;
    buf->pool = r->pool;
}


static void *
ngx_http_vneid_palloc(void *pool, size_t size)
{
    return ngx_pnalloc(pool, size);
}


/* the whole (small, in-memory) request body; NGX_DECLINED: none or on disk */

ngx_int_t
ngx_http_vneid_request_body(ngx_http_request_t *r, ngx_str_t *body)
{
    size_t        len;
    u_char       *p;
    ngx_chain_t  *cl;

    if (r->request_body == NULL || r->request_body->temp_file) {
        return NGX_DECLINED;
    }

    len = 0;

    for (cl = r->request_body->bufs; cl; cl = cl->next) {
        len += ngx_buf_size(cl->buf);
    }

    body->data = ngx_pnalloc(r->pool, len + 1);
    if (body->data == NULL) {
        return NGX_ERROR;
    }

    p = body->data;

    for (cl = r->request_body->bufs; cl; cl = cl->next) {
        p = ngx_cpymem(p, cl->buf->pos, cl->buf->last - cl->buf->pos);
    }

    body->len = p - body->data;

    return NGX_OK;
}


/*
 * Browsers say where a request comes from: "Sec-Fetch-Site" (anything but
 * same-origin or a typed URL is another site) and "Origin" (when the server
 * has a usable server_name, it must be this server's origin).
 */

ngx_uint_t
ngx_http_vneid_cross_site(ngx_http_request_t *r)
{
    ngx_str_t         origin;
    ngx_table_elt_t  *h;

    h = ngx_http_vneid_find_header(r, "Sec-Fetch-Site",
                                   sizeof("Sec-Fetch-Site") - 1);

    if (h && !(h->value.len == 11
               && ngx_strncasecmp(h->value.data, (u_char *) "same-origin", 11)
                  == 0)
          && !(h->value.len == 4
               && ngx_strncasecmp(h->value.data, (u_char *) "none", 4) == 0))
    {
        return 1;
    }

    h = ngx_http_vneid_find_header(r, "Origin", sizeof("Origin") - 1);

    if (h == NULL || ngx_http_vneid_origin(r, &origin) != NGX_OK) {
        return 0;
    }

    return h->value.len != origin.len
           || ngx_strncasecmp(h->value.data, origin.data, origin.len) != 0;
}


/*
 * vneid-gateway: the gateway's own pages under the vneid_endpoint location:
 * login, start, callback, logout, whoami. Content comes from the core; this
 * file routes, sets cookies and sends.
 */


#include "ngx_http_vneid_module.h"


typedef ngx_int_t (*ngx_http_vneid_page_pt)(ngx_http_request_t *r);

typedef struct {
    ngx_str_t                name;
    ngx_http_vneid_page_pt   handler;
} ngx_http_vneid_page_t;


static ngx_int_t ngx_http_vneid_login_page(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_start(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_callback(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_logout(ngx_http_request_t *r);
static void ngx_http_vneid_logout_body(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_logout_post(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_whoami(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_get_only(ngx_http_request_t *r,
    ngx_int_t *rc);
static ngx_int_t ngx_http_vneid_send_html(ngx_http_request_t *r,
    ngx_uint_t status, vneid_buf_t *body);
static ngx_int_t ngx_http_vneid_redirect(ngx_http_request_t *r,
    u_char *location, size_t len);
static ngx_int_t ngx_http_vneid_set_cookie(ngx_http_request_t *r,
    ngx_str_t *name, u_char *value, size_t len, time_t max_age);
static ngx_int_t ngx_http_vneid_query(ngx_http_request_t *r,
    const char *name, ngx_str_t *value);
static ngx_int_t ngx_http_vneid_origin(ngx_http_request_t *r,
    ngx_str_t *origin);
static ngx_int_t ngx_http_vneid_start_refused(ngx_http_request_t *r,
    const char *code, const char *detail);
static ngx_int_t ngx_http_vneid_login_url(ngx_http_request_t *r,
    ngx_str_t *url);
static ngx_int_t ngx_http_vneid_concat(ngx_pool_t *pool, ngx_str_t *head,
    const char *tail, ngx_str_t *out);
static ngx_int_t ngx_http_vneid_add_header_cstr(ngx_http_request_t *r,
    const char *key, const char *value);


#define NGX_HTTP_VNEID_FLOW_TTL  600


static ngx_http_vneid_page_t  ngx_http_vneid_pages[] = {
    { ngx_string("login"), ngx_http_vneid_login_page },
    { ngx_string("start"), ngx_http_vneid_start },
    { ngx_string("callback"), ngx_http_vneid_callback },
    { ngx_string("logout"), ngx_http_vneid_logout },
    { ngx_string("whoami"), ngx_http_vneid_whoami },
    { ngx_null_string, NULL }
};


ngx_int_t
ngx_http_vneid_endpoint_handler(ngx_http_request_t *r)
{
    ngx_int_t                   rc;
    ngx_str_t                   page;
    ngx_http_vneid_page_t      *p;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (r->uri.len >= vscf->endpoint.len) {
        page.data = r->uri.data + vscf->endpoint.len;
        page.len = r->uri.len - vscf->endpoint.len;

        for (p = ngx_http_vneid_pages; p->name.len; p++) {
            if (page.len == p->name.len
                && ngx_strncmp(page.data, p->name.data, page.len) == 0)
            {
                return p->handler(r);
            }
        }
    }

    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
        return rc;
    }

    return ngx_http_vneid_send_error(r, "not_found", NULL);
}


static ngx_int_t
ngx_http_vneid_login_page(ngx_http_request_t *r)
{
    ngx_int_t                   rc;
    ngx_str_t                   back, lang;
    vneid_buf_t                 start, body;
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_vneid_srv_conf_t  *vscf;

    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (ngx_http_vneid_query(r, "return", &back) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (vneid_start_location((char *) vscf->endpoint.data, vscf->endpoint.len,
                             (char *) back.data, back.len, &start)
        != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /* already signed in (another tab): straight back to the portal */

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL
        || ngx_http_vneid_check_session(r, ctx, 0) != NGX_OK)
    {
        vneid_buf_free(&start);
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->status == VNEID_SESSION_OK) {
        vneid_buf_free(&start);

        if (vneid_safe_return_path((char *) back.data, back.len, &body) != 0) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        rc = ngx_http_vneid_redirect(r, (u_char *) body.data, body.len);
        vneid_buf_free(&body);

        return rc;
    }

    ngx_http_vneid_accept_language(r, &lang);

    rc = vneid_page_login(vscf->gateway,
                          (char *) lang.data,
                          lang.len,
                          start.data, start.len, &body);
    vneid_buf_free(&start);

    if (rc != 0) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_send_html(r, NGX_HTTP_OK, &body);
}


static ngx_int_t
ngx_http_vneid_start(ngx_http_request_t *r)
{
    ngx_int_t                    rc;
    ngx_str_t                    back, name, binding, origin;
    vneid_buf_t                  location, new_binding;
    ngx_http_vneid_srv_conf_t   *vscf;
    ngx_http_vneid_main_conf_t  *vmcf;
    char                         err[NGX_HTTP_VNEID_ERRLEN];

    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (vscf->gateway == NULL || vmcf->store == NULL) {
        return ngx_http_vneid_start_refused(r, "not_configured",
                   "no identity provider or no vneid_store configured for "
                   "this server (vneid_client_id, vneid_*_endpoint)");
    }

    rc = ngx_http_vneid_origin(r, &origin);

    if (rc == NGX_ERROR) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (rc == NGX_DECLINED
        && (vscf->redirect_uri.len == 0 || vscf->redirect_uri.data[0] == '/'))
    {
        return ngx_http_vneid_start_refused(r, "not_configured",
                   "\"vneid_redirect_uri\" is relative and this server has "
                   "no usable \"server_name\" (nginx -t warned): set an "
                   "absolute vneid_redirect_uri");
    }

    if (ngx_http_vneid_query(r, "return", &back) != NGX_OK
        || ngx_http_vneid_binding_cookie_name(r, &name) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_str_null(&binding);
    (void) ngx_http_vneid_get_cookie(r, &name, &binding);

    if (vneid_login_start(vscf->gateway, vmcf->store,
                          (char *) back.data, back.len,
                          (char *) binding.data, binding.len,
                          (char *) origin.data, origin.len, ngx_time(),
                          &location, &new_binding, err, sizeof(err))
        != 0)
    {
        return ngx_http_vneid_start_refused(r, "store_error", err);
    }

    /* Path=/ like the session cookie: "__Host-" names demand it */

    rc = ngx_http_vneid_set_cookie(r, &name, (u_char *) new_binding.data,
                                   new_binding.len, NGX_HTTP_VNEID_FLOW_TTL);
    vneid_buf_free(&new_binding);

    if (rc != NGX_OK) {
        vneid_buf_free(&location);
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    rc = ngx_http_vneid_redirect(r, (u_char *) location.data, location.len);
    vneid_buf_free(&location);

    return rc;
}


static ngx_int_t
ngx_http_vneid_callback(ngx_http_request_t *r)
{
    u_char                     *cid;
    ngx_int_t                   rc;
    ngx_uint_t                  level;
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_vneid_srv_conf_t  *vscf;
    vneid_login_result_t       *res;

    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    ctx = ngx_http_vneid_get_ctx(r);

    if (ctx == NULL || !ctx->login_done) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    res = &ctx->result;
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (!res->ok) {
        /* user-caused refusals are warnings, IdP trouble is an error */

        level = (ngx_strcmp(res->error, "state_invalid") == 0
                 || ngx_strcmp(res->error, "level_too_low") == 0
                 || ngx_strcmp(res->error, "idp_denied") == 0
                 || ngx_strcmp(res->error, "citizen_id_invalid") == 0)
                ? NGX_LOG_WARN : NGX_LOG_ERR;

        ngx_log_error(level, r->connection->log, 0,
                      "vneid login failed [ref %s]: %s: %s",
                      res->reference, res->error, res->detail);

        return ngx_http_vneid_send_error(r, res->error, res->reference);
    }

    /* the citizen id is personal data: the log keeps only its ends */

    cid = (u_char *) res->citizen_id;

    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "vneid login: citizen %*s******%s level %d",
                  (size_t) 3, cid, cid + ngx_min(ngx_strlen(cid), 9),
                  res->level);

    /* the binding cookie stays: another tab's login may still need it */

    rc = ngx_http_vneid_set_cookie(r, &vscf->cookie_name,
                                   (u_char *) res->cookie,
                                   ngx_strlen(res->cookie), 0);
    if (rc != NGX_OK) {
        vneid_buf_free(&res->return_url);
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    rc = ngx_http_vneid_redirect(r, (u_char *) res->return_url.data,
                                 res->return_url.len);
    vneid_buf_free(&res->return_url);

    return rc;
}


static ngx_int_t
ngx_http_vneid_logout(ngx_http_request_t *r)
{
    ngx_int_t                   rc;
    ngx_str_t                   login, lang;
    vneid_buf_t                 body;
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_vneid_srv_conf_t  *vscf;

    if (r->method == NGX_HTTP_POST) {
        rc = ngx_http_read_client_request_body(r, ngx_http_vneid_logout_body);

        if (rc >= NGX_HTTP_SPECIAL_RESPONSE) {
            return rc;
        }

        return NGX_DONE;
    }

    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL || ngx_http_vneid_check_session(r, ctx, 0) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_http_vneid_accept_language(r, &lang);

    if (ngx_http_vneid_login_url(r, &login) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->status == VNEID_SESSION_OK) {
        /* GET only asks: a link or an image elsewhere cannot sign out */
        rc = vneid_page_logout_confirm(vscf->gateway,
                                       (char *) lang.data,
                                       lang.len,
                                       (char *) r->uri.data, r->uri.len,
                                       &ctx->id, &body);
    } else {
        rc = vneid_page_logged_out(vscf->gateway,
                                   (char *) lang.data,
                                   lang.len,
                                   (char *) login.data, login.len, &body);
    }

    if (rc != 0) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_send_html(r, NGX_HTTP_OK, &body);
}


static void
ngx_http_vneid_logout_body(ngx_http_request_t *r)
{
    ngx_http_finalize_request(r, ngx_http_vneid_logout_post(r));
}


static ngx_int_t
ngx_http_vneid_logout_post(ngx_http_request_t *r)
{
    size_t                       len;
    u_char                      *p;
    ngx_int_t                    rc;
    ngx_str_t                    root, login, lang;
    ngx_buf_t                   *b;
    ngx_chain_t                 *cl;
    vneid_buf_t                  csrf, body, idp;
    ngx_http_vneid_ctx_t        *ctx;
    ngx_http_vneid_srv_conf_t   *vscf;
    ngx_http_vneid_main_conf_t  *vmcf;
    char                         err[NGX_HTTP_VNEID_ERRLEN];

    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (r->request_body == NULL || r->request_body->temp_file) {
        return ngx_http_vneid_send_error(r, "bad_request", NULL);
    }

    len = 0;
    for (cl = r->request_body->bufs; cl; cl = cl->next) {
        len += ngx_buf_size(cl->buf);
    }

    p = ngx_pnalloc(r->pool, len + 1);
    if (p == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    len = 0;
    for (cl = r->request_body->bufs; cl; cl = cl->next) {
        b = cl->buf;
        len = ngx_cpymem(p + len, b->pos, b->last - b->pos) - p;
    }

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL || ngx_http_vneid_check_session(r, ctx, 0) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->status == VNEID_SESSION_OK) {
        rc = vneid_form_param((char *) p, len, "csrf", &csrf);

        if (rc != 1 || !vneid_csrf_valid(&ctx->id, csrf.data, csrf.len)) {
            if (rc == 1) {
                vneid_buf_free(&csrf);
            }

            ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                          "vneid logout refused: missing or wrong CSRF token");
            return ngx_http_vneid_send_error(r, "csrf_invalid", NULL);
        }

        vneid_buf_free(&csrf);

        if (vneid_session_destroy(vmcf->store, (char *) ctx->cookie.data,
                                  ctx->cookie.len, err, sizeof(err))
            < 0)
        {
            ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                          "vneid logout: %s", err);
            return ngx_http_vneid_send_error(r, "store_error", NULL);
        }

        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "vneid logout: session ended");
    }

    /* expire the cookie in the browser as well */

    if (ngx_http_vneid_set_cookie(r, &vscf->cookie_name, (u_char *) "", 0,
                                  -1)
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ngx_http_vneid_login_url(r, &login) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /*
     * then VNeID's own logout, when the operator configured it, back to the
     * portal's front page (an absolute URL the IdP can have registered, on
     * the configured origin, never the Host header), which asks for a login
     * again
     */

    if (ngx_http_vneid_origin(r, &root) == NGX_ERROR) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (vscf->gateway
        && vneid_end_session_url(vscf->gateway, (char *) root.data, root.len,
                                 &idp) == 0)
    {
        if (idp.len) {
            rc = ngx_http_vneid_redirect(r, (u_char *) idp.data, idp.len);
            vneid_buf_free(&idp);
            return rc;
        }

        vneid_buf_free(&idp);
    }

    ngx_http_vneid_accept_language(r, &lang);

    if (vneid_page_logged_out(vscf->gateway,
                              (char *) lang.data,
                              lang.len,
                              (char *) login.data, login.len, &body)
        != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_send_html(r, NGX_HTTP_OK, &body);
}


static ngx_int_t
ngx_http_vneid_whoami(ngx_http_request_t *r)
{
    ngx_int_t              rc;
    vneid_buf_t            body;
    ngx_http_vneid_ctx_t  *ctx;

    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /* a portal widget polling whoami is not a person at the desk */

    if (ngx_http_vneid_check_session(r, ctx, 0) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->status == VNEID_SESSION_ERROR) {
        return ngx_http_vneid_send_error(r, "store_error", NULL);
    }

    if (vneid_identity_json(ctx->status == VNEID_SESSION_OK ? &ctx->id : NULL,
                            &body)
        != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_send(r, ctx->status == VNEID_SESSION_OK
                                  ? NGX_HTTP_OK : NGX_HTTP_UNAUTHORIZED,
                               "application/json; charset=utf-8", &body);
}


/*
 * NGX_OK: a GET or HEAD, go on. Anything else: the request was answered
 * (405) or failed; the page handler returns *rc as it is.
 */

static ngx_int_t
ngx_http_vneid_get_only(ngx_http_request_t *r, ngx_int_t *rc)
{
    *rc = ngx_http_discard_request_body(r);

    if (*rc != NGX_OK) {
        return NGX_ERROR;
    }

    if (!(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))) {
        *rc = ngx_http_vneid_send_error(r, "method_not_allowed", NULL);
        return NGX_DECLINED;
    }

    return NGX_OK;
}


/* an error page (HTML for people, JSON for scripts) in their language */

ngx_int_t
ngx_http_vneid_send_error(ngx_http_request_t *r, const char *code,
    const char *reference)
{
    int                         status;
    ngx_uint_t                  json;
    ngx_str_t                   retry, lang;
    vneid_buf_t                 body;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);
    ngx_http_vneid_accept_language(r, &lang);
    json = !ngx_http_vneid_is_navigation(r);

    if (ngx_http_vneid_login_url(r, &retry) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    status = vneid_page_error(vscf->gateway,
                              (char *) lang.data,
                              lang.len, code, reference,
                              (char *) retry.data, retry.len, (int) json,
                              &body);
    if (status < 0) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (status == NGX_HTTP_NOT_ALLOWED
        && ngx_http_vneid_add_header_cstr(r, "Allow", "GET, HEAD") != NGX_OK)
    {
        vneid_buf_free(&body);
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (json) {
        return ngx_http_vneid_send(r, status,
                                   "application/json; charset=utf-8", &body);
    }

    return ngx_http_vneid_send_html(r, status, &body);
}


static ngx_int_t
ngx_http_vneid_send_html(ngx_http_request_t *r, ngx_uint_t status,
    vneid_buf_t *body)
{
    const char                 *csp;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    csp = vscf->gateway ? vneid_gateway_csp(vscf->gateway)
                        : vneid_default_csp();

    if (ngx_http_vneid_add_header_cstr(r, "Content-Security-Policy", csp)
           != NGX_OK
        || ngx_http_vneid_add_header_cstr(r, "Vary", "Accept-Language")
           != NGX_OK)
    {
        vneid_buf_free(body);
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_send(r, status, "text/html; charset=utf-8", body);
}


static ngx_int_t
ngx_http_vneid_redirect(ngx_http_request_t *r, u_char *location, size_t len)
{
    ngx_int_t         rc;
    ngx_table_elt_t  *h;

    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
        return rc;
    }

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    h->hash = 1;
    ngx_str_set(&h->key, "Location");
    h->value.len = len;
    h->value.data = ngx_pnalloc(r->pool, len);
    if (h->value.data == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_memcpy(h->value.data, location, len);

    ngx_http_clear_location(r);
    r->headers_out.location = h;

    if (ngx_http_vneid_add_header_cstr(r, "Cache-Control", "no-store")
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return NGX_HTTP_MOVED_TEMPORARILY;
}


/*
 * Every gateway cookie has Path=/ (as "__Host-" names require); max_age 0:
 * a browser-session cookie, -1: delete it
 */

static ngx_int_t
ngx_http_vneid_set_cookie(ngx_http_request_t *r, ngx_str_t *name,
    u_char *value, size_t len, time_t max_age)
{
    u_char                     *p;
    size_t                      size;
    ngx_str_t                   cookie;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    size = name->len + 1 + len + sizeof("; Path=/") - 1
           + sizeof("; Max-Age=") - 1 + NGX_TIME_T_LEN
           + sizeof("; HttpOnly; SameSite=Strict; Secure") - 1;

    p = ngx_pnalloc(r->pool, size);
    if (p == NULL) {
        return NGX_ERROR;
    }

    cookie.data = p;

    p = ngx_sprintf(p, "%V=%*s; Path=/", name, len, value);

    if (max_age) {
        p = ngx_sprintf(p, "; Max-Age=%T", max_age < 0 ? 0 : max_age);
    }

    p = ngx_sprintf(p, "; HttpOnly; SameSite=%s",
                    vscf->cookie_samesite == NGX_HTTP_VNEID_SAMESITE_STRICT
                    ? "Strict" : "Lax");

    if (vscf->cookie_secure) {
        p = ngx_cpymem(p, "; Secure", 8);
    }

    cookie.len = p - cookie.data;

    return ngx_http_vneid_add_out_header(r, "Set-Cookie", &cookie);
}


/*
 * The first cookie called exactly NAME, with the core's parser: the same one
 * that strips the session cookie, so what authenticates is what is removed.
 */

ngx_int_t
ngx_http_vneid_get_cookie(ngx_http_request_t *r, ngx_str_t *name,
    ngx_str_t *value)
{
    size_t             len;
    ngx_uint_t         i;
    const char        *found;
    ngx_table_elt_t  **cookies;

    cookies = r->headers_in.cookies.elts;

    for (i = 0; i < r->headers_in.cookies.nelts; i++) {
        if (vneid_cookie_find((char *) cookies[i]->value.data,
                              cookies[i]->value.len, (char *) name->data,
                              name->len, &found, &len))
        {
            value->data = (u_char *) found;
            value->len = len;
            return NGX_OK;
        }
    }

    return NGX_DECLINED;
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

static ngx_int_t
ngx_http_vneid_login_url(ngx_http_request_t *r, ngx_str_t *url)
{
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    return ngx_http_vneid_concat(r->pool, &vscf->endpoint, "login", url);
}


static ngx_int_t
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


static ngx_int_t
ngx_http_vneid_query(ngx_http_request_t *r, const char *name,
    ngx_str_t *value)
{
    ngx_int_t    rc;
    vneid_buf_t  buf;

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
        vneid_buf_free(&buf);
        return NGX_ERROR;
    }

    ngx_memcpy(value->data, buf.data, buf.len);
    value->len = buf.len;
    vneid_buf_free(&buf);

    return NGX_OK;
}


/*
 * "scheme://server_name[:port]" for a relative vneid_redirect_uri and the
 * logout return: the name from the configuration, the scheme and port of
 * the connection, never the client's Host header.  NGX_DECLINED (origin
 * empty): the server has no usable server_name or needs none.
 */

static ngx_int_t
ngx_http_vneid_origin(ngx_http_request_t *r, ngx_str_t *origin)
{
    u_char                     *p;
    in_port_t                   port;
    ngx_uint_t                  tls;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    ngx_str_null(origin);

    if (vscf->origin_host.len == 0) {
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
                             + vscf->origin_host.len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    origin->data = p;

    p = ngx_sprintf(p, "%s://%V", tls ? "https" : "http", &vscf->origin_host);

    if (port != (tls ? 443 : 80)) {
        p = ngx_sprintf(p, ":%ui", (ngx_uint_t) port);
    }

    origin->len = p - origin->data;

    return NGX_OK;
}


/*
 * a login this server cannot start: a page with a reference id that is
 * also in the error log
 */

static ngx_int_t
ngx_http_vneid_start_refused(ngx_http_request_t *r, const char *code,
    const char *detail)
{
    vneid_login_result_t  res;

    vneid_login_fail(code, detail, &res);

    ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                  "vneid login failed [ref %s]: %s: %s",
                  res.reference, res.error, res.detail);

    return ngx_http_vneid_send_error(r, res.error, res.reference);
}


/* sends a complete response the core produced; frees body */

ngx_int_t
ngx_http_vneid_send(ngx_http_request_t *r, ngx_uint_t status,
    const char *type, vneid_buf_t *body)
{
    ngx_int_t     rc;
    ngx_buf_t    *b;
    ngx_chain_t   out;

    b = ngx_create_temp_buf(r->pool, body->len ? body->len : 1);
    if (b == NULL) {
        vneid_buf_free(body);
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    b->last = ngx_cpymem(b->pos, body->data, body->len);
    vneid_buf_free(body);

    r->headers_out.status = status;
    r->headers_out.content_type.data = (u_char *) type;
    r->headers_out.content_type.len = ngx_strlen(type);
    r->headers_out.content_type_len = r->headers_out.content_type.len;
    r->headers_out.content_length_n = b->last - b->pos;

    if (ngx_http_vneid_add_header_cstr(r, "Cache-Control", "no-store")
           != NGX_OK
        || ngx_http_vneid_add_header_cstr(r, "X-Content-Type-Options",
                                          "nosniff") != NGX_OK
        || ngx_http_vneid_add_header_cstr(r, "Referrer-Policy",
                                          "no-referrer") != NGX_OK
        || ngx_http_vneid_add_header_cstr(r, "X-Frame-Options", "DENY")
           != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (r->method == NGX_HTTP_HEAD || b->last == b->pos) {
        r->header_only = 1;
    }

    rc = ngx_http_send_header(r);

    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }

    b->last_buf = (r == r->main) ? 1 : 0;
    b->last_in_chain = 1;

    out.buf = b;
    out.next = NULL;

    return ngx_http_output_filter(r, &out);
}


ngx_int_t
ngx_http_vneid_add_out_header(ngx_http_request_t *r, const char *key,
    ngx_str_t *value)
{
    ngx_table_elt_t  *h;

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    h->hash = 1;
    h->key.data = (u_char *) key;
    h->key.len = ngx_strlen(key);
    h->value = *value;

    return NGX_OK;
}


static ngx_int_t
ngx_http_vneid_add_header_cstr(ngx_http_request_t *r, const char *key,
    const char *value)
{
    ngx_str_t  v;

    v.data = (u_char *) value;
    v.len = ngx_strlen(value);

    return ngx_http_vneid_add_out_header(r, key, &v);
}


/*
 * vneid-gateway: how the gateway answers: complete responses the core
 * rendered, error pages, Set-Cookie and redirects.
 */


#include "ngx_http_vneid_module.h"


/* sends a complete response the core produced into the pool */

ngx_int_t
ngx_http_vneid_send(ngx_http_request_t *r, ngx_uint_t status,
    const char *type, vneid_buf_t *body)
{
    ngx_int_t     rc;
    ngx_buf_t    *b;
    ngx_chain_t   out;

    /* the core rendered it into the request's pool: sent as it is */

    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    b->pos = (u_char *) body->data;
    b->last = b->pos + body->len;
    b->memory = 1;

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
ngx_http_vneid_send_html(ngx_http_request_t *r, ngx_uint_t status,
    vneid_buf_t *body)
{
    const char                 *csp;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    csp = vscf->idp.gateway ? vneid_gateway_csp(vscf->idp.gateway)
                        : vneid_default_csp();

    if (ngx_http_vneid_add_header_cstr(r, "Content-Security-Policy", csp)
           != NGX_OK
        || ngx_http_vneid_add_header_cstr(r, "Vary", "Accept-Language")
           != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_send(r, status, "text/html; charset=utf-8", body);
}


/* an error page (HTML for people, JSON for scripts) in their language */

ngx_int_t
ngx_http_vneid_send_error(ngx_http_request_t *r, const char *code,
    const char *reference)
{
    ngx_http_vneid_error_t  e;

    ngx_memzero(&e, sizeof(ngx_http_vneid_error_t));
    e.code = code;
    e.reference = reference;

    return ngx_http_vneid_send_error_page(r, &e);
}


/*
 * The way on from an error: "try again" (by default the login, or the
 * account chooser for an account refused) carrying the page the staff
 * member was going to; "another VNeID account" after a refusal of who
 * VNeID said they are; and always a reference, logged here when the caller
 * has not logged one.
 */

ngx_int_t
ngx_http_vneid_send_error_page(ngx_http_request_t *r, ngx_http_vneid_error_t *e)
{
    int                         status;
    u_char                     *p;
    ngx_uint_t                  level;
    ngx_str_t                   back, lang, after;
    vneid_buf_t                 body, retry, other;
    vneid_error_page_t          page;
    ngx_http_vneid_srv_conf_t  *vscf;
    char                        ref[VNEID_REFERENCE_SIZE];
    u_char                      seconds[NGX_TIME_T_LEN];

    ngx_http_vneid_buf(r, &body);
    ngx_http_vneid_buf(r, &retry);
    ngx_http_vneid_buf(r, &other);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);
    ngx_http_vneid_accept_language(r, &lang);

    back = e->back;

    if (back.len == 0 && ngx_http_vneid_query(r, "return", &back) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (e->retry.len == 0
        && vneid_page_location((char *) vscf->endpoint.data,
                               vscf->endpoint.len,
                               ngx_strncmp(e->code, "account_", 8) == 0
                               ? "accounts" : "login",
                               (char *) back.data, back.len, &retry)
           != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (e->other_account
        && vneid_page_location((char *) vscf->endpoint.data,
                               vscf->endpoint.len, "relogin",
                               (char *) back.data, back.len, &other)
           != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (e->reference == NULL) {
        vneid_new_reference(ref);
    }

    ngx_memzero(&page, sizeof(vneid_error_page_t));
    page.code = e->code;
    page.reference = e->reference ? e->reference : ref;
    page.retry_url = e->retry.len ? (char *) e->retry.data : retry.data;
    page.retry_len = e->retry.len ? e->retry.len : retry.len;
    page.switch_url = other.len ? other.data : NULL;
    page.switch_len = other.len;
    page.retry_after = (long) e->retry_after;
    page.json = (int) !ngx_http_vneid_is_navigation(r);

    status = vneid_error_page(vscf->idp.gateway, (char *) lang.data, lang.len,
                              &page, &body);
    if (status < 0) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (e->reference == NULL) {
        level = (status >= NGX_HTTP_INTERNAL_SERVER_ERROR) ? NGX_LOG_ERR
                                                           : NGX_LOG_WARN;

        ngx_log_error(level, r->connection->log, 0,
                      "vneid answered %s [ref %s]", e->code, ref);
    }

    if (status == NGX_HTTP_NOT_ALLOWED
        && ngx_http_vneid_add_header_cstr(r, "Allow", "GET, HEAD") != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (e->retry_after > 0) {
        p = ngx_sprintf(seconds, "%T", e->retry_after);
        after.data = seconds;
        after.len = p - seconds;

        if (ngx_http_vneid_add_out_header(r, "Retry-After", &after) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    }

    return ngx_http_vneid_send_answer(r, status, page.json, &body);
}


/* a page for a person, or the same answer as JSON for a script */

ngx_int_t
ngx_http_vneid_send_answer(ngx_http_request_t *r, ngx_uint_t status,
    ngx_uint_t json, vneid_buf_t *body)
{
    if (json) {
        return ngx_http_vneid_send(r, status,
                                   "application/json; charset=utf-8", body);
    }

    return ngx_http_vneid_send_html(r, status, body);
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


ngx_int_t
ngx_http_vneid_add_header_cstr(ngx_http_request_t *r, const char *key,
    const char *value)
{
    ngx_str_t  v;

    v.data = (u_char *) value;
    v.len = ngx_strlen(value);

    return ngx_http_vneid_add_out_header(r, key, &v);
}


/*
 * Every gateway cookie has Path=/ (as "__Host-" names require); max_age 0:
 * a browser-session cookie, -1: delete it
 */

ngx_int_t
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


ngx_int_t
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
 * NGX_OK: a GET or HEAD, go on. Anything else: the request was answered
 * (405) or failed; the page handler returns *rc as it is.
 */

ngx_int_t
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


/* Set-Cookie headers from the core's lines (one value per line) */

ngx_int_t
ngx_http_vneid_add_set_cookies(ngx_http_request_t *r, vneid_buf_t *lines)
{
    u_char     *p, *last, *nl;
    ngx_str_t   value;

    p = (u_char *) lines->data;
    last = p + lines->len;

    while (p < last) {
        nl = ngx_strlchr(p, last, '\n');
        if (nl == NULL) {
            nl = last;
        }

        value.data = p;
        value.len = nl - p;

        if (value.len
            && ngx_http_vneid_add_out_header(r, "Set-Cookie", &value) != NGX_OK)
        {
            return NGX_ERROR;
        }

        p = nl + 1;
    }

    return NGX_OK;
}

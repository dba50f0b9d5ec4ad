
/*
 * vneid-gateway: the gateway's own pages under the vneid_endpoint location
 * (login, whoami, ...). Content is produced by the core; this file routes
 * and sends it.
 */


#include "ngx_http_vneid_module.h"


typedef ngx_int_t (*ngx_http_vneid_page_pt)(ngx_http_request_t *r);

typedef struct {
    ngx_str_t                name;
    ngx_http_vneid_page_pt   handler;
} ngx_http_vneid_page_t;


static ngx_int_t ngx_http_vneid_whoami(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_not_found(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_add_out_header(ngx_http_request_t *r,
    const char *key, const char *value);


static ngx_http_vneid_page_t  ngx_http_vneid_pages[] = {
    { ngx_string("whoami"), ngx_http_vneid_whoami },
    { ngx_null_string, NULL }
};


ngx_int_t
ngx_http_vneid_endpoint_handler(ngx_http_request_t *r)
{
    ngx_str_t                   page;
    ngx_http_vneid_page_t      *p;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (r->uri.len < vscf->endpoint.len) {
        return ngx_http_vneid_not_found(r);
    }

    page.data = r->uri.data + vscf->endpoint.len;
    page.len = r->uri.len - vscf->endpoint.len;

    for (p = ngx_http_vneid_pages; p->name.len; p++) {
        if (page.len == p->name.len
            && ngx_strncmp(page.data, p->name.data, page.len) == 0)
        {
            return p->handler(r);
        }
    }

    return ngx_http_vneid_not_found(r);
}


static ngx_int_t
ngx_http_vneid_whoami(ngx_http_request_t *r)
{
    ngx_int_t              rc;
    vneid_buf_t            body;
    ngx_http_vneid_ctx_t  *ctx;

    if (!(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))) {
        return NGX_HTTP_NOT_ALLOWED;
    }

    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
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
        return NGX_HTTP_SERVICE_UNAVAILABLE;
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


static ngx_int_t
ngx_http_vneid_not_found(ngx_http_request_t *r)
{
    ngx_int_t  rc;

    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
        return rc;
    }

    return NGX_HTTP_NOT_FOUND;
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

    if (ngx_http_vneid_add_out_header(r, "Cache-Control", "no-store")
           != NGX_OK
        || ngx_http_vneid_add_out_header(r, "X-Content-Type-Options",
                                         "nosniff") != NGX_OK
        || ngx_http_vneid_add_out_header(r, "Referrer-Policy",
                                         "no-referrer") != NGX_OK
        || ngx_http_vneid_add_out_header(r, "X-Frame-Options", "DENY")
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


static ngx_int_t
ngx_http_vneid_add_out_header(ngx_http_request_t *r, const char *key,
    const char *value)
{
    ngx_table_elt_t  *h;

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    h->hash = 1;
    h->key.data = (u_char *) key;
    h->key.len = ngx_strlen(key);
    h->value.data = (u_char *) value;
    h->value.len = ngx_strlen(value);

    return NGX_OK;
}


/*
 * vneid-gateway: the portal's own session cookies (vneid_portal_cookies).
 * A legacy portal turns the identity headers into its own session cookie
 * once and trusts that cookie alone afterwards. So the gateway binds each
 * such cookie the backend sets to the session and account it was issued
 * under (header filter), and forwards only bound ones (access phase): after
 * an account switch, or when the next person signs in on a shared PC, the
 * portal never sees the previous portal session.
 */


#include "ngx_http_vneid_module.h"


#define NGX_HTTP_VNEID_PORTAL_NAME_MAX  (VNEID_PORTAL_NAME_SIZE - 1)
#define NGX_HTTP_VNEID_SET_COOKIES_MAX  32


typedef struct {
    ngx_http_request_t          *request;
    const vneid_identity_t      *id;
    ngx_array_t                 *names;
    ngx_str_t                    removed;  /* one name per line */
} ngx_http_vneid_portal_edit_t;


static size_t ngx_http_vneid_portal_edit(void *data, char *value,
    size_t len);
static ngx_int_t ngx_http_vneid_portal_expire(ngx_http_request_t *r,
    ngx_str_t *names);
static ngx_int_t ngx_http_vneid_portal_header_filter(ngx_http_request_t *r);
static void ngx_http_vneid_portal_bind(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx);


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;


char *
ngx_http_vneid_portal_cookies(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_loc_conf_t *vlcf = conf;

    ngx_str_t    *value;
    ngx_uint_t    i, j;
    vneid_str_t  *name, *names;

    if (vlcf->portal_cookies != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (cf->args->nelts == 2 && ngx_strcmp(value[1].data, "off") == 0) {
        vlcf->portal_cookies = NULL;
        return NGX_CONF_OK;
    }

    vlcf->portal_cookies = ngx_array_create(cf->pool, cf->args->nelts - 1,
                                            sizeof(vneid_str_t));
    if (vlcf->portal_cookies == NULL) {
        return NGX_CONF_ERROR;
    }

    for (i = 1; i < cf->args->nelts; i++) {
        if (!ngx_http_vneid_is_token(&value[i])
            || value[i].len > NGX_HTTP_VNEID_PORTAL_NAME_MAX)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid cookie name \"%V\" in \"%V\": a "
                               "cookie name of at most %d token characters",
                               &value[i], &cmd->name,
                               NGX_HTTP_VNEID_PORTAL_NAME_MAX);
            return NGX_CONF_ERROR;
        }

        names = vlcf->portal_cookies->elts;

        for (j = 0; j < vlcf->portal_cookies->nelts; j++) {
            if (names[j].len == value[i].len
                && ngx_strncmp(names[j].data, value[i].data, value[i].len)
                   == 0)
            {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "duplicate cookie name \"%V\" in \"%V\"",
                                   &value[i], &cmd->name);
                return NGX_CONF_ERROR;
            }
        }

        name = ngx_array_push(vlcf->portal_cookies);
        if (name == NULL) {
            return NGX_CONF_ERROR;
        }

        name->data = (char *) value[i].data;
        name->len = value[i].len;
    }

    return NGX_CONF_OK;
}


ngx_int_t
ngx_http_vneid_portal_init(ngx_conf_t *cf)
{
    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_vneid_portal_header_filter;

    return NGX_OK;
}


/*
 * Access phase: portal cookies not bound to this session and its active
 * account (all of them, without a session) are not forwarded, and are
 * expired in the browser.
 */

ngx_int_t
ngx_http_vneid_portal_filter(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx)
{
    ngx_http_vneid_portal_edit_t  edit;

    if (vlcf->portal_cookies == NULL) {
        return NGX_OK;
    }

    edit.request = r;
    edit.id = ctx->status == VNEID_SESSION_OK ? &ctx->id : NULL;
    edit.names = vlcf->portal_cookies;
    ngx_str_null(&edit.removed);

    if (ngx_http_vneid_edit_cookies(r, NULL, ngx_http_vneid_portal_edit,
                                    &edit)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    if (edit.removed.len == 0) {
        return NGX_OK;
    }

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "vneid: portal cookies not forwarded: %V", &edit.removed);

    return ngx_http_vneid_portal_expire(r, &edit.removed);
}


static size_t
ngx_http_vneid_portal_edit(void *data, char *value, size_t len)
{
    ngx_http_vneid_portal_edit_t *edit = data;

    u_char       *p;
    size_t        kept;
    vneid_buf_t   removed;

    ngx_http_vneid_buf(edit->request, &removed);

    kept = vneid_portal_cookies_filter(edit->id, value, len,
                                       edit->names->elts, edit->names->nelts,
                                       &removed);

    if (kept == (size_t) -1 || removed.len == 0) {
        return kept;
    }

    /* HTTP/2 sends each cookie on a line of its own: collect them all */

    p = ngx_pnalloc(edit->request->pool, edit->removed.len + removed.len);
    if (p == NULL) {
        return (size_t) -1;
    }

    if (edit->removed.len) {
        ngx_memcpy(p, edit->removed.data, edit->removed.len);
    }

    ngx_memcpy(p + edit->removed.len, removed.data, removed.len);

    edit->removed.data = p;
    edit->removed.len += removed.len;

    return kept;
}


static ngx_int_t
ngx_http_vneid_portal_expire(ngx_http_request_t *r, ngx_str_t *names)
{
    vneid_buf_t                  lines;
    ngx_http_vneid_main_conf_t  *vmcf;

    ngx_http_vneid_buf(r, &lines);
    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);

    if (vmcf->store == NULL
        || vneid_portal_cookies_expiry(vmcf->store, (char *) names->data,
                                       names->len, &lines)
           != 0)
    {
        return NGX_ERROR;
    }

    return ngx_http_vneid_add_set_cookies(r, &lines);
}


static ngx_int_t
ngx_http_vneid_portal_header_filter(ngx_http_request_t *r)
{
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_vneid_loc_conf_t  *vlcf;

    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);

    if (vlcf->portal_cookies == NULL || r != r->main) {
        return ngx_http_next_header_filter(r);
    }

    ctx = ngx_http_get_module_ctx(r, ngx_http_vneid_module);

    if (ctx && ctx->status == VNEID_SESSION_OK && ctx->id.account[0]) {
        ngx_http_vneid_portal_bind(r, vlcf, ctx);
    }

    return ngx_http_next_header_filter(r);
}


/*
 * The backend's Set-Cookie lines for the named cookies bind them to the
 * session and the account the request went out as. A failure costs the
 * portal a new session on the next request, never this response.
 */

static void
ngx_http_vneid_portal_bind(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx)
{
    long                         bound;
    ngx_uint_t                   i, n;
    vneid_str_t                  set[NGX_HTTP_VNEID_SET_COOKIES_MAX];
    ngx_list_part_t             *part;
    ngx_table_elt_t             *h;
    ngx_http_vneid_main_conf_t  *vmcf;
    char                         err[NGX_HTTP_VNEID_ERRLEN];

    n = 0;

    for (part = &r->headers_out.headers.part; part; part = part->next) {
        h = part->elts;

        for (i = 0; i < part->nelts && n < NGX_HTTP_VNEID_SET_COOKIES_MAX;
             i++)
        {
            if (h[i].hash == 0 || h[i].key.len != sizeof("Set-Cookie") - 1
                || ngx_strncasecmp(h[i].key.data, (u_char *) "Set-Cookie",
                                   sizeof("Set-Cookie") - 1)
                   != 0)
            {
                continue;
            }

            set[n].data = (char *) h[i].value.data;
            set[n].len = h[i].value.len;
            n++;
        }
    }

    if (n == 0) {
        return;
    }

    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);

    if (vmcf->store == NULL) {
        return;
    }

    bound = vneid_portal_cookies_issued(vmcf->store,
                                        (char *) ctx->cookie.data,
                                        ctx->cookie.len, ctx->id.account,
                                        vlcf->portal_cookies->elts,
                                        vlcf->portal_cookies->nelts,
                                        set, n, ngx_time(), err, sizeof(err));

    if (bound < 0) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "vneid: the portal's session cookie could not be bound "
                      "to the session, the next request will not carry it: "
                      "%s", err);
    }
}


/*
 * vneid-gateway: $vneid_* variables. They read the main request's context,
 * so they work in subrequests and in log_format; where the access handler
 * did not run (vneid off), the session is looked up on first use.
 */


#include "ngx_http_vneid_module.h"


/* data of $vneid_status; the fields' variables carry their table index */
#define NGX_HTTP_VNEID_VAR_STATUS  NGX_HTTP_VNEID_NFIELDS


static ngx_int_t ngx_http_vneid_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_vneid_switcher_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_http_vneid_ctx_t *ngx_http_vneid_variable_ctx(ngx_http_request_t *r,
    ngx_http_variable_value_t *v);


static ngx_str_t  ngx_http_vneid_status_variable = ngx_string("vneid_status");
static ngx_str_t  ngx_http_vneid_switcher = ngx_string("vneid_switcher");


ngx_int_t
ngx_http_vneid_add_variables(ngx_conf_t *cf)
{
    ngx_str_t            *name;
    ngx_uint_t            i;
    ngx_http_variable_t  *var;

    for (i = 0; i <= NGX_HTTP_VNEID_NFIELDS; i++) {
        name = i < NGX_HTTP_VNEID_NFIELDS ? &ngx_http_vneid_fields[i].variable
                                          : &ngx_http_vneid_status_variable;

        var = ngx_http_add_variable(cf, name, NGX_HTTP_VAR_NOCACHEABLE);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = ngx_http_vneid_variable;
        var->data = i;
    }

    var = ngx_http_add_variable(cf, &ngx_http_vneid_switcher,
                                NGX_HTTP_VAR_NOCACHEABLE);
    if (var == NULL) {
        return NGX_ERROR;
    }

    var->get_handler = ngx_http_vneid_switcher_variable;

    return NGX_OK;
}


static ngx_int_t
ngx_http_vneid_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v,
    uintptr_t data)
{
    ngx_str_t              value;
    ngx_http_vneid_ctx_t  *ctx;

    ctx = ngx_http_vneid_variable_ctx(r, v);
    if (ctx == NULL) {
        return v->not_found ? NGX_OK : NGX_ERROR;
    }

    if (data == NGX_HTTP_VNEID_VAR_STATUS) {
        value.data = (u_char *) vneid_session_status_name((int) ctx->status);
        value.len = ngx_strlen(value.data);

    } else if (ctx->status == VNEID_SESSION_OK) {
        ngx_http_vneid_field_value(ctx, data, &value);

    } else {
        v->not_found = 1;
        return NGX_OK;
    }

    v->len = value.len;
    v->data = value.data;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}


/*
 * The account menu for the portal's own pages ("" without a session), for
 * sub_filter '</body>' '$vneid_switcher</body>'.
 */

static ngx_int_t
ngx_http_vneid_switcher_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_str_t                    lang, action, logout;
    vneid_buf_t                  html;
    ngx_http_vneid_ctx_t        *ctx;
    ngx_http_vneid_srv_conf_t   *vscf;
    ngx_http_vneid_loc_conf_t   *vlcf;
    ngx_http_vneid_main_conf_t  *vmcf;

    ctx = ngx_http_vneid_variable_ctx(r, v);
    if (ctx == NULL) {
        return v->not_found ? NGX_OK : NGX_ERROR;
    }

    ngx_http_vneid_buf(r, &html);
    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    /*
     * only on the portal's own pages: not the gateway's (their CSP would
     * block the widget's style), not redirects or errors
     */

    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);

    if (ctx->status == VNEID_SESSION_OK && vmcf->store && !vlcf->endpoint
        && r->headers_out.status == NGX_HTTP_OK)
    {
        ngx_http_vneid_accept_language(r, &lang);

        if (ngx_http_vneid_concat(r->pool, &vscf->endpoint, "accounts",
                                  &action)
               != NGX_OK
            || ngx_http_vneid_concat(r->pool, &vscf->endpoint, "logout",
                                     &logout)
               != NGX_OK
            || vneid_switcher_html(vmcf->store, &ctx->id,
                                   (char *) lang.data, lang.len,
                                   (char *) action.data, action.len,
                                   (char *) logout.data, logout.len, &html)
               != 0)
        {
            return NGX_ERROR;
        }
    }

    v->len = html.len;
    v->data = (u_char *) html.data;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}


/*
 * The main request's context with its session looked up; NULL with
 * v->not_found set where no vneid directive applies (the module stays out),
 * NULL alone on failure.
 */

static ngx_http_vneid_ctx_t *
ngx_http_vneid_variable_ctx(ngx_http_request_t *r,
    ngx_http_variable_value_t *v)
{
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_vneid_loc_conf_t  *vlcf;

    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);

    v->not_found = 0;

    if (!vlcf->governed) {
        v->not_found = 1;
        return NULL;
    }

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL) {
        return NULL;
    }

    if (!ctx->checked
        && ngx_http_vneid_check_session(r->main, ctx, 0) != NGX_OK)
    {
        return NULL;
    }

    return ctx;
}


/*
 * vneid-gateway: $vneid_* variables. They read the main request's context,
 * so they work in subrequests and in log_format; where the access handler
 * did not run (vneid off), the session is looked up on first use.
 */


#include "ngx_http_vneid_module.h"


#define NGX_HTTP_VNEID_VAR_CITIZEN_ID  0
#define NGX_HTTP_VNEID_VAR_NAME        1
#define NGX_HTTP_VNEID_VAR_ACCOUNT     2
#define NGX_HTTP_VNEID_VAR_ACCOUNTS    3
#define NGX_HTTP_VNEID_VAR_LEVEL       4
#define NGX_HTTP_VNEID_VAR_STATUS      5


static ngx_int_t ngx_http_vneid_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);


static ngx_http_variable_t  ngx_http_vneid_vars[] = {

    { ngx_string("vneid_citizen_id"), NULL, ngx_http_vneid_variable,
      NGX_HTTP_VNEID_VAR_CITIZEN_ID, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("vneid_name"), NULL, ngx_http_vneid_variable,
      NGX_HTTP_VNEID_VAR_NAME, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("vneid_account"), NULL, ngx_http_vneid_variable,
      NGX_HTTP_VNEID_VAR_ACCOUNT, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("vneid_accounts"), NULL, ngx_http_vneid_variable,
      NGX_HTTP_VNEID_VAR_ACCOUNTS, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("vneid_level"), NULL, ngx_http_vneid_variable,
      NGX_HTTP_VNEID_VAR_LEVEL, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("vneid_status"), NULL, ngx_http_vneid_variable,
      NGX_HTTP_VNEID_VAR_STATUS, NGX_HTTP_VAR_NOCACHEABLE, 0 },

      ngx_http_null_variable
};


ngx_int_t
ngx_http_vneid_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_vneid_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = v->get_handler;
        var->data = v->data;
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_vneid_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v,
    uintptr_t data)
{
    u_char                     *p;
    const char                 *s;
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_vneid_loc_conf_t  *vlcf;

    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);

    if (!vlcf->governed) {
        /* no vneid directive applies here: the module stays out */
        v->not_found = 1;
        return NGX_OK;
    }

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    if (!ctx->checked
        && ngx_http_vneid_check_session(r->main, ctx, 0) != NGX_OK)
    {
        return NGX_ERROR;
    }

    if (data == NGX_HTTP_VNEID_VAR_STATUS) {
        s = vneid_session_status_name((int) ctx->status);

        v->len = ngx_strlen(s);
        v->data = (u_char *) s;
        v->valid = 1;
        v->no_cacheable = 1;
        v->not_found = 0;

        return NGX_OK;
    }

    if (ctx->status != VNEID_SESSION_OK) {
        v->not_found = 1;
        return NGX_OK;
    }

    switch (data) {

    case NGX_HTTP_VNEID_VAR_CITIZEN_ID:
        s = ctx->id.citizen_id;
        break;

    case NGX_HTTP_VNEID_VAR_NAME:
        s = ctx->id.name;
        break;

    case NGX_HTTP_VNEID_VAR_ACCOUNT:
        s = ctx->id.account;
        break;

    case NGX_HTTP_VNEID_VAR_ACCOUNTS:
        s = ctx->id.accounts;
        break;

    default: /* NGX_HTTP_VNEID_VAR_LEVEL */
        p = ngx_pnalloc(r->pool, NGX_INT_T_LEN);
        if (p == NULL) {
            return NGX_ERROR;
        }

        v->len = ngx_sprintf(p, "%d", ctx->id.level) - p;
        v->data = p;
        v->valid = 1;
        v->no_cacheable = 1;
        v->not_found = 0;

        return NGX_OK;
    }

    v->len = ngx_strlen(s);
    v->data = (u_char *) s;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}

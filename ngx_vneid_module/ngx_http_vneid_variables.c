
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


static ngx_str_t  ngx_http_vneid_status_variable = ngx_string("vneid_status");


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

    return NGX_OK;
}


static ngx_int_t
ngx_http_vneid_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v,
    uintptr_t data)
{
    ngx_str_t                   value;
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

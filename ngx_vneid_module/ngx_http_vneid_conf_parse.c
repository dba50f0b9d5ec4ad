
/*
 * vneid-gateway: parsing helpers the directive handlers share: keyword
 * values and RFC 7230 tokens. Leaf of the configuration files.
 */


#include "ngx_http_vneid_module.h"


ngx_int_t
ngx_http_vneid_keyword(ngx_conf_t *cf, ngx_command_t *cmd, ngx_str_t *value,
    ngx_http_vneid_keyword_t *kw, const char *what, ngx_uint_t *out)
{
    u_char                    *p, *last;
    u_char                     allowed[128];
    ngx_http_vneid_keyword_t  *k;

    for (k = kw; k->name.len; k++) {
        if (value->len == k->name.len
            && ngx_strncasecmp(value->data, k->name.data, value->len) == 0)
        {
            *out = k->value;
            return NGX_OK;
        }
    }

    p = allowed;
    last = allowed + sizeof(allowed);

    for (k = kw; k->name.len; k++) {
        p = ngx_slprintf(p, last, "%s\"%V\"", k == kw ? "" : ", ", &k->name);
    }

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "invalid %s \"%V\" in \"%V\" directive, "
                       "it must be one of %*s",
                       what, value, &cmd->name, p - allowed, allowed);

    return NGX_ERROR;
}


ngx_int_t
ngx_http_vneid_is_token(ngx_str_t *s)
{
    u_char      c;
    ngx_uint_t  i;

    /* RFC 7230 tchar: what both cookie names and header names allow */

    for (i = 0; i < s->len; i++) {
        c = s->data[i];

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9') || ngx_strchr("!#$%&'*+-.^_`|~", c))
        {
            continue;
        }

        return 0;
    }

    return s->len > 0;
}


/*
 * vneid-gateway: the session's directives: vneid_session_idle_timeout and
 * vneid_cookie, with the login-binding cookie's name derived from it.
 */


#include "ngx_http_vneid_module.h"

static ngx_http_vneid_keyword_t  ngx_http_vneid_samesites[] = {
    { ngx_string("lax"), NGX_HTTP_VNEID_SAMESITE_LAX },
    { ngx_string("strict"), NGX_HTTP_VNEID_SAMESITE_STRICT },
    { ngx_null_string, 0 }
};

static ngx_http_vneid_keyword_t  ngx_http_vneid_activities[] = {
    { ngx_string("any"), NGX_HTTP_VNEID_ACTIVITY_ANY },
    { ngx_string("navigation"), NGX_HTTP_VNEID_ACTIVITY_NAV },
    { ngx_null_string, 0 }
};


char *
ngx_http_vneid_idle_timeout(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_srv_conf_t *vscf = conf;

    time_t       t;
    ngx_str_t   *value, s;
    ngx_uint_t   i;

    if (vscf->idle_timeout != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    value = cf->args->elts;

    t = ngx_parse_time(&value[1], 1);
    if (t == (time_t) NGX_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid time \"%V\" in \"%V\" directive, "
                           "use e.g. 30m or 0 for no idle limit",
                           &value[1], &cmd->name);
        return NGX_CONF_ERROR;
    }

    vscf->idle_timeout = t;

    for (i = 2; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "activity=", 9) == 0) {
            s.data = value[i].data + 9;
            s.len = value[i].len - 9;

            if (ngx_http_vneid_keyword(cf, cmd, &s, ngx_http_vneid_activities,
                                       "activity", &vscf->activity)
                != NGX_OK)
            {
                return NGX_CONF_ERROR;
            }

            continue;
        }

        if (ngx_strncmp(value[i].data, "refresh=", 8) == 0) {
            s.data = value[i].data + 8;
            s.len = value[i].len - 8;

            t = ngx_parse_time(&s, 1);
            if (t == (time_t) NGX_ERROR || t < 1) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid refresh \"%V\" in \"%V\" "
                                   "directive, it must be at least 1s",
                                   &s, &cmd->name);
                return NGX_CONF_ERROR;
            }

            vscf->refresh = t;
            continue;
        }

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid parameter \"%V\" in \"%V\" directive, "
                           "expected \"activity=any|navigation\" or "
                           "\"refresh=TIME\"", &value[i], &cmd->name);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


char *
ngx_http_vneid_cookie(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_srv_conf_t *vscf = conf;

    ngx_str_t   *value, s;
    ngx_uint_t   i;

    if (vscf->cookie_name.len) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (!ngx_http_vneid_is_token(&value[1])) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid cookie name \"%V\" in \"%V\" directive, "
                           "use letters, digits, \"-\" and \"_\"",
                           &value[1], &cmd->name);
        return NGX_CONF_ERROR;
    }

    vscf->cookie_name = value[1];

    for (i = 2; i < cf->args->nelts; i++) {

        if (ngx_strcmp(value[i].data, "secure") == 0) {
            vscf->cookie_secure = 1;
            continue;
        }

        if (ngx_strcmp(value[i].data, "insecure") == 0) {
            vscf->cookie_secure = 0;
            continue;
        }

        if (ngx_strncmp(value[i].data, "samesite=", 9) == 0) {
            s.data = value[i].data + 9;
            s.len = value[i].len - 9;

            if (ngx_http_vneid_keyword(cf, cmd, &s, ngx_http_vneid_samesites,
                                       "samesite", &vscf->cookie_samesite)
                != NGX_OK)
            {
                return NGX_CONF_ERROR;
            }

            continue;
        }

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid parameter \"%V\" in \"%V\" directive, "
                           "expected \"secure\", \"insecure\" or "
                           "\"samesite=lax|strict\"", &value[i], &cmd->name);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/*
 * The login-binding cookie is "<name>_login" and the linking form's
 * "<name>_link", so "__Host-vneid" gives "__Host-vneid_login": all Path=/,
 * no Domain, and Secure as the prefix demands; then no sibling subdomain
 * can toss any of them.
 */

ngx_int_t
ngx_http_vneid_cookie_names(ngx_conf_t *cf, ngx_http_vneid_srv_conf_t *conf)
{
    ngx_str_t  *name;

    name = &conf->cookie_name;

    if (!conf->cookie_secure
        && ((name->len >= 7 && ngx_strncmp(name->data, "__Host-", 7) == 0)
            || (name->len >= 9
                && ngx_strncmp(name->data, "__Secure-", 9) == 0)))
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"vneid_cookie\" \"%V\": a \"__Host-\" or "
                           "\"__Secure-\" cookie must be secure, browsers "
                           "refuse it with \"insecure\"", name);
        return NGX_ERROR;
    }

    if (ngx_http_vneid_concat(cf->pool, name, "_login",
                              &conf->binding_cookie_name)
        != NGX_OK
        || ngx_http_vneid_concat(cf->pool, name, "_link",
                                 &conf->link_cookie_name)
           != NGX_OK)
    {
        return NGX_ERROR;
    }

    return NGX_OK;
}



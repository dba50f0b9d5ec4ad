
/*
 * vneid-gateway: the identity provider's directives, their merge, and the
 * core gateway built from them once per server at configuration time.
 */


#include "ngx_http_vneid_module.h"


static void ngx_http_vneid_provider_mark(ngx_conf_t *cf, ngx_command_t *cmd,
    ngx_http_vneid_provider_conf_t *idp);
static ngx_int_t ngx_http_vneid_provider_error(ngx_conf_t *cf,
    ngx_http_vneid_provider_conf_t *idp, const char *err);
static char *ngx_http_vneid_create_gateway(ngx_conf_t *cf,
    ngx_http_vneid_provider_conf_t *idp, const vneid_gateway_conf_t *policy);
static void ngx_http_vneid_origin_host(ngx_conf_t *cf,
    ngx_http_vneid_provider_conf_t *idp);
static ngx_uint_t ngx_http_vneid_is_host(ngx_str_t *name);
static void ngx_http_vneid_free_gateway(void *data);


/* the index of each provider directive in ngx_http_vneid_provider_conf_t's
 * "where" */

static ngx_str_t  ngx_http_vneid_provider_directives[] = {
    ngx_string("vneid_provider"),
    ngx_string("vneid_authorization_endpoint"),
    ngx_string("vneid_token_endpoint"),
    ngx_string("vneid_userinfo_endpoint"),
    ngx_string("vneid_end_session_endpoint"),
    ngx_string("vneid_client_id"),
    ngx_string("vneid_client_secret_file"),
    ngx_string("vneid_client_key"),
    ngx_string("vneid_redirect_uri"),
    ngx_string("vneid_scope"),
    ngx_string("vneid_auth_params"),
    ngx_string("vneid_trusted_certificate"),
    ngx_string("vneid_templates"),
    ngx_string("vneid_claim"),
    ngx_string("vneid_idp_timeout"),
    ngx_string("vneid_token_code"),
    ngx_string("vneid_idp_proxy"),
    ngx_null_string
};


static ngx_http_vneid_keyword_t  ngx_http_vneid_providers[] = {
    { ngx_string("vneid"), 0 },
    { ngx_string("oidc"), 1 },
    { ngx_null_string, 0 }
};


static ngx_http_vneid_keyword_t  ngx_http_vneid_claim_fields[] = {
    { ngx_string("citizen_id"),
      offsetof(ngx_http_vneid_provider_conf_t, claim_citizen_id) },
    { ngx_string("name"),
      offsetof(ngx_http_vneid_provider_conf_t, claim_name) },
    { ngx_string("birthdate"),
      offsetof(ngx_http_vneid_provider_conf_t, claim_birthdate) },
    { ngx_string("level"),
      offsetof(ngx_http_vneid_provider_conf_t, claim_level) },
    { ngx_string("account_type"),
      offsetof(ngx_http_vneid_provider_conf_t, claim_account_type) },
    { ngx_null_string, 0 }
};


/* vneid_token_code: what the token call carries after an encrypt_key */

static ngx_http_vneid_keyword_t  ngx_http_vneid_token_codes[] = {
    { ngx_string("decrypted"), 0 },
    { ngx_string("encrypted"), 1 },
    { ngx_null_string, 0 }
};


char *
ngx_http_vneid_provider_name(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_srv_conf_t *vscf = conf;

    ngx_str_t   *value;
    ngx_uint_t   n;

    if (vscf->idp.name.len) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_http_vneid_keyword(cf, cmd, &value[1], ngx_http_vneid_providers,
                               "value", &n)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    vscf->idp.name = value[1];
    vscf->idp.insecure = 0;

    if (cf->args->nelts == 3) {
        if (ngx_strcmp(value[2].data, "insecure") != 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\" in \"%V\" "
                               "directive, expected \"insecure\"",
                               &value[2], &cmd->name);
            return NGX_CONF_ERROR;
        }

        /* the core refuses http:// endpoints without it */
        vscf->idp.insecure = 1;
    }

    ngx_http_vneid_provider_mark(cf, cmd, &vscf->idp);

    return NGX_CONF_OK;
}


/*
 * vneid_idp_timeout is a time, every other setting a string;
 * vneid_token_code's must be one of its keywords (the core checks the rest)
 */

char *
ngx_http_vneid_provider_set(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_srv_conf_t *vscf = conf;

    char        *rv;
    ngx_str_t   *value;
    ngx_uint_t   n;

    if (cmd->offset == offsetof(ngx_http_vneid_srv_conf_t, idp.token_code)
        && vscf->idp.token_code.data == NULL)
    {
        value = cf->args->elts;

        if (ngx_http_vneid_keyword(cf, cmd, &value[1],
                                   ngx_http_vneid_token_codes, "value", &n)
            != NGX_OK)
        {
            return NGX_CONF_ERROR;
        }

        /* stored lowercase: the core compares exactly */
        value[1] = ngx_http_vneid_token_codes[n].name;
    }

    rv = cmd->offset == offsetof(ngx_http_vneid_srv_conf_t, idp.timeout)
         ? ngx_conf_set_msec_slot(cf, cmd, conf)
         : ngx_conf_set_str_slot(cf, cmd, conf);

    if (rv == NGX_CONF_OK) {
        ngx_http_vneid_provider_mark(cf, cmd, &vscf->idp);
    }

    return rv;
}


char *
ngx_http_vneid_provider_claim(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_srv_conf_t *vscf = conf;

    ngx_str_t   *value, *claim;
    ngx_uint_t   offset;

    value = cf->args->elts;

    if (ngx_http_vneid_keyword(cf, cmd, &value[1], ngx_http_vneid_claim_fields,
                               "field", &offset)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    claim = (ngx_str_t *) ((u_char *) &vscf->idp + offset);

    if (claim->len) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" for \"%V\" is duplicate",
                           &cmd->name, &value[1]);
        return NGX_CONF_ERROR;
    }

    if (value[2].len == 0) {
        return "needs a claim name";
    }

    *claim = value[2];

    ngx_http_vneid_provider_mark(cf, cmd, &vscf->idp);

    return NGX_CONF_OK;
}


static void
ngx_http_vneid_provider_mark(ngx_conf_t *cf, ngx_command_t *cmd,
    ngx_http_vneid_provider_conf_t *idp)
{
    ngx_uint_t  i;

    for (i = 0; ngx_http_vneid_provider_directives[i].len; i++) {
        if (ngx_http_vneid_provider_directives[i].len == cmd->name.len
            && ngx_strncmp(ngx_http_vneid_provider_directives[i].data,
                           cmd->name.data, cmd->name.len)
               == 0)
        {
            idp->where[i].file = cf->conf_file->file.name;
            idp->where[i].line = cf->conf_file->line;
            return;
        }
    }
}


void
ngx_http_vneid_provider_init(ngx_http_vneid_provider_conf_t *conf)
{
    /*
     * set by ngx_pcalloc() with the server's configuration:
     *
     *     conf->name ... conf->templates = { 0, NULL };
     *     conf->gateway = NULL;
     *     conf->where[] = { { 0, NULL }, 0 };
     */

    conf->insecure = NGX_CONF_UNSET;
    conf->timeout = NGX_CONF_UNSET_MSEC;
}


char *
ngx_http_vneid_provider_merge(ngx_conf_t *cf,
    ngx_http_vneid_provider_conf_t *prev, ngx_http_vneid_provider_conf_t *conf,
    const vneid_gateway_conf_t *policy)
{
    ngx_uint_t  i;

    ngx_conf_merge_str_value(conf->name, prev->name, "vneid");
    ngx_conf_merge_value(conf->insecure, prev->insecure, 0);
    ngx_conf_merge_str_value(conf->authorization_endpoint,
                             prev->authorization_endpoint, "");
    ngx_conf_merge_str_value(conf->token_endpoint, prev->token_endpoint, "");
    ngx_conf_merge_str_value(conf->userinfo_endpoint, prev->userinfo_endpoint,
                             "");
    ngx_conf_merge_str_value(conf->end_session_endpoint,
                             prev->end_session_endpoint, "");
    ngx_conf_merge_str_value(conf->client_id, prev->client_id, "");
    ngx_conf_merge_str_value(conf->client_secret_file,
                             prev->client_secret_file, "");
    ngx_conf_merge_str_value(conf->client_key, prev->client_key, "");
    ngx_conf_merge_str_value(conf->redirect_uri, prev->redirect_uri, "");
    ngx_conf_merge_str_value(conf->scope, prev->scope, "");
    ngx_conf_merge_str_value(conf->auth_params, prev->auth_params, "");
    ngx_conf_merge_str_value(conf->claim_citizen_id, prev->claim_citizen_id,
                             "");
    ngx_conf_merge_str_value(conf->claim_name, prev->claim_name, "");
    ngx_conf_merge_str_value(conf->claim_birthdate, prev->claim_birthdate, "");
    ngx_conf_merge_str_value(conf->claim_level, prev->claim_level, "");
    ngx_conf_merge_str_value(conf->claim_account_type,
                             prev->claim_account_type, "");
    ngx_conf_merge_str_value(conf->trusted_certificate,
                             prev->trusted_certificate, "");
    ngx_conf_merge_str_value(conf->templates, prev->templates, "");
    ngx_conf_merge_msec_value(conf->timeout, prev->timeout, 5000);
    ngx_conf_merge_str_value(conf->token_code, prev->token_code, "");
    ngx_conf_merge_str_value(conf->idp_proxy, prev->idp_proxy, "");

    for (i = 0; i < NGX_HTTP_VNEID_PROVIDER_NWHERE; i++) {
        if (conf->where[i].line == 0) {
            conf->where[i] = prev->where[i];
        }
    }

    return ngx_http_vneid_create_gateway(cf, conf, policy);
}


static const char *
ngx_http_vneid_cstr(ngx_str_t *s)
{
    return s->len ? (const char *) s->data : NULL;
}


static char *
ngx_http_vneid_create_gateway(ngx_conf_t *cf,
    ngx_http_vneid_provider_conf_t *idp, const vneid_gateway_conf_t *policy)
{
    ngx_str_t            *file, *files[] = {
                             &idp->client_secret_file, &idp->client_key,
                             &idp->trusted_certificate, &idp->templates, NULL
                         };
    ngx_uint_t            i;
    ngx_pool_cleanup_t   *cln;
    vneid_gateway_conf_t  gc;
    char                  err[NGX_HTTP_VNEID_ERRLEN];

    if (idp->client_id.len == 0 && idp->authorization_endpoint.len == 0
        && idp->token_endpoint.len == 0)
    {
        /* no identity provider here: the pages say "not configured" */
        return NGX_CONF_OK;
    }

    for (i = 0; files[i]; i++) {
        file = files[i];

        if (file->len && ngx_conf_full_name(cf->cycle, file, 1) != NGX_OK) {
            return NGX_CONF_ERROR;
        }
    }

    gc = *policy;

    gc.provider = ngx_http_vneid_cstr(&idp->name);
    gc.insecure = (int) idp->insecure;
    gc.authorization_endpoint =
        ngx_http_vneid_cstr(&idp->authorization_endpoint);
    gc.token_endpoint = ngx_http_vneid_cstr(&idp->token_endpoint);
    gc.userinfo_endpoint = ngx_http_vneid_cstr(&idp->userinfo_endpoint);
    gc.end_session_endpoint = ngx_http_vneid_cstr(&idp->end_session_endpoint);
    gc.client_id = ngx_http_vneid_cstr(&idp->client_id);
    gc.client_secret_file = ngx_http_vneid_cstr(&idp->client_secret_file);
    gc.client_key_file = ngx_http_vneid_cstr(&idp->client_key);
    gc.redirect_uri = ngx_http_vneid_cstr(&idp->redirect_uri);
    gc.scope = ngx_http_vneid_cstr(&idp->scope);
    gc.auth_params = ngx_http_vneid_cstr(&idp->auth_params);
    gc.claim_citizen_id = ngx_http_vneid_cstr(&idp->claim_citizen_id);
    gc.claim_name = ngx_http_vneid_cstr(&idp->claim_name);
    gc.claim_birth_date = ngx_http_vneid_cstr(&idp->claim_birthdate);
    gc.claim_level = ngx_http_vneid_cstr(&idp->claim_level);
    gc.claim_account_type = ngx_http_vneid_cstr(&idp->claim_account_type);
    gc.trusted_certificate = ngx_http_vneid_cstr(&idp->trusted_certificate);
    gc.templates_dir = ngx_http_vneid_cstr(&idp->templates);
    gc.timeout_ms = (long) idp->timeout;
    gc.token_code = ngx_http_vneid_cstr(&idp->token_code);
    gc.idp_proxy = ngx_http_vneid_cstr(&idp->idp_proxy);

    idp->gateway = vneid_gateway_create(&gc, err, sizeof(err));
    if (idp->gateway == NULL) {
        (void) ngx_http_vneid_provider_error(cf, idp, err);
        return NGX_CONF_ERROR;
    }

    /* the old configuration's gateway goes with its cycle on reload */

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        vneid_gateway_free(idp->gateway);
        return NGX_CONF_ERROR;
    }

    cln->handler = ngx_http_vneid_free_gateway;
    cln->data = idp->gateway;

    if (idp->insecure) {
        ngx_conf_log_error(NGX_LOG_WARN, cf, 0,
                           "\"vneid_provider\" insecure: plain http:// "
                           "identity-provider endpoints are allowed, the "
                           "client secret and tokens cross the network "
                           "unencrypted; use it only with a local test IdP");
    }

    ngx_http_vneid_origin_host(cf, idp);

    return NGX_CONF_OK;
}


/*
 * The core's message starts with the directive it is about; nginx is at
 * the end of the http block when merging, so the line comes from where
 * that directive was set (the ssl module does the same with its server's).
 */

static ngx_int_t
ngx_http_vneid_provider_error(ngx_conf_t *cf,
    ngx_http_vneid_provider_conf_t *idp, const char *err)
{
    size_t      len;
    u_char     *name;
    ngx_uint_t  i;

    for (i = 0; ngx_http_vneid_provider_directives[i].len; i++) {
        name = ngx_http_vneid_provider_directives[i].data;
        len = ngx_http_vneid_provider_directives[i].len;

        if (idp->where[i].line == 0) {
            continue;
        }

        if ((err[0] == '"' && ngx_strncmp(err + 1, name, len) == 0
             && err[len + 1] == '"')
            || (ngx_strncmp(err, name, len) == 0 && err[len] == ':'))
        {
            ngx_log_error(NGX_LOG_EMERG, cf->log, 0, "%s in %V:%ui",
                          err, &idp->where[i].file, idp->where[i].line);
            return NGX_OK;
        }
    }

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%s", err);

    return NGX_DECLINED;
}


/*
 * A relative vneid_redirect_uri and the logout return are built on the
 * server's first server_name, never on the client's Host header: anyone
 * can send a Host that puts a foreign redirect_uri into the authorization
 * request.  Without a usable name the login refuses to start.
 */

static void
ngx_http_vneid_origin_host(ngx_conf_t *cf,
    ngx_http_vneid_provider_conf_t *idp)
{
    ngx_str_t                  uri;
    ngx_http_core_srv_conf_t  *cscf;

    if (idp->redirect_uri.len && idp->redirect_uri.data[0] != '/') {
        return;     /* absolute: the core takes the origin from it */
    }

    /* the server being merged: nginx merged its core settings first */

    cscf = ngx_http_conf_get_module_srv_conf(cf, ngx_http_core_module);

    if (ngx_http_vneid_is_host(&cscf->server_name)) {
        idp->origin_host = cscf->server_name;
        return;
    }

    uri = idp->redirect_uri;

    if (uri.len == 0) {
        ngx_str_set(&uri, "/_vneid/callback");
    }

    ngx_conf_log_error(NGX_LOG_WARN, cf, 0,
                       "\"vneid_redirect_uri\" \"%V\" is relative and this "
                       "server has no usable \"server_name\" (\"%V\"); the "
                       "client's Host header is never used, so logins here "
                       "are refused: set an absolute \"vneid_redirect_uri\" "
                       "(recommended) or a server_name",
                       &uri, &cscf->server_name);
}


/* one host name or IP literal: no wildcard, regex, "_" or port */

static ngx_uint_t
ngx_http_vneid_is_host(ngx_str_t *name)
{
    u_char      c;
    ngx_uint_t  i, ipv6;

    if (name->len == 0) {
        return 0;
    }

    ipv6 = name->len > 2 && name->data[0] == '['
           && name->data[name->len - 1] == ']';

    for (i = ipv6; i < name->len - ipv6; i++) {
        c = name->data[i];

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9') || c == '.'
            || (c == '-' && !ipv6) || (c == ':' && ipv6))
        {
            continue;
        }

        return 0;
    }

    return 1;
}


static void
ngx_http_vneid_free_gateway(void *data)
{
    vneid_gateway_free(data);
}

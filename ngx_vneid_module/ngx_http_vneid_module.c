
/*
 * vneid-gateway: directives, configuration and process lifecycle.
 */


#include "ngx_http_vneid_module.h"


static ngx_int_t ngx_http_vneid_init(ngx_conf_t *cf);
static void ngx_http_vneid_check_merge_slashes(ngx_conf_t *cf,
    ngx_http_core_main_conf_t *cmcf);
static void *ngx_http_vneid_create_main_conf(ngx_conf_t *cf);
static char *ngx_http_vneid_init_main_conf(ngx_conf_t *cf, void *conf);
static void *ngx_http_vneid_create_srv_conf(ngx_conf_t *cf);
static char *ngx_http_vneid_merge_srv_conf(ngx_conf_t *cf, void *parent,
    void *child);
static void *ngx_http_vneid_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_vneid_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child);

static char *ngx_http_vneid_mode(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_vneid_thread_pool(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_vneid_header_prefix(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_vneid_max_auth_age(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_vneid_unauth_action(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_vneid_endpoint(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_vneid_check_positive_sec(ngx_conf_t *cf, void *post,
    void *data);
static char *ngx_http_vneid_check_level(ngx_conf_t *cf, void *post,
    void *data);
static ngx_int_t ngx_http_vneid_header_names(ngx_conf_t *cf,
    ngx_http_vneid_loc_conf_t *conf);
static ngx_int_t ngx_http_vneid_add_prefix(ngx_conf_t *cf,
    ngx_http_vneid_loc_conf_t *conf);


static ngx_conf_post_handler_pt  ngx_http_vneid_positive_sec_p =
    ngx_http_vneid_check_positive_sec;

static ngx_conf_post_handler_pt  ngx_http_vneid_level_p =
    ngx_http_vneid_check_level;


static ngx_command_t  ngx_http_vneid_commands[] = {

    { ngx_string("vneid"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_vneid_mode,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_vneid_loc_conf_t, mode),
      NULL },

    { ngx_string("vneid_store"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE123,
      ngx_http_vneid_store,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("vneid_thread_pool"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_http_vneid_thread_pool,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("vneid_session_idle_timeout"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE123,
      ngx_http_vneid_idle_timeout,
      NGX_HTTP_SRV_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("vneid_session_max_age"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_sec_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, max_age),
      &ngx_http_vneid_positive_sec_p },

    { ngx_string("vneid_cookie"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE123,
      ngx_http_vneid_cookie,
      NGX_HTTP_SRV_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("vneid_headers"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_vneid_loc_conf_t, headers),
      NULL },

    { ngx_string("vneid_header_prefix"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_vneid_header_prefix,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("vneid_unauth_action"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_vneid_unauth_action,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("vneid_endpoint"),
      NGX_HTTP_LOC_CONF|NGX_CONF_NOARGS,
      ngx_http_vneid_endpoint,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    NGX_HTTP_VNEID_PROVIDER_COMMANDS,

    NGX_HTTP_VNEID_ACCOUNT_COMMANDS,

    { ngx_string("vneid_min_level"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_num_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_vneid_loc_conf_t, min_level),
      &ngx_http_vneid_level_p },

    { ngx_string("vneid_max_auth_age"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_vneid_max_auth_age,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

      ngx_null_command
};


static ngx_http_module_t  ngx_http_vneid_module_ctx = {
    ngx_http_vneid_add_variables,          /* preconfiguration */
    ngx_http_vneid_init,                   /* postconfiguration */

    ngx_http_vneid_create_main_conf,       /* create main configuration */
    ngx_http_vneid_init_main_conf,         /* init main configuration */

    ngx_http_vneid_create_srv_conf,        /* create server configuration */
    ngx_http_vneid_merge_srv_conf,         /* merge server configuration */

    ngx_http_vneid_create_loc_conf,        /* create location configuration */
    ngx_http_vneid_merge_loc_conf          /* merge location configuration */
};


ngx_module_t  ngx_http_vneid_module = {
    NGX_MODULE_V1,
    &ngx_http_vneid_module_ctx,            /* module context */
    ngx_http_vneid_commands,               /* module directives */
    NGX_HTTP_MODULE,                       /* module type */
    NULL,                                  /* init master */
    ngx_http_vneid_init_module,            /* init module */
    ngx_http_vneid_init_process,           /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    ngx_http_vneid_exit_process,           /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static ngx_int_t
ngx_http_vneid_init(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_core_main_conf_t  *cmcf;

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_vneid_access_handler;

    /* realip's phase: rewrite, "if" and map never see a forged header */

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_POST_READ_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_vneid_post_read_handler;

    /*
     * nginx runs a phase's handlers last-registered first: the same array's
     * first slot makes this one run after every other access handler
     */

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    h = cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers.elts;
    ngx_memmove(&h[1], &h[0],
                (cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers.nelts - 1)
                * sizeof(ngx_http_handler_pt));
    h[0] = ngx_http_vneid_access_last_handler;

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_PRECONTENT_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_vneid_subrequest_handler;

    ngx_http_vneid_check_merge_slashes(cf, cmcf);

    return ngx_http_vneid_portal_init(cf);
}


/*
 * With merge_slashes off, "//private/x" does not match "location /private/"
 * and reaches whatever "/" says: only a protected "/" is safe then.
 */

static void
ngx_http_vneid_check_merge_slashes(ngx_conf_t *cf,
    ngx_http_core_main_conf_t *cmcf)
{
    ngx_uint_t                   s;
    ngx_http_core_srv_conf_t   **cscfp;
    ngx_http_vneid_srv_conf_t   *vscf;
    ngx_http_vneid_loc_conf_t   *vlcf;

    cscfp = cmcf->servers.elts;

    for (s = 0; s < cmcf->servers.nelts; s++) {
        vscf = cscfp[s]->ctx->srv_conf[ngx_http_vneid_module.ctx_index];
        vlcf = cscfp[s]->ctx->loc_conf[ngx_http_vneid_module.ctx_index];

        if (cscfp[s]->merge_slashes || !vscf->protects
            || vlcf->mode == NGX_HTTP_VNEID_ON)
        {
            continue;
        }

        ngx_log_error(NGX_LOG_WARN, cf->log, 0,
                      "\"merge_slashes off\" in server \"%V\" with vneid "
                      "locations: \"//path\" and \"/%%2Fpath\" skip prefix "
                      "locations, protect \"/\" with \"vneid on\" and open "
                      "exact public paths instead", &cscfp[s]->server_name);
    }
}


static void *
ngx_http_vneid_create_main_conf(ngx_conf_t *cf)
{
    ngx_http_vneid_main_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_vneid_main_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     conf->store_path = { 0, NULL };
     *     conf->thread_pool = NULL;
     *     conf->thread_pool_name = { 0, NULL };
     *     conf->store = NULL;
     */

    conf->store_size = NGX_CONF_UNSET_SIZE;
    conf->enabled = 0;

    return conf;
}


static char *
ngx_http_vneid_init_main_conf(ngx_conf_t *cf, void *conf)
{
    ngx_http_vneid_main_conf_t *vmcf = conf;

    ngx_conf_init_size_value(vmcf->store_size, 256 * 1024 * 1024);

    if (!vmcf->enabled) {
        return NGX_CONF_OK;
    }

    if (vmcf->store_path.len == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"vneid\" is enabled but \"vneid_store\" is not "
                           "set: add \"vneid_store /var/lib/nginx/vneid;\" "
                           "to the http block");
        return NGX_CONF_ERROR;
    }

    if (vmcf->thread_pool == NULL) {
        /* nginx's implicit "default" pool: 32 threads */
        vmcf->thread_pool = ngx_thread_pool_add(cf, NULL);
        if (vmcf->thread_pool == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    return NGX_CONF_OK;
}


static void *
ngx_http_vneid_create_srv_conf(ngx_conf_t *cf)
{
    ngx_http_vneid_srv_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_vneid_srv_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     conf->cookie_name = { 0, NULL };
     *     conf->endpoint = { 0, NULL };
     *     conf->provider ... conf->templates = { 0, NULL };
     *     conf->gateway = NULL;
     */

    conf->cookie_secure = NGX_CONF_UNSET;
    conf->cookie_samesite = NGX_CONF_UNSET_UINT;
    conf->idle_timeout = NGX_CONF_UNSET;
    conf->refresh = NGX_CONF_UNSET;
    conf->activity = NGX_CONF_UNSET_UINT;
    conf->max_age = NGX_CONF_UNSET;
    conf->account_chooser = NGX_CONF_UNSET_UINT;
    conf->require_account = NGX_CONF_UNSET;

    ngx_http_vneid_provider_init(&conf->idp);

    return conf;
}


static char *
ngx_http_vneid_merge_srv_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_vneid_srv_conf_t *prev = parent;
    ngx_http_vneid_srv_conf_t *conf = child;

    vneid_gateway_conf_t  policy;

    ngx_conf_merge_str_value(conf->cookie_name, prev->cookie_name,
                             "vneid_session");
    ngx_conf_merge_value(conf->cookie_secure, prev->cookie_secure, 1);

    if (ngx_http_vneid_cookie_names(cf, conf) != NGX_OK) {
        return NGX_CONF_ERROR;
    }
    ngx_conf_merge_uint_value(conf->cookie_samesite, prev->cookie_samesite,
                              NGX_HTTP_VNEID_SAMESITE_LAX);

    ngx_conf_merge_sec_value(conf->idle_timeout, prev->idle_timeout, 1800);
    ngx_conf_merge_uint_value(conf->activity, prev->activity,
                              NGX_HTTP_VNEID_ACTIVITY_ANY);
    ngx_conf_merge_sec_value(conf->max_age, prev->max_age, 8 * 3600);

    if (conf->refresh == NGX_CONF_UNSET) {
        conf->refresh = prev->refresh;
    }

    if (conf->refresh == NGX_CONF_UNSET) {
        /* one write per minute per session, finer for short timeouts */
        conf->refresh = conf->idle_timeout >= 240 ? 60
                                                  : conf->idle_timeout / 4;
    }

    if (conf->idle_timeout && conf->refresh >= conf->idle_timeout) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"vneid_session_idle_timeout\" refresh=%T must "
                           "be shorter than the timeout %T",
                           conf->refresh, conf->idle_timeout);
        return NGX_CONF_ERROR;
    }

    ngx_conf_merge_str_value(conf->endpoint, prev->endpoint, "/_vneid/");
    ngx_conf_merge_uint_value(conf->account_chooser, prev->account_chooser,
                              NGX_HTTP_VNEID_CHOOSE_LAST);
    ngx_conf_merge_value(conf->require_account, prev->require_account, 1);
    ngx_conf_merge_str_value(conf->support_contact, prev->support_contact,
                             "");

    ngx_memzero(&policy, sizeof(vneid_gateway_conf_t));
    policy.idle_timeout = conf->idle_timeout;
    policy.max_age = conf->max_age;
    policy.require_account = (int) conf->require_account;
    policy.choose_always =
        conf->account_chooser == NGX_HTTP_VNEID_CHOOSE_ALWAYS;

    if (ngx_http_vneid_provider_merge(cf, &prev->idp, &conf->idp, &policy)
        != NGX_CONF_OK)
    {
        return NGX_CONF_ERROR;
    }

    if (!conf->cookie_secure) {
        ngx_conf_log_error(NGX_LOG_WARN, cf, 0,
                           "\"vneid_cookie\" insecure: the session cookie "
                           "will be sent over plain HTTP; use it only for "
                           "local testing");
    }

    return NGX_CONF_OK;
}


static void *
ngx_http_vneid_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_vneid_loc_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_vneid_loc_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     conf->header_prefix = { 0, NULL };
     *     conf->endpoint = 0;
     */

    conf->governed = NGX_CONF_UNSET;
    conf->mode = NGX_CONF_UNSET_UINT;
    conf->headers = NGX_CONF_UNSET;
    conf->unauth_action = NGX_CONF_UNSET_UINT;
    conf->min_level = NGX_CONF_UNSET;
    conf->max_auth_age = NGX_CONF_UNSET;
    conf->portal_cookies = NGX_CONF_UNSET_PTR;
    conf->link_check = NGX_CONF_UNSET_PTR;
    conf->account_link = NGX_CONF_UNSET_UINT;

    return conf;
}


static char *
ngx_http_vneid_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_vneid_loc_conf_t *prev = parent;
    ngx_http_vneid_loc_conf_t *conf = child;

    ngx_conf_merge_value(conf->governed, prev->governed, 0);
    ngx_conf_merge_uint_value(conf->mode, prev->mode, NGX_HTTP_VNEID_OFF);
    ngx_conf_merge_value(conf->headers, prev->headers, 1);
    ngx_conf_merge_str_value(conf->header_prefix, prev->header_prefix,
                             "X-VNeID-");
    ngx_conf_merge_uint_value(conf->unauth_action, prev->unauth_action,
                              NGX_HTTP_VNEID_UNAUTH_AUTO);
    ngx_conf_merge_value(conf->min_level, prev->min_level, 2);
    ngx_conf_merge_sec_value(conf->max_auth_age, prev->max_auth_age, 0);
    ngx_conf_merge_ptr_value(conf->portal_cookies, prev->portal_cookies,
                             NULL);

    if (ngx_http_vneid_link_merge(cf, prev, conf) != NGX_CONF_OK
        || ngx_http_vneid_header_names(cf, conf) != NGX_OK
        || (conf->governed && ngx_http_vneid_add_prefix(cf, conf) != NGX_OK))
    {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/*
 * The server being merged collects the prefixes of its governed locations
 * (nginx merges a server's locations with that server's context in cf).
 */

static ngx_int_t
ngx_http_vneid_add_prefix(ngx_conf_t *cf, ngx_http_vneid_loc_conf_t *conf)
{
    ngx_str_t                  *prefix;
    ngx_uint_t                  i;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_conf_get_module_srv_conf(cf, ngx_http_vneid_module);

    if (vscf->prefixes == NULL) {
        vscf->prefixes = ngx_array_create(cf->pool, 1, sizeof(ngx_str_t));
        if (vscf->prefixes == NULL) {
            return NGX_ERROR;
        }
    }

    prefix = vscf->prefixes->elts;

    for (i = 0; i < vscf->prefixes->nelts; i++) {
        if (prefix[i].len == conf->header_prefix.len
            && ngx_strncasecmp(prefix[i].data, conf->header_prefix.data,
                               prefix[i].len) == 0)
        {
            return NGX_OK;
        }
    }

    prefix = ngx_array_push(vscf->prefixes);
    if (prefix == NULL) {
        return NGX_ERROR;
    }

    *prefix = conf->header_prefix;

    return NGX_OK;
}


static ngx_int_t
ngx_http_vneid_header_names(ngx_conf_t *cf, ngx_http_vneid_loc_conf_t *conf)
{
    ngx_uint_t        i;
    ngx_str_t        *suffix;
    ngx_table_elt_t  *h;

    for (i = 0; i < NGX_HTTP_VNEID_NFIELDS; i++) {
        h = &conf->identity_headers[i];
        suffix = &ngx_http_vneid_fields[i].header;

        h->key.len = conf->header_prefix.len + suffix->len;
        h->key.data = ngx_pnalloc(cf->pool, h->key.len);
        h->lowcase_key = ngx_pnalloc(cf->pool, h->key.len);

        if (h->key.data == NULL || h->lowcase_key == NULL) {
            return NGX_ERROR;
        }

        ngx_memcpy(ngx_cpymem(h->key.data, conf->header_prefix.data,
                              conf->header_prefix.len),
                   suffix->data, suffix->len);
        ngx_strlow(h->lowcase_key, h->key.data, h->key.len);
        h->hash = ngx_hash_key(h->lowcase_key, h->key.len);
    }

    return NGX_OK;
}


static ngx_http_vneid_keyword_t  ngx_http_vneid_modes[] = {
    { ngx_string("off"), NGX_HTTP_VNEID_OFF },
    { ngx_string("on"), NGX_HTTP_VNEID_ON },
    { ngx_string("optional"), NGX_HTTP_VNEID_OPTIONAL },
    { ngx_null_string, 0 }
};


static ngx_http_vneid_keyword_t  ngx_http_vneid_unauth_actions[] = {
    { ngx_string("auto"), NGX_HTTP_VNEID_UNAUTH_AUTO },
    { ngx_string("redirect"), NGX_HTTP_VNEID_UNAUTH_REDIRECT },
    { ngx_string("401"), NGX_HTTP_VNEID_UNAUTH_401 },
    { ngx_null_string, 0 }
};


static char *
ngx_http_vneid_mode(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_loc_conf_t *vlcf = conf;

    ngx_str_t                   *value;
    ngx_http_vneid_srv_conf_t   *vscf;
    ngx_http_vneid_main_conf_t  *vmcf;

    if (vlcf->mode != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_http_vneid_keyword(cf, cmd, &value[1], ngx_http_vneid_modes,
                               "value", &vlcf->mode)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    vlcf->governed = 1;

    if (vlcf->mode != NGX_HTTP_VNEID_OFF) {
        vmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_vneid_module);
        vmcf->enabled = 1;

        if (cf->cmd_type & (NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF)) {
            vscf = ngx_http_conf_get_module_srv_conf(cf,
                                                     ngx_http_vneid_module);
            vscf->protects = 1;
        }
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_vneid_thread_pool(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_main_conf_t *vmcf = conf;

    ngx_str_t  *value;

    if (vmcf->thread_pool != NULL) {
        return "is duplicate";
    }

    value = cf->args->elts;

    vmcf->thread_pool_name = value[1];
    vmcf->thread_pool = ngx_thread_pool_add(cf, &value[1]);
    if (vmcf->thread_pool == NULL) {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_vneid_header_prefix(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_loc_conf_t *vlcf = conf;

    ngx_str_t  *value;

    if (vlcf->header_prefix.len) {
        return "is duplicate";
    }

    value = cf->args->elts;

    /* a short prefix would strip unrelated headers such as "X-" */

    if (value[1].len < 4 || !ngx_http_vneid_is_token(&value[1])) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid prefix \"%V\" in \"%V\" directive, "
                           "use at least 4 header-name characters, "
                           "e.g. \"X-VNeID-\"", &value[1], &cmd->name);
        return NGX_CONF_ERROR;
    }

    vlcf->header_prefix = value[1];

    return NGX_CONF_OK;
}


static char *
ngx_http_vneid_unauth_action(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_loc_conf_t *vlcf = conf;

    ngx_str_t  *value;

    if (vlcf->unauth_action != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_http_vneid_keyword(cf, cmd, &value[1],
                               ngx_http_vneid_unauth_actions, "value",
                               &vlcf->unauth_action)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/* vneid_max_auth_age TIME | off: step-up for sensitive locations */

static char *
ngx_http_vneid_max_auth_age(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_loc_conf_t *vlcf = conf;

    time_t      t;
    ngx_str_t  *value;

    if (vlcf->max_auth_age != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (value[1].len == 3 && ngx_strncmp(value[1].data, "off", 3) == 0) {
        vlcf->max_auth_age = 0;
        return NGX_CONF_OK;
    }

    t = ngx_parse_time(&value[1], 1);

    if (t == (time_t) NGX_ERROR || t <= 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid value \"%V\" in \"%V\" directive, "
                           "expected a time of at least 1s or \"off\"",
                           &value[1], &cmd->name);
        return NGX_CONF_ERROR;
    }

    vlcf->max_auth_age = t;

    return NGX_CONF_OK;
}


static char *
ngx_http_vneid_endpoint(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_loc_conf_t *vlcf = conf;

    ngx_http_core_loc_conf_t   *clcf;
    ngx_http_vneid_srv_conf_t  *vscf;

    if (vlcf->endpoint) {
        return "is duplicate";
    }

    clcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);

    if (clcf->name.len < 2 || clcf->name.data[0] != '/'
        || clcf->name.data[clcf->name.len - 1] != '/'
        || clcf->exact_match
#if (NGX_PCRE)
        || clcf->regex
#endif
        || clcf->named)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" must be in a prefix location ending "
                           "with \"/\", e.g. \"location /_vneid/ { %V; }\"",
                           &cmd->name, &cmd->name);
        return NGX_CONF_ERROR;
    }

    vscf = ngx_http_conf_get_module_srv_conf(cf, ngx_http_vneid_module);

    if (vscf->endpoint.len) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" is already set in location \"%V\" of "
                           "this server", &cmd->name, &vscf->endpoint);
        return NGX_CONF_ERROR;
    }

    vscf->endpoint = clcf->name;
    vlcf->endpoint = 1;
    vlcf->governed = 1;
    clcf->handler = ngx_http_vneid_endpoint_handler;

    return NGX_CONF_OK;
}


static char *
ngx_http_vneid_check_positive_sec(ngx_conf_t *cf, void *post, void *data)
{
    time_t  *sp = data;

    if (*sp < 1) {
        return "must be at least 1s";
    }

    return NGX_CONF_OK;
}


/* identification levels of Decree 69/2024/ND-CP */

static char *
ngx_http_vneid_check_level(ngx_conf_t *cf, void *post, void *data)
{
    ngx_int_t  *np = data;

    if (*np < 1 || *np > 2) {
        return "must be 1 or 2 (VNeID identification level)";
    }

    return NGX_CONF_OK;
}




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
static char *ngx_http_vneid_store(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_vneid_thread_pool(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_vneid_idle_timeout(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_vneid_cookie(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_vneid_header_prefix(ngx_conf_t *cf, ngx_command_t *cmd,
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
static ngx_int_t ngx_http_vneid_cookie_names(ngx_conf_t *cf,
    ngx_http_vneid_srv_conf_t *conf);
static char *ngx_http_vneid_provider(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_vneid_claim(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_vneid_create_gateway(ngx_conf_t *cf,
    ngx_http_vneid_srv_conf_t *conf);
static void ngx_http_vneid_origin_host(ngx_conf_t *cf,
    ngx_http_vneid_srv_conf_t *conf);
static ngx_uint_t ngx_http_vneid_is_host(ngx_str_t *name);
static void ngx_http_vneid_free_gateway(void *data);

static ngx_int_t ngx_http_vneid_init_module(ngx_cycle_t *cycle);
static ngx_int_t ngx_http_vneid_init_process(ngx_cycle_t *cycle);
static void ngx_http_vneid_exit_process(ngx_cycle_t *cycle);
static void ngx_http_vneid_maintenance_handler(ngx_event_t *ev);
static char *ngx_http_vneid_parse_store_size(ngx_str_t *s, size_t *size);
static ngx_int_t ngx_http_vneid_store_user(ngx_cycle_t *cycle, long *uid,
    long *gid);
static ngx_int_t ngx_http_vneid_prepare_store(ngx_cycle_t *cycle,
    ngx_log_t *log, ngx_http_vneid_main_conf_t *vmcf, long uid, long gid);


#define NGX_HTTP_VNEID_MAINTENANCE_INTERVAL  30000
/* the sweep runs for this long per timer tick, then yields the event loop */
#define NGX_HTTP_VNEID_SWEEP_BUDGET          20
#define NGX_HTTP_VNEID_SWEEP_AGAIN           20
#define NGX_HTTP_VNEID_SWEEP_PRESSURE        1000
#define NGX_HTTP_VNEID_SWEEP_RETRY           5000


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

    { ngx_string("vneid_provider"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE12,
      ngx_http_vneid_provider,
      NGX_HTTP_SRV_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("vneid_authorization_endpoint"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, authorization_endpoint),
      NULL },

    { ngx_string("vneid_token_endpoint"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, token_endpoint),
      NULL },

    { ngx_string("vneid_userinfo_endpoint"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, userinfo_endpoint),
      NULL },

    { ngx_string("vneid_end_session_endpoint"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, end_session_endpoint),
      NULL },

    { ngx_string("vneid_client_id"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, client_id),
      NULL },

    { ngx_string("vneid_client_secret_file"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, client_secret_file),
      NULL },

    { ngx_string("vneid_client_key"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, client_key),
      NULL },

    { ngx_string("vneid_redirect_uri"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, redirect_uri),
      NULL },

    { ngx_string("vneid_scope"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, scope),
      NULL },

    { ngx_string("vneid_auth_params"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, auth_params),
      NULL },

    { ngx_string("vneid_trusted_certificate"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, trusted_certificate),
      NULL },

    { ngx_string("vneid_templates"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, templates),
      NULL },

    { ngx_string("vneid_claim"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE2,
      ngx_http_vneid_claim,
      NGX_HTTP_SRV_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("vneid_idp_timeout"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_msec_slot,
      NGX_HTTP_SRV_CONF_OFFSET,
      offsetof(ngx_http_vneid_srv_conf_t, idp_timeout),
      NULL },

    { ngx_string("vneid_min_level"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_num_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_vneid_loc_conf_t, min_level),
      &ngx_http_vneid_level_p },

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

    return NGX_OK;
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
    conf->idp_timeout = NGX_CONF_UNSET_MSEC;
    conf->provider_insecure = NGX_CONF_UNSET;

    return conf;
}


static char *
ngx_http_vneid_merge_srv_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_vneid_srv_conf_t *prev = parent;
    ngx_http_vneid_srv_conf_t *conf = child;

    ngx_uint_t  i;

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

    ngx_conf_merge_str_value(conf->provider, prev->provider, "vneid");
    ngx_conf_merge_value(conf->provider_insecure, prev->provider_insecure, 0);
    ngx_conf_merge_str_value(conf->authorization_endpoint, prev->authorization_endpoint, "");
    ngx_conf_merge_str_value(conf->token_endpoint, prev->token_endpoint, "");
    ngx_conf_merge_str_value(conf->userinfo_endpoint, prev->userinfo_endpoint, "");
    ngx_conf_merge_str_value(conf->end_session_endpoint, prev->end_session_endpoint, "");
    ngx_conf_merge_str_value(conf->client_id, prev->client_id, "");
    ngx_conf_merge_str_value(conf->client_secret_file, prev->client_secret_file, "");
    ngx_conf_merge_str_value(conf->client_key, prev->client_key, "");
    ngx_conf_merge_str_value(conf->redirect_uri, prev->redirect_uri, "");
    ngx_conf_merge_str_value(conf->scope, prev->scope, "");
    ngx_conf_merge_str_value(conf->auth_params, prev->auth_params, "");
    ngx_conf_merge_str_value(conf->trusted_certificate, prev->trusted_certificate, "");
    ngx_conf_merge_str_value(conf->templates, prev->templates, "");

    for (i = 0; i < 4; i++) {
        ngx_conf_merge_str_value(conf->claims[i], prev->claims[i], "");
    }

    ngx_conf_merge_msec_value(conf->idp_timeout, prev->idp_timeout, 5000);

    if (ngx_http_vneid_create_gateway(cf, conf) != NGX_CONF_OK) {
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


/*
 * The login-binding cookie is "<name>_login", so "__Host-vneid" gives
 * "__Host-vneid_login": both Path=/, no Domain, and Secure as the prefix
 * demands; then no sibling subdomain can toss either of them.
 */

static ngx_int_t
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

    conf->binding_cookie_name.len = name->len + sizeof("_login") - 1;
    conf->binding_cookie_name.data = ngx_pnalloc(cf->pool,
                                                 conf->binding_cookie_name.len);
    if (conf->binding_cookie_name.data == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(ngx_cpymem(conf->binding_cookie_name.data, name->data,
                          name->len),
               "_login", sizeof("_login") - 1);

    return NGX_OK;
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

    if (ngx_http_vneid_header_names(cf, conf) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_vneid_header_names(ngx_conf_t *cf, ngx_http_vneid_loc_conf_t *conf)
{
    size_t            len;
    ngx_uint_t        i;
    ngx_table_elt_t  *h;

    static const char  *suffixes[NGX_HTTP_VNEID_NHEADERS] = {
        "Citizen-Id", "Name", "Level", "Account", "Accounts"
    };

    for (i = 0; i < NGX_HTTP_VNEID_NHEADERS; i++) {
        h = &conf->identity_headers[i];
        len = ngx_strlen(suffixes[i]);

        h->key.len = conf->header_prefix.len + len;
        h->key.data = ngx_pnalloc(cf->pool, h->key.len);
        h->lowcase_key = ngx_pnalloc(cf->pool, h->key.len);

        if (h->key.data == NULL || h->lowcase_key == NULL) {
            return NGX_ERROR;
        }

        ngx_memcpy(ngx_cpymem(h->key.data, conf->header_prefix.data,
                              conf->header_prefix.len),
                   suffixes[i], len);
        ngx_strlow(h->lowcase_key, h->key.data, h->key.len);
        h->hash = ngx_hash_key(h->lowcase_key, h->key.len);
    }

    return NGX_OK;
}


/* keyword tables shared by the enum-like directives */

typedef struct {
    ngx_str_t    name;
    ngx_uint_t   value;
} ngx_http_vneid_keyword_t;


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


static ngx_http_vneid_keyword_t  ngx_http_vneid_activities[] = {
    { ngx_string("any"), NGX_HTTP_VNEID_ACTIVITY_ANY },
    { ngx_string("navigation"), NGX_HTTP_VNEID_ACTIVITY_NAV },
    { ngx_null_string, 0 }
};


static ngx_http_vneid_keyword_t  ngx_http_vneid_samesites[] = {
    { ngx_string("lax"), NGX_HTTP_VNEID_SAMESITE_LAX },
    { ngx_string("strict"), NGX_HTTP_VNEID_SAMESITE_STRICT },
    { ngx_null_string, 0 }
};


static ngx_int_t
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
ngx_http_vneid_store(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_main_conf_t *vmcf = conf;

    long         uid, gid;
    char        *why;
    ngx_int_t    n;
    ngx_str_t   *value, s;
    ngx_uint_t   i;

    if (vmcf->store_path.len) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (value[1].len == 0) {
        return "needs a directory path";
    }

    vmcf->store_path = value[1];

    if (ngx_conf_full_name(cf->cycle, &vmcf->store_path, 0) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    for (i = 2; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "size=", 5) == 0) {
            s.data = value[i].data + 5;
            s.len = value[i].len - 5;

            why = ngx_http_vneid_parse_store_size(&s, &vmcf->store_size);

            if (why != NGX_CONF_OK) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid size \"%V\" in \"%V\" directive, "
                                   "%s", &s, &cmd->name, why);
                return NGX_CONF_ERROR;
            }

            continue;
        }

        if (ngx_strncmp(value[i].data, "flows=", 6) == 0) {
            n = ngx_atoi(value[i].data + 6, value[i].len - 6);

            if (n == NGX_ERROR || n < 1) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid value \"%V\" in \"%V\" directive, "
                                   "flows= must be a whole number of at "
                                   "least 1", &value[i], &cmd->name);
                return NGX_CONF_ERROR;
            }

            vmcf->store_flows = (size_t) n;
            continue;
        }

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid parameter \"%V\" in \"%V\" directive, "
                           "expected \"size=SIZE\" or \"flows=NUMBER\"",
                           &value[i], &cmd->name);
        return NGX_CONF_ERROR;
    }

    /* the default, as init_main_conf would set it later */

    ngx_conf_init_size_value(vmcf->store_size, 256 * 1024 * 1024);

    /* nginx -s only signals the running master */

    if (ngx_process == NGX_PROCESS_SIGNALLER) {
        return NGX_CONF_OK;
    }

    /*
     * Prepared while the configuration is read, not in init_module: a
     * refusal here fails "nginx -t", a start and a reload cleanly (a reload
     * keeps the running configuration), while init_module may only fail by
     * ending the master.
     */

    if (ngx_http_vneid_store_user(cf->cycle, &uid, &gid) != NGX_OK
        || ngx_http_vneid_prepare_store(cf->cycle, cf->log, vmcf, uid, gid)
           != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/* SIZE[k|m|g], any case; the reason when refused */

static char *
ngx_http_vneid_parse_store_size(ngx_str_t *s, size_t *size)
{
    u_char  *p, *last, c;
    size_t   n, unit;

    p = s->data;
    last = s->data + s->len;

    if (p == last || *p < '0' || *p > '9') {
        return "it is not a number (e.g. size=256m; units k, m, g; "
               "at least 1m)";
    }

    for (n = 0; p < last && *p >= '0' && *p <= '9'; p++) {
        if (n > (NGX_MAX_SIZE_T_VALUE - (size_t) (*p - '0')) / 10) {
            return "it is too large for this system";
        }

        n = n * 10 + (size_t) (*p - '0');
    }

    unit = 1;

    if (p < last) {
        c = ngx_tolower(*p);

        if (last - p != 1 || (c != 'k' && c != 'm' && c != 'g')) {
            return "the unit must be k, m or g (and the size at least 1m)";
        }

        unit = (c == 'k') ? 1024 : (c == 'm') ? 1024 * 1024
                                               : 1024 * 1024 * 1024;
    }

    if (n > NGX_MAX_SIZE_T_VALUE / unit) {
        return "it is too large for this system";
    }

    n *= unit;

    if (n < 1024 * 1024) {
        return "it must be at least 1m";
    }

    *size = n;

    return NGX_CONF_OK;
}


/* the user workers will run as: -1 when nginx does not switch users */

static ngx_int_t
ngx_http_vneid_store_user(ngx_cycle_t *cycle, long *uid, long *gid)
{
    struct group     *grp;
    struct passwd    *pwd;
    ngx_core_conf_t  *ccf;

    *uid = -1;
    *gid = -1;

    if (geteuid() != 0) {
        return NGX_OK;
    }

    ccf = (ngx_core_conf_t *) ngx_get_conf(cycle->conf_ctx, ngx_core_module);

    if (ccf->user != (ngx_uid_t) NGX_CONF_UNSET_UINT) {
        *uid = (long) ccf->user;
        *gid = (long) ccf->group;
        return NGX_OK;
    }

    /* no "user" before "http": nginx's default, as its core module sets it */

    ngx_set_errno(0);
    pwd = getpwnam(NGX_USER);
    if (pwd == NULL) {
        ngx_log_error(NGX_LOG_EMERG, cycle->log, ngx_errno,
                      "vneid_store: getpwnam(\"" NGX_USER "\") failed");
        return NGX_ERROR;
    }

    ngx_set_errno(0);
    grp = getgrnam(NGX_GROUP);
    if (grp == NULL) {
        ngx_log_error(NGX_LOG_EMERG, cycle->log, ngx_errno,
                      "vneid_store: getgrnam(\"" NGX_GROUP "\") failed");
        return NGX_ERROR;
    }

    *uid = (long) pwd->pw_uid;
    *gid = (long) grp->gr_gid;

    return NGX_OK;
}


/* the master creates the store and hands it to the workers' user */

static ngx_int_t
ngx_http_vneid_prepare_store(ngx_cycle_t *cycle, ngx_log_t *log,
    ngx_http_vneid_main_conf_t *vmcf, long uid, long gid)
{
    u_char  *path;
    char     err[NGX_HTTP_VNEID_ERRLEN];

    path = ngx_pnalloc(cycle->pool, vmcf->store_path.len + 1);
    if (path == NULL) {
        return NGX_ERROR;
    }

    (void) ngx_cpystrn(path, vmcf->store_path.data, vmcf->store_path.len + 1);

    if (vneid_store_prepare((char *) path, vmcf->store_size, uid, gid,
                            err, sizeof(err))
        != 0)
    {
        ngx_log_error(NGX_LOG_EMERG, log, 0,
                      "vneid_store \"%s\": %s", path, err);
        return NGX_ERROR;
    }

    vmcf->store_uid = uid;
    vmcf->store_gid = gid;
    vmcf->store_prepared = 1;

    return NGX_OK;
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


static ngx_int_t
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


static char *
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


static ngx_http_vneid_keyword_t  ngx_http_vneid_providers[] = {
    { ngx_string("vneid"), 0 },
    { ngx_string("oidc"), 1 },
    { ngx_null_string, 0 }
};


static char *
ngx_http_vneid_provider(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_srv_conf_t *vscf = conf;

    ngx_str_t   *value;
    ngx_uint_t   n;

    if (vscf->provider.len) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_http_vneid_keyword(cf, cmd, &value[1], ngx_http_vneid_providers,
                               "value", &n)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    vscf->provider = value[1];
    vscf->provider_insecure = 0;

    if (cf->args->nelts == 3) {
        if (ngx_strcmp(value[2].data, "insecure") != 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\" in \"%V\" "
                               "directive, expected \"insecure\"",
                               &value[2], &cmd->name);
            return NGX_CONF_ERROR;
        }

        /* the core refuses http:// endpoints without it */
        vscf->provider_insecure = 1;
    }

    return NGX_CONF_OK;
}


static ngx_http_vneid_keyword_t  ngx_http_vneid_claim_fields[] = {
    { ngx_string("citizen_id"), 0 },
    { ngx_string("name"), 1 },
    { ngx_string("birthdate"), 2 },
    { ngx_string("level"), 3 },
    { ngx_null_string, 0 }
};


static char *
ngx_http_vneid_claim(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_srv_conf_t *vscf = conf;

    ngx_str_t   *value;
    ngx_uint_t   field;

    value = cf->args->elts;

    if (ngx_http_vneid_keyword(cf, cmd, &value[1], ngx_http_vneid_claim_fields,
                               "field", &field)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    if (vscf->claims[field].len) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" for \"%V\" is duplicate",
                           &cmd->name, &value[1]);
        return NGX_CONF_ERROR;
    }

    if (value[2].len == 0) {
        return "needs a claim name";
    }

    vscf->claims[field] = value[2];

    return NGX_CONF_OK;
}


static const char *
ngx_http_vneid_cstr(ngx_str_t *s)
{
    return s->len ? (const char *) s->data : NULL;
}


static char *
ngx_http_vneid_create_gateway(ngx_conf_t *cf, ngx_http_vneid_srv_conf_t *conf)
{
    ngx_str_t            *files[4];
    ngx_uint_t            i;
    ngx_pool_cleanup_t   *cln;
    vneid_gateway_conf_t  gc;
    char                  err[NGX_HTTP_VNEID_ERRLEN];

    if (conf->client_id.len == 0 && conf->authorization_endpoint.len == 0
        && conf->token_endpoint.len == 0)
    {
        /* no identity provider here: the pages say "not configured" */
        return NGX_CONF_OK;
    }

    files[0] = &conf->client_secret_file;
    files[1] = &conf->client_key;
    files[2] = &conf->trusted_certificate;
    files[3] = &conf->templates;

    for (i = 0; i < 4; i++) {
        if (files[i]->len
            && ngx_conf_full_name(cf->cycle, files[i], 1) != NGX_OK)
        {
            return NGX_CONF_ERROR;
        }
    }

    ngx_memzero(&gc, sizeof(vneid_gateway_conf_t));

    gc.provider = ngx_http_vneid_cstr(&conf->provider);
    gc.insecure = (int) conf->provider_insecure;
    gc.authorization_endpoint =
        ngx_http_vneid_cstr(&conf->authorization_endpoint);
    gc.token_endpoint = ngx_http_vneid_cstr(&conf->token_endpoint);
    gc.userinfo_endpoint = ngx_http_vneid_cstr(&conf->userinfo_endpoint);
    gc.end_session_endpoint = ngx_http_vneid_cstr(&conf->end_session_endpoint);
    gc.client_id = ngx_http_vneid_cstr(&conf->client_id);
    gc.client_secret_file = ngx_http_vneid_cstr(&conf->client_secret_file);
    gc.client_key_file = ngx_http_vneid_cstr(&conf->client_key);
    gc.redirect_uri = ngx_http_vneid_cstr(&conf->redirect_uri);
    gc.scope = ngx_http_vneid_cstr(&conf->scope);
    gc.auth_params = ngx_http_vneid_cstr(&conf->auth_params);
    gc.claim_citizen_id = ngx_http_vneid_cstr(&conf->claims[0]);
    gc.claim_name = ngx_http_vneid_cstr(&conf->claims[1]);
    gc.claim_birth_date = ngx_http_vneid_cstr(&conf->claims[2]);
    gc.claim_level = ngx_http_vneid_cstr(&conf->claims[3]);
    gc.trusted_certificate = ngx_http_vneid_cstr(&conf->trusted_certificate);
    gc.templates_dir = ngx_http_vneid_cstr(&conf->templates);
    gc.timeout_ms = (long) conf->idp_timeout;
    gc.idle_timeout = conf->idle_timeout;
    gc.max_age = conf->max_age;

    conf->gateway = vneid_gateway_create(&gc, err, sizeof(err));
    if (conf->gateway == NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%s", err);
        return NGX_CONF_ERROR;
    }

    /* the old configuration's gateway goes with its cycle on reload */

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        vneid_gateway_free(conf->gateway);
        return NGX_CONF_ERROR;
    }

    cln->handler = ngx_http_vneid_free_gateway;
    cln->data = conf->gateway;

    if (conf->provider_insecure) {
        ngx_conf_log_error(NGX_LOG_WARN, cf, 0,
                           "\"vneid_provider\" insecure: plain http:// "
                           "identity-provider endpoints are allowed, the "
                           "client secret and tokens cross the network "
                           "unencrypted; use it only with a local test IdP");
    }

    ngx_http_vneid_origin_host(cf, conf);

    return NGX_CONF_OK;
}


/*
 * A relative vneid_redirect_uri and the logout return are built on the
 * server's first server_name, never on the client's Host header: anyone
 * can send a Host that puts a foreign redirect_uri into the authorization
 * request.  Without a usable name the login refuses to start.
 */

static void
ngx_http_vneid_origin_host(ngx_conf_t *cf, ngx_http_vneid_srv_conf_t *conf)
{
    ngx_str_t                  uri;
    ngx_http_core_srv_conf_t  *cscf;

    if (conf->redirect_uri.len && conf->redirect_uri.data[0] != '/') {
        return;     /* absolute: the core takes the origin from it */
    }

    /* the server being merged: nginx merged its core settings first */

    cscf = ngx_http_conf_get_module_srv_conf(cf, ngx_http_core_module);

    if (ngx_http_vneid_is_host(&cscf->server_name)) {
        conf->origin_host = cscf->server_name;
        return;
    }

    uri = conf->redirect_uri;

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


static ngx_int_t
ngx_http_vneid_init_module(ngx_cycle_t *cycle)
{
    long                         uid, gid;
    ngx_http_vneid_main_conf_t  *vmcf;

    vmcf = ngx_http_cycle_get_module_main_conf(cycle, ngx_http_vneid_module);

    if (vmcf == NULL || vmcf->store_path.len == 0) {
        return NGX_OK;
    }

    /*
     * The store was prepared when "vneid_store" was read; only a "user"
     * directive after the http block changes whom it is for.
     */

    if (ngx_http_vneid_store_user(cycle, &uid, &gid) != NGX_OK) {
        return NGX_ERROR;
    }

    if (vmcf->store_prepared && uid == vmcf->store_uid
        && gid == vmcf->store_gid)
    {
        return NGX_OK;
    }

    return ngx_http_vneid_prepare_store(cycle, cycle->log, vmcf, uid, gid);
}


static ngx_int_t
ngx_http_vneid_init_process(ngx_cycle_t *cycle)
{
    u_char                      *path;
    ngx_http_vneid_main_conf_t  *vmcf;
    char                         err[NGX_HTTP_VNEID_ERRLEN];

    vmcf = ngx_http_cycle_get_module_main_conf(cycle, ngx_http_vneid_module);

    if (vmcf == NULL || vmcf->store_path.len == 0) {
        return NGX_OK;
    }

    path = ngx_pnalloc(cycle->pool, vmcf->store_path.len + 1);
    if (path == NULL) {
        return NGX_ERROR;
    }

    (void) ngx_cpystrn(path, vmcf->store_path.data, vmcf->store_path.len + 1);

    /* LMDB environments must not cross fork(): one per worker */

    vmcf->store = vneid_store_open((char *) path, vmcf->store_size,
                                   err, sizeof(err));
    if (vmcf->store == NULL) {
        ngx_log_error(NGX_LOG_EMERG, cycle->log, 0,
                      "vneid_store \"%s\": %s", path, err);
        return NGX_ERROR;
    }

    vneid_store_limit_flows(vmcf->store, vmcf->store_flows);

    /* worker 0 sweeps; every worker reports its own failed writes */

    vmcf->maintenance.handler = ngx_http_vneid_maintenance_handler;
    vmcf->maintenance.data = vmcf;
    vmcf->maintenance.log = cycle->log;
    vmcf->maintenance.cancelable = 1;

    ngx_add_timer(&vmcf->maintenance, 1000);

    return NGX_OK;
}


static void
ngx_http_vneid_exit_process(ngx_cycle_t *cycle)
{
    ngx_http_vneid_main_conf_t  *vmcf;

    vmcf = ngx_http_cycle_get_module_main_conf(cycle, ngx_http_vneid_module);

    if (vmcf == NULL || vmcf->store == NULL) {
        return;
    }

    vneid_store_close(vmcf->store);
    vmcf->store = NULL;
}


static void
ngx_http_vneid_maintenance_handler(ngx_event_t *ev)
{
    int                          next;
    long                         removed;
    ngx_msec_t                   delay;
    ngx_http_vneid_main_conf_t  *vmcf;
    char                         err[NGX_HTTP_VNEID_ERRLEN];

    vmcf = ev->data;

    if (ngx_exiting || ngx_quit || vmcf->store == NULL) {
        return;
    }

    if (vneid_store_warning(vmcf->store, err, sizeof(err))) {
        ngx_log_error(NGX_LOG_WARN, ev->log, 0, "vneid store: %s", err);
    }

    delay = NGX_HTTP_VNEID_MAINTENANCE_INTERVAL;

    if (ngx_worker != 0) {
        ngx_add_timer(ev, delay);
        return;
    }

    /*
     * A time budget per tick: neither the event loop nor the store's write
     * lock is held for long; a pass over a big store goes on at the next
     * ticks, and a store over half full is swept often.
     */

    removed = vneid_store_maintain(vmcf->store, ngx_time(),
                                   NGX_HTTP_VNEID_SWEEP_BUDGET, &next,
                                   err, sizeof(err));
    if (removed < 0) {
        ngx_log_error(NGX_LOG_ERR, ev->log, 0,
                      "vneid store maintenance failed: %s", err);
        ngx_add_timer(ev, NGX_HTTP_VNEID_SWEEP_RETRY);
        return;
    }

    vmcf->sweep_removed += (ngx_uint_t) removed;

    if (next == VNEID_MAINTAIN_MORE) {
        ngx_add_timer(ev, NGX_HTTP_VNEID_SWEEP_AGAIN);
        return;
    }

    if (vmcf->sweep_removed) {
        ngx_log_error(NGX_LOG_INFO, ev->log, 0,
                      "vneid store maintenance: %ui expired records removed",
                      vmcf->sweep_removed);
        vmcf->sweep_removed = 0;
    }

    if (next == VNEID_MAINTAIN_PRESSURE) {
        delay = NGX_HTTP_VNEID_SWEEP_PRESSURE;
    }

    ngx_add_timer(ev, delay);
}

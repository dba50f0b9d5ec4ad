
/*
 * vneid-gateway: the identity provider's settings, one struct with named
 * fields; its directives, merge and gateway live in ngx_http_vneid_provider.c.
 * Adding a provider directive: a field here, an entry in
 * NGX_HTTP_VNEID_PROVIDER_COMMANDS, its merge and its gateway field there.
 */


#ifndef _NGX_HTTP_VNEID_PROVIDER_H_INCLUDED_
#define _NGX_HTTP_VNEID_PROVIDER_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>
#include <vneid/vneid.h>


/* where a provider directive was set: errors found while merging name it */
typedef struct {
    ngx_str_t                file;
    ngx_uint_t               line;
} ngx_http_vneid_conf_where_t;


#define NGX_HTTP_VNEID_PROVIDER_NWHERE  20


typedef struct {
    ngx_str_t                name;              /* vneid | oidc */
    ngx_flag_t               insecure;          /* http:// endpoints ok */
    ngx_str_t                authorization_endpoint;
    ngx_str_t                token_endpoint;
    ngx_str_t                userinfo_endpoint;
    ngx_str_t                end_session_endpoint;
    ngx_str_t                client_id;
    ngx_str_t                client_secret_file;
    ngx_str_t                client_key;
    ngx_str_t                redirect_uri;
    ngx_str_t                scope;
    ngx_str_t                auth_params;
    ngx_str_t                claim_citizen_id;
    ngx_str_t                claim_name;
    ngx_str_t                claim_birthdate;
    ngx_str_t                claim_level;
    ngx_str_t                claim_account_type;
    ngx_str_t                trusted_certificate;
    ngx_str_t                templates;
    ngx_msec_t               timeout;
    ngx_str_t                token_code;        /* decrypted | encrypted */
    ngx_str_t                idp_proxy;         /* http:// proxy URL */

    /* host of the origin a relative redirect_uri and the logout return
     * are built on: the first server_name, never the request's Host;
     * empty when the server has none usable */
    ngx_str_t                origin_host;

    vneid_gateway_t         *gateway;           /* NULL: none configured */

    ngx_http_vneid_conf_where_t  where[NGX_HTTP_VNEID_PROVIDER_NWHERE];
} ngx_http_vneid_provider_conf_t;


char *ngx_http_vneid_provider_name(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_vneid_provider_set(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_vneid_provider_claim(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);

void ngx_http_vneid_provider_init(ngx_http_vneid_provider_conf_t *conf);
/* policy: the server's session and account settings for the gateway
 * (idle_timeout ... choose_always); the provider fields are filled here */
char *ngx_http_vneid_provider_merge(ngx_conf_t *cf,
    ngx_http_vneid_provider_conf_t *prev, ngx_http_vneid_provider_conf_t *conf,
    const vneid_gateway_conf_t *policy);


#define NGX_HTTP_VNEID_PROVIDER_STR(name, field)                              \
    { ngx_string(name),                                                       \
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,                    \
      ngx_http_vneid_provider_set,                                            \
      NGX_HTTP_SRV_CONF_OFFSET,                                               \
      offsetof(ngx_http_vneid_srv_conf_t, idp.field),                         \
      NULL }


/* the provider's entries of the module's command table */

#define NGX_HTTP_VNEID_PROVIDER_COMMANDS                                      \
    { ngx_string("vneid_provider"),                                           \
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE12,                   \
      ngx_http_vneid_provider_name,                                           \
      NGX_HTTP_SRV_CONF_OFFSET,                                               \
      0,                                                                      \
      NULL },                                                                 \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_authorization_endpoint",               \
                                authorization_endpoint),                      \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_token_endpoint", token_endpoint),      \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_userinfo_endpoint",                    \
                                userinfo_endpoint),                           \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_end_session_endpoint",                 \
                                end_session_endpoint),                        \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_client_id", client_id),                \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_client_secret_file",                   \
                                client_secret_file),                          \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_client_key", client_key),              \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_redirect_uri", redirect_uri),          \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_scope", scope),                        \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_auth_params", auth_params),            \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_trusted_certificate",                  \
                                trusted_certificate),                         \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_templates", templates),                \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_token_code", token_code),              \
    NGX_HTTP_VNEID_PROVIDER_STR("vneid_idp_proxy", idp_proxy),                \
    { ngx_string("vneid_claim"),                                              \
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE2,                    \
      ngx_http_vneid_provider_claim,                                          \
      NGX_HTTP_SRV_CONF_OFFSET,                                               \
      0,                                                                      \
      NULL },                                                                 \
    { ngx_string("vneid_idp_timeout"),                                        \
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,                    \
      ngx_http_vneid_provider_set,                                            \
      NGX_HTTP_SRV_CONF_OFFSET,                                               \
      offsetof(ngx_http_vneid_srv_conf_t, idp.timeout),                       \
      NULL }


#endif /* _NGX_HTTP_VNEID_PROVIDER_H_INCLUDED_ */

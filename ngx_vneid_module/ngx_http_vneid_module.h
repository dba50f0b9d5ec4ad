
/*
 * vneid-gateway: shared declarations of the nginx glue.
 * All logic lives in the core library (vneid/vneid.h); these files only
 * parse directives, run phase handlers and move bytes.
 */


#ifndef _NGX_HTTP_VNEID_MODULE_H_INCLUDED_
#define _NGX_HTTP_VNEID_MODULE_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#if !(NGX_THREADS)
#error ngx_http_vneid_module requires nginx built --with-threads
#endif

#include <ngx_thread_pool.h>
#include <vneid/vneid.h>

#include "ngx_http_vneid_provider.h"


#define NGX_HTTP_VNEID_OFF              0
#define NGX_HTTP_VNEID_ON               1
#define NGX_HTTP_VNEID_OPTIONAL         2

#define NGX_HTTP_VNEID_UNAUTH_AUTO      0
#define NGX_HTTP_VNEID_UNAUTH_REDIRECT  1
#define NGX_HTTP_VNEID_UNAUTH_401       2

#define NGX_HTTP_VNEID_ACTIVITY_ANY     0
#define NGX_HTTP_VNEID_ACTIVITY_NAV     1

#define NGX_HTTP_VNEID_SAMESITE_LAX     0
#define NGX_HTTP_VNEID_SAMESITE_STRICT  1

#define NGX_HTTP_VNEID_CHOOSE_LAST      0
#define NGX_HTTP_VNEID_CHOOSE_ALWAYS    1

#define NGX_HTTP_VNEID_ERRLEN           512

/* the identity fields: ngx_http_vneid_fields[] in ngx_http_vneid_request.c */
#define NGX_HTTP_VNEID_NFIELDS          5


typedef struct {
    ngx_str_t                store_path;
    size_t                   store_size;
    size_t                   store_flows;  /* flows=, 0: the core's default */
    long                     store_uid;    /* prepared for (-1: no switch) */
    long                     store_gid;
    ngx_flag_t               store_prepared;
    ngx_thread_pool_t       *thread_pool;
    ngx_str_t                thread_pool_name;
    ngx_flag_t               enabled;      /* some location says on/optional */

    vneid_store_t           *store;        /* per worker, after fork */
    ngx_event_t              maintenance;
    ngx_uint_t               sweep_removed;  /* in the pass under way */
} ngx_http_vneid_main_conf_t;


typedef struct {
    ngx_str_t                cookie_name;
    ngx_str_t                binding_cookie_name;  /* "<cookie_name>_login" */
    ngx_str_t                link_cookie_name;     /* "<cookie_name>_link" */
    ngx_flag_t               cookie_secure;
    ngx_uint_t               cookie_samesite;

    time_t                   idle_timeout;
    time_t                   refresh;
    ngx_uint_t               activity;
    time_t                   max_age;

    ngx_str_t                endpoint;     /* location of vneid_endpoint */
    ngx_flag_t               protects;     /* "vneid on|optional" in this
                                              server or one of its
                                              locations */
    ngx_array_t             *prefixes;     /* of ngx_str_t: the header
                                              prefixes of this server's
                                              governed locations, removed
                                              before rewrite; NULL: none */

    ngx_uint_t               account_chooser;  /* NGX_HTTP_VNEID_CHOOSE_* */
    ngx_flag_t               require_account;
    ngx_str_t                support_contact;

    /* the identity provider (vneid_provider ... vneid_idp_timeout) */
    ngx_http_vneid_provider_conf_t  idp;
} ngx_http_vneid_srv_conf_t;


typedef struct {
    ngx_flag_t               governed;     /* "vneid" or "vneid_endpoint"
                                              applies here; if not, the
                                              module leaves requests alone */
    ngx_uint_t               mode;
    ngx_flag_t               headers;
    ngx_str_t                header_prefix;
    ngx_uint_t               unauth_action;
    ngx_int_t                min_level;
    time_t                   max_auth_age; /* vneid_max_auth_age, seconds;
                                              0: off */
    ngx_flag_t               endpoint;
    ngx_array_t             *portal_cookies;  /* of vneid_str_t: the portal's
                                                 own session cookies; NULL:
                                                 none */

    /* self-service linking (ngx_http_vneid_link.c) */
    vneid_link_check_t      *link_check;   /* vneid_link_verify; NULL: none */
    ngx_uint_t               account_link; /* vneid_account_link as written
                                              here or above; UNSET: none */
    u_char                  *account_link_file;
    ngx_uint_t               account_link_line;
    ngx_uint_t               link_mode;    /* VNEID_LINK_*: what applies */

    /* names, lowercase names and hashes of the injected headers, built
     * once per location instead of on every request */
    ngx_table_elt_t          identity_headers[NGX_HTTP_VNEID_NFIELDS];
} ngx_http_vneid_loc_conf_t;


/* an error answer and its ways on (ngx_http_vneid_send_error_page) */
typedef struct {
    const char              *code;
    const char              *reference;    /* NULL: a fresh one, logged */
    ngx_str_t                back;         /* the page to return to; len 0:
                                              the query's "return" */
    ngx_str_t                retry;        /* the retry button; len 0: the
                                              login (the chooser for
                                              account_*) with back */
    ngx_uint_t               other_account;  /* "another VNeID account" */
    time_t                   retry_after;  /* > 0: a Retry-After header */
} ngx_http_vneid_error_t;


/* per request; variables read it from r->main */
typedef struct {
    ngx_int_t                status;       /* VNEID_SESSION_* */
    vneid_identity_t         id;
    u_char                   level[NGX_INT_T_LEN + 1];
    ngx_str_t                cookie;       /* the session cookie's value */

    /* the callback's thread-pool task */
    vneid_login_t           *login;
    vneid_login_result_t     result;
    ngx_event_t              guard;        /* of the one task a request runs */

    /* the link form's thread-pool task */
    vneid_link_t            *link;
    vneid_link_result_t      link_result;

    unsigned                 checked:1;
    unsigned                 headers_stripped:1;
    unsigned                 deferred:1;   /* satisfy any: answer last */
    unsigned                 reauth:1;     /* the session's VNeID sign-in is
                                              too old here: a step-up
                                              login, not a first one */
    unsigned                 cookie_parsed:1;
    unsigned                 cookie_stripped:1;
    unsigned                 binding_stripped:1;
    unsigned                 access_done:1;
    unsigned                 login_posted:1;
    unsigned                 login_done:1;
    unsigned                 login_requeued:1;  /* busy, state kept */
} ngx_http_vneid_ctx_t;


/*
 * One verified identity field: the header that carries it (after the
 * prefix), the variable that shows it, and where vneid_identity_t holds it
 * as a string (the level, an int, is formatted into the context instead).
 */
typedef struct {
    ngx_str_t                header;
    ngx_str_t                variable;
    ngx_int_t                offset;       /* -1: the level */
} ngx_http_vneid_field_t;


/* vneid_account_chooser ... vneid_account_link */
#define NGX_HTTP_VNEID_ACCOUNT_COMMANDS                                       \
                                                                              \
    { ngx_string("vneid_account_chooser"),                                    \
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,                    \
      ngx_conf_set_enum_slot,                                                 \
      NGX_HTTP_SRV_CONF_OFFSET,                                               \
      offsetof(ngx_http_vneid_srv_conf_t, account_chooser),                   \
      ngx_http_vneid_account_choosers },                                      \
                                                                              \
    { ngx_string("vneid_require_account"),                                    \
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_FLAG,                     \
      ngx_conf_set_flag_slot,                                                 \
      NGX_HTTP_SRV_CONF_OFFSET,                                               \
      offsetof(ngx_http_vneid_srv_conf_t, require_account),                   \
      NULL },                                                                 \
                                                                              \
    { ngx_string("vneid_support_contact"),                                    \
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,                    \
      ngx_conf_set_str_slot,                                                  \
      NGX_HTTP_SRV_CONF_OFFSET,                                               \
      offsetof(ngx_http_vneid_srv_conf_t, support_contact),                   \
      NULL },                                                                 \
                                                                              \
    { ngx_string("vneid_portal_cookies"),                                     \
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,  \
      ngx_http_vneid_portal_cookies,                                          \
      NGX_HTTP_LOC_CONF_OFFSET,                                               \
      0,                                                                      \
      NULL },                                                                 \
                                                                              \
    { ngx_string("vneid_link_verify"),                                        \
      NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,                     \
      ngx_http_vneid_link_verify,                                             \
      NGX_HTTP_LOC_CONF_OFFSET,                                               \
      0,                                                                      \
      NULL },                                                                 \
                                                                              \
    { ngx_string("vneid_account_link"),                                       \
      NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,                     \
      ngx_http_vneid_account_link,                                            \
      NGX_HTTP_LOC_CONF_OFFSET,                                               \
      0,                                                                      \
      NULL }


/* keyword tables of the enum-like directives */
typedef struct {
    ngx_str_t                name;
    ngx_uint_t               value;
} ngx_http_vneid_keyword_t;


extern ngx_module_t  ngx_http_vneid_module;
extern ngx_conf_enum_t  ngx_http_vneid_account_choosers[];


ngx_int_t ngx_http_vneid_keyword(ngx_conf_t *cf, ngx_command_t *cmd,
    ngx_str_t *value, ngx_http_vneid_keyword_t *kw, const char *what,
    ngx_uint_t *out);


char *ngx_http_vneid_store(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ngx_http_vneid_idle_timeout(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_vneid_cookie(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
ngx_int_t ngx_http_vneid_cookie_names(ngx_conf_t *cf,
    ngx_http_vneid_srv_conf_t *conf);
ngx_int_t ngx_http_vneid_is_token(ngx_str_t *s);
ngx_int_t ngx_http_vneid_init_module(ngx_cycle_t *cycle);
ngx_int_t ngx_http_vneid_init_process(ngx_cycle_t *cycle);
void ngx_http_vneid_exit_process(ngx_cycle_t *cycle);

ngx_int_t ngx_http_vneid_post_read_handler(ngx_http_request_t *r);
ngx_int_t ngx_http_vneid_access_handler(ngx_http_request_t *r);
ngx_int_t ngx_http_vneid_access_last_handler(ngx_http_request_t *r);
ngx_int_t ngx_http_vneid_subrequest_handler(ngx_http_request_t *r);
ngx_int_t ngx_http_vneid_callback_access(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx);
ngx_int_t ngx_http_vneid_endpoint_handler(ngx_http_request_t *r);
ngx_int_t ngx_http_vneid_add_variables(ngx_conf_t *cf);

/* ngx_http_vneid_accounts.c */
ngx_int_t ngx_http_vneid_accounts_page(ngx_http_request_t *r);
ngx_int_t ngx_http_vneid_account_missing(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx);
ngx_int_t ngx_http_vneid_send_no_account(ngx_http_request_t *r,
    const char *citizen_id, ngx_http_vneid_error_t *e,
    const vneid_link_form_t *link);

/* ngx_http_vneid_logout.c */
ngx_int_t ngx_http_vneid_logout(ngx_http_request_t *r);
ngx_int_t ngx_http_vneid_relogin(ngx_http_request_t *r);

/* ngx_http_vneid_link.c */
char *ngx_http_vneid_link_verify(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_vneid_account_link(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_vneid_link_merge(ngx_conf_t *cf,
    ngx_http_vneid_loc_conf_t *prev, ngx_http_vneid_loc_conf_t *conf);
ngx_int_t ngx_http_vneid_link_page(ngx_http_request_t *r);
ngx_int_t ngx_http_vneid_link_offer(ngx_http_request_t *r,
    vneid_login_result_t *res, vneid_link_form_t *form);

/* ngx_http_vneid_task.c: blocking core work in the thread pool */
typedef struct {
    void                   (*run)(void *data, int64_t now);  /* pool thread */
    void                   (*cancel)(void *data);  /* request terminated */
    void                   (*free)(void *data);    /* with the request */
    void                   (*done)(ngx_http_request_t *r);  /* answer */
    void                    *data;
} ngx_http_vneid_task_t;

ngx_int_t ngx_http_vneid_task_post(ngx_http_request_t *r,
    ngx_thread_pool_t *pool, ngx_event_t *guard, ngx_http_vneid_task_t *spec);

/* ngx_http_vneid_portal.c */
char *ngx_http_vneid_portal_cookies(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_vneid_portal_filter(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx);
ngx_int_t ngx_http_vneid_portal_init(ngx_conf_t *cf);

/* ngx_http_vneid_request.c */
void ngx_http_vneid_buf(ngx_http_request_t *r, vneid_buf_t *buf);
ngx_http_vneid_ctx_t *ngx_http_vneid_get_ctx(ngx_http_request_t *r);
ngx_int_t ngx_http_vneid_check_session(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx, ngx_uint_t activity);
void ngx_http_vneid_parse_cookie(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx, ngx_str_t *name);
ngx_table_elt_t *ngx_http_vneid_find_header(ngx_http_request_t *r,
    const char *name, size_t len);
void ngx_http_vneid_accept_language(ngx_http_request_t *r, ngx_str_t *lang);
ngx_uint_t ngx_http_vneid_is_navigation(ngx_http_request_t *r);
ngx_int_t ngx_http_vneid_get_cookie(ngx_http_request_t *r, ngx_str_t *name,
    ngx_str_t *value);
ngx_table_elt_t *ngx_http_vneid_cookie_header(ngx_http_request_t *r,
    ngx_uint_t n);
void ngx_http_vneid_cookie_unlink(ngx_http_request_t *r, ngx_uint_t n);
ngx_int_t ngx_http_vneid_binding_cookie_name(ngx_http_request_t *r,
    ngx_str_t *name);
ngx_int_t ngx_http_vneid_login_url(ngx_http_request_t *r, ngx_str_t *url);
ngx_int_t ngx_http_vneid_concat(ngx_pool_t *pool, ngx_str_t *head,
    const char *tail, ngx_str_t *out);
ngx_int_t ngx_http_vneid_query(ngx_http_request_t *r, const char *name,
    ngx_str_t *value);
ngx_int_t ngx_http_vneid_origin(ngx_http_request_t *r, ngx_str_t *origin);
ngx_uint_t ngx_http_vneid_cross_site(ngx_http_request_t *r);
ngx_int_t ngx_http_vneid_request_body(ngx_http_request_t *r, ngx_str_t *body);
void ngx_http_vneid_field_value(ngx_http_vneid_ctx_t *ctx, ngx_uint_t i,
    ngx_str_t *value);

extern ngx_http_vneid_field_t  ngx_http_vneid_fields[NGX_HTTP_VNEID_NFIELDS];

/* ngx_http_vneid_headers.c */
typedef size_t (*ngx_http_vneid_cookie_edit_pt)(void *data, char *value,
    size_t len);

ngx_int_t ngx_http_vneid_strip_headers(ngx_http_request_t *r,
    ngx_str_t *prefix);
ngx_int_t ngx_http_vneid_strip_cookie(ngx_http_request_t *r,
    ngx_str_t *name);
ngx_int_t ngx_http_vneid_edit_cookies(ngx_http_request_t *r, ngx_str_t *hint,
    ngx_http_vneid_cookie_edit_pt edit, void *data);
ngx_int_t ngx_http_vneid_own_headers(ngx_http_request_t *r);
ngx_int_t ngx_http_vneid_inject_headers(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx);

/* ngx_http_vneid_response.c */
ngx_int_t ngx_http_vneid_send(ngx_http_request_t *r, ngx_uint_t status,
    const char *type, vneid_buf_t *body);
ngx_int_t ngx_http_vneid_send_html(ngx_http_request_t *r, ngx_uint_t status,
    vneid_buf_t *body);
ngx_int_t ngx_http_vneid_send_error(ngx_http_request_t *r, const char *code,
    const char *reference);
ngx_int_t ngx_http_vneid_send_error_page(ngx_http_request_t *r,
    ngx_http_vneid_error_t *e);
ngx_int_t ngx_http_vneid_send_answer(ngx_http_request_t *r, ngx_uint_t status,
    ngx_uint_t json, vneid_buf_t *body);
ngx_int_t ngx_http_vneid_add_out_header(ngx_http_request_t *r,
    const char *key, ngx_str_t *value);
ngx_int_t ngx_http_vneid_add_header_cstr(ngx_http_request_t *r,
    const char *key, const char *value);
ngx_int_t ngx_http_vneid_set_cookie(ngx_http_request_t *r, ngx_str_t *name,
    u_char *value, size_t len, time_t max_age);
ngx_int_t ngx_http_vneid_redirect(ngx_http_request_t *r, u_char *location,
    size_t len);
ngx_int_t ngx_http_vneid_add_set_cookies(ngx_http_request_t *r,
    vneid_buf_t *lines);
ngx_int_t ngx_http_vneid_get_only(ngx_http_request_t *r, ngx_int_t *rc);


#endif /* _NGX_HTTP_VNEID_MODULE_H_INCLUDED_ */

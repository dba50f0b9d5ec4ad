/*
 * The C surface of the vneid core library: the only header the nginx module
 * includes. Every function is noexcept on the C++ side: errors come back as
 * return codes plus a message in a caller-supplied buffer, never as
 * exceptions. Nothing here touches nginx objects, so the thread-pool side may
 * call the functions marked "thread-safe".
 */

#ifndef VNEID_VNEID_H
#define VNEID_VNEID_H

#include <stddef.h>
#include <stdint.h>

/* The C++ side defines every function noexcept (exceptions never cross
 * this header); C sees plain declarations. */
#ifdef __cplusplus
#define VNEID_NOEXCEPT  noexcept
#else
#define VNEID_NOEXCEPT
#endif

#ifdef __cplusplus
extern "C" {
#endif


/*
 * What the core hands back. The caller initialises every buffer before the
 * call: with alloc set, the core allocates from alloc(pool, size) and the
 * caller frees nothing (nginx passes its request pool, so no path can leak
 * it); with alloc NULL, from malloc, freed with vneid_buf_free().
 */
typedef void *(*vneid_alloc_pt)(void *pool, size_t size);

typedef struct {
    char                *data;
    size_t               len;
    vneid_alloc_pt       alloc;
    void                *pool;
} vneid_buf_t;

void vneid_buf_free(vneid_buf_t *buf);


/* ---- session store (LMDB) ---------------------------------------------- */

typedef struct vneid_store_s  vneid_store_t;

/* In the master, as root, before workers start: create DIR (never
 * following a symlink root does not own), give it and its existing files
 * to uid/gid (-1: leave as is; symlinks, hard links and other users' files
 * are refused), then check as uid/gid that the workers can write to it and
 * open it. 0 on success; the message in err names the offending path. */
int vneid_store_prepare(const char *dir, size_t map_size, long uid, long gid,
    char *err, size_t errlen) VNEID_NOEXCEPT;

/* Per worker, after fork. NULL on failure with the reason in err. */
vneid_store_t *vneid_store_open(const char *dir, size_t map_size,
    char *err, size_t errlen) VNEID_NOEXCEPT;
void vneid_store_close(vneid_store_t *store) VNEID_NOEXCEPT;

/* At most max_pending login flows are stored at once, the oldest going
 * first (0: the default, 10000). Call once, right after opening. */
void vneid_store_limit_flows(vneid_store_t *store, size_t max_pending)
    VNEID_NOEXCEPT;

#define VNEID_MAINTAIN_IDLE      0   /* next run at the normal interval */
#define VNEID_MAINTAIN_MORE      1   /* the pass is unfinished: run again now */
#define VNEID_MAINTAIN_PRESSURE  2   /* the store is over half full: run often */

/* Sweeps expired sessions and login flows for about budget_ms, resuming
 * where the previous call stopped; clears stale reader slots; flushes to
 * disk when a pass is done. Returns records removed or -1; *next says when
 * to run again (VNEID_MAINTAIN_*). */
long vneid_store_maintain(vneid_store_t *store, int64_t now,
    unsigned budget_ms, int *next, char *err, size_t errlen) VNEID_NOEXCEPT;

/* Store writes that failed without failing a request (an activity update
 * on a full map) since the last call: 1 with one line for the error log in
 * msg, 0 if none. */
int vneid_store_warning(vneid_store_t *store, char *msg, size_t len)
    VNEID_NOEXCEPT;


/* ---- sessions ------------------------------------------------------------ */

typedef struct {
    int64_t              idle_timeout;   /* seconds, 0: none */
    int64_t              max_age;        /* seconds, 0: none */
    int64_t              refresh;        /* write activity at most this often */
} vneid_session_policy_t;

typedef enum {
    VNEID_SESSION_OK = 0,
    VNEID_SESSION_NONE,          /* no cookie, or unknown session */
    VNEID_SESSION_INVALID,       /* malformed cookie */
    VNEID_SESSION_EXPIRED,       /* idle or absolute limit reached */
    VNEID_SESSION_ERROR          /* store failure, see err */
} vneid_session_status_e;

#define VNEID_CITIZEN_ID_SIZE  16
#define VNEID_NAME_SIZE        256
#define VNEID_ACCOUNT_SIZE     128
#define VNEID_ACCOUNTS_SIZE    1024
#define VNEID_TOKEN_SIZE       64

/* a portal cookie (vneid_portal_cookies) bound to the session */
#define VNEID_PORTAL_COOKIES_MAX   8
#define VNEID_PORTAL_NAME_SIZE     64
#define VNEID_HASH_SIZE            32

typedef struct {
    char                 name[VNEID_PORTAL_NAME_SIZE];
    unsigned char        value_hash[VNEID_HASH_SIZE];    /* SHA-256 */
} vneid_portal_cookie_t;

typedef struct {
    char                 citizen_id[VNEID_CITIZEN_ID_SIZE];
    char                 name[VNEID_NAME_SIZE];
    char                 account[VNEID_ACCOUNT_SIZE];    /* active account,
                                                            "" if none */
    char                 accounts[VNEID_ACCOUNTS_SIZE];  /* the enabled linked
                                                            accounts, as the
                                                            directory has them
                                                            now; comma
                                                            separated */
    char                 csrf[VNEID_TOKEN_SIZE];
    int                  level;
    int64_t              created;
    int64_t              last_activity;
    int64_t              auth_time;
    unsigned             nportal;
    vneid_portal_cookie_t  portal[VNEID_PORTAL_COOKIES_MAX];
} vneid_identity_t;

/* "ok", "none", "invalid", "expired", "error" */
const char *vneid_session_status_name(int status) VNEID_NOEXCEPT;

/* Looks the cookie value up; on VNEID_SESSION_OK fills *id. activity != 0
 * lets the call refresh last_activity (at most every policy->refresh s). */
int vneid_session_check(vneid_store_t *store, const char *cookie,
    size_t cookie_len, const vneid_session_policy_t *policy, int64_t now,
    int activity, vneid_identity_t *id, char *err, size_t errlen)
    VNEID_NOEXCEPT;

/* Ends the session server-side. 1: removed, 0: none, -1: error. expired
 * (may be NULL) gets the Set-Cookie values, one per line, that expire the
 * portal cookies bound to it ("" when none). */
int vneid_session_end(vneid_store_t *store, const char *cookie,
    size_t cookie_len, vneid_buf_t *expired, char *err, size_t errlen)
    VNEID_NOEXCEPT;

/* Constant-time comparison of a submitted CSRF token with the session's. */
int vneid_csrf_valid(const vneid_identity_t *id, const char *token,
    size_t len) VNEID_NOEXCEPT;

/* Step-up (vneid_max_auth_age): 1 when the VNeID authentication behind
 * the session (id->auth_time) is more than max_auth_age seconds old at now,
 * so the location demands a fresh login; 0 when recent enough, or
 * max_auth_age <= 0 (no limit). An unknown auth_time, or one far in the
 * future (the clock stepped back), counts as too old. */
int vneid_auth_too_old(const vneid_identity_t *id, int64_t max_auth_age,
    int64_t now) VNEID_NOEXCEPT;

/* {"authenticated":true,"citizen_id":...,"accounts":[{...}]} for /whoami
 * (id NULL: {"authenticated":false}); the accounts' names and units come
 * from the store's directory. */
int vneid_identity_json(vneid_store_t *store, const vneid_identity_t *id,
    vneid_buf_t *out) VNEID_NOEXCEPT;


/* ---- accounts: the legacy accounts a session acts as --------------------- */

#define VNEID_SWITCH_OK          0
#define VNEID_SWITCH_NO_SESSION  1
#define VNEID_SWITCH_NOT_LINKED  2   /* not an enabled account of the
                                        citizen: nothing changed */

/* Makes account the session's active one and the citizen's remembered
 * choice (and, when it changes, a VNeID login of that account in the
 * rollout history); expired gets the Set-Cookie values, one per line, that expire the
 * portal cookies bound to the session (they belong to the old account).
 * Returns VNEID_SWITCH_* or -1 with err. */
int vneid_account_switch(vneid_store_t *store, const char *cookie,
    size_t cookie_len, const char *account, size_t account_len, int64_t now,
    vneid_buf_t *expired, char *err, size_t errlen) VNEID_NOEXCEPT;

/* ---- portal cookies (vneid_portal_cookies) -------------------------------- */

typedef struct {
    const char          *data;
    size_t               len;
} vneid_str_t;

/* Removes from one Cookie header value, in place, every cookie named in
 * names that is not bound to id's session and active account (id NULL:
 * every such cookie). Returns the new length (never more than len), or
 * (size_t) -1 on failure; appends the names removed to *removed, one per
 * line. */
size_t vneid_portal_cookies_filter(const vneid_identity_t *id, char *header,
    size_t len, const vneid_str_t *names, size_t nnames, vneid_buf_t *removed)
    VNEID_NOEXCEPT;

/* Set-Cookie values, one per line, that expire the cookies named in names
 * (one per line) with the Path and Domain the backend last set them with. */
int vneid_portal_cookies_expiry(vneid_store_t *store, const char *names,
    size_t len, vneid_buf_t *out) VNEID_NOEXCEPT;

/* After the backend answered a request of the session (cookie) while
 * account was active: binds the named cookies among its Set-Cookie values
 * to them. Returns how many were bound, -1 with err on failure. */
long vneid_portal_cookies_issued(vneid_store_t *store, const char *cookie,
    size_t cookie_len, const char *account, const vneid_str_t *names,
    size_t nnames, const vneid_str_t *set_cookies, size_t n, int64_t now,
    char *err, size_t errlen) VNEID_NOEXCEPT;


/* ---- requests -------------------------------------------------------------- */

/* Case-insensitive prefix match with '-' and '_' alike, so "x_vneid_name"
 * and "X-VNEID-Name" both match the prefix "X-VNeID-". */
int vneid_header_has_prefix(const char *name, size_t len, const char *prefix,
    size_t prefix_len) VNEID_NOEXCEPT;

typedef struct {
    const char          *sec_fetch_mode;     /* NULL when absent */
    size_t               sec_fetch_mode_len;
    const char          *sec_fetch_dest;
    size_t               sec_fetch_dest_len;
    const char          *accept;
    size_t               accept_len;
    int                  x_requested_with;   /* header present */
} vneid_request_hints_t;

/* 1 when the request is a top-level page load (a person), 0 when it is
 * XHR/fetch/API/sub-resource (a program): decides 302 vs 401. */
int vneid_request_is_navigation(const vneid_request_hints_t *hints)
    VNEID_NOEXCEPT;

/* Removes the gateway's cookie from a Cookie header value in place;
 * returns the new length (0: nothing else was in it). */
size_t vneid_cookie_remove(char *header, size_t len, const char *name,
    size_t name_len) VNEID_NOEXCEPT;

/* "<endpoint>login?return=<url-encoded uri>"; uri must be the request's
 * original relative URI, anything else becomes "/". */
int vneid_login_location(const char *endpoint, size_t endpoint_len,
    const char *uri, size_t uri_len, vneid_buf_t *out) VNEID_NOEXCEPT;

/* The same for another page of the endpoint: "<endpoint><page>?return=..." */
int vneid_page_location(const char *endpoint, size_t endpoint_len,
    const char *page, const char *uri, size_t uri_len, vneid_buf_t *out)
    VNEID_NOEXCEPT;

/* {"error":"login_required"|"session_expired",...,"login_url":...} in the
 * negotiated language. */
int vneid_unauthenticated_json(const char *accept_language, size_t len,
    int expired, const char *login_url, size_t login_url_len,
    vneid_buf_t *out) VNEID_NOEXCEPT;

/* The step-up login for a session too old for the location:
 * "<endpoint>login?return=<url-encoded uri>&reauth=1" (the login page then
 * shows the sign-in even though a session exists). */
int vneid_reauth_location(const char *endpoint, size_t endpoint_len,
    const char *uri, size_t uri_len, vneid_buf_t *out) VNEID_NOEXCEPT;

/* {"error":"reauth_required",...,"login_url":...,"reauth":true} for a
 * script whose session's VNeID sign-in is too old for the location. */
int vneid_reauth_json(const char *accept_language, size_t len,
    const char *login_url, size_t login_url_len, vneid_buf_t *out)
    VNEID_NOEXCEPT;

/* The request line as nginx may log it for the callback: the values of
 * its "code" and "state" parameters masked. out has room for len bytes;
 * returns the length written (never more than len). */
size_t vneid_mask_callback_line(const char *line, size_t len, char *out)
    VNEID_NOEXCEPT;

/* Finds the value of cookie `name` (exact, case-sensitive name, pairs
 * separated by ';') in one Cookie header value. 1 found, 0 not. */
int vneid_cookie_find(const char *header, size_t len, const char *name,
    size_t name_len, const char **value, size_t *value_len) VNEID_NOEXCEPT;


/* ---- the login: per-server gateway configuration ------------------------ */

typedef struct vneid_gateway_s  vneid_gateway_t;

/* NULL or "" string fields take the documented defaults. */
typedef struct {
    const char          *provider;               /* "vneid" */
    int                  insecure;               /* vneid_provider ... insecure:
                                                    http:// endpoints allowed */
    const char          *authorization_endpoint;
    const char          *token_endpoint;
    const char          *userinfo_endpoint;
    const char          *end_session_endpoint;
    const char          *client_id;
    const char          *client_secret_file;
    const char          *client_key_file;
    const char          *redirect_uri;
    const char          *scope;
    const char          *auth_params;
    const char          *claim_citizen_id;
    const char          *claim_name;
    const char          *claim_birth_date;
    const char          *claim_level;
    const char          *claim_account_type;
    const char          *trusted_certificate;
    const char          *templates_dir;
    long                 timeout_ms;
    const char          *token_code;             /* vneid_token_code:
                                                    "decrypted" (default) |
                                                    "encrypted" */
    const char          *idp_proxy;              /* vneid_idp_proxy: http://
                                                    proxy URL, NULL: direct */
    int64_t              idle_timeout;
    int64_t              max_age;
    int                  require_account;        /* no enabled account: no
                                                    session (no_account) */
    int                  choose_always;          /* several accounts: the
                                                    chooser at every login,
                                                    not the last one used */
} vneid_gateway_conf_t;

/* At configuration time: reads key and secret files, checks everything.
 * NULL with a message naming the directive on failure. */
vneid_gateway_t *vneid_gateway_create(const vneid_gateway_conf_t *conf,
    char *err, size_t errlen) VNEID_NOEXCEPT;
void vneid_gateway_free(vneid_gateway_t *gw) VNEID_NOEXCEPT;

/* Content-Security-Policy of the gateway's pages (static storage). */
const char *vneid_gateway_csp(const vneid_gateway_t *gw) VNEID_NOEXCEPT;
const char *vneid_default_csp(void) VNEID_NOEXCEPT;


/* ---- pages (HTML in the Accept-Language's language, or JSON) ------------- */

/* gw may be NULL (built-in templates). Return 0 or -1. */
int vneid_page_login(const vneid_gateway_t *gw, const char *accept_language,
    size_t al_len, const char *start_url, size_t start_len, vneid_buf_t *out)
    VNEID_NOEXCEPT;
int vneid_page_logged_out(const vneid_gateway_t *gw,
    const char *accept_language, size_t al_len, const char *login_url,
    size_t login_len, vneid_buf_t *out) VNEID_NOEXCEPT;
/* The logout confirmation with
 * "Quay lại" to cancel_url: the return path the staff member came from
 * (GET <endpoint>logout?return=...), decoded; anything but a path of this
 * site, or NULL, is "/". Return 0 or -1. */
int vneid_logout_confirm_page(const vneid_gateway_t *gw,
    const char *accept_language, size_t al_len, const char *action_url,
    size_t action_len, const char *cancel_url, size_t cancel_len,
    const vneid_identity_t *id, vneid_buf_t *out) VNEID_NOEXCEPT;

/* Error page for a stable error code ("idp_timeout", "state_invalid", ...)
 * as vneid_error_page renders it. The reference shows; the
 * error code and the HTTP status are folded into "Chi tiết kỹ thuật". */
typedef struct {
    const char          *code;          /* stable error code; unknown or NULL:
                                           "internal" */
    const char          *reference;     /* NULL or "": none */
    const char          *retry_url;     /* NULL: no button; the login's
                                           carries the return:
                                           "<endpoint>login?return=..." */
    size_t               retry_len;
    const char          *switch_url;    /* "Đăng nhập bằng tài khoản VNeID
                                           khác" ("<endpoint>relogin?return=
                                           ..."), on refusals after a VNeID
                                           sign-in; NULL: none */
    size_t               switch_len;
    long                 retry_after;   /* > 0: a sentence saying when to
                                           retry, and "retry_after" in JSON
                                           (the glue sends Retry-After) */
    int                  json;          /* a script: JSON, no buttons */
} vneid_error_page_t;

/* Returns the HTTP status to send (200 for "idp_cancelled": a cancel at
 * VNeID is no error and gets a calm page), -1 on failure. */
int vneid_error_page(const vneid_gateway_t *gw, const char *accept_language,
    size_t al_len, const vneid_error_page_t *page, vneid_buf_t *out)
    VNEID_NOEXCEPT;

/* The chooser page (GET /_vneid/accounts): the session's accounts, each a
 * button of a form that posts account, csrf and return to action. */
int vneid_page_accounts(const vneid_gateway_t *gw, vneid_store_t *store,
    const vneid_identity_t *id, const char *accept_language, size_t al_len,
    const char *action, size_t action_len, const char *return_path,
    size_t return_len, const char *logout, size_t logout_len,
    vneid_buf_t *out) VNEID_NOEXCEPT;

/* The same accounts as an HTML fragment for the portal's own pages
 * ($vneid_switcher, injected with sub_filter). */
int vneid_switcher_html(vneid_store_t *store, const vneid_identity_t *id,
    const char *accept_language, size_t al_len, const char *action,
    size_t action_len, const char *logout, size_t logout_len,
    vneid_buf_t *out) VNEID_NOEXCEPT;

/* Self-service linking (vneid_account_link): off, the portal's login checks
 * the password (vneid_link_verify), or a request for an administrator. */
#define VNEID_LINK_OFF      0
#define VNEID_LINK_VERIFY   1
#define VNEID_LINK_REQUEST  2

/* The linking form on the no_account page. */
typedef struct {
    int                  mode;        /* VNEID_LINK_* */
    const char          *action;      /* "<endpoint>link" */
    size_t               action_len;
    const char          *csrf;        /* the login result's link_csrf; ""
                                         or NULL: no form */
} vneid_link_form_t;

/* "No account linked to this ID number": the id masked but for its last 4
 * digits, the support contact, the reference, the linking form when link is
 * not NULL, and the ways on: the retry (a new login, keeping the return)
 * and "Đăng nhập bằng tài khoản VNeID khác". HTML, or JSON when json != 0. */
typedef struct {
    const char          *citizen_id;    /* raw; shown masked */
    const char          *contact;       /* vneid_support_contact; NULL: none */
    size_t               contact_len;
    const char          *reference;     /* NULL or "": none */
    const char          *retry_url;     /* NULL: no button */
    size_t               retry_len;
    const char          *switch_url;    /* NULL: none */
    size_t               switch_len;
    const vneid_link_form_t  *link;     /* NULL: no form */
    int                  json;
} vneid_no_account_page_t;

/* Returns the HTTP status to send (403), -1 on failure. */
int vneid_no_account_page(const vneid_gateway_t *gw,
    const char *accept_language, size_t al_len,
    const vneid_no_account_page_t *page, vneid_buf_t *out) VNEID_NOEXCEPT;

/* {"error":"account_required",...,"accounts_url":...} for a script whose
 * session has not chosen an account yet. */
int vneid_account_required_json(const char *accept_language, size_t al_len,
    const char *accounts_url, size_t url_len, vneid_buf_t *out)
    VNEID_NOEXCEPT;


/* A fresh reference id (10 hex digits) for an error page and the error-log
 * line that explains it; out has room for VNEID_REFERENCE_SIZE bytes. */
#define VNEID_REFERENCE_SIZE  16
void vneid_new_reference(char *out) VNEID_NOEXCEPT;

/* The post-login return path: relative only, anything else becomes "/". */
int vneid_safe_return_path(const char *raw, size_t len, vneid_buf_t *out)
    VNEID_NOEXCEPT;

/* "/_vneid/start?return=..." for the login page's button. */
int vneid_start_location(const char *endpoint, size_t endpoint_len,
    const char *return_path, size_t return_len, vneid_buf_t *out)
    VNEID_NOEXCEPT;

/* Decodes one query parameter ('+' stays '+'); 1 found, 0 absent, -1 error */
int vneid_query_param(const char *query, size_t len, const char *name,
    vneid_buf_t *out) VNEID_NOEXCEPT;

/* Decodes one application/x-www-form-urlencoded field of a POST body. */
int vneid_form_param(const char *body, size_t len, const char *name,
    vneid_buf_t *out) VNEID_NOEXCEPT;


/* ---- the login: start and callback ------------------------------------------ */

/* /start: stores the state, returns the IdP URL and the browser-binding
 * cookie value to set. origin: "https://server_name[:port]" for a relative
 * redirect_uri, from the server's configuration (never the Host header).
 * 0 on success; on failure the reason is in err and the return value names
 * the error page: VNEID_LOGIN_STORE_ERROR ("store_error", 503: the store
 * refused the state, e.g. full) or VNEID_LOGIN_INTERNAL ("internal", 500:
 * anything else, e.g. the provider could not build the URL). */
#define VNEID_LOGIN_STORE_ERROR  (-1)
#define VNEID_LOGIN_INTERNAL     (-2)

int vneid_login_start(const vneid_gateway_t *gw, vneid_store_t *store,
    const char *return_path, size_t return_len, const char *binding,
    size_t binding_len, const char *origin, size_t origin_len, int64_t now,
    vneid_buf_t *location, vneid_buf_t *new_binding, char *err,
    size_t errlen) VNEID_NOEXCEPT;

typedef struct vneid_login_s  vneid_login_t;

typedef struct {
    int                  ok;
    char                 error[32];           /* error code when !ok: a store
                                                 failure is "store_error", an
                                                 IdP one "idp_*", anything
                                                 else unforeseen "internal" */
    int                  user_caused;         /* !ok and the user's doing
                                                 (stale link, cancelled,
                                                 refused identity): log at
                                                 warn, not error */
    char                 reference[VNEID_REFERENCE_SIZE];
    char                 detail[512];         /* for the error log */
    char                 cookie[VNEID_TOKEN_SIZE];
    char                 citizen_id[VNEID_CITIZEN_ID_SIZE];
    int                  level;
    int                  choose_account;      /* ok, and several accounts
                                                 but none chosen: the
                                                 chooser before return_url */
    char                 link_token[VNEID_TOKEN_SIZE];  /* no_account with
                                                 linking offered: the link
                                                 cookie's value ("": none) */
    char                 link_csrf[VNEID_TOKEN_SIZE];   /* its form token */
    int                  binding_done;        /* no login of this browser is
                                                 pending any more: expire
                                                 its binding cookie */
    vneid_buf_t          return_url;          /* initialised by the caller;
                                                 where the login was going:
                                                 on success, and on a
                                                 failure once the state was
                                                 accepted (the retry keeps
                                                 it); left untouched (data
                                                 NULL) when unknown: a
                                                 refused state, or
                                                 vneid_login_fail */
} vneid_login_result_t;

/* Event loop: state + binding check (no network). NULL on failure with
 * *res filled; otherwise run vneid_login_run() in a thread-pool task. */
vneid_login_t *vneid_login_begin(const vneid_gateway_t *gw,
    vneid_store_t *store, const char *query, size_t query_len,
    const char *binding, size_t binding_len, int min_level, int link_mode,
    int64_t now, vneid_login_result_t *res) VNEID_NOEXCEPT;

/* A failed login decided outside the core (queue full, not configured):
 * fills *res with the code, a fresh reference and the detail. */
void vneid_login_fail(const char *code, const char *detail,
    vneid_login_result_t *res) VNEID_NOEXCEPT;

/* Event loop, when the task could not be posted (the thread pool's queue
 * is full): the state goes back into the store, so a retry of the same
 * callback URL works. 0 done, -1 not. */
int vneid_login_requeue(vneid_login_t *login, vneid_login_result_t *res)
    VNEID_NOEXCEPT;

/* Thread-safe, blocking: token + user-info, checks, new session. */
void vneid_login_run(vneid_login_t *login, int64_t now) VNEID_NOEXCEPT;

/* Any thread: asks a running vneid_login_run() to give up early. */
void vneid_login_cancel(vneid_login_t *login) VNEID_NOEXCEPT;

/* Event loop, after the run: the outcome. */
void vneid_login_result(vneid_login_t *login, vneid_login_result_t *res)
    VNEID_NOEXCEPT;
void vneid_login_free(vneid_login_t *login) VNEID_NOEXCEPT;

/* ---- self-service linking: <endpoint>link --------------------------------- */

/* vneid_link_verify: the portal's own login URL and how to read its answer. */
typedef struct vneid_link_check_s  vneid_link_check_t;

/* url, then option words ("username_field=NAME", "password_field=NAME",
 * "success=redirect", "success=cookie:NAME"). NULL with a message in err
 * naming what is wrong. */
vneid_link_check_t *vneid_link_check_create(const char *url, size_t url_len,
    const vneid_str_t *options, size_t n, char *err, size_t errlen)
    VNEID_NOEXCEPT;
void vneid_link_check_free(vneid_link_check_t *check) VNEID_NOEXCEPT;

/* What an answer of the link endpoint depends on, besides the request. */
typedef struct {
    const vneid_gateway_t     *gw;
    vneid_store_t             *store;
    const vneid_link_check_t  *check;        /* NULL unless verify */
    int                        mode;         /* VNEID_LINK_* */
    const char                *token;        /* the link cookie's value */
    size_t                     token_len;
    const char                *accept_language;
    size_t                     al_len;
    int                        json;         /* a script: JSON answers */
    const char                *endpoint;     /* "/_vneid/": the form's action
                                                and the login link */
    size_t                     endpoint_len;
    const char                *contact;      /* vneid_support_contact */
    size_t                     contact_len;
} vneid_link_page_t;

#define VNEID_LOG_NONE    0
#define VNEID_LOG_INFO    1
#define VNEID_LOG_NOTICE  2
#define VNEID_LOG_WARN    3
#define VNEID_LOG_ERR     4

typedef struct {
    int                  status;        /* to send; 303: to location */
    int                  end_link;      /* expire the link cookie */
    long                 retry_after;   /* > 0: a Retry-After header */
    int                  log_level;     /* VNEID_LOG_* */
    char                 log[768];      /* the error-log line: never the
                                           password */
    char                 reference[VNEID_REFERENCE_SIZE];
    char                 cookie[VNEID_TOKEN_SIZE];  /* a new session */
    vneid_buf_t          body;          /* both initialised by the caller */
    vneid_buf_t          location;
} vneid_link_result_t;

/* GET <endpoint>link: the form again, or "link_expired". -1 on failure. */
int vneid_link_show(const vneid_link_page_t *page, int64_t now,
    vneid_link_result_t *res) VNEID_NOEXCEPT;

typedef struct vneid_link_s  vneid_link_t;

/* POST <endpoint>link, on the event loop: the pending link, the form token,
 * the fields (a link request is recorded here). NULL: *res is the answer
 * (res->status < 0: no answer could be made). Otherwise run
 * vneid_link_run() in a thread-pool task. Nothing of page or form is used
 * after this returns; the password is wiped when the link is freed. */
vneid_link_t *vneid_link_begin(const vneid_link_page_t *page,
    const char *form, size_t form_len, int cross_site, const char *address,
    size_t address_len, int64_t now, vneid_link_result_t *res)
    VNEID_NOEXCEPT;

/* Thread-safe, blocking: the portal's login, the claim, the session. */
void vneid_link_run(vneid_link_t *link, int64_t now) VNEID_NOEXCEPT;
void vneid_link_cancel(vneid_link_t *link) VNEID_NOEXCEPT;
/* Event loop, after the run. */
void vneid_link_result(vneid_link_t *link, vneid_link_result_t *res)
    VNEID_NOEXCEPT;
void vneid_link_free(vneid_link_t *link) VNEID_NOEXCEPT;


/* The citizen id for a log line: "001085012345" -> "001******345" (the
 * first and last 3 characters, the length kept; under 7 characters: all
 * '*'). out has room for VNEID_CITIZEN_ID_SIZE bytes; returns the length
 * written, 0 (and "") when id does not fit there. */
size_t vneid_citizen_id_masked(const char *id, char *out) VNEID_NOEXCEPT;

/* IdP logout URL ("" when none configured), returning to `path` (the
 * gateway's "<endpoint>logout"; NULL or not starting with '/': the front
 * page "/") on the origin of an absolute vneid_redirect_uri, else on
 * origin, with `state` (NULL or "": none) passed through VNeID.
 * origin: "scheme://server_name[:port]" from the server's configuration,
 * never the client's Host; "" when the server has none (the result is then
 * "" for a relative vneid_redirect_uri). */
int vneid_end_session_url(const vneid_gateway_t *gw, const char *origin,
    size_t origin_len, const char *path, size_t path_len, const char *state,
    size_t state_len, vneid_buf_t *out) VNEID_NOEXCEPT;


#ifdef __cplusplus
}
#endif

#endif /* VNEID_VNEID_H */

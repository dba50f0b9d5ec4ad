
/*
 * vneid-gateway: the gateway's own pages under the vneid_endpoint location:
 * login, start, callback, whoami (logout, accounts and link have files of
 * their own). Content comes from the core; this file routes, sets cookies
 * and sends.
 */


#include "ngx_http_vneid_module.h"


typedef ngx_int_t (*ngx_http_vneid_page_pt)(ngx_http_request_t *r);

typedef struct {
    ngx_str_t                name;
    ngx_http_vneid_page_pt   handler;
} ngx_http_vneid_page_t;


static ngx_int_t ngx_http_vneid_login_page(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_start(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_callback(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_whoami(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_callback_failed(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx);
static ngx_uint_t ngx_http_vneid_signed_in(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx);
static ngx_int_t ngx_http_vneid_start_refused(ngx_http_request_t *r,
    const char *code, const char *detail);


#define NGX_HTTP_VNEID_FLOW_TTL     600
#define NGX_HTTP_VNEID_BUSY_RETRY   5


static ngx_http_vneid_page_t  ngx_http_vneid_pages[] = {
    { ngx_string("login"), ngx_http_vneid_login_page },
    { ngx_string("start"), ngx_http_vneid_start },
    { ngx_string("callback"), ngx_http_vneid_callback },
    { ngx_string("logout"), ngx_http_vneid_logout },
    { ngx_string("whoami"), ngx_http_vneid_whoami },
    { ngx_string("accounts"), ngx_http_vneid_accounts_page },
    { ngx_string("link"), ngx_http_vneid_link_page },
    { ngx_string("relogin"), ngx_http_vneid_relogin },
    { ngx_null_string, NULL }
};


ngx_int_t
ngx_http_vneid_endpoint_handler(ngx_http_request_t *r)
{
    ngx_int_t                   rc;
    ngx_str_t                   page;
    ngx_http_vneid_page_t      *p;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (r->uri.len >= vscf->endpoint.len) {
        page.data = r->uri.data + vscf->endpoint.len;
        page.len = r->uri.len - vscf->endpoint.len;

        for (p = ngx_http_vneid_pages; p->name.len; p++) {
            if (page.len == p->name.len
                && ngx_strncmp(page.data, p->name.data, page.len) == 0)
            {
                return p->handler(r);
            }
        }
    }

    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
        return rc;
    }

    return ngx_http_vneid_send_error(r, "not_found", NULL);
}


static ngx_int_t
ngx_http_vneid_login_page(ngx_http_request_t *r)
{
    ngx_int_t                   rc;
    ngx_uint_t                  step_up;
    ngx_str_t                   back, lang, reauth;
    vneid_buf_t                 start, body;
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_vneid_srv_conf_t  *vscf;

    ngx_http_vneid_buf(r, &start);
    ngx_http_vneid_buf(r, &body);
    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (ngx_http_vneid_query(r, "return", &back) != NGX_OK
        || ngx_http_vneid_query(r, "reauth", &reauth) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    step_up = reauth.len == 1 && reauth.data[0] == '1';

    /*
     * a step-up (vneid_max_auth_age) must make VNeID ask again, which a
     * plain start would not while VNeID's own session lives: the button
     * goes through VNeID's logout first (relogin), as "another VNeID
     * account" does; without vneid_end_session_endpoint, relogin starts
     */

    rc = step_up
         ? vneid_page_location((char *) vscf->endpoint.data,
                               vscf->endpoint.len, "relogin",
                               (char *) back.data, back.len, &start)
         : vneid_start_location((char *) vscf->endpoint.data,
                                vscf->endpoint.len, (char *) back.data,
                                back.len, &start);

    if (rc != 0) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /*
     * already signed in (another tab): straight back to the portal; not for
     * a step-up (vneid_max_auth_age), which needs a fresh VNeID sign-in
     * although the session is valid
     */

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL
        || ngx_http_vneid_check_session(r, ctx, 0) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->status == VNEID_SESSION_OK && !step_up) {

        if (vneid_safe_return_path((char *) back.data, back.len, &body) != 0) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        rc = ngx_http_vneid_redirect(r, (u_char *) body.data, body.len);

        return rc;
    }

    ngx_http_vneid_accept_language(r, &lang);

    rc = vneid_page_login(vscf->idp.gateway,
                          (char *) lang.data,
                          lang.len,
                          start.data, start.len, &body);

    if (rc != 0) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_send_html(r, NGX_HTTP_OK, &body);
}


static ngx_int_t
ngx_http_vneid_start(ngx_http_request_t *r)
{
    ngx_int_t                    rc;
    ngx_str_t                    back, name, binding, origin;
    vneid_buf_t                  location, new_binding;
    ngx_http_vneid_srv_conf_t   *vscf;
    ngx_http_vneid_main_conf_t  *vmcf;
    char                         err[NGX_HTTP_VNEID_ERRLEN];

    ngx_http_vneid_buf(r, &location);
    ngx_http_vneid_buf(r, &new_binding);
    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (vscf->idp.gateway == NULL || vmcf->store == NULL) {
        return ngx_http_vneid_start_refused(r, "not_configured",
                   "no identity provider or no vneid_store configured for "
                   "this server (vneid_client_id, vneid_*_endpoint)");
    }

    rc = ngx_http_vneid_origin(r, &origin);

    if (rc == NGX_ERROR) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (rc == NGX_DECLINED
        && (vscf->idp.redirect_uri.len == 0
            || vscf->idp.redirect_uri.data[0] == '/'))
    {
        return ngx_http_vneid_start_refused(r, "not_configured",
                   "\"vneid_redirect_uri\" is relative and this server has "
                   "no usable \"server_name\" (nginx -t warned): set an "
                   "absolute vneid_redirect_uri");
    }

    if (ngx_http_vneid_query(r, "return", &back) != NGX_OK
        || ngx_http_vneid_binding_cookie_name(r, &name) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_str_null(&binding);
    (void) ngx_http_vneid_get_cookie(r, &name, &binding);

    rc = vneid_login_start(vscf->idp.gateway, vmcf->store,
                           (char *) back.data, back.len,
                           (char *) binding.data, binding.len,
                           (char *) origin.data, origin.len, ngx_time(),
                           &location, &new_binding, err, sizeof(err));

    if (rc != 0) {
        return ngx_http_vneid_start_refused(r,
                   rc == VNEID_LOGIN_STORE_ERROR ? "store_error" : "internal",
                   err);
    }

    /* Path=/ like the session cookie: "__Host-" names demand it */

    rc = ngx_http_vneid_set_cookie(r, &name, (u_char *) new_binding.data,
                                   new_binding.len, NGX_HTTP_VNEID_FLOW_TTL);

    if (rc != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    rc = ngx_http_vneid_redirect(r, (u_char *) location.data, location.len);

    return rc;
}


static ngx_int_t
ngx_http_vneid_callback(ngx_http_request_t *r)
{
    ngx_int_t                   rc;
    ngx_http_vneid_ctx_t       *ctx;
    vneid_buf_t                 chooser;
    ngx_http_vneid_srv_conf_t  *vscf;
    vneid_login_result_t       *res;
    char                        masked[VNEID_CITIZEN_ID_SIZE];

    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    ctx = ngx_http_vneid_get_ctx(r);

    if (ctx == NULL || !ctx->login_done) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    res = &ctx->result;
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (!res->ok && ngx_strcmp(res->error, "state_invalid") == 0
        && ngx_http_vneid_signed_in(r, ctx))
    {
        /* Back after the login, a bookmarked callback: go on, signed in */

        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "vneid callback with a spent or unknown state from a "
                      "signed-in browser: sent on to \"/\" [ref %s]",
                      res->reference);

        return ngx_http_vneid_redirect(r, (u_char *) "/", 1);
    }

    /* no other login of this browser waits for the binding cookie */

    if (res->binding_done
        && ngx_http_vneid_set_cookie(r, &vscf->binding_cookie_name,
                                     (u_char *) "", 0, -1)
           != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (!res->ok) {
        return ngx_http_vneid_callback_failed(r, ctx);
    }

    /* the citizen id is personal data: the log keeps only its ends */

    (void) vneid_citizen_id_masked(res->citizen_id, masked);

    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "vneid login: citizen %s level %d", masked, res->level);

    rc = ngx_http_vneid_set_cookie(r, &vscf->cookie_name,
                                   (u_char *) res->cookie,
                                   ngx_strlen(res->cookie), 0);
    if (rc != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (!res->choose_account) {
        return ngx_http_vneid_redirect(r, (u_char *) res->return_url.data,
                                       res->return_url.len);
    }

    /* several accounts and none chosen: the chooser, then the page */

    ngx_http_vneid_buf(r, &chooser);

    if (vneid_page_location((char *) vscf->endpoint.data, vscf->endpoint.len,
                            "accounts", res->return_url.data,
                            res->return_url.len, &chooser)
        != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_redirect(r, (u_char *) chooser.data, chooser.len);
}




static ngx_int_t
ngx_http_vneid_whoami(ngx_http_request_t *r)
{
    ngx_int_t                    rc;
    vneid_buf_t                  body;
    ngx_http_vneid_ctx_t        *ctx;
    ngx_http_vneid_main_conf_t  *vmcf;

    ngx_http_vneid_buf(r, &body);
    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /* a portal widget polling whoami is not a person at the desk */

    if (ngx_http_vneid_check_session(r, ctx, 0) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->status == VNEID_SESSION_ERROR) {
        return ngx_http_vneid_send_error(r, "store_error", NULL);
    }

    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);

    if (vneid_identity_json(vmcf->store,
                            ctx->status == VNEID_SESSION_OK ? &ctx->id : NULL,
                            &body)
        != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_send(r, ctx->status == VNEID_SESSION_OK
                                  ? NGX_HTTP_OK : NGX_HTTP_UNAUTHORIZED,
                               "application/json; charset=utf-8", &body);
}


/*
 * a login this server cannot start: a page with a reference id that is
 * also in the error log
 */

static ngx_int_t
ngx_http_vneid_start_refused(ngx_http_request_t *r, const char *code,
    const char *detail)
{
    vneid_login_result_t  res;

    ngx_http_vneid_buf(r, &res.return_url);

    vneid_login_fail(code, detail, &res);

    ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                  "vneid login failed [ref %s]: %s: %s",
                  res.reference, res.error, res.detail);

    return ngx_http_vneid_send_error(r, res.error, res.reference);
}


/*
 * The error page of a failed callback: its retry goes back to the page the
 * login was for; a refusal of the person VNeID vouched for also offers
 * another VNeID account; a busy gateway kept the state, so the retry is
 * this same callback.
 */

static ngx_int_t
ngx_http_vneid_callback_failed(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx)
{
    ngx_uint_t               i, level;
    vneid_link_form_t        link;
    vneid_login_result_t    *res;
    ngx_http_vneid_error_t   e;

    static const char  *refusals[] = {
        "level_too_low", "citizen_id_invalid", "identity_too_long",
        "no_account", NULL
    };

    res = &ctx->result;

    /* user-caused refusals are warnings, IdP trouble is an error */

    level = res->user_caused ? NGX_LOG_WARN : NGX_LOG_ERR;

    ngx_log_error(level, r->connection->log, 0,
                  "vneid login failed [ref %s]: %s: %s",
                  res->reference, res->error, res->detail);

    ngx_memzero(&e, sizeof(ngx_http_vneid_error_t));
    e.code = res->error;
    e.reference = res->reference;

    if (res->return_url.data) {
        e.back.data = (u_char *) res->return_url.data;
        e.back.len = res->return_url.len;

    } else {
        ngx_str_set(&e.back, "/");
    }

    for (i = 0; refusals[i]; i++) {
        if (ngx_strcmp(res->error, refusals[i]) == 0) {
            e.other_account = 1;
        }
    }

    if (ctx->login_requeued && ngx_strcmp(res->error, "busy") == 0) {
        e.retry = r->unparsed_uri;
        e.retry_after = NGX_HTTP_VNEID_BUSY_RETRY;
    }

    if (ngx_strcmp(res->error, "no_account") == 0) {
        if (ngx_http_vneid_link_offer(r, res, &link) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        return ngx_http_vneid_send_no_account(r, res->citizen_id, &e, &link);
    }

    return ngx_http_vneid_send_error_page(r, &e);
}


/* a valid session in this request's cookie (a store error counts as none) */

static ngx_uint_t
ngx_http_vneid_signed_in(ngx_http_request_t *r, ngx_http_vneid_ctx_t *ctx)
{
    return ngx_http_vneid_check_session(r, ctx, 0) == NGX_OK
           && ctx->status == VNEID_SESSION_OK;
}

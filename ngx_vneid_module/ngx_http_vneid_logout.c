
/*
 * vneid-gateway: signing out. GET <endpoint>logout asks (a link or an image
 * elsewhere cannot sign anyone out), POST ends the session and VNeID's, and
 * VNeID sends the browser back to GET <endpoint>logout: "signed out", or a
 * fresh login when it left for <endpoint>relogin ("sign in with another
 * VNeID account", offered after a refusal while VNeID's session lives on).
 */


#include "ngx_http_vneid_module.h"


static void ngx_http_vneid_logout_body(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_logout_post(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_logged_out(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_idp_logout(ngx_http_request_t *r,
    ngx_str_t *state, vneid_buf_t *url);


/* what VNeID carries back for a relogin: "login:" and the return path */
#define NGX_HTTP_VNEID_RELOGIN  "login:"


ngx_int_t
ngx_http_vneid_logout(ngx_http_request_t *r)
{
    ngx_int_t                   rc;
    ngx_str_t                   login, lang, state, back;
    vneid_buf_t                 body;
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_vneid_srv_conf_t  *vscf;

    ngx_http_vneid_buf(r, &body);
    if (r->method == NGX_HTTP_POST) {
        rc = ngx_http_read_client_request_body(r, ngx_http_vneid_logout_body);

        if (rc >= NGX_HTTP_SPECIAL_RESPONSE) {
            return rc;
        }

        return NGX_DONE;
    }

    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL || ngx_http_vneid_check_session(r, ctx, 0) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_http_vneid_accept_language(r, &lang);

    if (ngx_http_vneid_login_url(r, &login) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ngx_http_vneid_query(r, "state", &state) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (state.len >= sizeof(NGX_HTTP_VNEID_RELOGIN) - 1
        && ngx_strncmp(state.data, NGX_HTTP_VNEID_RELOGIN,
                       sizeof(NGX_HTTP_VNEID_RELOGIN) - 1)
           == 0)
    {
        /*
         * back from VNeID's logout for another account, or for a step-up
         * (vneid_max_auth_age: the session lives on until the fresh login
         * replaces it): a fresh login, which is all such a link can start
         */

        if (vneid_start_location((char *) vscf->endpoint.data,
                                 vscf->endpoint.len,
                                 (char *) state.data
                                     + sizeof(NGX_HTTP_VNEID_RELOGIN) - 1,
                                 state.len
                                     - (sizeof(NGX_HTTP_VNEID_RELOGIN) - 1),
                                 &body)
            != 0)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        return ngx_http_vneid_redirect(r, (u_char *) body.data, body.len);
    }

    if (ctx->status == VNEID_SESSION_OK) {
        /* GET only asks: a link or an image elsewhere cannot sign out */

        if (ngx_http_vneid_query(r, "return", &back) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        rc = vneid_logout_confirm_page(vscf->idp.gateway,
                                       (char *) lang.data, lang.len,
                                       (char *) r->uri.data, r->uri.len,
                                       (char *) back.data, back.len,
                                       &ctx->id, &body);

    } else {
        rc = vneid_page_logged_out(vscf->idp.gateway,
                                   (char *) lang.data,
                                   lang.len,
                                   (char *) login.data, login.len, &body);
    }

    if (rc != 0) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_send_html(r, NGX_HTTP_OK, &body);
}


static void
ngx_http_vneid_logout_body(ngx_http_request_t *r)
{
    ngx_http_finalize_request(r, ngx_http_vneid_logout_post(r));
}


static ngx_int_t
ngx_http_vneid_logout_post(ngx_http_request_t *r)
{
    ngx_int_t                    rc;
    ngx_str_t                    form;
    vneid_buf_t                  csrf, expired;
    ngx_http_vneid_ctx_t        *ctx;
    ngx_http_vneid_main_conf_t  *vmcf;
    char                         err[NGX_HTTP_VNEID_ERRLEN];

    ngx_http_vneid_buf(r, &csrf);
    ngx_http_vneid_buf(r, &expired);
    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);

    rc = ngx_http_vneid_request_body(r, &form);

    if (rc == NGX_DECLINED) {
        return ngx_http_vneid_send_error(r, "bad_request", NULL);
    }

    ctx = ngx_http_vneid_get_ctx(r);

    if (rc != NGX_OK || ctx == NULL
        || ngx_http_vneid_check_session(r, ctx, 0) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->status == VNEID_SESSION_OK) {
        rc = vneid_form_param((char *) form.data, form.len, "csrf", &csrf);

        if (rc != 1 || !vneid_csrf_valid(&ctx->id, csrf.data, csrf.len)) {
            ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                          "vneid logout refused: missing or wrong CSRF token");
            return ngx_http_vneid_send_error(r, "csrf_invalid", NULL);
        }

        if (vneid_session_end(vmcf->store, (char *) ctx->cookie.data,
                              ctx->cookie.len, &expired, err, sizeof(err))
            < 0)
        {
            ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                          "vneid logout: %s", err);
            return ngx_http_vneid_send_error(r, "store_error", NULL);
        }

        /* the portal's own session ends with the gateway's */

        if (ngx_http_vneid_add_set_cookies(r, &expired) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "vneid logout: session ended");
    }

    return ngx_http_vneid_logged_out(r);
}


/*
 * The cookie expired in the browser too, then VNeID's own logout when the
 * operator configured it, which sends the browser back to
 * <endpoint>logout; else the "logged out" page right away.
 */

static ngx_int_t
ngx_http_vneid_logged_out(ngx_http_request_t *r)
{
    ngx_str_t                   login, lang;
    vneid_buf_t                 body, idp;
    ngx_http_vneid_srv_conf_t  *vscf;

    ngx_http_vneid_buf(r, &body);
    ngx_http_vneid_buf(r, &idp);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (ngx_http_vneid_set_cookie(r, &vscf->cookie_name, (u_char *) "", 0,
                                  -1)
           != NGX_OK
        || ngx_http_vneid_login_url(r, &login) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ngx_http_vneid_idp_logout(r, NULL, &idp) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (idp.len) {
        return ngx_http_vneid_redirect(r, (u_char *) idp.data, idp.len);
    }

    ngx_http_vneid_accept_language(r, &lang);

    if (vneid_page_logged_out(vscf->idp.gateway, (char *) lang.data, lang.len,
                              (char *) login.data, login.len, &body)
        != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_send_html(r, NGX_HTTP_OK, &body);
}


/*
 * VNeID's logout when the operator configured it (url->len 0: none), back
 * to this gateway's <endpoint>logout on the configured origin (an absolute
 * URL VNeID can have registered, never from the Host header).
 */

static ngx_int_t
ngx_http_vneid_idp_logout(ngx_http_request_t *r, ngx_str_t *state,
    vneid_buf_t *url)
{
    ngx_str_t                   root, back;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);
    url->len = 0;

    if (vscf->idp.gateway == NULL) {
        return NGX_OK;
    }

    if (ngx_http_vneid_origin(r, &root) == NGX_ERROR
        || ngx_http_vneid_concat(r->pool, &vscf->endpoint, "logout", &back)
           != NGX_OK)
    {
        return NGX_ERROR;
    }

    if (vneid_end_session_url(vscf->idp.gateway, (char *) root.data, root.len,
                              (char *) back.data, back.len,
                              state ? (char *) state->data : NULL,
                              state ? state->len : 0, url)
        != 0)
    {
        url->len = 0;
    }

    return NGX_OK;
}


/*
 * GET <endpoint>relogin?return=...: after a refusal (level 1, no account),
 * VNeID's session would answer the next login at once with the same
 * person; ending it first makes VNeID ask for an ID number again.
 */

ngx_int_t
ngx_http_vneid_relogin(ngx_http_request_t *r)
{
    u_char                     *p;
    ngx_int_t                   rc;
    ngx_str_t                   back, state;
    vneid_buf_t                 path, idp;
    ngx_http_vneid_srv_conf_t  *vscf;

    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    ngx_http_vneid_buf(r, &path);
    ngx_http_vneid_buf(r, &idp);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (ngx_http_vneid_query(r, "return", &back) != NGX_OK
        || vneid_safe_return_path((char *) back.data, back.len, &path) != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    state.len = sizeof(NGX_HTTP_VNEID_RELOGIN) - 1 + path.len;
    state.data = ngx_pnalloc(r->pool, state.len);
    if (state.data == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    p = ngx_cpymem(state.data, NGX_HTTP_VNEID_RELOGIN,
                   sizeof(NGX_HTTP_VNEID_RELOGIN) - 1);
    ngx_memcpy(p, path.data, path.len);

    if (ngx_http_vneid_idp_logout(r, &state, &idp) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (idp.len) {
        return ngx_http_vneid_redirect(r, (u_char *) idp.data, idp.len);
    }

    /* no end-session endpoint: the best left is a new login */

    if (vneid_start_location((char *) vscf->endpoint.data, vscf->endpoint.len,
                             path.data, path.len, &idp)
        != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_redirect(r, (u_char *) idp.data, idp.len);
}

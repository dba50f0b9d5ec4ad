
/*
 * vneid-gateway: the legacy accounts a session acts as. The chooser page
 * and the switch (GET and POST <endpoint>accounts), and what a protected
 * location answers when the session has no account to act as.
 */


#include "ngx_http_vneid_module.h"


static ngx_int_t ngx_http_vneid_accounts_get(ngx_http_request_t *r);
static void ngx_http_vneid_accounts_body(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_accounts_post(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_switch(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx, ngx_str_t *form);
static ngx_int_t ngx_http_vneid_no_session(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx);


ngx_conf_enum_t  ngx_http_vneid_account_choosers[] = {
    { ngx_string("last"), NGX_HTTP_VNEID_CHOOSE_LAST },
    { ngx_string("always"), NGX_HTTP_VNEID_CHOOSE_ALWAYS },
    { ngx_null_string, 0 }
};


ngx_int_t
ngx_http_vneid_accounts_page(ngx_http_request_t *r)
{
    ngx_int_t  rc;

    if (r->method == NGX_HTTP_POST) {
        rc = ngx_http_read_client_request_body(r,
                                               ngx_http_vneid_accounts_body);

        if (rc >= NGX_HTTP_SPECIAL_RESPONSE) {
            return rc;
        }

        return NGX_DONE;
    }

    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    return ngx_http_vneid_accounts_get(r);
}


static ngx_int_t
ngx_http_vneid_accounts_get(ngx_http_request_t *r)
{
    ngx_str_t                    back, lang, logout;
    vneid_buf_t                  body;
    ngx_http_vneid_ctx_t        *ctx;
    ngx_http_vneid_srv_conf_t   *vscf;
    ngx_http_vneid_main_conf_t  *vmcf;

    ngx_http_vneid_buf(r, &body);
    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL || ngx_http_vneid_check_session(r, ctx, 1) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->status != VNEID_SESSION_OK) {
        return ngx_http_vneid_no_session(r, ctx);
    }

    if (ngx_http_vneid_query(r, "return", &back) != NGX_OK
        || ngx_http_vneid_concat(r->pool, &vscf->endpoint, "logout", &logout)
           != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_http_vneid_accept_language(r, &lang);

    if (vneid_page_accounts(vscf->idp.gateway, vmcf->store, &ctx->id,
                            (char *) lang.data, lang.len,
                            (char *) r->uri.data, r->uri.len,
                            (char *) back.data, back.len,
                            (char *) logout.data, logout.len, &body)
        != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_send_html(r, NGX_HTTP_OK, &body);
}


static void
ngx_http_vneid_accounts_body(ngx_http_request_t *r)
{
    ngx_http_finalize_request(r, ngx_http_vneid_accounts_post(r));
}


static ngx_int_t
ngx_http_vneid_accounts_post(ngx_http_request_t *r)
{
    ngx_int_t              rc;
    ngx_str_t              form;
    vneid_buf_t            csrf;
    ngx_http_vneid_ctx_t  *ctx;

    ngx_http_vneid_buf(r, &csrf);

    rc = ngx_http_vneid_request_body(r, &form);

    if (rc == NGX_DECLINED) {
        return ngx_http_vneid_send_error(r, "bad_request", NULL);
    }

    ctx = ngx_http_vneid_get_ctx(r);

    if (rc != NGX_OK || ctx == NULL
        || ngx_http_vneid_check_session(r, ctx, 1) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->status != VNEID_SESSION_OK) {
        return ngx_http_vneid_send_error(r,
                   ctx->status == VNEID_SESSION_ERROR ? "store_error"
                                                      : "login_required",
                   NULL);
    }

    /* the token proves the form is ours; the headers, that it was posted
     * from this site (a token leaked to another site is still refused) */

    rc = vneid_form_param((char *) form.data, form.len, "csrf", &csrf);

    if (rc != 1 || !vneid_csrf_valid(&ctx->id, csrf.data, csrf.len)
        || ngx_http_vneid_cross_site(r))
    {
        ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                      "vneid account switch refused: missing or wrong CSRF "
                      "token, or a cross-site request");
        return ngx_http_vneid_send_error(r, "csrf_invalid", NULL);
    }

    return ngx_http_vneid_switch(r, ctx, &form);
}


static ngx_int_t
ngx_http_vneid_switch(ngx_http_request_t *r, ngx_http_vneid_ctx_t *ctx,
    ngx_str_t *form)
{
    int                          rc;
    ngx_int_t                    found;
    ngx_str_t                    back;
    vneid_buf_t                  account, raw, location, expired;
    ngx_http_vneid_main_conf_t  *vmcf;
    char                         masked[VNEID_CITIZEN_ID_SIZE];
    char                         err[NGX_HTTP_VNEID_ERRLEN];

    ngx_http_vneid_buf(r, &account);
    ngx_http_vneid_buf(r, &raw);
    ngx_http_vneid_buf(r, &location);
    ngx_http_vneid_buf(r, &expired);
    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);

    if (vneid_form_param((char *) form->data, form->len, "account", &account)
        < 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    rc = vneid_account_switch(vmcf->store, (char *) ctx->cookie.data,
                              ctx->cookie.len, account.data, account.len,
                              ngx_time(), &expired, err, sizeof(err));

    (void) vneid_citizen_id_masked(ctx->id.citizen_id, masked);

    switch (rc) {

    case VNEID_SWITCH_OK:
        break;

    case VNEID_SWITCH_NOT_LINKED:
        ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                      "vneid account switch refused: \"%*s\" is not an "
                      "enabled account of citizen %s",
                      account.len, account.data, masked);
        return ngx_http_vneid_send_error(r, "account_not_linked", NULL);

    case VNEID_SWITCH_NO_SESSION:
        return ngx_http_vneid_send_error(r, "login_required", NULL);

    default:
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "vneid account switch: %s", err);
        return ngx_http_vneid_send_error(r, "store_error", NULL);
    }

    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "vneid account switch: citizen %s now acts as \"%*s\"",
                  masked, account.len, account.data);

    /* the form's "return", else the query's; only ever a relative path */

    found = vneid_form_param((char *) form->data, form->len, "return", &raw);

    if (found == 1) {
        back.data = (u_char *) raw.data;
        back.len = raw.len;

    } else if (ngx_http_vneid_query(r, "return", &back) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (vneid_safe_return_path((char *) back.data, back.len, &location) != 0
        || ngx_http_vneid_add_set_cookies(r, &expired) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    rc = ngx_http_vneid_redirect(r, (u_char *) location.data, location.len);

    return rc == NGX_HTTP_MOVED_TEMPORARILY ? NGX_HTTP_SEE_OTHER : rc;
}


/* a person is sent to the login (and back here), a script gets 401 */

static ngx_int_t
ngx_http_vneid_no_session(ngx_http_request_t *r, ngx_http_vneid_ctx_t *ctx)
{
    ngx_http_vneid_srv_conf_t  *vscf;
    vneid_buf_t                 location;

    if (ctx->status == VNEID_SESSION_ERROR) {
        return ngx_http_vneid_send_error(r, "store_error", NULL);
    }

    if (!ngx_http_vneid_is_navigation(r)) {
        return ngx_http_vneid_send_error(r,
                   ctx->status == VNEID_SESSION_EXPIRED ? "session_expired"
                                                        : "login_required",
                   NULL);
    }

    ngx_http_vneid_buf(r, &location);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (vneid_login_location((char *) vscf->endpoint.data, vscf->endpoint.len,
                             (char *) r->unparsed_uri.data,
                             r->unparsed_uri.len, &location)
        != 0)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_redirect(r, (u_char *) location.data, location.len);
}


/*
 * A protected location and a session with no account to act as. NGX_DECLINED:
 * go on without one (vneid_require_account off); else what the access
 * handler returns.
 */

ngx_int_t
ngx_http_vneid_account_missing(ngx_http_request_t *r,
    ngx_http_vneid_ctx_t *ctx)
{
    ngx_int_t                   rc;
    ngx_str_t                   lang;
    vneid_buf_t                 location, body;
    ngx_http_vneid_error_t      e;
    ngx_http_vneid_srv_conf_t  *vscf;
    char                        ref[VNEID_REFERENCE_SIZE];
    char                        masked[VNEID_CITIZEN_ID_SIZE];

    ngx_http_vneid_buf(r, &location);
    ngx_http_vneid_buf(r, &body);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (ctx->id.accounts[0] != '\0') {
        /* linked accounts, none chosen yet, or the chosen one went */

        if (vneid_page_location((char *) vscf->endpoint.data,
                                vscf->endpoint.len, "accounts",
                                (char *) r->unparsed_uri.data,
                                r->unparsed_uri.len, &location)
            != 0)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        if (ngx_http_vneid_is_navigation(r)) {
            return ngx_http_vneid_redirect(r, (u_char *) location.data,
                                           location.len);
        }

        ngx_http_vneid_accept_language(r, &lang);

        if (vneid_account_required_json((char *) lang.data, lang.len,
                                        location.data, location.len, &body)
            != 0)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        rc = ngx_http_vneid_send(r, NGX_HTTP_FORBIDDEN,
                                 "application/json; charset=utf-8", &body);

        ngx_http_finalize_request(r, rc);
        return NGX_DONE;
    }

    if (!vscf->require_account) {
        return NGX_DECLINED;
    }

    vneid_new_reference(ref);
    (void) vneid_citizen_id_masked(ctx->id.citizen_id, masked);

    ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                  "vneid: citizen %s has no enabled linked account left "
                  "(unlinked or disabled since the login) [ref %s]",
                  masked, ref);

    ngx_memzero(&e, sizeof(ngx_http_vneid_error_t));
    e.code = "no_account";
    e.reference = ref;
    e.back = r->unparsed_uri;

    ngx_http_finalize_request(r,
        ngx_http_vneid_send_no_account(r, ctx->id.citizen_id, &e, NULL));

    return NGX_DONE;
}


/*
 * The "not linked" page, with the linking form if any, or its JSON; e gives
 * the reference, the page to return to and whether to offer another VNeID
 * account.
 */

ngx_int_t
ngx_http_vneid_send_no_account(ngx_http_request_t *r, const char *citizen_id,
    ngx_http_vneid_error_t *e, const vneid_link_form_t *link)
{
    int                         status;
    ngx_str_t                   lang;
    vneid_buf_t                 body, retry, other;
    vneid_no_account_page_t     page;
    ngx_http_vneid_srv_conf_t  *vscf;

    ngx_http_vneid_buf(r, &body);
    ngx_http_vneid_buf(r, &retry);
    ngx_http_vneid_buf(r, &other);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);
    ngx_http_vneid_accept_language(r, &lang);

    if (vneid_page_location((char *) vscf->endpoint.data, vscf->endpoint.len,
                            "login", (char *) e->back.data, e->back.len,
                            &retry)
        != 0
        || (e->other_account
            && vneid_page_location((char *) vscf->endpoint.data,
                                   vscf->endpoint.len, "relogin",
                                   (char *) e->back.data, e->back.len,
                                   &other)
               != 0))
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_memzero(&page, sizeof(vneid_no_account_page_t));
    page.citizen_id = citizen_id;
    page.contact = (char *) vscf->support_contact.data;
    page.contact_len = vscf->support_contact.len;
    page.reference = e->reference;
    page.retry_url = retry.data;
    page.retry_len = retry.len;
    page.switch_url = other.len ? other.data : NULL;
    page.switch_len = other.len;
    page.link = link;
    page.json = (int) !ngx_http_vneid_is_navigation(r);

    status = vneid_no_account_page(vscf->idp.gateway, (char *) lang.data,
                                   lang.len, &page, &body);
    if (status < 0) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_send_answer(r, status, page.json, &body);
}

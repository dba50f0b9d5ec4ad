
/*
 * vneid-gateway: the access phase. On every request: strip forged identity
 * headers, look the session up (an LMDB read, microseconds, inline), then
 * inject verified identity or answer 302/401.
 */


#include "ngx_http_vneid_module.h"


static ngx_int_t ngx_http_vneid_strip_prefixes(ngx_http_request_t *r);
static void ngx_http_vneid_mask_callback(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_sanitise(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t **ctxp);
static ngx_int_t ngx_http_vneid_decide(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx);
static ngx_int_t ngx_http_vneid_subrequest_access(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf);
static ngx_int_t ngx_http_vneid_unauthenticated(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx);
static ngx_int_t ngx_http_vneid_step_up(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx);
static ngx_int_t ngx_http_vneid_finish(ngx_http_request_t *r, ngx_int_t rc);


/*
 * Before anything reads them: every header with a prefix of this server's
 * vneid locations goes, so rewrite, "if" and map see no forged identity.
 * A server with no vneid directive has no prefixes and is left alone.
 */

ngx_int_t
ngx_http_vneid_post_read_handler(ngx_http_request_t *r)
{
    if (ngx_http_vneid_strip_prefixes(r) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_http_vneid_mask_callback(r);

    return NGX_DECLINED;
}


/*
 * The callback's code and state go into no log: nginx logs r->request_line
 * (error-log context, the access log's $request), so it gets a masked copy;
 * r->args, which the callback reads, stays as it is.
 */

static void
ngx_http_vneid_mask_callback(ngx_http_request_t *r)
{
    u_char                     *p, *q;
    size_t                      n;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (vscf->endpoint.len == 0
        || r->args.len == 0
        || r->uri.len != vscf->endpoint.len + sizeof("callback") - 1
        || ngx_strncmp(r->uri.data, vscf->endpoint.data, vscf->endpoint.len)
           != 0
        || ngx_strncmp(r->uri.data + vscf->endpoint.len, "callback",
                       sizeof("callback") - 1)
           != 0)
    {
        return;
    }

    p = ngx_pnalloc(r->pool, r->request_line.len);

    n = p ? vneid_mask_callback_line((char *) r->request_line.data,
                                     r->request_line.len, (char *) p)
          : 0;

    if (n) {
        r->request_line.data = p;
        r->request_line.len = n;
        return;
    }

    /* no memory: the line without its query is still a useful context */

    q = ngx_strlchr(r->request_line.data,
                    r->request_line.data + r->request_line.len, '?');
    if (q) {
        r->request_line.len = q - r->request_line.data;
    }
}


static ngx_int_t
ngx_http_vneid_strip_prefixes(ngx_http_request_t *r)
{
    ngx_str_t                  *prefix;
    ngx_uint_t                  i;
    ngx_http_vneid_srv_conf_t  *vscf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (vscf->prefixes == NULL) {
        return NGX_OK;
    }

    prefix = vscf->prefixes->elts;

    for (i = 0; i < vscf->prefixes->nelts; i++) {
        if (ngx_http_vneid_strip_headers(r, &prefix[i]) != NGX_OK) {
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


ngx_int_t
ngx_http_vneid_access_handler(ngx_http_request_t *r)
{
    ngx_uint_t                  activity;
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_vneid_srv_conf_t  *vscf;
    ngx_http_vneid_loc_conf_t  *vlcf;

    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);

    if (!vlcf->governed) {
        /* Debian loads modules for every vhost: no directive, no effect */
        return NGX_DECLINED;
    }

    if (r != r->main) {
        /* nginx skips this phase for subrequests: see the precontent one */
        return NGX_DECLINED;
    }

    if (ngx_http_vneid_sanitise(r, vlcf, &ctx) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx == NULL) {
        return NGX_DECLINED;
    }

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (vlcf->endpoint) {
        if (r->uri.len == vscf->endpoint.len + 8
            && ngx_strncmp(r->uri.data + vscf->endpoint.len, "callback", 8)
               == 0)
        {
            /* the IdP calls run here, so the event loop stays free */
            return ngx_http_vneid_callback_access(r, ctx);
        }

        return NGX_DECLINED;
    }

    if (vlcf->mode == NGX_HTTP_VNEID_OFF) {
        /* a public page of the portal gets no portal session either */
        if (vlcf->portal_cookies
            && (ngx_http_vneid_check_session(r, ctx, 0) != NGX_OK
                || ngx_http_vneid_portal_filter(r, vlcf, ctx) != NGX_OK))
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        return NGX_DECLINED;
    }

    activity = 1;

    if (vscf->activity == NGX_HTTP_VNEID_ACTIVITY_NAV
        && (r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD)))
    {
        /* a polling widget must not keep an abandoned desk logged in */
        activity = ngx_http_vneid_is_navigation(r);
    }

    if (!ctx->access_done) {
        /* a variable may have looked the session up without activity */
        ctx->checked = 0;
        ctx->access_done = 1;
    }

    if (ngx_http_vneid_check_session(r, ctx, activity) != NGX_OK
        || ngx_http_vneid_portal_filter(r, vlcf, ctx) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_vneid_decide(r, vlcf, ctx);
}


/*
 * In every mode: no client-sent identity header and none of the gateway's
 * cookies reaches the backend. *ctxp stays NULL when a "vneid off"
 * request has nothing more to look at.
 */

static ngx_int_t
ngx_http_vneid_sanitise(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t **ctxp)
{
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_vneid_srv_conf_t  *vscf;

    *ctxp = NULL;

    /*
     * the post-read handler removed what the client sent; after an internal
     * redirect, the identity an earlier location injected (under any of
     * this server's prefixes) goes before this location decides
     */

    if (r->internal && ngx_http_vneid_strip_prefixes(r) != NGX_OK) {
        return NGX_ERROR;
    }

    if (vlcf->mode == NGX_HTTP_VNEID_OFF && !vlcf->endpoint
        && ngx_http_vneid_cookie_header(r, 0) == NULL && !r->internal)
    {
        return NGX_OK;
    }

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    ctx->headers_stripped = 1;
    ctx->deferred = 0;
    ctx->reauth = 0;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    /* read once, then never forwarded */

    if (!ctx->cookie_stripped) {
        ngx_http_vneid_parse_cookie(r, ctx, &vscf->cookie_name);
        ctx->cookie_stripped = 1;

        if (ngx_http_vneid_strip_cookie(r, &vscf->cookie_name) != NGX_OK) {
            return NGX_ERROR;
        }
    }

    /* the login binding and the link token are the endpoint's to read */

    if (!vlcf->endpoint && !ctx->binding_stripped) {
        ctx->binding_stripped = 1;

        if (ngx_http_vneid_strip_cookie(r, &vscf->binding_cookie_name)
            != NGX_OK
            || ngx_http_vneid_strip_cookie(r, &vscf->link_cookie_name)
               != NGX_OK)
        {
            return NGX_ERROR;
        }
    }

    *ctxp = ctx;

    return NGX_OK;
}


/* "vneid on" or "optional", the session looked up: let in, or answer */

static ngx_int_t
ngx_http_vneid_decide(ngx_http_request_t *r, ngx_http_vneid_loc_conf_t *vlcf,
    ngx_http_vneid_ctx_t *ctx)
{
    ngx_int_t                  rc;
    ngx_http_core_loc_conf_t  *clcf;
    char                       ref[VNEID_REFERENCE_SIZE];

    if (ctx->status == VNEID_SESSION_OK) {
        if (ctx->id.level < vlcf->min_level) {
            ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                          "vneid: identification level %d is below "
                          "vneid_min_level %i here", ctx->id.level,
                          vlcf->min_level);

            return ngx_http_vneid_finish(r,
                       ngx_http_vneid_send_error(r, "level_too_low", NULL));
        }

        if (vlcf->max_auth_age
            && vneid_auth_too_old(&ctx->id, vlcf->max_auth_age, ngx_time()))
        {
            return ngx_http_vneid_step_up(r, vlcf, ctx);
        }

        if (ctx->id.account[0] == '\0') {
            rc = ngx_http_vneid_account_missing(r, ctx);

            if (rc != NGX_DECLINED) {
                return rc;
            }
        }

        if (vlcf->headers
            && ngx_http_vneid_inject_headers(r, vlcf, ctx) != NGX_OK)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        return NGX_OK;
    }

    if (vlcf->mode == NGX_HTTP_VNEID_OPTIONAL) {
        /* a store failure, too, makes an optional page anonymous */
        return NGX_DECLINED;
    }

    if (ctx->status == VNEID_SESSION_ERROR) {
        vneid_new_reference(ref);

        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "vneid: session could not be checked [ref %s]", ref);

        return ngx_http_vneid_finish(r,
                   ngx_http_vneid_send_error(r, "store_error", ref));
    }

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_core_module);

    if (clcf->satisfy == NGX_HTTP_SATISFY_ANY) {
        /*
         * one rule among others: "allow" or "auth_basic" may still grant
         * access; if none does, the last handler asks for the login
         */
        ctx->deferred = 1;
        return NGX_HTTP_UNAUTHORIZED;
    }

    return ngx_http_vneid_unauthenticated(r, vlcf, ctx);
}


/*
 * vneid_max_auth_age: the session is valid, but its VNeID sign-in is older
 * than this location accepts (approving, signing). People go through a
 * fresh login that comes back here; scripts get 401 "reauth_required". An
 * optional page gets no identity from such a session (it stays anonymous).
 */

static ngx_int_t
ngx_http_vneid_step_up(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx)
{
    ngx_http_core_loc_conf_t  *clcf;

    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "vneid: VNeID sign-in %T s old, vneid_max_auth_age %T s "
                  "here: fresh login required",
                  ngx_time() - (time_t) ctx->id.auth_time,
                  vlcf->max_auth_age);

    if (vlcf->mode == NGX_HTTP_VNEID_OPTIONAL) {
        ctx->status = VNEID_SESSION_NONE;
        return NGX_DECLINED;
    }

    ctx->reauth = 1;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_core_module);

    if (clcf->satisfy == NGX_HTTP_SATISFY_ANY) {
        ctx->deferred = 1;
        return NGX_HTTP_UNAUTHORIZED;
    }

    return ngx_http_vneid_unauthenticated(r, vlcf, ctx);
}


/*
 * Runs after every other access handler (registered first, nginx calls
 * them in reverse). Only under "satisfy any", when no rule granted access:
 * instead of nginx's bare 401, the login a staff member expects. A script
 * asking a location that also has auth_basic keeps that 401 and its
 * WWW-Authenticate, so machine clients can still authenticate.
 */

ngx_int_t
ngx_http_vneid_access_last_handler(ngx_http_request_t *r)
{
    ngx_http_vneid_ctx_t       *ctx;
    ngx_http_vneid_loc_conf_t  *vlcf;

    if (r != r->main) {
        return NGX_DECLINED;
    }

    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);
    if (!vlcf->governed) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_get_module_ctx(r, ngx_http_vneid_module);
    if (ctx == NULL || !ctx->deferred) {
        return NGX_DECLINED;
    }

    ctx->deferred = 0;

    if (r->headers_out.www_authenticate
        && !ngx_http_vneid_is_navigation(r))
    {
        return NGX_HTTP_UNAUTHORIZED;
    }

    r->access_code = 0;

    if (r->headers_out.www_authenticate) {
        r->headers_out.www_authenticate->hash = 0;
        r->headers_out.www_authenticate = NULL;
    }

    return ngx_http_vneid_unauthenticated(r, vlcf, ctx);
}


/*
 * nginx runs no access handler for subrequests (SSI include, addition,
 * mirror), so they are checked here, in the precontent phase, before any
 * content handler or proxy sees them.
 */

ngx_int_t
ngx_http_vneid_subrequest_handler(ngx_http_request_t *r)
{
    ngx_int_t                   rc;
    ngx_http_vneid_loc_conf_t  *vlcf;

    if (r == r->main) {
        return NGX_DECLINED;
    }

    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);
    if (!vlcf->governed) {
        return NGX_DECLINED;
    }

    rc = ngx_http_vneid_subrequest_access(r, vlcf);

    return rc == NGX_OK ? NGX_DECLINED : rc;
}


/*
 * A subrequest shares the main request's headers. It may reach a protected
 * location only when the main request went through this module (headers
 * and cookie sanitised), and only on the main request's verified session;
 * anything else is refused, not guessed.
 */

static ngx_int_t
ngx_http_vneid_subrequest_access(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf)
{
    ngx_uint_t             verified;
    ngx_http_vneid_ctx_t  *ctx;

    if (vlcf->mode == NGX_HTTP_VNEID_OFF && !vlcf->endpoint) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (vlcf->endpoint || !ctx->headers_stripped) {
        goto refuse;
    }

    if (ngx_http_vneid_check_session(r->main, ctx, 0) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    verified = ctx->status == VNEID_SESSION_OK
               && ctx->id.level >= vlcf->min_level
               && !(vlcf->max_auth_age
                    && vneid_auth_too_old(&ctx->id, vlcf->max_auth_age,
                                          ngx_time()));

    if (vlcf->mode == NGX_HTTP_VNEID_ON && !verified) {
        goto refuse;
    }

    /*
     * this location's prefix may differ from the main request's, and the
     * list is the main request's: sanitise and inject into a copy
     */

    if (ngx_http_vneid_own_headers(r) != NGX_OK
        || ngx_http_vneid_strip_headers(r, &vlcf->header_prefix) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (verified && vlcf->headers
        && ngx_http_vneid_inject_headers(r, vlcf, ctx) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return verified ? NGX_OK : NGX_DECLINED;

refuse:

    ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                  "vneid: subrequest \"%V\" to a protected location refused: "
                  "the main request carries no verified identity", &r->uri);

    return NGX_HTTP_FORBIDDEN;
}


static ngx_int_t
ngx_http_vneid_unauthenticated(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx)
{
    ngx_int_t                   rc;
    ngx_str_t                   uri, lang;
    vneid_buf_t                 location, body;
    ngx_table_elt_t            *h;
    ngx_http_vneid_srv_conf_t  *vscf;

    ngx_http_vneid_buf(r, &location);
    ngx_http_vneid_buf(r, &body);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    /* the original request: where to come back after login */

    uri = r->unparsed_uri;

    rc = ctx->reauth
         ? vneid_reauth_location((char *) vscf->endpoint.data,
                                 vscf->endpoint.len, (char *) uri.data,
                                 uri.len, &location)
         : vneid_login_location((char *) vscf->endpoint.data,
                                vscf->endpoint.len, (char *) uri.data,
                                uri.len, &location);

    if (rc != 0) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (vlcf->unauth_action == NGX_HTTP_VNEID_UNAUTH_REDIRECT
        || (vlcf->unauth_action == NGX_HTTP_VNEID_UNAUTH_AUTO
            && ngx_http_vneid_is_navigation(r)))
    {
        ngx_http_clear_location(r);

        h = ngx_list_push(&r->headers_out.headers);
        if (h == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        h->hash = 1;
        ngx_str_set(&h->key, "Location");
        h->value.len = location.len;
        h->value.data = ngx_pnalloc(r->pool, location.len);

        if (h->value.data == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        ngx_memcpy(h->value.data, location.data, location.len);

        r->headers_out.location = h;

        return NGX_HTTP_MOVED_TEMPORARILY;
    }

    ngx_http_vneid_accept_language(r, &lang);

    rc = ctx->reauth
         ? vneid_reauth_json((char *) lang.data, lang.len,
                             location.data, location.len, &body)
         : vneid_unauthenticated_json((char *) lang.data,
                                      lang.len,
                                      ctx->status == VNEID_SESSION_EXPIRED,
                                      location.data, location.len, &body);

    if (rc != 0) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    rc = ngx_http_vneid_send(r, NGX_HTTP_UNAUTHORIZED,
                             "application/json; charset=utf-8", &body);

    return ngx_http_vneid_finish(r, rc);
}


/* the access phase answered itself: finish the request there */

static ngx_int_t
ngx_http_vneid_finish(ngx_http_request_t *r, ngx_int_t rc)
{
    ngx_http_finalize_request(r, rc);

    return NGX_DONE;
}

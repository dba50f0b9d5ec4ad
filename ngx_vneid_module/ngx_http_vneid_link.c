
/*
 * vneid-gateway: self-service linking. A VNeID login that found no account
 * offers the no_account page's form (the link cookie carries the parked
 * identity's token); <endpoint>link shows it again (GET) or takes it
 * (POST): the core records a link request on the event loop, or asks the
 * portal's own login in a thread-pool task (vneid_link_verify). The
 * password lives in the request body and the core's copy only, and both
 * are wiped once the core has read them.
 */


#include "ngx_http_vneid_module.h"


static ngx_int_t ngx_http_vneid_link_conf(ngx_http_request_t *r,
    vneid_link_page_t *page);
static void ngx_http_vneid_link_body(ngx_http_request_t *r);
static ngx_int_t ngx_http_vneid_link_post(ngx_http_request_t *r);
static void ngx_http_vneid_link_wipe(ngx_http_request_t *r, ngx_str_t *form);
static ngx_int_t ngx_http_vneid_link_send(ngx_http_request_t *r,
    vneid_link_result_t *res);
static void ngx_http_vneid_link_run(void *data, int64_t now);
static void ngx_http_vneid_link_done(ngx_http_request_t *r);
static void ngx_http_vneid_link_cancel(void *data);
static void ngx_http_vneid_link_free(void *data);
static void ngx_http_vneid_link_check_free(void *data);


#define NGX_HTTP_VNEID_LINK_TTL       600
#define NGX_HTTP_VNEID_LINK_FORM_MAX  4096


static ngx_http_vneid_keyword_t  ngx_http_vneid_link_modes[] = {
    { ngx_string("off"), VNEID_LINK_OFF },
    { ngx_string("verify"), VNEID_LINK_VERIFY },
    { ngx_string("request"), VNEID_LINK_REQUEST },
    { ngx_null_string, 0 }
};


/* vneid_link_verify URL [username_field=] [password_field=] [success=] | off */

char *
ngx_http_vneid_link_verify(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_loc_conf_t *vlcf = conf;

    ngx_str_t           *value;
    ngx_uint_t           i, n;
    vneid_str_t         *options;
    ngx_pool_cleanup_t  *cln;
    vneid_link_check_t  *check;
    char                 err[NGX_HTTP_VNEID_ERRLEN];

    if (vlcf->link_check != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;
    n = cf->args->nelts - 2;

    if (n == 0 && ngx_strcmp(value[1].data, "off") == 0) {
        vlcf->link_check = NULL;
        return NGX_CONF_OK;
    }

    options = ngx_palloc(cf->temp_pool, (n + 1) * sizeof(vneid_str_t));
    if (options == NULL) {
        return NGX_CONF_ERROR;
    }

    for (i = 0; i < n; i++) {
        options[i].data = (char *) value[i + 2].data;
        options[i].len = value[i + 2].len;
    }

    check = vneid_link_check_create((char *) value[1].data, value[1].len,
                                    options, n, err, sizeof(err));
    if (check == NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "\"%V\": %s",
                           &cmd->name, err);
        return NGX_CONF_ERROR;
    }

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        vneid_link_check_free(check);
        return NGX_CONF_ERROR;
    }

    cln->handler = ngx_http_vneid_link_check_free;
    cln->data = check;

    vlcf->link_check = check;

    return NGX_CONF_OK;
}


/* vneid_account_link off | verify | request */

char *
ngx_http_vneid_account_link(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_loc_conf_t *vlcf = conf;

    ngx_str_t  *value;

    if (vlcf->account_link != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_http_vneid_keyword(cf, cmd, &value[1], ngx_http_vneid_link_modes,
                               "value", &vlcf->account_link)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    /* "verify" is checked once the location is merged: remember where */

    vlcf->account_link_file = cf->conf_file->file.name.data;
    vlcf->account_link_line = cf->conf_file->line;

    return NGX_CONF_OK;
}


/*
 * What applies: the vneid_account_link written here or above, else verify
 * where vneid_link_verify is set and request elsewhere.
 */

char *
ngx_http_vneid_link_merge(ngx_conf_t *cf, ngx_http_vneid_loc_conf_t *prev,
    ngx_http_vneid_loc_conf_t *conf)
{
    ngx_conf_merge_ptr_value(conf->link_check, prev->link_check, NULL);

    if (conf->account_link == NGX_CONF_UNSET_UINT) {
        conf->account_link = prev->account_link;
        conf->account_link_file = prev->account_link_file;
        conf->account_link_line = prev->account_link_line;
    }

    if (conf->account_link != NGX_CONF_UNSET_UINT) {
        conf->link_mode = conf->account_link;

    } else {
        conf->link_mode = conf->link_check ? VNEID_LINK_VERIFY
                                           : VNEID_LINK_REQUEST;
    }

    if (conf->endpoint && conf->link_mode == VNEID_LINK_VERIFY
        && conf->link_check == NULL)
    {
        ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                      "\"vneid_account_link verify\" needs "
                      "\"vneid_link_verify\" in the vneid_endpoint location "
                      "or its server in %s:%ui",
                      conf->account_link_file, conf->account_link_line);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/* the callback's no_account: the link cookie and the form, if offered */

ngx_int_t
ngx_http_vneid_link_offer(ngx_http_request_t *r, vneid_login_result_t *res,
    vneid_link_form_t *form)
{
    ngx_str_t                   action;
    ngx_http_vneid_srv_conf_t  *vscf;
    ngx_http_vneid_loc_conf_t  *vlcf;

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);
    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);

    ngx_memzero(form, sizeof(vneid_link_form_t));
    form->mode = (int) vlcf->link_mode;
    form->csrf = "";

    if (vlcf->link_mode == VNEID_LINK_OFF || res->link_token[0] == '\0') {
        return NGX_OK;
    }

    if (ngx_http_vneid_concat(r->pool, &vscf->endpoint, "link", &action)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    form->action = (char *) action.data;
    form->action_len = action.len;
    form->csrf = res->link_csrf;

    return ngx_http_vneid_set_cookie(r, &vscf->link_cookie_name,
                                     (u_char *) res->link_token,
                                     ngx_strlen(res->link_token),
                                     NGX_HTTP_VNEID_LINK_TTL);
}


/* <endpoint>link: GET shows the form again, POST takes it */

ngx_int_t
ngx_http_vneid_link_page(ngx_http_request_t *r)
{
    ngx_int_t                  rc;
    vneid_link_page_t          page;
    ngx_http_vneid_ctx_t      *ctx;
    ngx_http_core_loc_conf_t  *clcf;

    if (r->method == NGX_HTTP_POST) {

        /*
         * the body holds a password: it must stay in memory, never in a
         * client_body_temp file; a browser's form is far smaller anyway
         */

        clcf = ngx_http_get_module_loc_conf(r, ngx_http_core_module);

        if (r->headers_in.content_length_n < 0
            || r->headers_in.content_length_n > NGX_HTTP_VNEID_LINK_FORM_MAX
            || (size_t) r->headers_in.content_length_n
               > clcf->client_body_buffer_size)
        {
            ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                          "vneid account link: form refused unread: no "
                          "Content-Length, or larger than %d bytes or "
                          "client_body_buffer_size",
                          NGX_HTTP_VNEID_LINK_FORM_MAX);

            rc = ngx_http_discard_request_body(r);
            if (rc != NGX_OK) {
                return rc;
            }

            return ngx_http_vneid_send_error(r, "bad_request", NULL);
        }

        rc = ngx_http_read_client_request_body(r, ngx_http_vneid_link_body);

        if (rc >= NGX_HTTP_SPECIAL_RESPONSE) {
            return rc;
        }

        return NGX_DONE;
    }

    if (ngx_http_vneid_get_only(r, &rc) != NGX_OK) {
        return rc;
    }

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ngx_http_vneid_link_conf(r, &page) != NGX_OK) {
        return ngx_http_vneid_send_error(r, "not_configured", NULL);
    }

    ngx_http_vneid_buf(r, &ctx->link_result.body);
    ngx_http_vneid_buf(r, &ctx->link_result.location);

    (void) vneid_link_show(&page, ngx_time(), &ctx->link_result);

    return ngx_http_vneid_link_send(r, &ctx->link_result);
}


static ngx_int_t
ngx_http_vneid_link_conf(ngx_http_request_t *r, vneid_link_page_t *page)
{
    ngx_str_t                    lang, token;
    ngx_http_vneid_srv_conf_t   *vscf;
    ngx_http_vneid_loc_conf_t   *vlcf;
    ngx_http_vneid_main_conf_t  *vmcf;

    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);
    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);
    vlcf = ngx_http_get_module_loc_conf(r, ngx_http_vneid_module);

    if (vscf->idp.gateway == NULL || vmcf->store == NULL
        || vmcf->thread_pool == NULL)
    {
        return NGX_DECLINED;
    }

    ngx_str_null(&token);
    (void) ngx_http_vneid_get_cookie(r, &vscf->link_cookie_name, &token);
    ngx_http_vneid_accept_language(r, &lang);

    ngx_memzero(page, sizeof(vneid_link_page_t));
    page->gw = vscf->idp.gateway;
    page->store = vmcf->store;
    page->check = vlcf->link_check;
    page->mode = (int) vlcf->link_mode;
    page->token = (char *) token.data;
    page->token_len = token.len;
    page->accept_language = (char *) lang.data;
    page->al_len = lang.len;
    page->json = !ngx_http_vneid_is_navigation(r);
    page->endpoint = (char *) vscf->endpoint.data;
    page->endpoint_len = vscf->endpoint.len;
    page->contact = (char *) vscf->support_contact.data;
    page->contact_len = vscf->support_contact.len;

    return NGX_OK;
}


static void
ngx_http_vneid_link_body(ngx_http_request_t *r)
{
    ngx_int_t  rc;

    rc = ngx_http_vneid_link_post(r);

    if (rc == NGX_DONE) {
        return;                 /* the task's done handler answers */
    }

    ngx_http_finalize_request(r, rc);
}


static ngx_int_t
ngx_http_vneid_link_post(ngx_http_request_t *r)
{
    ngx_int_t                    rc;
    ngx_str_t                    form;
    vneid_link_page_t            page;
    ngx_http_vneid_ctx_t        *ctx;
    ngx_http_vneid_task_t        task;
    ngx_http_vneid_main_conf_t  *vmcf;

    ctx = ngx_http_vneid_get_ctx(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    rc = ngx_http_vneid_request_body(r, &form);

    if (rc == NGX_DECLINED) {
        return ngx_http_vneid_send_error(r, "bad_request", NULL);
    }

    if (rc != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ngx_http_vneid_link_conf(r, &page) != NGX_OK) {
        ngx_http_vneid_link_wipe(r, &form);
        return ngx_http_vneid_send_error(r, "not_configured", NULL);
    }

    ngx_http_vneid_buf(r, &ctx->link_result.body);
    ngx_http_vneid_buf(r, &ctx->link_result.location);

    ctx->link = vneid_link_begin(&page, (char *) form.data, form.len,
                                 (int) ngx_http_vneid_cross_site(r),
                                 (char *) r->connection->addr_text.data,
                                 r->connection->addr_text.len, ngx_time(),
                                 &ctx->link_result);

    ngx_http_vneid_link_wipe(r, &form);

    if (ctx->link == NULL) {
        return ngx_http_vneid_link_send(r, &ctx->link_result);
    }

    task.run = ngx_http_vneid_link_run;
    task.cancel = ngx_http_vneid_link_cancel;
    task.free = ngx_http_vneid_link_free;
    task.done = ngx_http_vneid_link_done;
    task.data = ctx->link;

    vmcf = ngx_http_get_module_main_conf(r, ngx_http_vneid_module);

    rc = ngx_http_vneid_task_post(r, vmcf->thread_pool, &ctx->guard, &task);

    if (rc == NGX_BUSY) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "vneid account link: thread pool queue is full: raise "
                      "max_queue or threads of the vneid_thread_pool");
        return ngx_http_vneid_send_error(r, "busy", NULL);
    }

    if (rc != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    r->write_event_handler = ngx_http_request_empty_handler;

    return NGX_DONE;
}


/* the password must not outlive the core's reading of it */

static void
ngx_http_vneid_link_wipe(ngx_http_request_t *r, ngx_str_t *form)
{
    ngx_chain_t  *cl;

    ngx_explicit_memzero(form->data, form->len);

    for (cl = r->request_body->bufs; cl; cl = cl->next) {
        if (!cl->buf->in_file && cl->buf->pos) {
            ngx_explicit_memzero(cl->buf->pos, cl->buf->last - cl->buf->pos);
        }
    }
}


static ngx_int_t
ngx_http_vneid_link_send(ngx_http_request_t *r, vneid_link_result_t *res)
{
    ngx_int_t                   rc;
    ngx_str_t                   retry, empty;
    ngx_uint_t                  level;
    ngx_http_vneid_srv_conf_t  *vscf;
    u_char                      buf[NGX_TIME_T_LEN];

    static ngx_uint_t  levels[] = {
        0, NGX_LOG_INFO, NGX_LOG_NOTICE, NGX_LOG_WARN, NGX_LOG_ERR
    };

    vscf = ngx_http_get_module_srv_conf(r, ngx_http_vneid_module);

    if (res->log_level > VNEID_LOG_NONE && res->log_level <= VNEID_LOG_ERR) {
        level = levels[res->log_level];

        if (res->reference[0]) {
            ngx_log_error(level, r->connection->log, 0, "vneid %s [ref %s]",
                          res->log, res->reference);

        } else {
            ngx_log_error(level, r->connection->log, 0, "vneid %s", res->log);
        }
    }

    if (res->status < 0) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (res->end_link) {
        ngx_str_null(&empty);

        if (ngx_http_vneid_set_cookie(r, &vscf->link_cookie_name, empty.data,
                                      0, -1)
            != NGX_OK)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    }

    if (res->cookie[0]) {
        rc = ngx_http_vneid_set_cookie(r, &vscf->cookie_name,
                                       (u_char *) res->cookie,
                                       ngx_strlen(res->cookie), 0);
        if (rc != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    }

    if (res->retry_after > 0) {
        retry.data = buf;
        retry.len = ngx_sprintf(buf, "%l", res->retry_after) - buf;

        if (ngx_http_vneid_add_out_header(r, "Retry-After", &retry)
            != NGX_OK)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    }

    if (res->status == NGX_HTTP_SEE_OTHER) {
        rc = ngx_http_vneid_redirect(r, (u_char *) res->location.data,
                                     res->location.len);

        return rc == NGX_HTTP_MOVED_TEMPORARILY ? NGX_HTTP_SEE_OTHER : rc;
    }

    return ngx_http_vneid_send_answer(r, res->status,
                                      !ngx_http_vneid_is_navigation(r),
                                      &res->body);
}


static void
ngx_http_vneid_link_run(void *data, int64_t now)
{
    vneid_link_run(data, now);
}


static void
ngx_http_vneid_link_done(ngx_http_request_t *r)
{
    ngx_http_vneid_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_vneid_module);

    vneid_link_result(ctx->link, &ctx->link_result);

    ngx_http_finalize_request(r, ngx_http_vneid_link_send(r,
                                                       &ctx->link_result));
}


static void
ngx_http_vneid_link_cancel(void *data)
{
    vneid_link_cancel(data);
}


static void
ngx_http_vneid_link_free(void *data)
{
    vneid_link_free(data);
}


static void
ngx_http_vneid_link_check_free(void *data)
{
    vneid_link_check_free(data);
}

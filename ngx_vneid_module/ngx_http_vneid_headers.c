
/*
 * vneid-gateway: surgery on the request's header list: removing forged
 * identity headers and the gateway's cookies without moving any other
 * element, and adding the verified identity.
 */


#include "ngx_http_vneid_module.h"


static size_t ngx_http_vneid_remove_named(void *data, char *value,
    size_t len);
static ngx_int_t ngx_http_vneid_remove_header(ngx_http_request_t *r,
    ngx_table_elt_t *elt);
static ngx_int_t ngx_http_vneid_list_remove(ngx_list_t *l,
    ngx_list_part_t *part, ngx_uint_t i);
static ngx_int_t ngx_http_vneid_list_drop_part(ngx_list_t *l,
    ngx_list_part_t *part);


ngx_int_t
ngx_http_vneid_strip_headers(ngx_http_request_t *r, ngx_str_t *prefix)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    part = &r->headers_in.headers.part;
    i = 0;

    for ( ;; ) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                return NGX_OK;
            }

            part = part->next;
            i = 0;
            continue;
        }

        h = part->elts;

        if (!vneid_header_has_prefix((char *) h[i].key.data, h[i].key.len,
                                     (char *) prefix->data, prefix->len))
        {
            i++;
            continue;
        }

        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "vneid: removed client-sent header \"%V\"", &h[i].key);

        if (ngx_http_vneid_list_remove(&r->headers_in.headers, part, i)
            != NGX_OK)
        {
            return NGX_ERROR;
        }

        /*
         * element i is gone: either the part now starts at the next element
         * (i == 0), or it ends before i and the rest, if any, is the next
         * part; the loop head moves on in both cases
         */
    }
}


static ngx_int_t
ngx_http_vneid_remove_header(ngx_http_request_t *r, ngx_table_elt_t *elt)
{
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    for (part = &r->headers_in.headers.part; part; part = part->next) {
        h = part->elts;

        if (elt >= h && elt < h + part->nelts) {
            return ngx_http_vneid_list_remove(&r->headers_in.headers, part,
                                              elt - h);
        }
    }

    return NGX_OK;
}


/*
 * Removes element i without moving any other element: headers_in keeps
 * pointers into the list (Host, Cookie, ...), so parts are shrunk, split or
 * unlinked instead of compacted. Two rules of nginx's list code are kept:
 * every part after the first holds at least one element (walkers read h[0]
 * of the next part unchecked), and ngx_list_push() may only write into the
 * last part while l->nalloc does not exceed that part's real room.
 */

static ngx_int_t
ngx_http_vneid_list_remove(ngx_list_t *l, ngx_list_part_t *part,
    ngx_uint_t i)
{
    ngx_list_part_t  *rest;

    if (part->nelts == 1) {
        return ngx_http_vneid_list_drop_part(l, part);
    }

    if (i == part->nelts - 1) {
        part->nelts--;
        return NGX_OK;
    }

    if (i == 0) {
        part->elts = (char *) part->elts + l->size;
        part->nelts--;

        if (part == l->last) {
            l->nalloc = part->nelts;
        }

        return NGX_OK;
    }

    rest = ngx_palloc(l->pool, sizeof(ngx_list_part_t));
    if (rest == NULL) {
        return NGX_ERROR;
    }

    rest->elts = (char *) part->elts + (i + 1) * l->size;
    rest->nelts = part->nelts - i - 1;
    rest->next = part->next;

    part->nelts = i;
    part->next = rest;

    if (part == l->last) {
        l->last = rest;
        l->nalloc = rest->nelts;
    }

    return NGX_OK;
}


/* the part holds only the element to remove: it goes, or is emptied */

static ngx_int_t
ngx_http_vneid_list_drop_part(ngx_list_t *l, ngx_list_part_t *part)
{
    ngx_list_part_t  *prev, *rest;

    if (part == &l->part) {
        if (part->next == NULL) {
            /* the only part: a fresh array, so pushes have full room */
            part->elts = ngx_palloc(l->pool, l->nalloc * l->size);
            if (part->elts == NULL) {
                return NGX_ERROR;
            }

            part->nelts = 0;
            return NGX_OK;
        }

        rest = part->next;
        *part = *rest;

        if (l->last == rest) {
            l->last = part;
        }

        return NGX_OK;
    }

    for (prev = &l->part; prev->next != part; prev = prev->next) {
        /* void */
    }

    prev->next = part->next;
    part->nelts = 0;     /* an iterator still on it moves on */

    if (l->last == part) {
        /* prev's room is unknown: make the next push start a part */
        l->last = prev;
        l->nalloc = prev->nelts ? prev->nelts : 1;

        if (prev->nelts == 0) {
            /* only the empty first part is left */
            prev->elts = ngx_palloc(l->pool, l->nalloc * l->size);
            if (prev->elts == NULL) {
                return NGX_ERROR;
            }
        }
    }

    return NGX_OK;
}


/* the gateway's cookies are its own business: never forwarded upstream */

ngx_int_t
ngx_http_vneid_strip_cookie(ngx_http_request_t *r, ngx_str_t *name)
{
    return ngx_http_vneid_edit_cookies(r, name, ngx_http_vneid_remove_named,
                                       name);
}


static size_t
ngx_http_vneid_remove_named(void *data, char *value, size_t len)
{
    ngx_str_t  *name = data;

    return vneid_cookie_remove(value, len, (char *) name->data, name->len);
}


/*
 * Rewrites each Cookie line (that contains "hint", if given) with edit(),
 * which works in place on a copy and may only shorten it; an emptied line
 * goes.
 */

ngx_int_t
ngx_http_vneid_edit_cookies(ngx_http_request_t *r, ngx_str_t *hint,
    ngx_http_vneid_cookie_edit_pt edit, void *data)
{
    size_t            len;
    u_char           *copy;
    ngx_uint_t        n;
    ngx_table_elt_t  *h;

    for (n = 0; (h = ngx_http_vneid_cookie_header(r, n)); /* void */) {

        if (hint
            && ngx_strlcasestrn(h->value.data, h->value.data + h->value.len,
                                hint->data, hint->len - 1)
               == NULL)
        {
            n++;
            continue;
        }

        copy = ngx_pnalloc(r->pool, h->value.len);
        if (copy == NULL) {
            return NGX_ERROR;
        }

        ngx_memcpy(copy, h->value.data, h->value.len);

        len = edit(data, (char *) copy, h->value.len);

        if (len == (size_t) -1) {
            return NGX_ERROR;
        }

        /* editing is in place and never grows; fail closed if it did */

        if (len > h->value.len) {
            ngx_log_error(NGX_LOG_ALERT, r->connection->log, 0,
                          "vneid: cookie removal grew the header");
            return NGX_ERROR;
        }

        h->value.data = copy;
        h->value.len = len;

        if (len) {
            n++;
            continue;
        }

        if (ngx_http_vneid_remove_header(r, h) != NGX_OK) {
            return NGX_ERROR;
        }

        /*
         * the list slot is free for the next push (an identity header):
         * $http_cookie and $cookie_* must not find it through the cookies
         */

        ngx_http_vneid_cookie_unlink(r, n);
    }

    return NGX_OK;
}


/*
 * A subrequest's headers_in is a struct copy of the main request's, its list
 * still pointing at the main request's parts: pushing onto it would write
 * into the main request. Give the subrequest a list of its own first.
 */

ngx_int_t
ngx_http_vneid_own_headers(ngx_http_request_t *r)
{
    ngx_uint_t        i, n;
    ngx_list_t        shared;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h, *copy;

    /* initialised in place: a list's "last" points into the list itself */

    shared = r->headers_in.headers;
    n = 0;

    for (part = &shared.part; part; part = part->next) {
        n += part->nelts;
    }

    if (ngx_list_init(&r->headers_in.headers, r->pool,
                      n + NGX_HTTP_VNEID_NFIELDS, sizeof(ngx_table_elt_t))
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    for (part = &shared.part; part; part = part->next) {
        h = part->elts;

        for (i = 0; i < part->nelts; i++) {
            copy = ngx_list_push(&r->headers_in.headers);
            if (copy == NULL) {
                return NGX_ERROR;
            }

            *copy = h[i];
        }
    }

    return NGX_OK;
}


ngx_int_t
ngx_http_vneid_inject_headers(ngx_http_request_t *r,
    ngx_http_vneid_loc_conf_t *vlcf, ngx_http_vneid_ctx_t *ctx)
{
    ngx_str_t         value;
    ngx_uint_t        i;
    ngx_table_elt_t  *h;

    /* the values live in the request's context as long as the request */

    for (i = 0; i < NGX_HTTP_VNEID_NFIELDS; i++) {
        ngx_http_vneid_field_value(ctx, i, &value);

        if (value.len == 0) {
            continue;
        }

        h = ngx_list_push(&r->headers_in.headers);
        if (h == NULL) {
            return NGX_ERROR;
        }

        *h = vlcf->identity_headers[i];
        h->value = value;
    }

    return NGX_OK;
}

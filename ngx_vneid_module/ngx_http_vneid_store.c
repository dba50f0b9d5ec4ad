
/*
 * vneid-gateway: the session store's life in nginx: the vneid_store
 * directive, the master's preparation, one LMDB environment per worker,
 * and the periodic sweep.
 */


#include "ngx_http_vneid_module.h"


static ngx_int_t ngx_http_vneid_store_param(ngx_conf_t *cf,
    ngx_command_t *cmd, ngx_http_vneid_main_conf_t *vmcf, ngx_str_t *param);
static char *ngx_http_vneid_parse_store_size(ngx_str_t *s, size_t *size);
static ngx_int_t ngx_http_vneid_store_user(ngx_cycle_t *cycle, long *uid,
    long *gid);
static ngx_int_t ngx_http_vneid_prepare_store(ngx_cycle_t *cycle,
    ngx_log_t *log, ngx_http_vneid_main_conf_t *vmcf, long uid, long gid);
static void ngx_http_vneid_maintenance_handler(ngx_event_t *ev);


#define NGX_HTTP_VNEID_MAINTENANCE_INTERVAL  30000
/* the sweep runs for this long per timer tick, then yields the event loop */
#define NGX_HTTP_VNEID_SWEEP_BUDGET          20
#define NGX_HTTP_VNEID_SWEEP_AGAIN           20
#define NGX_HTTP_VNEID_SWEEP_PRESSURE        1000
#define NGX_HTTP_VNEID_SWEEP_RETRY           5000


char *
ngx_http_vneid_store(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_vneid_main_conf_t *vmcf = conf;

    long         uid, gid;
    ngx_str_t   *value;
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
        if (ngx_http_vneid_store_param(cf, cmd, vmcf, &value[i]) != NGX_OK) {
            return NGX_CONF_ERROR;
        }
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


/* size=SIZE or flows=NUMBER */

static ngx_int_t
ngx_http_vneid_store_param(ngx_conf_t *cf, ngx_command_t *cmd,
    ngx_http_vneid_main_conf_t *vmcf, ngx_str_t *param)
{
    char       *why;
    ngx_int_t   n;
    ngx_str_t   s;

    if (ngx_strncmp(param->data, "size=", 5) == 0) {
        s.data = param->data + 5;
        s.len = param->len - 5;

        why = ngx_http_vneid_parse_store_size(&s, &vmcf->store_size);

        if (why != NGX_CONF_OK) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid size \"%V\" in \"%V\" directive, "
                               "%s", &s, &cmd->name, why);
            return NGX_ERROR;
        }

        return NGX_OK;
    }

    if (ngx_strncmp(param->data, "flows=", 6) == 0) {
        n = ngx_atoi(param->data + 6, param->len - 6);

        if (n == NGX_ERROR || n < 1) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid value \"%V\" in \"%V\" directive, "
                               "flows= must be a whole number of at "
                               "least 1", param, &cmd->name);
            return NGX_ERROR;
        }

        vmcf->store_flows = (size_t) n;
        return NGX_OK;
    }

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "invalid parameter \"%V\" in \"%V\" directive, "
                       "expected \"size=SIZE\" or \"flows=NUMBER\"",
                       param, &cmd->name);
    return NGX_ERROR;
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


ngx_int_t
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


ngx_int_t
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


void
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

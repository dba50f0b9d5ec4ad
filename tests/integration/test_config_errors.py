"""`nginx -t` rejects every bad vneid directive with a message that names the
directive and the offending value, and accepts the valid forms (including
the example config shipped in conf/)."""

import os
import re
import subprocess

import pytest

import harness

# A server that needs the module; @CASE@ is where the case's text goes.
_BASE = """
    vneid_store %%STORE%%;
    server {
        listen 127.0.0.1:%%PORT%%;
        location / {
            vneid on;
            proxy_pass http://127.0.0.1:9;
        }
        @CASE@
    }
"""


def base(case=""):
    return _BASE.replace("@CASE@", case)


def expect_error(nginx_t, http_conf, *needles, main_conf=""):
    rc, out = nginx_t(http_conf, main_conf)
    assert rc != 0, "nginx -t accepted the config:\n" + out
    assert "[emerg]" in out, out
    for n in needles:
        assert n in out, "expected %r in nginx -t output:\n%s" % (n, out)
    # nginx points at the line: "... in /path/t1.conf:NN"
    assert re.search(r" in \S+\.conf:\d+", out), out
    return out


def expect_ok(nginx_t, http_conf, main_conf=""):
    rc, out = nginx_t(http_conf, main_conf)
    assert rc == 0, "nginx -t rejected a valid config:\n" + out
    assert "test is successful" in out, out
    return out


# The provider settings every server with a login needs (@SECRET@: a secret file).
PROVIDER_CONF = """
        vneid_authorization_endpoint https://sso.example.gov.vn/auth;
        vneid_token_endpoint https://sso.example.gov.vn/token;
        vneid_userinfo_endpoint https://sso.example.gov.vn/userinfo;
        vneid_client_id motcua-tinh;
        vneid_client_secret_file @SECRET@;
"""


def expect_emerg_at(nginx_factory, text, directive):
    """nginx -t refuses `text` with an [emerg] ending in the file and line of
    the one line that starts with `directive`."""
    n = nginx_factory("", start=False)
    rc, out = n.test_config(text)
    assert rc != 0 and "[emerg]" in out, out
    conf_name = "t%d.conf" % n._test_confs
    with open(os.path.join(n.dir, conf_name)) as f:
        lines = f.read().split("\n")
    want = [i + 1 for i, l in enumerate(lines) if l.strip().startswith(directive + " ")]
    assert len(want) == 1, lines
    emerg = [l for l in out.splitlines() if "[emerg]" in l]
    assert emerg and emerg[0].endswith("%s:%d" % (conf_name, want[0])), (emerg, want)



# --- vneid on|off|optional ------------------------------------------------

def test_vneid_invalid_value(nginx_t):
    out = expect_error(nginx_t, base("location /x/ { vneid foo; }"),
                       'invalid value "foo" in "vneid" directive')
    assert '"off", "on", "optional"' in out


def test_vneid_no_argument(nginx_t):
    expect_error(nginx_t, base("location /x/ { vneid; }"),
                 'invalid number of arguments in "vneid" directive')


def test_vneid_duplicate(nginx_t):
    expect_error(nginx_t, base("location /x/ { vneid on; vneid off; }"),
                 '"vneid" directive is duplicate')


def test_vneid_not_allowed_in_if(nginx_t):
    expect_error(nginx_t, base("location /x/ { if ($arg_a) { vneid on; } }"),
                 '"vneid" directive is not allowed here')


@pytest.mark.parametrize("mode", ["on", "optional"])
def test_vneid_enabled_without_store(nginx_t, mode):
    conf = """
        server {
            listen 127.0.0.1:%%PORT%%;
            location / { vneid MODE; proxy_pass http://127.0.0.1:9; }
        }
    """.replace("MODE", mode)
    expect_error(nginx_t, conf, "vneid_store")


def test_vneid_enabled_at_http_level_without_store(nginx_t):
    conf = """
        vneid on;
        server { listen 127.0.0.1:%%PORT%%; }
    """
    expect_error(nginx_t, conf, "vneid_store")


def test_module_loaded_but_unused_needs_no_store(nginx_t):
    expect_ok(nginx_t, """
        server {
            listen 127.0.0.1:%%PORT%%;
            location / { vneid off; proxy_pass http://127.0.0.1:9; }
        }
    """)


# --- vneid_store ----------------------------------------------------------

@pytest.mark.parametrize("size", ["10", "512k", "1023k", "abc", "0"])
def test_store_size_too_small_or_invalid(nginx_t, size):
    conf = (base("")).replace("vneid_store %%STORE%%;",
                               "vneid_store %%STORE%% size=" + size + ";")
    out = expect_error(nginx_t, conf,
                       'invalid size "%s" in "vneid_store" directive' % size)
    assert "at least 1m" in out


def test_store_size_valid(nginx_t):
    expect_ok(nginx_t, (base("")).replace(
        "vneid_store %%STORE%%;", "vneid_store %%STORE%% size=1m;"))


def test_store_unknown_parameter(nginx_t):
    conf = (base("")).replace("vneid_store %%STORE%%;",
                               "vneid_store %%STORE%% bogus=1;")
    expect_error(nginx_t, conf, '"bogus=1"', '"vneid_store"')


def test_store_duplicate(nginx_t):
    conf = "vneid_store %%STORE%%2;\n" + base("")
    expect_error(nginx_t, conf, '"vneid_store" directive is duplicate')


def test_store_not_allowed_in_server(nginx_t):
    conf = """
        server {
            listen 127.0.0.1:%%PORT%%;
            vneid_store %%STORE%%;
            location / { vneid on; }
        }
    """
    expect_error(nginx_t, conf, '"vneid_store" directive is not allowed here')


def test_store_path_is_a_file(nginx_factory):
    """A store path that cannot be a directory stops nginx at start with a
    message naming vneid_store (never a crash, never workers without a
    store)."""
    n = nginx_factory(base(""), start=False, expect_emerg=True)
    with open(n.store, "w") as f:
        f.write("not a directory\n")
    with pytest.raises(harness.NginxError):
        n.start(timeout=5)
    log = n.read_log() + n.read_log("stderr.log")
    assert "vneid_store" in log, log


# --- vneid_thread_pool ------------------------------------------------------

def test_thread_pool_unknown(nginx_t):
    expect_error(nginx_t, "vneid_thread_pool nosuch;\n" + base(""),
                       'unknown thread pool "nosuch"')


def test_thread_pool_declared(nginx_t):
    expect_ok(nginx_t, "vneid_thread_pool vneid;\n" + base(""),
              main_conf="thread_pool vneid threads=4 max_queue=64;")


def test_thread_pool_duplicate(nginx_t):
    expect_error(nginx_t, "vneid_thread_pool vneid;\nvneid_thread_pool vneid;\n" + base(""),
                 '"vneid_thread_pool" directive is duplicate',
                 main_conf="thread_pool vneid threads=4;")


def test_thread_pool_not_allowed_in_server(nginx_t):
    conf = base("location /y/ { }")
    conf = conf.replace("listen 127.0.0.1:%%PORT%%;",
                        "listen 127.0.0.1:%%PORT%%; vneid_thread_pool vneid;")
    expect_error(nginx_t, conf, '"vneid_thread_pool" directive is not allowed here',
                 main_conf="thread_pool vneid threads=4;")


# --- vneid_session_idle_timeout ------------------------------------------------

def idle(nginx_t, args, ok=True, *needles):
    conf = "vneid_session_idle_timeout %s;\n" % args + base("")
    if ok:
        return expect_ok(nginx_t, conf)
    return expect_error(nginx_t, conf, *needles)


@pytest.mark.parametrize("args", [
    "30m", "0", "10s", "1h activity=any", "30m activity=navigation",
    "30m refresh=30s", "3s refresh=1s activity=navigation", "1s",
])
def test_idle_timeout_valid(nginx_t, args):
    idle(nginx_t, args)


def test_idle_timeout_invalid_time(nginx_t):
    idle(nginx_t, "abc", False,
         'invalid time "abc" in "vneid_session_idle_timeout" directive')


def test_idle_timeout_invalid_activity(nginx_t):
    out = idle(nginx_t, "30m activity=x", False,
               'invalid activity "x" in "vneid_session_idle_timeout" directive')
    assert '"any", "navigation"' in out


@pytest.mark.parametrize("args", ["1m refresh=1m", "1m refresh=2m", "30s refresh=1h"])
def test_idle_timeout_refresh_not_shorter(nginx_t, args):
    out = idle(nginx_t, args, False, '"vneid_session_idle_timeout" refresh=')
    assert "must be shorter than the timeout" in out


@pytest.mark.parametrize("value", ["0", "abc"])
def test_idle_timeout_invalid_refresh(nginx_t, value):
    idle(nginx_t, "30m refresh=" + value, False,
         '"%s"' % value, '"vneid_session_idle_timeout"')


def test_idle_timeout_unknown_parameter(nginx_t):
    idle(nginx_t, "30m foo=bar", False, '"foo=bar"', '"vneid_session_idle_timeout"')


def test_idle_timeout_duplicate(nginx_t):
    conf = "vneid_session_idle_timeout 30m;\nvneid_session_idle_timeout 20m;\n" + base("")
    expect_error(nginx_t, conf, '"vneid_session_idle_timeout" directive is duplicate')


def test_idle_timeout_not_allowed_in_location(nginx_t):
    expect_error(nginx_t, base("location /x/ { vneid_session_idle_timeout 5m; }"),
                 '"vneid_session_idle_timeout" directive is not allowed here')


def test_idle_timeout_in_server(nginx_t):
    conf = (base("")).replace(
        "listen 127.0.0.1:%%PORT%%;",
        "listen 127.0.0.1:%%PORT%%; vneid_session_idle_timeout 5m activity=navigation;")
    expect_ok(nginx_t, conf)


# --- vneid_session_max_age ---------------------------------------------------------

def test_max_age_zero(nginx_t):
    expect_error(nginx_t, "vneid_session_max_age 0;\n" + base(""),
                 '"vneid_session_max_age" directive must be at least 1s')


def test_max_age_invalid(nginx_t):
    expect_error(nginx_t, "vneid_session_max_age abc;\n" + base(""),
                 '"vneid_session_max_age" directive invalid value')


def test_max_age_duplicate(nginx_t):
    expect_error(nginx_t, "vneid_session_max_age 8h;\nvneid_session_max_age 9h;\n" + base(""),
                 '"vneid_session_max_age" directive is duplicate')


def test_max_age_valid(nginx_t):
    expect_ok(nginx_t, "vneid_session_max_age 1s;\n" + base(""))
    expect_ok(nginx_t, "vneid_session_max_age 10h;\n" + base(""))


# --- vneid_cookie ---------------------------------------------------------------------

@pytest.mark.parametrize("name,shown", [
    ('"a b"', "a b"), ('"a;b"', "a;b"), ('"a=b"', "a=b"), ('"sid,x"', "sid,x"),
    ('""', ""),
])
def test_cookie_invalid_name(nginx_t, name, shown):
    expect_error(nginx_t, "vneid_cookie %s;\n" % name + base(""),
                 'invalid cookie name "%s" in "vneid_cookie" directive' % shown)


def test_cookie_invalid_samesite(nginx_t):
    out = expect_error(nginx_t, "vneid_cookie sid samesite=x;\n" + base(""),
                       'invalid samesite "x" in "vneid_cookie" directive')
    assert '"lax", "strict"' in out


def test_cookie_samesite_none_refused(nginx_t):
    expect_error(nginx_t, "vneid_cookie sid samesite=none;\n" + base(""),
                 'invalid samesite "none" in "vneid_cookie" directive')


def test_cookie_unknown_parameter(nginx_t):
    expect_error(nginx_t, "vneid_cookie sid httponly=no;\n" + base(""),
                 '"httponly=no"', '"vneid_cookie"')


def test_cookie_duplicate(nginx_t):
    expect_error(nginx_t, "vneid_cookie a;\nvneid_cookie b;\n" + base(""),
                 '"vneid_cookie" directive is duplicate')


@pytest.mark.parametrize("args", [
    "sid", "sid secure", "sid insecure", "sid secure samesite=strict",
    "portal_sid samesite=lax", "__Host-vneid secure samesite=strict",
])
def test_cookie_valid(nginx_t, args):
    expect_ok(nginx_t, "vneid_cookie %s;\n" % args + base(""))


# --- vneid_headers / vneid_header_prefix ------------------------------------------------------

def test_headers_invalid_flag(nginx_t):
    expect_error(nginx_t, base("location /x/ { vneid_headers maybe; }"),
                 'invalid value "maybe" in "vneid_headers" directive, '
                 'it must be "on" or "off"')


def test_headers_duplicate(nginx_t):
    expect_error(nginx_t, base("location /x/ { vneid_headers on; vneid_headers off; }"),
                 '"vneid_headers" directive is duplicate')


@pytest.mark.parametrize("prefix", ["X", "X-V", "X-V ID-", "X-VN:", "X-Vn\u1ec7-"])
def test_header_prefix_invalid(nginx_t, prefix):
    expect_error(nginx_t, base('location /x/ { vneid_header_prefix "%s"; }' % prefix),
                 'invalid prefix "%s" in "vneid_header_prefix" directive' % prefix)


def test_header_prefix_duplicate(nginx_t):
    expect_error(nginx_t,
                 base("location /x/ { vneid_header_prefix X-A-; vneid_header_prefix X-B-; }"),
                 '"vneid_header_prefix" directive is duplicate')


@pytest.mark.parametrize("prefix", ["X-Id-", "X-Staff-", "X_VNeID_", "Remote-"])
def test_header_prefix_valid(nginx_t, prefix):
    expect_ok(nginx_t, base("location /x/ { vneid_header_prefix %s; }" % prefix))


# --- vneid_unauth_action ---------------------------------------------------------------

def test_unauth_action_invalid(nginx_t):
    out = expect_error(nginx_t, base("location /x/ { vneid_unauth_action bogus; }"),
                       'invalid value "bogus" in "vneid_unauth_action" directive')
    assert '"auto", "redirect", "401"' in out


def test_unauth_action_duplicate(nginx_t):
    expect_error(nginx_t,
                 base("location /x/ { vneid_unauth_action 401; vneid_unauth_action auto; }"),
                 '"vneid_unauth_action" directive is duplicate')


@pytest.mark.parametrize("v", ["auto", "redirect", "401"])
def test_unauth_action_valid(nginx_t, v):
    expect_ok(nginx_t, "vneid_unauth_action %s;\n" % v + base(
        "location /x/ { vneid_unauth_action %s; }" % v))


# --- vneid_endpoint ----------------------------------------------------------------------

@pytest.mark.parametrize("loc", [
    "location = /_vneid/", "location /_vneid", "location ~ ^/_vneid/",
    "location ~* ^/_vneid/", "location @vneid", "location ^~ /_vneid",
])
def test_endpoint_wrong_location(nginx_t, loc):
    expect_error(nginx_t, base("%s { vneid_endpoint; }" % loc),
                 '"vneid_endpoint" must be in a prefix location ending with "/"')


def test_endpoint_not_allowed_in_server(nginx_t):
    conf = (base("")).replace("listen 127.0.0.1:%%PORT%%;",
                               "listen 127.0.0.1:%%PORT%%; vneid_endpoint;")
    expect_error(nginx_t, conf, '"vneid_endpoint" directive is not allowed here')


def test_endpoint_takes_no_arguments(nginx_t):
    expect_error(nginx_t, base("location /_vneid/ { vneid_endpoint x; }"),
                 'invalid number of arguments in "vneid_endpoint" directive')


def test_endpoint_duplicate(nginx_t):
    expect_error(nginx_t, base("location /_vneid/ { vneid_endpoint; vneid_endpoint; }"),
                 '"vneid_endpoint" directive is duplicate')


def test_endpoint_twice_in_one_server(nginx_t):
    expect_error(nginx_t,
                 base("location /_vneid/ { vneid_endpoint; } location /sso/ { vneid_endpoint; }"),
                 '"vneid_endpoint"', "/_vneid/")


@pytest.mark.parametrize("loc", ["location /_vneid/", "location ^~ /sso/"])
def test_endpoint_valid(nginx_t, loc):
    expect_ok(nginx_t, base("%s { vneid_endpoint; }" % loc))


# --- a complete valid configuration ---------------------------------------------------------

FULL = """
    vneid_store %%STORE%% size=64m;
    vneid_thread_pool vneid;
    vneid_session_idle_timeout 30m activity=navigation refresh=2m;
    vneid_session_max_age 10h;
    vneid_cookie vneid_session secure samesite=strict;
    vneid_headers on;
    vneid_header_prefix X-VNeID-;
    vneid_unauth_action auto;
    log_format vneid '$remote_addr $vneid_status $vneid_citizen_id "$vneid_name" '
                     '$vneid_account $vneid_accounts $vneid_level';
    map $vneid_level $vneid_strong { default no; 3 yes; }
    server {
        listen 127.0.0.1:%%PORT%%;
        vneid_session_idle_timeout 15m;
        vneid_cookie staff_sid insecure samesite=lax;
        vneid_unauth_action redirect;
        access_log %%DIR%%/vneid.log vneid;
        location /_vneid/ { vneid_endpoint; }
        location / {
            vneid on;
            proxy_set_header X-Staff $vneid_account;
            add_header X-Status $vneid_status always;
            proxy_pass http://127.0.0.1:9;
        }
        location /api/ { vneid on; vneid_unauth_action 401; proxy_pass http://127.0.0.1:9; }
        location /public/ { vneid optional; vneid_headers off; proxy_pass http://127.0.0.1:9; }
        location /static/ { vneid off; vneid_header_prefix X-Portal-; }
    }
"""


def test_full_valid_config(nginx_t):
    expect_ok(nginx_t, FULL, main_conf="thread_pool vneid threads=8 max_queue=128;")


def test_full_config_starts_and_serves(nginx_factory, backend):
    """The full config not only passes -t but starts and serves."""
    conf = FULL.replace("proxy_pass http://127.0.0.1:9;",
                        "proxy_pass http://%%BACKEND%%;")
    n = nginx_factory(conf, main_conf="thread_pool vneid threads=8 max_queue=128;")
    r = n.get("/public/x", headers=harness.NAV_HEADERS)
    assert r.status == 200, r


# --- the example configuration in conf/ ---------------------------------------------------

EXAMPLE = os.path.join(harness.SOURCE_DIR, "conf", "vneid-gateway.conf")


def _self_signed_cert(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=motcua.example.gov.vn"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=60)
    return cert, key


def test_example_config_passes_nginx_t(nginx_factory):
    if not os.path.exists(EXAMPLE):
        pytest.skip("conf/vneid-gateway.conf not written yet (the lead adds it)")
    n = nginx_factory("", start=False)
    with open(EXAMPLE, encoding="utf-8") as f:
        text = f.read()
    # Only machine-specific paths change: the store, TLS files, ports and
    # logs; every vneid directive is tested as written.
    cert, key = _self_signed_cert(n.dir)
    text = re.sub(r"(vneid_store\s+)\S+?(\s|;)", r"\g<1>%s\2" % n.store, text)
    text = re.sub(r"ssl_certificate\s+\S+;", "ssl_certificate %s;" % cert, text)
    text = re.sub(r"ssl_certificate_key\s+\S+;", "ssl_certificate_key %s;" % key, text)
    text = re.sub(r"listen\s+(\d+)", "listen 127.0.0.1:%d" % n.port, text)
    secret = os.path.join(n.dir, "client-secret")
    with open(secret, "w") as f:
        f.write("s3cret\n")
    text = re.sub(r"vneid_client_secret_file\s+\S+;", "vneid_client_secret_file %s;" % secret,
                  text)
    text = re.sub(r"vneid_client_key\s+\S+;", "vneid_client_key %s;" % key, text)
    text = text.replace("http {", "http {\n    access_log %s/access.log;\n"
                        "    client_body_temp_path %s/cbt;\n    proxy_temp_path %s/pt;\n"
                        "    fastcgi_temp_path %s/ft;\n    uwsgi_temp_path %s/ut;\n"
                        "    scgi_temp_path %s/st;\n" % ((n.dir,) * 6), 1)
    conf = os.path.join(n.dir, "example.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(text)
    rc, out = harness.run_nginx_t(
        n.dir, "example.conf",
        ["-g", "load_module %s; pid %s/example.pid; error_log stderr;"
         % (harness.MODULE, n.dir)])
    assert rc == 0, "conf/vneid-gateway.conf fails nginx -t:\n" + out
    assert "test is successful" in out

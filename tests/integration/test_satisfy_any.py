"""`satisfy any`: vneid is one access rule among others. A valid session
grants access (with identity headers); without one, `allow` or `auth_basic`
may still grant it; if nothing does, staff get the login (302) and scripts
the JSON 401 (or auth_basic's 401 with WWW-Authenticate where it is set)."""

import base64
import os

import pytest

import harness
from harness import API_HEADERS, NAV_HEADERS, backend_json, cookie_header

CONF = """
    vneid_store %%STORE%%;
    server {
        listen 127.0.0.1:%%PORT%%;
        server_name localhost;
        location /_vneid/ {
            vneid_endpoint;
        }
        location /lan/ {
            satisfy any;
            allow 127.0.0.1;
            deny all;
            vneid on;
            proxy_pass http://%%BACKEND%%;
        }
        location /nobody/ {
            satisfy any;
            deny all;
            vneid on;
            proxy_pass http://%%BACKEND%%;
        }
        location /basic/ {
            satisfy any;
            auth_basic "may";
            auth_basic_user_file %%DIR%%/htpasswd;
            vneid on;
            proxy_pass http://%%BACKEND%%;
        }
        location /all/ {
            deny all;
            vneid on;
            proxy_pass http://%%BACKEND%%;
        }
    }
"""


@pytest.fixture
def gw(nginx_factory):
    n = nginx_factory(CONF, start=False)
    path = os.path.join(n.dir, "htpasswd")
    with open(path, "w") as f:
        f.write("robot:{PLAIN}s3cret\n")
    os.chmod(path, 0o644)
    n.start()
    return n


def basic(user, password):
    token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    return ("Authorization", "Basic " + token)


def test_another_rule_grants_without_session(gw):
    seen = backend_json(gw.get("/lan/x", headers=NAV_HEADERS + [("X-VNeID-Name", "forged")]))
    assert seen.header("X-VNeID-Name") is None      # stripped all the same


def test_session_grants_with_identity(gw):
    cookie = gw.create_session()
    seen = backend_json(gw.get("/nobody/x", headers=[cookie_header(cookie)]))
    assert seen.header("X-VNeID-Citizen-Id") == harness.DEFAULT_CITIZEN_ID


def test_no_rule_grants_staff_get_the_login(gw):
    r = gw.get("/nobody/x?a=1", headers=NAV_HEADERS)
    assert r.status == 302
    path, ret = harness.login_redirect_target(r)
    assert path == "/_vneid/login" and ret == "/nobody/x?a=1"
    r = gw.get("/nobody/x", headers=API_HEADERS)
    assert r.status == 401
    assert r.json()["error"]


def test_basic_auth_still_works_for_machines(gw):
    r = gw.get("/basic/x", headers=API_HEADERS)
    assert r.status == 401
    assert r.header("WWW-Authenticate", "").startswith("Basic")
    seen = backend_json(gw.get("/basic/x", headers=API_HEADERS + [basic("robot", "s3cret")]))
    assert seen.header("X-VNeID-Citizen-Id") is None
    r = gw.get("/basic/x", headers=NAV_HEADERS)
    assert r.status == 302
    assert r.header("WWW-Authenticate") is None


def test_satisfy_all_is_unchanged(gw):
    cookie = gw.create_session()
    assert gw.get("/all/x", headers=[cookie_header(cookie)]).status == 403
    assert gw.get("/all/x", headers=NAV_HEADERS).status == 302
